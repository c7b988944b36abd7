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
    /// The script's instance, for a model of a class derived from Model.
    private(set) weak var owner: PyInstance?

    init(_ model: Model, _ session: KerasSession, owner: PyInstance? = nil) {
        self.model = model
        self.session = session
        self.owner = owner
    }

    /// The model as scripts see it (a subclassed model's instance).
    var value: Value { owner.map { .object($0) } ?? .object(self) }

    override var type: PyType { model.isSequential ? session.sequentialType : session.functionalType }

    static let callSignature = Signature(
        """
        __call__(inputs, training=None, mask=None)  The model's output for values (an array, a tensor, a list of \
        them for several inputs), as a tensor a GradientTape can differentiate.
        training: whether to compute as in training (dropout active, batch statistics).
        """, style: .python(countsSelf: true), errorName: "Model.__call__", refusing: ["mask"])

    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        try PyModel.apply(self, try PyModel.callSignature.bind(args, interp), interp)
    }

    static func apply(_ pm: PyModel, _ a: Bound, _ interp: Interpreter) throws -> Value {
        if PyKerasTensor.isSymbolic(a["inputs"]) {
            throw ScriptError(
                .notImplementedError, "nn does not call a model on symbolic tensors (a model as a layer), for now")
        }
        return try KerasEager.call(pm, a, interp)
    }

    override func repr(_ interp: Interpreter) throws -> String {
        let kind = model.body?.className ?? (model.isSequential ? "Sequential" : "Functional")
        return "<\(kind) name=\(model.name), built=\(model.isBuilt ? "True" : "False")>"
    }
}

/// `keras.models`: the Sequential and functional model classes and the methods models have.
enum KerasModels {
    static func model(_ v: Value) throws -> PyModel {
        if case .object(let i as PyInstance) = v, let m = i.native as? PyModel { return m }
        guard case .object(let m as PyModel) = v else {
            throw ScriptError(.typeError, "expected a Keras model, not \(v.typeName)")
        }
        return m
    }

    static func make(_ session: KerasSession) -> PyModule {
        let base = PyType("Model", base: session.layerTypes["Layer"], members: members(session))
        base.moduleName = "keras"
        session.functionalType = PyType(
            "Functional", base: base,
            signature: Signature(
                """
                Functional(inputs, outputs, name=None, trainable=True)
                A functional model: from an Input to the output of the layers called on it.
                inputs: the Input(...) the model starts from.
                outputs: the result of calling layers on it, e.g. Dense(1)(hidden).
                name: the model's name in summary().
                """, style: .kerasLayer, errorName: "Functional.__init__", refusing: ["trainable"]), functional(session)
        )
        session.sequentialType = PyType(
            "Sequential", base: base,
            signature: Signature(
                """
                Sequential(layers=None, trainable=True, name=None)  A model that passes each sample through its layers \
                in order.
                layers: the layers, first to last; more can be added with add().
                name: the model's name in summary().
                """, style: .python(countsSelf: true), errorName: "Sequential.__init__", refusing: ["trainable"])
        ) { a, interp in
            let model = Model(
                name: try a.optionalString("name") ?? session.uniqueName("sequential"), random: session.random)
            if let layers = a.optional("layers") {
                for item in try interp.collect(layers) { try append(item, to: model) }
            }
            // Keras's constructor builds once, after adding all the layers.
            model.onBuild = { _ = session.uniqueName("functional") }
            if model.isBuilt { model.onBuild?() }
            return .object(PyModel(model, session))
        }
        // `keras.Model(inputs, outputs)` makes a functional model, as Keras's Model class does.
        let modelClass = PyType(
            "Model", base: base, members: [:], signature: session.functionalType.constructorSignature!
        ) { a, interp in
            try session.functionalType.call(Arguments([a["inputs"], a["outputs"]], [("name", a["name"])]), interp)
        }
        modelClass.moduleName = "keras"
        modelClass.allowsSubclasses = true
        var m = ModuleBuilder("keras.models", style: .python(countsSelf: false))
        m.members["Sequential"] = .object(session.sequentialType)
        m.members["Model"] = .object(modelClass)
        m.members["Functional"] = .object(session.functionalType)
        return m.build()
    }

