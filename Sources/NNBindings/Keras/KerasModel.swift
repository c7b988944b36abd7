import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NNLang
import NNKeras
import NNTensor

/// A model as scripts see it: `compile`, `fit`, `predict`, `evaluate`, `summary`, weights.
final class PyModel: PyObject {
    let model: Model
    let session: KerasSession
    static let modelType = PyType("Sequential", base: .object)
    static let functionalType = PyType("Functional", base: .object)

    init(_ model: Model, _ session: KerasSession) {
        self.model = model
        self.session = session
    }

    override var type: PyType { model.isSequential ? PyModel.modelType : PyModel.functionalType }
    override func repr(_ interp: Interpreter) throws -> String {
        "<\(model.isSequential ? "Sequential" : "Functional") name=\(model.name), built=\(model.isBuilt ? "True" : "False")>"
    }

    override var attributeNames: [String] {
        ["add", "compile", "count_params", "evaluate", "fit", "get_weights", "layers", "name", "predict", "set_weights", "summary"]
    }

    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "name": return .string(model.name)
        case "layers": return .list(PyList(model.layers.map { .object(PyLayer($0, declaredInputShape: nil, session)) }))
        case "optimizer": return model.optimizer.map { .object(PyOptimizer($0)) } ?? .none
        case "input_shape": return model.input.map { .tuple(PyTuple([.none] + $0.outputShape.map { .int($0) })) }
        case "output_shape": return .tuple(PyTuple([.none] + model.outputShape.map { .int($0) }))
        default: break
        }
        guard let method = method(name) else { return nil }
        return .object(PyBuiltinFunction(name, doc: PyModel.methodDocs[name]) { args, interp in try method(args, interp) })
    }

    /// What help() shows for the methods (see FunctionDoc).
    static let methodDocs: [String: String] = [
        "add": "add(layer)  Appends a layer to a Sequential model.",
        "compile": """
            compile(optimizer='rmsprop', loss=None, metrics=None)  Chooses how fit trains the model.
            optimizer: an optimizer's name ('adam', 'sgd', 'rmsprop', 'adagrad') or object (tf.keras.optimizers.Adam(0.1)).
            loss: what training makes small: 'mean_squared_error', 'mean_absolute_error', 'binary_crossentropy', 'categorical_crossentropy', 'sparse_categorical_crossentropy' (or a loss object).
            metrics: more numbers fit reports each epoch, e.g. ['accuracy'] or ['mae'].
            """,
        "fit": """
            fit(x=None, y=None, batch_size=None, epochs=1, verbose='auto', validation_split=0.0, validation_data=None, shuffle=True)  Trains the model and returns a History whose .history holds the loss (and metrics) of each epoch.
            x: the inputs, one row per sample (an array, list or DataFrame).
            y: the targets, one row per sample.
            batch_size: samples per training step; 32 when None.
            epochs: how many passes over the data.
            verbose: 'auto' or 1 shows a progress bar, 2 one line per epoch, 0 nothing.
            validation_split: the fraction of samples (taken from the end) held out and reported as val_loss.
            validation_data: (x_val, y_val) to report val_loss on instead.
            shuffle: whether to shuffle the samples before each epoch.
            """,
        "predict": """
            predict(x, batch_size=None, verbose='auto')  The model's outputs for the inputs, one row per sample, as an array.
            x: the inputs, one row per sample.
            batch_size: samples computed at once; 32 when None.
            verbose: 0 hides the progress line.
            """,
        "evaluate": """
            evaluate(x, y, batch_size=None, verbose='auto')  The loss (and metrics) on the given data: a number, or a list when there are metrics.
            x: the inputs, one row per sample.
            y: the targets, one row per sample.
            """,
        "summary": "summary()  Prints the layers with their output shapes and parameter counts, as Keras does.",
        "get_weights": "get_weights()  The weights as a list of arrays: for each Dense layer its kernel, then its bias.",
        "set_weights": "set_weights(weights)  Replaces the weights with a list of arrays shaped as get_weights() returns them.",
        "count_params": "count_params()  How many numbers the model learns.",
    ]

    func method(_ name: String) -> ((Arguments, Interpreter) throws -> Value)? {
        switch name {
        case "add": return add
        case "compile": return compile
        case "fit": return fit
        case "predict": return predict
        case "evaluate": return evaluate
        case "summary": return { [self] args, interp in
            interp.write(try kerasCall { try model.summary() })
            return .none
        }
        case "get_weights": return { [self] _, _ in
            .list(PyList(try kerasCall { try model.weights() }.map { KerasConvert.array($0, session) }))
        }
        case "set_weights": return { [self] args, interp in
            try args.expect("set_weights", 1...1)
            let values = try KerasConvert.weightList(args[0], interp)
            try kerasCall { try model.setWeights(values) }
            return .none
        }
        case "count_params": return { [self] _, _ in .int(model.parameterCount) }
        default: return nil
        }
    }

    func add(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        try args.expect("add", 1...1)
        try KerasModule.append(args[0], to: model, session)
        return .none
    }

    func compile(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let b = try args.bind("compile", ["optimizer", "loss", "loss_weights", "metrics"])
        model.optimizer = try KerasConvert.optimizer(b[0] ?? .string("rmsprop"))
        model.loss = try b[1].flatMap { $0.isNone ? nil : try KerasConvert.loss($0) }
        if let metrics = b[3], !metrics.isNone {
            // The course writes metrics='accuracy'; Keras 3 wants a list, nn takes both.
            let items = try { () throws -> [Value] in
                if case .str = metrics { return [metrics] }
                return try interp.collect(metrics)
            }()
            model.metricNames = try items.map { item in
                if case .str(let s) = item { return s.value }
                if case .object(let f as PyBuiltinFunction) = item { return f.name }
                throw ScriptError(.valueError, "Could not interpret metric identifier: \(item.typeName)")
            }
        } else {
            model.metricNames = []
        }
        return .none
    }

    /// Keras's `verbose`: 0 / False silent, 2 one line per epoch, anything else the progress bar.
    static func verbosity(_ v: Value?, _ interp: Interpreter) throws -> Int {
        guard let v else { return 1 }
        switch v {
        case .str: return 1
        case .bool(let b): return b ? 1 : 0
        default: return try Conversions.int(v)
        }
    }

    func fit(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let b = try args.bind("fit", ["x", "y", "batch_size", "epochs", "verbose", "callbacks", "validation_split",
                                       "validation_data", "shuffle", "class_weight", "sample_weight", "initial_epoch",
                                       "steps_per_epoch", "validation_steps", "validation_batch_size", "validation_freq"])
        guard let xv = b[0], !xv.isNone, let yv = b[1], !yv.isNone else {
            throw ScriptError(.valueError, "nn's fit needs both x and y")
        }
        let x = try KerasConvert.batch(xv, "x"), y = try KerasConvert.batch(yv, "y")
        let epochs = try b[3].map { try Conversions.int($0) } ?? 1
        let batchSize = try b[2].flatMap { $0.isNone ? nil : try Conversions.int($0) } ?? 32
        let verbose = try PyModel.verbosity(b[4], interp)
        let split = try b[6].map { Float(try Conversions.double($0)) } ?? 0
        guard split >= 0 && split < 1 else { throw ScriptError(.valueError, "`validation_split` must be between 0 and 1, received: \(split)") }
        var validation: (Batch, Batch)? = nil
        if let v = b[7], !v.isNone {
            let parts = try interp.collect(v)
            guard parts.count >= 2 else { throw ScriptError(.valueError, "validation_data must be a tuple (x_val, y_val)") }
            validation = (try KerasConvert.batch(parts[0], "x"), try KerasConvert.batch(parts[1], "y"))
        }
        let shuffle = try b[8].map { try interp.isTruthy($0) } ?? true
        let progress = Progress(interp, verbose: verbose)
        let start = Date()
        let history = try kerasCall {
            try model.fit(x: x, y: y, epochs: max(epochs, 0), batchSize: batchSize, shuffle: shuffle,
                          validationSplit: split, validation: validation, observer: progress)
        }
        if ProcessInfo.processInfo.environment["NN_FIT_TIMES"] != nil {
            // For scripts/bench: the time spent inside fit, on standard error.
            writeStandardError("fit_seconds \(Date().timeIntervalSince(start))\n")
        }
        // Ctrl-C stopped training after a step; the weights so far are kept.
        try interp.checkInterrupt()
        return .object(PyHistory(history, epochs: history.values["loss"]?.count ?? 0, model: .object(self)))
    }

    func predict(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let b = try args.bind("predict", ["x", "batch_size", "verbose", "steps", "callbacks"], required: 1)
        let x = try KerasConvert.batch(b[0]!, "x")
        let batchSize = try b[1].flatMap { $0.isNone ? nil : try Conversions.int($0) } ?? 32
        let start = Date()
        let out = try kerasCall { try model.predict(x, batchSize: batchSize) }
        if try PyModel.verbosity(b[2], interp) != 0 {
            Progress(interp, verbose: 1).stepsLine(steps: (x.count + batchSize - 1) / max(batchSize, 1), seconds: Date().timeIntervalSince(start), logs: [])
        }
        return KerasConvert.array(out, shape: model.outputShape, session)
    }

    func evaluate(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let b = try args.bind("evaluate", ["x", "y", "batch_size", "verbose", "sample_weight", "steps", "callbacks", "return_dict"], required: 2)
        let x = try KerasConvert.batch(b[0]!, "x"), y = try KerasConvert.batch(b[1]!, "y")
        let batchSize = try b[2].flatMap { $0.isNone ? nil : try Conversions.int($0) } ?? 32
        let start = Date()
        let results = try kerasCall { try model.evaluate(x: x, y: y, batchSize: batchSize) }
        let names = ["loss"] + (try kerasCall { try model.resolvedMetricKeys(y) })
        if try PyModel.verbosity(b[3], interp) != 0 {
            Progress(interp, verbose: 1).stepsLine(steps: (x.count + batchSize - 1) / max(batchSize, 1), seconds: Date().timeIntervalSince(start),
                                                   logs: Array(zip(names, results)))
        }
        if results.count == 1 { return .float(Double(results[0])) }
        return .list(PyList(results.map { .float(Double($0)) }))
    }
}

