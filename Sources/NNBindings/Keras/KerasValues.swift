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

    static let layerType = PyType("Layer", base: .object)
    static let tensorType = PyType("KerasTensor", base: .object)
    static let historyType = PyType("History", base: .object)
    static let optimizerType = PyType("Optimizer", base: .object)
    static let lossType = PyType("Loss", base: .object)
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
        }
    }
}

/// A layer as scripts see it: `Dense(1)`, callable on a KerasTensor in the functional API.
final class PyLayer: PyObject {
    let layer: Layer
    /// `input_shape=` / `input_dim=` given to the constructor, used when it starts a Sequential.
    let declaredInputShape: [Int]?
    let session: KerasSession

    init(_ layer: Layer, declaredInputShape: [Int]?, _ session: KerasSession) {
        self.layer = layer
        self.declaredInputShape = declaredInputShape
        self.session = session
    }

    override var type: PyType { KerasSession.layerType }
    override func repr(_ interp: Interpreter) throws -> String {
        "<\(layer.typeName) name=\(layer.name), built=\(layer.isBuilt ? "True" : "False")>"
    }

    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "name": return .string(layer.name)
        case "trainable": return .true
        case "weights", "trainable_weights": return .list(PyList(layer.parameters.map { KerasConvert.array($0, session) }))
        case "units": return (layer as? Dense).map { .int($0.units) }
        case "get_weights":
            return .object(PyBuiltinFunction("get_weights") { [self] _, _ in
                .list(PyList(layer.parameters.map { KerasConvert.array($0, session) }))
            })
        case "set_weights":
            return .object(PyBuiltinFunction("set_weights") { [self] args, interp in
                try args.expect("set_weights", 1...1)
                let values = try KerasConvert.weightList(args[0], interp)
                try kerasCall { try layer.setWeights(values) }
                return .none
            })
        case "count_params": return .object(PyBuiltinFunction("count_params") { [self] _, _ in .int(layer.parameterCount) })
        default: return nil
        }
    }

    override var attributeNames: [String] { ["name", "weights", "get_weights", "set_weights", "count_params", "trainable"] }

    /// `layer(tensor)`: the functional API.
    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        guard case .object(let t as PyKerasTensor)? = args.positional.first else {
            throw ScriptError(.typeError, "nn calls layers on the result of Input(...) or of another layer; to compute values use model.predict")
        }
        try kerasCall { try layer.connect(t.shape, random: session.random) }
        return .object(PyKerasTensor(shape: layer.outputShape, input: t.input, chain: t.chain + [layer]))
    }
}

/// What `Input(shape=...)` and calling a layer return: a symbolic tensor that remembers its
/// input and the chain of layers applied to it.
final class PyKerasTensor: PyObject {
    let shape: [Int]
    let input: InputLayer
    let chain: [Layer]

    init(shape: [Int], input: InputLayer, chain: [Layer]) {
        self.shape = shape
        self.input = input
        self.chain = chain
    }

    override var type: PyType { KerasSession.tensorType }
    override func repr(_ interp: Interpreter) throws -> String {
        let producer = chain.last?.name ?? input.name
        return "<KerasTensor shape=\(describeShape([nil] + shape)), dtype=float32, sparse=False, ragged=False, name=\(producer)>"
    }
    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "shape": return .tuple(PyTuple([.none] + shape.map { .int($0) }))
        case "dtype": return .string("float32")
        case "name": return .string(chain.last?.name ?? input.name)
        default: return nil
        }
    }
}

/// The object `fit` returns; `history.history` holds the per-epoch values.
final class PyHistory: PyObject {
    let history: History
    let epochs: Int
    let model: Value

    init(_ history: History, epochs: Int, model: Value) {
        self.history = history
        self.epochs = epochs
        self.model = model
    }

    override var type: PyType { KerasSession.historyType }
    override func repr(_ interp: Interpreter) throws -> String { "<keras.src.callbacks.history.History object at \(address)>" }
    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "history":
            let d = PyDict()
            for key in history.keys {
                try d.set(.string(key), .list(PyList((history.values[key] ?? []).map { .float(Double($0)) })))
            }
            return .dict(d)
        case "epoch": return .list(PyList((0..<epochs).map { .int($0) }))
        case "model": return model
        case "params": return .dict(PyDict())
        default: return nil
        }
    }
    override var attributeNames: [String] { ["history", "epoch", "model", "params"] }
}

/// An optimizer object (`tf.keras.optimizers.Adam(0.1)`).
final class PyOptimizer: PyObject {
    let optimizer: Optimizer
    init(_ optimizer: Optimizer) { self.optimizer = optimizer }
    override var type: PyType { KerasSession.optimizerType }
    override func repr(_ interp: Interpreter) throws -> String {
        "<keras.src.optimizers.\(optimizer.kind.rawValue.lowercased()).\(optimizer.kind.rawValue) object at \(address)>"
    }
    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "learning_rate", "lr": return .float(Double(optimizer.learningRate))
        case "iterations": return .int(optimizer.iterations)
        case "name": return .string(optimizer.kind.rawValue.lowercased())
        default: return nil
        }
    }
    override func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws {
        guard name == "learning_rate" || name == "lr" else { try super.setAttribute(name, value, interp); return }
        optimizer.learningRate = Float(try Conversions.double(value))
    }
}

/// A loss object (`tf.keras.losses.MeanSquaredError()`).
final class PyLoss: PyObject {
    let loss: Loss
    init(_ loss: Loss) { self.loss = loss }
    override var type: PyType { KerasSession.lossType }
    override func repr(_ interp: Interpreter) throws -> String { "<LossFunctionWrapper(\(loss.name)) object at \(address)>" }
}

