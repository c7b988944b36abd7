import NNLang

/// `itertools`: lazy iterators over iterables. Each function is a type, as in CPython
/// (`type(chain())` is `itertools.chain`), whose values are iterators.
enum ItertoolsModule {
    typealias Step = () throws -> Value?

    static func make(_ interp: Interpreter) throws -> PyModule {
        var types: [PyType] = []
        /// An iterator type declared by its constructor's signature; `body` returns the next-step closure.
        func iterator(_ declaration: String, _ body: @escaping (Bound, Interpreter, PyType) throws -> Step) {
            var type: PyType?
            let signature = Signature(declaration, style: .builtin)
            let t = PyType(signature.name, base: .object, signature: signature) { a, interp in
                .object(GeneratedIterator(signature.name, type: type!, try body(a, interp, type!)))
            }
            t.moduleName = "itertools"
            type = t
            types.append(t)
        }
        iterator("count(start=0, step=1)  start, start + step, start + 2 * step, … without end.") { a, interp, _ in
            var next = a["start"]
            let step = a["step"]
            for v in [next, step] {
                switch v {
                case .int, .float, .bool, .object(is PyBigInt): continue
                default: throw ScriptError(.typeError, "a number is required")
                }
            }
            return {
                defer { next = (try? Operators.binary(.add, next, step, interp)) ?? next }
                return next
            }
        }
        iterator("cycle(iterable, /)  The items of the iterable, then again and again.") { a, interp, _ in
            let items = try interp.makeIterator(a["iterable"])
            var saved: [Value] = [], i = 0, exhausted = false
            return {
                if !exhausted {
                    if let v = try items.next() {
                        saved.append(v)
                        return v
                    }
                    exhausted = true
                }
                guard !saved.isEmpty else { return nil }
                defer { i = (i + 1) % saved.count }
                return saved[i]
            }
        }
        iterator("repeat(object, times=<unset>)  The object, times times (without end when times is not given).") {
            a, _, _ in
            var left = try a.given("times").map { _ in try a.int("times") } ?? Int.max
            let object = a["object"]
            return {
                guard left > 0 else { return nil }
                left -= 1
                return object
            }
        }
        iterator(
            "islice(iterable, /, *args)  islice(iterable, stop) or islice(iterable, start, stop[, step]): a slice of the items."
        ) { a, interp, _ in try islice(a, interp) }
        iterator("chain(*iterables)  The items of the first iterable, then of the second, and so on.") { a, interp, _ in
            chain(SequenceIterator(a.rest), interp)
        }
        iterator(
            "product(*iterables, repeat=1)  The cartesian product: tuples of one item from each iterable, the last varying fastest."
        ) { a, interp, _ in
            let pools = try a.rest.map { try interp.collect($0) }
            let times = try a.int("repeat")
            guard times >= 0 else { throw ScriptError(.valueError, "repeat argument cannot be negative") }
            return product(Array([[[Value]]](repeating: pools, count: times).joined()))
        }
        iterator("permutations(iterable, r=None)  Every ordering of r items (all of them when r is None).") {
            a, interp, _ in
            let (pool, r) = try selection(a, interp)
            return permutations(pool, r)
        }
        iterator("combinations(iterable, r)  Every choice of r items, in the iterable's order.") { a, interp, _ in
            let (pool, r) = try selection(a, interp)
            return combinations(pool, r, replace: false)
        }
        iterator(
            "combinations_with_replacement(iterable, r)  Every choice of r items where an item may be chosen again."
        ) { a, interp, _ in
            let (pool, r) = try selection(a, interp)
            return combinations(pool, r, replace: true)
        }
        iterator(
            "accumulate(iterable, func=None, *, initial=None)  Running totals (or running results of func)."
        ) { a, interp, _ in
            let items = try interp.makeIterator(a["iterable"])
            let function = a["func"]
            var total = a.optional("initial"), started = false
            return {
                if !started, let first = total {
                    started = true
                    return first
                }
                started = true
                guard let v = try items.next() else { return nil }
                if let t = total {
                    total = function.isNone ? try Operators.binary(.add, t, v, interp) : try interp.call(function, t, v)
                } else {
                    total = v
                }
                return total
            }
        }
        iterator(
            "groupby(iterable, key=None)  (key, group) for each run of consecutive items with the same key."
        ) { a, interp, _ in try groupby(a["iterable"], key: a["key"], interp) }
        iterator(
            "zip_longest(*iterables, fillvalue=None)  Tuples of the iterables' items, the shorter ones padded with fillvalue."
        ) { a, interp, _ in
            let iterators = try a.rest.map { try interp.makeIterator($0) }
            var done = [Bool](repeating: false, count: iterators.count)
            return {
                guard !iterators.isEmpty else { return nil }
                var row: [Value] = []
                for (i, it) in iterators.enumerated() {
                    if !done[i], let v = try it.next() {
                        row.append(v)
                    } else {
                        done[i] = true
                        row.append(a["fillvalue"])
                    }
                }
                return done.allSatisfy { $0 } ? nil : .tuple(PyTuple(row))
            }
        }
        iterator("starmap(function, iterable, /)  function(*args) for each tuple of arguments.") { a, interp, _ in
            let items = try interp.makeIterator(a["iterable"])
            return { try items.next().map { try interp.call(a["function"], Arguments(try interp.collect($0))) } }
        }
        iterator("takewhile(predicate, iterable, /)  The items while the predicate holds.") { a, interp, _ in
            let items = try interp.makeIterator(a["iterable"])
            var stopped = false
            return {
                guard !stopped, let v = try items.next() else { return nil }
                if try interp.isTruthy(try interp.call(a["predicate"], v)) { return v }
                stopped = true
                return nil
            }
        }
        iterator("dropwhile(predicate, iterable, /)  The items from the first for which the predicate fails.") {
            a, interp, _ in
            let items = try interp.makeIterator(a["iterable"])
            var dropping = true
            return {
                while let v = try items.next() {
                    if dropping, try interp.isTruthy(try interp.call(a["predicate"], v)) { continue }
                    dropping = false
                    return v
                }
                return nil
            }
        }
        iterator("filterfalse(function, iterable, /)  The items for which the function is false.") { a, interp, _ in
            let items = try interp.makeIterator(a["iterable"])
            return {
                while let v = try items.next() {
                    let test = a["function"].isNone ? v : try interp.call(a["function"], v)
                    if !(try interp.isTruthy(test)) { return v }
                }
                return nil
            }
        }
        iterator("compress(data, selectors)  The items of data whose selector is true.") { a, interp, _ in
            let data = try interp.makeIterator(a["data"]), selectors = try interp.makeIterator(a["selectors"])
            return {
                while let v = try data.next(), let s = try selectors.next() {
                    if try interp.isTruthy(s) { return v }
                }
                return nil
            }
        }
        iterator("pairwise(iterable, /)  Overlapping pairs of consecutive items: (a, b), (b, c), …") { a, interp, _ in
            let items = try interp.makeIterator(a["iterable"])
            var previous = try items.next()
            return {
                guard let p = previous, let v = try items.next() else { return nil }
                previous = v
                return .tuple(PyTuple([p, v]))
            }
        }
        var members: [String: Value] = [:]
        for t in types { members[t.name] = .object(t) }
        if case .object(let chainType as PyType)? = members["chain"] {
            chainType.classValues["from_iterable"] = .object(
                PyBuiltinFunction("from_iterable") { args, interp in
                    guard args.count == 1 else {
                        throw ScriptError(
                            .typeError, "chain.from_iterable() takes exactly one argument (\(args.count) given)")
                    }
                    return .object(
                        GeneratedIterator(
                            "chain", type: chainType, chain(try interp.makeIterator(args.positional[0]), interp)))
                })
        }
        return PyModule("itertools", members)
    }

