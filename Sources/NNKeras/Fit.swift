import Foundation
import NNTensor

/// Training, evaluation and prediction: the loop over mini-batches around one step of forward pass,
/// loss, backward pass and optimizer update.
extension Model {
    /// One epoch's running means, as Keras's loss tracker and metrics keep them (float32 sums).
    struct Tracker {
        var loss: Float = 0
        var metrics: [Float]
        var samples: Float = 0
        init(_ count: Int) { metrics = [Float](repeating: 0, count: count) }

        var lossMean: Float { loss / samples }
        func metric(_ i: Int) -> Float { metrics[i] / samples }
        /// The running loss and metrics by their history keys, in Keras 3's order (by name).
        func logs(_ metrics: [Metric]) -> [(String, Float)] {
            ([("loss", lossMean)] + metrics.enumerated().map { ($1.key, metric($0)) }).sorted { $0.0 < $1.0 }
        }
    }

    /// The metrics `compile` named, resolved against the targets (which accuracy Keras means).
    public func resolvedMetrics(_ y: Tensor) throws -> [Metric] {
        try metricSpecs.map { spec in
            if Model.accuracyNames.contains(spec.identifier) {
                let kind = Metric.Kind.accuracy(
                    loss: loss ?? .meanSquaredError, outputColumns: outputShape.last ?? 1,
                    targetColumns: y.rank > 1 ? y.shape.last! : 1)
                return Metric(key: spec.key, kind: kind)
            }
            guard let kind = Metric.Kind.byName[spec.identifier] else {
                throw KerasError(.value, "Could not interpret metric identifier: \(spec.identifier)")
            }
            return Metric(key: spec.key, kind: kind)
        }
    }

    static let accuracyNames: Set<String> = ["accuracy", "acc"]

    /// `compile(metrics=...)`: each metric's history key and the name of what it computes.
    public func setMetrics(_ specs: [(key: String, identifier: String)]) throws {
        for spec in specs where !Model.accuracyNames.contains(spec.identifier) {
            guard Metric.Kind.byName[spec.identifier] != nil else {
                throw KerasError(.value, "Could not interpret metric identifier: \(spec.identifier)")
            }
        }
        metricSpecs = specs
    }

    /// Whether the metric logged as `key` should grow (accuracies) or shrink (errors); nil when no
    /// metric has that key.
    public func metricIncreases(_ key: String) -> Bool? {
        guard let spec = metricSpecs.first(where: { $0.key == key }) else { return nil }
        return Model.accuracyNames.contains(spec.identifier) || Metric.Kind.byName[spec.identifier]?.increases == true
    }

    /// Data to train or evaluate on: the inputs (one tensor per model input), the targets and,
    /// optionally, a weight per sample.
    public struct Samples {
        public var x: [Tensor], y: Tensor
        public var weights: [Float]?
        public init(x: [Tensor], y: Tensor, weights: [Float]? = nil) {
            self.x = x
            self.y = y
            self.weights = weights
        }

        public var count: Int { y.shape.first ?? 0 }

        /// The samples at `range`.
        func samples(_ range: Range<Int>) -> Samples {
            Samples(x: x.map { $0.samples(range) }, y: y.samples(range), weights: weights.map { Array($0[range]) })
        }

        /// The samples at `indices`, in that order.
        func samples(_ indices: [Int]) -> Samples {
            Samples(
                x: x.map { $0.samples(indices) }, y: y.samples(indices),
                weights: weights.map { w in indices.map { w[$0] } })
        }
    }

    /// How `fit` trains: Keras's arguments of the same names.
    public struct FitOptions {
        public var epochs: Int, initialEpoch: Int, batchSize: Int
        public var shuffle: Bool
        public var validationSplit: Float
        public var validationBatchSize: Int, validationFrequency: Int
        /// Batches per epoch (all of them when nil) and validation batches per evaluation.
        public var stepsPerEpoch: Int?, validationSteps: Int?
        /// Where Python's UserWarnings go (standard error).
        public var warn: (String) -> Void = { _ in }
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

