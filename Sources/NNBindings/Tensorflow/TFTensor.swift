import NNKeras
import NNLang
import NNTensor

/// TensorFlow's eager tensor: float32 values as a node of the training runtime's graph, so that a
/// GradientTape differentiates what scripts compute with them; the other dtypes (int32, int64,
/// float64, bool, uint8) as numpy arrays, outside differentiation.
final class PyTFTensor: PyObject, ArrayConvertible {
    enum Storage {
        case float(Node)
        case other(NDArray)
    }
    private(set) var storage: Storage
    let session: KerasSession

    /// A float32 result: kept in the graph while a tape records, a constant otherwise.
    init(_ node: Node, _ session: KerasSession) {
        storage = .float(session.isRecording || !node.needsGradient ? node : Node(node.value))
        self.session = session
    }

    /// Values of any dtype (float32 arrays become constants of the graph).
    init(_ array: NDArray, _ session: KerasSession) {
        storage = array.dtype == .float32 ? .float(Node(Tensor(array))) : .other(array)
        self.session = session
    }

    var node: Node? {
        if case .float(let n) = storage { return n }
        return nil
    }

    var dtype: DType {
        switch storage {
        case .float: return .float32
        case .other(let a): return a.dtype
        }
    }

    var shape: [Int] {
        switch storage {
        case .float(let n): return n.shape
        case .other(let a): return a.shape
        }
    }

    var ndarray: NDArray {
        switch storage {
        case .float(let n): return n.value.array
        case .other(let a): return a
        }
    }

    /// `tape.watch(t)`: from now on the tensor is a source the tape differentiates with respect to
    /// (a leaf of the graph that collects its gradient, as a weight does).
    func watch() {
        guard case .float(let n) = storage, n.parameter == nil else { return }
        storage = .float(Node(Parameter("watched", shape: n.shape, value: n.value.data)))
    }

    override var type: PyType { TFTypes.eagerTensor }

    override func str(_ interp: Interpreter) throws -> String {
        let body = session.numpy.formatter.str(ndarray)
        return
            "tf.Tensor(\(body.contains("\n") ? "\n" : "")\(body), shape=\(describeShape(shape)), dtype=\(dtype.rawValue))"
    }

    override func repr(_ interp: Interpreter) throws -> String {
        "<tf.Tensor: shape=\(describeShape(shape)), dtype=\(dtype.rawValue), numpy=\(try TFTypes.numpyText(ndarray, session, interp))>"
    }

    override func length(_ interp: Interpreter) throws -> Int {
        guard let first = shape.first else {
            throw ScriptError(.typeError, "len is not well defined for a rank-0 tensor")
        }
        return first
    }

    override func makeIterator(_ interp: Interpreter) throws -> PyIterator {
        guard let first = shape.first else { throw ScriptError(.typeError, "Cannot iterate over a scalar tensor.") }
        return SequenceIterator(try (0..<first).map { try getItem(.int($0), interp) })
    }

    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        if case .object(let t as PyTFTensor) = key {
            return try getItem(NumpyConvert.wrap(t.ndarray, session.numpy), interp)
        }
        switch storage {
        case .float(let n):
            let positions = NDArray((0..<n.value.count).map(Double.init), shape: n.shape, dtype: .int64)
            let (offsets, shape) = try numpyCall { try NumpyIndexing.offsets(positions, key) }
            return .object(PyTFTensor(Ops.gather(n, offsets: offsets, shape: shape), session))
        case .other(let a):
            let (offsets, shape) = try numpyCall { try NumpyIndexing.offsets(a, key) }
            return .object(
                PyTFTensor(NDArray(offsets.map { a.buffer.data[$0] }, shape: shape, dtype: a.dtype), session))
        }
    }

    override func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    {
        guard let name = TFOperators.name(op) else { return nil }
        let operands = reflected ? [other, .object(self)] : [.object(self), other]
        return .object(try TFOperators.binary(op, name, try TFOperators.tensors(operands, session), session))
    }

    override func compare(_ op: CompareOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard other.isNone == false, let operation = TFOperators.comparison(op) else { return nil }
        let operands = try TFOperators.tensors([.object(self), other], session)
        return .object(try TFOperators.compare(operation, operands[0], operands[1], session))
    }

    override func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        switch op {
        case .negate: return .object(try TFOperators.negative(self))
        case .plus: return .object(self)
        default: return nil
        }
    }

    override var asNumber: Value? {
        let a = ndarray
        guard a.size == 1 else { return nil }
        let x = a.elements[0]
        switch dtype {
        case .float32, .float64: return .float(x)
        case .bool: return .bool(x != 0)
        default: return .int(Int(x))
        }
    }

    override func isTruthy(_ interp: Interpreter) throws -> Bool {
        let a = ndarray
        guard a.size == 1 else {
            throw ScriptError(
                .valueError,
                "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
        }
        return a.elements[0] != 0
    }

    override var isHashable: Bool { true }
}

