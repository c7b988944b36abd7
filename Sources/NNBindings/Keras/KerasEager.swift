import NNKeras
import NNLang
import NNTensor

/// Layers and models called on values (`model(x, training=True)` in a custom training loop), their
/// weights as Keras variables, and `optimizer.apply_gradients`.
enum KerasEager {
    /// Values a layer or model is called on: one array or tensor, or a list of them.
    static func inputs(_ v: Value, count: Int, _ session: KerasSession, _ interp: Interpreter) throws -> [PyTFTensor] {
        let items = count > 1 ? try interp.collect(v) : [v]
        return try items.map { try TFConvert.tensor($0, session, dtype: .float32) }
    }

    static func outputs(_ nodes: [Node], _ session: KerasSession) -> Value {
        let tensors = nodes.map { Value.object(PyTFTensor($0, session)) }
        return tensors.count == 1 ? tensors[0] : .list(PyList(tensors))
    }

    /// `training=None` is inference, as Keras's default outside fit.
    static func training(_ a: Bound, _ session: KerasSession) throws -> Bool {
        a.optional("training") == nil ? session.trainingContext ?? false : try a.bool("training")
    }

    /// `layer(x)` on values: built for their shapes on first use, then applied as in training.
    static func call(_ pl: PyLayer, _ a: Bound, _ interp: Interpreter) throws -> Value {
        let count = max(pl.layer.inputShapes?.count ?? 1, 1)
        let x = try inputs(a["inputs"], count: count, pl.session, interp)
        let nodes = x.compactMap(\.node)
        return try kerasCall {
            let batch = pl.session.buildingSymbolically ? nil : nodes.first?.shape.first
            try pl.layer.connect(
                nodes.map { Array($0.shape.dropFirst()) }, random: pl.session.random, exactShape: false, batch: batch)
            let out = try pl.layer.call(inputs: nodes, training: try training(a, pl.session), random: pl.session.random)
            return outputs([out], pl.session)
        }
    }

    /// `model(x)` on values.
    static func call(_ pm: PyModel, _ a: Bound, _ interp: Interpreter) throws -> Value {
        let x = try inputs(a["inputs"], count: max(pm.model.inputs.count, 1), pm.session, interp)
        let training = try training(a, pm.session)
        let out = try kerasCall { try pm.model.call(x.compactMap(\.node), training: training) }
        return outputs(out, pm.session)
    }

    /// Weights as Keras variables named by their path (`sequential/dense/kernel`).
    static func variables(_ parameters: [Parameter], trainableOnly: Bool, _ session: KerasSession) -> [Value] {
        parameters.filter { !trainableOnly || $0.trainable }.map {
            .object(PyTFVariable(.parameter($0), name: $0.name, path: $0.path, session))
        }
    }

    static func variables(_ model: Model, trainableOnly: Bool, _ session: KerasSession) throws -> Value {
        .list(PyList(variables(try kerasCall { try model.weights() }, trainableOnly: trainableOnly, session)))
    }

    /// `optimizer.apply_gradients(zip(grads, vars))`: one step on each variable from its gradient
    /// (pairs whose gradient is None are skipped, as Keras does).
    static func applyGradients(_ optimizer: Optimizer, _ pairs: Value, _ interp: Interpreter) throws {
        var parameters: [Parameter] = []
        for pair in try interp.collect(pairs) {
            let items = try interp.collect(pair)
            guard items.count == 2 else {
                throw ScriptError(.valueError, "apply_gradients takes (gradient, variable) pairs")
            }
            if items[0].isNone { continue }
            guard case .object(let variable as PyTFVariable) = items[1], let p = variable.parameter else {
                throw ScriptError(
                    .typeError, "apply_gradients updates float32 variables, not \(items[1].typeName)")
            }
            let g = try TFConvert.array(items[0])
            guard g.shape == p.shape else {
                throw ScriptError(
                    .valueError,
                    "The gradient for \(variable.path ?? variable.name) has shape \(describeShape(g.shape)), but the variable has shape \(describeShape(p.shape))"
                )
            }
            p.clearGradient()
            p.addGradient(g.elements.map { Float($0) })
            parameters.append(p)
        }
        optimizer.step(parameters)
    }
}
