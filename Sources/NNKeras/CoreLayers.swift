import Foundation
import NNTensor

/// `Dense(units, activation, use_bias)`: `activation(x · kernel + bias)` on the last axis of inputs
/// of any rank: (batch, …, features) → (batch, …, units).
public final class Dense: Layer {
    public let units: Int
    public let activation: Activation
    public let useBias: Bool
    public let kernelInitializer: String
    public let biasInitializer: String

    public init(
        units: Int, activation: Activation, useBias: Bool, kernelInitializer: String, biasInitializer: String,
        name: String
    ) {
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        super.init(name: name)
    }

    public override var typeName: String { "Dense" }

    public override func build(_ shape: [Int], random: KerasRandom) throws -> [Int] {
        guard let fanIn = shape.last else {
            throw KerasError(
                .value, "Input 0 of layer \"\(name)\" is incompatible with the layer: expected min_ndim=2, found ndim=1"
            )
        }
        let count = try weightCount([fanIn, units])
        let kernel = try Initializers.values(
            kernelInitializer, count: count, fanIn: fanIn, fanOut: units, random: random)
        parameters = [Parameter("kernel", shape: [fanIn, units], value: kernel)]
        if useBias {
            let bias = try Initializers.values(
                biasInitializer, count: units, fanIn: fanIn, fanOut: units, random: random)
            parameters.append(Parameter("bias", shape: [units], value: bias))
        }
        return shape.dropLast() + [units]
    }

    public override func call(_ x: Node, training: Bool, random: KerasRandom) throws -> Node {
        let z = Ops.matmul(x, Node(parameters[0]), bias: useBias ? Node(parameters[1]) : nil)
        return Ops.activation(activation, z)
    }
}

extension Layer {
    /// The number of values in a weight of `shape`, refused when it could not be allocated.
    func weightCount(_ shape: [Int]) throws -> Int {
        var count = 1
        for d in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= 1 << 28 else {
                throw KerasError(
                    .value,
                    "nn's \(typeName) layer \"\(name)\" would need \(shape.map(String.init).joined(separator: " × ")) weights, more than it can allocate"
                )
            }
            count = product
        }
        return count
    }
}

/// `Activation('relu')`: an activation on its own (softmax on the last axis, as Keras's).
public final class ActivationLayer: Layer {
    public let activation: Activation

    public init(_ activation: Activation, name: String) {
        self.activation = activation
        super.init(name: name)
    }
    public override var typeName: String { "Activation" }

    public override func call(_ x: Node, training: Bool, random: KerasRandom) throws -> Node {
        Ops.activation(activation, x)
    }
}

/// `Rescaling(scale, offset=0.0)`: every value times scale, plus offset (images' 0…255 to 0…1).
public final class Rescaling: Layer {
    public let scale: Float, offset: Float

    public init(scale: Float, offset: Float, name: String) {
        (self.scale, self.offset) = (scale, offset)
        super.init(name: name)
    }
    public override var typeName: String { "Rescaling" }

    public override func call(_ x: Node, training: Bool, random: KerasRandom) throws -> Node {
        let scaled = try Ops.arithmetic(.multiply, x, Node(Tensor(scalar: scale)))
        return offset == 0 ? scaled : try Ops.arithmetic(.add, scaled, Node(Tensor(scalar: offset)))
    }
}

/// `Flatten()`: the features of each sample as one axis.
public final class Flatten: Layer {
    public override var typeName: String { "Flatten" }
    public override func build(_ shape: [Int], random: KerasRandom) throws -> [Int] { [shape.reduce(1, *)] }
    public override func call(_ x: Node, training: Bool, random: KerasRandom) throws -> Node {
        Ops.reshape(x, [x.shape.first ?? 0] + outputShape)
    }
}

/// `Reshape(target_shape)`: the same values per sample in another shape (one axis may be -1).
public final class Reshape: Layer {
    public let targetShape: [Int]

    public init(targetShape: [Int], name: String) throws {
        guard targetShape.filter({ $0 == -1 }).count <= 1 else {
            throw KerasError(
                .value,
                "There must be at most one unknown dimension (-1) in `target_shape`. Received: target_shape=\(describeShape(targetShape))."
            )
        }
        self.targetShape = targetShape
        super.init(name: name)
    }
    public override var typeName: String { "Reshape" }

