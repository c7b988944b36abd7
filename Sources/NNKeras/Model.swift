import Foundation
import NNTensor

/// What `fit` records per epoch (Keras's `History.history`), in the order Keras lists the keys.
public struct History {
    /// The epochs run, counting from 0 (from `initial_epoch`).
    public var epochs: [Int] = []
    public var keys: [String] = []
    public var values: [String: [Float]] = [:]
    mutating func append(_ key: String, _ value: Float) {
        if values[key] == nil { keys.append(key) }
        values[key, default: []].append(value)
    }
}

/// Where a training run reports progress (the bindings print Keras's progress lines).
public protocol TrainingObserver: AnyObject {
    /// `steps` is nil while the number of batches is not known (a dataset's first pass).
    func epochBegan(_ epoch: Int, of epochs: Int, steps: Int?)
    /// After each step, with the running means of the epoch so far.
    func stepEnded(_ step: Int, of steps: Int?, logs: [(String, Float)])
    func epochEnded(_ epoch: Int, of epochs: Int, steps: Int, seconds: Double, logs: [(String, Float)])
    /// When `shouldStop` ended an epoch after `step` of its steps; training then ends at once.
    func epochInterrupted(at step: Int, of steps: Int, seconds: Double, logs: [(String, Float)])
    /// Checked after every step: true stops training (Ctrl-C), keeping the weights learned so far.
    var shouldStop: Bool { get }
}

/// A Sequential model (a stack of layers) or a functional model (the graph of layer applications
/// between its input and output tensors, which may branch and merge).
public final class Model {
    public let name: String
    public let isSequential: Bool
    /// A subclassed model's `call`: the one layer between its input and its output.
    public let body: CustomLayer?
    private var stack: [Layer] = []
    /// A Sequential model's layers in order; a functional model's layers in the order they compute;
    /// the layers a subclassed model uses.
    public var layers: [Layer] { body?.sublayers() ?? stack }
    public private(set) var inputs: [KerasTensor] = []
    public private(set) var outputs: [KerasTensor] = []
    /// The layer applications from the inputs to the outputs, each after the ones it reads.
    private(set) var steps: [KerasTensor] = []
    /// The losses given to `compile`, resolved against the outputs at `fit`.
    public var loss: CompiledLoss?
    public var optimizer: Optimizer?
    /// The metrics given to `compile`, resolved against the outputs and the data at `fit`; and
    /// the argument as Python printed it, for errors.
    public internal(set) var metrics = CompiledMetrics.flat([])
    var metricsGiven = "[]"
    /// Keras's `model.stop_training`: a callback sets it to end `fit` after the current batch.
    public var stopTraining = false
    public let random: KerasRandom
    /// Called each time a Sequential model builds (Keras makes a functional model then, which takes
    /// a name: the next `functional_N`).
    public var onBuild: (() -> Void)?

    /// An empty Sequential model.
    public init(name: String, random: KerasRandom) {
        self.name = name
        self.isSequential = true
        self.random = random
        body = nil
    }

    /// A subclassed model: built by the first data it is called on, as Keras builds one.
    public init(name: String, body: CustomLayer, random: KerasRandom) {
        self.name = name
        self.isSequential = false
        self.random = random
        self.body = body
    }

    /// A functional model from its input and output tensors.
    public init(name: String, inputs: [KerasTensor], outputs: [KerasTensor], random: KerasRandom) throws {
        self.name = name
        self.isSequential = false
        self.random = random
        body = nil
        guard inputs.allSatisfy(\.isInput) else {
            throw KerasError(.value, "A model's inputs must come from `Input(...)`, not from another layer's output")
        }
        self.inputs = inputs
        self.outputs = outputs
        steps = try KerasTensor.steps(from: inputs, to: outputs)
        for step in steps where !stack.contains(where: { $0 === step.layer }) { stack.append(step.layer) }
    }

    /// The (first) input layer.
    public var input: InputLayer? { inputs.first?.layer as? InputLayer }

    /// `model.add(layer)`; an InputLayer or a layer with a declared input shape fixes the input.
    public func add(_ layer: Layer, declaredInputShape: [Int]? = nil) throws {
        if let inputLayer = layer as? InputLayer {
            guard layers.isEmpty && inputs.isEmpty else {
                throw KerasError(.value, "You can only add an Input at the start of a Sequential model.")
            }
            inputs = [KerasTensor(input: inputLayer)]
            return
        }
        guard isSequential else { throw KerasError(.value, "add() is for Sequential models") }
        if stack.contains(where: { $0 === layer }) {
            throw KerasError(
                .value,
                "All layers added to a Sequential model should have unique names. Name '\(layer.name)' is already the name of a layer in this model."
            )
        }
        stack.append(layer)
        if stack.count == 1, inputs.isEmpty, let shape = declaredInputShape {
            inputs = Model.input(shape)
        }
        if !inputs.isEmpty { try build() }
    }

    public var isBuilt: Bool { !inputs.isEmpty && (body?.isBuilt ?? stack.allSatisfy(\.isBuilt)) }

    /// Builds a Sequential model's layers in turn from its input shape, or a subclassed model's call
    /// (for values of a batch of `batch` samples; nil for `model.build(shape)`).
    public func build(batch: Int? = nil) throws {
        guard isSequential || body != nil, let first = inputs.first else { return }
        var t = first
        steps = []
        if let body {
            // The call opens its own scope, named as the model is.
            try body.connect([t.shape], random: random, exactShape: false, batch: batch)
            t = KerasTensor(body, [t], shape: body.outputShape)
            steps = [t]
        } else {
            try NameScope.with(name, owner: self) {
                for layer in stack {
                    try layer.connect([t.shape], random: random, exactShape: false)
                    t = KerasTensor(layer, [t], shape: layer.outputShape)
                    steps.append(t)
                }
            }
        }
        outputs = [t]
        if isSequential && !stack.isEmpty { onBuild?() }
    }

