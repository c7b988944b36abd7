import XCTest
@testable import NNKeras

func dense(_ units: Int, _ activation: Activation, bias: Bool = true, name: String) -> Dense {
    Dense(
        units: units, activation: activation, useBias: bias, kernelInitializer: "glorot_uniform",
        biasInitializer: "zeros", name: name)
}

func batchNormalization(_ name: String, center: Bool = true, scale: Bool = true) -> BatchNormalization {
    BatchNormalization(axis: -1, momentum: 0.99, epsilon: 1e-3, center: center, scale: scale, name: name)
}

/// Every layer's backward pass against central finite differences of the loss.
final class GradientTests: XCTestCase {
    let random = KerasRandom(seed: 42)

    func matrix(_ rows: Int, _ columns: Int, scale: Float = 1) -> Matrix {
        Matrix(
            rows: rows, columns: columns, data: (0..<(rows * columns)).map { _ in (random.uniform() * 2 - 1) * scale })
    }

    /// The loss of a model's layers on `x` against `y`.
    func loss(_ layers: [Layer], _ x: Matrix, _ y: Matrix, _ lossFunction: Loss) -> Float {
        let out = layers.reduce(x) { $1.forward($0, training: true, random: KerasRandom(seed: 7)) }
        return lossFunction.evaluate(predictions: out, targets: y).loss
    }

    /// Compares the analytic gradients of every parameter and of the input with finite differences.
    func check(
        _ layers: [Layer], inputColumns: Int, inputShape: [Int]? = nil, targets y: Matrix,
        loss lossFunction: Loss = .meanSquaredError, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        var shape = inputShape ?? [inputColumns]
        for layer in layers {
            try layer.connect(shape, random: random)
            shape = layer.outputShape
        }
        var x = matrix(y.rows, inputColumns)
        let out = layers.reduce(x) { $1.forward($0, training: true, random: KerasRandom(seed: 7)) }
        var g = lossFunction.evaluate(predictions: out, targets: y).gradient
        for layer in layers.reversed() { g = layer.backward(g) }
        let inputGradient = g
        let h: Float = 1e-2
        /// The central difference, or nil where the two one-sided differences disagree: a kink of
        /// the activation (relu, selu at 0) lies within h, where no finite difference is the derivative.
        func numeric(_ perturb: (Float) -> Void) -> Float? {
            let middle = loss(layers, x, y, lossFunction)
            perturb(h)
            let up = loss(layers, x, y, lossFunction)
            perturb(-2 * h)
            let down = loss(layers, x, y, lossFunction)
            perturb(h)
            let right = (up - middle) / h, left = (middle - down) / h
            return abs(right - left) > 0.05 * max(abs(right), abs(left)) + 5e-3 ? nil : (up - down) / (2 * h)
        }
        var compared = 0
        for layer in layers {
            for p in layer.parameters where p.trainable {
                let analytic = p.gradient
                for i in p.value.indices {
                    guard let n = numeric({ p.value[i] += $0 }) else { continue }
                    compared += 1
                    XCTAssertEqual(
                        analytic[i], n, accuracy: 2e-3 + 2e-2 * abs(n), "\(layer.name).\(p.name)[\(i)]", file: file,
                        line: line)
                }
            }
        }
        for i in x.data.indices {
            guard let n = numeric({ x.data[i] += $0 }) else { continue }
            compared += 1
            XCTAssertEqual(
                inputGradient.data[i], n, accuracy: 2e-3 + 2e-2 * abs(n), "input[\(i)]", file: file, line: line)
        }
        XCTAssertGreaterThan(compared, 0, "no gradient was compared", file: file, line: line)
    }

    func testDenseWithEveryActivation() throws {
        for activation in Activation.allCases where activation != .softmax {
            try check(
                [dense(3, activation, bias: true, name: "dense_\(activation.rawValue)")],
                inputColumns: 4, targets: matrix(5, 3))
        }
        try check([dense(3, .softmax, bias: false, name: "dense_softmax")], inputColumns: 2, targets: matrix(4, 3))
    }

    func testStackedLayers() throws {
        try check(
            [
                dense(4, .tanh, bias: true, name: "a"), ActivationLayer(.relu, name: "b"),
                dense(2, .linear, bias: true, name: "c"),
            ], inputColumns: 3, targets: matrix(6, 2))
    }

    /// Dense on the last axis of (batch, 3, 2) inputs, then on the flattened result.
    func testDenseOnTheLastAxis() throws {
        let layers: [Layer] = [
            dense(4, .tanh, name: "a"), try Reshape(targetShape: [-1], name: "r"), dense(2, .linear, name: "b"),
        ]
        try check(layers, inputColumns: 6, inputShape: [3, 2], targets: matrix(5, 2))
        XCTAssertEqual(layers[0].outputShape, [3, 4])
        XCTAssertEqual(layers[1].outputShape, [12])
        // Batch normalisation and softmax on the last axis of (batch, 3, 4).
        try check(
            [
                dense(4, .linear, name: "c"), batchNormalization("bn"), ActivationLayer(.softmax, name: "s"),
                try Reshape(targetShape: [-1], name: "r2"), dense(1, .linear, name: "d"),
            ],
            inputColumns: 6, inputShape: [3, 2], targets: matrix(5, 1))
    }

