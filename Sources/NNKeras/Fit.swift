import Foundation
import NNTensor

/// Training, evaluation and prediction: the loop over mini-batches around one step of forward pass,
/// loss, backward pass and optimizer update.
extension Model {
    /// One epoch's running means, as Keras's loss tracker and metrics keep them (float32 sums). With
    /// several losses each output's loss is tracked too, unweighted and one count per batch (Keras's
    /// per-output trackers see no batch size inside its compiled step).
    struct Tracker {
        var loss: Float = 0
        var metrics: [Float]
        var samples: Float = 0
        var outputLosses: [Float]
        var batches: Float = 0
        init(_ training: Training) {
            metrics = [Float](repeating: 0, count: training.metrics.count)
            outputLosses = [Float](repeating: 0, count: training.lossKeys.count)
        }

        var lossMean: Float { loss / samples }
        func metric(_ i: Int) -> Float { metrics[i] / samples }

        /// The results in the order of Keras's `evaluate` list: the loss, each output's loss, then the
        /// metrics (in compile's order for one output, by key for several).
        func results(_ training: Training) -> [(String, Float)] {
            let losses = training.lossKeys.enumerated().map { ($1, outputLosses[$0] / batches) }
            var metrics = training.metrics.enumerated().map { ($1.key, metric($0)) }
            if training.outputCount > 1 { metrics.sort { $0.0 < $1.0 } }
            return [("loss", lossMean)] + losses + metrics
        }

        /// The running loss and metrics by their history keys, in Keras 3's order (by name).
        func logs(_ training: Training) -> [(String, Float)] {
            results(training).sorted { $0.0 < $1.0 }
        }
    }

    /// What `fit` and `evaluate` resolved from `compile` against the model's outputs and the targets.
    struct Training {
        var losses: [OutputLoss?]
        var metrics: [Metric]
        var outputCount: Int { losses.count }
        /// The per-output loss keys (`price_loss`), when more than one output has a loss.
        var lossKeys: [String]
    }

    /// What compile chose, resolved against the outputs and checked against the data, and the data
    /// with its inputs in the model's input shapes and one place of targets per output.
    func training(for data: Samples, batch: Int? = nil) throws -> (Training, Samples) {
        guard let loss else { throw KerasError(.runtime, "You must call `compile()` before using the model.") }
        try buildIfNeeded(for: data.x, batch: batch)
        try requireBuilt("training it")
        let losses = try loss.resolved(outputNames: outputNames)
        let trained = losses.indices.filter { losses[$0] != nil }
        guard !trained.isEmpty else {
            throw KerasError(.value, "No loss to compute. Provide a `loss` argument in `compile()`.")
        }
        let keys = trained.count > 1 ? trained.map { outputNames[$0] + "_loss" } : []
        var training = Training(losses: losses, metrics: [], lossKeys: keys)
        let prepared = try prepare(data, training)
        training.metrics = try resolvedMetrics(prepared.y, losses)
        return (training, prepared)
    }

    /// The metrics `compile` named, each on its output, resolved against the targets (which accuracy
    /// Keras means).
    func resolvedMetrics(_ y: [Tensor?], _ losses: [OutputLoss?]) throws -> [Metric] {
        try metrics.resolved(outputNames: outputNames, given: metricsGiven).map { output, spec in
            if Model.accuracyNames.contains(spec.identifier) {
                let kind = Metric.Kind.accuracy(
                    loss: losses[output]?.loss ?? .meanSquaredError, outputColumns: outputs[output].shape.last ?? 1,
                    targetColumns: (y[output]?.rank ?? 1) > 1 ? y[output]!.shape.last! : 1)
                return Metric(key: spec.key, kind: kind, output: output)
            }
            guard let kind = Metric.Kind.byName[spec.identifier] else {
                throw KerasError(.value, "Could not interpret metric identifier: \(spec.identifier)")
            }
            return Metric(key: spec.key, kind: kind, output: output)
        }
    }

    static let accuracyNames: Set<String> = ["accuracy", "acc"]

