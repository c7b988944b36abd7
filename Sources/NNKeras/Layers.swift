import Foundation

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

/// A weight of a layer with its gradient.
public final class Parameter {
    public let name: String
    public let shape: [Int]
    public var value: [Float]
    public var gradient: [Float]
    public let trainable: Bool

    init(_ name: String, shape: [Int], value: [Float], trainable: Bool = true) {
        self.name = name
        self.shape = shape
        self.value = value
        self.gradient = [Float](repeating: 0, count: value.count)
        self.trainable = trainable
    }
}

/// The random numbers of weight initialisation and dropout (seeded by `tf.random.set_seed`).
public final class KerasRandom {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public func reseed(_ seed: UInt64) { state = seed }

    /// A uniform float in [0, 1) (SplitMix64).
    func uniform() -> Float {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Float(z >> 40) / Float(1 << 24)
    }
}

/// A Keras layer: built once for an input shape, then run forward and backward on batches.
open class Layer {
    public let name: String
    /// The feature shape this layer takes (without the batch axis), known once built.
    public internal(set) var inputShape: [Int]?
    public internal(set) var outputShape: [Int] = []
    /// Weights in Keras's `get_weights()` order.
    public internal(set) var parameters: [Parameter] = []

    public init(name: String) { self.name = name }

    /// The class name `summary()` shows (`Dense`).
    open var typeName: String { "Layer" }

    /// Creates the weights for inputs of `shape`; returns the output shape.
    open func build(_ shape: [Int], random: KerasRandom) throws -> [Int] { shape }

    open func forward(_ x: Matrix, training: Bool, random: KerasRandom) -> Matrix { x }

    /// Given the gradient of the loss with respect to the output of the last `forward`, stores the
    /// weight gradients and returns the gradient with respect to the input.
    open func backward(_ gradient: Matrix) -> Matrix { gradient }

    /// The activation whose input a cross-entropy loss can take as logits, if this layer ends in one.
    open var finalActivation: Activation? { nil }

    /// The gradient with respect to the input, given the gradient with respect to the
    /// pre-activation (the logits), for losses fused with a final sigmoid or softmax.
    open func backward(logitsGradient: Matrix) -> Matrix { backward(logitsGradient) }

    /// The pre-activation values of the last forward pass, for fused losses.
    open var lastLogits: Matrix? { nil }

    public var isBuilt: Bool { inputShape != nil }

    /// Builds the layer for inputs of `shape`, or checks the shape it was built for: the same
    /// shape in the functional API, the same size and last axis in a Sequential model.
    public func connect(_ shape: [Int], random: KerasRandom, exactShape: Bool = true) throws {
        if let built = inputShape {
            let compatible =
                exactShape ? built == shape : built.reduce(1, *) == shape.reduce(1, *) && built.last == shape.last
            guard compatible else {
                throw KerasError(
                    .value,
                    "Input 0 of layer \"\(name)\" is incompatible with the layer: expected axis -1 of input shape to have value \(built.last ?? 0), but received input with shape \(describeShape([nil] + shape))"
                )
            }
            return
        }
        outputShape = try build(shape, random: random)
        inputShape = shape
    }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
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
        inputShape = shape
        outputShape = shape
    }
    public override var typeName: String { "InputLayer" }
}

/// `Dense(units, activation, use_bias)`: `activation(x · kernel + bias)`.
public final class Dense: Layer {
    public let units: Int
    public let activation: Activation
    public let useBias: Bool
    public let kernelInitializer: String
    public let biasInitializer: String
    var input = Matrix(zeros: 0, 0), logits = Matrix(zeros: 0, 0), output = Matrix(zeros: 0, 0)
    var batchRows = 0

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

    /// Keras's Dense works on the last axis of inputs of any rank: (batch, …, features) → (batch, …, units).
    public override func build(_ shape: [Int], random: KerasRandom) throws -> [Int] {
        guard let fanIn = shape.last else {
            throw KerasError(
                .value, "Input 0 of layer \"\(name)\" is incompatible with the layer: expected min_ndim=2, found ndim=1"
            )
        }
        let (count, overflow) = fanIn.multipliedReportingOverflow(by: units)
        guard !overflow, count <= 1 << 28 else {
            throw KerasError(
                .value, "nn's Dense layer \"\(name)\" would need \(fanIn) × \(units) weights, more than it can allocate"
            )
        }
        let kernel = try Initializers.values(
            kernelInitializer, count: count, fanIn: fanIn, fanOut: units, random: random)
        parameters = [Parameter("kernel", shape: [fanIn, units], value: kernel)]
        if useBias {
            parameters.append(
                Parameter(
                    "bias", shape: [units],
                    value: try Initializers.values(
                        biasInitializer, count: units, fanIn: fanIn, fanOut: units, random: random)))
        }
        return shape.dropLast() + [units]
    }