    func testBatchNormalization() throws {
        try check(
            [dense(3, .linear, bias: true, name: "d"), batchNormalization("bn")],
            inputColumns: 2, targets: matrix(6, 3))
        for (center, scale) in [(false, true), (true, false), (false, false)] {
            let layer = batchNormalization("bn", center: center, scale: scale)
            try check([dense(3, .linear, name: "d"), layer], inputColumns: 2, targets: matrix(6, 3))
            // Keras's weights: gamma when scaling, beta when centering, then the moving statistics.
            XCTAssertEqual(
                layer.parameters.map(\.name),
                (scale ? ["gamma"] : []) + (center ? ["beta"] : []) + ["moving_mean", "moving_variance"])
        }
    }

    /// Sample weights multiply each sample's loss and gradient; the sum is divided by the batch size.
    func testSampleWeights() {
        let p = Matrix(rows: 2, columns: 1, data: [1, 3]), y = Matrix(rows: 2, columns: 1, data: [0, 0])
        let (loss, gradient) = Loss.meanSquaredError.evaluate(predictions: p, targets: y, weights: [2, 0.5])
        let expectedLoss: Float = (2 * 1 + 0.5 * 9) / 2
        let expectedGradient: [Float] = [2 * 2 * 1 / 2, 0.5 * 2 * 3 / 2]
        XCTAssertEqual(loss, expectedLoss)
        XCTAssertEqual(gradient.data, expectedGradient)
        XCTAssertEqual(
            try Loss.classWeights([0: 1, 1: 5], targets: Matrix(rows: 3, columns: 1, data: [1, 0, 1])), [5, 1, 5])
        XCTAssertEqual(
            try Loss.classWeights([1: 3], targets: Matrix(rows: 2, columns: 2, data: [1, 0, 0, 1])), [1, 3])
        XCTAssertThrowsError(try Loss.classWeights([0: 1], targets: Matrix(rows: 1, columns: 1, data: [2])))
    }

    func testLosses() throws {
        for lossFunction in [Loss.meanAbsoluteError, .huber] {
            try check(
                [dense(2, .linear, bias: true, name: "l")], inputColumns: 3, targets: matrix(4, 2, scale: 3),
                loss: lossFunction)
        }
        let probabilities = Matrix(rows: 4, columns: 1, data: [0, 1, 1, 0])
        try check(
            [dense(1, .sigmoid, bias: true, name: "s")], inputColumns: 2, targets: probabilities,
            loss: .binaryCrossentropy)
    }

    /// Cross-entropies fused with their activation take the gradient with respect to the logits.
    func testFusedCrossEntropyGradients() {
        let logits = matrix(3, 4, scale: 2)
        let labels = Matrix(rows: 3, columns: 1, data: [0, 3, 1])
        let probabilities = Activation.softmax.apply(logits)
        let (value, gradient) = Loss.sparseCategoricalCrossentropy.evaluate(
            predictions: probabilities, targets: labels, logits: logits)
        let h: Float = 1e-2
        for i in logits.data.indices {
            var up = logits, down = logits
            up.data[i] += h
            down.data[i] -= h
            let l1 = Loss.sparseCategoricalCrossentropy.evaluate(
                predictions: Activation.softmax.apply(up), targets: labels, logits: up
            ).loss
            let l0 = Loss.sparseCategoricalCrossentropy.evaluate(
                predictions: Activation.softmax.apply(down), targets: labels, logits: down
            ).loss
            XCTAssertEqual(gradient.data[i], (l1 - l0) / (2 * h), accuracy: 2e-3)
        }
        // The same loss from probabilities, clipped as Keras clips them.
        XCTAssertEqual(
            Loss.sparseCategoricalCrossentropy.evaluate(predictions: probabilities, targets: labels).loss, value,
            accuracy: 1e-5)
    }

    func testDropoutScalesKeptValuesAndPassesGradientThroughTheSameMask() {
        let dropout = Dropout(rate: 0.5, name: "dropout")
        let x = Matrix(rows: 1, columns: 1000, data: [Float](repeating: 1, count: 1000))
        let y = dropout.forward(x, training: true, random: random)
        XCTAssertTrue(y.data.allSatisfy { $0 == 0 || $0 == 2 })
        XCTAssertEqual(Float(y.data.filter { $0 == 2 }.count), 500, accuracy: 60)
        XCTAssertEqual(dropout.backward(x).data, y.data)
        XCTAssertEqual(dropout.forward(x, training: false, random: random).data, x.data)
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
        let model = Model(name: "sequential", sequential: true, random: KerasRandom(seed: 1))
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
