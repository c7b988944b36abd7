import XCTest
@testable import NNKeras

/// Every layer's backward pass against central finite differences of the loss.
final class GradientTests: XCTestCase {
    let random = KerasRandom(seed: 42)

    func matrix(_ rows: Int, _ columns: Int, scale: Float = 1) -> Matrix {
        Matrix(rows: rows, columns: columns, data: (0..<(rows * columns)).map { _ in (random.uniform() * 2 - 1) * scale })
    }

    /// The loss of a model's layers on `x` against `y`.
    func loss(_ layers: [Layer], _ x: Matrix, _ y: Matrix, _ lossFunction: Loss) -> Float {
        let out = layers.reduce(x) { $1.forward($0, training: true, random: KerasRandom(seed: 7)) }
        return lossFunction.evaluate(predictions: out, targets: y).loss
    }

    /// Compares the analytic gradients of every parameter and of the input with finite differences.
    func check(_ layers: [Layer], inputColumns: Int, targets y: Matrix, loss lossFunction: Loss = .meanSquaredError,
               file: StaticString = #filePath, line: UInt = #line) throws {
        var shape = [inputColumns]
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
                    XCTAssertEqual(analytic[i], n, accuracy: 2e-3 + 2e-2 * abs(n), "\(layer.name).\(p.name)[\(i)]", file: file, line: line)
                }
            }
        }
        for i in x.data.indices {
            guard let n = numeric({ x.data[i] += $0 }) else { continue }
            compared += 1
            XCTAssertEqual(inputGradient.data[i], n, accuracy: 2e-3 + 2e-2 * abs(n), "input[\(i)]", file: file, line: line)
        }
        XCTAssertGreaterThan(compared, 0, "no gradient was compared", file: file, line: line)
    }

    func testDenseWithEveryActivation() throws {
        for activation in Activation.allCases where activation != .softmax {
            try check([Dense(units: 3, activation: activation, useBias: true, name: "dense_\(activation.rawValue)")],
                      inputColumns: 4, targets: matrix(5, 3))
        }
        try check([Dense(units: 3, activation: .softmax, useBias: false, name: "dense_softmax")], inputColumns: 2, targets: matrix(4, 3))
    }

    func testStackedLayers() throws {
        try check([Dense(units: 4, activation: .tanh, useBias: true, name: "a"), ActivationLayer(.relu, name: "b"),
                   Dense(units: 2, activation: .linear, useBias: true, name: "c")], inputColumns: 3, targets: matrix(6, 2))
    }

    func testBatchNormalization() throws {
        try check([Dense(units: 3, activation: .linear, useBias: true, name: "d"), BatchNormalization(name: "bn")],
                  inputColumns: 2, targets: matrix(6, 3))
    }

    func testLosses() throws {
        for lossFunction in [Loss.meanAbsoluteError, .huber] {
            try check([Dense(units: 2, activation: .linear, useBias: true, name: "l")], inputColumns: 3, targets: matrix(4, 2, scale: 3), loss: lossFunction)
        }
        let probabilities = Matrix(rows: 4, columns: 1, data: [0, 1, 1, 0])
        try check([Dense(units: 1, activation: .sigmoid, useBias: true, name: "s")], inputColumns: 2, targets: probabilities, loss: .binaryCrossentropy)
    }

    /// Cross-entropies fused with their activation take the gradient with respect to the logits.
    func testFusedCrossEntropyGradients() {
        let logits = matrix(3, 4, scale: 2)
        let labels = Matrix(rows: 3, columns: 1, data: [0, 3, 1])
        let probabilities = Activation.softmax.apply(logits)
        let (value, gradient) = Loss.sparseCategoricalCrossentropy.evaluate(predictions: probabilities, targets: labels, logits: logits)
        let h: Float = 1e-2
        for i in logits.data.indices {
            var up = logits, down = logits
            up.data[i] += h
            down.data[i] -= h
            let l1 = Loss.sparseCategoricalCrossentropy.evaluate(predictions: Activation.softmax.apply(up), targets: labels, logits: up).loss
            let l0 = Loss.sparseCategoricalCrossentropy.evaluate(predictions: Activation.softmax.apply(down), targets: labels, logits: down).loss
            XCTAssertEqual(gradient.data[i], (l1 - l0) / (2 * h), accuracy: 2e-3)
        }
        // The same loss from probabilities, clipped as Keras clips them.
        XCTAssertEqual(Loss.sparseCategoricalCrossentropy.evaluate(predictions: probabilities, targets: labels).loss, value, accuracy: 1e-5)
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
        XCTAssertEqual(step(Optimizer(.sgd, learningRate: 0.1), weight: 1, gradient: 2), 0.8, accuracy: 1e-7)
        let momentum = Optimizer(.sgd, learningRate: 0.1)
        momentum.momentum = 0.9
        // v1 = -0.2, w1 = 0.8; v2 = 0.9·(-0.2) - 0.2 = -0.38, w2 = 0.42.
        XCTAssertEqual(step(momentum, weight: 1, gradient: 2, times: 2), 0.42, accuracy: 1e-6)
        let nesterov = Optimizer(.sgd, learningRate: 0.1)
        nesterov.momentum = 0.9
        nesterov.nesterov = true
        // v1 = -0.2, w1 = 1 + 0.9·(-0.2) - 0.2 = 0.62.
        XCTAssertEqual(step(nesterov, weight: 1, gradient: 2), 0.62, accuracy: 1e-6)
    }

    func testAdam() {
        // t = 1: m = 0.1·g, v = 0.001·g², alpha = lr·sqrt(1 - 0.999)/(1 - 0.9); w -= alpha·m/(sqrt(v) + 1e-7).
        let g: Float = 0.5, lr: Float = 0.1
        let m = 0.1 * g, v = 0.001 * g * g
        let alpha = lr * (1 - 0.999 as Float).squareRoot() / (1 - 0.9)
        XCTAssertEqual(step(Optimizer(.adam, learningRate: lr), weight: 1, gradient: g), 1 - alpha * m / (v.squareRoot() + 1e-7), accuracy: 1e-6)
        XCTAssertEqual(Optimizer(.adam).learningRate, 0.001)
    }

    func testRMSpropAndAdagrad() {
        // RMSprop: v = 0.1·g², w -= lr·g/sqrt(v + 1e-7).
        XCTAssertEqual(step(Optimizer(.rmsprop, learningRate: 0.01), weight: 1, gradient: 2), 1 - 0.01 * 2 / (0.4 + 1e-7 as Float).squareRoot(), accuracy: 1e-6)
        // Adagrad: a = 0.1 + g², w -= lr·g/sqrt(a + 1e-7).
        XCTAssertEqual(step(Optimizer(.adagrad, learningRate: 0.01), weight: 1, gradient: 2), 1 - 0.01 * 2 / (4.1 + 1e-7 as Float).squareRoot(), accuracy: 1e-6)
    }
}

final class SummaryTests: XCTestCase {
    func testSequentialTable() throws {
        let model = Model(name: "sequential", sequential: true, random: KerasRandom(seed: 1))
        try model.add(Dense(units: 4, activation: .relu, useBias: true, name: "dense"), declaredInputShape: [3])
        try model.add(BatchNormalization(name: "batch_normalization"))
        try model.add(Dense(units: 1, activation: .linear, useBias: true, name: "dense_1"))
        XCTAssertEqual(try model.summary(), """
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
