import NNKeras
import NNLang
import NNTensor

/// `with tf.GradientTape() as tape:` — while it records, float32 tensor ops keep the graph the
/// training runtime built for them, and `tape.gradient(target, sources)` runs its backward pass.
final class PyGradientTape: PyObject {
    let persistent: Bool
    let session: KerasSession
    private var recording = false
    private var used = false

    init(persistent: Bool, _ session: KerasSession) {
        self.persistent = persistent
        self.session = session
    }

    override var type: PyType { session.gradientTapeType }

    func start() {
        guard !recording else { return }
        recording = true
        session.tapesRecording += 1
    }

    func stop() {
        guard recording else { return }
        recording = false
        session.tapesRecording -= 1
    }

    /// The gradients of the target(s) (summed, as TensorFlow sums them) with respect to each source,
    /// in the sources' structure (one, a list, a tuple, a dict); None for a source the target does
    /// not depend on.
    func gradient(_ target: Value, _ sources: Value, seed: Value?, _ interp: Interpreter) throws -> Value {
        if used && !persistent {
            throw ScriptError(
                .runtimeError,
                "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)")
        }
        used = true
        let targets = try flatten(target, interp).map { try TFConvert.tensor($0, session) }
        let leaves = try flatten(sources, interp)
        for leaf in leaves { source(leaf)?.parameter?.clearGradient() }
        var reached = Set<ObjectIdentifier>()
        let roots = targets.compactMap(\.node)
        if let root = try combined(roots) {
            let start = try seed.map { Tensor(try TFConvert.tensor($0, session, dtype: .float32).ndarray) }
            if let start, start.shape != root.shape {
                throw ScriptError(.valueError, "output_gradients must have the shape of the target")
            }
            for node in root.backward(seed: start) {
                reached.insert(ObjectIdentifier(node.parameter ?? node))
            }
        }
        func gradient(_ leaf: Value) -> Value {
            guard let s = source(leaf) else { return .none }
            if let p = s.parameter {
                guard reached.contains(ObjectIdentifier(p)) else { return .none }
                return .object(PyTFTensor(Tensor(shape: p.shape, data: p.gradient).array, session))
            }
            guard let node = s.node, reached.contains(ObjectIdentifier(node)), let g = node.gradient else {
                return .none
            }
            return .object(PyTFTensor(g.array, session))
        }
        return try restructure(sources, interp, gradient)
    }

    /// Several targets as one: the sum of all their values (what TensorFlow differentiates).
    private func combined(_ roots: [Node]) throws -> Node? {
        guard roots.count > 1 else { return roots.first }
        var total = Ops.sum(roots[0], axes: nil)
        for r in roots.dropFirst() { total = try kerasCall { try Ops.arithmetic(.add, total, Ops.sum(r, axes: nil)) } }
        return total
    }

    /// What a source is in the graph: a variable's weight, or a tensor's node (watched or computed).
    private func source(_ v: Value) -> (parameter: Parameter?, node: Node?)? {
        switch v {
        case .object(let variable as PyTFVariable): return variable.parameter.map { ($0, nil) }
        case .object(let t as PyTFTensor): return t.node.map { ($0.parameter, $0) }
        default: return nil
        }
    }

    private func flatten(_ v: Value, _ interp: Interpreter) throws -> [Value] {
        switch v {
        case .list, .tuple: return try interp.collect(v).flatMap { try flatten($0, interp) }
        case .dict(let d): return try d.values.flatMap { try flatten($0, interp) }
        default: return [v]
        }
    }

    private func restructure(_ v: Value, _ interp: Interpreter, _ leaf: (Value) -> Value) throws -> Value {
        switch v {
        case .list(let l): return .list(PyList(try l.items.map { try restructure($0, interp, leaf) }))
        case .tuple(let t): return .tuple(PyTuple(try t.items.map { try restructure($0, interp, leaf) }))
        case .dict(let d):
            let out = PyDict()
            for (k, value) in zip(d.keys, d.values) { try out.set(k, try restructure(value, interp, leaf)) }
            return .dict(out)
        default: return leaf(v)
        }
    }

    static func members() -> [String: Member] {
        var m = Members("GradientTape", style: .python(countsSelf: true))
        func tape(_ v: Value) throws -> PyGradientTape {
            guard case .object(let t as PyGradientTape) = v else {
                throw ScriptError(.typeError, "expected a GradientTape")
            }
            return t
        }
        m.method("__enter__()  Starts recording.") { v, _, _ in
            try tape(v).start()
            return v
        }
        m.method("__exit__(*exc_info)  Stops recording.") { v, _, _ in
            try tape(v).stop()
            return .false
        }
        m.method(
            """
            gradient(target, sources, output_gradients=None, unconnected_gradients=None)  The gradient of \
            target with respect to each source.
            target: a tensor (or a list of tensors, summed) computed while the tape recorded.
            sources: a variable or tensor, or a list, tuple or dict of them; the result has their structure.
            output_gradients: the gradient to start from, of the target's shape (ones when None).
            """, refusing: ["unconnected_gradients"]
        ) { v, a, interp in
            try tape(v).gradient(a["target"], a["sources"], seed: a.optional("output_gradients"), interp)
        }
        m.method("watch(tensor)  Makes a tensor (or a list of them) a source the tape differentiates with respect to.")
        {
            v, a, interp in
            let t = try tape(v)
            for item in try t.flatten(a["tensor"], interp) {
                if case .object(let tensor as PyTFTensor) = item { tensor.watch() }
            }
            return .none
        }
        m.method("reset()  Forgets what was recorded (nn's tapes hold nothing but the graph).") { v, _, _ in
            try tape(v).used = false
            return .none
        }
        return m.table
    }

    /// `tf.GradientTape(persistent=False)`.
    static func install(_ session: KerasSession) -> PyType {
        let signature = Signature(
            """
            GradientTape(persistent=False, watch_accessed_variables=True)  Records tensor ops for \
            automatic differentiation.
            persistent: whether gradient may be called more than once.
            """, style: .python(countsSelf: false), errorName: "GradientTape", refusing: ["watch_accessed_variables"])
        let type = PyType("GradientTape", base: .object, members: members(), signature: signature) { a, _ in
            .object(PyGradientTape(persistent: try a.bool("persistent"), session))
        }
        type.moduleName = "tensorflow"
        session.gradientTapeType = type
        return type
    }
}
