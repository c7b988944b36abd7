import NNKeras
import NNLang

/// A callback object as scripts see it (`tf.keras.callbacks.EarlyStopping(patience=3)`), holding
/// the runtime's callback that `fit` runs.
final class PyCallback: PyObject {
    let callback: Callback
    let pyType: PyType
    init(_ callback: Callback, _ type: PyType) {
        self.callback = callback
        self.pyType = type
    }
    override var type: PyType { pyType }
}

/// Callbacks whose hooks are script code: `LambdaCallback`'s functions, or the methods of an instance
/// of a script's subclass of `tf.keras.callbacks.Callback` (`on_epoch_end(self, epoch, logs)` …),
/// called with Keras's arguments. What a hook puts into the epoch's logs dict reaches the history,
/// as in Keras.
final class ScriptCallback: Callback {
    let interp: Interpreter
    /// The function of a hook, nil when there is none.
    let hook: (String) throws -> Value?
    /// Run when training begins, before the hook (a callback instance is given its model).
    var prepare: () throws -> Void = {}

    init(_ interp: Interpreter, hooks: [String: Value]) {
        self.interp = interp
        hook = { hooks[$0] }
    }

    init(_ interp: Interpreter, instance: PyInstance, model: Value) {
        self.interp = interp
        hook = { try interp.getAttribute(.object(instance), $0) }
        prepare = { try instance.dict.set(KerasCallbacks.modelKey, model) }
    }

    func call(_ name: String, _ args: Value...) throws {
        guard let f = try hook(name) else { return }
        _ = try interp.call(f, Arguments(args))
    }

    func trainBegan(_ model: Model) throws {
        try prepare()
        try call("on_train_begin", .dict(PyDict()))
    }
    func epochBegan(_ epoch: Int, _ model: Model) throws { try call("on_epoch_begin", .int(epoch), .dict(PyDict())) }
    func batchBegan(_ batch: Int, _ model: Model) throws {
        try call("on_train_batch_begin", .int(batch), .dict(PyDict()))
    }
    func batchEnded(_ batch: Int, logs: Logs, _ model: Model) throws {
        try call("on_train_batch_end", .int(batch), KerasCallbacks.dict(logs))
    }
    func epochEnded(_ epoch: Int, logs: inout Logs, _ model: Model) throws {
        let given = KerasCallbacks.dict(logs)
        try call("on_epoch_end", .int(epoch), given)
        guard case .dict(let d) = given else { return }
        logs = d.items.compactMap { key, value in
            guard case .str(let k) = key, let number = try? Conversions.double(value) else { return nil }
            return (k.value, Float(number))
        }
    }
    func trainEnded(logs: Logs, _ model: Model) throws { try call("on_train_end", KerasCallbacks.dict(logs)) }
}

/// Keras's `LearningRateScheduler`: before each epoch the learning rate becomes `schedule(epoch, lr)`
/// (or `schedule(epoch)`, Keras 2's form), and each epoch's logs record it.
final class ScheduleCallback: Callback {
    let interp: Interpreter
    let schedule: Value
    let verbose: Int
    init(_ interp: Interpreter, schedule: Value, verbose: Int) {
        (self.interp, self.schedule, self.verbose) = (interp, schedule, verbose)
    }

    func epochBegan(_ epoch: Int, _ model: Model) throws {
        guard let optimizer = model.optimizer else { return }
        let rate: Value
        do {
            rate = try interp.call(schedule, Arguments([.int(epoch), .float(Double(optimizer.learningRate))]))
        } catch let e as ScriptError where e.isA(.typeError) {
            rate = try interp.call(schedule, Arguments([.int(epoch)]))
        }
        let isFloat: Bool
        switch rate {
        case .float: isFloat = true
        case .object(let s as PyNumpyScalar): isFloat = s.dtype == .float32 || s.dtype == .float64
        default: isFloat = false
        }
        guard isFloat else {
            throw ScriptError(
                .valueError, "The output of the `schedule` function should be a float. Got: \(try interp.repr(rate))")
        }
        optimizer.learningRate = Float(try Conversions.double(rate))
        if verbose > 0 {
            interp.write(
                "\nEpoch \(epoch + 1): LearningRateScheduler setting learning rate to \(try interp.str(rate)).\n")
        }
    }

    func epochEnded(_ epoch: Int, logs: inout Logs, _ model: Model) throws {
        if let optimizer = model.optimizer { logs.append(("learning_rate", optimizer.learningRate)) }
    }
}

/// `keras.callbacks`: the callback classes, each declared with Keras 3's signature.
enum KerasCallbacks {
    static func dict(_ logs: Logs) -> Value {
        let d = PyDict()
        for (key, value) in logs { d.set(key, .float(Double(value))) }
        return .dict(d)
    }

