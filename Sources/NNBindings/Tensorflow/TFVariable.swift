import NNKeras
import NNLang
import NNTensor

/// A variable: `tf.Variable(3.0)`, or a layer's weight as Keras 3 shows it (`model.trainable_variables`).
/// A float32 variable is a `Parameter` of the training runtime, so that reading it while a tape
/// records makes it a source of gradients, and a layer's variable is the layer's weight itself.
/// Variables of other dtypes hold a numpy array and are not differentiated.
final class PyTFVariable: PyObject, ArrayConvertible {
    enum Storage {
        case parameter(Parameter)
        case other(NDArray)
    }
    private(set) var storage: Storage
    /// `Variable:0` for tf.Variable; the weight's name (`kernel`) for a Keras variable.
    let name: String
    /// A Keras variable's path (`sequential/dense/kernel`); nil for tf.Variable.
    let path: String?
    let session: KerasSession

    init(_ storage: Storage, name: String, path: String? = nil, _ session: KerasSession) {
        self.storage = storage
        self.name = name
        self.path = path
        self.session = session
    }

    var trainable: Bool {
        if case .parameter(let p) = storage { return p.trainable }
        return false
    }

    var parameter: Parameter? {
        if case .parameter(let p) = storage { return p }
        return nil
    }

    /// The current value, as a tensor a recording tape traces back to this variable.
    func read() -> PyTFTensor {
        switch storage {
        case .parameter(let p): return PyTFTensor(Node(p), session)
        case .other(let a): return PyTFTensor(a.copy(), session)
        }
    }

    var ndarray: NDArray { read().ndarray }

    /// `assign`, `assign_add`, `assign_sub`: new values of the variable's shape (or broadcast to it).
    func assign(_ v: Value, _ combine: Elementwise.Operation?) throws {
        let current = ndarray
        var values = try TFConvert.array(v).astype(current.dtype)
        if let combine { values = try numpyCall { try Elementwise.apply(combine, current, values) } }
        guard values.shape == current.shape || values.size == 1 else {
            throw ScriptError(
                .valueError,
                "Cannot assign value to variable ' \(name)': Shape mismatch.The variable shape \(describeShape(current.shape)), and the assigned value shape \(describeShape(values.shape)) are incompatible."
            )
        }
        let filled = Elementwise.broadcast(values, to: current.shape).elements
        switch storage {
        case .parameter(let p): p.value = filled.map { Float($0) }
        case .other(let a): storage = .other(NDArray(filled, shape: a.shape, dtype: a.dtype))
        }
    }

    override var type: PyType { path == nil ? session.resourceVariableType : session.kerasVariableType }

    override func repr(_ interp: Interpreter) throws -> String {
        let a = ndarray
        if let path {
            return
                "<Variable path=\(path), shape=\(describeShape(a.shape)), dtype=\(a.dtype.rawValue), value=\(try interp.str(NumpyConvert.wrap(a, session.numpy)))>"
        }
        return
            "<tf.Variable '\(name)' shape=\(describeShape(a.shape)) dtype=\(a.dtype.rawValue), numpy=\(try TFTypes.numpyText(a, session, interp))>"
    }

    override func length(_ interp: Interpreter) throws -> Int { try read().length(interp) }
    override func makeIterator(_ interp: Interpreter) throws -> PyIterator { try read().makeIterator(interp) }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value { try read().getItem(key, interp) }
    override func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    {
        try read().binary(op, other, reflected: reflected, interp)
    }
    override func compare(_ op: CompareOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        try read().compare(op, other, interp)
    }
    override func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? { try read().unary(op, interp) }
    override var asNumber: Value? { read().asNumber }
    override func isTruthy(_ interp: Interpreter) throws -> Bool { try read().isTruthy(interp) }
}

/// The variable types and `tf.Variable`'s constructor.
enum TFVariables {
    static func of(_ v: Value) throws -> PyTFVariable {
        guard case .object(let variable as PyTFVariable) = v else {
            throw ScriptError(.typeError, "expected a Variable")
        }
        return variable
    }

    static let members: [String: Member] = {
        var m = Members("Variable", style: .python(countsSelf: true))
        TFTypes.arrayMembers(&m) { v in
            let variable = try of(v)
            return (variable.ndarray, variable.session)
        }
        m.property("name", "The variable's name.") { v, _ in .string(try of(v).name) }
        m.property("path", "Where the variable lives (`sequential/dense/kernel`).") { v, _ in
            let variable = try of(v)
            return .string(variable.path ?? variable.name)
        }
        m.property("trainable", "Whether gradients update it.") { v, _ in .bool(try of(v).trainable) }
        for (method, combine, about) in [
            ("assign", nil, "Replaces the values."), ("assign_add", Elementwise.Operation.add, "Adds to the values."),
            ("assign_sub", .subtract, "Subtracts from the values."),
        ] {
            m.method("\(method)(value, use_locking=None, name=None, read_value=True)  \(about)") { v, a, _ in
                let variable = try of(v)
                try variable.assign(a["value"], combine)
                return try a.bool("read_value") ? v : .none
            }
        }
        m.method("value()  The current value as a tensor.") { v, _, _ in .object(try of(v).read()) }
        m.method("read_value()  The current value as a tensor.") { v, _, _ in .object(try of(v).read()) }
        return m.table
    }()

    /// `tf.Variable(initial_value, ...)`, the base of the variables' types, which it gives the session.
    static func install(_ session: KerasSession) -> PyType {
        let signature = Signature(
            """
            Variable(initial_value=None, trainable=None, validate_shape=True, caching_device=None, name=None, \
            variable_def=None, dtype=None, import_scope=None, constraint=None, synchronization=None, \
            aggregation=None, shape=None)  A tensor whose values change: weights of a model written by hand.
            initial_value: the starting values (a tensor, a number, a list, an array).
            trainable: whether GradientTape watches it (True; float32 variables only in nn).
            name: its name ('Variable' when not given).
            dtype: its element type (inferred from the values when None).
            """, style: .python(countsSelf: false), errorName: "Variable",
            refusing: [
                "caching_device", "variable_def", "import_scope", "constraint", "synchronization", "aggregation",
                "shape",
            ])
        let constructor = PyType("Variable", base: .object, members: members, signature: signature) { a, _ in
            guard let initial = a.optional("initial_value") else {
                throw ScriptError(.valueError, "initial_value must be specified.")
            }
            var values = try TFConvert.array(initial)
            if let dtype = try TFConvert.optionalDType(a.optional("dtype")) { values = values.astype(dtype) }
            let trainable = a.optional("trainable") == nil ? true : try a.bool("trainable")
            let name = (try a.optionalString("name") ?? "Variable") + ":0"
            let storage: PyTFVariable.Storage =
                values.dtype == .float32
                ? .parameter(
                    Parameter(
                        name, shape: values.shape, value: values.elements.map { Float($0) }, trainable: trainable))
                : .other(values)
            return .object(PyTFVariable(storage, name: name, session))
        }
        constructor.moduleName = "tensorflow"
        session.resourceVariableType = PyType("ResourceVariable", base: constructor, members: members)
        session.resourceVariableType.moduleName = "tensorflow.python.ops.resource_variable_ops"
        session.kerasVariableType = PyType("Variable", base: constructor, members: members)
        session.kerasVariableType.moduleName = "keras"
        return constructor
    }
}
