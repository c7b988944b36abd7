import XCTest
import NNTensor
@testable import NNKeras

func dense(_ units: Int, _ activation: Activation, bias: Bool = true, name: String) -> Dense {
    Dense(
        units: units, activation: activation, useBias: bias, kernelInitializer: "glorot_uniform",
        biasInitializer: "zeros", name: name)
}

func batchNormalization(_ name: String, center: Bool = true, scale: Bool = true) -> BatchNormalization {
    BatchNormalization(axis: -1, momentum: 0.99, epsilon: 1e-3, center: center, scale: scale, name: name)
}

/// Every op's gradient against central finite differences: the op's result is reduced to a scalar by a
/// fixed random weighting, so every element of the result takes part.
final class GradientTests: XCTestCase {
    let random = KerasRandom(seed: 42)

    func tensor(_ shape: [Int], scale: Float = 1) -> Tensor {
        Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in (random.uniform() * 2 - 1) * scale })
    }

    /// Checks the gradient of `f` with respect to each of `inputs`.
    func check(
        _ inputs: [Tensor], tolerance: Float = 2e-2, file: StaticString = #filePath, line: UInt = #line,
        _ f: ([Node]) throws -> Node
    ) throws {
        let parameters = inputs.enumerated().map { Parameter("x\($0)", shape: $1.shape, value: $1.data) }
        try check(parameters, tolerance: tolerance, file: file, line: line) { try f(parameters.map { Node($0) }) }
    }

    /// Checks the gradients `f`'s backward pass leaves in `parameters` (which `f` reads).
    func check(
        _ parameters: [Parameter], tolerance: Float = 2e-2, file: StaticString = #filePath, line: UInt = #line,
        _ f: () throws -> Node
    ) throws {
        let weighting = tensor(try f().shape)
        func value() throws -> Float {
            zip(try f().value.data, weighting.data).reduce(0) { $0 + $1.0 * $1.1 }
        }
        for p in parameters { p.clearGradient() }
        try f().backward(seed: weighting)
        let h: Float = 1e-2
        var compared = 0
        for p in parameters {
            for i in p.value.indices {
                let original = p.value[i]
                let middle = try value()
                p.value[i] = original + h
                let up = try value()
                p.value[i] = original - h
                let down = try value()
                p.value[i] = original
                // Where the two one-sided differences disagree a kink (relu at 0, a max changing
                // hands) lies within h, and no finite difference is the derivative.
                let right = (up - middle) / h, left = (middle - down) / h
                if abs(right - left) > 0.05 * max(abs(right), abs(left)) + 5e-3 { continue }
                let numeric = (up - down) / (2 * h)
                XCTAssertEqual(
                    p.gradient[i], numeric, accuracy: tolerance * max(1, abs(numeric)), "\(p.name)[\(i)]", file: file,
                    line: line)
                compared += 1
            }
        }
        let total = parameters.reduce(0) { $0 + $1.value.count }
        XCTAssertGreaterThan(compared, total / 2, "too few elements compared", file: file, line: line)
    }

    /// Values at least 1 from zero, to divide by.
    func awayFromZero(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, data: tensor(shape).data.map { $0 + ($0 < 0 ? -1 : 1) })
    }

    func testMatmulOnTheLastAxis() throws {
        try check([tensor([2, 3, 4]), tensor([4, 5])]) { Ops.matmul($0[0], $0[1]) }
        try check([tensor([2, 3, 4]), tensor([4, 5]), tensor([5])]) { Ops.matmul($0[0], $0[1], bias: $0[2]) }
    }

    func testBroadcastingArithmetic() throws {
        for op in [Ops.Arithmetic.add, .subtract, .multiply, .divide] {
            for shape in [[2, 3, 4], [4], [3, 1], [1], []] {
                try check([tensor([2, 3, 4]), awayFromZero(shape)]) { try Ops.arithmetic(op, $0[0], $0[1]) }
                try check([tensor(shape), awayFromZero([2, 3, 4])]) { try Ops.arithmetic(op, $0[0], $0[1]) }
            }
        }
        XCTAssertThrowsError(try Ops.arithmetic(.add, Node(tensor([2, 3])), Node(tensor([4]))))
    }

    func testEveryActivationAndSoftmax() throws {
        for a in Activation.allCases {
            try check([tensor([3, 5], scale: 2)]) { Ops.activation(a, $0[0]) }
        }
        try check([tensor([2, 3, 4], scale: 3)]) { Ops.softmax($0[0]) }
    }

    func testShapesAndReductions() throws {
        try check([tensor([2, 6])]) { Ops.reshape($0[0], [2, 3, 2]) }
        for axis in 0..<3 {
            try check([tensor([2, 3, 4]), tensor([2, 3, 4].enumerated().map { $0 == axis ? 2 : $1 })]) {
                Ops.concatenate($0, axis: axis)
            }
        }
        for axes in [[0], [1, 2], [0, 2], nil] as [[Int]?] {
            for keep in [false, true] {
                try check([tensor([2, 3, 4])]) { Ops.sum($0[0], axes: axes, keepDims: keep) }
                try check([tensor([2, 3, 4])]) { Ops.mean($0[0], axes: axes, keepDims: keep) }
            }
        }
    }

    func testConvolution() throws {
        for (size, strides, same) in [
            ((3, 3), (1, 1), false), ((3, 2), (1, 1), true), ((2, 2), (2, 2), true), ((3, 3), (2, 1), false),
        ] {
            let window = Window(size: size, strides: strides, same: same)
            try check([tensor([2, 5, 6, 3]), tensor([size.0, size.1, 3, 4])]) { Ops.conv2d($0[0], $0[1], window) }
        }
    }

    /// The convolution's values against the definition: a sum over the window of every tap.
    func testConvolutionValues() {
        let x = tensor([1, 4, 5, 2]), k = tensor([3, 3, 2, 3])
        let out = Ops.conv2d(Node(x), Node(k), Window(size: (3, 3), strides: (1, 1), same: true)).value
        XCTAssertEqual(out.shape, [1, 4, 5, 3])
        for oy in 0..<4 {
            for ox in 0..<5 {
                for f in 0..<3 {
                    var total: Float = 0
                    for i in 0..<3 {
                        for j in 0..<3 {
                            let y = oy + i - 1, xx = ox + j - 1
                            guard y >= 0, y < 4, xx >= 0, xx < 5 else { continue }
                            for c in 0..<2 {
                                total += x.data[(y * 5 + xx) * 2 + c] * k.data[((i * 3 + j) * 2 + c) * 3 + f]
                            }
                        }
                    }
                    XCTAssertEqual(out.data[(oy * 5 + ox) * 3 + f], total, accuracy: 1e-5)
                }
            }
        }
    }

    func testPooling() throws {
        for (size, strides, same) in [((2, 2), (2, 2), false), ((3, 3), (2, 2), true), ((2, 3), (1, 2), true)] {
            let window = Window(size: size, strides: strides, same: same)
            try check([tensor([2, 5, 6, 3])]) { Ops.maxPool2d($0[0], window) }
            try check([tensor([2, 5, 6, 3])]) { Ops.averagePool2d($0[0], window) }
        }
        // 'same' averages count only the pixels inside the image, as TensorFlow's do.
        let ones = Node(Tensor(repeating: 1, shape: [1, 3, 3, 1]))
        XCTAssertEqual(
            Ops.averagePool2d(ones, Window(size: (2, 2), strides: (2, 2), same: true)).value.data, [1, 1, 1, 1])
        let x = Node(Tensor(shape: [1, 2, 2, 1], data: [1, 4, 3, 2]))
        XCTAssertEqual(Ops.maxPool2d(x, Window(size: (2, 2), strides: (2, 2), same: false)).value.data, [4])
    }

    func testBatchNormalization() throws {
        let n = 4
        try check([tensor([6, n], scale: 2), tensor([n]), tensor([n])]) {
            Ops.batchNormalization($0[0], gamma: $0[1], beta: $0[2], statistics: nil, epsilon: 1e-3).0
        }
        try check([tensor([2, 3, n], scale: 2)]) {
            Ops.batchNormalization($0[0], gamma: nil, beta: nil, statistics: nil, epsilon: 1e-3).0
        }
        let statistics = ([Float](repeating: 0.5, count: n), [Float](repeating: 2, count: n))
        try check([tensor([6, n]), tensor([n]), tensor([n])]) {
            Ops.batchNormalization($0[0], gamma: $0[1], beta: $0[2], statistics: statistics, epsilon: 1e-3).0
        }
    }

    func testDropoutScalesKeptValuesAndPassesGradientThroughTheSameMask() {
        let p = Parameter("x", shape: [1000], value: [Float](repeating: 1, count: 1000))
        let y = Ops.dropout(Node(p), rate: 0.5, random: random)
        XCTAssertTrue(y.value.data.allSatisfy { $0 == 0 || $0 == 2 })
        XCTAssertEqual(Float(y.value.data.filter { $0 == 2 }.count), 500, accuracy: 60)
        y.backward(seed: Tensor(repeating: 1, shape: [1000]))
        XCTAssertEqual(p.gradient, y.value.data)
    }

    /// Every loss, from probabilities and fused with its activation (through the logits), with and
    /// without sample weights.
    func testScriptTensorOps() throws {
        // A selection: transposition of a 2×3 tensor and a repeated element.
        try check([tensor([2, 3])]) { Ops.gather($0[0], offsets: [0, 3, 1, 4, 2, 5, 5], shape: [7]) }
        for f in [Ops.Unary.negative, .square, .exp, .abs, .sin, .cos, .reciprocal] {
            try check([awayFromZero([2, 3])]) { Ops.unary(f, $0[0]) }
        }
        let positive = Tensor(shape: [2, 3], data: tensor([2, 3]).data.map { 1.5 + $0 })
        for f in [Ops.Unary.sqrt, .log] { try check([positive]) { Ops.unary(f, $0[0]) } }
        try check([positive, tensor([3])]) { try Ops.power($0[0], $0[1]) }
        for largest in [true, false] {
            try check([tensor([2, 3]), tensor([3])]) { try Ops.extremum($0[0], $0[1], largest: largest) }
            for axes in [[1], [0, 1], nil] as [[Int]?] {
                try check([tensor([2, 3])]) { Ops.extreme($0[0], axes: axes, keepDims: axes == [1], largest: largest) }
            }
        }
        // Ties share the gradient of a maximum.
        let tied = Node(Parameter("t", shape: [3], value: [2, 2, 1]))
        Ops.extreme(tied, axes: nil, largest: true).backward()
        XCTAssertEqual(tied.parameter?.gradient, [0.5, 0.5, 0])
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            try check([tensor(ta ? [4, 2] : [2, 4]), tensor(tb ? [3, 4] : [4, 3])]) {
                try Ops.matrixProduct($0[0], $0[1], transposeA: ta, transposeB: tb)
            }
        }
    }

    func testLosses() throws {
        let regression = tensor([4, 3])
        for loss in [Loss.meanSquaredError, .meanAbsoluteError, .huber] {
            try check([tensor([4, 3], scale: 2)]) { loss.node($0[0], targets: regression) }
            try check([tensor([4, 3], scale: 2)]) { loss.node($0[0], targets: regression, weights: [1, 2, 0, 0.5]) }
            try check([tensor([4, 3], scale: 2)]) { loss.rows($0[0], targets: regression) }
        }
        // from_logits: the loss makes probabilities of the logits itself.
        let logitLabels = Tensor(shape: [2], data: [1, 0])
        try check([tensor([2, 3])]) {
            Loss.sparseCategoricalCrossentropy.rows($0[0], targets: logitLabels, fromLogits: true)
        }
        let binary = Tensor(shape: [4, 2], data: [0, 1, 1, 1, 0, 0, 1, 0])
        try check([tensor([4, 2], scale: 2)]) {
            Loss.binaryCrossentropy.node(Ops.activation(.sigmoid, $0[0]), targets: binary)
        }
        let probabilities = Tensor(shape: [4, 2], data: tensor([4, 2]).data.map { 0.5 + 0.4 * $0 })
        try check([probabilities], tolerance: 5e-2) { Loss.binaryCrossentropy.node($0[0], targets: binary) }
        let labels = Tensor(shape: [4, 1], data: [0, 3, 1, 2])
        let oneHot = Tensor(shape: [4, 4], data: (0..<16).map { $0 % 4 == Int(labels.data[$0 / 4]) ? 1 : 0 })
        for (loss, y) in [(Loss.sparseCategoricalCrossentropy, labels), (.categoricalCrossentropy, oneHot)] {
            try check([tensor([4, 4], scale: 2)]) { loss.node(Ops.softmax($0[0]), targets: y, weights: [1, 2, 3, 0]) }
            // Unfused (the softmax's gradient, then the loss's) agrees with fused.
            try check([tensor([4, 4], scale: 2)]) {
                try loss.node(Ops.arithmetic(.add, Ops.softmax($0[0]), Node(Tensor(scalar: 0))), targets: y)
            }
        }
        // Cross-entropy over the last axis of outputs of rank 3: one row per position.
        let positions = Tensor(shape: [2, 3, 1], data: [0, 1, 2, 2, 1, 0])
        try check([tensor([2, 3, 3])]) {
            Loss.sparseCategoricalCrossentropy.node(Ops.softmax($0[0]), targets: positions)
        }
    }

    /// A branching functional model: every weight's gradient through Concatenate and Add.
    func testBranchingModel() throws {
        let r = KerasRandom(seed: 3)
        let input = KerasTensor(input: InputLayer(shape: [3], name: "in"))
        let a = try KerasTensor(applying: dense(4, .tanh, name: "a"), to: [input], random: r)
        let b = try KerasTensor(applying: dense(4, .sigmoid, name: "b"), to: [input], random: r)
        let sum = try KerasTensor(applying: Merge(.add, name: "add"), to: [a, b], random: r)
        let joined = try KerasTensor(applying: Merge(.concatenate(axis: -1), name: "c"), to: [sum, a], random: r)
        let output = try KerasTensor(applying: dense(2, .linear, name: "out"), to: [joined], random: r)
        let model = try Model(name: "m", inputs: [input], outputs: [output], random: r)
        XCTAssertEqual(model.layers.map(\.name), ["a", "b", "add", "c", "out"])
        let x = tensor([5, 3])
        try check(try model.weights()) { try model.forward([x], training: true)[0] }
    }
}