    /// `compile(metrics=...)`: each metric's history key and the name of what it computes; `given` is
    /// the argument as Python prints it, for errors.
    public func setMetrics(_ metrics: CompiledMetrics, given: String) throws {
        for spec in metrics.all where !Model.accuracyNames.contains(spec.identifier) {
            guard Metric.Kind.byName[spec.identifier] != nil else {
                throw KerasError(.value, "Could not interpret metric identifier: \(spec.identifier)")
            }
        }
        self.metrics = metrics
        metricsGiven = given
    }

    /// Whether the metric logged as `key` should grow (accuracies) or shrink (errors); nil when no
    /// metric has that key.
    public func metricIncreases(_ key: String) -> Bool? {
        let resolved = (try? metrics.resolved(outputNames: outputNames, given: metricsGiven)) ?? []
        guard let spec = resolved.first(where: { $0.spec.key == key })?.spec else { return nil }
        return Model.accuracyNames.contains(spec.identifier) || Metric.Kind.byName[spec.identifier]?.increases == true
    }

    /// Data to train or evaluate on: the inputs (one tensor per model input), the targets (one per
    /// output; nil for an output without a loss) and, optionally, a weight per sample.
    public struct Samples {
        public var x: [Tensor], y: [Tensor?]
        public var weights: [Float]?
        public init(x: [Tensor], y: [Tensor?], weights: [Float]? = nil) {
            self.x = x
            self.y = y
            self.weights = weights
        }

        public var count: Int { y.lazy.compactMap { $0?.shape.first }.first ?? x.first?.shape.first ?? 0 }

        /// The samples at `range`.
        func samples(_ range: Range<Int>) -> Samples {
            Samples(
                x: x.map { $0.samples(range) }, y: y.map { $0?.samples(range) },
                weights: weights.map { Array($0[range]) })
        }

        /// The samples at `indices`, in that order.
        func samples(_ indices: [Int]) -> Samples {
            Samples(
                x: x.map { $0.samples(indices) }, y: y.map { $0?.samples(indices) },
                weights: weights.map { w in indices.map { w[$0] } })
        }
    }

    /// Batches from outside the model (a script's tf.data.Dataset), one pass at a time.
    public protocol BatchStream {
        /// Batches in one pass, when known (nil when infinite or unknown).
        var batchCount: Int? { get }
        /// A new pass: each call gives the next batch, nil at its end.
        func pass() throws -> () throws -> Samples?
    }

