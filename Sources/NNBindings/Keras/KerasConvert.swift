import NNLang
import NNKeras
import NNTensor

/// Conversions between script values and the training runtime's batches and weights.
enum KerasConvert {
    /// `x` or `y` of `fit`: arrays, nested lists (later DataFrames), as float32 samples; a 1-D array
    /// is one value per sample.
    static func tensor(_ v: Value, _ what: String) throws -> Tensor {
        // A float32 tensor (a dataset's batch) is used as it is.
        if case .object(let t as PyTFTensor) = v, let node = t.node, node.value.rank >= 1 {
            return node.value.rank == 1 ? node.value.reshaped([node.value.count, 1]) : node.value
        }
        let a = try NumpyConvert.array(v)
        guard a.ndim >= 1 else {
            throw ScriptError(.valueError, "\(what) must have at least one dimension; got a scalar")
        }
        let t = Tensor(a)
        return a.ndim == 1 ? t.reshaped([a.shape[0], 1]) : t
    }

    /// A model's inputs: one array, or a list of arrays for a model with several inputs.
    static func inputs(_ v: Value, for model: Model, _ interp: Interpreter) throws -> [Tensor] {
        guard model.inputs.count > 1 else { return [try tensor(v, "x")] }
        return try interp.collect(v).map { try tensor($0, "x") }
    }

    /// The targets of fit and evaluate, one per model output (nil for None): an array for a model
    /// with one output, a list or tuple of them for several, or a dict by output name.
    static func targets(_ v: Value, for model: Model, _ interp: Interpreter) throws -> [Tensor?] {
        func target(_ v: Value?) throws -> Tensor? {
            guard let v, !v.isNone else { return nil }
            return try tensor(v, "y")
        }
        switch v {
        case .dict(let d):
            let given = try d.items.map { (try Conversions.string($0.0, "keys of y must be output names (str)"), $0.1) }
            for (name, _) in given where !model.outputNames.contains(name) {
                throw ScriptError(
                    .keyError,
                    "'\(name)' is not an output of the model; its outputs are \(model.outputNames.map { "'\($0)'" })")
            }
            return try model.outputNames.map { name in try target(given.first { $0.0 == name }?.1) }
        case .list,
            .tuple where model.outputs.count > 1:
            return try interp.collect(v).map { try target($0) }
        default: return [try tensor(v, "y")]
        }
    }

    /// A weight as a float32 numpy array.
    static func array(_ p: Parameter, _ session: KerasSession) -> Value {
        array(p.tensor, session)
    }

    /// Values (outputs, weights) as a float32 numpy array.
    static func array(_ t: Tensor, _ session: KerasSession) -> Value {
        .object(PyArray(t.array, session.numpy))
    }

    /// The list `set_weights` takes.
    static func weightList(_ v: Value, _ interp: Interpreter) throws -> [(shape: [Int], data: [Float])] {
        try interp.collect(v).map { item in
            let a = try NumpyConvert.array(item)
            return (a.shape, a.elements.map { Float($0) })
        }
    }

    /// A shape argument (`[1]`, `(784,)`, `13`).
    static func shape(_ v: Value) throws -> [Int] {
        if case .int(let n) = v { return [n] }
        let dims = try NumpyConvert.shape(v)
        guard dims.allSatisfy({ $0 > 0 }) else {
            throw ScriptError(.valueError, "Cannot create a layer with a shape that is not positive: \(dims)")
        }
        return dims
    }

    /// An activation given by name, by `tf.keras.activations.X` or as None.
    static func activation(_ v: Value?) throws -> Activation {
        guard let v, !v.isNone else { return .linear }
        switch v {
        case .str(let s):
            if let a = Activation(rawValue: s.value) { return a }
            throw ScriptError(
                .valueError,
                "Could not interpret activation function identifier: '\(s.value)'. Valid names are: \(Activation.names.joined(separator: ", "))."
            )
        case .object(let f as PyBuiltinFunction):
            if let a = Activation(rawValue: f.name) { return a }
        default: break
        }
        throw ScriptError(.valueError, "Could not interpret activation function identifier: \(v.typeName)")
    }

    /// compile's `loss=` and `loss_weights=`: one loss, a list with one per output, or a dict by output name.
    static func compiledLoss(_ v: Value, weights: Value?, _ interp: Interpreter) throws -> CompiledLoss {
        let losses: CompiledLoss.Losses
        switch v {
        case .list, .tuple: losses = .list(try interp.collect(v).map { try outputLoss($0) })
        case .dict(let d):
            var named: [String: OutputLoss?] = [:]
            for (k, loss) in d.items {
                named[try Conversions.string(k, "keys must be output names (str)")] = try outputLoss(loss)
            }
            losses = .named(named)
        default: losses = .every(try outputLoss(v) ?? OutputLoss(try loss(v)))
        }
        switch weights {
        case nil: return CompiledLoss(losses)
        case .dict(let d)?:
            var named: [String: Float] = [:]
            for (k, w) in d.items {
                named[try Conversions.string(k, "keys must be output names (str)")] = Float(try Conversions.double(w))
            }
            return CompiledLoss(losses, weights: .named(named))
        case .list?, .tuple?:
            return CompiledLoss(
                losses, weights: .list(try interp.collect(weights!).map { Float(try Conversions.double($0)) }))
        case let w?:
            throw ScriptError(
                .typeError, "Expected `loss_weights` argument to be a list or dict, received \(w.typeName)")
        }
    }

    /// One output's loss (None: the output is not trained); a loss object brings its from_logits.
    static func outputLoss(_ v: Value) throws -> OutputLoss? {
        if v.isNone { return nil }
        if case .object(let l as PyLoss) = v { return OutputLoss(l.loss, fromLogits: l.fromLogits) }
        return OutputLoss(try loss(v))
    }

    /// A loss given by name or as a loss object.
    static func loss(_ v: Value) throws -> Loss {
        switch v {
        case .str(let s):
            if let l = Loss.byName[s.value] { return l }
            throw ScriptError(
                .valueError,
                "Could not interpret loss identifier: \(s.value). Valid names are: \(Loss.byName.keys.filter { $0.first!.isLowercase }.sorted().joined(separator: ", "))."
            )
        case .object(let l as PyLoss): return l.loss
        case .object(let f as PyBuiltinFunction):
            if let l = Loss.byName[f.name] { return l }
        default: break
        }
        throw ScriptError(.valueError, "Could not interpret loss identifier: \(v.typeName)")
    }

    /// An optimizer given as an optimizer object, or by name: the class of that name with its
    /// declared defaults (`'adam'` is `Adam()`).
    static func optimizer(_ v: Value, _ session: KerasSession, _ interp: Interpreter) throws -> Optimizer {
        switch v {
        case .str(let s):
            guard
                let type = session.optimizerClasses.first(where: { $0.key.lowercased() == s.value.lowercased() })?.value
            else {
                throw ScriptError(.valueError, "Could not interpret optimizer identifier: \(s.value)")
            }
            return try optimizer(try type.call(Arguments(), interp), session, interp)
        case .object(let o as PyOptimizer): return o.optimizer
        default: throw ScriptError(.valueError, "Could not interpret optimizer identifier: \(v.typeName)")
        }
    }
}
