import Foundation
import NNTensor

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

    /// Checks targets against predictions before any arithmetic, with Keras's messages: targets are
    /// (rows, classes) or, for sparse labels, (rows, 1), rows being every position of the output's last axis.
    public func validate(targets y: Tensor, outputShape: [Int]) throws {
        let classes = outputShape.last ?? 1
        let targetColumns = y.shape.count > 1 ? y.shape.last! : 1
        let targetShape = describeShape([nil] + y.shape.dropFirst().map { $0 }),
            output = describeShape([nil] + outputShape)
        switch self {
        case .sparseCategoricalCrossentropy:
            let rank = max(y.rank, 2) - 1
            guard (rank == outputShape.count && targetColumns == 1) || rank == outputShape.count - 1 else {
                throw KerasError(
                    .value,
                    "Arguments `target` and `output` must have the same rank (ndim). Received: target.shape=\(targetShape), output.shape=\(output)"
                )
            }
            for label in y.data where !(label >= 0 && label < Float(classes) && label == label.rounded()) {
                let text = abs(label) < 1e15 && label == label.rounded() ? String(Int64(label)) : "\(label)"
                throw KerasError(
                    .value, "Received a label value of \(text) which is outside the valid range of [0, \(classes)).")
            }
        default:
            let sampleSize = y.shape.dropFirst().reduce(1, *)
            guard targetColumns == classes, sampleSize == outputShape.reduce(1, *) else {
                throw KerasError(
                    .value,
                    "Arguments `target` and `output` must have the same shape. Received: target.shape=\(targetShape), output.shape=\(output)"
                )
            }
        }
    }

    /// The activation whose logits this loss takes directly, as Keras's TensorFlow backend does
    /// when a sigmoid or softmax output meets a cross-entropy.
    func fuses(_ kind: Node.Kind) -> Bool {
        switch self {
        case .binaryCrossentropy: return kind == .sigmoid
        case .categoricalCrossentropy, .sparseCategoricalCrossentropy: return kind == .softmax
        default: return false
        }
    }

    /// What makes probabilities of logits for this loss (`from_logits=True`): sigmoid for binary
    /// cross-entropy, softmax for the categorical ones; the other losses take values as they are.
    func activation(_ logits: Node) -> Node {
        switch self {
        case .binaryCrossentropy: return Ops.activation(.sigmoid, logits)
        case .categoricalCrossentropy, .sparseCategoricalCrossentropy: return Ops.softmax(logits)
        default: return logits
        }
    }

    /// Each row's loss as a node (a row being one position of the output's last axis; the shape is the
    /// predictions' without that axis): Keras's loss functions (`tf.keras.losses.MAE`). A sigmoid or
    /// softmax output is read through its logits.
    public func rows(_ predictions: Node, targets: Tensor, fromLogits: Bool = false) -> Node {
        let predictions = fromLogits ? activation(predictions) : predictions
        let fused = fuses(predictions.kind)
        let source = fused ? predictions.inputs[0] : predictions
        let columns = max(predictions.shape.last ?? 1, 1)
        let rows = predictions.value.count / columns
        let (losses, partial) = perRow(
            predictions.value.data, targets: targets.data, logits: fused ? source.value.data : nil, rows: rows,
            columns: columns)
        return Node(Tensor(shape: predictions.shape.dropLast(), data: losses), [source]) { g in
            var out = partial
            for r in 0..<rows {
                for c in 0..<columns { out[r * columns + c] *= g.data[r] }
            }
            return [Tensor(shape: source.shape, data: out)]
        }
    }

    /// The loss of a batch as a node of the graph: each row's loss weighted by its sample's weight,
    /// summed and divided by the number of rows, as Keras's "sum_over_batch_size" does.
    public func node(
        _ predictions: Node, targets: Tensor, weights: ArraySlice<Float>? = nil, fromLogits: Bool = false
    ) -> Node {
        let perRow = rows(predictions, targets: targets, fromLogits: fromLogits)
        let count = perRow.value.count
        let perSample = max(count / max(predictions.shape.first ?? 1, 1), 1)
        let w = weights.map { weights in (0..<count).map { weights[weights.startIndex + $0 / perSample] } }
        let losses = perRow.value.data
        let total = w.map { w in zip(w, losses).reduce(0) { $0 + $1.0 * $1.1 } } ?? losses.reduce(0, +)
        let scale = 1 / Float(max(count, 1))
        return Node(Tensor(scalar: total * scale), [perRow]) { g in
            let factor = g.data[0] * scale
            return [
                Tensor(
                    shape: perRow.shape,
                    data: w.map { $0.map { $0 * factor } } ?? Array(repeating: factor, count: count))
            ]
        }
    }

    /// Each row's loss, and its gradient with respect to the predictions (or the logits when given).
    func perRow(
        _ p: [Float], targets y: [Float], logits: [Float]?, rows: Int, columns: Int
    ) -> (
        losses: [Float], gradient: [Float]
    ) {
        var gradient = [Float](repeating: 0, count: p.count)
        var losses = [Float](repeating: 0, count: rows)
        let d = Float(columns)
        switch self {
        case .meanSquaredError, .meanAbsoluteError, .huber:
            for r in 0..<rows {
                var sample: Float = 0
                for c in 0..<columns {
                    let i = r * columns + c
                    let e = p[i] - y[i]
                    switch self {
                    case .meanSquaredError:
                        sample += e * e
                        gradient[i] = 2 * e / d
                    case .meanAbsoluteError:
                        sample += abs(e)
                        gradient[i] = (e > 0 ? 1 : e < 0 ? -1 : 0) / d
                    default:
                        sample += abs(e) <= 1 ? 0.5 * e * e : abs(e) - 0.5
                        gradient[i] = (abs(e) <= 1 ? e : (e > 0 ? 1 : -1)) / d
                    }
                }
                losses[r] = sample / d
            }
        case .binaryCrossentropy:
            for r in 0..<rows {
                var sample: Float = 0
                for c in 0..<columns {
                    let i = r * columns + c
                    let t = y[i]
                    if let z = logits?[i] {
                        sample += max(z, 0) - z * t + Foundation.log1p(Foundation.exp(-abs(z)))
                        gradient[i] = (Activation.sigmoid(z) - t) / d
                    } else {
                        let q = min(max(p[i], Loss.epsilon), 1 - Loss.epsilon)
                        sample += -(t * Foundation.log(q) + (1 - t) * Foundation.log(1 - q))
                        let clipped = p[i] < Loss.epsilon || p[i] > 1 - Loss.epsilon
                        gradient[i] = clipped ? 0 : (q - t) / (q * (1 - q)) / d
                    }
                }
                losses[r] = sample / d
            }
        case .categoricalCrossentropy, .sparseCategoricalCrossentropy:
            for r in 0..<rows {
                let row = r * columns
                let target: (Int) -> Float
                if self == .sparseCategoricalCrossentropy {
                    let label = Int(y[r])
                    target = { $0 == label ? 1 : 0 }
                } else {
                    target = { y[row + $0] }
                }
                if let z = logits {
                    var largest = -Float.infinity
                    for c in 0..<columns { largest = max(largest, z[row + c]) }
                    var sum: Float = 0
                    for c in 0..<columns { sum += Foundation.exp(z[row + c] - largest) }
                    let logSum = Foundation.log(sum) + largest
                    for c in 0..<columns {
                        losses[r] -= target(c) * (z[row + c] - logSum)
                        gradient[row + c] = Foundation.exp(z[row + c] - logSum) - target(c)
                    }
                } else {
                    var sum: Float = 0
                    for c in 0..<columns { sum += p[row + c] }
                    for c in 0..<columns {
                        let q = min(max(p[row + c] / sum, Loss.epsilon), 1 - Loss.epsilon)
                        losses[r] -= target(c) * Foundation.log(q)
                        gradient[row + c] = -target(c) / q
                    }
                }
            }
        }
        return (losses, gradient)
    }

    /// Keras's `class_weight`: each sample weighted by the weight of its class (the label for sparse
    /// targets, the largest column for one-hot ones, the rounded value for one column).
    public static func classWeights(_ weights: [Int: Float], targets y: Tensor) throws -> [Float] {
        let samples = y.shape.first ?? 0, columns = y.count / max(samples, 1)
        return try (0..<samples).map { r in
            var label = 0
            if columns == 1 {
                label = Int(y.data[r].rounded())
            } else {
                for c in 0..<columns where y.data[r * columns + c] > y.data[r * columns + label] { label = c }
            }
            guard label >= 0, label <= weights.keys.max() ?? -1 else {
                throw KerasError(.value, "class_weight has no weight for class \(label)")
            }
            return weights[label] ?? 1
        }
    }
}