    /// Arrays as batches of `size` samples, in order or in the order `order` gives for each pass.
    public struct ArrayStream: BatchStream {
        let data: Samples, size: Int
        let order: (() -> [Int])?
        public init(_ data: Samples, size: Int, order: (() -> [Int])? = nil) {
            (self.data, self.size, self.order) = (data, max(1, size), order)
        }
        public var batchCount: Int? { (data.count + size - 1) / size }
        public func pass() -> () throws -> Samples? {
            let order = order?()
            var first = 0
            return {
                guard first < data.count else { return nil }
                let range = first..<min(first + size, data.count)
                first += size
                return order.map { data.samples(Array($0[range])) } ?? data.samples(range)
            }
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

    /// Checks data for training or evaluation and gives its inputs the model's input shapes and its
    /// targets one place per output: targets for the outputs that have losses only are spread over those.
    func prepare(_ data: Samples, _ training: Training) throws -> Samples {
        var prepared = data
        let trained = training.losses.indices.filter { training.losses[$0] != nil }
        if data.y.count != outputs.count {
            guard data.y.count == trained.count else {
                throw KerasError(
                    .value,
                    "y_true and y_pred have different structures.\ny_true: \(structure(data.y.count))\ny_pred: \(structure(outputs.count))\n"
                )
            }
            prepared.y = Array(repeating: nil, count: outputs.count)
            for (i, y) in zip(trained, data.y) { prepared.y[i] = y }
        }
        for x in data.x where x.shape.first != data.count {
            throw KerasError(
                .value,
                "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: \(x.shape.first ?? 0)\n'y' sizes: \(data.count)\n"
            )
        }
        for y in prepared.y.compactMap({ $0 }) where y.shape.first != data.count {
            throw KerasError(
                .value,
                "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: \(data.count)\n'y' sizes: \(prepared.y.map { String($0?.shape.first ?? 0) }.joined(separator: ", "))\n"
            )
        }
        if let weights = data.weights, weights.count != data.count {
            throw KerasError(
                .value,
                "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: \(data.count)\n'sample_weight' sizes: \(weights.count)\n"
            )
        }
        prepared.x = try prepare(data.x)
        for (i, loss) in training.losses.enumerated() {
            guard let loss else { continue }
            guard let y = prepared.y[i] else {
                throw KerasError(.value, "nn found no targets for the output '\(outputNames[i])', which has a loss")
            }
            try loss.loss.validate(targets: y, outputShape: outputs[i].shape)
        }
        return prepared
    }

    /// A structure as Keras's error prints it: `*` for one tensor, `['*', '*']` for a list.
    private func structure(_ count: Int) -> String {
        count == 1 ? "*" : "[" + Array(repeating: "'*'", count: count).joined(separator: ", ") + "]"
    }

    /// Keras's `fit` on arrays: epochs `initialEpoch..<epochs` of mini-batches in order (or shuffled),
    /// then validation.
    public func fit(
        _ data: Samples, _ options: FitOptions, validation: Samples?, callbacks: [Callback] = [],
        observer: TrainingObserver?
    ) throws -> History {
        guard loss != nil, optimizer != nil else {
            throw KerasError(.runtime, "You must call `compile()` before using the model.")
        }
        let (training, prepared) = try training(for: data, batch: options.batchSize)
        var train = prepared
        var validationData = try validation.map { try prepare($0, training) }
        if options.validationSplit > 0 {
            let splitAt = Int((Float(train.count) * (1 - options.validationSplit)).rounded(.down))
            validationData = train.samples(splitAt..<train.count)
            train = train.samples(0..<splitAt)
        }
        if train.count == 0 {
            // Keras trains on nothing with its warning, not an error.
            options.warn(Model.ranOutOfData)
        }
        return try runEpochs(
            Batches(train, size: options.batchSize, order: options.shuffle ? { self.shuffledOrder(train.count) } : nil),
            training, options,
            validation: validationData.map { Batches($0, size: options.validationBatchSize, order: nil) },
            callbacks: callbacks, observer: observer)
    }

    /// Keras's `fit` on batches that come from outside (a tf.data.Dataset): the model is built and
    /// the losses and metrics resolved on the first batch; each batch is checked as it comes.
    public func fit(
        stream: Model.BatchStream, _ options: FitOptions, validation: Model.BatchStream?, callbacks: [Callback] = [],
        observer: TrainingObserver?
    ) throws -> History {
        guard loss != nil, optimizer != nil else {
            throw KerasError(.runtime, "You must call `compile()` before using the model.")
        }
        guard let first = try stream.pass()() else {
            options.warn(Model.ranOutOfData)
            return History()
        }
        // As Keras, the pass that built the model is left; the first epoch starts a new one.
        let (training, _) = try training(for: first, batch: first.count)
        return try runEpochs(
            Batches(stream) { try self.prepare($0, training) }, training, options,
            validation: validation.map { v in Batches(v) { try self.prepare($0, training) } },
            callbacks: callbacks, observer: observer)
    }

    /// Where a loop's batches come from: passes over arrays, or a stream's passes checked batch by batch.
    struct Batches {
        /// Batches per pass, when known.
        var count: Int?
        let pass: () throws -> () throws -> Samples?

        init(_ data: Samples, size: Int, order: (() -> [Int])?) {
            self.init(ArrayStream(data, size: size, order: order)) { $0 }
        }

        init(_ stream: Model.BatchStream, prepare: @escaping (Samples) throws -> Samples) {
            count = stream.batchCount
            pass = {
                let next = try stream.pass()
                return { try next().map(prepare) }
            }
        }
    }

    /// The training loop, as Keras's epoch iterator runs it: without steps_per_epoch each epoch is
    /// one pass over the data; with it the pass goes on across epochs, and an epoch that finds it used
    /// up ends early (with Keras's warning) and the next starts a new pass. A pass that ends before
    /// its count was known makes it known.
    func runEpochs(
        _ batches: Batches, _ training: Training, _ options: FitOptions, validation: Batches?,
        callbacks: [Callback], observer: TrainingObserver?
    ) throws -> History {
        guard let optimizer else { throw KerasError(.runtime, "You must call `compile()` before using the model.") }
        var history = History()
        var batchCount = batches.count
        var pass: (() throws -> Samples?)? = nil
        var seen = 0
        stopTraining = false
        for callback in callbacks { try callback.trainBegan(self) }
        var trainingLogs: Logs = []
        for epoch in options.initialEpoch..<max(options.initialEpoch, options.epochs) {
            history.epochs.append(epoch)
            for callback in callbacks { try callback.epochBegan(epoch, self) }
            let steps = options.stepsPerEpoch ?? batchCount
            observer?.epochBegan(epoch, of: options.epochs, steps: steps)
            let start = Date()
            if pass == nil || options.stepsPerEpoch == nil {
                pass = try batches.pass()
                seen = 0
            }
            var tracker = Tracker(training)
            var ran = 0
            while steps.map({ ran < $0 }) ?? true {
                if let count = batchCount, seen >= count {
                    if options.stepsPerEpoch != nil { options.warn(Model.ranOutOfData) }
                    break
                }
                seen += 1
                guard let batch = try pass?() else {
                    if batchCount == nil { batchCount = seen - 1 }
                    options.warn(Model.ranOutOfData)
                    pass = nil
                    break
                }
                let step = ran
                ran += 1
                for callback in callbacks { try callback.batchBegan(step, self) }
                let (losses, predictions) = try trainStep(batch, training, optimizer)
                track(&tracker, losses, predictions, batch, training)
                for callback in callbacks { try callback.batchEnded(step, logs: tracker.logs(training), self) }
                if let observer {
                    observer.stepEnded(step + 1, of: steps, logs: tracker.logs(training))
                    // As Ctrl-C in Keras: the weights stay, the unfinished epoch reaches no callback or history.
                    if observer.shouldStop {
                        observer.epochInterrupted(
                            at: step + 1, of: steps ?? ran, seconds: Date().timeIntervalSince(start),
                            logs: tracker.logs(training))
                        return history
                    }
                }
                if stopTraining { break }
            }
            if let count = batchCount, seen >= count { pass = nil }
            // An epoch that ran no step has no loss to log, as Keras's empty logs.
            var logs = ran > 0 ? tracker.logs(training) : []
            if let v = validation, v.count != 0, (epoch + 1) % max(options.validationFrequency, 1) == 0 {
                let results = try evaluate(v, training, steps: options.validationSteps).results
                logs = (logs + results.map { ("val_" + $0.0, $0.1) }).sorted { $0.0 < $1.0 }
            }
            // As Keras, train_end sees the epoch's own logs, the history also what callbacks added.
            trainingLogs = logs
            for callback in callbacks { try callback.epochEnded(epoch, logs: &logs, self) }
            for (key, value) in logs { history.append(key, value) }
            observer?.epochEnded(
                epoch, of: options.epochs, steps: steps ?? ran, seconds: Date().timeIntervalSince(start), logs: logs)
            if stopTraining { break }
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

    /// Adds a batch's loss (weighted by its size, as Keras's loss tracker), each output's loss (a count
    /// per batch) and metric totals.
    func track(
        _ tracker: inout Tracker, _ losses: [Float], _ predictions: [Tensor], _ batch: Samples, _ training: Training
    ) {
        let count = Float(batch.count)
        tracker.loss += losses[0] * count
        tracker.samples += count
        tracker.batches += 1
        for i in tracker.outputLosses.indices { tracker.outputLosses[i] += losses[i + 1] }
        for (i, m) in training.metrics.enumerated() {
            guard let y = batch.y[m.output] else { continue }
            tracker.metrics[i] += m.total(predictions: predictions[m.output], targets: y)
        }
    }

    /// The batch's total loss (each output's loss times its weight, summed) and, when several outputs
    /// have losses, each output's unweighted loss after it.
    func lossNodes(_ predictions: [Node], _ batch: Samples, _ training: Training) -> (total: Node, parts: [Float]) {
        var weighted: [(Node, Float?)] = []
        for (i, loss) in training.losses.enumerated() {
            guard let loss, let y = batch.y[i] else { continue }
            let node = loss.loss.node(
                predictions[i], targets: y, weights: batch.weights?[...], fromLogits: loss.fromLogits)
            weighted.append((node, loss.weight))
        }
        let parts = training.lossKeys.isEmpty ? [] : weighted.map { $0.0.value.data[0] }
        if weighted.count == 1, weighted[0].1 == nil { return (weighted[0].0, parts) }
        return (Ops.weightedSum(weighted.map { ($0.0, $0.1 ?? 1) }), parts)
    }

    /// Forward, loss, backward and one optimizer step; returns the batch's losses (the total, then
    /// each output's) and predictions. Denormals are flushed, as TensorFlow's kernels flush them.
    func trainStep(_ batch: Samples, _ training: Training, _ optimizer: Optimizer) throws -> ([Float], [Tensor]) {
        try Denormals.flushed {
            let predictions = try forward(batch.x, training: true)
            let parameters = self.parameters
            for p in parameters { p.clearGradient() }
            let (total, parts) = lossNodes(predictions, batch, training)
            total.backward()
            optimizer.step(parameters)
            return ([total.value.data[0]] + parts, predictions.map(\.value))
        }
    }

    /// `predict` on a stream's batches (their inputs; the first `steps` batches when given).
    public func predict(stream: Model.BatchStream, steps: Int? = nil) throws -> (outputs: [Tensor], batches: Int) {
        let next = try stream.pass()
        var parts: [[Tensor]] = []
        while steps.map({ parts.count < $0 }) ?? true, let batch = try next() {
            let x = try prepare(batch.x)
            parts.append(try Denormals.flushed { try forward(x, training: false) }.map(\.value))
        }
        guard !parts.isEmpty else {
            throw KerasError(
                .value,
                "Unexpected result of `predict_function` (Empty batch_outputs). Please use `Model.compile(..., run_eagerly=True)`, or `tf.config.run_functions_eagerly(True)` for more information of where went wrong, or file a issue/bug to `tf.keras`."
            )
        }
        let joined = outputs.indices.map { i in
            Tensor.joiningSamples(parts.map { $0[i] }, sampleShape: outputs[i].shape)
        }
        return (joined, parts.count)
    }

    /// `predict`: the outputs for every sample, one tensor per model output.
    public func predict(_ x: [Tensor], batchSize: Int = 32) throws -> [Tensor] {
        let sizes = x.map { $0.shape.first ?? 0 }
        if Set(sizes).count > 1 {
            throw KerasError(
                .value,
                "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: \(sizes.map(String.init).joined(separator: ", "))\n"
            )
        }
        try buildIfNeeded(for: x, batch: batchSize)
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

    /// `evaluate`: the loss, each output's loss and the metrics over all samples (the first `steps`
    /// batches when given), as float32 running means, by name in the order of Keras's list.
    public func evaluate(_ data: Samples, batchSize: Int, steps: Int? = nil) throws -> [(String, Float)] {
        let (training, prepared) = try training(for: data, batch: batchSize)
        return try evaluate(Batches(prepared, size: batchSize, order: nil), training, steps: steps).results
    }

    /// `evaluate` on a stream's batches (a tf.data.Dataset), resolved on the first batch.
    public func evaluate(
        stream: Model.BatchStream, steps: Int? = nil, warn: (String) -> Void
    ) throws -> (results: [(String, Float)], steps: Int) {
        guard let first = try stream.pass()() else {
            throw KerasError(.value, "nn found no data to evaluate on: the dataset is empty")
        }
        let (training, _) = try training(for: first, batch: first.count)
        return try evaluate(Batches(stream) { try self.prepare($0, training) }, training, steps: steps, warn: warn)
    }

    /// One pass over the batches (the first `steps` of them when given), as float32 running means.
    func evaluate(
        _ batches: Batches, _ training: Training, steps: Int? = nil, warn: (String) -> Void = { _ in }
    ) throws -> (results: [(String, Float)], steps: Int) {
        var tracker = Tracker(training)
        let next = try batches.pass()
        var ran = 0
        while steps.map({ ran < $0 }) ?? true {
            guard let batch = try next() else {
                if steps != nil { warn(Model.ranOutOfData) }
                break
            }
            ran += 1
            let (losses, predictions) = try Denormals.flushed {
                let predictions = try forward(batch.x, training: false)
                let (total, parts) = lossNodes(predictions, batch, training)
                return ([total.value.data[0]] + parts, predictions.map(\.value))
            }
            track(&tracker, losses, predictions, batch, training)
        }
        return (tracker.results(training), ran)
    }
}