    /// The items of each iterable the outer iterator gives, in turn.
    static func chain(_ outer: PyIterator, _ interp: Interpreter) -> Step {
        var current: PyIterator?
        return {
            while true {
                if let c = current, let v = try c.next() { return v }
                guard let next = try outer.next() else { return nil }
                current = try interp.makeIterator(next)
            }
        }
    }

    /// `islice(iterable, stop)` or `islice(iterable, start, stop[, step])`.
    static func islice(_ a: Bound, _ interp: Interpreter) throws -> Step {
        let args = a.rest
        guard (1...3).contains(args.count) else {
            throw ScriptError(.typeError, "islice expected at most 4 arguments, got \(args.count + 1)")
        }
        func bound(_ v: Value, _ what: String, _ range: String) throws -> Int? {
            if v.isNone { return nil }
            guard case .int(let i) = v, i >= 0 else {
                throw ScriptError(
                    .valueError,
                    "\(what) argument for islice() must be None or an integer: \(range) <= x <= sys.maxsize.")
            }
            return i
        }
        let start = args.count > 1 ? try bound(args[0], "Indices", "0") ?? 0 : 0
        let stop = try bound(args.count > 1 ? args[1] : args[0], args.count > 1 ? "Indices" : "Stop", "0")
        let step = args.count > 2 ? try bound(args[2], "Step", "1") ?? 1 : 1
        guard step > 0 else {
            throw ScriptError(.valueError, "Step for islice() must be a positive integer or None.")
        }
        let items = try interp.makeIterator(a["iterable"])
        var position = 0, nextWanted = start
        return {
            while stop.map({ nextWanted < $0 }) ?? true, let v = try items.next() {
                defer { position += 1 }
                if position == nextWanted {
                    nextWanted += step
                    return v
                }
            }
            return nil
        }
    }