    /// The functional model's constructor: the graph of layers from its inputs to its outputs.
    static func functional(_ session: KerasSession) -> (Bound, Interpreter) throws -> Value {
        { a, interp in
            let inputs = try PyKerasTensor.tensors(a["inputs"], interp)
            let outputs = try PyKerasTensor.tensors(a["outputs"], interp)
            let name = try a.optionalString("name") ?? session.uniqueName("functional")
            let model = try kerasCall {
                try Model(name: name, inputs: inputs, outputs: outputs, random: session.random)
            }
            return .object(PyModel(model, session))
        }
    }

    /// Adds a layer (or an `Input(...)`) to a Sequential model.
    static func append(_ v: Value, to model: Model) throws {
        switch v {
        case .object(let t as PyKerasTensor) where t.tensor.isInput:
            try kerasCall { try model.add(t.tensor.layer) }
        default:
            guard let l = KerasLayers.pyLayer(v) else {
                throw ScriptError(
                    .typeError,
                    "Only instances of `keras.Layer` can be added to a Sequential model. Received: \(v.typeName)")
            }
            try kerasCall { try model.add(l.layer, declaredInputShape: l.declaredInputShape) }
        }
    }

    /// Keras's `verbose`: 0 / False silent, 2 one line per epoch, anything else the progress bar.
    static func verbosity(_ v: Value, _ interp: Interpreter) throws -> Int {
        switch v {
        case .str: return 1
        case .bool(let b): return b ? 1 : 0
        default: return try Conversions.int(v)
        }
    }

    /// `callbacks=`: nn runs no callbacks yet, so only an empty list is accepted.
    static func refuseCallbacks(_ a: Bound, _ interp: Interpreter) throws {
        if let callbacks = a.optional("callbacks"), !(try interp.collect(callbacks)).isEmpty {
            throw ScriptError(.notImplementedError, "nn does not support \(a.signature.name)(callbacks=...) yet")
        }
    }

    static func batchSize(_ a: Bound, _ name: String = "batch_size") throws -> Int {
        let size = try a.optionalInt(name) ?? 32
        guard size > 0 else {
            throw ScriptError(.valueError, "Expected `\(name)` to be a positive integer, got \(size)")
        }
        return size
    }