/// Keras's progress output: `Epoch 3/10`, then the step count, the bar, the time and the running
/// logs, redrawn in place on a terminal (green and grey unless NO_COLOR is set) and written once
/// per epoch otherwise; `verbose=2` writes one plain line per epoch.
final class Progress: TrainingObserver {
    let interp: Interpreter
    let verbose: Int
    let dynamic: Bool
    let color: Bool
    var epochStart = Date()
    var lastDraw = Date.distantPast

    init(_ interp: Interpreter, verbose: Int) {
        self.interp = interp
        self.verbose = verbose
        dynamic = verbose == 1 && isatty(1) != 0
        color = dynamic && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    var shouldStop: Bool { Interpreter.interruptRequested }

    func epochBegan(_ epoch: Int, of epochs: Int, steps: Int) {
        epochStart = Date()
        if verbose != 0 { interp.write("Epoch \(epoch + 1)/\(epochs)\n") }
        if dynamic { interp.output.flush() }
    }

    func stepEnded(_ step: Int, of steps: Int, logs: [(String, Float)]) {
        guard dynamic, step < steps, Date().timeIntervalSince(lastDraw) > 0.05 else { return }
        lastDraw = Date()
        let elapsed = Date().timeIntervalSince(epochStart)
        let eta = elapsed / Double(step) * Double(steps - step)
        interp.write("\r" + bar(step, steps) + " \(Int(eta.rounded()))s" + Progress.values(logs) + "\u{1B}[K")
        interp.output.flush()
    }

    func epochEnded(_ epoch: Int, of epochs: Int, steps: Int, seconds: Double, logs: [(String, Float)]) {
        if verbose != 0 { stepsLine(steps: steps, seconds: seconds, logs: logs) }
    }

    func stepsLine(steps: Int, seconds: Double, logs: [(String, Float)]) {
        let perStep = seconds / Double(max(steps, 1))
        let stepTime = perStep >= 1 ? "\(Int(perStep))s/step" : perStep >= 1e-3 ? "\(Int(perStep * 1e3))ms/step" : "\(Int(perStep * 1e6))us/step"
        if verbose == 2 {
            interp.write("\(steps)/\(steps) - \(Int(seconds.rounded()))s - \(stepTime)\(Progress.values(logs))\n")
        } else {
            interp.write((dynamic ? "\r" : "") + bar(steps, steps) + " \(Int(seconds.rounded()))s \(stepTime)\(Progress.values(logs))" + (dynamic ? "\u{1B}[K" : "") + "\n")
        }
        if dynamic { interp.output.flush() }
    }

    /// `12/40 ━━━━━━━━━━━━━━━━━━━━`: the filled part in green, the rest in grey, on a terminal.
    func bar(_ step: Int, _ steps: Int) -> String {
        let digits = String(steps).count
        let count = String(repeating: " ", count: max(0, digits - String(step).count)) + "\(step)/\(steps)"
        let filled = steps == 0 ? 20 : 20 * step / steps
        guard color else { return count + " " + String(repeating: "━", count: 20) }
        return "\u{1B}[1m\(count)\u{1B}[0m " + "\u{1B}[32m" + String(repeating: "━", count: filled) + "\u{1B}[0m"
            + "\u{1B}[37m" + String(repeating: "━", count: 20 - filled) + "\u{1B}[0m"
    }

    static func values(_ logs: [(String, Float)]) -> String {
        logs.map { " - \($0.0): \(format($0.1))" }.joined()
    }

    /// Keras's `%.4f`, or `%.4e` for small magnitudes.
    static func format(_ v: Float) -> String {
        let d = Double(v)
        return abs(d) >= 1e-3 || d == 0 ? String(format: "%.4f", d) : String(format: "%.4e", d)
    }
}

extension Model {
    /// The history keys of the metrics given to `compile`, for `evaluate`'s listing.
    func resolvedMetricKeys(_ y: Batch) throws -> [String] {
        metricNames.map { name in
            switch name {
            case "accuracy", "acc": return "accuracy"
            case "mean_absolute_error": return "mae"
            case "mean_squared_error": return "mse"
            default: return name
            }
        }
    }
}
