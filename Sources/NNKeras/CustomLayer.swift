/// A layer whose build and call another party defines: a script's subclass of `tf.keras.layers.Layer`
/// (or the `call` of a subclassed `tf.keras.Model`). The bindings give both as functions; the call
/// composes differentiable ops, so the layer needs no backward pass of its own. Its weights are the
/// ones it adds itself (trainable first), then those of the layers it uses, as Keras orders them.
public final class CustomLayer: Layer {
    public let className: String
    /// What owns the layer (the script's instance), kept alive as long as the layer is.
    public let owner: AnyObject
    /// Makes the weights for inputs of these sample shapes built for this batch size (nil: symbolic)
    /// and returns the output's sample shape.
    public var buildBody: (_ shapes: [[Int]], _ batch: Int?) throws -> [Int] = { shapes, _ in shapes[0] }
    public var callBody: (_ inputs: [Node], _ training: Bool) throws -> Node = { inputs, _ in inputs[0] }
    /// The layers it uses (tracked from the owner's attributes), in the order they were assigned.
    public var sublayers: () -> [Layer] = { [] }
    private var own: [Parameter] = []

    public init(name: String, className: String, owner: AnyObject) {
        self.className = className
        self.owner = owner
        super.init(name: name)
    }

    public override var typeName: String { className }

    /// `self.add_weight(...)`: a new weight of this layer, initialised as Keras initialises it.
    public func addWeight(
        name: String, shape: [Int], initializer: String, trainable: Bool, random: KerasRandom
    ) throws -> Parameter {
        let (fanIn, fanOut) = CustomLayer.fans(shape)
        let values = try Initializers.values(
            initializer, count: shape.reduce(1, *), fanIn: fanIn, fanOut: fanOut, random: random)
        let p = NameScope.with(self.name, owner: self) {
            Parameter(name, shape: shape, value: values, trainable: trainable)
        }
        own.append(p)
        return p
    }

    /// Keras's fan-in and fan-out of a weight's shape (the receptive field counts for kernels).
    static func fans(_ shape: [Int]) -> (Int, Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (shape[0], shape[0])
        case 2: return (shape[0], shape[1])
        default:
            let field = shape.dropLast(2).reduce(1, *)
            return (shape[shape.count - 2] * field, shape[shape.count - 1] * field)
        }
    }

    public override var parameters: [Parameter] {
        get {
            var seen = Set<ObjectIdentifier>()
            let all = own.filter(\.trainable) + own.filter { !$0.trainable } + sublayers().flatMap(\.parameters)
            return all.filter { seen.insert(ObjectIdentifier($0)).inserted }
        }
        // Layers set the weights they build; a custom layer's build adds them one by one instead.
        set { own = newValue }
    }

    public override func build(inputs shapes: [[Int]], random: KerasRandom) throws -> [Int] {
        try buildBody(shapes, buildBatch)
    }

    public override func call(inputs: [Node], training: Bool, random: KerasRandom) throws -> Node {
        try callBody(inputs, training)
    }
}
