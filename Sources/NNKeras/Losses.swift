import Foundation

/// Keras's losses: each gives the per-sample losses of a batch and the gradient of their mean.
public enum Loss: Sendable {
    case meanSquaredError, meanAbsoluteError, huber, binaryCrossentropy, categoricalCrossentropy,
        sparseCategoricalCrossentropy

    /// The names `compile(loss=...)` accepts.
    public static let byName: [String: Loss] = [
        "mse": .meanSquaredError, "mean_squared_error": .meanSquaredError, "MeanSquaredError": .meanSquaredError,
        "mae": .meanAbsoluteError, "mean_absolute_error": .meanAbsoluteError, "MeanAbsoluteError": .meanAbsoluteError,
        "huber": .huber, "huber_loss": .huber, "Huber": .huber,
        "binary_crossentropy": .binaryCrossentropy, "BinaryCrossentropy": .binaryCrossentropy,
        "categorical_crossentropy": .categoricalCrossentropy, "CategoricalCrossentropy": .categoricalCrossentropy,
        "sparse_categorical_crossentropy": .sparseCategoricalCrossentropy,
        "SparseCategoricalCrossentropy": .sparseCategoricalCrossentropy,
    ]

    public var name: String {
        switch self {
        case .meanSquaredError: return "mean_squared_error"
        case .meanAbsoluteError: return "mean_absolute_error"
        case .huber: return "huber"
        case .binaryCrossentropy: return "binary_crossentropy"
        case .categoricalCrossentropy: return "categorical_crossentropy"
        case .sparseCategoricalCrossentropy: return "sparse_categorical_crossentropy"
        }
    }

    static let epsilon: Float = 1e-7

    /// Checks targets against predictions before any arithmetic, with Keras's messages.
    public func validate(targets y: Matrix, outputColumns: Int) throws {
        switch self {
        case .sparseCategoricalCrossentropy:
            guard y.columns == 1 else {
                throw KerasError(
                    .value,
                    "Arguments `target` and `output` must have the same rank (ndim). Received: target.shape=(None, \(y.columns)), output.shape=(None, \(outputColumns))"
                )
            }
            for label in y.data where !(label >= 0 && label < Float(outputColumns) && label == label.rounded()) {
                let text = abs(label) < 1e15 && label == label.rounded() ? String(Int64(label)) : "\(label)"
                throw KerasError(
                    .value,
                    "Received a label value of \(text) which is outside the valid range of [0, \(outputColumns)).")
            }
        default:
            guard y.columns == outputColumns else {
                throw KerasError(
                    .value,
                    "Arguments `target` and `output` must have the same shape. Received: target.shape=(None, \(y.columns)), output.shape=(None, \(outputColumns))"
                )
            }
        }
    }

    /// The activation whose logits this loss takes directly, as Keras's TensorFlow backend does
    /// when a sigmoid or softmax output meets a cross-entropy.
    func fusedActivation() -> Activation? {
        switch self {
        case .binaryCrossentropy: return .sigmoid
        case .categoricalCrossentropy, .sparseCategoricalCrossentropy: return .softmax
        default: return nil
        }
    }

    /// The loss of a batch and its gradient with respect to the predictions (or, when `logits` are
    /// given for a fused activation, with respect to the logits). With sample weights, each sample's
    /// loss is weighted and the sum divided by the batch size, as Keras's "sum_over_batch_size" does.
    public func evaluate(
        predictions p: Matrix, targets y: Matrix, logits: Matrix? = nil,
        weights: ArraySlice<Float>? = nil
    ) -> (loss: Float, gradient: Matrix) {
        let (losses, partial) = perSample(predictions: p, targets: y, logits: logits)
        let weights = weights.map(Array.init)
        guard let weights else { return (losses.reduce(0, +) / Float(p.rows), partial) }
        var gradient = partial
        var total: Float = 0
        for (r, w) in zip(0..<p.rows, weights) {
            total += w * losses[r]
            for c in 0..<p.columns { gradient[r, c] *= w }
        }
        return (total / Float(p.rows), gradient)
    }

