import NNLang
import NNKeras
import NNTensor
#if canImport(Glibc)
import Glibc
#endif

/// One interpreter's Keras state: the name counters (`dense`, `dense_1`, …), the random numbers of
/// weight initialisation and dropout, and the numpy state that arrays returned to scripts use.
final class KerasSession {
    var counters: [String: Int] = [:]
    let random = KerasRandom(seed: UInt64(UInt32(truncatingIfNeeded: time(nil))) << 20 ^ UInt64(getpid()))
    let numpy: NumpyState

    init(numpy: NumpyState) { self.numpy = numpy }

    /// `dense`, then `dense_1`, `dense_2`, … as Keras names layers and models.
    func uniqueName(_ base: String) -> String {
        let n = counters[base, default: 0]
        counters[base] = n + 1
        return n == 0 ? base : "\(base)_\(n)"
    }

    /// The layer classes by Keras's class name (`Dense`), made with `keras.layers`.
    var layerTypes: [String: PyType] = [:]
    /// The optimizer classes by name (`Adam`), made with `keras.optimizers`.
    var optimizerClasses: [String: PyType] = [:]
    var sequentialType = PyType("Sequential")
    var functionalType = PyType("Functional")
    let optimizerType: PyType = {
        let t = PyType("Optimizer", base: .object, members: PyOptimizer.members)
        t.moduleName = "keras.optimizers"
        return t
    }()

    /// The types of tf.Variable's variables and of Keras's (made with `tf.Variable`).
    var resourceVariableType = PyType("ResourceVariable")
    var kerasVariableType = PyType("Variable")
    var gradientTapeType = PyType("GradientTape")
    /// `tf.data.Dataset` and its iterators (made with `tf.data`).
    var datasetType = PyType("DatasetV2")
    var datasetStageTypes: [String: PyType] = [:]
    var datasetIteratorType = PyType("OwnedIterator")
    var numpyIteratorType = PyType("_NumpyIterator")
    /// `tf.keras.callbacks.Callback`, which scripts' callback classes derive from.
    let callbackType: PyType = {
        let t = PyType("Callback", base: .object, members: KerasCallbacks.callbackMembers)
        t.moduleName = "keras.callbacks"
        t.allowsSubclasses = true
        return t
    }()
    /// The metric classes by name (`Mean`), made with `keras.metrics`.
    var metricTypes: [String: PyType] = [:]
    /// The warnings printed so far (Python prints each once).
    var warningsShown: Set<String> = []
    /// How many GradientTapes are recording: while any is, tensor ops keep their graph.
    var tapesRecording = 0
    var isRecording: Bool { tapesRecording > 0 }
    /// While a custom layer's call runs: its `training`, which the layers it calls inherit.
    var trainingContext: Bool?
    /// While a custom layer finds its output shape for symbolic inputs: the layers it calls are
    /// built for an unknown batch size.
    var buildingSymbolically = false

    static let tensorType = PyType("KerasTensor", base: .object, members: PyKerasTensor.members)
    static let historyType = PyType("History", base: .object, members: PyHistory.members)
    static let lossType = PyType("Loss", base: .object, members: PyLoss.members)
}

/// Runs training-runtime code, turning its errors into Python exceptions.
func kerasCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as KerasError {
        switch e.kind {
        case .value: throw ScriptError(.valueError, e.message)
        case .type: throw ScriptError(.typeError, e.message)
        case .runtime: throw ScriptError(.runtimeError, e.message)
        case .attribute: throw ScriptError(.attributeError, e.message)
        case .notImplemented: throw ScriptError(.notImplementedError, e.message)
        }
    }
}

/// A layer as scripts see it: `Dense(1)`, callable on a KerasTensor in the functional API.
final class PyLayer: PyObject {
    let layer: Layer
    /// `input_shape=` / `input_dim=` given to the constructor, used when it starts a Sequential.
    let declaredInputShape: [Int]?
    let session: KerasSession
    /// The script's instance, for a layer of a class derived from Layer.
    private(set) weak var owner: PyInstance?