    static func members(_ session: KerasSession) -> [String: Member] {
        var m = Members("Model", style: .python(countsSelf: true))
        m.property("name", "The model's name.") { v, _ in .string(try model(v).model.name) }
        m.property("layers", "The model's layers, first to last.") { v, _ in
            let pm = try model(v)
            return .list(PyList(pm.model.layers.map { PyLayer.value($0, session) }))
        }
        m.property("optimizer", "The optimizer compile chose.") { v, _ in
            try model(v).model.optimizer.map { .object(PyOptimizer($0, session)) } ?? .none
        }
        m.property("input_shape", "The shape of the model's input, None for the batch.") { v, _ in
            try model(v).model.input.map { .tuple(PyTuple([.none] + $0.outputShape.map { .int($0) })) } ?? .none
        }
        m.property("built", "Whether the model has made its weights.") { v, _ in .bool(try model(v).model.isBuilt) }
        m.property(
            "stop_training", "Set to True (by a callback) to end fit after the current batch.",
            { v, _ in .bool(try model(v).model.stopTraining) },
            set: { v, value, interp in try model(v).model.stopTraining = try interp.isTruthy(value) })
        m.property("trainable", "Whether fit updates the model's weights.") { _, _ in .true }
        for (name, about) in [
            ("weights", "The model's weights (variables), layer by layer."),
            ("variables", "The model's weights (variables), layer by layer."),
            ("trainable_weights", "The weights fit updates."),
            ("trainable_variables", "The weights fit updates (what tape.gradient differentiates in a custom loop)."),
        ] {
            m.property(name, about) { v, _ in
                try KerasEager.variables(try model(v).model, trainableOnly: name.hasPrefix("trainable"), session)
            }
        }
        m.property("output_shape", "The shape of the model's output, None for the batch.") { v, _ in
            .tuple(PyTuple([.none] + (try model(v).model.outputShape).map { .int($0) }))
        }
        m.method(
            "add(layer, rebuild=True)  Appends a layer to a Sequential model.", errorOwner: "Sequential",
            refusing: ["rebuild"]
        ) { v, a, _ in
            try append(a["layer"], to: try model(v).model)
            return .none
        }
        m.method(
            """
            compile(optimizer='rmsprop', loss=None, loss_weights=None, metrics=None, weighted_metrics=None, run_eagerly=False, \
            steps_per_execution=1, jit_compile='auto', auto_scale_loss=True)
            Chooses how fit trains the model.
            optimizer: an optimizer's name ('adam', 'sgd', 'rmsprop', 'adagrad') or object \
            (tf.keras.optimizers.Adam(0.1)).
            loss: what training makes small: 'mean_squared_error', 'mean_absolute_error', 'binary_crossentropy', \
            'categorical_crossentropy', 'sparse_categorical_crossentropy' (or a loss object); for a model with \
            several outputs one loss for all, a list with one per output (None: not trained) or a dict by output name.
            loss_weights: what each output's loss counts in the total (a list, or a dict by output name).
            metrics: more numbers fit reports each epoch, e.g. ['accuracy'] or ['mae']; for several outputs \
            a list of lists (one per output) or a dict by output name.
            run_eagerly: nn always runs eagerly; either value gives the same results.
            jit_compile: nn compiles nothing; either value gives the same results.
            auto_scale_loss: matters for mixed precision only, which nn does not use.
            """, errorOwner: "Trainer", refusing: ["weighted_metrics", "steps_per_execution"]
        ) { v, a, interp in
            try compile(try model(v).model, a, session, interp)
            return .none
        }
        m.method(
            """
            fit(x=None, y=None, batch_size=None, epochs=1, verbose='auto', callbacks=None, validation_split=0.0, \
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0, steps_per_epoch=None, \
            validation_steps=None, validation_batch_size=None, validation_freq=1)
            Trains the model and returns a History whose .history holds the loss (and metrics) of each epoch.
            x: the inputs, one row per sample (an array, list or DataFrame).
            y: the targets, one row per sample (for several outputs a list of them, or a dict by output name).
            batch_size: samples per training step; 32 when None.
            epochs: the epoch to stop after (counting from 1).
            verbose: 'auto' or 1 shows a progress bar, 2 one line per epoch, 0 nothing.
            validation_split: the fraction of samples (taken from the end) held out and reported as val_loss.
            validation_data: (x_val, y_val) or (x_val, y_val, sample_weight_val) to report val_loss on instead.
            shuffle: whether to shuffle the samples before each epoch.
            class_weight: a weight per class ({0: 1.0, 1: 5.0}) that each sample's loss is multiplied by.
            sample_weight: a weight per sample that its loss is multiplied by.
            initial_epoch: the epoch to start at (to continue an earlier fit).
            validation_batch_size: samples per validation step; batch_size when None.
            validation_freq: validate after every that many epochs.
            callbacks: tf.keras.callbacks objects (EarlyStopping, LambdaCallback, LearningRateScheduler) fit calls.
            steps_per_epoch: batches per epoch; the pass over the data continues into the next epoch.
            validation_steps: validation batches per evaluation (all when None).
            """, errorOwner: "TensorFlowTrainer"
        ) { v, a, interp in
            try fit(try model(v), a, interp)
        }
        m.method(
            """
            predict(x, batch_size=None, verbose='auto', steps=None, callbacks=None)
            The model's outputs for the inputs, one row per sample, as an array.
            x: the inputs, one row per sample; or a tf.data.Dataset of batches (of inputs, or (x, y) pairs).
            batch_size: samples computed at once; 32 when None.
            verbose: 0 hides the progress line.
            steps: predict the first that many batches only (all when None).
            """, errorOwner: "TensorFlowTrainer"
        ) { v, a, interp in
            try refuseCallbacks(a, interp)
            let pm = try model(v)
            let steps = try steps(a, "steps")
            let prediction: () throws -> [Tensor]
            var batches: Int
            if let dataset = datasetArgument(a["x"], interp) {
                let stream = DatasetBatches(dataset: dataset, model: pm.model, interp: interp)
                batches = 0
                prediction = {
                    let out = try pm.model.predict(stream: stream, steps: steps)
                    batches = out.batches
                    return out.outputs
                }
            } else {
                var x = try KerasConvert.inputs(a["x"], for: pm.model, interp)
                let size = try batchSize(a)
                if let steps { x = x.map { $0.samples(0..<min($0.shape.first ?? 0, steps * size)) } }
                let count = x.first?.shape.first ?? 0
                batches = (count + size - 1) / size
                prediction = { try pm.model.predict(x, batchSize: size) }
            }
            interp.output.flush()  // what was printed is out before the long work (a run killed in it shows it)
            let start = Date()
            let out = try kerasCall { try prediction() }
            if try verbosity(a["verbose"], interp) != 0 {
                Progress(interp, verbose: 1).stepsLine(
                    steps: batches, seconds: Date().timeIntervalSince(start), logs: [])
            }
            let arrays = out.map { KerasConvert.array($0, session) }
            return arrays.count == 1 ? arrays[0] : .list(PyList(arrays))
        }
        m.method(
            """
            evaluate(x=None, y=None, batch_size=None, verbose='auto', sample_weight=None, steps=None, \
            callbacks=None, return_dict=False)
            The loss (and metrics) on the given data: a number, or a list when there are metrics.
            x: the inputs, one row per sample.
            y: the targets, one row per sample.
            sample_weight: a weight per sample that its loss and metrics are multiplied by.
            return_dict: return a dict of the results by name instead.
            steps: evaluate the first that many batches only (all when None).
            """, errorOwner: "TensorFlowTrainer"
        ) { v, a, interp in
            try evaluate(try model(v), a, interp)
        }
        m.method(
            """
            summary(line_length=None, positions=None, print_fn=None, expand_nested=False, show_trainable=False, \
            layer_range=None)
            Prints the layers with their output shapes and parameter counts, as Keras does.
            """, errorOwner: "Model",
            refusing: ["line_length", "positions", "print_fn", "expand_nested", "show_trainable", "layer_range"]
        ) { v, _, interp in
            let pm = try model(v)
            interp.write(try kerasCall { try pm.model.summary() })
            return .none
        }
        m.method(
            "get_weights()  The weights as a list of arrays: for each Dense layer its kernel, then its bias.",
            errorOwner: "Layer"
        ) { v, _, _ in
            let pm = try model(v)
            return .list(PyList(try kerasCall { try pm.model.weights() }.map { KerasConvert.array($0, session) }))
        }
        m.method(
            "set_weights(weights)  Replaces the weights with a list of arrays shaped as get_weights() returns them.",
            errorOwner: "Layer"
        ) { v, a, interp in
            let values = try KerasConvert.weightList(a["weights"], interp)
            let pm = try model(v)
            try kerasCall { try pm.model.setWeights(values) }
            return .none
        }
        m.method("count_params()  How many numbers the model learns.", errorOwner: "Layer") { v, _, _ in
            .int(try model(v).model.parameterCount)
        }
        m.method(
            "get_layer(name=None, index=None)  The layer of that name, or at that position.", errorOwner: "Model"
        ) { v, a, _ in
            let layers = try model(v).model.layers
            if let index = try a.optionalInt("index") {
                guard layers.indices.contains(index) else {
                    throw ScriptError(
                        .valueError,
                        "Was asked to retrieve layer at index \(index) but model only has \(layers.count) layers.")
                }
                return PyLayer.value(layers[index], session)
            }
            guard let name = try a.optionalString("name") else {
                throw ScriptError(.valueError, "Provide either a layer name or layer index at `get_layer`.")
            }
            guard let layer = layers.first(where: { $0.name == name }) else {
                throw ScriptError(
                    .valueError,
                    "No such layer: \(name). Existing layers are: \(layers.map { "'\($0.name)'" }.joined(separator: ", "))."
                )
            }
            return PyLayer.value(layer, session)
        }
        m.method(
            "build(input_shape)  Builds a Sequential or subclassed model for inputs of that shape (None for the batch).",
            errorOwner: "Model"
        ) { v, a, interp in
            let pm = try model(v)
            let shape = try interp.collect(a["input_shape"]).dropFirst().map { try Conversions.int($0) }
            try kerasCall { try pm.model.build(shape: shape) }
            return .none
        }
        m.method(
            """
            __init__(*, name=None, trainable=True, dtype=None, inputs=None, outputs=None)  Makes the model (call it \
            first in a subclass's __init__).
            name: the model's name; made unique from the class's when not given.
            """, refusing: ["trainable"]
        ) { v, a, interp in
            guard case .object(let i as PyInstance) = v else { return .none }
            try KerasLayers.checkDType(a)
            try KerasSubclassing.initModel(i, a, session, interp)
            return .none
        }
        m.method(
            """
            __call__(inputs, training=None, mask=None)  The model's output for values, as a tensor a GradientTape \
            can differentiate.
            training: whether to compute as in training (dropout active, batch statistics).
            """, refusing: ["mask"]
        ) { v, a, interp in
            try PyModel.apply(try model(v), a, interp)
        }
        m.method("__repr__()  The model's class, name and whether it is built.") { v, _, interp in
            .string(try model(v).repr(interp))
        }
        return m.table
    }