/// The types of TensorFlow's values and how they print.
enum TFTypes {
    static let tensor: PyType = {
        let t = PyType("Tensor", base: .object, members: tensorMembers)
        t.moduleName = "tensorflow.python.framework.tensor"
        return t
    }()
    static let eagerTensor: PyType = {
        let t = PyType("EagerTensor", base: tensor, members: tensorMembers)
        t.moduleName = "tensorflow.python.framework.ops"
        return t
    }()

    /// `tf.errors.InvalidArgumentError`, which TensorFlow's ops raise for bad shapes and dtypes.
    static let invalidArgumentError: PyType = {
        let t = PyType("InvalidArgumentError", base: ExceptionType.exception.pyType)
        t.moduleName = "tensorflow.python.framework.errors_impl"
        return t
    }()

    static func invalidArgument(_ message: String) -> ScriptError {
        ScriptError(PyException(invalidArgumentError, [.string(message)]))
    }

    /// `numpy=` in a repr: the numpy array's repr after a line break when it spans lines; a 0-d
    /// tensor's Python value.
    static func numpyText(_ a: NDArray, _ session: KerasSession, _ interp: Interpreter) throws -> String {
        if a.ndim == 0 { return try interp.repr(NumpyConvert.toList(a)) }
        let text = session.numpy.formatter.repr(a)
        return (text.contains("\n") ? "\n" : "") + text
    }

    static func tensor(_ v: Value) throws -> PyTFTensor {
        guard case .object(let t as PyTFTensor) = v else { throw ScriptError(.typeError, "expected a tf.Tensor") }
        return t
    }

    /// What tensors and variables share: their values, shape and dtype.
    static func arrayMembers(_ m: inout Members, _ array: @escaping (Value) throws -> (NDArray, KerasSession)) {
        m.method("numpy()  The values as a numpy array (a numpy scalar for a 0-d tensor).") { v, _, _ in
            let (a, session) = try array(v)
            return NumpyConvert.wrap(a.copy(), session.numpy)
        }
        m.property("shape", "The tensor's shape (a TensorShape).") { v, _ in
            .object(PyTensorShape(try array(v).0.shape))
        }
        m.property("dtype", "The element type (tf.float32 …).") { v, _ in .object(PyTFDType(try array(v).0.dtype)) }
        m.property("ndim", "The number of axes.") { v, _ in .int(try array(v).0.ndim) }
        m.method("get_shape()  The tensor's shape (a TensorShape).") { v, _, _ in
            .object(PyTensorShape(try array(v).0.shape))
        }
        m.method("__array__(dtype=None, copy=None)  The values as a numpy array.") { v, a, _ in
            let (values, session) = try array(v)
            let dtype = try TFConvert.optionalDType(a.optional("dtype"))
            return .object(PyArray(dtype.map { values.astype($0) } ?? values.copy(), session.numpy))
        }
    }

    static let tensorMembers: [String: Member] = {
        var m = Members("Tensor", style: .python(countsSelf: true))
        arrayMembers(&m) { v in
            let t = try tensor(v)
            return (t.ndarray, t.session)
        }
        return m.table
    }()
}

