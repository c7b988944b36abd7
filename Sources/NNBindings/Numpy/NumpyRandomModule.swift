import NNLang
import NNTensor
#if canImport(Glibc)
import Glibc
#endif

/// `np.random`: numpy's legacy RandomState functions, seeded as numpy seeds them.
enum NumpyRandomModule {
    static func make(_ state: NumpyState) -> PyModule {
        var m = ModuleBuilder("numpy.random", style: .python(countsSelf: false))
        func shape(_ dimensions: [Value]) throws -> [Int] {
            try NumpyConvert.checked(try dimensions.map { try Conversions.int($0) })
        }
        func sizeArgument(_ a: Bound) throws -> [Int]? { try a.optional("size").map { try NumpyConvert.shape($0) } }
        func fill(_ shape: [Int]?, _ dtype: DType, _ draw: () -> Double) -> Value {
            guard let shape else { return .object(PyNumpyScalar(draw(), dtype, state)) }
            let values = (0..<shape.reduce(1, *)).map { _ in draw() }
            return .object(PyArray(NDArray(values, shape: shape, dtype: dtype), state))
        }
        m.def("seed(seed=None)  Makes the following draws repeatable (from the clock when None).") { a, _ in
            guard let n = try a.optionalInt("seed") else {
                state.random.seed(UInt32(truncatingIfNeeded: time(nil) ^ Int(getpid())))
                return .none
            }
            guard n >= 0 && n <= 0xFFFF_FFFF else {
                throw ScriptError(.valueError, "Seed must be between 0 and 2**32 - 1")
            }
            state.random.seed(UInt32(n))
            return .none
        }
        m.def("rand(*dimensions)  Values drawn uniformly from [0, 1), in an array of those dimensions.") { a, _ in
            let dims = try shape(a.rest)
            return fill(dims.isEmpty ? nil : dims, .float64) { state.random.uniform() }
        }
        m.def("randn(*dimensions)  Values drawn from the standard normal distribution.") { a, _ in
            let dims = try shape(a.rest)
            return fill(dims.isEmpty ? nil : dims, .float64) { state.random.gauss() }
        }
        for name in ["random", "random_sample", "sample"] {
            m.def("\(name)(size=None)  Values drawn uniformly from [0, 1).") { a, _ in
                fill(try sizeArgument(a), .float64) { state.random.uniform() }
            }
        }
        m.def("uniform(low=0.0, high=1.0, size=None)  Values drawn uniformly from [low, high).") { a, _ in
            let low = try a.double("low"), high = try a.double("high")
            return fill(try sizeArgument(a), .float64) { low + (high - low) * state.random.uniform() }
        }
        m.def("normal(loc=0.0, scale=1.0, size=None)  Values drawn from the normal distribution.") { a, _ in
            let loc = try a.double("loc"), scale = try a.double("scale")
            return fill(try sizeArgument(a), .float64) { loc + scale * state.random.gauss() }
        }
        m.def(
            "randint(low, high=None, size=None, dtype='int64')  Integers drawn from [low, high) (from [0, low) without high).",
            refusing: ["dtype"]
        ) { a, _ in
            var low = try a.int("low"), high = 0
            if let h = try a.optionalInt("high") { high = h } else { high = low; low = 0 }
            guard low < high else { throw ScriptError(.valueError, "low >= high") }
            let range = UInt64(bitPattern: Int64(high &- low &- 1))
            return fill(try sizeArgument(a), .int64) {
                Double(low &+ Int(truncatingIfNeeded: state.random.interval(range)))
            }
        }
        m.def("shuffle(x)  Shuffles an array or list in place along its first axis.") { a, _ in
            switch a["x"] {
            case .list(let l):
                let order = state.random.shuffledOrder(l.items.count)
                l.items = order.map { l.items[$0] }
            case .object(let a as PyArray):
                guard let length = a.array.shape.first else {
                    throw ScriptError(.typeError, "shuffle() needs an array with at least one dimension")
                }
                let rows = (0..<length).map { (try? NumpyIndexing.view(a.array, .int($0)).elements) ?? [] }
                let order = state.random.shuffledOrder(length)
                let values = order.flatMap { rows[$0] }
                for (offset, x) in zip(NumpyMethods.offsets(a.array), values) { a.array.buffer.data[offset] = x }
            default:
                throw ScriptError(.typeError, "shuffle() takes a list or an array, not '\(a["x"].typeName)'")
            }
            return .none
        }
        m.def("permutation(x)  A shuffled range(x), or a shuffled copy of an array.") { a, interp in
            if case .int(let n) = a["x"] {
                let order = state.random.shuffledOrder(max(n, 0))
                return .object(PyArray(NDArray(order.map(Double.init), shape: [order.count], dtype: .int64), state))
            }
            let x = try NumpyModule.array(a["x"], interp)
            guard let length = x.shape.first else {
                throw ScriptError(.indexError, "x must be an integer or at least 1-dimensional")
            }
            let rows = try (0..<length).map { try NumpyIndexing.view(x, .int($0)).elements }
            let order = state.random.shuffledOrder(length)
            return .object(PyArray(NDArray(order.flatMap { rows[$0] }, shape: x.shape, dtype: x.dtype), state))
        }
        m.def(
            "choice(a, size=None, replace=True, p=None)  Elements of a (or of range(a)) drawn at random, with replacement.",
            refusing: ["replace", "p"]
        ) { b, interp in
            let pool: NDArray
            if case .int(let n) = b["a"] {
                pool = NDArray((0..<n).map(Double.init), shape: [n], dtype: .int64)
            } else {
                pool = try NumpyModule.array(b["a"], interp)
            }
            guard pool.size > 0 else { throw ScriptError(.valueError, "a cannot be empty unless no samples are taken") }
            let values = pool.elements
            return fill(try sizeArgument(b), pool.dtype) {
                values[Int(state.random.interval(UInt64(values.count - 1)))]
            }
        }
        m.def("default_rng(seed=None)  A Generator (PCG64) seeded as numpy seeds it: the way numpy recommends drawing.")
        {
            a, interp in try PyGenerator.make(a["seed"], state, interp)
        }
        m.members["Generator"] = .object(PyGenerator.generatorType)
        return m.build()
    }
}
