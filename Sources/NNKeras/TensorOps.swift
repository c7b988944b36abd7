import Foundation
import NNTensor

/// The differentiable ops that scripts' tensor functions (`tf.square`, `tf.reduce_max`, indexing)
/// need beyond those the layers are made of.
extension Ops {
    /// The elements of `x` at `offsets` (into its contiguous data), in `shape`: any selection (slicing,
    /// indexing, transposition) once the offsets are known. Its gradient adds back into those places.
    public static func gather(_ x: Node, offsets: [Int], shape: [Int]) -> Node {
        let source = x.value.data
        let out = Tensor(shape: shape, data: offsets.map { source[$0] })
        let original = x.shape
        return Node(out, [x]) { g in
            var back = [Float](repeating: 0, count: source.count)
            for (i, o) in offsets.enumerated() { back[o] += g.data[i] }
            return [Tensor(shape: original, data: back)]
        }
    }

    /// Element-wise functions of one tensor.
    public enum Unary: Sendable {
        case negative, square, sqrt, exp, log, abs, sin, cos, sign, reciprocal, floor, round

        /// The value at `x`, and the derivative from the input `x` and the output `y`.
        var rule: (value: (Float) -> Float, derivative: (Float, Float) -> Float) {
            switch self {
            case .negative: return ({ -$0 }, { _, _ in -1 })
            case .square: return ({ $0 * $0 }, { x, _ in 2 * x })
            case .sqrt: return ({ $0.squareRoot() }, { _, y in 0.5 / y })
            case .exp: return ({ Foundation.exp($0) }, { _, y in y })
            case .log: return ({ Foundation.log($0) }, { x, _ in 1 / x })
            case .abs: return ({ Swift.abs($0) }, { x, _ in x > 0 ? 1 : x < 0 ? -1 : 0 })
            case .sin: return ({ Foundation.sin($0) }, { x, _ in Foundation.cos(x) })
            case .cos: return ({ Foundation.cos($0) }, { x, _ in -Foundation.sin(x) })
            case .sign: return ({ $0 > 0 ? 1 : $0 < 0 ? -1 : 0 }, { _, _ in 0 })
            case .reciprocal: return ({ 1 / $0 }, { _, y in -y * y })
            case .floor: return ({ $0.rounded(.down) }, { _, _ in 0 })
            // TensorFlow rounds half to even, as numpy does.
            case .round: return ({ $0.rounded(.toNearestOrEven) }, { _, _ in 0 })
            }
        }
    }

    public static func unary(_ f: Unary, _ x: Node) -> Node {
        let rule = f.rule
        return pointwise(x, rule.value, rule.derivative)
    }

    /// `a ** b` with broadcasting.
    public static func power(_ a: Node, _ b: Node) throws -> Node {
        try checkBroadcast(a, b)
        let (x, y) = (a.value, b.value)
        let out = combine(x, y) { Foundation.pow($0, $1) }
        return Node(out, [a, b]) { g in
            [
                a.needsGradient
                    ? reduce(
                        combine(g, combine(x, y) { $1 == 0 ? 0 : $1 * Foundation.pow($0, $1 - 1) }, *), to: x.shape)
                    : nil,
                b.needsGradient
                    ? reduce(combine(g, combine(out, x) { $1 > 0 ? $0 * Foundation.log($1) : 0 }, *), to: y.shape)
                    : nil,
            ]
        }
    }

    /// The larger (or smaller) of `a` and `b` element by element; the gradient goes to `a` where it
    /// was chosen (ties included), as TensorFlow's MaximumGrad and MinimumGrad do.
    public static func extremum(_ a: Node, _ b: Node, largest: Bool) throws -> Node {
        try checkBroadcast(a, b)
        let (x, y) = (a.value, b.value)
        let choose: (Float, Float) -> Float = largest ? { $0 >= $1 ? $0 : $1 } : { $0 <= $1 ? $0 : $1 }
        let picksA = combine(x, y, largest ? { $0 >= $1 ? 1 : 0 } : { $0 <= $1 ? 1 : 0 })
        return Node(combine(x, y, choose), [a, b]) { g in
            [
                reduce(combine(g, picksA, *), to: x.shape),
                reduce(combine(g, picksA) { $0 * (1 - $1) }, to: y.shape),
            ]
        }
    }

    /// The largest (or smallest) value over `axes` (non-negative, sorted); the gradient is shared
    /// among the values that tie for it, as TensorFlow's reduce_max gradient does.
    public static func extreme(_ x: Node, axes: [Int]?, keepDims: Bool = false, largest: Bool) -> Node {
        let shape = x.shape
        let reduced = axes ?? Array(shape.indices)
        let kept = shape.indices.map { reduced.contains($0) ? 1 : shape[$0] }
        let slots = broadcastOffsets(kept, to: shape)
        var best = [Float](repeating: largest ? -.infinity : .infinity, count: kept.reduce(1, *))
        for (i, s) in slots.enumerated() {
            let v = x.value.data[i]
            if largest ? v > best[s] : v < best[s] { best[s] = v }
            if v.isNaN { best[s] = v }
        }
        let outShape = keepDims ? kept : shape.indices.filter { !reduced.contains($0) }.map { shape[$0] }
        return Node(Tensor(shape: outShape, data: best), [x]) { g in
            var ties = [Float](repeating: 0, count: best.count)
            for (i, s) in slots.enumerated() where x.value.data[i] == best[s] { ties[s] += 1 }
            return [
                Tensor(
                    shape: shape,
                    data: slots.enumerated().map { i, s in x.value.data[i] == best[s] ? g.data[s] / ties[s] : 0 })
            ]
        }
    }

    /// The product of two matrices (rank 2), either side transposed first.
    public static func matrixProduct(
        _ a: Node, _ b: Node, transposeA: Bool = false, transposeB: Bool = false
    ) throws -> Node {
        guard a.shape.count == 2, b.shape.count == 2 else {
            throw KerasError(.value, "In[0] and In[1] must be matrices (nn multiplies rank-2 tensors only, for now)")
        }
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        guard k == k2 else {
            throw KerasError(
                .value,
                "Matrix size-incompatible: In[0]: [\(a.shape[0]),\(a.shape[1])], In[1]: [\(b.shape[0]),\(b.shape[1])]")
        }
        let out = Tensor(
            shape: [m, n],
            data: product(a.value.data, b.value.data, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB))
        return Node(out, [a, b]) { g in
            // d(op(A)) = G op(B)ᵀ, d(op(B)) = op(A)ᵀ G, each transposed back when its operand was.
            let da =
                a.needsGradient
                ? (transposeA
                    ? product(b.value.data, g.data, m: k, k: n, n: m, transposeA: transposeB, transposeB: true)
                    : product(g.data, b.value.data, m: m, k: n, n: k, transposeB: !transposeB)) : nil
            let db =
                b.needsGradient
                ? (transposeB
                    ? product(g.data, a.value.data, m: n, k: m, n: k, transposeA: true, transposeB: transposeA)
                    : product(a.value.data, g.data, m: k, k: m, n: n, transposeA: !transposeA)) : nil
            return [da.map { Tensor(shape: a.shape, data: $0) }, db.map { Tensor(shape: b.shape, data: $0) }]
        }
    }

    static func checkBroadcast(_ a: Node, _ b: Node) throws {
        guard broadcastShape(a.shape, b.shape) != nil else {
            throw KerasError(.value, "Incompatible shapes: \(bracketed(a.shape)) vs. \(bracketed(b.shape))")
        }
    }

    /// A shape as TensorFlow's kernels print it: `[2,3]`.
    public static func bracketed(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ",") + "]" }
}
