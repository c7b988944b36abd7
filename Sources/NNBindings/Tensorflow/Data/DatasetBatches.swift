import NNKeras
import NNLang
import NNTensor

/// A dataset as the batches `fit`, `evaluate` and `predict` take: each element is one batch,
/// `(x, y)`, `(x, y, sample_weight)` or `x` alone, as Keras unpacks them.
struct DatasetBatches: Model.BatchStream {
    let dataset: PyDataset
    let model: Model
    let interp: Interpreter
    /// `class_weight=`: each sample weighted by its class.
    var classWeights: [Int: Float]? = nil

    var batchCount: Int? { dataset.cardinality >= 0 ? dataset.cardinality : nil }

    func pass() throws -> () throws -> Model.Samples? {
        let next = try dataset.elements(interp)
        return { try next().map(samples) }
    }

    func samples(_ element: Value) throws -> Model.Samples {
        let parts: [Value]
        if case .tuple(let t) = element, (1...3).contains(t.items.count) { parts = t.items } else { parts = [element] }
        let x = try KerasConvert.inputs(parts[0], for: model, interp)
        let y = parts.count > 1 ? try KerasConvert.targets(parts[1], for: model, interp) : []
        var weights = parts.count > 2 ? try NumpyConvert.array(parts[2]).elements.map { Float($0) } : nil
        if let classWeights, let targets = y.first ?? nil {
            guard weights == nil else {
                throw ScriptError(.valueError, "You cannot `class_weight` and `sample_weight` at the same time.")
            }
            weights = try kerasCall { try Loss.classWeights(classWeights, targets: targets) }
        }
        return Model.Samples(x: x, y: y, weights: weights)
    }

    /// Keras's refusal of arguments a dataset carries itself (`y`, `sample_weight`).
    static func refuse(_ a: Bound, _ names: [(argument: String, name: String, what: String)]) throws {
        for (argument, name, what) in names where !(a.optional(argument)?.isNone ?? true) {
            throw ScriptError(
                .valueError,
                "When providing `x` as a tf.data.Dataset, `\(name)` should not be passed. Instead, \(what) should be included as part of the tf.data.Dataset."
            )
        }
    }
}
