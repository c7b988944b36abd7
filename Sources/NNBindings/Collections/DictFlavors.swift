import NNLang

/// `collections.Counter`: a dict of counts, where a missing key counts 0.
final class CounterFlavor: ContainerFlavor, @unchecked Sendable {
    static let shared = CounterFlavor(type: type)

    static let type: PyType = {
        var m = Members("Counter", style: .python(countsSelf: true))
        m.method(
            "update(iterable=None, /, **kwds)  Adds the counts of a mapping, or counts the items of an iterable, then the keywords."
        ) { v, a, interp in
            try add(v, a, sign: 1, interp)
            return .none
        }
        m.method("subtract(iterable=None, /, **kwds)  Subtracts counts, as update adds them (counts may go below 0).") {
            v, a, interp in
            try add(v, a, sign: -1, interp)
            return .none
        }
        m.method("most_common(n=None)  The n commonest (item, count) pairs, commonest first; all when n is None.") {
            v, a, interp in
            var pairs = try mostCommon(try CollectionsModule.dict(v, "most_common", "Counter"), interp)
            if let n = try a.optionalInt("n") { pairs = Array(pairs.prefix(max(n, 0))) }
            return .list(PyList(pairs.map { .tuple(PyTuple([$0.0, $0.1])) }))
        }
        m.method("elements()  An iterator over the items, each repeated as often as its count.") { v, _, interp in
            let d = try CollectionsModule.dict(v, "elements", "Counter")
            var pending: [Value] = []
            for (k, count) in d.items {
                guard case .int(let n) = count else {
                    throw ScriptError(.typeError, "'\(count.typeName)' object cannot be interpreted as an integer")
                }
                if n > 0 { pending += repeatElement(k, count: n) }
            }
            var i = 0
            return .object(
                GeneratedIterator("chain", type: PyType.iterator) {
                    guard i < pending.count else { return nil }
                    defer { i += 1 }
                    return pending[i]
                })
        }
        m.method("total()  The sum of the counts.") { v, _, interp in
            var sum = Value.int(0)
            for count in try CollectionsModule.dict(v, "total", "Counter").values {
                sum = try Operators.binary(.add, sum, count, interp)
            }
            return sum
        }
        let t = PyType(
            "Counter", base: .dict, members: m.table,
            signature: Signature(
                """
                Counter(iterable=None, /, **kwds)  A dict counting hashable items: the items of an iterable, or the counts of a mapping.
                """, style: .python(countsSelf: false))
        ) { a, interp in
            try CollectionsModule.fill(PyDict(flavor: CounterFlavor.shared), a, source: "iterable", interp)
        }
        t.moduleName = "collections"
        return t
    }()

    /// `update` (sign 1) and `subtract` (sign -1).
    static func add(_ v: Value, _ a: Bound, sign: Int, _ interp: Interpreter) throws {
        let d = try CollectionsModule.dict(v, sign > 0 ? "update" : "subtract", "Counter")
        func bump(_ key: Value, _ by: Value) throws {
            let old = try d.get(key) ?? .int(0)
            try d.set(key, try Operators.binary(sign > 0 ? .add : .subtract, old, by, interp))
        }
        if let source = a.optional("iterable") {
            if case .dict(let counts) = source {
                for (k, n) in counts.items { try bump(k, n) }
            } else {
                let items = try interp.makeIterator(source)
                while let item = try items.next() { try bump(item, .int(1)) }
            }
        }
        for (k, n) in a.keywords { try bump(.string(k), n) }
    }

    /// The pairs sorted by count, largest first, ties in insertion order.
    static func mostCommon(_ d: PyDict, _ interp: Interpreter) throws -> [(Value, Value)] {
        let pairs = d.items
        let order = try interp.sorted(
            pairs.indices.map { .int($0) },
            key: .object(PyBuiltinFunction("count") { args, _ in pairs[try Conversions.int(args.positional[0])].1 }),
            reverse: true)
        return try order.map { pairs[try Conversions.int($0)] }
    }

    override func missing(_ key: Value, in dict: PyDict, _ interp: Interpreter) throws -> Value? { .int(0) }

    override func repr(_ value: Value, _ interp: Interpreter) throws -> String? {
        guard case .dict(let d) = value else { return nil }
        if d.count == 0 { return "Counter()" }
        return "Counter(\(try CollectionsModule.itemsRepr(try CounterFlavor.mostCommon(d, interp), interp)))"
    }

    /// `+`, `-`, `|` and `&` of two Counters, keeping the positive counts.
    override func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, _ interp: Interpreter) throws -> Value? {
        guard case .dict(let x) = a, case .dict(let y) = b, x.flavor is CounterFlavor, y.flavor is CounterFlavor,
            [.add, .subtract, .bitOr, .bitAnd].contains(op)
        else { return nil }
        func less(_ p: Value, _ q: Value) throws -> Bool {
            try interp.isTruthy(try Operators.compare(.less, p, q, interp))
        }
        let result = PyDict(flavor: CounterFlavor.shared)
        for (k, count) in x.items {
            let other = try y.get(k) ?? .int(0)
            let combined: Value
            switch op {
            case .add: combined = try Operators.binary(.add, count, other, interp)
            case .subtract: combined = try Operators.binary(.subtract, count, other, interp)
            case .bitOr: combined = try less(count, other) ? other : count
            default: combined = try less(count, other) ? count : other
            }
            if try less(.int(0), combined) { try result.set(k, combined) }
        }
        if op != .bitAnd {
            for (k, count) in y.items where try x.get(k) == nil {
                let kept = op == .subtract ? try Operators.binary(.subtract, .int(0), count, interp) : count
                if try less(.int(0), kept) { try result.set(k, kept) }
            }
        }
        return .dict(result)
    }
}