    init(_ layer: Layer, declaredInputShape: [Int]?, _ session: KerasSession, owner: PyInstance? = nil) {
        self.layer = layer
        self.declaredInputShape = declaredInputShape
        self.session = session
        self.owner = owner
    }

    /// A runtime layer as scripts see it: a custom layer's instance, or a new wrapper.
    static func value(_ layer: Layer, _ session: KerasSession) -> Value {
        if let custom = layer as? CustomLayer, let owner = custom.owner as? PyInstance { return .object(owner) }
        return .object(PyLayer(layer, declaredInputShape: nil, session))
    }

    override var type: PyType { session.layerTypes[layer.typeName] ?? session.layerTypes["Layer"] ?? .object }
    override func repr(_ interp: Interpreter) throws -> String {
        "<\(layer.typeName) name=\(layer.name), built=\(layer.isBuilt ? "True" : "False")>"
    }

    static let callSignature = Signature(
        """
        __call__(inputs, *, training=None, mask=None)  The layer applied to a symbolic tensor (the functional API) \
        or to values (an array, a tensor), giving a tensor.
        training: whether to compute as in training (dropout active, batch statistics).
        """, style: .python(countsSelf: true), errorName: "Layer.__call__", refusing: ["mask"])

    /// Keras's weights are attributes of their layers (`dense.kernel`, `bn.moving_mean`).
    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        KerasEager.variables(layer.parameters, trainableOnly: false, session).first {
            if case .object(let v as PyTFVariable) = $0 { return v.name == name }
            return false
        }
    }

    /// `layer(tensor)` and `layer([a, b])`: the functional API; `layer(values)`: the layer's output.
    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        try PyLayer.apply(self, try PyLayer.callSignature.bind(args, interp), interp)
    }

    static func apply(_ pl: PyLayer, _ a: Bound, _ interp: Interpreter) throws -> Value {
        if !PyKerasTensor.isSymbolic(a["inputs"]) { return try KerasEager.call(pl, a, interp) }
        let inputs = try PyKerasTensor.tensors(a["inputs"], interp)
        return .object(
            PyKerasTensor(try kerasCall { try KerasTensor(applying: pl.layer, to: inputs, random: pl.session.random) }))
    }
}

/// What `Input(shape=...)` and calling a layer return: a symbolic tensor of the functional API.
final class PyKerasTensor: PyObject {
    let tensor: KerasTensor

    init(_ tensor: KerasTensor) { self.tensor = tensor }

    /// Whether `v` is a symbolic tensor or a list of them (the functional API), not values.
    static func isSymbolic(_ v: Value) -> Bool {
        switch v {
        case .object(is PyKerasTensor): return true
        case .list(let l): return l.items.first.map(isSymbolic) ?? false
        case .tuple(let t): return t.items.first.map(isSymbolic) ?? false
        default: return false
        }
    }

    /// One symbolic tensor or a list (or tuple) of them, as layers and `Model(inputs, outputs)` take.
    static func tensors(_ v: Value, _ interp: Interpreter) throws -> [KerasTensor] {
        if case .object(let t as PyKerasTensor) = v { return [t.tensor] }
        var items = [v]
        switch v {
        case .list, .tuple: items = try interp.collect(v)
        default: break
        }
        return try items.map { item in
            guard case .object(let t as PyKerasTensor) = item else {
                throw ScriptError(
                    .typeError,
                    "nn calls layers on the result of Input(...) or of another layer, not on \(item.typeName); to compute values use model.predict"
                )
            }
            return t.tensor
        }
    }

    override var type: PyType { KerasSession.tensorType }
    override func repr(_ interp: Interpreter) throws -> String {
        "<KerasTensor shape=\(describeShape([nil] + tensor.shape)), dtype=float32, sparse=False, ragged=False, name=\(tensor.layer.name)>"
    }

