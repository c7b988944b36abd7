import NNTensor

/// One output's loss: what it computes, whether the output is logits (`from_logits=True`), and its
/// weight in the total loss (`loss_weights`).
public struct OutputLoss: Sendable {
    public var loss: Loss
    public var fromLogits: Bool
    public var weight: Float?
    public init(_ loss: Loss, fromLogits: Bool = false, weight: Float? = nil) {
        (self.loss, self.fromLogits, self.weight) = (loss, fromLogits, weight)
    }
}

/// `compile(loss=..., loss_weights=...)` as given, resolved against the model's outputs when it trains:
/// one loss for every output, a list with one per output (nil leaves an output untrained), or a
/// dict by output name; the weights as a list or a dict.
public struct CompiledLoss: Sendable {
    public enum Losses: Sendable { case every(OutputLoss), list([OutputLoss?]), named([String: OutputLoss?]) }
    public enum Weights: Sendable { case list([Float]), named([String: Float]) }
    public var losses: Losses
    public var weights: Weights?
    public init(_ losses: Losses, weights: Weights? = nil) {
        (self.losses, self.weights) = (losses, weights)
    }

    /// Each output's loss, as Keras's CompileLoss builds them, with Keras's errors.
    func resolved(outputNames names: [String]) throws -> [OutputLoss?] {
        var resolved: [OutputLoss?]
        switch losses {
        case .every(let loss): resolved = Array(repeating: loss, count: names.count)
        case .list(let list):
            guard list.count == names.count else {
                throw KerasError(
                    .value,
                    "`loss` should have one entry per output of the model (\(names.count)), received \(list.count)")
            }
            resolved = list
        case .named(let dict):
            guard Set(dict.keys) == Set(names) else {
                throw KerasError(
                    .value,
                    "Expected keys \(pythonList(names)) in loss dict, but found loss.keys()=\(pythonList(Array(dict.keys)))"
                )
            }
            resolved = names.map { dict[$0] ?? nil }
        }
        switch weights {
        case nil: break
        case .list(let list):
            let count = resolved.compactMap { $0 }.count
            guard list.count == count || list.count == names.count else {
                throw KerasError(
                    .value,
                    "`loss_weights` must match the number of losses, got \(count) losses and \(list.count) weights.")
            }
            let targets =
                list.count == names.count ? Array(names.indices) : names.indices.filter { resolved[$0] != nil }
            for (i, w) in zip(targets, list) { resolved[i]?.weight = w }
        case .named(let dict):
            for (i, name) in names.enumerated() { resolved[i]?.weight = dict[name] }
        }
        return resolved
    }
}

/// `compile(metrics=...)` as given: a flat list (every metric on the one output, or one per output
/// when there are as many as outputs), a list of lists (per output), or a dict by output name.
public enum CompiledMetrics: Sendable {
    public typealias Spec = (key: String, identifier: String)
    case flat([Spec]), perOutput([[Spec]]), named([String: [Spec]])

    var all: [Spec] {
        switch self {
        case .flat(let specs): return specs
        case .perOutput(let lists): return lists.flatMap { $0 }
        case .named(let dict): return dict.values.flatMap { $0 }
        }
    }

    /// Each metric with its output; with several outputs its key is prefixed by the output's name
    /// (`price_mae`), as Keras logs it.
    func resolved(outputNames names: [String], given: String) throws -> [(output: Int, spec: Spec)] {
        var lists: [[Spec]]
        switch self {
        case .flat(let specs) where names.count <= 1 || specs.isEmpty: lists = [specs]
        case .flat(let specs) where specs.count == names.count: lists = specs.map { [$0] }
        case .perOutput(let given) where given.count == names.count: lists = given
        case .named(let dict) where Set(dict.keys).isSubset(of: names): lists = names.map { dict[$0] ?? [] }
        default:
            throw KerasError(
                .value,
                "Invalid `metrics`. `metrics` should contain metrics objects and either be a dict or a list matching the output names of the functional model \(pythonList(names)) or match the output structure of the model: \(pythonList(names.map { _ in "X" })).\nReceived: metrics=\(given)"
            )
        }
        return lists.enumerated().flatMap { output, specs in
            specs.map { spec in
                (output, names.count > 1 ? (key: names[output] + "_" + spec.key, identifier: spec.identifier) : spec)
            }
        }
    }
}

/// Names as Python prints a list of strings.
func pythonList(_ names: [String]) -> String {
    "[" + names.map { "'\($0)'" }.joined(separator: ", ") + "]"
}