    public override func build(_ shape: [Int], random: KerasRandom) throws -> [Int] {
        let size = shape.reduce(1, *), known = targetShape.filter { $0 != -1 }.reduce(1, *)
        let resolved = targetShape.map { $0 == -1 && known > 0 && size % known == 0 ? size / known : $0 }
        guard resolved.allSatisfy({ $0 > 0 }), resolved.reduce(1, *) == size else {
            throw KerasError(
                .value,
                "The total size of the tensor must be unchanged. Received: input_shape=\(describeShape(shape)), target_shape=\(describeShape(targetShape))"
            )
        }
        return resolved
    }

    public override func call(_ x: Node, training: Bool, random: KerasRandom) throws -> Node {
        Ops.reshape(x, [x.shape.first ?? 0] + outputShape)
    }
}

/// `Dropout(rate)`: zeroes a fraction of the values while training and scales the rest up.
public final class Dropout: Layer {
    public let rate: Float

    public init(rate: Float, name: String) {
        self.rate = rate
        super.init(name: name)
    }
    public override var typeName: String { "Dropout" }

    public override func call(_ x: Node, training: Bool, random: KerasRandom) throws -> Node {
        training && rate > 0 ? Ops.dropout(x, rate: rate, random: random) : x
    }
}

/// `BatchNormalization()`: normalises each feature of the last axis by the batch's statistics while
/// training, updating moving averages (momentum 0.99, epsilon 1e-3, as Keras), and by those at inference.
public final class BatchNormalization: Layer {
    /// The axis normalised, as given (-1 is the last).
    public let axis: Int
    public let momentum: Float
    public let epsilon: Float
    /// Whether the layer learns an offset (`beta`) and a scale (`gamma`).
    public let center: Bool, scale: Bool
    var gamma: Parameter?, beta: Parameter?
    var movingMean = Parameter("moving_mean", shape: [0], value: [], trainable: false)
    var movingVariance = Parameter("moving_variance", shape: [0], value: [], trainable: false)

    public init(axis: Int, momentum: Float, epsilon: Float, center: Bool, scale: Bool, name: String) {
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        super.init(name: name)
    }
    public override var typeName: String { "BatchNormalization" }

    /// Keras's weights in its order: gamma (when scaling), beta (when centering), the moving statistics.
    public override func build(_ shape: [Int], random: KerasRandom) throws -> [Int] {
        guard let n = shape.last else {
            throw KerasError(.value, "BatchNormalization needs inputs with a feature axis")
        }
        guard axis == -1 || axis == shape.count else {
            throw KerasError(
                .notImplemented,
                "nn's BatchNormalization normalises the last axis (axis=-1) only, not axis=\(axis), for now")
        }
        gamma = scale ? Parameter("gamma", shape: [n], value: [Float](repeating: 1, count: n)) : nil
        beta = center ? Parameter("beta", shape: [n], value: [Float](repeating: 0, count: n)) : nil
        movingMean = Parameter("moving_mean", shape: [n], value: [Float](repeating: 0, count: n), trainable: false)
        movingVariance = Parameter(
            "moving_variance", shape: [n], value: [Float](repeating: 1, count: n), trainable: false)
        parameters = [gamma, beta].compactMap { $0 } + [movingMean, movingVariance]
        return shape
    }

    public override func call(_ x: Node, training: Bool, random: KerasRandom) throws -> Node {
        let statistics = training ? nil : (movingMean.value, movingVariance.value)
        let (y, mean, variance) = Ops.batchNormalization(
            x, gamma: gamma.map { Node($0) }, beta: beta.map { Node($0) }, statistics: statistics, epsilon: epsilon)
        if training {
            for c in mean.indices {
                movingMean.value[c] = movingMean.value[c] * momentum + mean[c] * (1 - momentum)
                movingVariance.value[c] = movingVariance.value[c] * momentum + variance[c] * (1 - momentum)
            }
        }
        return y
    }
}