    static let members: [String: Member] = {
        var m = Members("KerasTensor")
        func tensor(_ v: Value) throws -> KerasTensor {
            guard case .object(let t as PyKerasTensor) = v else {
                throw ScriptError(.typeError, "expected a KerasTensor")
            }
            return t.tensor
        }
        m.property("shape", "The tensor's shape, None for the batch.") { v, _ in
            .tuple(PyTuple([.none] + (try tensor(v)).shape.map { .int($0) }))
        }
        m.property("dtype", "The tensor's element type.") { _, _ in .string("float32") }
        m.property("name", "The name of the layer that made it.") { v, _ in .string(try tensor(v).layer.name) }
        return m.table
    }()
}

/// The object `fit` returns; `history.history` holds the per-epoch values.
final class PyHistory: PyObject {
    let history: History
    let model: Value

    init(_ history: History, model: PyModel) {
        self.history = history
        self.model = model.value
    }

    override var type: PyType { KerasSession.historyType }
    override func repr(_ interp: Interpreter) throws -> String {
        "<keras.src.callbacks.history.History object at \(address)>"
    }

    static let members: [String: Member] = {
        var m = Members("History")
        func of(_ v: Value) throws -> PyHistory {
            guard case .object(let h as PyHistory) = v else { throw ScriptError(.typeError, "expected a History") }
            return h
        }
        m.property("history", "The loss and metrics of each epoch, by name.") { v, _ in
            let h = try of(v).history
            let d = PyDict()
            for key in h.keys {
                try d.set(.string(key), .list(PyList((h.values[key] ?? []).map { .float(Double($0)) })))
            }
            return .dict(d)
        }
        m.property("epoch", "The epochs run, counting from 0.") { v, _ in
            .list(PyList(try of(v).history.epochs.map { .int($0) }))
        }
        m.property("model", "The model trained.") { v, _ in try of(v).model }
        m.property("params", "fit's settings (nn keeps none).") { _, _ in .dict(PyDict()) }
        return m.table
    }()
}

/// An optimizer object (`tf.keras.optimizers.Adam(0.1)`).
final class PyOptimizer: PyObject {
    let optimizer: Optimizer
    let session: KerasSession
    init(_ optimizer: Optimizer, _ session: KerasSession) {
        self.optimizer = optimizer
        self.session = session
    }
    override var type: PyType { session.optimizerClasses[optimizer.kerasName] ?? session.optimizerType }
    override func repr(_ interp: Interpreter) throws -> String {
        "<keras.src.optimizers.\(optimizer.kerasName.lowercased()).\(optimizer.kerasName) object at \(address)>"
    }

    static let members: [String: Member] = {
        var m = Members("Optimizer", style: .python(countsSelf: true))
        func of(_ v: Value) throws -> PyOptimizer {
            guard case .object(let o as PyOptimizer) = v else { throw ScriptError(.typeError, "expected an optimizer") }
            return o
        }
        let setRate: (Value, Value, Interpreter) throws -> Void = { v, rate, _ in
            try of(v).optimizer.learningRate = Float(try Conversions.double(rate))
        }
        m.property(
            "learning_rate", "The size of each step.", { v, _ in .float(Double(try of(v).optimizer.learningRate)) },
            set: setRate)
        m.property(
            "lr", "The learning rate, under its Keras 2 name.",
            { v, _ in .float(Double(try of(v).optimizer.learningRate)) }, set: setRate)
        m.property("iterations", "The steps taken so far (an int64 variable).") { v, _ in
            let o = try of(v)
            let count = NDArray(scalar: Double(o.optimizer.iterations), dtype: .int64)
            return .object(
                PyTFVariable(.other(count), name: "iteration", path: "\(o.optimizer.name)/iteration", o.session))
        }
        m.method(
            """
            apply_gradients(grads_and_vars)  One step on each variable from its gradient.
            grads_and_vars: (gradient, variable) pairs, as zip(grads, model.trainable_variables) gives them.
            """, errorOwner: "Optimizer"
        ) { v, a, interp in
            try KerasEager.applyGradients(try of(v).optimizer, a["grads_and_vars"], interp)
            return .none
        }
        m.property("name", "The optimizer's name.") { v, _ in .string(try of(v).optimizer.name) }
        return m.table
    }()
}
