import Foundation
import NNInterrupt
import Dispatch

/// Reductions over all elements or along one axis, with `keepdims`.
public enum Reduction: Sendable {
    case sum, mean, prod, min, max, argmin, argmax, variance, standardDeviation

    /// The dtype of the result for an input of type `t`.
    public func resultType(_ t: DType) -> DType {
        switch self {
        case .sum, .prod: return t.isFloat ? t : .int64
        case .mean, .variance, .standardDeviation: return t.isFloat ? t : .float64
        case .min, .max: return t
        case .argmin, .argmax: return .int64
        }
    }

    var name: String {
        switch self {
        case .sum: return "sum"
        case .mean: return "mean"
        case .prod: return "prod"
        case .min: return "minimum"
        case .max: return "maximum"
        case .argmin: return "argmin"
        case .argmax: return "argmax"
        case .variance: return "var"
        case .standardDeviation: return "std"
        }
    }

    /// Reduces one run of values (pairwise summation, as numpy sums).
    public func reduce(_ values: UnsafeBufferPointer<Double>) -> Double {
        switch self {
        case .sum: return Reduction.pairwiseSum(values)
        case .mean: return Reduction.pairwiseSum(values) / Double(values.count)
        case .prod: return values.reduce(1, *)
        case .min: return values.contains { $0.isNaN } ? .nan : values.min() ?? .nan
        case .max: return values.contains { $0.isNaN } ? .nan : values.max() ?? .nan
        case .argmin: return Double(Reduction.firstIndex(values, better: <))
        case .argmax: return Double(Reduction.firstIndex(values, better: >))
        case .variance, .standardDeviation:
            let mean = Reduction.pairwiseSum(values) / Double(values.count)
            var deviations = values.map { ($0 - mean) * ($0 - mean) }
            let v =
                deviations.withUnsafeMutableBufferPointer { Reduction.pairwiseSum(UnsafeBufferPointer($0)) }
                / Double(values.count)
            return self == .variance ? v : v.squareRoot()
        }
    }

    static func firstIndex(_ values: UnsafeBufferPointer<Double>, better: (Double, Double) -> Bool) -> Int {
        var best = 0
        for i in values.indices {
            if values[i].isNaN { return i }
            if better(values[i], values[best]) { best = i }
        }
        return best
    }

    /// numpy's pairwise summation: blocks of 8 accumulators below 128 elements, halves above,
    /// so sums round as numpy's do.
    public static func pairwiseSum(_ v: UnsafeBufferPointer<Double>) -> Double {
        let n = v.count
        if n < 8 {
            var s = 0.0
            for x in v { s += x }
            return s
        }
        if n <= 128 {
            var r = (v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7])
            var i = 8
            while i < n - n % 8 {
                r.0 += v[i]; r.1 += v[i + 1]; r.2 += v[i + 2]; r.3 += v[i + 3]
                r.4 += v[i + 4]; r.5 += v[i + 5]; r.6 += v[i + 6]; r.7 += v[i + 7]
                i += 8
            }
            var s = ((r.0 + r.1) + (r.2 + r.3)) + ((r.4 + r.5) + (r.6 + r.7))
            while i < n { s += v[i]; i += 1 }
            return s
        }
        var half = n / 2
        half -= half % 8
        return pairwiseSum(UnsafeBufferPointer(rebasing: v[0..<half]))
            + pairwiseSum(UnsafeBufferPointer(rebasing: v[half..<n]))
    }
}

extension NDArray {
    /// `a.sum()`, `a.mean(axis=0)`, … ; `axis` nil reduces every element.
    public func reduce(_ r: Reduction, axis: Int? = nil, keepdims: Bool = false) throws -> NDArray {
        if [.min, .max, .argmin, .argmax].contains(r), try axis.map({ shape[try normalizeAxis($0)] }) ?? size == 0 {
            throw ArrayError(.value, "zero-size array to reduction operation \(r.name) which has no identity")
        }
        return try reduceRuns(axis: axis, keepdims: keepdims, to: r.resultType(dtype)) { r.reduce($0) }
    }