/// One step of each optimizer against the update computed by hand from Keras 3's rules.
final class OptimizerTests: XCTestCase {
    func step(_ optimizer: Optimizer, weight: Float, gradient: Float, times: Int = 1) -> Float {
        let p = Parameter("w", shape: [1], value: [weight])
        for _ in 0..<times {
            p.gradient = [gradient]
            optimizer.step([p])
        }
        return p.value[0]
    }

    func testSGD() {
        XCTAssertEqual(
            step(SGD(learningRate: 0.1, momentum: 0, nesterov: false), weight: 1, gradient: 2), 0.8, accuracy: 1e-7)
        // v1 = -0.2, w1 = 0.8; v2 = 0.9·(-0.2) - 0.2 = -0.38, w2 = 0.42.
        XCTAssertEqual(
            step(SGD(learningRate: 0.1, momentum: 0.9, nesterov: false), weight: 1, gradient: 2, times: 2), 0.42,
            accuracy: 1e-6)
        // v1 = -0.2, w1 = 1 + 0.9·(-0.2) - 0.2 = 0.62.
        XCTAssertEqual(
            step(SGD(learningRate: 0.1, momentum: 0.9, nesterov: true), weight: 1, gradient: 2), 0.62, accuracy: 1e-6)
    }

    func adam(_ lr: Float, amsgrad: Bool = false) -> Adam {
        Adam(learningRate: lr, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: amsgrad)
    }