    /// Tuples of one item from each pool, the last pool varying fastest.
    static func product(_ pools: [[Value]]) -> Step {
        var indices = [Int](repeating: 0, count: pools.count)
        var finished = pools.contains { $0.isEmpty }
        return {
            guard !finished else { return nil }
            let row = Value.tuple(PyTuple(zip(pools, indices).map { $0[$1] }))
            var i = pools.count - 1
            while i >= 0 {
                indices[i] += 1
                if indices[i] < pools[i].count { break }
                indices[i] = 0
                i -= 1
            }
            if i < 0 { finished = true }
            return row
        }
    }

    /// The pool and the size r of permutations and combinations (r None: the whole pool).
    static func selection(_ a: Bound, _ interp: Interpreter) throws -> ([Value], Int) {
        let pool = try interp.collect(a["iterable"])
        let r = try a.optionalInt("r") ?? pool.count
        guard r >= 0 else { throw ScriptError(.valueError, "r must be non-negative") }
        return (pool, r)
    }

    /// Every ordering of r items of the pool, in lexicographic order of positions (CPython's
    /// algorithm: a cycle count per position).
    static func permutations(_ pool: [Value], _ r: Int) -> Step {
        let n = pool.count
        var indices = Array(0..<n), cycles = Array(stride(from: n, to: n - r, by: -1))
        var first = true, done = r > n
        return {
            guard !done else { return nil }
            if first {
                first = false
                return .tuple(PyTuple(indices[0..<r].map { pool[$0] }))
            }
            var i = r - 1
            while i >= 0 {
                cycles[i] -= 1
                if cycles[i] == 0 {
                    indices.append(indices.remove(at: i))
                    cycles[i] = n - i
                } else {
                    indices.swapAt(i, n - cycles[i])
                    return .tuple(PyTuple(indices[0..<r].map { pool[$0] }))
                }
                i -= 1
            }
            done = true
            return nil
        }
    }

    /// Every choice of r items of the pool in the pool's order; with `replace`, an item may be
    /// chosen again.
    static func combinations(_ pool: [Value], _ r: Int, replace: Bool) -> Step {
        let n = pool.count
        var indices = replace ? [Int](repeating: 0, count: r) : Array(0..<r)
        var first = true, done = replace ? n == 0 && r > 0 : r > n
        return {
            guard !done else { return nil }
            if !first {
                var i = r - 1
                while i >= 0 && indices[i] == (replace ? n - 1 : i + n - r) { i -= 1 }
                if i < 0 {
                    done = true
                    return nil
                }
                if replace {
                    let v = indices[i] + 1
                    for j in i..<r { indices[j] = v }
                } else {
                    indices[i] += 1
                    for j in (i + 1)..<r { indices[j] = indices[j - 1] + 1 }
                }
            }
            first = false
            return .tuple(PyTuple(indices.map { pool[$0] }))
        }
    }

    /// `groupby`: each group iterates the shared source while the key stays the same.
    static func groupby(_ iterable: Value, key: Value, _ interp: Interpreter) throws -> Step {
        let items = try interp.makeIterator(iterable)
        var pending: (key: Value, value: Value)?
        var exhausted = false
        var generation = 0
        func pull() throws -> (key: Value, value: Value)? {
            guard !exhausted, let v = try items.next() else {
                exhausted = true
                return nil
            }
            return (key.isNone ? v : try interp.call(key, v), v)
        }
        var currentKey: Value?
        return {
            // Skip what is left of the current group.
            if let k = currentKey {
                while let p = pending, valuesEqual(p.key, k) { pending = try pull() }
            } else {
                pending = try pull()
            }
            guard let first = pending else { return nil }
            currentKey = first.key
            generation += 1
            let mine = generation
            let groupKey = first.key
            let group = GeneratedIterator("_grouper", type: grouperType) {
                guard mine == generation, let p = pending, valuesEqual(p.key, groupKey) else { return nil }
                pending = try pull()
                return p.value
            }
            return .tuple(PyTuple([groupKey, .object(group)]))
        }
    }

    static let grouperType: PyType = {
        let t = PyType("_grouper", base: .object)
        t.moduleName = "itertools"
        return t
    }()
}