    /// `mode=`: 'auto', 'min' or 'max'; anything else falls back to auto with Keras's warning.
    static func mode(_ a: Bound) throws -> MonitorCallback.Mode {
        let name = try a.string("mode")
        guard let mode = MonitorCallback.Mode(rawValue: name) else {
            writeStandardError("UserWarning: \(a.signature.name) mode '\(name)' is unknown, fallback to auto mode.\n")
            return .auto
        }
        return mode
    }

    /// What scripts read of an EarlyStopping after fit, as Keras's attributes.
    static let earlyStoppingMembers: [String: Member] = {
        var m = Members("EarlyStopping")
        func of(_ v: Value) throws -> EarlyStopping {
            guard case .object(let c as PyCallback) = v, let e = c.callback as? EarlyStopping else {
                throw ScriptError(.typeError, "expected an EarlyStopping")
            }
            return e
        }
        m.property("stopped_epoch", "The epoch training stopped at (0 when it did not stop).") { v, _ in
            .int(try of(v).stoppedEpoch)
        }
        m.property("best_epoch", "The epoch of the best monitored value.") { v, _ in .int(try of(v).bestEpoch) }
        m.property("wait", "Epochs since the last improvement.") { v, _ in .int(try of(v).wait) }
        m.property("best", "The best monitored value so far.") { v, _ in
            try of(v).best.map { .float(Double($0)) } ?? .none
        }
        m.property("patience", "Epochs without improvement it waits.") { v, _ in .int(try of(v).patience) }
        m.property("monitor", "The history key it watches.") { v, _ in .string(try of(v).monitor) }
        return m.table
    }()

    /// The runtime callbacks of `fit(callbacks=[...])`: the library's, and instances of script classes
    /// deriving from `Callback`.
    static func list(_ v: Value?, model pm: PyModel, _ interp: Interpreter) throws -> [Callback] {
        guard let v else { return [] }
        return try interp.collect(v).map { item in
            switch item {
            case .object(let c as PyCallback): return c.callback
            case .object(let i as PyInstance) where i.cls.isSubtype(of: pm.session.callbackType):
                return ScriptCallback(interp, instance: i, model: pm.value)
            default:
                throw ScriptError(
                    .typeError,
                    "nn runs callbacks of tf.keras.callbacks (and of classes derived from Callback) in fit, not \(item.typeName) objects"
                )
            }
        }
    }

    /// Where a callback instance keeps its model (Keras's `_model`, read through the `model` property).
    nonisolated(unsafe) static let modelKey = Value.string("_model")

    /// What `tf.keras.callbacks.Callback` gives the classes a script derives from it: the model fit
    /// sets, `set_model` / `set_params`, and hooks that do nothing.
    static let callbackMembers: [String: Member] = {
        var m = Members("Callback", style: .python(countsSelf: false))
        func instance(_ v: Value) throws -> PyInstance {
            guard case .object(let i as PyInstance) = v else { throw ScriptError(.typeError, "expected a Callback") }
            return i
        }
        m.method("__init__()  Makes the callback.") { _, _, _ in .none }
        m.property(
            "model", "The model fit is training (set when training begins).",
            { v, _ in try instance(v).dict.get(name: modelKey) ?? .none },
            set: { v, value, _ in try instance(v).dict.set(modelKey, value) })
        m.method("set_model(model)  Sets the model the callback watches.") { v, a, _ in
            try instance(v).dict.set(modelKey, a["model"])
            return .none
        }
        m.method("set_params(params)  Sets the training parameters.") { v, a, _ in
            try instance(v).dict.set("params", a["params"])
            return .none
        }
        for hook in [
            "on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_train_batch_begin",
            "on_train_batch_end", "on_test_begin", "on_test_end", "on_predict_begin", "on_predict_end",
        ] {
            let epochOrBatch = hook.hasPrefix("on_epoch") ? "epoch, " : hook.contains("batch") ? "batch, " : ""
            m.method("\(hook)(\(epochOrBatch)logs=None)  Called by fit; does nothing unless a subclass defines it.") {
                _, _, _ in .none
            }
        }
        return m.table
    }()