    func testAdam() {
        // t = 1: m = 0.1·g, v = 0.001·g², alpha = lr·sqrt(1 - 0.999)/(1 - 0.9); w -= alpha·m/(sqrt(v) + 1e-7).
        let g: Float = 0.5, lr: Float = 0.1
        let m = 0.1 * g, v = 0.001 * g * g
        let alpha = lr * (1 - 0.999 as Float).squareRoot() / (1 - 0.9)
        XCTAssertEqual(step(adam(lr), weight: 1, gradient: g), 1 - alpha * m / (v.squareRoot() + 1e-7), accuracy: 1e-6)
    }

    /// AMSGrad divides by the largest second moment so far: after a large gradient and then a small
    /// one, its step is smaller than Adam's.
    func testAMSGrad() {
        func run(_ o: Adam) -> Float {
            let p = Parameter("w", shape: [1], value: [1])
            for g: Float in [10, 0.1, 0.1] {
                p.gradient = [g]
                o.step([p])
            }
            return p.value[0]
        }
        let plain = run(adam(0.01)), ams = run(adam(0.01, amsgrad: true))
        XCTAssertNotEqual(plain, ams)
        XCTAssertGreaterThan(ams, plain, "AMSGrad's later steps are smaller")
        // The first step is Adam's: the maximum of one value is that value.
        XCTAssertEqual(
            step(adam(0.1, amsgrad: true), weight: 1, gradient: 0.5), step(adam(0.1), weight: 1, gradient: 0.5))
    }

