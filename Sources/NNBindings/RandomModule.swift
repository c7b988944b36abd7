import NNLang
import NNTensor
#if canImport(Glibc)
import Glibc
#endif

/// `random`: Python's generator and its common functions.
enum RandomModule {
    static func make(_ interp: Interpreter) throws -> PyModule {
        let generator = MersenneTwister(seed: UInt64(UInt32(truncatingIfNeeded: time(nil))) ^ UInt64(getpid()) << 32)
        var m = ModuleBuilder("random")
        m.function("seed") { args, _ in
            try args.expect("seed", 0...1)
            let value = args.count == 1 ? args[0] : .none
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
        m.function("random") { args, _ in try args.expect("random", 0...0); return .float(generator.nextDouble()) }
        m.function("uniform") { args, _ in
            try args.expect("uniform", 2...2)
            let a = try Conversions.double(args[0]), b = try Conversions.double(args[1])
            return .float(a + (b - a) * generator.nextDouble())
        }
        m.function("randint") { args, _ in
            try args.expect("randint", 2...2)
            let a = try Conversions.int(args[0]), b = try Conversions.int(args[1])
            guard b >= a else { throw ScriptError(.valueError, "empty range for randrange() (\(a), \(b + 1), \(b + 1 - a))") }
            return .int(a + generator.below(b - a + 1))
        }
        m.function("randrange") { args, _ in
            try args.expect("randrange", 1...3)
            let values = try args.positional.map { try Conversions.int($0) }
            let (start, stop, step) = values.count == 1 ? (0, values[0], 1) : (values[0], values[1], values.count == 3 ? values[2] : 1)
            guard step != 0 else { throw ScriptError(.valueError, "zero step for randrange()") }
            let n = step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / (-step)
            guard n > 0 else { throw ScriptError(.valueError, "empty range for randrange()") }
            return .int(start + step * generator.below(n))
        }
        m.function("choice") { args, interp in
            try args.expect("choice", 1...1)
            let n = try interp.length(args[0])
            guard n > 0 else { throw ScriptError(.indexError, "Cannot choose from an empty sequence") }
            return try interp.getItem(args[0], .int(generator.below(n)))
        }
        m.function("shuffle") { args, _ in
            try args.expect("shuffle", 1...1)
            guard case .list(let l) = args[0] else { throw ScriptError(.typeError, "'\(args[0].typeName)' object does not support item assignment") }
            for i in stride(from: l.items.count - 1, to: 0, by: -1) {
                l.items.swapAt(i, generator.below(i + 1))
            }
            return .none
        }
        m.function("sample") { args, interp in
            try args.expect("sample", 2...2)
            var pool = try interp.collect(args[0])
            let k = try Conversions.int(args[1])
            guard k >= 0 && k <= pool.count else { throw ScriptError(.valueError, "Sample larger than population or is negative") }
            var result: [Value] = []
            for i in 0..<k {
                let j = generator.below(pool.count - i)
                result.append(pool[j])
                pool[j] = pool[pool.count - i - 1]
            }
            return .list(PyList(result))
        }
        m.function("gauss") { args, _ in
            try args.expect("gauss", 0...2)
            let mu = args.count > 0 ? try Conversions.double(args[0]) : 0, sigma = args.count > 1 ? try Conversions.double(args[1]) : 1
            let u1 = 1 - generator.nextDouble(), u2 = generator.nextDouble()
            return .float(mu + sigma * (-2 * Glibc.log(u1)).squareRoot() * Glibc.cos(2 * Double.pi * u2))
        }
        m.members["normalvariate"] = m.members["gauss"]
        return m.build()
    }
}

extension UInt {
    var toUInt64: UInt64 { UInt64(self) }
}
