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

/// What callbacks that watch a quantity share (Keras's `MonitorCallback`): which history key, which
/// direction counts as better, and by how much a value must beat the best to count.
public class MonitorCallback: Callback {
    public enum Mode: String, Sendable { case auto, min, max }

    public let monitor: String
    public let mode: Mode
    var minDelta: Float
    var decreasing: Bool?
    public internal(set) var best: Float?
    /// Where the callback's messages go (standard output for `verbose`, standard error for warnings).
    public var print: (String) -> Void = { _ in }
    public var warn: (String) -> Void = { _ in }

    init(monitor: String, mode: Mode, minDelta: Float) {
        (self.monitor, self.mode, self.minDelta) = (monitor, mode, abs(minDelta))
    }

    // The hooks subclasses override (a protocol extension's defaults would not dispatch to them).
    public func trainBegan(_ model: Model) throws {}
    public func epochEnded(_ epoch: Int, logs: inout Logs, _ model: Model) throws {}
    public func trainEnded(logs: Logs, _ model: Model) throws {}

    /// Keras's direction rule: `min` and `max` as given; in `auto` mode losses, mae and mse go down
    /// and accuracy goes up.
    func direction(_ model: Model) throws -> Bool {
        switch mode {
        case .min: return true
        case .max: return false
        case .auto:
            let name = monitor.hasPrefix("val_") ? String(monitor.dropFirst(4)) : monitor
            if name == "loss" { return true }
            if let increases = model.metricIncreases(name) { return !increases }
            throw KerasError(
                .value,
                "\(Swift.type(of: self)) callback received monitor=\(monitor), but Keras isn't able to automatically determine whether that metric should be maximized or minimized. Pass `mode='max'` in order to monitor based on the highest metric value, or pass `mode='min'` in order to use the lowest value."
            )
        }
    }

    func isImprovement(_ value: Float, over reference: Float?) -> Bool {
        guard let reference else { return true }
        return decreasing == true ? value + minDelta < reference : value - minDelta > reference
    }

    /// The monitored value of the logs, deciding the direction on first use.
    func current(_ logs: Logs, _ model: Model) throws -> Float? {
        if decreasing == nil { decreasing = try direction(model) }
        return logs.first { $0.0 == monitor }?.1
    }
}

/// Keras's `EarlyStopping` (`callbacks/early_stopping.py`): stops when the monitored value has not
/// improved by `min_delta` for `patience` epochs, optionally putting back the best epoch's weights.
public final class EarlyStopping: MonitorCallback {
    public let patience: Int
    public let verbose: Int
    public let baseline: Float?
    public let restoreBestWeights: Bool
    public let startFromEpoch: Int
    public private(set) var wait = 0, stoppedEpoch = 0, bestEpoch = 0
    var bestWeights: [(shape: [Int], data: [Float])]?

    public init(
        monitor: String, minDelta: Float, patience: Int, verbose: Int, mode: Mode, baseline: Float?,
        restoreBestWeights: Bool, startFromEpoch: Int
    ) {
        (self.patience, self.verbose, self.baseline) = (patience, verbose, baseline)
        (self.restoreBestWeights, self.startFromEpoch) = (restoreBestWeights, startFromEpoch)
        super.init(monitor: monitor, mode: mode, minDelta: minDelta)
    }

    public override func trainBegan(_ model: Model) throws {
        (wait, stoppedEpoch, bestEpoch, best, bestWeights) = (0, 0, 0, nil, nil)
    }

    public override func epochEnded(_ epoch: Int, logs: inout Logs, _ model: Model) throws {
        guard let current = try current(logs, model) else {
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

    public override func trainEnded(logs: Logs, _ model: Model) throws {
        if stoppedEpoch > 0 && verbose > 0 { print("Epoch \(stoppedEpoch + 1): early stopping") }
        if restoreBestWeights, let bestWeights {
            if verbose > 0 { print("Restoring model weights from the end of the best epoch: \(bestEpoch + 1).") }
            try model.setWeights(bestWeights)
        }
    }
}

/// Keras's `ReduceLROnPlateau` (`callbacks/reduce_lr_on_plateau.py`): multiplies the learning rate by
/// `factor` after `patience` epochs without improvement, then waits `cooldown` epochs; each epoch's
/// logs record the learning rate.
public final class ReduceLROnPlateau: MonitorCallback {
    public let factor: Double, minLearningRate: Double
    public let patience: Int, verbose: Int, cooldown: Int
    public private(set) var wait = 0, cooldownCounter = 0
    /// Called with the epoch and the new rate when it reduces the rate and `verbose` is set.
    public var reported: (Int, Double) -> Void = { _, _ in }

    public init(
        monitor: String, factor: Double, patience: Int, verbose: Int, mode: Mode, minDelta: Float,
        cooldown: Int, minLearningRate: Double
    ) throws {
        guard factor < 1 else {
            throw KerasError(.value, "ReduceLROnPlateau does not support a factor >= 1.0. Received factor=\(factor)")
        }
        (self.factor, self.minLearningRate, self.patience, self.verbose, self.cooldown) =
            (factor, minLearningRate, patience, verbose, cooldown)
        super.init(monitor: monitor, mode: mode, minDelta: minDelta)
    }

    public override func trainBegan(_ model: Model) throws {
        (best, cooldownCounter, wait) = (nil, 0, 0)
    }

    public override func epochEnded(_ epoch: Int, logs: inout Logs, _ model: Model) throws {
        guard let optimizer = model.optimizer else { return }
        logs.append(("learning_rate", optimizer.learningRate))
        guard let current = try current(logs, model) else {
            warn(
                "Learning rate reduction is conditioned on metric `\(monitor)` which is not available. Available metrics are: \(logs.map(\.0).joined(separator: ","))."
            )
            return
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            wait = 0
        }
        if isImprovement(current, over: best) {
            best = current
            wait = 0
        } else if cooldownCounter == 0 {
            wait += 1
            guard wait >= patience else { return }
            let old = Double(optimizer.learningRate)
            guard old > Double(Float(minLearningRate)) else { return }
            let new = max(old * factor, minLearningRate)
            optimizer.learningRate = Float(new)
            if verbose > 0 { reported(epoch, new) }
            cooldownCounter = cooldown
            wait = 0
        }
    }
}

extension Model {
    /// A copy of every weight, for putting back later.
    public func weightValues() throws -> [(shape: [Int], data: [Float])] {
        try weights().map { ($0.shape, $0.value) }
    }
}
