import Foundation

/// Training data: samples as rows, with the feature shape of one sample.
public struct Batch {
    public var matrix: Matrix
    public var featureShape: [Int]
    public init(_ matrix: Matrix, featureShape: [Int]) {
        self.matrix = matrix
        self.featureShape = featureShape
    }
    public var count: Int { matrix.rows }
}

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
    func epochBegan(_ epoch: Int, of epochs: Int, steps: Int)
    /// After each step, with the running means of the epoch so far.
    func stepEnded(_ step: Int, of steps: Int, logs: [(String, Float)])
    func epochEnded(_ epoch: Int, of epochs: Int, steps: Int, seconds: Double, logs: [(String, Float)])
    /// Checked after every step: true stops training (Ctrl-C), keeping the weights learned so far.
    var shouldStop: Bool { get }
}

/// A Sequential model or a functional model whose layers form a chain.
public final class Model {
    public let name: String
    public let isSequential: Bool
    public private(set) var input: InputLayer?
    public private(set) var layers: [Layer] = []
    public var loss: Loss?
    public var optimizer: Optimizer?
    /// The metric names given to `compile`, resolved against the data at `fit`.
    public var metricNames: [String] = []
    /// Keras's `model.stop_training`: a callback sets it to end `fit` after the current batch.
    public var stopTraining = false
    public let random: KerasRandom

    public init(name: String, sequential: Bool, random: KerasRandom) {
        self.name = name
        self.isSequential = sequential
        self.random = random
    }

    /// A functional model from its input layer and the chain of layers after it.
    public convenience init(name: String, input: InputLayer, chain: [Layer], random: KerasRandom) {
        self.init(name: name, sequential: false, random: random)
        self.input = input
        self.layers = chain
    }

    /// `model.add(layer)`; an InputLayer or a layer with a declared input shape fixes the input.
    public func add(_ layer: Layer, declaredInputShape: [Int]? = nil) throws {
        if let inputLayer = layer as? InputLayer {
            guard layers.isEmpty && input == nil else {
                throw KerasError(.value, "You can only add an Input at the start of a Sequential model.")
            }
            input = inputLayer
            return
        }
        if layers.contains(where: { $0 === layer }) {
            throw KerasError(
                .value,
                "All layers added to a Sequential model should have unique names. Name '\(layer.name)' is already the name of a layer in this model."
            )
        }
        layers.append(layer)
        if layers.count == 1, input == nil, let shape = declaredInputShape {
            input = InputLayer(shape: shape, name: "input_layer")
        }
        if input != nil { try build() }
    }

    public var isBuilt: Bool { input != nil && layers.allSatisfy(\.isBuilt) }

    /// Builds every layer from the input shape.
    public func build() throws {
        guard var shape = input?.outputShape else { return }
        for layer in layers {
            try layer.connect(shape, random: random, exactShape: false)
            shape = layer.outputShape
        }
    }

    func requireBuilt(_ action: String) throws {
        if !isBuilt { try build() }
        guard isBuilt else {
            throw KerasError(.value, "You must call `build()` or call the model on data before \(action).")
        }
    }

