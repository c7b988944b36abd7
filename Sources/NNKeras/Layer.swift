import Foundation
import NNTensor

/// Errors of the training runtime, worded as Keras words them; `kind` names the Python exception.
public struct KerasError: Error {
    public enum Kind: Sendable { case value, type, runtime, attribute, notImplemented }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// A weight of a layer (Keras's variable), with the gradient the last backward pass left in it.
public final class Parameter {
    public let name: String
    /// Where the weight lives (`sequential/dense/kernel`): its name under the scopes it was made in.
    public let path: String
    public let shape: [Int]
    public var value: [Float]
    public internal(set) var gradient: [Float]
    public let trainable: Bool

    public init(_ name: String, shape: [Int], value: [Float], trainable: Bool = true) {
        self.name = name
        self.path = NameScope.path(name)
        self.shape = shape
        self.value = value
        self.gradient = [Float](repeating: 0, count: value.count)
        self.trainable = trainable
    }

    public var tensor: Tensor { Tensor(shape: shape, data: value) }

    public func clearGradient() {
        gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    public func addGradient(_ g: [Float]) {
        gradient.withUnsafeMutableBufferPointer { d in
            g.withUnsafeBufferPointer { s in
                for i in 0..<min(d.count, s.count) { d[i] += s[i] }
            }
        }
    }
}

/// The random numbers of weight initialisation and dropout (seeded by `tf.random.set_seed`).
public final class KerasRandom {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public func reseed(_ seed: UInt64) { state = seed }

    /// A uniform float in [0, 1) (SplitMix64).
    public func uniform() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 24)
    }
}

/// A Keras layer: built once for the shapes of its inputs, then called on batches as a composition
/// of differentiable ops (no layer writes its own backward pass).
open class Layer {
    public let name: String
    /// The sample shapes (without the batch axis) of the inputs this layer was built for.
    public internal(set) var inputShapes: [[Int]]?
    public internal(set) var outputShape: [Int] = []
    /// Weights in Keras's `get_weights()` order.
    public internal(set) var parameters: [Parameter] = []
    /// The batch size of the values it was built for, when an eager call built it (nil when built for
    /// symbolic tensors); Keras's summary of a subclassed model shows it.
    public internal(set) var buildBatch: Int?

    public init(name: String) { self.name = name }

    /// The class name `summary()` shows (`Dense`).
    open var typeName: String { "Layer" }

    /// Creates the weights for inputs of `shape`; returns the output shape.
    open func build(_ shape: [Int], random: KerasRandom) throws -> [Int] { shape }

    /// Layers that merge several inputs override this one.
    open func build(inputs shapes: [[Int]], random: KerasRandom) throws -> [Int] {
        guard shapes.count == 1 else {
            throw KerasError(
                .value, "Layer \"\(name)\" expects 1 input, but it received \(shapes.count) input tensors.")
        }
        return try build(shapes[0], random: random)
    }

    /// The layer's output for a batch (the first axis of each input).
    open func call(_ x: Node, training: Bool, random: KerasRandom) throws -> Node { x }

    open func call(inputs: [Node], training: Bool, random: KerasRandom) throws -> Node {
        try call(inputs[0], training: training, random: random)
    }

    public var isBuilt: Bool { inputShapes != nil }
    /// The shape of the (first) input.
    public var inputShape: [Int]? { inputShapes?.first }

    /// Builds the layer for inputs of `shapes`, or checks the shapes it was built for: the same shapes
    /// in the functional API; in a Sequential model, the same size and last axis.
    public func connect(_ shapes: [[Int]], random: KerasRandom, exactShape: Bool = true, batch: Int? = nil) throws {
        if let built = inputShapes {
            let compatible =
                exactShape
                ? built == shapes
                : built.count == shapes.count
                    && zip(built, shapes).allSatisfy { $0.reduce(1, *) == $1.reduce(1, *) && $0.last == $1.last }
            guard compatible else {
                throw KerasError(
                    .value,
                    "Input 0 of layer \"\(name)\" is incompatible with the layer: expected axis -1 of input shape to have value \(built.first?.last ?? 0), but received input with shape \(describeShape([nil] + (shapes.first ?? [])))"
                )
            }
            return
        }
        buildBatch = batch
        outputShape = try NameScope.with(name, owner: self) { try build(inputs: shapes, random: random) }
        inputShapes = shapes
    }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// `layer.set_weights(...)`.
    public func setWeights(_ values: [(shape: [Int], data: [Float])]) throws {
        try Model.assign(values, to: parameters, owner: "layer \"\(name)\"")
    }
}

/// `(None, 13)` as Keras prints shapes.
public func describeShape(_ shape: [Int?]) -> String {
    let parts = shape.map { $0.map(String.init) ?? "None" }
    return parts.count == 1 ? "(\(parts[0]),)" : "(" + parts.joined(separator: ", ") + ")"
}

/// `Input(shape=...)`, the first layer of a model.
public final class InputLayer: Layer {
    public init(shape: [Int], name: String) {
        super.init(name: name)
        inputShapes = [shape]
        outputShape = shape
    }
    public override var typeName: String { "InputLayer" }
}

/// Keras's weight initializers by name.
enum Initializers {
    static let names = [
        "glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "zeros", "ones", "random_uniform",
        "random_normal",
    ]

    static func values(_ name: String, count: Int, fanIn: Int, fanOut: Int, random: KerasRandom) throws -> [Float] {
        func uniform(_ limit: Float) -> [Float] { (0..<count).map { _ in (random.uniform() * 2 - 1) * limit } }
        func normal(_ deviation: Float) -> [Float] {
            (0..<count).map { _ in
                // Box–Muller, truncated at two deviations as Keras's truncated normal is.
                while true {
                    let u = max(random.uniform(), 1e-7), v = random.uniform()
                    let z = (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Float.pi * v)
                    if abs(z) <= 2 { return z * deviation }
                }
            }
        }
        switch name {
        case "glorot_uniform": return uniform((6 / Float(fanIn + fanOut)).squareRoot())
        case "glorot_normal": return normal((2 / Float(fanIn + fanOut)).squareRoot() / 0.87962566)
        case "he_uniform": return uniform((6 / Float(fanIn)).squareRoot())
        case "he_normal": return normal((2 / Float(fanIn)).squareRoot() / 0.87962566)
        case "zeros": return [Float](repeating: 0, count: count)
        case "ones": return [Float](repeating: 1, count: count)
        case "random_uniform": return uniform(0.05)
        case "random_normal": return normal(0.05)
        default:
            throw KerasError(.value, "Could not interpret initializer identifier: '\(name)'")
        }
    }
}
