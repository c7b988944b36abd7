/// The element types an array can hold, named as numpy names them.
public enum DType: String, Sendable, CaseIterable {
    case float64, float32, int64, int32, uint8, bool

    public var isFloat: Bool { self == .float64 || self == .float32 }
    public var isInteger: Bool { self == .int64 || self == .int32 || self == .uint8 }

    /// Rounds a value to what this type can hold (float32 rounding, integer truncation, 0/1).
    @inline(__always)
    public func store(_ x: Double) -> Double {
        switch self {
        case .float64: return x
        case .float32: return Double(Float(x))
        case .int64:
            // Out-of-range values saturate, so every stored int64 converts to Int64 without a trap.
            if x.isNaN { return 0 }
            return min(max(x.rounded(.towardZero), -0x1p63), 0x1p63.nextDown)
        case .int32, .uint8:
            // Integers wrap around as numpy's fixed-width integers do.
            if x >= 0 && x < (self == .uint8 ? 256 : 0x1p31) && x == x.rounded(.towardZero) { return x }
            if !x.isFinite { return 0 }
            let t = x.rounded(.towardZero), modulus = self == .int32 ? 0x1p32 : 256.0
            var r = t - (t / modulus).rounded(.down) * modulus
            if self == .int32 && r >= 0x1p31 { r -= modulus }
            return r
        case .bool: return x != 0 ? 1 : 0
        }
    }

    /// numpy's promotion of two array types (`int64 + float32` → float64, …).
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        switch (a, b) {
        case (.float64, _), (_, .float64): return .float64
        case (.float32, .int64), (.int64, .float32), (.float32, .int32), (.int32, .float32): return .float64
        case (.float32, _), (_, .float32): return .float32
        case (.int64, _), (_, .int64): return .int64
        case (.int32, _), (_, .int32): return .int32
        default: return .uint8
        }
    }
}

/// Errors of the array runtime, worded as numpy words them; the bindings turn each into the
/// Python exception named by `kind`.
public struct ArrayError: Error, Equatable {
    public enum Kind: Sendable { case value, index, type, axis, interrupted }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Shared element storage: arrays that are views of one another share one buffer.
public final class ArrayBuffer {
    public var data: [Double]
    public init(_ data: [Double]) { self.data = data }
}

/// An n-dimensional array: a buffer with an offset, a shape and strides (in elements), so slices
/// and transposes are views as in numpy. Every element is held as a Double already rounded to the
/// array's dtype; int64 values are therefore exact up to 2**53.
public struct NDArray {
    public let dtype: DType
    public let shape: [Int]
    public let strides: [Int]
    public let offset: Int
    public let buffer: ArrayBuffer

    /// A new contiguous array holding `data` (rounded to `dtype`) in row-major order.
    public init(_ data: [Double], shape: [Int], dtype: DType) {
        self.dtype = dtype
        self.shape = shape
        self.strides = NDArray.contiguousStrides(shape)
        self.offset = 0
        self.buffer = ArrayBuffer(NDArray.stored(data, dtype))
    }

    /// Values rounded to a dtype, in a loop for each type (a call of `store` per element costs
    /// several times the rounding itself).
    static func stored(_ data: [Double], _ dtype: DType) -> [Double] {
        switch dtype {
        case .float64: return data
        case .float32: return data.map { Double(Float($0)) }
        case .bool: return data.map { $0 != 0 ? 1 : 0 }
        case .int64, .int32, .uint8:
            let (low, high): (Double, Double) =
                dtype == .uint8 ? (0, 256) : dtype == .int32 ? (-0x1p31, 0x1p31) : (-0x1p63, 0x1p63)
            // Integers the type holds stay as they are; others go through store's rounding and wrapping.
            if data.allSatisfy({ $0 >= low && $0 < high && $0 == $0.rounded(.towardZero) }) { return data }
            return data.map(dtype.store)
        }
    }

    /// A view of `buffer`.
    public init(view buffer: ArrayBuffer, offset: Int, shape: [Int], strides: [Int], dtype: DType) {
        self.buffer = buffer
        self.offset = offset
        self.shape = shape
        self.strides = strides
        self.dtype = dtype
    }

    /// A 0-dimensional array holding one value.
    public init(scalar: Double, dtype: DType) {
        self.init([scalar], shape: [], dtype: dtype)
    }