    static func make(_ session: KerasSession) -> PyModule {
        var m = ModuleBuilder("keras.callbacks", style: .python(countsSelf: false))
        let base = session.callbackType
        m.members["Callback"] = .object(base)
        func callbackClass(
            _ declaration: String, members: [String: Member] = [:],
            _ make: @escaping (Bound, Interpreter) throws -> Callback
        ) -> Value {
            let name = String(declaration.prefix { $0 != "(" })
            let signature = Signature(declaration, style: .python(countsSelf: true), errorName: "\(name).__init__")
            var type = PyType(name)
            type = PyType(name, base: base, members: members, signature: signature) { a, interp in
                .object(PyCallback(try make(a, interp), type))
            }
            type.moduleName = "keras.callbacks"
            return .object(type)
        }
        m.members["EarlyStopping"] = callbackClass(
            """
            EarlyStopping(monitor='val_loss', min_delta=0, patience=0, verbose=0, mode='auto', baseline=None, \
            restore_best_weights=False, start_from_epoch=0)
            Stops training when the monitored value has stopped improving.
            monitor: the history key to watch ('val_loss', 'loss', 'val_accuracy', …).
            min_delta: the least change that counts as an improvement.
            patience: how many epochs without improvement to wait before stopping.
            verbose: 1 says when it stops and when it restores weights.
            mode: 'min', 'max', or 'auto' (losses and errors go down, accuracy goes up).
            baseline: a value the monitored quantity must beat for waiting to reset.
            restore_best_weights: put back the weights of the best epoch when training ends.
            start_from_epoch: epochs to let pass before watching.
            """, members: earlyStoppingMembers
        ) { a, interp in
            let callback = EarlyStopping(
                monitor: try a.string("monitor"), minDelta: try a.float("min_delta"),
                patience: try a.int("patience"), verbose: try a.int("verbose"), mode: try mode(a),
                baseline: try a.optionalFloat("baseline"),
                restoreBestWeights: try a.bool("restore_best_weights"),
                startFromEpoch: try a.int("start_from_epoch"))
            callback.print = { interp.write($0 + "\n") }
            callback.warn = { writeStandardError("UserWarning: " + $0 + "\n") }
            return callback
        }
        m.members["ReduceLROnPlateau"] = callbackClass(
            """
            ReduceLROnPlateau(monitor='val_loss', factor=0.1, patience=10, verbose=0, mode='auto', min_delta=0.0001, \
            cooldown=0, min_lr=0.0)
            Multiplies the learning rate by factor when the monitored value has stopped improving.
            monitor: the history key to watch.
            factor: what the learning rate is multiplied by (below 1).
            patience: how many epochs without improvement to wait before reducing.
            verbose: 1 prints each reduction.
            mode: 'min', 'max', or 'auto' (losses and errors go down, accuracy goes up).
            min_delta: the least change that counts as an improvement.
            cooldown: epochs to wait after a reduction before watching again.
            min_lr: the learning rate's lower bound.
            """
        ) { a, interp in
            let callback = try kerasCall {
                try ReduceLROnPlateau(
                    monitor: try a.string("monitor"), factor: try a.double("factor"), patience: try a.int("patience"),
                    verbose: try a.int("verbose"), mode: try mode(a), minDelta: try a.float("min_delta"),
                    cooldown: try a.int("cooldown"), minLearningRate: try a.double("min_lr"))
            }
            callback.reported = { epoch, rate in
                interp.write(
                    "\nEpoch \(epoch + 1): ReduceLROnPlateau reducing learning rate to \(FloatFormat.repr(rate)).\n")
            }
            callback.warn = { writeStandardError("UserWarning: " + $0 + "\n") }
            return callback
        }
        m.members["LambdaCallback"] = callbackClass(
            """
            LambdaCallback(on_epoch_begin=None, on_epoch_end=None, on_train_begin=None, on_train_end=None, \
            on_train_batch_begin=None, on_train_batch_end=None)
            Calls the functions given at those moments of training.
            on_epoch_begin: called as f(epoch, logs).
            on_epoch_end: called as f(epoch, logs), logs holding the epoch's loss and metrics.
            on_train_begin: called as f(logs).
            on_train_end: called as f(logs).
            on_train_batch_begin: called as f(batch, logs).
            on_train_batch_end: called as f(batch, logs).
            """
        ) { a, interp in
            var hooks: [String: Value] = [:]
            for name in [
                "on_epoch_begin", "on_epoch_end", "on_train_begin", "on_train_end", "on_train_batch_begin",
                "on_train_batch_end",
            ] {
                if let f = a.optional(name) { hooks[name] = f }
            }
            return ScriptCallback(interp, hooks: hooks)
        }
        m.members["LearningRateScheduler"] = callbackClass(
            """
            LearningRateScheduler(schedule, verbose=0)
            Sets the learning rate before each epoch to schedule(epoch, lr).
            schedule: a function of the epoch (counting from 0) and the current learning rate, returning a float.
            verbose: 1 prints each new learning rate.
            """
        ) { a, interp in
            ScheduleCallback(interp, schedule: a["schedule"], verbose: try a.int("verbose"))
        }
        return m.build()
    }
}