    static func compile(_ model: Model, _ a: Bound, _ session: KerasSession, _ interp: Interpreter) throws {
        model.optimizer = try KerasConvert.optimizer(a["optimizer"], session, interp)
        model.loss = try a.optional("loss").map {
            try KerasConvert.compiledLoss($0, weights: a.optional("loss_weights"), interp)
        }
        // As Keras, compiling again without metrics keeps the metrics of the last compile.
        guard let given = a.optional("metrics") else { return }
        // The course writes metrics='accuracy'; Keras 3 wants a list, nn takes both.
        let metrics: CompiledMetrics
        switch given {
        case .dict(let d):
            var named: [String: [CompiledMetrics.Spec]] = [:]
            for (k, v) in d.items {
                named[try Conversions.string(k, "keys must be output names (str)")] = try metricSpecs(v, interp)
            }
            metrics = .named(named)
        default:
            let items = try metricSpecs(given, interp, nested: true)
            if case .str = given {
                metrics = .flat(items)
            } else if try interp.collect(given).contains(where: { $0.isNone || $0.isSequence }) {
                metrics = .perOutput(try interp.collect(given).map { try metricSpecs($0, interp) })
            } else {
                metrics = .flat(items)
            }
        }
        let text = try interp.repr(given)
        try kerasCall { try model.setMetrics(metrics, given: text) }
    }

