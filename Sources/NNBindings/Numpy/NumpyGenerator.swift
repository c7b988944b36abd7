import NNLang
import NNTensor
#if canImport(Glibc)
import Glibc
#endif

/// `np.random.default_rng(seed)`: numpy's Generator on a PCG64 bit generator, drawing as numpy does.
final class PyGenerator: PyObject {
    var bits: PCG64
    let state: NumpyState

    init(_ bits: PCG64, _ state: NumpyState) {
        self.bits = bits
        self.state = state
    }

    /// `default_rng(seed=None)`: a non-negative int or sequence of ints, a Generator (returned as
    /// it is), or None for fresh entropy from the system.
    static func make(_ seed: Value, _ state: NumpyState, _ interp: Interpreter) throws -> Value {
        if case .object(let g as PyGenerator) = seed { return .object(g) }
        var entropy: [UInt32] = []
        if seed.isNone {
            var words = [UInt32](repeating: 0, count: 4)
            let device = fopen("/dev/urandom", "rb")
            if device == nil || fread(&words, 4, 4, device) != 4 {
                words = [UInt32(truncatingIfNeeded: time(nil)), UInt32(truncatingIfNeeded: getpid()), 0, 0]
            }
            if let device { fclose(device) }
            entropy = words
        } else {
            let parts: [Value] = (try? Conversions.int(seed)) != nil ? [seed] : try interp.collect(seed)
            for part in parts {
                guard case .int(let n) = part.asPlainNumber, n >= 0 else {
                    if case .float = part {
                        throw ScriptError(
                            .typeError,
                            "SeedSequence expects int or sequence of ints for entropy not \(try interp.repr(part))")
                    }
                    throw ScriptError(.valueError, "expected non-negative integer")
                }
                entropy += PCG64.entropy(UInt64(n))
            }
        }
        return .object(PyGenerator(PCG64(entropy: entropy), state))
    }

    /// Draws `size` values (a scalar of `scalar`'s kind when size is None).
    func fill(_ size: Value, _ dtype: DType, scalar: (Double) -> Value, _ draw: () throws -> Double) throws -> Value {
        guard !size.isNone else { return scalar(try draw()) }
        let shape = try NumpyConvert.shape(size)
        let values = try (0..<shape.reduce(1, *)).map { _ in try draw() }
        return .object(PyArray(NDArray(values, shape: shape, dtype: dtype), state))
    }

