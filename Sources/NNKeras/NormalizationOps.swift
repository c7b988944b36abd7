import Foundation
import NNTensor

extension Ops {
    /// Batch normalisation over every axis but the last: `(x - mean) / sqrt(variance + epsilon) * gamma + beta`,
    /// with the batch's statistics (returned, for the moving averages) or with given ones at inference.
    public static func batchNormalization(
        _ x: Node, gamma: Node?, beta: Node?, statistics: (mean: [Float], variance: [Float])?, epsilon: Float
    ) -> (Node, mean: [Float], variance: [Float]) {
        let n = max(x.shape.last ?? 1, 1), count = x.value.count, rows = count / n
        let (mean, variance) = statistics ?? columnStatistics(x.value.data, columns: n)
        let inverse = variance.map { 1 / ($0 + epsilon).squareRoot() }
        let g = gamma?.value.data ?? [Float](repeating: 1, count: n),
            b = beta?.value.data ?? [Float](repeating: 0, count: n)
        // As tf.nn.batch_normalization computes it (Keras's TensorFlow backend): x * k + (beta - mean * k)
        // with k = gamma / sqrt(variance + epsilon), so that the rounding agrees with TensorFlow's.
        let k = (0..<n).map { inverse[$0] * g[$0] }, shift = (0..<n).map { b[$0] - mean[$0] * k[$0] }
        var normalized = [Float](repeating: 0, count: count), out = normalized
        x.value.data.withUnsafeBufferPointer { X in
            normalized.withUnsafeMutableBufferPointer { N in
                out.withUnsafeMutableBufferPointer { Y in
                    columns(mean, inverse, k, shift) { M, I, K, S in
                        for r in 0..<rows {
                            let row = r * n
                            for c in 0..<n {
                                N[row + c] = (X[row + c] - M[c]) * I[c]
                                Y[row + c] = X[row + c] * K[c] + S[c]
                            }
                        }
                    }
                }
            }
        }
        let batchStatistics = statistics == nil
        let inputs = [x] + [gamma, beta].compactMap { $0 }
        let node = Node(Tensor(shape: x.shape, data: out), inputs) { grad in
            var dGamma = [Float](repeating: 0, count: n), dBeta = [Float](repeating: 0, count: n)
            var dx = [Float](repeating: 0, count: count)
            let m = Float(rows)
            // g · inverse / m for each column, as the per-element formula computes it first.
            let factor = (0..<n).map { batchStatistics ? g[$0] * inverse[$0] / m : g[$0] * inverse[$0] }
            grad.data.withUnsafeBufferPointer { G in
                normalized.withUnsafeBufferPointer { N in
                    dGamma.withUnsafeMutableBufferPointer { DG in
                        dBeta.withUnsafeMutableBufferPointer { DB in
                            for r in 0..<rows {
                                let row = r * n
                                for c in 0..<n {
                                    DG[c] += G[row + c] * N[row + c]
                                    DB[c] += G[row + c]
                                }
                            }
                        }
                    }
                    dx.withUnsafeMutableBufferPointer { D in
                        columns(factor, dGamma, dBeta, factor) { F, DG, DB, _ in
                            for r in 0..<rows {
                                let row = r * n
                                for c in 0..<n {
                                    let i = row + c
                                    D[i] = batchStatistics ? F[c] * (m * G[i] - DB[c] - N[i] * DG[c]) : F[c] * G[i]
                                }
                            }
                        }
                    }
                }
            }
            return [Tensor(shape: x.shape, data: dx)] + (gamma == nil ? [] : [Tensor(shape: [n], data: dGamma)])
                + (beta == nil ? [] : [Tensor(shape: [n], data: dBeta)])
        }
        return (node, mean, variance)
    }

    /// Four per-column arrays read without bounds checks in the loops over a batch.
    static func columns(
        _ a: [Float], _ b: [Float], _ c: [Float], _ d: [Float],
        _ body: (
            UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>,
            UnsafeBufferPointer<Float>
        ) -> Void
    ) {
        a.withUnsafeBufferPointer { A in
            b.withUnsafeBufferPointer { B in
                c.withUnsafeBufferPointer { C in d.withUnsafeBufferPointer { D in body(A, B, C, D) } }
            }
        }
    }

    /// Each column's mean and (biased) variance over the rows of `data`, `columns` wide.
    static func columnStatistics(_ data: [Float], columns n: Int) -> (mean: [Float], variance: [Float]) {
        var mean = [Float](repeating: 0, count: n), variance = [Float](repeating: 0, count: n)
        let rows = data.count / n
        data.withUnsafeBufferPointer { X in
            mean.withUnsafeMutableBufferPointer { M in
                for r in 0..<rows { for c in 0..<n { M[c] += X[r * n + c] } }
                for c in 0..<n { M[c] /= Float(rows) }
                variance.withUnsafeMutableBufferPointer { V in
                    for r in 0..<rows {
                        for c in 0..<n {
                            let d = X[r * n + c] - M[c]
                            V[c] += d * d
                        }
                    }
                    for c in 0..<n { V[c] /= Float(rows) }
                }
            }
        }
        return (mean, variance)
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