    /// Checks a batch against the input shape, building an unbuilt Sequential from it.
    func check(_ x: Batch) throws {
        if input == nil && isSequential {
            input = InputLayer(shape: x.featureShape, name: "input_layer")
            try build()
        }
        try requireBuilt("using it")
        guard let expected = input?.outputShape else { return }
        if x.featureShape.reduce(1, *) != expected.reduce(1, *) || x.featureShape.last != expected.last {
            if isSequential, let first = layers.first {
                throw KerasError(
                    .value,
                    "Input 0 of layer \"\(first.name)\" is incompatible with the layer: expected axis -1 of input shape to have value \(expected.last ?? 0), but received input with shape \(describeShape([min(x.count, 32)] + x.featureShape))"
                )
            }
            throw KerasError(
                .value,
                "Input 0 with name '\(input?.name ?? "input_layer")' of layer '\(name)' is incompatible with the layer: expected shape=\(describeShape([nil] + expected)), found shape=\(describeShape([nil] + x.featureShape))"
            )
        }
    }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }
    public var outputShape: [Int] { layers.last?.outputShape ?? input?.outputShape ?? [] }

    func forward(_ x: Matrix, training: Bool) -> Matrix {
        layers.reduce(x) { $1.forward($0, training: training, random: random) }
    }

    // MARK: training

    /// One epoch's running means, as Keras's loss tracker and metrics keep them (float32 sums).
    struct Tracker {
        var loss: Float = 0
        var metrics: [Float]
        var samples: Float = 0
        init(_ count: Int) { metrics = [Float](repeating: 0, count: count) }

        var lossMean: Float { loss / samples }
        func metric(_ i: Int) -> Float { metrics[i] / samples }
        /// The running loss and metrics by their history keys.
        func logs(_ metrics: [Metric]) -> [(String, Float)] {
            [("loss", lossMean)] + metrics.enumerated().map { ($1.key, metric($0)) }
        }
    }

    /// The metrics `compile` named, resolved against the targets (which accuracy Keras means).
    public func resolvedMetrics(_ y: Batch) throws -> [Metric] {
        try resolvedMetricKeys().map { key in
            switch key {
            case "accuracy":
                return Metric.accuracy(
                    loss: loss ?? .meanSquaredError, outputColumns: outputShape.reduce(1, *),
                    targetColumns: y.matrix.columns)
            case "mae": return .meanAbsoluteError
            default: return .meanSquaredError
            }
        }
    }

    /// The targets against the output, with Keras's messages. Outputs of more than one axis take
    /// losses and metrics that average over every value; nn does not yet compute cross-entropy or
    /// accuracy over the last axis of such outputs.
    func validate(_ loss: Loss, targets: Matrix) throws {
        if outputShape.count > 1
            && (loss.fusedActivation() != nil || metricNames.contains { ["accuracy", "acc"].contains($0) })
        {
            throw KerasError(
                .notImplemented,
                "nn computes cross-entropy losses and accuracy for outputs of shape (batch, classes) only, not \(describeShape([nil] + outputShape)), for now"
            )
        }
        try loss.validate(targets: targets, outputColumns: outputShape.reduce(1, *))
    }

    /// The history keys of the metrics `compile` named: the one table of the names Keras accepts.
    public func resolvedMetricKeys() throws -> [String] {
        try metricNames.map { name in
            switch name {
            case "accuracy", "acc": return "accuracy"
            case "mae", "mean_absolute_error": return "mae"
            case "mse", "mean_squared_error": return "mse"
            default: throw KerasError(.value, "Could not interpret metric identifier: \(name)")
            }
        }
    }

    /// Data to train or evaluate on: inputs, targets and, optionally, a weight per sample.
    public struct Samples {
        public var x: Batch, y: Batch
        public var weights: [Float]?
        public init(x: Batch, y: Batch, weights: [Float]? = nil) {
            self.x = x
            self.y = y
            self.weights = weights
        }

        /// The samples at rows `range`.
        func rows(_ range: Range<Int>) -> Samples {
            Samples(
                x: Batch(x.matrix.rows(range), featureShape: x.featureShape),
                y: Batch(y.matrix.rows(range), featureShape: y.featureShape),
                weights: weights.map { Array($0[range]) })
        }
    }

    /// How `fit` trains: Keras's arguments of the same names.
    public struct FitOptions {
        public var epochs: Int, initialEpoch: Int, batchSize: Int
        public var shuffle: Bool
        public var validationSplit: Float
        public var validationBatchSize: Int, validationFrequency: Int
        public init(
            epochs: Int, initialEpoch: Int, batchSize: Int, shuffle: Bool, validationSplit: Float,
            validationBatchSize: Int, validationFrequency: Int
        ) {
            (self.epochs, self.initialEpoch, self.batchSize, self.shuffle) = (epochs, initialEpoch, batchSize, shuffle)
            (self.validationSplit, self.validationBatchSize, self.validationFrequency) = (
                validationSplit, validationBatchSize, validationFrequency
            )
        }
    }

    /// Keras's `fit`: epochs `initialEpoch..<epochs` of mini-batches in order (or shuffled), then validation.
    public func fit(
        _ data: Samples, _ options: FitOptions, validation: Samples?, callbacks: [Callback] = [],
        observer: TrainingObserver?
    ) throws -> History {
        let (x, y) = (data.x, data.y)
        let (epochs, validationSplit, shuffle) = (options.epochs, options.validationSplit, options.shuffle)
        guard let loss, let optimizer else {
            throw KerasError(.runtime, "You must call `compile()` before using the model.")
        }
        guard x.count == y.count else {
            throw KerasError(
                .value,
                "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: \(x.count)\n'y' sizes: \(y.count)\n"
            )
        }
        try check(x)
        try validate(loss, targets: y.matrix)
        if let weights = data.weights, weights.count != x.count {
            throw KerasError(
                .value,
                "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: \(x.count)\n'sample_weight' sizes: \(weights.count)\n"
            )
        }
        if let v = validation {
            try check(v.x)
            try validate(loss, targets: v.y.matrix)
            guard v.x.count == v.y.count else {
                throw KerasError(
                    .value,
                    "Data cardinality is ambiguous: the validation x has \(v.x.count) samples and y has \(v.y.count).")
            }
        }
        var train = data, validationData = validation
        if validationSplit > 0 {
            let splitAt = Int((Float(x.count) * (1 - validationSplit)).rounded(.down))
            train = data.rows(0..<splitAt)
            validationData = data.rows(splitAt..<x.count)
        }
        let metrics = try resolvedMetrics(y)
        var history = History()
        let n = train.x.count
        let size = max(1, options.batchSize)
        let steps = (n + size - 1) / size
        stopTraining = false
        for callback in callbacks { try callback.trainBegan(self) }
        var trainingLogs: Logs = []
        for epoch in options.initialEpoch..<max(options.initialEpoch, epochs) {
            history.epochs.append(epoch)
            for callback in callbacks { try callback.epochBegan(epoch, self) }
            observer?.epochBegan(epoch, of: epochs, steps: steps)
            let start = Date()
            let order = shuffle ? shuffledOrder(n) : Array(0..<n)
            var tracker = Tracker(metrics.count)
            var stopped = false
            for first in stride(from: 0, to: n, by: size) {
                let range = first..<min(first + size, n)
                let indices = Array(order[range])
                let xb = shuffle ? train.x.matrix.rows(indices) : train.x.matrix.rows(range)
                let yb = shuffle ? train.y.matrix.rows(indices) : train.y.matrix.rows(range)
                let wb = train.weights.map { w in shuffle ? ArraySlice(indices.map { w[$0] }) : w[range] }
                for callback in callbacks { try callback.batchBegan(first / size, self) }
                let (batchLoss, predictions) = trainStep(xb, yb, wb, loss, optimizer)
                track(&tracker, batchLoss, predictions, yb, metrics)
                for callback in callbacks { try callback.batchEnded(first / size, logs: tracker.logs(metrics), self) }
                if let observer {
                    observer.stepEnded(first / size + 1, of: steps, logs: tracker.logs(metrics))
                    if observer.shouldStop { stopped = true; break }
                }
                if stopTraining { break }
            }
            var logs = tracker.logs(metrics)
            if let v = validationData, v.x.count > 0, (epoch + 1) % max(options.validationFrequency, 1) == 0 {
                let results = try evaluate(v, batchSize: max(1, options.validationBatchSize), metrics: metrics)
                logs += [("val_loss", results[0])] + metrics.enumerated().map { ("val_" + $1.key, results[$0 + 1]) }
            }
            // As Keras, train_end sees the epoch's own logs, the history also what callbacks added.
            trainingLogs = logs
            for callback in callbacks { try callback.epochEnded(epoch, logs: &logs, self) }
            for (key, value) in logs { history.append(key, value) }
            observer?.epochEnded(epoch, of: epochs, steps: steps, seconds: Date().timeIntervalSince(start), logs: logs)
            if stopped || stopTraining { break }
        }
        for callback in callbacks { try callback.trainEnded(logs: trainingLogs, self) }
        return history
    }

    func shuffledOrder(_ n: Int) -> [Int] {
        var order = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) {
            order.swapAt(i, min(i, Int(random.uniform() * Float(i + 1))))
        }
        return order
    }

    /// Adds a batch's loss (weighted by its size, as Keras's loss tracker) and metric totals.
    func track(_ tracker: inout Tracker, _ batchLoss: Float, _ predictions: Matrix, _ y: Matrix, _ metrics: [Metric]) {
        let count = Float(y.rows)
        tracker.loss += batchLoss * count
        tracker.samples += count
        for (i, m) in metrics.enumerated() { tracker.metrics[i] += m.total(predictions: predictions, targets: y) }
    }

    /// Forward, loss, backward and one optimizer step; returns the batch loss and predictions.
    func trainStep(
        _ x: Matrix, _ y: Matrix, _ weights: ArraySlice<Float>?, _ loss: Loss, _ optimizer: Optimizer
    ) -> (Float, Matrix) {
        let predictions = forward(x, training: true)
        let last = layers.last
        let fused = last != nil && loss.fusedActivation() != nil && last?.finalActivation == loss.fusedActivation()
        let (value, gradient) = loss.evaluate(
            predictions: predictions, targets: y, logits: fused ? last?.lastLogits : nil, weights: weights)
        var g = gradient
        for (i, layer) in layers.enumerated().reversed() {
            g = fused && i == layers.count - 1 ? layer.backward(logitsGradient: g) : layer.backward(g)
        }
        optimizer.step(parameters)
        return (value, predictions)
    }

    /// `predict`: the outputs for every sample.
    public func predict(_ x: Batch, batchSize: Int = 32) throws -> Matrix {
        try check(x)
        var out = Matrix(zeros: 0, outputShape.reduce(1, *))
        for first in stride(from: 0, to: x.count, by: max(batchSize, 1)) {
            let part = forward(x.matrix.rows(first..<min(first + max(batchSize, 1), x.count)), training: false)
            out.data += part.data
            out.rows += part.rows
        }
        return out
    }

    /// `evaluate`: the loss and the metrics over all samples, as float32 running means.
    public func evaluate(_ data: Samples, batchSize: Int, metrics given: [Metric]? = nil) throws -> [Float] {
        let (x, y) = (data.x, data.y)
        guard let loss else { throw KerasError(.runtime, "You must call `compile()` before using the model.") }
        try check(x)
        try validate(loss, targets: y.matrix)
        guard x.count == y.count else {
            throw KerasError(
                .value,
                "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: \(x.count)\n'y' sizes: \(y.count)\n"
            )
        }
        let metrics = try given ?? resolvedMetrics(y)
        var tracker = Tracker(metrics.count)
        let size = max(batchSize, 1)
        for first in stride(from: 0, to: x.count, by: size) {
            let range = first..<min(first + size, x.count)
            let xb = x.matrix.rows(range), yb = y.matrix.rows(range), wb = data.weights?[range]
            let predictions = forward(xb, training: false)
            let last = layers.last
            let fused = loss.fusedActivation() != nil && last?.finalActivation == loss.fusedActivation()
            let logits = fused ? unactivated(xb) : nil
            track(
                &tracker, loss.evaluate(predictions: predictions, targets: yb, logits: logits, weights: wb).loss,
                predictions, yb, metrics)
        }
        return [tracker.lossMean] + metrics.indices.map { tracker.metric($0) }
    }

    /// The last layer's pre-activation values at inference (for losses fused with the activation).
    func unactivated(_ x: Matrix) -> Matrix? {
        guard let last = layers.last else { return nil }
        let hidden = layers.dropLast().reduce(x) { $1.forward($0, training: false, random: random) }
        if let dense = last as? Dense {
            let linear = Dense(
                units: dense.units, activation: .linear, useBias: dense.useBias,
                kernelInitializer: dense.kernelInitializer, biasInitializer: dense.biasInitializer, name: dense.name)
            linear.parameters = dense.parameters
            return linear.forward(hidden, training: false, random: random)
        }
        if last is ActivationLayer { return hidden }
        return nil
    }

    // MARK: weights

    public func weights() throws -> [Parameter] {
        try requireBuilt("accessing its weights")
        return layers.flatMap(\.parameters)
    }

    /// `set_weights`: values in `get_weights()` order, each with the matching shape.
    public func setWeights(_ values: [(shape: [Int], data: [Float])]) throws {
        let targets = try weights()
        try Model.assign(values, to: targets, owner: "model")
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

    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }
}

extension Layer {
    /// `layer.set_weights(...)`.
    public func setWeights(_ values: [(shape: [Int], data: [Float])]) throws {
        try Model.assign(values, to: parameters, owner: "layer \"\(name)\"")
    }
}
