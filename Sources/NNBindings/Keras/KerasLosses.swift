import NNKeras
import NNLang
import NNTensor

/// A loss object (`tf.keras.losses.MeanSquaredError()`): given to compile, or called on targets
/// and predictions in a custom training loop.
final class PyLoss: PyObject {
    let loss: Loss
    let name: String
    let fromLogits: Bool
    let session: KerasSession

    init(_ loss: Loss, name: String, fromLogits: Bool, _ session: KerasSession) {
        self.loss = loss
        self.name = name
        self.fromLogits = fromLogits
        self.session = session
    }

    override var type: PyType { KerasSession.lossType }
    override func repr(_ interp: Interpreter) throws -> String {
        "<LossFunctionWrapper(\(loss.name)) object at \(address)>"
    }

    static let callSignature = Signature(
        """
        __call__(y_true, y_pred, sample_weight=None)  The loss of a batch: each sample's loss (weighted by \
        sample_weight) summed and divided by the number of samples, as a float32 tensor.
        """, style: .python(countsSelf: true), errorName: "Loss.__call__")

    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let a = try PyLoss.callSignature.bind(args, interp)
        let weights = try a.optional("sample_weight").map { try TFConvert.array($0).elements.map { Float($0) } }
        let (predictions, targets) = try KerasLosses.operands(loss, a, session)
        if let weights, weights.count != predictions.shape.first ?? 1 {
            throw ScriptError(
                .valueError, "sample_weight has \(weights.count) values for \(predictions.shape.first ?? 1) samples")
        }
        let node = loss.node(predictions, targets: targets, weights: weights?[...], fromLogits: fromLogits)
        return .object(PyTFTensor(node, session))
    }

    static let members: [String: Member] = {
        var m = Members("Loss")
        m.property("name", "The loss's name.") { v, _ in
            guard case .object(let l as PyLoss) = v else { return .none }
            return .string(l.name)
        }
        return m.table
    }()
}

/// `keras.losses`: the loss classes and the per-sample loss functions (`tf.keras.losses.MAE`).
enum KerasLosses {
    /// The predictions as a float32 node (float64 ones computed in float32) and the targets, checked
    /// against each other.
    static func operands(_ loss: Loss, _ a: Bound, _ session: KerasSession) throws -> (Node, Tensor) {
        var predictions = try TFConvert.tensor(a["y_pred"], session)
        if !predictions.dtype.isFloat { predictions = try TFConvert.tensor(a["y_pred"], session, dtype: .float32) }
        let node = try TFConvert.floatNode(predictions, loss.name)
        let targets = Tensor(try TFConvert.array(a["y_true"]))
        let columns = max(node.shape.last ?? 1, 1)
        // Keras squeezes or expands a last axis of length 1 to make the shapes meet.
        let expected = loss == .sparseCategoricalCrossentropy ? Array(node.shape.dropLast()) : node.shape
        guard targets.shape == expected || targets.shape == expected + [1] || targets.shape + [1] == expected else {
            let what = loss == .sparseCategoricalCrossentropy ? "one label per row of" : "the shape of"
            throw ScriptError(
                .valueError,
                "y_true must have \(what) y_pred: y_true.shape=\(describeShape(targets.shape)), y_pred.shape=\(describeShape(node.shape))"
            )
        }
        if loss == .sparseCategoricalCrossentropy {
            try kerasCall { try loss.validate(targets: targets, outputShape: [columns]) }
        }
        return (node, targets)
    }

    static func make(_ session: KerasSession) -> PyModule {
        var m = ModuleBuilder("keras.losses", style: .python(countsSelf: false))
        let crossentropy = "from_logits=False, label_smoothing=0.0, axis=-1, "
        let classes: [(String, Loss, String, Set<String>)] = [
            ("MeanSquaredError", .meanSquaredError, "", []),
            ("MeanAbsoluteError", .meanAbsoluteError, "", []),
            ("Huber", .huber, "delta=1.0, ", ["delta"]),
            ("BinaryCrossentropy", .binaryCrossentropy, crossentropy, ["label_smoothing", "axis"]),
            ("CategoricalCrossentropy", .categoricalCrossentropy, crossentropy, ["label_smoothing", "axis"]),
            (
                "SparseCategoricalCrossentropy", .sparseCategoricalCrossentropy,
                "from_logits=False, ignore_class=None, axis=-1, ", ["ignore_class", "axis"]
            ),
        ]
        let logitsHelp =
            "from_logits: whether y_pred holds logits (a sigmoid or softmax turns them into probabilities)."
        for (className, loss, own, refused) in classes {
            let name = loss == .huber ? "huber_loss" : loss.name
            let takesLogits = own.hasPrefix("from_logits")
            m.def(
                """
                \(className)(\(own)reduction='sum_over_batch_size', name='\(name)', dtype=None)  The \(loss.name) \
                loss, for compile or called as loss(y_true, y_pred).
                \(takesLogits ? logitsHelp : "")
                """,
                errorName: "\(className).__init__", refusing: refused.union(["reduction", "dtype"])
            ) { a, _ in
                let fromLogits = takesLogits ? try a.bool("from_logits") : false
                return .object(PyLoss(loss, name: try a.string("name"), fromLogits: fromLogits, session))
            }
            let functionName = loss == .huber ? "huber" : loss.name
            let parameters =
                loss == .huber
                ? "delta=1.0" : takesLogits ? String(own.dropLast(2)) : ""
            m.def(
                """
                \(functionName)(y_true, y_pred\(parameters.isEmpty ? "" : ", " + parameters))  Each sample's \
                \(loss.name) (the mean over the last axis), as a tensor; pass it as loss= to compile.
                \(takesLogits ? logitsHelp : "")
                """, refusing: refused
            ) { a, _ in
                let fromLogits = takesLogits ? try a.bool("from_logits") : false
                let predictions = try TFConvert.tensor(a["y_pred"], session)
                let (node, targets) = try operands(loss, a, session)
                return .object(
                    TFConvert.result(loss.rows(node, targets: targets, fromLogits: fromLogits), like: predictions))
            }
        }
        // Keras's short names are the same functions (`tf.keras.losses.MAE.__name__` is 'mean_absolute_error').
        for (short, loss) in [
            ("mse", Loss.meanSquaredError), ("MSE", .meanSquaredError), ("mae", .meanAbsoluteError),
            ("MAE", .meanAbsoluteError),
        ] {
            m.members[short] = m.members[loss.name]
        }
        return m.build()
    }
}