/// `collections.defaultdict`: a dict that makes a missing key's value with `default_factory()`.
final class DefaultDictFlavor: ContainerFlavor, @unchecked Sendable {
    var factory: Value

    init(factory: Value) {
        self.factory = factory
        super.init(type: DefaultDictFlavor.type)
    }

    static let type: PyType = {
        var m = Members("defaultdict", style: .python(countsSelf: true))
        m.property(
            "default_factory", "What makes a missing key's value (called with no arguments); None raises KeyError.",
            { v, _ in flavor(v)?.factory ?? .none },
            set: { v, new, _ in
                guard let f = flavor(v) else { return }
                f.factory = new
            })
        let t = PyType(
            "defaultdict", base: .dict, members: m.table,
            signature: Signature(
                """
                defaultdict(default_factory=None, /, *args, **kwargs)  A dict whose missing keys get default_factory() as their value.
                default_factory: a callable of no arguments (list, int, set, a lambda); None makes missing keys raise KeyError.
                """, style: .python(countsSelf: false))
        ) { a, interp in
            let factory = a["default_factory"]
            guard factory.isNone || Interpreter.isCallable(factory) else {
                throw ScriptError(.typeError, "first argument must be callable or None")
            }
            let d = PyDict(flavor: DefaultDictFlavor(factory: factory))
            _ = try interp.call(try interp.getAttribute(.dict(d), "update"), Arguments(a.rest, a.keywords))
            return .dict(d)
        }
        t.moduleName = "collections"
        return t
    }()

    static func flavor(_ v: Value) -> DefaultDictFlavor? {
        if case .dict(let d) = v { return d.flavor as? DefaultDictFlavor }
        return nil
    }

    override func missing(_ key: Value, in dict: PyDict, _ interp: Interpreter) throws -> Value? {
        guard !factory.isNone else { return nil }
        let value = try interp.call(factory)
        try dict.set(key, value)
        return value
    }

    override func repr(_ value: Value, _ interp: Interpreter) throws -> String? {
        guard case .dict(let d) = value else { return nil }
        return "defaultdict(\(try interp.repr(factory)), \(try CollectionsModule.itemsRepr(d.items, interp)))"
    }

    override func copied() -> ContainerFlavor { DefaultDictFlavor(factory: factory) }
}

/// `collections.OrderedDict`: a dict whose order can be changed (move_to_end, popitem(last=False)).
final class OrderedDictFlavor: ContainerFlavor, @unchecked Sendable {
    static let shared = OrderedDictFlavor(type: type)

    static let type: PyType = {
        var m = Members("OrderedDict", style: .python(countsSelf: true))
        m.method("move_to_end(key, last=True)  Moves the key to the end (to the start when last is False).") {
            v, a, interp in
            let d = try CollectionsModule.dict(v, "move_to_end", "OrderedDict")
            guard let value = try d.get(a["key"]) else { throw ScriptError(.keyError, value: a["key"]) }
            try d.remove(a["key"])
            if try a.bool("last") {
                try d.set(a["key"], value)
            } else {
                let rest = d.items
                d.table.removeAll()
                try d.set(a["key"], value)
                for (k, v) in rest { try d.set(k, v) }
            }
            return .none
        }
        m.method("popitem(last=True)  Removes and returns the last (key, value) pair (the first when last is False).") {
            v, a, interp in
            let d = try CollectionsModule.dict(v, "popitem", "OrderedDict")
            let items = d.items
            guard let pair = try a.bool("last") ? items.last : items.first else {
                throw ScriptError(.keyError, "dictionary is empty")
            }
            try d.remove(pair.0)
            return .tuple(PyTuple([pair.0, pair.1]))
        }
        let t = PyType(
            "OrderedDict", base: .dict, members: m.table,
            signature: Signature(
                """
                OrderedDict(other=<unset>, /, **kwds)  A dict that remembers insertion order and can reorder its keys.
                """, style: .python(countsSelf: false))
        ) { a, interp in
            try CollectionsModule.fill(PyDict(flavor: OrderedDictFlavor.shared), a, source: "other", interp)
        }
        t.moduleName = "collections"
        return t
    }()

    override func repr(_ value: Value, _ interp: Interpreter) throws -> String? {
        guard case .dict(let d) = value else { return nil }
        if d.count == 0 { return "OrderedDict()" }
        let pairs = try d.items.map { "(\(try interp.repr($0.0)), \(try interp.repr($0.1)))" }
        return "OrderedDict([\(pairs.joined(separator: ", "))])"
    }
}