    /// `model.build(input_shape)`: a Sequential or subclassed model built for samples of `shape`.
    public func build(shape: [Int]) throws {
        guard isSequential || body != nil else { return }
        if inputs.isEmpty { inputs = Model.input(shape) }
        try build()
    }

    /// The input a Sequential or subclassed model makes for itself from a sample shape.
    private static func input(_ shape: [Int]) -> [KerasTensor] {
        [KerasTensor(input: InputLayer(shape: shape, name: "input_layer"))]
    }

    func requireBuilt(_ action: String) throws {
        if !isBuilt { try build() }
        guard isBuilt else {
            throw KerasError(.value, "You must call `build()` or call the model on data before \(action).")
        }
    }

    /// Builds an unbuilt Sequential model from the sample shape of `x`, or an unbuilt subclassed
    /// model as its first call on batches of `batch` samples (all of `x` when nil) builds it in Keras.
    func buildIfNeeded(for x: [Tensor], batch: Int?) throws {
        guard isSequential || body != nil, inputs.isEmpty || !isBuilt, let first = x.first else { return }
        if inputs.isEmpty {
            inputs = Model.input(Array(first.shape.dropFirst()))
        } else if body == nil {
            return
        }
        let count = first.shape.first ?? 0
        try build(batch: body == nil ? nil : min(batch ?? count, count))
    }

    /// Checks inputs against the model's input shapes (building an unbuilt Sequential from them) and
    /// gives them those shapes: a sample of the same size and last axis is accepted, as Keras does.
    func prepare(_ x: [Tensor]) throws -> [Tensor] {
        try buildIfNeeded(for: x, batch: nil)
        try requireBuilt("using it")
        guard x.count == inputs.count else {
            throw KerasError(
                .value,
                "Layer \"\(name)\" expects \(inputs.count) input(s), but it received \(x.count) input tensors.")
        }
        return try zip(inputs, x).map { input, data in
            let expected = input.shape, given = Array(data.shape.dropFirst())
            if given == expected { return data }
            guard given.reduce(1, *) == expected.reduce(1, *), given.last == expected.last else {
                if isSequential, let first = layers.first {
                    throw KerasError(
                        .value,
                        "Input 0 of layer \"\(first.name)\" is incompatible with the layer: expected axis -1 of input shape to have value \(expected.last ?? 0), but received input with shape \(describeShape([min(data.shape.first ?? 0, 32)] + given))"
                    )
                }
                throw KerasError(
                    .value,
                    "Input 0 with name '\(input.layer.name)' of layer '\(name)' is incompatible with the layer: expected shape=\(describeShape([nil] + expected)), found shape=\(describeShape([nil] + given))"
                )
            }
            return data.reshaped([data.shape.first ?? 0] + expected)
        }
    }

    public var parameters: [Parameter] { body?.parameters ?? stack.flatMap(\.parameters) }
    public var outputShape: [Int] { outputs.first?.shape ?? inputs.first?.shape ?? [] }
    /// The output layers' names (`y` and `loss` given as dicts are keyed by them).
    public var outputNames: [String] { outputs.map { $0.layer.name } }

    /// `model(x, training=...)`: the outputs for inputs checked against the model's (and building an
    /// unbuilt Sequential), as nodes that gradients flow back through to the weights.
    /// The inputs may themselves be results of ops (a model called inside a layer's call), which
    /// the gradients flow on to.
    public func call(_ x: [Node], training: Bool) throws -> [Node] {
        let shaped = try prepare(x.map(\.value))
        let nodes = zip(x, shaped).map { node, t in node.shape == t.shape ? node : Ops.reshape(node, t.shape) }
        return try forward(nodes, training: training)
    }

    /// The outputs for a batch of inputs, as nodes of the graph gradients flow back through.
    func forward(_ x: [Tensor], training: Bool) throws -> [Node] {
        try forward(x.map { Node($0) }, training: training)
    }

    func forward(_ x: [Node], training: Bool) throws -> [Node] {
        var values: [ObjectIdentifier: Node] = [:]
        for (t, v) in zip(inputs, x) { values[ObjectIdentifier(t)] = v }
        for step in steps {
            let args = step.inputs.compactMap { values[ObjectIdentifier($0)] }
            values[ObjectIdentifier(step)] = try step.layer.call(inputs: args, training: training, random: random)
        }
        return outputs.compactMap { values[ObjectIdentifier($0)] }
    }

    // MARK: weights

    /// A subclassed model's weights are those made so far (none before its first call), as in Keras.
    public func weights() throws -> [Parameter] {
        if body == nil { try requireBuilt("accessing its weights") }
        return parameters
    }

    /// `set_weights`: values in `get_weights()` order, each with the matching shape.
    public func setWeights(_ values: [(shape: [Int], data: [Float])]) throws {
        try Model.assign(values, to: try weights(), owner: "model")
    }

    static func assign(_ values: [(shape: [Int], data: [Float])], to targets: [Parameter], owner: String) throws {
        guard values.count == targets.count else {
            throw KerasError(
                .value,
                "You called `set_weights(weights)` on \(owner) with a weight list of length \(values.count), but the \(owner) was expecting \(targets.count) weights."
            )
        }
        for (p, v) in zip(targets, values) {
            guard p.shape == v.shape else {
                throw KerasError(
                    .value,
                    "The shape of the target variable and the shape of the target value in `variable.assign(value)` must match. variable.shape=\(describeShape(p.shape)), Received: value.shape=\(describeShape(v.shape)). Target variable: \(p.name)"
                )
            }
            p.value = v.data
        }
    }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}