    public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= max(shape[axis], 1)
        }
        return strides
    }

    public var ndim: Int { shape.count }
    public var size: Int { shape.reduce(1, *) }

    public var isContiguous: Bool {
        strides == NDArray.contiguousStrides(shape) || size <= 1
    }

    /// The elements in row-major order.
    public var elements: [Double] {
        if isContiguous {
            if offset == 0 && buffer.data.count == size { return buffer.data }
            return Array(buffer.data[offset..<(offset + size)])
        }
        var out = [Double]()
        out.reserveCapacity(size)
        forEachOffset { out.append(buffer.data[$0]) }
        return out
    }

    /// Calls `body` with the buffer offset of every element, in row-major order.
    public func forEachOffset(_ body: (Int) -> Void) {
        NDArray.forEachOffset(shape: shape, strides: strides, offset: offset, body)
    }

    /// Calls `body` with the offset of every element of a strided layout, in row-major order
    /// (a stride of 0 repeats an axis, as broadcasting does).
    public static func forEachOffset(shape: [Int], strides: [Int], offset: Int, _ body: (Int) -> Void) {
        let n = shape.reduce(1, *), ndim = shape.count
        if n == 0 { return }
        if ndim == 0 { body(offset); return }
        var index = [Int](repeating: 0, count: ndim)
        var position = offset
        for _ in 0..<n {
            body(position)
            var axis = ndim - 1
            while axis >= 0 {
                index[axis] += 1
                position += strides[axis]
                if index[axis] < shape[axis] { break }
                position -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// A contiguous copy.
    public func copy() -> NDArray { NDArray(elements, shape: shape, dtype: dtype) }

    /// The element at a full index (one per axis, already in range).
    public func element(_ index: [Int]) -> Double {
        var position = offset
        for (i, s) in zip(index, strides) { position += i * s }
        return buffer.data[position]
    }

    /// The only element of a size-1 array.
    public var scalarValue: Double { buffer.data[offset] }

    /// This array as another type; the same array when the type already matches.
    public func astype(_ type: DType) -> NDArray {
        if type == dtype { return self }
        // Integers into a type that holds them all are kept as they are.
        let values = elements
        let holds: Bool
        switch (dtype, type) {
        case (.uint8, .int32), (.uint8, .int64), (.int32, .int64), (_, .float64), (.uint8, .float32), (.bool, _):
            holds = dtype != .float32 || type == .float64
        default: holds = false
        }
        if holds { return NDArray(view: ArrayBuffer(values), offset: 0, shape: shape, strides: NDArray.contiguousStrides(shape), dtype: type) }
        return NDArray(values, shape: shape, dtype: type)
    }

    /// `reshape`, with one dimension given as -1 to be inferred.
    public func reshaped(_ newShape: [Int]) throws -> NDArray {
        var target = newShape
        let unknown = target.indices.filter { target[$0] == -1 }
        if unknown.count > 1 { throw ArrayError(.value, "can only specify one unknown dimension") }
        if target.contains(where: { $0 < -1 }) { throw ArrayError(.value, "negative dimensions not allowed") }
        if let u = unknown.first {
            let known = target.enumerated().filter { $0.offset != u }.reduce(1) { $0 * $1.element }
            guard known > 0, size % known == 0 else {
                throw ArrayError(
                    .value, "cannot reshape array of size \(size) into shape \(Elementwise.describe(newShape))")
            }
            target[u] = size / known
        }
        guard target.reduce(1, *) == size else {
            throw ArrayError(
                .value, "cannot reshape array of size \(size) into shape \(Elementwise.describe(newShape))")
        }
        if isContiguous {
            return NDArray(
                view: buffer, offset: offset, shape: target, strides: NDArray.contiguousStrides(target), dtype: dtype)
        }
        return NDArray(elements, shape: target, dtype: dtype)
    }

    /// The axes reversed (`.T`), or permuted by `axes`.
    public func transposed(_ axes: [Int]? = nil) throws -> NDArray {
        let order = axes ?? Array((0..<ndim).reversed())
        guard order.sorted() == Array(0..<ndim) else { throw ArrayError(.value, "axes don't match array") }
        return NDArray(
            view: buffer, offset: offset, shape: order.map { shape[$0] }, strides: order.map { strides[$0] },
            dtype: dtype)
    }

    /// A shape as numpy prints it: `(3,)`, `(2, 3)`.
    public static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// An axis argument made non-negative, or numpy's AxisError.
    public func normalizeAxis(_ axis: Int) throws -> Int {
        let a = axis < 0 ? axis + ndim : axis
        guard a >= 0 && a < ndim else {
            throw ArrayError(.axis, "axis \(axis) is out of bounds for array of dimension \(ndim)")
        }
        return a
    }
}
