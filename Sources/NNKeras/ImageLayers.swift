import NNTensor

/// What the image layers share: inputs of (height, width, channels) per sample, as Keras's
/// channels_last data format.
extension Layer {
    /// Conv2D declares a minimum rank, the pooling layers an exact one; Keras words the two differently.
    func imageShape(_ shape: [Int]) throws -> (Int, Int, Int) {
        guard shape.count == 3 else {
            let found = "found ndim=\(shape.count + 1). Full shape received: \(describeShape([nil] + shape))"
            if self is Conv2D && shape.count < 3 {
                throw KerasError(
                    .value,
                    "Input 0 with name 'None' of layer '\(name)' is incompatible with the layer: expected min_ndim=4, \(found)"
                )
            }
            throw KerasError(
                .value, "Input 0 of layer \"\(name)\" is incompatible with the layer: expected ndim=4, \(found)")
        }
        return (shape[0], shape[1], shape[2])
    }

    func windowOutput(_ window: Window, _ shape: [Int]) throws -> (Int, Int) {
        let (h, w, _) = try imageShape(shape)
        guard let out = window.output(h, w), out.0 > 0, out.1 > 0 else {
            throw KerasError(
                .value,
                "Computed output size would be negative. Received `inputs shape=\(describeShape([nil] + shape))`, `kernel shape=(\(window.size.0), \(window.size.1))`, `dilation_rate=(1, 1)`."
            )
        }
        return out
    }
}

/// `Conv2D(filters, kernel_size, strides, padding, activation, use_bias)`: a kernel of
/// (kernel height, kernel width, input channels, filters) slid over each image, plus a bias per filter.
public final class Conv2D: Layer {
    public let filters: Int
    public let window: Window
    public let activation: Activation
    public let useBias: Bool
    public let kernelInitializer: String, biasInitializer: String

    public init(
        filters: Int, window: Window, activation: Activation, useBias: Bool, kernelInitializer: String,
        biasInitializer: String, name: String
    ) {
        (self.filters, self.window, self.activation, self.useBias) = (filters, window, activation, useBias)
        (self.kernelInitializer, self.biasInitializer) = (kernelInitializer, biasInitializer)
        super.init(name: name)
    }
    public override var typeName: String { "Conv2D" }

    public override func build(_ shape: [Int], random: KerasRandom) throws -> [Int] {
        let (_, _, channels) = try imageShape(shape)
        let (oh, ow) = try windowOutput(window, shape)
        let kernelShape = [window.size.0, window.size.1, channels, filters]
        let taps = window.size.0 * window.size.1
        let kernel = try Initializers.values(
            kernelInitializer, count: try weightCount(kernelShape), fanIn: taps * channels, fanOut: taps * filters,
            random: random)
        parameters = [Parameter("kernel", shape: kernelShape, value: kernel)]
        if useBias {
            let bias = try Initializers.values(
                biasInitializer, count: filters, fanIn: taps * channels, fanOut: taps * filters, random: random)
            parameters.append(Parameter("bias", shape: [filters], value: bias))
        }
        return [oh, ow, filters]
    }

    public override func call(_ x: Node, training: Bool, random: KerasRandom) throws -> Node {
        var z = Ops.conv2d(x, Node(parameters[0]), window)
        if useBias { z = try Ops.arithmetic(.add, z, Node(parameters[1])) }
        return Ops.activation(activation, z)
    }
}

/// `MaxPooling2D(pool_size, strides, padding)` and `AveragePooling2D`: the largest or the mean value
/// of each window, per channel.
public final class Pooling2D: Layer {
    public let window: Window
    public let average: Bool

    public init(window: Window, average: Bool, name: String) {
        (self.window, self.average) = (window, average)
        super.init(name: name)
    }
    public override var typeName: String { average ? "AveragePooling2D" : "MaxPooling2D" }

    public override func build(_ shape: [Int], random: KerasRandom) throws -> [Int] {
        let (oh, ow) = try windowOutput(window, shape)
        return [oh, ow, shape[2]]
    }

    public override func call(_ x: Node, training: Bool, random: KerasRandom) throws -> Node {
        average ? Ops.averagePool2d(x, window) : Ops.maxPool2d(x, window)
    }
}

/// `GlobalAveragePooling2D()`: each channel's mean over the image.
public final class GlobalAveragePooling2D: Layer {
    /// Whether the height and width axes stay, as 1 each (`keepdims=True`).
    public let keepDims: Bool

    public init(keepDims: Bool, name: String) {
        self.keepDims = keepDims
        super.init(name: name)
    }
    public override var typeName: String { "GlobalAveragePooling2D" }

    public override func build(_ shape: [Int], random: KerasRandom) throws -> [Int] {
        let channels = try imageShape(shape).2
        return keepDims ? [1, 1, channels] : [channels]
    }

    public override func call(_ x: Node, training: Bool, random: KerasRandom) throws -> Node {
        Ops.mean(x, axes: [1, 2], keepDims: keepDims)
    }
}

/// `Concatenate(axis=-1)` and `Add()`: layers that merge several inputs.
public final class Merge: Layer {
    public enum Kind: Sendable { case concatenate(axis: Int), add }
    public let kind: Kind

    public init(_ kind: Kind, name: String) {
        self.kind = kind
        super.init(name: name)
    }
    public override var typeName: String {
        if case .add = kind { return "Add" }
        return "Concatenate"
    }

    public override func build(inputs shapes: [[Int]], random: KerasRandom) throws -> [Int] {
        guard shapes.count >= 2 else {
            throw KerasError(
                .value,
                "A `\(typeName)` layer should be called on a list of at least 2 inputs. Received: input_shape=\(shapes.map { describeShape([nil] + $0) })"
            )
        }
        let first = shapes[0]
        switch kind {
        case .add:
            guard shapes.allSatisfy({ $0 == first }) else {
                throw KerasError(
                    .value,
                    "Inputs have incompatible shapes. Received shapes \(shapes.map { describeShape([nil] + $0) }.joined(separator: " and "))"
                )
            }
            return first
        case .concatenate(let given):
            let axis = try concatenationAxis(given, rank: first.count)
            let compatible = shapes.allSatisfy { s in
                s.count == first.count && s.indices.allSatisfy { $0 == axis || s[$0] == first[$0] }
            }
            guard compatible else {
                throw KerasError(
                    .value,
                    "A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=\(shapes.map { describeShape([nil] + $0) })"
                )
            }
            var out = first
            out[axis] = shapes.reduce(0) { $0 + $1[axis] }
            return out
        }
    }

    /// The axis within a sample's shape (Keras's axis counts the batch as 0).
    func concatenationAxis(_ axis: Int, rank: Int) throws -> Int {
        let a = axis < 0 ? axis + rank : axis - 1
        guard a >= 0 && a < rank else {
            throw KerasError(.value, "Invalid axis \(axis) for inputs of rank \(rank + 1)")
        }
        return a
    }

    public override func call(inputs: [Node], training: Bool, random: KerasRandom) throws -> Node {
        switch kind {
        case .add:
            return try inputs.dropFirst().reduce(inputs[0]) { try Ops.arithmetic(.add, $0, $1) }
        case .concatenate(let axis):
            return Ops.concatenate(inputs, axis: try concatenationAxis(axis, rank: inputs[0].shape.count - 1) + 1)
        }
    }
}