    /// Metrics as compile takes them for one output: a name, a function, a metric object, a list of
    /// them, or None. Each metric's history key is the name given, a function's name or a metric
    /// object's name. `nested` accepts lists within the list (one per output).
    static func metricSpecs(_ v: Value, _ interp: Interpreter, nested: Bool = false) throws -> [CompiledMetrics.Spec] {
        switch v {
        case .none: return []
        case .str(let s): return [(s.value, s.value)]
        case .object(let f as PyBuiltinFunction): return [(f.name, f.name)]
        case .object(let m as PyMetric):
            guard case .compiled(_, let identifier, root: false) = m.kind else {
                throw ScriptError(.notImplementedError, "nn does not compute \(m.className) inside fit, for now")
            }
            return [(m.name, identifier)]
        case .list, .tuple:
            return try interp.collect(v).flatMap { item -> [CompiledMetrics.Spec] in
                if !nested, item.isSequence {
                    throw ScriptError(.valueError, "Could not interpret metric identifier: list")
                }
                return try metricSpecs(item, interp, nested: false)
            }
        default: throw ScriptError(.valueError, "Could not interpret metric identifier: \(v.typeName)")
        }
    }

    /// The sample weights of `sample_weight=` or `class_weight=` (Keras refuses both at once).
    static func sampleWeights(_ a: Bound, _ y: [Tensor?], _ interp: Interpreter) throws -> [Float]? {
        let given = a.optional("sample_weight"), classes = a.optional("class_weight")
        if given != nil && classes != nil {
            throw ScriptError(.valueError, "You cannot `class_weight` and `sample_weight` at the same time.")
        }
        if let given { return try NumpyConvert.array(given).elements.map { Float($0) } }
        if classes != nil && y.count > 1 {
            throw ScriptError(.valueError, "`class_weight` is only supported for Models with a single output.")
        }
        guard let table = try classWeightTable(classes, interp), let y = y.first ?? nil else { return nil }
        return try kerasCall { try Loss.classWeights(table, targets: y) }
    }

