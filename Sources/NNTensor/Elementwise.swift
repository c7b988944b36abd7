import Foundation

/// Element-wise arithmetic with numpy's broadcasting and type rules.
public enum Elementwise {
    /// The binary operations that arrays support.
    public enum Operation: Sendable {
        case add, subtract, multiply, divide, floorDivide, modulo, power, maximum, minimum
        case less, lessEqual, greater, greaterEqual, equal, notEqual, and, or, xor

        var isComparison: Bool {
            switch self {
            case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return true
            default: return false
            }
        }
    }

    /// The shape two shapes broadcast to, or numpy's error.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let n = max(a.count, b.count)
        var out = [Int](repeating: 1, count: n)
        for i in 0..<n {
            let x = i < n - a.count ? 1 : a[i - (n - a.count)]
            let y = i < n - b.count ? 1 : b[i - (n - b.count)]
            guard x == y || x == 1 || y == 1 else {
                throw ArrayError(
                    .value, "operands could not be broadcast together with shapes \(describe(a)) \(describe(b)) ")
            }
            out[i] = x == 1 ? y : x
        }
        return out
    }

    /// numpy's error messages print shapes without the space after a comma.
    public static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ",") + ")"
    }

    /// `array` viewed with `shape` (which it broadcasts to): stride 0 along stretched axes.
    public static func broadcast(_ array: NDArray, to shape: [Int]) -> NDArray {
        let lead = shape.count - array.ndim
        var strides = [Int](repeating: 0, count: shape.count)
        for axis in 0..<array.ndim where array.shape[axis] != 1 || shape[lead + axis] == 1 {
            strides[lead + axis] = array.strides[axis]
        }
        return NDArray(view: array.buffer, offset: array.offset, shape: shape, strides: strides, dtype: array.dtype)
    }

    /// The result type of `op` on operands of types `a` and `b`.
    public static func resultType(_ op: Operation, _ a: DType, _ b: DType) -> DType {
        if op.isComparison { return .bool }
        let t = DType.promote(a, b)
        switch op {
        case .divide: return t.isFloat ? t : .float64
        case .and, .or, .xor: return t
        case .add, .multiply, .maximum, .minimum: return t
        default: return t == .bool ? .int64 : t
        }
    }

    public static func apply(_ op: Operation, _ a: NDArray, _ b: NDArray, resultType: DType? = nil) throws -> NDArray {
        let shape = try broadcastShape(a.shape, b.shape)
        let type = resultType ?? self.resultType(op, a.dtype, b.dtype)
        let isInteger = !DType.promote(a.dtype, b.dtype).isFloat
        let x = a.shape == shape ? a.elements : broadcast(a, to: shape).elements
        let y = b.shape == shape ? b.elements : broadcast(b, to: shape).elements
        let out = [Double](unsafeUninitializedCapacity: x.count) { buffer, count in
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeBufferPointer { yp in
                    switch op {
                    // The common operations get loops of their own, which the compiler vectorizes.
                    case .add: kernel(xp, yp, buffer, +)
                    case .subtract: kernel(xp, yp, buffer, -)
                    case .multiply: kernel(xp, yp, buffer, *)
                    case .divide: kernel(xp, yp, buffer, /)
                    default: kernel(xp, yp, buffer, function(op, integer: isInteger))
                    }
                }
            }
            count = x.count
        }
        return NDArray(out, shape: shape, dtype: type)
    }

    @inline(__always)
    static func kernel(
        _ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>,
        _ out: UnsafeMutableBufferPointer<Double>, _ f: (Double, Double) -> Double
    ) {
        for i in 0..<out.count { out[i] = f(x[i], y[i]) }
    }

    /// The scalar function for `op`, with Python's floor rules for `//` and `%`.
    static func function(_ op: Operation, integer: Bool) -> (Double, Double) -> Double {
        switch op {
        case .add: return (+)
        case .subtract: return (-)
        case .multiply: return (*)
        case .divide: return (/)
        case .floorDivide: return { x, y in integer && y == 0 ? 0 : (x / y).rounded(.down) }
        case .modulo:
            return { x, y in
                if y == 0 { return integer ? 0 : .nan }
                let r = fmod(x, y)
                return r != 0 && (r < 0) != (y < 0) ? r + y : r
            }
        case .power: return { pow($0, $1) }
        case .maximum: return { $0.isNaN || $1.isNaN ? .nan : max($0, $1) }
        case .minimum: return { $0.isNaN || $1.isNaN ? .nan : min($0, $1) }
        case .less: return { $0 < $1 ? 1 : 0 }
        case .lessEqual: return { $0 <= $1 ? 1 : 0 }
        case .greater: return { $0 > $1 ? 1 : 0 }
        case .greaterEqual: return { $0 >= $1 ? 1 : 0 }
        case .equal: return { $0 == $1 ? 1 : 0 }
        case .notEqual: return { $0 != $1 ? 1 : 0 }
        case .and: return integer ? { Double(Int64($0) & Int64($1)) } : { $0 != 0 && $1 != 0 ? 1 : 0 }
        case .or: return integer ? { Double(Int64($0) | Int64($1)) } : { $0 != 0 || $1 != 0 ? 1 : 0 }
        case .xor: return integer ? { Double(Int64($0) ^ Int64($1)) } : { ($0 != 0) != ($1 != 0) ? 1 : 0 }
        }
    }

    /// A function of two broadcast operands, pair by pair; `type` is the result's dtype.
    public static func zip(
        _ a: NDArray, _ b: NDArray, to type: DType, _ f: (Double, Double) -> Double
    ) throws
        -> NDArray
    {
        let shape = try broadcastShape(a.shape, b.shape)
        let x = a.shape == shape ? a.elements : broadcast(a, to: shape).elements
        let y = b.shape == shape ? b.elements : broadcast(b, to: shape).elements
        return NDArray(Swift.zip(x, y).map(f), shape: shape, dtype: type)
    }

    /// A function applied to every element; `type` is the result's dtype.
    public static func map(_ a: NDArray, to type: DType? = nil, _ f: (Double) -> Double) -> NDArray {
        NDArray(a.elements.map(f), shape: a.shape, dtype: type ?? a.dtype)
    }

    /// The dtype of a math function's result: floats keep their width, others become float64.
    public static func floatType(_ t: DType) -> DType { t.isFloat ? t : .float64 }

    /// numpy's `round(x, decimals)`: scale, round half to even, unscale.
    public static func round(_ a: NDArray, decimals: Int) -> NDArray {
        let scale = pow(10.0, Double(abs(decimals)))
        return map(a) { x in
            if !a.dtype.isFloat && decimals >= 0 { return x }
            if decimals >= 0 { return (x * scale).rounded(.toNearestOrEven) / scale }
            return (x / scale).rounded(.toNearestOrEven) * scale
        }
    }

    /// `np.where(condition, x, y)`.
    public static func select(_ condition: NDArray, _ x: NDArray, _ y: NDArray) throws -> NDArray {
        let shape = try broadcastShape(try broadcastShape(condition.shape, x.shape), y.shape)
        let c = broadcast(condition, to: shape).elements
        let xs = broadcast(x, to: shape).elements, ys = broadcast(y, to: shape).elements
        let type = DType.promote(x.dtype, y.dtype)
        return NDArray((0..<c.count).map { c[$0] != 0 ? xs[$0] : ys[$0] }, shape: shape, dtype: type)
    }
}