    /// Each run of elements along `axis` (all of them when nil) reduced to one value by `f`.
    public func reduceRuns(
        axis: Int?, keepdims: Bool = false, to type: DType, _ f: (UnsafeBufferPointer<Double>) -> Double
    ) throws -> NDArray {
        guard let axis else {
            let value = elements.withUnsafeBufferPointer { f($0) }
            return NDArray([value], shape: keepdims ? [Int](repeating: 1, count: ndim) : [], dtype: type)
        }
        let a = try normalizeAxis(axis)
        // Move the reduced axis last, so each output element reduces one contiguous run.
        let moved = try transposed(Array(0..<ndim).filter { $0 != a } + [a]).elements
        let length = shape[a]
        let count = shape.enumerated().filter { $0.offset != a }.reduce(1) { $0 * $1.element }
        var out = [Double](repeating: 0, count: count)
        moved.withUnsafeBufferPointer { p in
            for i in 0..<out.count {
                out[i] = f(UnsafeBufferPointer(rebasing: p[(i * length)..<((i + 1) * length)]))
            }
        }
        var newShape = shape
        if keepdims { newShape[a] = 1 } else { newShape.remove(at: a) }
        return NDArray(out, shape: newShape, dtype: type)
    }

    /// Running sums over the flattened array (`np.cumsum` without an axis).
    public func cumulativeSum() -> NDArray {
        var total = 0.0
        return NDArray(
            elements.map {
                total += $0; return total
            }, shape: [size], dtype: dtype.isFloat ? dtype : .int64)
    }
}

/// Matrix products.
public enum LinearAlgebra {
    /// `a @ b` / `np.dot` / `np.matmul` for 1-D and 2-D operands.
    public static func matmul(_ a: NDArray, _ b: NDArray) throws -> NDArray {
        guard a.ndim >= 1 && b.ndim >= 1 && a.ndim <= 2 && b.ndim <= 2 else {
            throw ArrayError(.value, "matmul: nn supports 1-D and 2-D operands, not \(a.ndim)-D and \(b.ndim)-D")
        }
        let x = a.ndim == 1 ? try a.reshaped([1, a.shape[0]]) : a
        let y = b.ndim == 1 ? try b.reshaped([b.shape[0], 1]) : b
        let (m, k, n) = (x.shape[0], x.shape[1], y.shape[1])
        guard y.shape[0] == k else {
            throw ArrayError(
                .value,
                "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size \(y.shape[0]) is different from \(k))"
            )
        }
        let type = DType.promote(a.dtype, b.dtype)
        var shape = [m, n]
        if a.ndim == 1 { shape.removeFirst() }
        if b.ndim == 1 { shape.removeLast() }
        // float32 operands multiply in float32, as numpy's BLAS does; the rest in float64 (integers
        // exactly up to 2**53), read in place through their strides.
        var out: [Double]
        if type == .float32 {
            let (fa, fb) = (x.floats, y.floats)
            let c = fa.withUnsafeBufferPointer { ap in
                fb.withUnsafeBufferPointer { bp in
                    product(MatrixOperand(base(ap), columns: k), MatrixOperand(base(bp), columns: n), m: m, k: k, n: n)
                }
            }
            out = [Double](unsafeUninitializedCapacity: c.count) { o, count in
                c.withUnsafeBufferPointer { f in for i in 0..<f.count { o[i] = Double(f[i]) } }
                count = c.count
            }
        } else {
            out = x.buffer.data.withUnsafeBufferPointer { xb in
                y.buffer.data.withUnsafeBufferPointer { yb in
                    product(
                        MatrixOperand(base(xb) + x.offset, rowStride: x.strides[0], columnStride: x.strides[1]),
                        MatrixOperand(base(yb) + y.offset, rowStride: y.strides[0], columnStride: y.strides[1]),
                        m: m, k: k, n: n)
                }
            }
        }
        if Interrupt.requested { throw ArrayError(.interrupted, "") }
        if type.isFloat {
            // Already of the result's type.
            return NDArray(
                view: ArrayBuffer(out), offset: 0, shape: shape, strides: NDArray.contiguousStrides(shape), dtype: type)
        }
        return NDArray(out, shape: shape, dtype: type)
    }

    /// A buffer's first element (a placeholder address for an empty one, which is never read).
    static func base<T>(_ b: UnsafeBufferPointer<T>) -> UnsafePointer<T> {
        b.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<T>.alignment)!
    }

    static func product<T: GEMMScalar>(_ a: MatrixOperand<T>, _ b: MatrixOperand<T>, m: Int, k: Int, n: Int) -> [T] {
        [T](unsafeUninitializedCapacity: m * n) { c, count in
            if let C = c.baseAddress { MatrixProduct.gemm(m: m, n: n, k: k, a, b, C, ldc: n, interruptible: true) }
            count = m * n
        }
    }
}