    /// Checks data for training or evaluation and gives its inputs the model's input shapes.
    func prepare(_ data: Samples, _ loss: Loss) throws -> Samples {
        guard outputs.count <= 1 else {
            throw KerasError(.notImplemented, "nn trains and evaluates models with one output only, for now")
        }
        for x in data.x where x.shape.first != data.count {
            throw KerasError(
                .value,
                "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: \(x.shape.first ?? 0)\n'y' sizes: \(data.count)\n"
            )
        }
        if let weights = data.weights, weights.count != data.count {
            throw KerasError(
                .value,
                "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: \(data.count)\n'sample_weight' sizes: \(weights.count)\n"
            )
        }
        var prepared = data
        prepared.x = try prepare(data.x)
        try loss.validate(targets: data.y, outputShape: outputShape)
        return prepared
    }

    /// Keras's `fit`: epochs `initialEpoch..<epochs` of mini-batches in order (or shuffled), then validation.
    public func fit(
        _ data: Samples, _ options: FitOptions, validation: Samples?, callbacks: [Callback] = [],
        observer: TrainingObserver?
    ) throws -> History {
        guard let loss, let optimizer else {
            throw KerasError(.runtime, "You must call `compile()` before using the model.")
        }
        var train = try prepare(data, loss)
        var validationData = try validation.map { try prepare($0, loss) }
        if options.validationSplit > 0 {
            let splitAt = Int((Float(train.count) * (1 - options.validationSplit)).rounded(.down))
            validationData = train.samples(splitAt..<train.count)
            train = train.samples(0..<splitAt)
        }
        let metrics = try resolvedMetrics(data.y)
        var history = History()
        let n = train.count
        let size = max(1, options.batchSize)
        let batches = (n + size - 1) / size, steps = options.stepsPerEpoch ?? batches
        // As Keras's epoch iterator: with steps_per_epoch the pass over the data goes on across epochs;
        // an epoch that finds it used up ends early (with Keras's warning) and the next starts a new pass.
        var order: [Int]? = nil
        var seen = batches
        var warned = false
        if n == 0 {
            // Keras trains on nothing with its warning, not an error.
            options.warn(Model.ranOutOfData)
            warned = true
        }
        stopTraining = false
        for callback in callbacks { try callback.trainBegan(self) }
        var trainingLogs: Logs = []
        for epoch in options.initialEpoch..<max(options.initialEpoch, options.epochs) {
            history.epochs.append(epoch)
            for callback in callbacks { try callback.epochBegan(epoch, self) }
            observer?.epochBegan(epoch, of: options.epochs, steps: steps)
            let start = Date()
            if seen >= batches || options.stepsPerEpoch == nil {
                order = options.shuffle ? shuffledOrder(n) : nil
                seen = 0
            }
            var tracker = Tracker(metrics.count)
            var stopped = false
            for step in 0..<steps {
                if seen >= batches {
                    if !warned {
                        options.warn(Model.ranOutOfData)
                        warned = true
                    }
                    break
                }
                let first = seen * size
                seen += 1
                let range = first..<min(first + size, n)
                let batch = order.map { train.samples(Array($0[range])) } ?? train.samples(range)
                for callback in callbacks { try callback.batchBegan(step, self) }
                let (batchLoss, predictions) = try trainStep(batch, loss, optimizer)
                track(&tracker, batchLoss, predictions, batch.y, metrics)
                for callback in callbacks { try callback.batchEnded(step, logs: tracker.logs(metrics), self) }
                if let observer {
                    observer.stepEnded(step + 1, of: steps, logs: tracker.logs(metrics))
                    if observer.shouldStop {
                        stopped = true
                        break
                    }
                }
                if stopTraining { break }
            }
            var logs = tracker.logs(metrics)
            if let v = validationData, v.count > 0, (epoch + 1) % max(options.validationFrequency, 1) == 0 {
                let results = try evaluate(
                    prepared: v, loss, batchSize: max(1, options.validationBatchSize), metrics: metrics,
                    steps: options.validationSteps)
                let validation =
                    [("val_loss", results[0])] + metrics.enumerated().map { ("val_" + $1.key, results[$0 + 1]) }
                logs = (logs + validation).sorted { $0.0 < $1.0 }
            }
            // As Keras, train_end sees the epoch's own logs, the history also what callbacks added.
            trainingLogs = logs
            for callback in callbacks { try callback.epochEnded(epoch, logs: &logs, self) }
            for (key, value) in logs { history.append(key, value) }
            observer?.epochEnded(
                epoch, of: options.epochs, steps: steps, seconds: Date().timeIntervalSince(start), logs: logs)
            if stopped || stopTraining { break }
        }
        for callback in callbacks { try callback.trainEnded(logs: trainingLogs, self) }
        return history
    }