/// A metric `compile` named: the key its values have in the logs and the history (the name given, or
/// a metric object's name), and what it computes.
public struct Metric: Sendable {
    public var key: String
    public var kind: Kind
    /// Which of the model's outputs it measures.
    public var output: Int
    public init(key: String, kind: Kind, output: Int = 0) {
        (self.key, self.kind, self.output) = (key, kind, output)
    }

    public func total(predictions: Tensor, targets: Tensor) -> Float {
        kind.total(predictions: predictions, targets: targets)
    }

    public enum Kind: Sendable {
        case binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, meanAbsoluteError, meanSquaredError

        /// The kinds by the names Keras accepts; "accuracy" (resolved against the data) is not among them.
        public static let byName: [String: Kind] = [
            "binary_accuracy": .binaryAccuracy, "categorical_accuracy": .categoricalAccuracy,
            "sparse_categorical_accuracy": .sparseCategoricalAccuracy, "mae": .meanAbsoluteError,
            "mean_absolute_error": .meanAbsoluteError, "mse": .meanSquaredError,
            "mean_squared_error": .meanSquaredError,
        ]

        /// Whether larger is better (Keras's metric direction, which `mode='auto'` follows).
        public var increases: Bool {
            switch self {
            case .binaryAccuracy, .categoricalAccuracy, .sparseCategoricalAccuracy: return true
            case .meanAbsoluteError, .meanSquaredError: return false
            }
        }

