import Foundation
import NNKeras
import NNLang
import NNTensor

/// A metric object (`tf.keras.metrics.SparseCategoricalAccuracy()`): a running mean updated batch by
/// batch (`update_state`, `result`, `reset_state`), or given to compile, where its name is the key
/// of its values in the history.
final class PyMetric: PyObject {
    enum Kind {
        /// `Mean` and `Sum` of the values given.
        case mean, sum
        /// Element-wise equality of targets and predictions (`Accuracy`).
        case equality
        /// One of compile's metrics; `root` takes the square root of the mean (`RootMeanSquaredError`).
        case compiled(Metric.Kind, identifier: String, root: Bool)
    }
    let kind: Kind
    let name: String
    let className: String
    let session: KerasSession
    /// float32 sums, as Keras's metric variables are.
    var total: Float = 0
    var count: Float = 0

    init(_ kind: Kind, name: String, className: String, _ session: KerasSession) {
        self.kind = kind
        self.name = name
        self.className = className
        self.session = session
    }

    override var type: PyType { session.metricTypes[className] ?? .object }
    override func repr(_ interp: Interpreter) throws -> String {
        "<\(className) name=\(name)>"
    }

    /// Adds a batch: values (`Mean`, `Sum`, with optional weights) or targets and predictions.
    func update(_ a: Bound) throws {
        switch kind {
        case .mean, .sum:
            let values = try TFConvert.array(a["values"]).elements.map { Float($0) }
            var weights = [Float](repeating: 1, count: values.count)
            if let given = a.optional("sample_weight") {
                let w = try TFConvert.array(given)
                guard w.size == 1 || w.size == values.count else {
                    throw ScriptError(.valueError, "sample_weight must have one weight per value")
                }
                weights =
                    w.size == 1
                    ? [Float](repeating: Float(w.elements[0]), count: values.count) : w.elements.map { Float($0) }
            }
            total += zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 }
            count += weights.reduce(0, +)
        case .equality:
            let y = try TFConvert.array(a["y_true"]), p = try TFConvert.array(a["y_pred"])
            let equal = try numpyCall { try Elementwise.apply(.equal, y, p) }
            total += Float(equal.elements.reduce(0, +))
            count += Float(equal.size)
        case .compiled(let metric, _, _):
            let predictions = Tensor(try TFConvert.array(a["y_pred"]))
            let targets = Tensor(try TFConvert.array(a["y_true"]))
            let columns = max(predictions.shape.last ?? 1, 1), rows = predictions.count / columns
            let expected = metric == .sparseCategoricalAccuracy ? rows : predictions.count
            guard targets.count == expected || (metric == .categoricalAccuracy && targets.count % max(rows, 1) == 0)
            else {
                throw ScriptError(
                    .valueError,
                    "y_true and y_pred do not match: y_true.shape=\(describeShape(targets.shape)), y_pred.shape=\(describeShape(predictions.shape))"
                )
            }
            let samples = predictions.rank > 1 ? predictions.shape[0] : 1
            total += metric.total(
                predictions: predictions.rank > 1 ? predictions : predictions.reshaped([1, predictions.count]),
                targets: targets)
            count += Float(samples)
        }
    }

    var result: Float {
        switch kind {
        case .sum: return total
        case .compiled(_, _, root: true): return count == 0 ? 0 : (total / count).squareRoot()
        default: return count == 0 ? 0 : total / count
        }
    }

    /// The metric classes of `keras.metrics`.
    static func install(_ m: inout ModuleBuilder, _ session: KerasSession) {
        let base = PyType("Metric", base: .object, members: members(session))
        base.moduleName = "keras.metrics"
        m.members["Metric"] = .object(base)
        let classes: [(String, String, Kind)] = [
            ("Mean", "mean", .mean), ("Sum", "sum", .sum), ("Accuracy", "accuracy", .equality),
            (
                "BinaryAccuracy", "binary_accuracy",
                .compiled(.binaryAccuracy, identifier: "binary_accuracy", root: false)
            ),
            (
                "CategoricalAccuracy", "categorical_accuracy",
                .compiled(.categoricalAccuracy, identifier: "categorical_accuracy", root: false)
            ),
            (
                "SparseCategoricalAccuracy", "sparse_categorical_accuracy",
                .compiled(.sparseCategoricalAccuracy, identifier: "sparse_categorical_accuracy", root: false)
            ),
            ("MeanAbsoluteError", "mean_absolute_error", .compiled(.meanAbsoluteError, identifier: "mae", root: false)),
            ("MeanSquaredError", "mean_squared_error", .compiled(.meanSquaredError, identifier: "mse", root: false)),
            (
                "RootMeanSquaredError", "root_mean_squared_error",
                .compiled(.meanSquaredError, identifier: "mse", root: true)
            ),
        ]
        for (className, name, kind) in classes {
            let threshold = className == "BinaryAccuracy" ? "threshold=0.5, " : ""
            let signature = Signature(
                "\(className)(name='\(name)', dtype=None, \(threshold))  A running \(name.replacingOccurrences(of: "_", with: " ")).",
                style: .python(countsSelf: false), errorName: "\(className).__init__",
                refusing: threshold.isEmpty ? ["dtype"] : ["dtype", "threshold"])
            let type = PyType(className, base: base, signature: signature) { a, _ in
                .object(PyMetric(kind, name: try a.string("name"), className: className, session))
            }
            type.moduleName = "keras.metrics"
            session.metricTypes[className] = type
            m.members[className] = .object(type)
        }
    }

    static let valuesSignature = Signature(
        "update_state(values, sample_weight=None)  Adds values (weighted by sample_weight) to the running total.",
        style: .python(countsSelf: true), errorName: "Metric.update_state")
    static let targetsSignature = Signature(
        "update_state(y_true, y_pred, sample_weight=None)  Adds a batch of targets and predictions.",
        style: .python(countsSelf: true), errorName: "Metric.update_state", refusing: ["sample_weight"])

    /// `update_state`'s arguments, which depend on the kind (values, or targets and predictions).
    func bind(_ args: Arguments, _ interp: Interpreter) throws -> Bound {
        switch kind {
        case .mean, .sum: return try PyMetric.valuesSignature.bind(args, interp)
        default: return try PyMetric.targetsSignature.bind(args, interp)
        }
    }

    /// `metric(...)`: updates the state, then gives the result.
    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        try update(try bind(args, interp))
        return .object(PyTFTensor(NDArray(scalar: Double(result), dtype: .float32), session))
    }

    static func members(_ session: KerasSession) -> [String: Member] {
        var m = Members("Metric", style: .python(countsSelf: true))
        func of(_ v: Value) throws -> PyMetric {
            guard case .object(let metric as PyMetric) = v else { throw ScriptError(.typeError, "expected a metric") }
            return metric
        }
        m.method("update_state(*args, **kwargs)  Adds a batch (values, or y_true and y_pred) to the running state.") {
            v, a, interp in
            let metric = try of(v)
            try metric.update(try metric.bind(Arguments(a.rest, a.keywords), interp))
            return .none
        }
        m.method("result()  The metric's value so far, as a float32 tensor.") { v, _, _ in
            let metric = try of(v)
            return .object(PyTFTensor(NDArray(scalar: Double(metric.result), dtype: .float32), session))
        }
        for name in ["reset_state", "reset_states"] {
            m.method("\(name)()  Starts over.") { v, _, _ in
                let metric = try of(v)
                (metric.total, metric.count) = (0, 0)
                return .none
            }
        }
        m.property("name", "The metric's name (its key in the history when given to compile).") { v, _ in
            .string(try of(v).name)
        }
        return m.table
    }
}