    static let ranOutOfData = """
        UserWarning: Your input ran out of data; interrupting training. Make sure that your dataset or generator \
        can generate at least `steps_per_epoch * epochs` batches. You may need to use the `.repeat()` function when \
        building your dataset.
        """

    func shuffledOrder(_ n: Int) -> [Int] {
        var order = Array(0..<n)
        for i in stride(from: n - 1, to: 0, by: -1) {
            order.swapAt(i, min(i, Int(random.uniform() * Float(i + 1))))
        }
        return order
    }

    /// Adds a batch's loss (weighted by its size, as Keras's loss tracker) and metric totals.
    func track(_ tracker: inout Tracker, _ batchLoss: Float, _ predictions: Tensor, _ y: Tensor, _ metrics: [Metric]) {
        let count = Float(y.shape.first ?? 0)
        tracker.loss += batchLoss * count
        tracker.samples += count
        for (i, m) in metrics.enumerated() { tracker.metrics[i] += m.total(predictions: predictions, targets: y) }
    }

    /// Forward, loss, backward and one optimizer step; returns the batch loss and predictions.
    /// Denormals are flushed, as TensorFlow's kernels flush them.
    func trainStep(_ batch: Samples, _ loss: Loss, _ optimizer: Optimizer) throws -> (Float, Tensor) {
        try Denormals.flushed {
            let parameters = self.parameters
            for p in parameters { p.clearGradient() }
            guard let predictions = try forward(batch.x, training: true).first else { return (0, batch.y) }
            let value = loss.node(
                predictions, targets: batch.y, weights: batch.weights?[...], fromLogits: lossFromLogits)
            value.backward()
            optimizer.step(parameters)
            return (value.value.data[0], predictions.value)
        }
    }

    /// `predict`: the outputs for every sample, one tensor per model output.
    public func predict(_ x: [Tensor], batchSize: Int = 32) throws -> [Tensor] {
        let x = try prepare(x)
        let count = x.first?.shape.first ?? 0
        var parts: [[Tensor]] = Array(repeating: [], count: outputs.count)
        for first in stride(from: 0, to: count, by: max(batchSize, 1)) {
            let range = first..<min(first + max(batchSize, 1), count)
            let outputs = try Denormals.flushed { try forward(x.map { $0.samples(range) }, training: false) }
            for (i, out) in outputs.enumerated() {
                parts[i].append(out.value)
            }
        }
        return zip(parts, outputs).map { Tensor.joiningSamples($0, sampleShape: $1.shape) }
    }

    /// `evaluate`: the loss and the metrics over all samples, as float32 running means.
    /// `evaluate`: the loss and the metrics over all samples (the first `steps` batches when given),
    /// as float32 running means.
    public func evaluate(_ data: Samples, batchSize: Int, steps: Int? = nil) throws -> [Float] {
        guard let loss else { throw KerasError(.runtime, "You must call `compile()` before using the model.") }
        let data = try prepare(data, loss)
        return try evaluate(
            prepared: data, loss, batchSize: batchSize, metrics: try resolvedMetrics(data.y), steps: steps)
    }

    /// `evaluate` on data `prepare` has checked (fit's validation data, once per epoch).
    func evaluate(
        prepared data: Samples, _ loss: Loss, batchSize: Int, metrics: [Metric], steps: Int? = nil
    ) throws
        -> [Float]
    {
        var tracker = Tracker(metrics.count)
        let size = max(batchSize, 1)
        let end = min(data.count, steps.map { $0 * size } ?? data.count)
        for first in stride(from: 0, to: end, by: size) {
            let batch = data.samples(first..<min(first + size, data.count))
            guard let predictions = try Denormals.flushed({ try forward(batch.x, training: false).first })
            else { continue }
            let value = Denormals.flushed {
                loss.node(predictions, targets: batch.y, weights: batch.weights?[...], fromLogits: lossFromLogits)
            }
            track(&tracker, value.value.data[0], predictions.value, batch.y, metrics)
        }
        return [tracker.lossMean] + metrics.indices.map { tracker.metric($0) }
    }
}