    public override func forward(_ batch: Matrix, training: Bool, random: KerasRandom) -> Matrix {
        let kernel = Matrix(rows: parameters[0].shape[0], columns: units, data: parameters[0].value)
        let x = batch.lastAxisRows(parameters[0].shape[0])
        var z = x.times(kernel)
        if useBias {
            let bias = parameters[1].value
            for r in 0..<z.rows {
                for c in 0..<units { z.data[r * units + c] += bias[c] }
            }
        }
        let y = activation.apply(z)
        if training {
            input = x
            logits = z
            output = y
            batchRows = batch.rows
        }
        return y.sampleRows(batch.rows)
    }

    public override func backward(_ gradient: Matrix) -> Matrix {
        let g = activation.backward(input: logits, output: output, gradient: gradient.lastAxisRows(units))
        return backward(logitsGradient: g.sampleRows(gradient.rows))
    }

    public override func backward(logitsGradient batchGradient: Matrix) -> Matrix {
        let g = batchGradient.lastAxisRows(units)
        let kernel = Matrix(rows: parameters[0].shape[0], columns: units, data: parameters[0].value)
        // The gradient buffers are reused from step to step rather than allocated anew.
        let fanIn = parameters[0].shape[0]
        parameters[0].gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        Kernels.gemm(
            input.data, g.data, &parameters[0].gradient, m: fanIn, k: input.rows, n: units, transposeA: true,
            transposeB: false)
        if useBias { parameters[1].gradient = g.columnSums() }
        return g.timesTransposed(kernel).sampleRows(batchGradient.rows)
    }

    public override var finalActivation: Activation? { activation }
    public override var lastLogits: Matrix? { logits.sampleRows(batchRows) }
}

/// `Activation('relu')`: an activation on its own.
public final class ActivationLayer: Layer {
    public let activation: Activation
    var input = Matrix(zeros: 0, 0), output = Matrix(zeros: 0, 0)

    public init(_ activation: Activation, name: String) {
        self.activation = activation
        super.init(name: name)
    }
    public override var typeName: String { "Activation" }

    /// Softmax works on the last axis, as Keras's does.
    public override func forward(_ x: Matrix, training: Bool, random: KerasRandom) -> Matrix {
        let width = outputShape.last ?? x.columns
        let y = activation.apply(x.lastAxisRows(width)).sampleRows(x.rows)
        if training {
            input = x
            output = y
        }
        return y
    }
    public override func backward(_ gradient: Matrix) -> Matrix {
        let width = outputShape.last ?? gradient.columns
        return activation.backward(
            input: input.lastAxisRows(width), output: output.lastAxisRows(width), gradient: gradient.lastAxisRows(width)
        ).sampleRows(gradient.rows)
    }
    public override var finalActivation: Activation? { activation }
    public override func backward(logitsGradient: Matrix) -> Matrix { logitsGradient }
    public override var lastLogits: Matrix? { input }
}

/// `Flatten()`: the features of each sample as one row (the data are already stored that way).
public final class Flatten: Layer {
    public override var typeName: String { "Flatten" }
    public override func build(_ shape: [Int], random: KerasRandom) throws -> [Int] { [shape.reduce(1, *)] }
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
}

/// `Dropout(rate)`: zeroes a fraction of the values while training and scales the rest up.
public final class Dropout: Layer {
    public let rate: Float
    var mask: [Float] = []

    public init(rate: Float, name: String) {
        self.rate = rate
        super.init(name: name)
    }
    public override var typeName: String { "Dropout" }

    public override func forward(_ x: Matrix, training: Bool, random: KerasRandom) -> Matrix {
        guard training, rate > 0 else { return x }
        let keep = 1 - rate
        mask = (0..<x.data.count).map { _ in random.uniform() < keep ? 1 / keep : 0 }
        var out = x
        for i in 0..<out.data.count { out.data[i] *= mask[i] }
        return out
    }