    /// Each sample's loss, and the gradient of their mean.
    func perSample(predictions p: Matrix, targets y: Matrix, logits: Matrix?) -> (losses: [Float], gradient: Matrix) {
        let batch = Float(p.rows)
        var gradient = Matrix(zeros: p.rows, p.columns)
        var losses = [Float](repeating: 0, count: p.rows)
        switch self {
        case .meanSquaredError, .meanAbsoluteError, .huber:
            let d = Float(p.columns)
            for r in 0..<p.rows {
                var sample: Float = 0
                for c in 0..<p.columns {
                    let e = p[r, c] - y[r, c]
                    switch self {
                    case .meanSquaredError:
                        sample += e * e
                        gradient[r, c] = 2 * e / (d * batch)
                    case .meanAbsoluteError:
                        sample += abs(e)
                        gradient[r, c] = (e > 0 ? 1 : e < 0 ? -1 : 0) / (d * batch)
                    default:
                        sample += abs(e) <= 1 ? 0.5 * e * e : abs(e) - 0.5
                        gradient[r, c] = (abs(e) <= 1 ? e : (e > 0 ? 1 : -1)) / (d * batch)
                    }
                }
                losses[r] = sample / d
            }
        case .binaryCrossentropy:
            let d = Float(p.columns)
            for r in 0..<p.rows {
                var sample: Float = 0
                for c in 0..<p.columns {
                    let t = y[r, c]
                    if let z = logits?[r, c] {
                        sample += max(z, 0) - z * t + Foundation.log1p(Foundation.exp(-abs(z)))
                        gradient[r, c] = (Activation.sigmoid(z) - t) / (d * batch)
                    } else {
                        let q = min(max(p[r, c], Loss.epsilon), 1 - Loss.epsilon)
                        sample += -(t * Foundation.log(q) + (1 - t) * Foundation.log(1 - q))
                        let clipped = p[r, c] < Loss.epsilon || p[r, c] > 1 - Loss.epsilon
                        gradient[r, c] = clipped ? 0 : (q - t) / (q * (1 - q)) / (d * batch)
                    }
                }
                losses[r] = sample / d
            }
        case .categoricalCrossentropy, .sparseCategoricalCrossentropy:
            for r in 0..<p.rows {
                let target: (Int) -> Float
                if self == .sparseCategoricalCrossentropy {
                    let label = Int(y[r, 0])
                    target = { $0 == label ? 1 : 0 }
                } else {
                    target = { y[r, $0] }
                }
                if let z = logits {
                    var largest = -Float.infinity
                    for c in 0..<z.columns { largest = max(largest, z[r, c]) }
                    var sum: Float = 0
                    for c in 0..<z.columns { sum += Foundation.exp(z[r, c] - largest) }
                    let logSum = Foundation.log(sum) + largest
                    for c in 0..<z.columns {
                        losses[r] -= target(c) * (z[r, c] - logSum)
                        gradient[r, c] = (Foundation.exp(z[r, c] - logSum) - target(c)) / batch
                    }
                } else {
                    var sum: Float = 0
                    for c in 0..<p.columns { sum += p[r, c] }
                    for c in 0..<p.columns {
                        let q = min(max(p[r, c] / sum, Loss.epsilon), 1 - Loss.epsilon)
                        losses[r] -= target(c) * Foundation.log(q)
                        gradient[r, c] = -target(c) / q / batch
                    }
                }
            }
        }
        return (losses, gradient)
    }

    /// Keras's `class_weight`: each sample weighted by the weight of its class (the label for sparse
    /// targets, the largest column for one-hot ones, the rounded value for one column).
    public static func classWeights(_ weights: [Int: Float], targets y: Matrix) throws -> [Float] {
        try (0..<y.rows).map { r in
            var label = 0
            if y.columns == 1 {
                label = Int(y[r, 0].rounded())
            } else {
                for c in 0..<y.columns where y[r, c] > y[r, label] { label = c }
            }
            guard label >= 0, label <= weights.keys.max() ?? -1 else {
                throw KerasError(.value, "class_weight has no weight for class \(label)")
            }
            return weights[label] ?? 1
        }
    }
}

/// Keras's metrics as `compile(metrics=...)` names them.
public enum Metric: Sendable {
    case binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, meanAbsoluteError, meanSquaredError

    /// The name history keys use.
    public var key: String {
        switch self {
        case .binaryAccuracy, .categoricalAccuracy, .sparseCategoricalAccuracy: return "accuracy"
        case .meanAbsoluteError: return "mae"
        case .meanSquaredError: return "mse"
        }
    }

    /// Keras's choice for "accuracy": binary for one output column, sparse for integer labels.
    public static func accuracy(loss: Loss, outputColumns: Int, targetColumns: Int) -> Metric {
        if loss == .binaryCrossentropy || outputColumns == 1 { return .binaryAccuracy }
        if loss == .sparseCategoricalCrossentropy || (targetColumns == 1 && outputColumns > 1) {
            return .sparseCategoricalAccuracy
        }
        return .categoricalAccuracy
    }

    /// The per-sample values of a batch, summed. Keras's compiled metrics ignore sample weights
    /// (only `weighted_metrics` use them).
    public func total(predictions p: Matrix, targets y: Matrix) -> Float {
        var total: Float = 0
        for r in 0..<p.rows {
            switch self {
            case .binaryAccuracy:
                var correct: Float = 0
                for c in 0..<p.columns { correct += (p[r, c] > 0.5 ? 1 : 0) == y[r, c] ? 1 : 0 }
                total += correct / Float(p.columns)
            case .categoricalAccuracy, .sparseCategoricalAccuracy:
                var best = 0
                for c in 0..<p.columns where p[r, c] > p[r, best] { best = c }
                if self == .sparseCategoricalAccuracy {
                    total += y[r, 0] == Float(best) ? 1 : 0
                } else {
                    var truth = 0
                    for c in 0..<y.columns where y[r, c] > y[r, truth] { truth = c }
                    total += truth == best ? 1 : 0
                }
            case .meanAbsoluteError, .meanSquaredError:
                var sample: Float = 0
                for c in 0..<p.columns {
                    let e = p[r, c] - y[r, c]
                    sample += self == .meanSquaredError ? e * e : abs(e)
                }
                total += sample / Float(p.columns)
            }
        }
        return total
    }
}