    /// `class_weight=`: a dict from class to weight (nil when None).
    static func classWeightTable(_ v: Value?, _ interp: Interpreter) throws -> [Int: Float]? {
        guard let v, !v.isNone else { return nil }
        guard case .dict(let d) = v else {
            throw ScriptError(
                .valueError,
                "Expected `class_weight` to be a dict with keys from 0 to one less than the number of classes, found \(try interp.repr(v))"
            )
        }
        var table: [Int: Float] = [:]
        for (k, w) in d.items { table[try Conversions.int(k)] = Float(try Conversions.double(w)) }
        return table
    }

    static func fit(_ pm: PyModel, _ a: Bound, _ interp: Interpreter) throws -> Value {
        let callbacks = try KerasCallbacks.list(a.optional("callbacks"), model: pm, interp)
        let split = try a.float("validation_split")
        guard split >= 0 && split < 1 else {
            throw ScriptError(.valueError, "`validation_split` must be between 0 and 1, received: \(split)")
        }
        let size = try batchSize(a)
        let frequency = try a.int("validation_freq")
        guard frequency > 0 else {
            throw ScriptError(.valueError, "`validation_freq` must be a positive integer, received: \(frequency)")
        }
        var options = Model.FitOptions(
            epochs: try a.int("epochs"), initialEpoch: try a.int("initial_epoch"), batchSize: size,
            shuffle: try a.bool("shuffle"), validationSplit: split,
            validationBatchSize: try a.optionalInt("validation_batch_size") ?? size,
            validationFrequency: frequency)
        options.stepsPerEpoch = try steps(a, "steps_per_epoch")
        options.validationSteps = try steps(a, "validation_steps")
        // As Python's warnings: each warning once per session.
        let session = pm.session
        options.warn = { if session.warningsShown.insert($0).inserted { writeStandardError($0 + "\n") } }
        let train: (Progress) throws -> History
        if let dataset = a.optional("x").flatMap({ datasetArgument($0, interp) }) {
            train = try datasetTraining(pm, dataset, a, options, callbacks, interp)
        } else {
            guard let xv = a.optional("x"), let yv = a.optional("y") else {
                throw ScriptError(.notImplementedError, "nn's fit needs both x and y for now")
            }
            let x = try KerasConvert.inputs(xv, for: pm.model, interp)
            let y = try KerasConvert.targets(yv, for: pm.model, interp)
            let data = Model.Samples(x: x, y: y, weights: try sampleWeights(a, y, interp))
            let validation = try a.optional("validation_data").map { try validationArrays($0, pm, interp) }
            train = { progress in
                try pm.model.fit(data, options, validation: validation, callbacks: callbacks, observer: progress)
            }
        }
        let progress = Progress(interp, verbose: try verbosity(a["verbose"], interp))
        interp.output.flush()  // what was printed is out before the long work (a run killed in it shows it)
        let start = Date()
        let history = try kerasCall { try train(progress) }
        if ProcessInfo.processInfo.environment["NN_FIT_TIMES"] != nil {
            // For scripts/bench: the time spent inside fit, on standard error.
            writeStandardError("fit_seconds \(Date().timeIntervalSince(start))\n")
        }
        // Ctrl-C stopped training after a step; the weights so far are kept.
        try interp.checkInterrupt()
        return .object(PyHistory(history, model: pm))
    }

    /// A dataset given as x: a tf.data.Dataset, or an image generator's iterator (a pass of its batches).
    static func datasetArgument(_ v: Value, _ interp: Interpreter) -> PyDataset? {
        switch v {
        case .object(let d as PyDataset): return d
        case .object(let i as PyImageIterator): return i.dataset(interp)
        default: return nil
        }
    }

    /// `validation_data=(x_val, y_val)` or `(x_val, y_val, sample_weight_val)`.
    static func validationArrays(_ v: Value, _ pm: PyModel, _ interp: Interpreter) throws -> Model.Samples {
        let parts = try interp.collect(v)
        guard parts.count == 2 || parts.count == 3 else {
            throw ScriptError(
                .valueError, "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, sample_weight_val)")
        }
        let weights =
            parts.count == 3 && !parts[2].isNone ? try NumpyConvert.array(parts[2]).elements.map { Float($0) } : nil
        return Model.Samples(
            x: try KerasConvert.inputs(parts[0], for: pm.model, interp),
            y: try KerasConvert.targets(parts[1], for: pm.model, interp),
            weights: weights)
    }

