import NNLang
import NNTensor

/// numpy's functions that rearrange, repeat or pick elements: meshgrid, tile, repeat, flip, roll,
/// diag, triu/tril, diff, nonzero, argwhere, split, and the `*_like` constructors.
extension NumpyModule {
    /// An array of `shape` whose element at each index is `a`'s element at `source(index)`.
    static func gather(_ a: NDArray, shape: [Int], dtype: DType? = nil, _ source: ([Int]) -> [Int]) -> NDArray {
        let values = a.elements
        let strides = NDArray.contiguousStrides(a.shape)
        var out: [Double] = []
        out.reserveCapacity(shape.reduce(1, *))
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<shape.reduce(1, *) {
            let s = source(index)
            out.append(values[zip(s, strides).reduce(0) { $0 + $1.0 * $1.1 }])
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return NDArray(out, shape: shape, dtype: dtype ?? a.dtype)
    }

    /// The axes an `axis` argument names (None: all of them).
    static func axes(_ v: Value, _ a: NDArray, _ interp: Interpreter) throws -> [Int] {
        if v.isNone { return Array(0..<a.ndim) }
        return try intList(v, interp).map { axis in try numpyCall { try a.normalizeAxis(axis) } }
    }

    static func addArrangements(_ m: inout ModuleBuilder, _ state: NumpyState) {
        func wrap(_ a: NDArray) -> Value { NumpyConvert.wrap(a, state) }
        m.def(
            """
            meshgrid(*xi, copy=True, sparse=False, indexing='xy')  Coordinate grids from coordinate vectors.
            indexing: 'xy' (the first two axes swapped, for plotting) or 'ij' (matrix order).
            """, refusing: ["copy"]
        ) { a, interp in
            let vectors = try a.rest.map { try array($0, interp) }
            let indexing = try a.string("indexing")
            guard indexing == "xy" || indexing == "ij" else {
                throw ScriptError(.valueError, "Valid values for `indexing` are 'xy' and 'ij'.")
            }
            var lengths = vectors.map(\.size)
            let swap = indexing == "xy" && vectors.count >= 2
            if swap { lengths.swapAt(0, 1) }
            let sparse = try a.bool("sparse")
            let grids = vectors.enumerated().map { (i, v) -> Value in
                let axis = swap && i < 2 ? 1 - i : i
                let flat = NDArray(v.elements, shape: [v.size], dtype: v.dtype)
                if sparse {
                    var shape = [Int](repeating: 1, count: vectors.count)
                    shape[axis] = v.size
                    return .object(PyArray(NDArray(v.elements, shape: shape, dtype: v.dtype), state))
                }
                return .object(PyArray(gather(flat, shape: lengths) { [$0[axis]] }, state))
            }
            return .tuple(PyTuple(grids))
        }
        m.def("tile(A, reps)  The array repeated reps times along each axis.") { a, interp in
            let x = try array(a["A"], interp)
            let reps = try intList(a["reps"], interp)
            let ndim = max(x.ndim, reps.count)
            let base = try x.reshaped([Int](repeating: 1, count: ndim - x.ndim) + x.shape)
            let counts = [Int](repeating: 1, count: ndim - reps.count) + reps
            guard counts.allSatisfy({ $0 >= 0 }) else {
                throw ScriptError(.valueError, "negative dimensions are not allowed")
            }
            let shape = zip(base.shape, counts).map { $0 * $1 }
            return wrap(gather(base, shape: shape) { index in zip(index, base.shape).map { $0 % max($1, 1) } })
        }
        m.def("repeat(a, repeats, axis=None)  Each element repeated (along axis; flattened when None).") { a, interp in
            var x = try array(a["a"], interp)
            var axis = try a.optionalInt("axis")
            if axis == nil {
                x = NDArray(x.elements, shape: [x.size], dtype: x.dtype)
                axis = 0
            }
            let k = try numpyCall { try x.normalizeAxis(axis!) }
            let given = try intList(a["repeats"], interp)
            let counts = given.count == 1 ? [Int](repeating: given[0], count: x.shape[k]) : given
            guard counts.count == x.shape[k] else {
                throw ScriptError(
                    .valueError,
                    "operands could not be broadcast together with shape (\(x.shape[k]),) (\(counts.count),)")
            }
            guard counts.allSatisfy({ $0 >= 0 }) else {
                throw ScriptError(.valueError, "repeats may not contain negative values.")
            }
            let sources = counts.enumerated().flatMap { repeatElement($0.offset, count: $0.element) }
            var shape = x.shape
            shape[k] = sources.count
            return wrap(
                gather(x, shape: shape) { index in
                    var s = index
                    s[k] = sources[index[k]]
                    return s
                })
        }
        m.def("flip(m, axis=None)  The array with the order of elements reversed along the axes.") { a, interp in
            let x = try array(a["m"], interp)
            let flipped = Set(try axes(a["axis"], x, interp))
            return wrap(
                gather(x, shape: x.shape) { index in
                    index.enumerated().map {
                        flipped.contains($0.offset) ? x.shape[$0.offset] - 1 - $0.element : $0.element
                    }
                })
        }
        for (name, axis) in [("flipud", 0), ("fliplr", 1)] {
            m.def("\(name)(m)  The array reversed along axis \(axis).") { a, interp in
                let x = try array(a["m"], interp)
                guard x.ndim > axis else { throw ScriptError(.valueError, "Input must be >= \(axis + 1)-d.") }
                return wrap(
                    gather(x, shape: x.shape) { index in
                        var s = index
                        s[axis] = x.shape[axis] - 1 - index[axis]
                        return s
                    })
            }
        }
        m.def("roll(a, shift, axis=None)  The elements shifted along the axis, those past the end coming round.") {
            a, interp in
            var x = try array(a["a"], interp)
            let shape = x.shape
            let flat = a["axis"].isNone
            if flat { x = NDArray(x.elements, shape: [x.size], dtype: x.dtype) }
            let shifts = try intList(a["shift"], interp)
            let rolled = flat ? [0] : try axes(a["axis"], x, interp)
            let byAxis = Dictionary(
                zip(rolled, shifts.count == 1 ? [Int](repeating: shifts[0], count: rolled.count) : shifts),
                uniquingKeysWith: +)
            let result = gather(x, shape: x.shape) { index in
                index.enumerated().map { axis, i in
                    let n = x.shape[axis], s = byAxis[axis] ?? 0
                    return n == 0 ? 0 : ((i - s) % n + n) % n
                }
            }
            return wrap(flat ? try result.reshaped(shape) : result)
        }
        m.def("diag(v, k=0)  The k-th diagonal of a 2-d array, or a 2-d array with v on its k-th diagonal.") {
            a, interp in
            let x = try array(a["v"], interp)
            let k = try a.int("k")
            if x.ndim == 1 {
                let n = x.size + abs(k)
                var values = [Double](repeating: 0, count: n * n)
                for (i, v) in x.elements.enumerated() { values[(i + max(-k, 0)) * n + i + max(k, 0)] = v }
                return wrap(NDArray(values, shape: [n, n], dtype: x.dtype))
            }
            guard x.ndim == 2 else { throw ScriptError(.valueError, "Input must be 1- or 2-d.") }
            let (rows, cols) = (x.shape[0], x.shape[1])
            let values = x.elements
            let diagonal = (0..<max(0, min(rows - max(-k, 0), cols - max(k, 0)))).map {
                values[($0 + max(-k, 0)) * cols + $0 + max(k, 0)]
            }
            return wrap(NDArray(diagonal, shape: [diagonal.count], dtype: x.dtype))
        }
        m.def("identity(n, dtype=None)  The n×n identity matrix.") { a, _ in
            let n = try a.int("n")
            var values = [Double](repeating: 0, count: n * n)
            for i in 0..<n { values[i * n + i] = 1 }
            return wrap(NDArray(values, shape: [n, n], dtype: try dtypeArgument(a["dtype"]) ?? .float64))
        }
        m.def("trace(a, offset=0)  The sum of the diagonal.") { a, interp in
            let x = try array(a["a"], interp)
            guard x.ndim == 2 else {
                throw ScriptError(.valueError, "diag requires an array of at least two dimensions")
            }
            let k = try a.int("offset"), cols = x.shape[1], values = x.elements
            let total = (0..<max(0, min(x.shape[0] - max(-k, 0), cols - max(k, 0)))).reduce(0.0) {
                $0 + values[($1 + max(-k, 0)) * cols + $1 + max(k, 0)]
            }
            return wrap(NDArray(scalar: total, dtype: x.dtype.isFloat ? x.dtype : .int64))
        }
        for (name, keepLower) in [("tril", true), ("triu", false)] {
            m.def(
                "\(name)(m, k=0)  The array with the elements \(keepLower ? "above" : "below") the k-th diagonal zeroed."
            ) {
                a, interp in
                let x = try array(a["m"], interp)
                guard x.ndim >= 2 else {
                    throw ScriptError(.valueError, "\(name) needs an array of two or more dimensions")
                }
                let k = try a.int("k"), (rows, cols) = (x.shape[x.ndim - 2], x.shape[x.ndim - 1])
                var values = x.elements
                for i in values.indices {
                    let (r, c) = (i / cols % rows, i % cols)
                    if keepLower ? c - r > k : c - r < k { values[i] = 0 }
                }
                return wrap(NDArray(values, shape: x.shape, dtype: x.dtype))
            }
        }
        m.def("outer(a, b, out=None)  The outer product: a[i] * b[j] for every pair.", refusing: ["out"]) { a, interp in
            let x = try array(a["a"], interp), y = try array(a["b"], interp)
            let column = NDArray(x.elements, shape: [x.size, 1], dtype: x.dtype)
            let row = NDArray(y.elements, shape: [1, y.size], dtype: y.dtype)
            return wrap(try numpyCall { try Elementwise.apply(.multiply, column, row) })
        }
        m.def("diff(a, n=1, axis=-1)  The differences between neighbours along the axis, n times over.") { a, interp in
            var x = try array(a["a"], interp)
            let k = try numpyCall { try x.normalizeAxis(try a.int("axis")) }
            for _ in 0..<max(0, try a.int("n")) {
                var shape = x.shape
                shape[k] = max(0, shape[k] - 1)
                let current = x
                let after = gather(current, shape: shape) { index in
                    var s = index
                    s[k] += 1
                    return s
                }
                let before = gather(current, shape: shape) { $0 }
                x = try numpyCall {
                    try Elementwise.apply(.subtract, after, before, resultType: current.dtype == .bool ? .bool : nil)
                }
            }
            return wrap(x)
        }
        m.def(
            "cumprod(a, axis=None, dtype=None, out=None)  Running products (of the flattened array when axis is None).",
            refusing: ["dtype", "out"]
        ) { a, interp in
            let x = try array(a["a"], interp)
            guard a["axis"].isNone else {
                throw ScriptError(.notImplementedError, "nn's cumprod works on the flattened array (axis=None) only")
            }
            var total = 1.0
            return wrap(
                NDArray(
                    x.elements.map {
                        total *= $0; return total
                    }, shape: [x.size], dtype: x.dtype.isFloat ? x.dtype : .int64))
        }
        m.def("nonzero(a)  The indices of the elements that are not zero, one array per axis.") { a, interp in
            let x = try array(a["a"], interp)
            let hits = nonzeroIndices(x)
            return .tuple(
                PyTuple(
                    (0..<max(x.ndim, 1)).map { axis in
                        .object(
                            PyArray(NDArray(hits.map { Double($0[axis]) }, shape: [hits.count], dtype: .int64), state))
                    }))
        }
        m.def("argwhere(a)  The indices of the elements that are not zero, one row per element.") { a, interp in
            let x = try array(a["a"], interp)
            let hits = nonzeroIndices(x)
            return wrap(NDArray(hits.flatMap { $0.map(Double.init) }, shape: [hits.count, x.ndim], dtype: .int64))
        }
        for (name, fill) in [("empty_like", 0.0), ("full_like", Double.nan)] {
            m.def(
                "\(name)(a\(fill.isNaN ? ", fill_value" : ""), dtype=None, order='K', subok=True, shape=None)  A new array with a's shape\(fill.isNaN ? " filled with fill_value" : " (its elements are zero in nn)").",
                refusing: ["order", "subok"]
            ) { a, interp in
                let x = try array(a["a"], interp)
                let shape = try a.optional("shape").map { try intList($0, interp) } ?? x.shape
                let type = try dtypeArgument(a["dtype"]) ?? x.dtype
                let value = fill.isNaN ? try Conversions.double(a["fill_value"]) : 0
                return wrap(NDArray([Double](repeating: value, count: shape.reduce(1, *)), shape: shape, dtype: type))
            }
        }
        m.def(
            "empty(shape, dtype=None, order='C', *, device=None, like=None)  A new array (its elements are zero in nn).",
            refusing: ["order", "device", "like"]
        ) { a, interp in
            let shape = try intList(a["shape"], interp)
            let type = try dtypeArgument(a["dtype"]) ?? .float64
            return wrap(NDArray([Double](repeating: 0, count: shape.reduce(1, *)), shape: shape, dtype: type))
        }
        m.def("copy(a, order='K', subok=False)  A copy of the array.", refusing: ["order", "subok"]) { a, interp in
            .object(PyArray(try array(a["a"], interp).copy(), state))
        }
        m.def("ravel(a, order='C')  The elements in one axis.", refusing: ["order"]) { a, interp in
            let x = try array(a["a"], interp)
            return .object(PyArray(NDArray(x.elements, shape: [x.size], dtype: x.dtype), state))
        }
        m.def(
            "isin(element, test_elements, assume_unique=False, invert=False, *, kind=None)  Whether each element is among the test elements.",
            refusing: ["kind"]
        ) { a, interp in
            let x = try array(a["element"], interp)
            let tests = Set(try array(a["test_elements"], interp).elements)
            let invert = try a.bool("invert")
            return wrap(Elementwise.map(x, to: .bool) { tests.contains($0) != invert ? 1 : 0 })
        }
        for name in ["split", "array_split"] {
            m.def(
                "\(name)(ary, indices_or_sections, axis=0)  The array cut into parts along the axis: n equal ones, or at the indices."
            ) {
                a, interp in
                let x = try array(a["ary"], interp)
                let k = try numpyCall { try x.normalizeAxis(try a.int("axis")) }
                let length = x.shape[k]
                var cuts: [Int]
                if case .int(let n) = a["indices_or_sections"] {
                    guard n > 0 else { throw ScriptError(.valueError, "number sections must be larger than 0.") }
                    if name == "split" && length % n != 0 {
                        throw ScriptError(.valueError, "array split does not result in an equal division")
                    }
                    let (size, extra) = (length / n, length % n)
                    cuts = (1..<n).map { $0 * size + min($0, extra) }
                } else {
                    cuts = try intList(a["indices_or_sections"], interp)
                }
                let bounds = [0] + cuts.map { min(max($0, 0), length) } + [length]
                let parts = zip(bounds, bounds.dropFirst()).map { start, end -> Value in
                    var shape = x.shape
                    shape[k] = max(0, end - start)
                    return .object(
                        PyArray(
                            gather(x, shape: shape) { index in
                                var s = index
                                s[k] += start
                                return s
                            }, state))
                }
                return .list(PyList(parts))
            }
        }
    }

    /// The multi-indices of the non-zero elements, in row-major order.
    static func nonzeroIndices(_ x: NDArray) -> [[Int]] {
        let strides = NDArray.contiguousStrides(x.shape)
        return x.elements.enumerated().filter { $0.element != 0 }.map { flat, _ in
            strides.enumerated().map { axis, stride in flat / stride % max(x.shape[axis], 1) }
        }
    }

    /// An int or a sequence of ints as a list.
    static func intList(_ v: Value, _ interp: Interpreter) throws -> [Int] {
        if case .int(let i) = v { return [i] }
        if case .object(let o) = v, let n = o.asNumber, case .int(let i) = n { return [i] }
        return try interp.collect(v).map { try Conversions.int($0) }
    }
}