    public override func backward(_ gradient: Matrix) -> Matrix {
        guard rate > 0, mask.count == gradient.data.count else { return gradient }
        var out = gradient
        for i in 0..<out.data.count { out.data[i] *= mask[i] }
        return out
    }
}

/// `BatchNormalization()`: normalises each feature by the batch's statistics while training and by
/// moving averages (momentum 0.99, epsilon 1e-3, as Keras) at inference.
public final class BatchNormalization: Layer {
    /// The axis normalised, as given (-1 is the last).
    public let axis: Int
    public let momentum: Float
    public let epsilon: Float
    /// Whether the layer learns an offset (`beta`) and a scale (`gamma`).
    public let center: Bool, scale: Bool
    var normalized = Matrix(zeros: 0, 0)
    var inverseDeviation: [Float] = []
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
        // Over the batch and every position before the last axis, as Keras's axis=-1 does.
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

    public override func forward(_ batch: Matrix, training: Bool, random: KerasRandom) -> Matrix {
        let x = batch.lastAxisRows(movingMean.value.count)
        let n = x.columns, rows = x.rows
        var mean = [Float](repeating: 0, count: n), variance = [Float](repeating: 0, count: n)
        if training {
            x.data.withUnsafeBufferPointer { X in
                for r in 0..<rows { for c in 0..<n { mean[c] += X[r * n + c] } }
                for c in 0..<n { mean[c] /= Float(rows) }
                for r in 0..<rows { for c in 0..<n { let d = X[r * n + c] - mean[c]; variance[c] += d * d } }
            }
            for c in 0..<n { variance[c] /= Float(rows) }
            for c in 0..<n {
                movingMean.value[c] = movingMean.value[c] * momentum + mean[c] * (1 - momentum)
                movingVariance.value[c] = movingVariance.value[c] * momentum + variance[c] * (1 - momentum)
            }
        } else {
            mean = movingMean.value
            variance = movingVariance.value
        }
        let inverse = variance.map { 1 / ($0 + epsilon).squareRoot() }
        let gamma = self.gamma?.value ?? [Float](repeating: 1, count: n),
            beta = self.beta?.value ?? [Float](repeating: 0, count: n)
        var xhat = Matrix(zeros: rows, n), out = Matrix(zeros: rows, n)
        x.data.withUnsafeBufferPointer { X in
            xhat.data.withUnsafeMutableBufferPointer { H in
                out.data.withUnsafeMutableBufferPointer { Y in
                    for r in 0..<rows {
                        for c in 0..<n {
                            let h = (X[r * n + c] - mean[c]) * inverse[c]
                            H[r * n + c] = h
                            Y[r * n + c] = h * gamma[c] + beta[c]
                        }
                    }
                }
            }
        }
        if training {
            normalized = xhat
            inverseDeviation = inverse
        }
        return out.sampleRows(batch.rows)
    }

    public override func backward(_ batchGradient: Matrix) -> Matrix {
        let g = batchGradient.lastAxisRows(movingMean.value.count)
        let n = g.columns, rows = g.rows, m = Float(g.rows)
        var dGamma = [Float](repeating: 0, count: n), dBeta = [Float](repeating: 0, count: n)
        var dx = Matrix(zeros: rows, n)
        let gamma = self.gamma?.value ?? [Float](repeating: 1, count: n)
        g.data.withUnsafeBufferPointer { G in
            normalized.data.withUnsafeBufferPointer { H in
                for r in 0..<rows {
                    for c in 0..<n {
                        dGamma[c] += G[r * n + c] * H[r * n + c]
                        dBeta[c] += G[r * n + c]
                    }
                }
                dx.data.withUnsafeMutableBufferPointer { D in
                    for r in 0..<rows {
                        for c in 0..<n {
                            let scale = gamma[c] * inverseDeviation[c] / m
                            D[r * n + c] = scale * (m * G[r * n + c] - dBeta[c] - H[r * n + c] * dGamma[c])
                        }
                    }
                }
            }
        }
        self.gamma?.gradient = dGamma
        beta?.gradient = dBeta
        return dx.sampleRows(batchGradient.rows)
    }
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