/// `tf.float32`: prints as `<dtype: 'float32'>`, equal to the same dtype, its name and numpy's type.
final class PyTFDType: PyObject {
    let dtype: DType
    init(_ dtype: DType) { self.dtype = dtype }
    override var type: PyType { PyTFDType.pyType }
    override func str(_ interp: Interpreter) throws -> String { "<dtype: '\(dtype)'>" }
    override func repr(_ interp: Interpreter) throws -> String { "tf.\(dtype.rawValue)" }
    override func hashValue(into hasher: inout Hasher) { hasher.combine(dtype.rawValue) }
    override func isEqual(_ other: Value) -> Bool {
        if case .object(let d as PyTFDType) = other { return d.dtype == dtype }
        return (try? NumpyConvert.dtype(other)) == dtype
    }

    static let pyType: PyType = {
        var m = Members("DType")
        func of(_ v: Value) -> DType {
            guard case .object(let d as PyTFDType) = v else { return .float32 }
            return d.dtype
        }
        m.property("name", "The type's name ('float32').") { v, _ in .string(of(v).rawValue) }
        m.property("is_floating", "Whether it is a floating-point type.") { v, _ in .bool(of(v).isFloat) }
        m.property("is_integer", "Whether it is an integer type.") { v, _ in .bool(of(v).isInteger) }
        m.property("is_bool", "Whether it is bool.") { v, _ in .bool(of(v) == .bool) }
        m.property("as_numpy_dtype", "numpy's type of the same name.") { v, _ in .object(PyDType(of(v))) }
        let t = PyType("DType", base: .object, members: m.table)
        t.moduleName = "tensorflow"
        return t
    }()
}

/// `tensor.shape`: prints as `(2, 3)`, repr `TensorShape([2, 3])`; indexes, iterates and compares as a tuple.
final class PyTensorShape: PyObject {
    /// The dimensions; nil where unknown (a dataset's batch axis).
    let dims: [Int?]
    init(_ dims: [Int?]) { self.dims = dims }
    override var type: PyType { PyTensorShape.pyType }
    override func str(_ interp: Interpreter) throws -> String { describeShape(dims) }
    override func repr(_ interp: Interpreter) throws -> String {
        "TensorShape([\(dims.map { $0.map(String.init) ?? "None" }.joined(separator: ", "))])"
    }
    var items: [Value] { dims.map { $0.map(Value.int) ?? .none } }
    var tuple: Value { .tuple(PyTuple(items)) }
    override func length(_ interp: Interpreter) throws -> Int { dims.count }
    override func makeIterator(_ interp: Interpreter) throws -> PyIterator { SequenceIterator(items) }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        let item = try interp.getItem(tuple, key)
        if case .tuple(let t) = item { return .object(PyTensorShape(t.items.map { try? Conversions.int($0) })) }
        return item
    }
    override func contains(_ item: Value, _ interp: Interpreter) throws -> Bool? {
        guard let n = try? Conversions.int(item) else { return item.isNone && dims.contains(nil) }
        return dims.contains(n)
    }
    override func hashValue(into hasher: inout Hasher) { hasher.combine(dims) }
    override func isEqual(_ other: Value) -> Bool {
        switch other {
        case .object(let s as PyTensorShape): return s.dims == dims
        case .tuple(let t): return t.items.map { try? Conversions.int($0) } == dims
        case .list(let l): return l.items.map { try? Conversions.int($0) } == dims
        default: return false
        }
    }

    static let pyType: PyType = {
        var m = Members("TensorShape")
        func shape(_ v: Value) throws -> PyTensorShape { try v.receiver(PyTensorShape.self, "TensorShape") }
        m.method("as_list()  The dimensions as a list (None where unknown).") { v, _, _ in
            .list(PyList(try shape(v).items))
        }
        m.property("rank", "The number of axes.") { v, _ in .int(try shape(v).dims.count) }
        m.method("num_elements()  The number of elements a tensor of this shape has (None when unknown).") { v, _, _ in
            let dims = try shape(v).dims
            return dims.contains(nil) ? .none : .int(dims.reduce(1) { $0 * $1! })
        }
        let t = PyType("TensorShape", base: .object, members: m.table)
        t.moduleName = "tensorflow"
        return t
    }()
}