extension NDArray {
    /// The elements as float32 values in row-major order (a tight loop when contiguous).
    var floats: [Float] {
        guard isContiguous else { return elements.map(Float.init) }
        return buffer.data.withUnsafeBufferPointer { d in
            [Float](unsafeUninitializedCapacity: size) { f, count in
                for i in 0..<size { f[i] = Float(d[offset + i]) }
                count = size
            }
        }
    }
}

/// Joining arrays: `np.concatenate` and `np.stack`.
public enum Joining {
    public static func concatenate(_ arrays: [NDArray], axis: Int) throws -> NDArray {
        guard let first = arrays.first else { throw ArrayError(.value, "need at least one array to concatenate") }
        guard first.ndim > 0 else { throw ArrayError(.value, "zero-dimensional arrays cannot be concatenated") }
        let a = try first.normalizeAxis(axis)
        for (i, x) in arrays.enumerated() {
            guard x.ndim == first.ndim else {
                throw ArrayError(
                    .value,
                    "all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has \(first.ndim) dimension(s) and the array at index \(i) has \(x.ndim) dimension(s)"
                )
            }
            for d in 0..<first.ndim where d != a && x.shape[d] != first.shape[d] {
                throw ArrayError(
                    .value,
                    "all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(d), the array at index 0 has size \(first.shape[d]) and the array at index \(i) has size \(x.shape[d])"
                )
            }
        }
        // With the joined axis first, joining is appending the element runs.
        let order = [a] + (0..<first.ndim).filter { $0 != a }
        var values: [Double] = []
        for x in arrays { values += try x.transposed(order).elements }
        var movedShape = try first.transposed(order).shape
        movedShape[0] = arrays.reduce(0) { $0 + $1.shape[a] }
        let type = arrays.dropFirst().reduce(first.dtype) { DType.promote($0, $1.dtype) }
        var inverse = [Int](repeating: 0, count: order.count)
        for (i, o) in order.enumerated() { inverse[o] = i }
        return try NDArray(values, shape: movedShape, dtype: type).transposed(inverse).copy()
    }

    public static func stack(_ arrays: [NDArray], axis: Int) throws -> NDArray {
        guard let first = arrays.first else { throw ArrayError(.value, "need at least one array to stack") }
        guard arrays.allSatisfy({ $0.shape == first.shape }) else {
            throw ArrayError(.value, "all input arrays must have the same shape")
        }
        let a = axis < 0 ? axis + first.ndim + 1 : axis
        guard a >= 0 && a <= first.ndim else {
            throw ArrayError(.value, "axis \(axis) is out of bounds for array of dimension \(first.ndim + 1)")
        }
        var shape = first.shape
        shape.insert(1, at: a)
        return try concatenate(arrays.map { try $0.reshaped(shape) }, axis: a)
    }
}

/// Sorting along the last axis (stable, NaN last as numpy sorts).
public enum Sorting {
    static func before(_ x: Double, _ y: Double) -> Bool { y.isNaN ? !x.isNaN : x < y }

    public static func sorted(_ a: NDArray) throws -> NDArray {
        guard let length = a.shape.last else { throw ArrayError(.value, "Cannot sort a 0-d array") }
        let values = a.elements
        var out: [Double] = []
        out.reserveCapacity(values.count)
        for row in stride(from: 0, to: values.count, by: max(length, 1)) {
            out += values[row..<(row + length)].sorted(by: before)
        }
        return NDArray(out, shape: a.shape, dtype: a.dtype)
    }

    public static func argsort(_ a: NDArray) throws -> NDArray {
        guard let length = a.shape.last else { throw ArrayError(.value, "Cannot argsort a 0-d array") }
        let values = a.elements
        var out: [Double] = []
        for row in stride(from: 0, to: values.count, by: max(length, 1)) {
            let order = (0..<length).sorted { i, j in
                before(values[row + i], values[row + j]) || (!before(values[row + j], values[row + i]) && i < j)
            }
            out += order.map(Double.init)
        }
        return NDArray(out, shape: a.shape, dtype: .int64)
    }
}
