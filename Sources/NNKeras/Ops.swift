import Foundation
import NNTensor

/// The differentiable ops: each computes its result and states its gradient beside it. Layers,
/// losses and the tensor functions scripts call are compositions of these.
public enum Ops {
    // MARK: matrix product

    /// C = op(A)·op(B) for row-major float32 matrices (A m×k or k×m, B k×n or n×k).
    static func product(
        _ a: [Float], _ b: [Float], m: Int, k: Int, n: Int, transposeA: Bool = false, transposeB: Bool = false
    ) -> [Float] {
        [Float](unsafeUninitializedCapacity: m * n) { c, count in
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    if let A = ap.baseAddress, let B = bp.baseAddress, let C = c.baseAddress {
                        MatrixProduct.gemm(
                            m: m, n: n, k: k, MatrixOperand(A, columns: transposeA ? m : k, transposed: transposeA),
                            MatrixOperand(B, columns: transposeB ? k : n, transposed: transposeB), C, ldc: n)
                    } else {
                        c.initialize(repeating: 0)
                    }
                }
            }
            count = m * n
        }
    }

    /// `x · w` (+ `bias`) on the last axis of `x` (…, k) with `w` (k, n): Dense's product, for inputs
    /// of any rank; with the bias in the same node (one result array, and the bias gradient summed
    /// from the same incoming gradient).
    public static func matmul(_ x: Node, _ w: Node, bias: Node? = nil) -> Node {
        let k = w.shape[0], n = w.shape[1], m = x.value.count / max(k, 1)
        var out = product(x.value.data, w.value.data, m: m, k: k, n: n)
        if let bias {
            bias.value.data.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { o in
                    for start in stride(from: 0, to: o.count, by: max(n, 1)) {
                        for j in 0..<n { o[start + j] += b[j] }
                    }
                }
            }
        }
        return Node(Tensor(shape: x.shape.dropLast() + [n], data: out), [x, w] + (bias.map { [$0] } ?? [])) { g in
            [
                x.needsGradient
                    ? Tensor(shape: x.shape, data: product(g.data, w.value.data, m: m, k: n, n: k, transposeB: true))
                    : nil,
                w.needsGradient
                    ? Tensor(shape: w.shape, data: product(x.value.data, g.data, m: k, k: m, n: n, transposeA: true))
                    : nil,
            ] + (bias.map { [$0.needsGradient ? reduce(g, to: [n]) : nil] } ?? [])
        }
    }

    // MARK: element-wise arithmetic with numpy's broadcasting

    /// The broadcast shape of two shapes, or nil when they do not broadcast.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let a = [Int](repeating: 1, count: rank - a.count) + a, b = [Int](repeating: 1, count: rank - b.count) + b
        var out: [Int] = []
        for (x, y) in zip(a, b) {
            guard x == y || x == 1 || y == 1 else { return nil }
            out.append(x == 1 ? y : x)
        }
        return out
    }

    /// The offsets into a tensor of `shape` read for each element of the broadcast `target`.
    static func broadcastOffsets(_ shape: [Int], to target: [Int]) -> [Int] {
        let padded = [Int](repeating: 1, count: target.count - shape.count) + shape
        var strides = NDArray.contiguousStrides(padded)
        for axis in padded.indices where padded[axis] == 1 { strides[axis] = 0 }
        var offsets: [Int] = []
        offsets.reserveCapacity(target.reduce(1, *))
        NDArray.forEachOffset(shape: target, strides: strides, offset: 0) { offsets.append($0) }
        return offsets
    }

    /// Whether an operand of `shape` broadcast over `target` is one block repeated: its axes, leading
    /// ones dropped, are the target's last axes (a bias over the features).
    static func repeatsInBlocks(_ shape: [Int], over target: [Int]) -> Bool {
        let trailing = shape.drop { $0 == 1 }
        return target.suffix(trailing.count).elementsEqual(trailing)
    }

    /// `f(a, b)` element by element over the broadcast shape (which the caller has checked).
    static func combine(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
        if a.shape == b.shape {
            return Tensor(shape: a.shape, data: zip(a.data, b.data).map(f))
        }
        let shape = broadcastShape(a.shape, b.shape)!
        if b.count == 1 { return Tensor(shape: shape, data: a.data.map { f($0, b.data[0]) }) }
        if a.count == 1 { return Tensor(shape: shape, data: b.data.map { f(a.data[0], $0) }) }
        // An operand over the last axes (a bias) repeats in blocks.
        if a.shape == shape, repeatsInBlocks(b.shape, over: shape) {
            let block = b.count
            var out = a.data
            out.withUnsafeMutableBufferPointer { o in
                b.data.withUnsafeBufferPointer { bd in
                    for start in stride(from: 0, to: o.count, by: block) {
                        for j in 0..<block { o[start + j] = f(o[start + j], bd[j]) }
                    }
                }
            }
            return Tensor(shape: shape, data: out)
        }
        let ai = broadcastOffsets(a.shape, to: shape), bi = broadcastOffsets(b.shape, to: shape)
        return Tensor(shape: shape, data: (0..<ai.count).map { f(a.data[ai[$0]], b.data[bi[$0]]) })
    }

    /// A gradient over the broadcast shape summed back to an operand's `shape`.
    static func reduce(_ g: Tensor, to shape: [Int]) -> Tensor {
        if g.shape == shape { return g }
        var out = [Float](repeating: 0, count: shape.reduce(1, *))
        if out.count == 1 {
            out[0] = g.data.reduce(0, +)
        } else if repeatsInBlocks(shape, over: g.shape) {
            // An operand over the last axes (a bias): the sum of the gradient's blocks.
            out.withUnsafeMutableBufferPointer { o in
                g.data.withUnsafeBufferPointer { gd in
                    for start in stride(from: 0, to: gd.count, by: o.count) {
                        for j in 0..<o.count { o[j] += gd[start + j] }
                    }
                }
            }
        } else {
            let offsets = broadcastOffsets(shape, to: g.shape)
            for (i, o) in offsets.enumerated() { out[o] += g.data[i] }
        }
        return Tensor(shape: shape, data: out)
    }

    public enum Arithmetic: Sendable { case add, subtract, multiply, divide }

    /// `a + b`, `a - b`, `a * b`, `a / b` with broadcasting.
    public static func arithmetic(_ op: Arithmetic, _ a: Node, _ b: Node) throws -> Node {
        try checkBroadcast(a, b)
        let (x, y) = (a.value, b.value)
        switch op {
        case .add:
            return Node(combine(x, y, +), [a, b]) { g in [reduce(g, to: x.shape), reduce(g, to: y.shape)] }
        case .subtract:
            return Node(combine(x, y, -), [a, b]) { g in
                [reduce(g, to: x.shape), reduce(g.negated, to: y.shape)]
            }
        case .multiply:
            return Node(combine(x, y, *), [a, b]) { g in
                [
                    a.needsGradient ? reduce(combine(g, y, *), to: x.shape) : nil,
                    b.needsGradient ? reduce(combine(g, x, *), to: y.shape) : nil,
                ]
            }
        case .divide:
            return Node(combine(x, y, /), [a, b]) { g in
                [
                    a.needsGradient ? reduce(combine(g, y, /), to: x.shape) : nil,
                    b.needsGradient
                        ? reduce(combine(combine(g, x, *), y) { $0 / ($1 * $1) }, to: y.shape).negated : nil,
                ]
            }
        }
    }

    /// `f(x)` element by element, with the derivative `d(x, y)` from the input and the output.
    static func pointwise(_ x: Node, _ f: (Float) -> Float, _ d: @escaping (Float, Float) -> Float) -> Node {
        let y = Tensor(shape: x.shape, data: x.value.data.map(f))
        return Node(y, [x]) { g in
            var out = g.data
            x.value.data.withUnsafeBufferPointer { X in
                y.data.withUnsafeBufferPointer { Y in
                    out.withUnsafeMutableBufferPointer { G in
                        for i in 0..<G.count { G[i] *= d(X[i], Y[i]) }
                    }
                }
            }
            return [Tensor(shape: g.shape, data: out)]
        }
    }

    /// An activation (softmax on the last axis).
    public static func activation(_ a: Activation, _ x: Node) -> Node {
        if a == .softmax { return softmax(x) }
        if a == .linear { return x }
        if a == .swish || a == .silu { return swish(x) }
        var out = [Float](repeating: 0, count: x.value.count)
        x.value.data.withUnsafeBufferPointer { X in out.withUnsafeMutableBufferPointer { a.values(X, $0) } }
        let y = Tensor(shape: x.shape, data: out)
        return Node(y, [x], kind: a == .sigmoid ? .sigmoid : .other) { g in
            var back = g.data
            x.value.data.withUnsafeBufferPointer { X in
                y.data.withUnsafeBufferPointer { Y in back.withUnsafeMutableBufferPointer { a.gradients(X, Y, $0) } }
            }
            return [Tensor(shape: g.shape, data: back)]
        }
    }

    /// x · sigmoid(x), keeping the sigmoid for the backward pass instead of computing it again (the
    /// same values, so the same bits as `Activation.gradients`).
    static func swish(_ x: Node) -> Node {
        let n = x.value.count
        var sigmoids = [Float](repeating: 0, count: n), out = [Float](repeating: 0, count: n)
        x.value.data.withUnsafeBufferPointer { X in
            for i in 0..<n {
                sigmoids[i] = Activation.sigmoid(X[i])
                out[i] = X[i] * sigmoids[i]
            }
        }
        return Node(Tensor(shape: x.shape, data: out), [x]) { g in
            var back = g.data
            x.value.data.withUnsafeBufferPointer { X in
                for i in 0..<n {
                    let s = sigmoids[i]
                    back[i] *= s + X[i] * s * (1 - s)
                }
            }
            return [Tensor(shape: g.shape, data: back)]
        }
    }

    /// Softmax over the last axis.
    public static func softmax(_ x: Node) -> Node {
        let width = max(x.shape.last ?? 1, 1)
        var y = x.value.data
        y.withUnsafeMutableBufferPointer { out in
            for row in stride(from: 0, to: out.count, by: width) {
                var largest = -Float.infinity
                for c in row..<(row + width) { largest = max(largest, out[c]) }
                var total: Float = 0
                for c in row..<(row + width) {
                    out[c] = Foundation.exp(out[c] - largest)
                    total += out[c]
                }
                for c in row..<(row + width) { out[c] /= total }
            }
        }
        let result = Tensor(shape: x.shape, data: y)
        return Node(result, [x], kind: .softmax) { g in
            var out = g.data
            for row in stride(from: 0, to: out.count, by: width) {
                var dot: Float = 0
                for c in row..<(row + width) { dot += g.data[c] * y[c] }
                for c in row..<(row + width) { out[c] = y[c] * (g.data[c] - dot) }
            }
            return [Tensor(shape: g.shape, data: out)]
        }
    }

    // MARK: shapes

    public static func reshape(_ x: Node, _ shape: [Int]) -> Node {
        let original = x.shape
        return Node(x.value.reshaped(shape), [x]) { g in [g.reshaped(original)] }
    }

    /// The tensors joined along `axis` (non-negative), their other axes equal.
    public static func concatenate(_ xs: [Node], axis: Int) -> Node {
        let outer = xs[0].shape.prefix(axis).reduce(1, *)
        let widths = xs.map { $0.shape.suffix(from: axis).reduce(1, *) }
        let total = widths.reduce(0, +)
        var out = [Float](repeating: 0, count: outer * total)
        var start = 0
        for (x, w) in zip(xs, widths) {
            for o in 0..<outer {
                for j in 0..<w { out[o * total + start + j] = x.value.data[o * w + j] }
            }
            start += w
        }
        var shape = xs[0].shape
        shape[axis] = xs.reduce(0) { $0 + $1.shape[axis] }
        return Node(Tensor(shape: shape, data: out), xs) { g in
            var starts = 0
            return zip(xs, widths).map { x, w in
                defer { starts += w }
                var part = [Float](repeating: 0, count: outer * w)
                for o in 0..<outer {
                    for j in 0..<w { part[o * w + j] = g.data[o * total + starts + j] }
                }
                return Tensor(shape: x.shape, data: part)
            }
        }
    }

    // MARK: reductions

    /// The sum over `axes` (non-negative, sorted), keeping them as length 1 when `keepDims`.
    public static func sum(_ x: Node, axes: [Int]?, keepDims: Bool = false) -> Node {
        let shape = x.shape
        let reduced = axes ?? Array(shape.indices)
        let kept = shape.indices.map { reduced.contains($0) ? 1 : shape[$0] }
        let total = reduce(x.value, to: kept)
        let outShape = keepDims ? kept : shape.indices.filter { !reduced.contains($0) }.map { shape[$0] }
        return Node(total.reshaped(outShape), [x]) { g in
            let ai = broadcastOffsets(kept, to: shape)
            return [Tensor(shape: shape, data: ai.map { g.data[$0] })]
        }
    }

    public static func mean(_ x: Node, axes: [Int]?, keepDims: Bool = false) -> Node {
        let s = sum(x, axes: axes, keepDims: keepDims)
        let n = Float(x.value.count / max(s.value.count, 1))
        return scale(s, 1 / n)
    }

    /// `x * c` for a constant `c`.
    public static func scale(_ x: Node, _ c: Float) -> Node {
        Node(Tensor(shape: x.shape, data: x.value.data.map { $0 * c }), [x]) { g in
            [Tensor(shape: g.shape, data: g.data.map { $0 * c })]
        }
    }

    /// `w1 * x1 + w2 * x2 + ...` of scalars (a model's total loss over its outputs), summed in order.
    public static func weightedSum(_ terms: [(Node, Float)]) -> Node {
        let total = terms.reduce(Float(0)) { $0 + $1.0.value.data[0] * $1.1 }
        return Node(Tensor(scalar: total), terms.map(\.0)) { g in
            terms.map { Tensor(scalar: g.data[0] * $0.1) }
        }
    }
}

extension Tensor {
    var negated: Tensor { Tensor(shape: shape, data: data.map { -$0 }) }
}
