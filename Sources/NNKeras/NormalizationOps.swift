import Foundation
import NNTensor

extension Ops {
    /// Batch normalisation over every axis but the last: `(x - mean) / sqrt(variance + epsilon) * gamma + beta`,
    /// with the batch's statistics (returned, for the moving averages) or with given ones at inference.
    public static func batchNormalization(
        _ x: Node, gamma: Node?, beta: Node?, statistics: (mean: [Float], variance: [Float])?, epsilon: Float
    ) -> (Node, mean: [Float], variance: [Float]) {
        let n = x.shape.last ?? 1, rows = x.value.count / max(n, 1)
        var mean = [Float](repeating: 0, count: n), variance = [Float](repeating: 0, count: n)
        if let statistics {
            (mean, variance) = statistics
        } else {
            x.value.data.withUnsafeBufferPointer { X in
                for r in 0..<rows { for c in 0..<n { mean[c] += X[r * n + c] } }
                for c in 0..<n { mean[c] /= Float(rows) }
                for r in 0..<rows {
                    for c in 0..<n {
                        let d = X[r * n + c] - mean[c]
                        variance[c] += d * d
                    }
                }
            }
            for c in 0..<n { variance[c] /= Float(rows) }
        }
        let inverse = variance.map { 1 / ($0 + epsilon).squareRoot() }
        let g = gamma?.value.data ?? [Float](repeating: 1, count: n),
            b = beta?.value.data ?? [Float](repeating: 0, count: n)
        // As tf.nn.batch_normalization computes it (Keras's TensorFlow backend): x * k + (beta - mean * k)
        // with k = gamma / sqrt(variance + epsilon), so that the rounding agrees with TensorFlow's.
        let k = (0..<n).map { inverse[$0] * g[$0] }, shift = (0..<n).map { b[$0] - mean[$0] * k[$0] }
        var normalized = [Float](repeating: 0, count: x.value.count), out = normalized
        x.value.data.withUnsafeBufferPointer { X in
            for r in 0..<rows {
                for c in 0..<n {
                    normalized[r * n + c] = (X[r * n + c] - mean[c]) * inverse[c]
                    out[r * n + c] = X[r * n + c] * k[c] + shift[c]
                }
            }
        }
        let batchStatistics = statistics == nil
        let inputs = [x] + [gamma, beta].compactMap { $0 }
        let node = Node(Tensor(shape: x.shape, data: out), inputs) { grad in
            var dGamma = [Float](repeating: 0, count: n), dBeta = [Float](repeating: 0, count: n)
            for r in 0..<rows {
                for c in 0..<n {
                    dGamma[c] += grad.data[r * n + c] * normalized[r * n + c]
                    dBeta[c] += grad.data[r * n + c]
                }
            }
            var dx = [Float](repeating: 0, count: x.value.count)
            let m = Float(rows)
            for r in 0..<rows {
                for c in 0..<n {
                    let i = r * n + c
                    dx[i] =
                        batchStatistics
                        ? g[c] * inverse[c] / m * (m * grad.data[i] - dBeta[c] - normalized[i] * dGamma[c])
                        : g[c] * inverse[c] * grad.data[i]
                }
            }
            return [Tensor(shape: x.shape, data: dx)] + (gamma == nil ? [] : [Tensor(shape: [n], data: dGamma)])
                + (beta == nil ? [] : [Tensor(shape: [n], data: dBeta)])
        }
        return (node, mean, variance)
    }

    /// Dropout while training: each value kept with probability 1 - rate and scaled by 1 / (1 - rate).
    public static func dropout(_ x: Node, rate: Float, random: KerasRandom) -> Node {
        let keep = 1 - rate
        let mask = (0..<x.value.count).map { _ in random.uniform() < keep ? 1 / keep : 0 }
        return Node(Tensor(shape: x.shape, data: zip(x.value.data, mask).map(*)), [x]) { g in
            [Tensor(shape: g.shape, data: zip(g.data, mask).map(*))]
        }
    }
}
