import NNLang
import NNTensor
#if canImport(Glibc)
import Glibc
#endif

/// `random`: Python's generator and its common functions.
enum RandomModule {
    static func make(_ interp: Interpreter) throws -> PyModule {
        let generator = MersenneTwister(seed: UInt64(UInt32(truncatingIfNeeded: time(nil))) ^ UInt64(getpid()) << 32)
        // The module's functions are methods of a hidden Random instance in CPython, so their errors
        // name `Random.seed()` and count `self`.
        var m = ModuleBuilder("random", style: .python(countsSelf: true))
        func def(_ declaration: String, _ body: @escaping (Bound, Interpreter) throws -> Value) {
            m.def(declaration, errorName: "Random." + declaration.prefix { $0 != "(" }, body)
        }
        def("seed(a=None, version=2)  Starts the generator afresh from a (the time when None), so the draws repeat.") {
            a, _ in
            let value = a["a"]
            guard try a.int("version") == 2 else {
                throw ScriptError(.notImplementedError, "nn does not support seed(version=...) yet")
            }
            switch value {
            case .none: generator.seed(words: MersenneTwister.words(UInt64(time(nil))))
            case .int(let i): generator.seed(words: MersenneTwister.words(i.magnitude.toUInt64))
            case .bool(let b): generator.seed(words: [b ? 1 : 0])
            default:
                var hasher = Hasher()
                try HashKey(value).hash(into: &hasher)
                generator.seed(words: MersenneTwister.words(UInt64(bitPattern: Int64(hasher.finalize()))))
            }
            return .none
        }
        def("random()  A float drawn uniformly from [0, 1).") { _, _ in .float(generator.nextDouble()) }
        def("uniform(a, b)  A float drawn uniformly between a and b.") { a, _ in
            let low = try a.double("a"), high = try a.double("b")
            return .float(low + (high - low) * generator.nextDouble())
        }
        def("randint(a, b)  An integer drawn from a to b, both included.") { a, _ in
            let low = try a.int("a"), high = try a.int("b")
            guard high >= low else {
                throw ScriptError(.valueError, "empty range for randrange() (\(low), \(high + 1), \(high + 1 - low))")
            }
            return .int(low + generator.below(high - low + 1))
        }
        def("randrange(start, stop=None, step=1)  An integer drawn from range(start, stop, step).") { a, _ in
            var start = try a.int("start"), stop = 0
            if let s = try a.optionalInt("stop") { stop = s } else { (start, stop) = (0, start) }
            let step = try a.int("step")
            guard step != 0 else { throw ScriptError(.valueError, "zero step for randrange()") }
            let n = step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / (-step)
            guard n > 0 else { throw ScriptError(.valueError, "empty range for randrange()") }
            return .int(start + step * generator.below(n))
        }
        def("choice(seq)  An item of the sequence, drawn at random.") { a, interp in
            let n = try interp.length(a["seq"])
            guard n > 0 else { throw ScriptError(.indexError, "Cannot choose from an empty sequence") }
            return try interp.getItem(a["seq"], .int(generator.below(n)))
        }
        def("shuffle(x)  Shuffles the list in place.") { a, _ in
            guard case .list(let l) = a["x"] else {
                throw ScriptError(.typeError, "'\(a["x"].typeName)' object does not support item assignment")
            }
            for i in stride(from: l.items.count - 1, to: 0, by: -1) {
                l.items.swapAt(i, generator.below(i + 1))
            }
            return .none
        }
        def("sample(population, k, *, counts=None)  k distinct items drawn from the population.") { a, interp in
            var pool = try interp.collect(a["population"])
            if let counts = a.optional("counts") {
                let repeats = try interp.collect(counts).map { try Conversions.int($0) }
                guard repeats.count == pool.count else {
                    throw ScriptError(.valueError, "The number of counts does not match the population")
                }
                pool = zip(pool, repeats).flatMap { item, n in Array(repeating: item, count: max(n, 0)) }
            }
            let k = try a.int("k")
            guard k >= 0 && k <= pool.count else {
                throw ScriptError(.valueError, "Sample larger than population or is negative")
            }
            var result: [Value] = []
            for i in 0..<k {
                let j = generator.below(pool.count - i)
                result.append(pool[j])
                pool[j] = pool[pool.count - i - 1]
            }
            return .list(PyList(result))
        }
        let gauss: (Bound, Interpreter) throws -> Value = { a, _ in
            let mu = try a.double("mu"), sigma = try a.double("sigma")
            let u1 = 1 - generator.nextDouble(), u2 = generator.nextDouble()
            return .float(mu + sigma * (-2 * Glibc.log(u1)).squareRoot() * Glibc.cos(2 * Double.pi * u2))
        }
        def("gauss(mu=0.0, sigma=1.0)  A float drawn from the normal distribution.", gauss)
        def("normalvariate(mu=0.0, sigma=1.0)  A float drawn from the normal distribution.", gauss)
        return m.build()
    }
}

extension UInt {
    var toUInt64: UInt64 { UInt64(self) }
}