        /// Keras's choice for "accuracy": binary for one output column, sparse for integer labels.
        public static func accuracy(loss: Loss, outputColumns: Int, targetColumns: Int) -> Kind {
            if loss == .binaryCrossentropy || outputColumns == 1 { return .binaryAccuracy }
            if loss == .sparseCategoricalCrossentropy || (targetColumns == 1 && outputColumns > 1) {
                return .sparseCategoricalAccuracy
            }
            return .categoricalAccuracy
        }

        /// The per-sample values of a batch, summed; a sample's value is the mean over the positions of
        /// its output's last axis. Keras's compiled metrics ignore sample weights (only `weighted_metrics`
        /// use them).
        public func total(predictions: Tensor, targets: Tensor) -> Float {
            let columns = max(predictions.shape.last ?? 1, 1), rows = predictions.count / columns
            let samples = max(predictions.shape.first ?? 1, 1)
            let targetColumns = targets.count / max(rows, 1)
            let (p, y) = (predictions.data, targets.data)
            var total: Float = 0
            for r in 0..<rows {
                let row = r * columns
                switch self {
                case .binaryAccuracy:
                    var correct: Float = 0
                    for c in 0..<columns { correct += (p[row + c] > 0.5 ? 1 : 0) == y[row + c] ? 1 : 0 }
                    total += correct / Float(columns)
                case .categoricalAccuracy, .sparseCategoricalAccuracy:
                    var best = 0
                    for c in 0..<columns where p[row + c] > p[row + best] { best = c }
                    if self == .sparseCategoricalAccuracy {
                        total += y[r] == Float(best) ? 1 : 0
                    } else {
                        let t = r * targetColumns
                        var truth = 0
                        for c in 0..<targetColumns where y[t + c] > y[t + truth] { truth = c }
                        total += truth == best ? 1 : 0
                    }
                case .meanAbsoluteError, .meanSquaredError:
                    var sample: Float = 0
                    for c in 0..<columns {
                        let e = p[row + c] - y[row + c]
                        sample += self == .meanSquaredError ? e * e : abs(e)
                    }
                    total += sample / Float(columns)
                }
            }
            return total * Float(samples) / Float(max(rows, 1))
        }
    }
}