    func testRMSpropAndAdagrad() {
        // RMSprop: v = 0.1·g², w -= lr·g/sqrt(v + 1e-7).
        let plain = RMSprop(learningRate: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false)
        XCTAssertEqual(
            step(plain, weight: 1, gradient: 2), 1 - 0.01 * 2 / (0.4 + 1e-7 as Float).squareRoot(), accuracy: 1e-6)
        // Centered: also a = 0.1·g, and the denominator is v - a² + eps.
        let centered = RMSprop(learningRate: 0.01, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: true)
        XCTAssertEqual(
            step(centered, weight: 1, gradient: 2), 1 - 0.01 * 2 / (0.4 - 0.04 + 1e-7 as Float).squareRoot(),
            accuracy: 1e-6)
        // Momentum: the increment accumulates; two steps of the same gradient move 1 + 1.5 increments of the first.
        let momentum = RMSprop(learningRate: 0.01, rho: 0.9, momentum: 0.5, epsilon: 1e-7, centered: false)
        let first = 0.01 * 2 / (0.4 + 1e-7 as Float).squareRoot()
        let second = 0.01 * 2 / (0.9 * 0.4 + 0.1 * 4 + 1e-7 as Float).squareRoot()
        XCTAssertEqual(
            step(momentum, weight: 1, gradient: 2, times: 2), 1 - first - (0.5 * first + second), accuracy: 1e-6)
        // Adagrad: a = 0.1 + g², w -= lr·g/sqrt(a + 1e-7).
        let adagrad = Adagrad(learningRate: 0.01, initialAccumulator: 0.1, epsilon: 1e-7)
        XCTAssertEqual(
            step(adagrad, weight: 1, gradient: 2), 1 - 0.01 * 2 / (4.1 + 1e-7 as Float).squareRoot(), accuracy: 1e-6)
    }
}

final class SummaryTests: XCTestCase {
    func testSequentialTable() throws {
        let model = Model(name: "sequential", random: KerasRandom(seed: 1))
        try model.add(dense(4, .relu, bias: true, name: "dense"), declaredInputShape: [3])
        try model.add(batchNormalization("batch_normalization"))
        try model.add(dense(1, .linear, bias: true, name: "dense_1"))
        XCTAssertEqual(
            try model.summary(),
            """
            Model: "sequential"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
            │ dense (Dense)                   │ (None, 4)              │            16 │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ batch_normalization             │ (None, 4)              │            16 │
            │ (BatchNormalization)            │                        │               │
            ├─────────────────────────────────┼────────────────────────┼───────────────┤
            │ dense_1 (Dense)                 │ (None, 1)              │             5 │
            └─────────────────────────────────┴────────────────────────┴───────────────┘
             Total params: 37 (148.00 B)
             Trainable params: 29 (116.00 B)
             Non-trainable params: 8 (32.00 B)

            """)
    }
}