    /// fit on a tf.data.Dataset of batches: the targets (and weights) come with it; validation data
    /// may be another dataset or arrays.
    static func datasetTraining(
        _ pm: PyModel, _ dataset: PyDataset, _ a: Bound, _ options: Model.FitOptions, _ callbacks: [Callback],
        _ interp: Interpreter
    ) throws -> (Progress) throws -> History {
        try DatasetBatches.refuse(
            a, [("y", "y", "the targets"), ("sample_weight", "sample_weights", "the sample weights")])
        if options.validationSplit > 0 {
            throw ScriptError(
                .valueError,
                "Argument `validation_split` is only supported for tensors or NumPy arrays.Found incompatible type in the input: [\(try interp.repr(.object(dataset.type)))]"
            )
        }
        // Keras warns for a tf.data.Dataset only; an image generator shuffles itself.
        if options.shuffle, case .object(is PyDataset)? = a.optional("x") {
            options.warn(
                "UserWarning: `shuffle=True` was passed, but will be ignored since the data `x` was provided as a tf.data.Dataset. The Dataset is expected to already be shuffled (via `.shuffle(buffer_size)`)."
            )
        }
        var stream = DatasetBatches(dataset: dataset, model: pm.model, interp: interp)
        stream.classWeights = try classWeightTable(a["class_weight"], interp)
        let validation: Model.BatchStream?
        switch a.optional("validation_data") {
        case let v? where datasetArgument(v, interp) != nil:
            validation = DatasetBatches(dataset: datasetArgument(v, interp)!, model: pm.model, interp: interp)
        case let v? where !v.isNone:
            validation = Model.ArrayStream(try validationArrays(v, pm, interp), size: options.validationBatchSize)
        default: validation = nil
        }
        return { progress in
            try pm.model.fit(
                stream: stream, options, validation: validation, callbacks: callbacks, observer: progress)
        }
    }

    /// A number of steps (`steps_per_epoch=`): None, or a positive int.
    static func steps(_ a: Bound, _ name: String) throws -> Int? {
        guard let n = try a.optionalInt(name) else { return nil }
        guard n > 0 else { throw ScriptError(.valueError, "`\(name)` must be a positive integer, received: \(n)") }
        return n
    }

