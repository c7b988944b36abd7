import NNLang
import NNTensor
#if canImport(Glibc)
import Glibc
#endif

/// `np.random`: numpy's legacy RandomState functions, seeded as numpy seeds them.
enum NumpyRandomModule {
    static func make(_ state: NumpyState) -> PyModule {
        var m = ModuleBuilder("numpy.random")
        func shape(_ args: Arguments, from index: Int = 0) throws -> [Int] {
            try NumpyConvert.checked(try args.positional.dropFirst(index).map { try Conversions.int($0) })
        }
        func sizeArgument(_ v: Value?) throws -> [Int]? {
            guard let v, !v.isNone else { return nil }
            return try NumpyConvert.shape(v)
        }
        func fill(_ shape: [Int]?, _ dtype: DType, _ draw: () -> Double) -> Value {
            guard let shape else { return .object(PyNumpyScalar(draw(), dtype, state)) }
            let values = (0..<shape.reduce(1, *)).map { _ in draw() }
            return .object(PyArray(NDArray(values, shape: shape, dtype: dtype), state))
        }
        m.function("seed", "seed(n) makes the following draws repeatable.") { args, _ in
            try args.expect("seed", 0...1)
            guard args.count == 1, !args[0].isNone else {
                state.random.seed(UInt32(truncatingIfNeeded: time(nil) ^ Int(getpid())))
                return .none
            }
            let n = try Conversions.int(args[0])
            guard n >= 0 && n <= 0xFFFF_FFFF else { throw ScriptError(.valueError, "Seed must be between 0 and 2**32 - 1") }
            state.random.seed(UInt32(n))
            return .none
        }
        m.function("rand", "rand(d0, d1, …) draws uniform values in [0, 1).") { args, _ in
            let dims = try shape(args)
            return fill(dims.isEmpty ? nil : dims, .float64) { state.random.uniform() }
        }
        m.function("randn", "randn(d0, d1, …) draws standard normal values.") { args, _ in
            let dims = try shape(args)
            return fill(dims.isEmpty ? nil : dims, .float64) { state.random.gauss() }
        }
        for name in ["random", "random_sample", "sample"] {
            m.function(name, "\(name)(size=None) draws uniform values in [0, 1).") { args, _ in
                let b = try args.bind(name, ["size"])
                return fill(try sizeArgument(b[0]), .float64) { state.random.uniform() }
            }
        }
        m.function("uniform", "uniform(low=0.0, high=1.0, size=None)") { args, _ in
            let b = try args.bind("uniform", ["low", "high", "size"])
            let low = try b[0].map { try Conversions.double($0) } ?? 0, high = try b[1].map { try Conversions.double($0) } ?? 1
            return fill(try sizeArgument(b[2]), .float64) { low + (high - low) * state.random.uniform() }
        }
        m.function("normal", "normal(loc=0.0, scale=1.0, size=None)") { args, _ in
            let b = try args.bind("normal", ["loc", "scale", "size"])
            let loc = try b[0].map { try Conversions.double($0) } ?? 0, scale = try b[1].map { try Conversions.double($0) } ?? 1
            return fill(try sizeArgument(b[2]), .float64) { loc + scale * state.random.gauss() }
        }
        m.function("randint", "randint(low, high=None, size=None) draws integers in [low, high).") { args, _ in
            let b = try args.bind("randint", ["low", "high", "size", "dtype"], required: 1)
            var low = try Conversions.int(b[0]!), high = 0
            if let h = b[1], !h.isNone { high = try Conversions.int(h) } else { high = low; low = 0 }
            guard low < high else { throw ScriptError(.valueError, "low >= high") }
            let range = UInt64(bitPattern: Int64(high &- low &- 1))
            return fill(try sizeArgument(b[2]), .int64) { Double(low &+ Int(truncatingIfNeeded: state.random.interval(range))) }
        }
        m.function("shuffle", "shuffle(x) shuffles an array or list in place along its first axis.") { args, _ in
            try args.expect("shuffle", 1...1)
            switch args[0] {
            case .list(let l):
                let order = state.random.shuffledOrder(l.items.count)
                l.items = order.map { l.items[$0] }
            case .object(let a as PyArray):
                guard let length = a.array.shape.first else { throw ScriptError(.typeError, "shuffle() needs an array with at least one dimension") }
                let rows = (0..<length).map { (try? NumpyIndexing.view(a.array, .int($0)).elements) ?? [] }
                let order = state.random.shuffledOrder(length)
                let values = order.flatMap { rows[$0] }
                for (offset, x) in zip(NumpyMethods.offsets(a.array), values) { a.array.buffer.data[offset] = x }
            default:
                throw ScriptError(.typeError, "shuffle() takes a list or an array, not '\(args[0].typeName)'")
            }
            return .none
        }
        m.function("permutation", "permutation(x) is a shuffled range or a shuffled copy of an array.") { args, interp in
            try args.expect("permutation", 1...1)
            if case .int(let n) = args[0] {
                let order = state.random.shuffledOrder(max(n, 0))
                return .object(PyArray(NDArray(order.map(Double.init), shape: [order.count], dtype: .int64), state))
            }
            let a = try NumpyModule.array(args[0], interp)
            guard let length = a.shape.first else { throw ScriptError(.indexError, "x must be an integer or at least 1-dimensional") }
            let rows = try (0..<length).map { try NumpyIndexing.view(a, .int($0)).elements }
            let order = state.random.shuffledOrder(length)
            return .object(PyArray(NDArray(order.flatMap { rows[$0] }, shape: a.shape, dtype: a.dtype), state))
        }
        m.function("choice", "choice(a, size=None) picks elements at random.") { args, interp in
            let b = try args.bind("choice", ["a", "size", "replace", "p"], required: 1)
            let pool: NDArray
            if case .int(let n) = b[0]! { pool = NDArray((0..<n).map(Double.init), shape: [n], dtype: .int64) } else { pool = try NumpyModule.array(b[0]!, interp) }
            guard pool.size > 0 else { throw ScriptError(.valueError, "a cannot be empty unless no samples are taken") }
            let values = pool.elements
            return fill(try sizeArgument(b[1]), pool.dtype) { values[Int(state.random.interval(UInt64(values.count - 1)))] }
        }
        return m.build()
    }
}
