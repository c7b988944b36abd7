import Foundation

/// The numbers an epoch or a batch reports, by their history keys, in Keras's order.
public typealias Logs = [(String, Float)]

/// Keras's callback protocol (`callbacks/callback.py`): the hooks `fit` calls around training,
/// each epoch and each batch, with the logs so far. Every hook does nothing unless a callback
/// defines it; setting `model.stopTraining` ends training after the current batch or epoch.
public protocol Callback: AnyObject {
    func trainBegan(_ model: Model) throws
    func epochBegan(_ epoch: Int, _ model: Model) throws
    func batchBegan(_ batch: Int, _ model: Model) throws
    func batchEnded(_ batch: Int, logs: Logs, _ model: Model) throws
    /// May add to the epoch's logs (LearningRateScheduler adds `learning_rate`), as Keras's do.
    func epochEnded(_ epoch: Int, logs: inout Logs, _ model: Model) throws
    func trainEnded(logs: Logs, _ model: Model) throws
}

extension Callback {
    public func trainBegan(_ model: Model) throws {}
    public func epochBegan(_ epoch: Int, _ model: Model) throws {}
    public func batchBegan(_ batch: Int, _ model: Model) throws {}
    public func batchEnded(_ batch: Int, logs: Logs, _ model: Model) throws {}
    public func epochEnded(_ epoch: Int, logs: inout Logs, _ model: Model) throws {}
    public func trainEnded(logs: Logs, _ model: Model) throws {}
}

/// Keras's `EarlyStopping` (`callbacks/early_stopping.py` over `monitor_callback.py`): stops when
/// the monitored value has not improved by `minDelta` for `patience` epochs, optionally putting
/// back the best epoch's weights.
public final class EarlyStopping: Callback {
    public enum Mode: String, Sendable { case auto, min, max }

    public let monitor: String
    public let patience: Int
    public let verbose: Int
    public let mode: Mode
    public let baseline: Float?
    public let restoreBestWeights: Bool
    public let startFromEpoch: Int
    var minDelta: Float
    /// Where the callback's messages go (standard output for `verbose`, standard error for warnings).
    public var print: (String) -> Void = { _ in }
    public var warn: (String) -> Void = { _ in }

    var decreasing: Bool?
    public private(set) var wait = 0, stoppedEpoch = 0, bestEpoch = 0
    public private(set) var best: Float?
    var bestWeights: [(shape: [Int], data: [Float])]?

    public init(
        monitor: String, minDelta: Float, patience: Int, verbose: Int, mode: Mode, baseline: Float?,
        restoreBestWeights: Bool, startFromEpoch: Int
    ) {
        (self.monitor, self.minDelta, self.patience, self.verbose, self.mode) = (
            monitor, abs(minDelta), patience, verbose, mode
        )
        (self.baseline, self.restoreBestWeights, self.startFromEpoch) = (baseline, restoreBestWeights, startFromEpoch)
    }

    /// Keras's direction rule: `min` and `max` as given; in `auto` mode losses, mae and mse go down
    /// and accuracy goes up.
    func direction(_ model: Model) throws -> Bool {
        switch mode {
        case .min: return true
        case .max: return false
        case .auto:
            let name = monitor.hasPrefix("val_") ? String(monitor.dropFirst(4)) : monitor
            if name == "loss" { return true }
            let keys = (model.metricNames.isEmpty ? [] : try model.resolvedMetricKeys())
            if keys.contains(name) { return name != "accuracy" }
            throw KerasError(
                .value,
                "EarlyStopping callback received monitor=\(monitor), but Keras isn't able to automatically determine whether that metric should be maximized or minimized. Pass `mode='max'` in order to monitor based on the highest metric value, or pass `mode='min'` in order to use the lowest value."
            )
        }
    }

    func isImprovement(_ value: Float, over reference: Float?) -> Bool {
        guard let reference else { return true }
        // As Keras: min_delta is subtracted from the value after it is negated for decreasing quantities.
        return decreasing == true ? value + minDelta < reference : value - minDelta > reference
    }

    public func trainBegan(_ model: Model) throws {
        (wait, stoppedEpoch, bestEpoch, best, bestWeights) = (0, 0, 0, nil, nil)
    }

    public func epochEnded(_ epoch: Int, logs: inout Logs, _ model: Model) throws {
        if decreasing == nil { decreasing = try direction(model) }
        guard let current = logs.first(where: { $0.0 == monitor })?.1 else {
            warn(
                "Early stopping conditioned on metric `\(monitor)` which is not available. Available metrics are: \(logs.map(\.0).joined(separator: ","))"
            )
            return
        }
        if epoch < startFromEpoch { return }
        if restoreBestWeights && bestWeights == nil {
            bestWeights = try model.weightValues()
            bestEpoch = epoch
        }
        wait += 1
        if isImprovement(current, over: best) {
            best = current
            bestEpoch = epoch
            if restoreBestWeights { bestWeights = try model.weightValues() }
            if baseline == nil || isImprovement(current, over: baseline) { wait = 0 }
            return
        }
        if wait >= patience && epoch > 0 {
            stoppedEpoch = epoch
            model.stopTraining = true
        }
    }

    public func trainEnded(logs: Logs, _ model: Model) throws {
        if stoppedEpoch > 0 && verbose > 0 { print("Epoch \(stoppedEpoch + 1): early stopping") }
        if restoreBestWeights, let bestWeights {
            if verbose > 0 { print("Restoring model weights from the end of the best epoch: \(bestEpoch + 1).") }
            try model.setWeights(bestWeights)
        }
    }
}

extension Model {
    /// A copy of every weight, for putting back later.
    public func weightValues() throws -> [(shape: [Int], data: [Float])] {
        try weights().map { ($0.shape, $0.value) }
    }
}