    static func evaluate(_ pm: PyModel, _ a: Bound, _ interp: Interpreter) throws -> Value {
        try refuseCallbacks(a, interp)
        let steps = try steps(a, "steps")
        let evaluation: () throws -> (results: [(String, Float)], steps: Int)
        if let dataset = a.optional("x").flatMap({ datasetArgument($0, interp) }) {
            try DatasetBatches.refuse(
                a, [("y", "y", "the targets"), ("sample_weight", "sample_weights", "the sample weights")])
            let stream = DatasetBatches(dataset: dataset, model: pm.model, interp: interp)
            let session = pm.session
            evaluation = {
                try pm.model.evaluate(stream: stream, steps: steps) {
                    if session.warningsShown.insert($0).inserted { writeStandardError($0 + "\n") }
                }
            }
        } else {
            guard let xv = a.optional("x"), let yv = a.optional("y") else {
                throw ScriptError(.notImplementedError, "nn's evaluate needs both x and y for now")
            }
            let x = try KerasConvert.inputs(xv, for: pm.model, interp)
            let y = try KerasConvert.targets(yv, for: pm.model, interp)
            let weights = try a.optional("sample_weight").map { try NumpyConvert.array($0).elements.map { Float($0) } }
            let size = try batchSize(a)
            let data = Model.Samples(x: x, y: y, weights: weights)
            evaluation = {
                let results = try pm.model.evaluate(data, batchSize: size, steps: steps)
                let batches = (data.count + size - 1) / size
                return (results, min(batches, steps ?? batches))
            }
        }
        interp.output.flush()  // what was printed is out before the long work (a run killed in it shows it)
        let start = Date()
        let (results, ran) = try kerasCall { try evaluation() }
        let logs = results.sorted { $0.0 < $1.0 }
        let verbose = try verbosity(a["verbose"], interp)
        if verbose != 0 {
            Progress(interp, verbose: verbose).stepsLine(
                steps: ran, seconds: Date().timeIntervalSince(start), logs: logs)
        }
        if try a.bool("return_dict") {
            let d = PyDict()
            for (name, value) in logs { d.set(name, .float(Double(value))) }
            return .dict(d)
        }
        if results.count == 1 { return .float(Double(results[0].1)) }
        return .list(PyList(results.map { .float(Double($0.1)) }))
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

    func epochBegan(_ epoch: Int, of epochs: Int, steps: Int?) {
        epochStart = Date()
        // As Keras 3, a single epoch is not announced.
        if verbose != 0 && epochs > 1 { interp.write("Epoch \(epoch + 1)/\(epochs)\n") }
        if dynamic { interp.output.flush() }
    }

    func stepEnded(_ step: Int, of steps: Int?, logs: [(String, Float)]) {
        guard dynamic, step < steps ?? Int.max, Date().timeIntervalSince(lastDraw) > 0.05 else { return }
        lastDraw = Date()
        let elapsed = Date().timeIntervalSince(epochStart)
        guard let steps else {
            // As Keras's bar without a target: the count so far and the time elapsed.
            let count = String(repeating: " ", count: max(0, 7 - String(step).count)) + "\(step)/Unknown"
            redraw(count + " \(Int(elapsed.rounded()))s" + Progress.values(logs))
            interp.output.flush()
            return
        }
        // Nothing done yet (a download's first moments): no estimate of the time left.
        let eta = step > 0 ? elapsed / Double(step) * Double(steps - step) : 0
        redraw(bar(step, steps) + " \(Int(min(eta, 1e9).rounded()))s" + Progress.values(logs))
        interp.output.flush()
    }

    func epochEnded(_ epoch: Int, of epochs: Int, steps: Int, seconds: Double, logs: [(String, Float)]) {
        if verbose != 0 { stepsLine(steps: steps, seconds: seconds, logs: logs) }
    }

    /// An epoch stopped by Ctrl-C keeps the step it reached on its line.
    func epochInterrupted(at step: Int, of steps: Int, seconds: Double, logs: [(String, Float)]) {
        if verbose != 0 { stepsLine(step: step, steps: steps, seconds: seconds, logs: logs) }
    }

    /// The epoch's closing line: `steps/steps`, the bar, the time and the logs.
    func stepsLine(step: Int? = nil, steps: Int, seconds: Double, logs: [(String, Float)]) {
        let done = step ?? steps
        let perStep = seconds / Double(max(done, 1))
        let stepTime =
            perStep >= 1
            ? "\(Int(perStep))s/step"
            : perStep >= 1e-3 ? "\(Int(perStep * 1e3))ms/step" : "\(Int(perStep * 1e6))us/step"
        let time = " \(Int(seconds.rounded()))s"
        if verbose == 2 {
            interp.write("\(done)/\(steps) -\(time) - \(stepTime)\(Progress.values(logs))\n")
        } else if dynamic {
            redraw(bar(done, steps) + time + " \(stepTime)\(Progress.values(logs))")
            interp.write("\n")
            interp.output.flush()
        } else {
            interp.write(bar(done, steps) + time + " \(stepTime)\(Progress.values(logs))\n")
        }
    }

    /// Draws the line over the one before, cut to the terminal's width: a longer line would wrap,
    /// and the carriage return would then go back to its last row only, leaving the rest behind.
    func redraw(_ line: String) {
        let columns = TerminalSize.ofStandardOutput()?.columns ?? 80
        interp.write("\r" + line.clipped(toColumns: max(columns - 1, 1)) + "\u{1B}[K")
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

    /// Keras's `%.4f`, or `%.4e` for magnitudes of at most 1e-3 (zero among them).
    static func format(_ v: Float) -> String {
        let d = Double(v)
        return abs(d) > 1e-3 ? String(format: "%.4f", d) : String(format: "%.4e", d)
    }
}

extension Value {
    /// A list or a tuple.
    var isSequence: Bool {
        switch self {
        case .list, .tuple: return true
        default: return false
        }
    }
}
