/// A symbolic tensor of the functional API (`x = Dense(4)(inputs)`): the shape of one sample, the
/// layer that computes it and that layer's inputs. Calling a layer on symbolic tensors builds the layer
/// for their shapes; a model is then the graph between its input and output tensors.
public final class KerasTensor: Equatable {
    public let shape: [Int]
    public let layer: Layer
    public let inputs: [KerasTensor]

    init(_ layer: Layer, _ inputs: [KerasTensor], shape: [Int]) {
        self.layer = layer
        self.inputs = inputs
        self.shape = shape
    }

    /// `Input(shape=...)`.
    public convenience init(input: InputLayer) {
        self.init(input, [], shape: input.outputShape)
    }

    /// `layer(inputs)`: the layer's output, the layer built for (or checked against) the inputs' shapes.
    public convenience init(applying layer: Layer, to inputs: [KerasTensor], random: KerasRandom) throws {
        if layer is InputLayer {
            throw KerasError(.type, "An InputLayer cannot be called on a tensor; use `Input(shape=...)` on its own")
        }
        try layer.connect(inputs.map(\.shape), random: random)
        self.init(layer, inputs, shape: layer.outputShape)
    }

    public var isInput: Bool { layer is InputLayer }

    public static func == (a: KerasTensor, b: KerasTensor) -> Bool { a === b }

    /// The layer applications needed for `outputs` from `inputs`, each after the ones it reads;
    /// a path to an input tensor that is not among `inputs` is Keras's "graph disconnected".
    static func steps(from inputs: [KerasTensor], to outputs: [KerasTensor]) throws -> [KerasTensor] {
        let given = Set(inputs.map(ObjectIdentifier.init))
        return try postOrder(outputs, inputs: \.inputs) { t in
            if given.contains(ObjectIdentifier(t)) { return false }
            guard !t.isInput else {
                throw KerasError(
                    .value,
                    "Graph disconnected: cannot find parent for KerasTensor of shape \(describeShape([nil] + t.shape)) from layer \"\(t.layer.name)\", which is not among the model's inputs."
                )
            }
            return true
        }
    }
}