    static let generatorType: PyType = {
        var m = Members("Generator")
        func g(_ v: Value) throws -> PyGenerator { try v.receiver(PyGenerator.self, "Generator") }
        let float: (Double) -> Value = { .float($0) }
        m.method(
            "random(size=None, dtype=None, out=None)  Floats drawn uniformly from [0, 1).", refusing: ["dtype", "out"]
        ) {
            v, a, _ in
            let gen = try g(v)
            return try gen.fill(a["size"], .float64, scalar: float) { gen.bits.nextDouble() }
        }
        m.method("uniform(low=0.0, high=1.0, size=None)  Floats drawn uniformly from [low, high).") { v, a, _ in
            let gen = try g(v)
            let low = try a.double("low"), high = try a.double("high")
            return try gen.fill(a["size"], .float64, scalar: float) { low + (high - low) * gen.bits.nextDouble() }
        }
        m.method(
            "standard_normal(size=None, dtype=None, out=None)  Floats drawn from the standard normal distribution.",
            refusing: ["dtype", "out"]
        ) { v, a, _ in
            let gen = try g(v)
            return try gen.fill(a["size"], .float64, scalar: float) { gen.bits.nextNormal() }
        }
        m.method(
            "normal(loc=0.0, scale=1.0, size=None)  Floats drawn from the normal distribution of that mean and deviation."
        ) {
            v, a, _ in
            let gen = try g(v)
            let loc = try a.double("loc"), scale = try a.double("scale")
            guard scale >= 0 else { throw ScriptError(.valueError, "scale < 0") }
            return try gen.fill(a["size"], .float64, scalar: float) { loc + scale * gen.bits.nextNormal() }
        }
        m.method(
            """
            integers(low, high=None, size=None, dtype=None, endpoint=False)  Integers drawn uniformly from [low, high) ([0, low) without high).
            endpoint: include high.
            """, refusing: ["dtype"]
        ) { v, a, _ in
            let gen = try g(v)
            var low = try a.int("low"), high = 0
            if let h = try a.optionalInt("high") { high = h } else { (low, high) = (0, low) }
            if !(try a.bool("endpoint")) { high -= 1 }
            guard low <= high else { throw ScriptError(.valueError, "low >= high") }
            let range = UInt64(bitPattern: Int64(high &- low))
            return try gen.fill(a["size"], .int64, scalar: { .object(PyNumpyScalar($0, .int64, gen.state)) }) {
                Double(low &+ Int(bitPattern: UInt(gen.bits.bounded(range))))
            }
        }
        m.method(
            """
            choice(a, size=None, replace=True, p=None, axis=0, shuffle=True)  Items drawn from a (or from range(a) for an int).
            p: the probability of each item (uniform when None).
            """, refusing: ["axis", "shuffle"]
        ) { v, a, interp in
            let gen = try g(v)
            let population: NDArray
            if case .int(let n) = a["a"] {
                guard n > 0 else {
                    throw ScriptError(.valueError, "a must be a positive integer unless no samples are taken")
                }
                population = NDArray((0..<n).map(Double.init), shape: [n], dtype: .int64)
            } else {
                population = try NumpyModule.array(a["a"], interp)
                guard population.ndim == 1, population.size > 0 else {
                    throw ScriptError(.valueError, "a cannot be empty unless no samples are taken")
                }
            }
            guard try a.bool("replace") else {
                throw ScriptError(
                    .notImplementedError, "nn's Generator.choice draws with replacement only (replace=True)")
            }
            let values = population.elements
            let count = values.count
            var pick: () -> Int = { Int(gen.bits.bounded(UInt64(count - 1))) }
            if let p = a.optional("p") {
                let weights = try NumpyModule.array(p, interp).elements
                guard weights.count == count else { throw ScriptError(.valueError, "a and p must have same size") }
                var cdf: [Double] = []
                var total = 0.0
                for w in weights {
                    total += w
                    cdf.append(total)
                }
                cdf = cdf.map { $0 / total }
                pick = {
                    let u = gen.bits.nextDouble()
                    return min(cdf.firstIndex { $0 > u } ?? count - 1, count - 1)
                }
            }
            return try gen.fill(
                a["size"], population.dtype,
                scalar: { NumpyConvert.wrap(NDArray(scalar: $0, dtype: population.dtype), gen.state) }
            ) {
                values[pick()]
            }
        }
        m.method("shuffle(x, axis=0)  Shuffles a list or an array's first axis in place.", refusing: ["axis"]) {
            v, a, interp in
            let gen = try g(v)
            switch a["x"] {
            case .list(let l):
                for i in stride(from: l.items.count - 1, to: 0, by: -1) {
                    l.items.swapAt(i, Int(gen.bits.interval(UInt64(i))))
                }
            case .object(let array as PyArray):
                let x = array.array
                let shuffled = try NumpyModule.rows(x, gen.shuffled(x.shape.first ?? 0)).elements
                var i = 0
                x.forEachOffset { offset in
                    x.buffer.data[offset] = shuffled[i]
                    i += 1
                }
            default:
                throw ScriptError(.typeError, "nn's shuffle takes a list or an array, not '\(a["x"].typeName)'")
            }
            return .none
        }
        m.method(
            "permutation(x, axis=0)  A shuffled copy of an array's first axis, or of range(x) for an int.",
            refusing: ["axis"]
        ) {
            v, a, interp in
            let gen = try g(v)
            if case .int(let n) = a["x"] {
                let order = gen.shuffled(n)
                return .object(PyArray(NDArray(order.map(Double.init), shape: [n], dtype: .int64), gen.state))
            }
            let x = try NumpyModule.array(a["x"], interp)
            return .object(PyArray(try NumpyModule.rows(x, gen.shuffled(x.shape.first ?? 0)), gen.state))
        }
        let t = PyType("Generator", base: .object, members: m.table)
        t.moduleName = "numpy.random"
        return t
    }()

    /// 0..<n shuffled as numpy shuffles (Fisher-Yates from the end, positions by random_interval).
    func shuffled(_ n: Int) -> [Int] {
        var order = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(bits.interval(UInt64(i)))) }
        return order
    }

    override var type: PyType { PyGenerator.generatorType }
    override func repr(_ interp: Interpreter) throws -> String {
        "Generator(PCG64) at 0x" + address.dropFirst(2).uppercased()
    }
}

extension NumpyModule {
    /// The array's rows (first-axis items) in the given order.
    static func rows(_ x: NDArray, _ order: [Int]) throws -> NDArray {
        guard x.ndim > 0 else { throw ScriptError(.valueError, "x must be an integer or at least 1-dimensional") }
        return gather(x, shape: x.shape) { index in
            var s = index
            s[0] = order[index[0]]
            return s
        }
    }
}

extension Value {
    /// An int or a numpy integer scalar as a plain int value.
    var asPlainNumber: Value {
        if case .object(let o) = self, let n = o.asNumber { return n }
        return self
    }
}
