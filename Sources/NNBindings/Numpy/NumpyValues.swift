import BigInt
import NNLang
import NNTensor

/// State shared by one interpreter's numpy objects: the print options and the random generator.
final class NumpyState {
    var printOptions = PrintOptions()
    var random = NumpyRandom(seed: 5489)
    var formatter: ArrayFormatter { ArrayFormatter(options: printOptions) }
    let arrayType: PyType
    var scalarTypes: [DType: PyType] = [:]

    init() {
        arrayType = PyType("ndarray", base: .object, members: NumpyMethods.arrayMembers)
        arrayType.moduleName = "numpy"
    }
}

/// A numpy array as the language sees it.
final class PyArray: PyObject {
    let array: NDArray
    let state: NumpyState

    init(_ array: NDArray, _ state: NumpyState) {
        self.array = array
        self.state = state
    }

    override var type: PyType { state.arrayType }
    override func repr(_ interp: Interpreter) throws -> String { state.formatter.repr(array) }
    override func str(_ interp: Interpreter) throws -> String { state.formatter.str(array) }

    override func length(_ interp: Interpreter) throws -> Int {
        guard let first = array.shape.first else { throw ScriptError(.typeError, "len() of unsized object") }
        return first
    }

    override func makeIterator(_ interp: Interpreter) throws -> PyIterator {
        guard array.ndim > 0 else { throw ScriptError(.typeError, "iteration over a 0-d array") }
        return SequenceIterator(try (0..<array.shape[0]).map { try NumpyIndexing.get(self, .int($0)) })
    }

    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value { try NumpyIndexing.get(self, key) }

    override func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        try NumpyIndexing.set(self, key, value, interp)
    }

    override func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    {
        try NumpyOperators.binary(op, .object(self), other, reflected: reflected, state, interp)
    }

    override func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        try NumpyOperators.unary(op, array, state)
    }

    override func absolute(_ interp: Interpreter) throws -> Value? {
        NumpyConvert.wrap(Elementwise.map(array) { Swift.abs($0) }, state)
    }

    override func compare(_ op: CompareOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        try NumpyOperators.compare(op, .object(self), other, state, interp)
    }

    override func isTruthy(_ interp: Interpreter) throws -> Bool {
        guard array.size == 1 else {
            throw ScriptError(
                .valueError,
                "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
        }
        return array.scalarValue != 0
    }

    override var isHashable: Bool { false }
}

/// A numpy scalar (`np.float64(5.0)`, `np.int64(3)`, `np.float32(0.1)`): what indexing one element
/// and reducing a whole array give.
final class PyNumpyScalar: PyObject {
    let value: Double
    let dtype: DType
    let state: NumpyState

    init(_ value: Double, _ dtype: DType, _ state: NumpyState) {
        self.value = dtype.store(value)
        self.dtype = dtype
        self.state = state
    }

    override var type: PyType { state.scalarTypes[dtype] ?? .object }
    override func repr(_ interp: Interpreter) throws -> String { state.formatter.scalarRepr(value, dtype) }
    override func str(_ interp: Interpreter) throws -> String { state.formatter.scalarString(value, dtype) }

    override var asNumber: Value? {
        switch dtype {
        case .float64, .float32: return .float(value)
        case .int64, .int32, .uint8: return .int(Int(value))
        case .bool: return .bool(value != 0)
        }
    }

    override func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    {
        try NumpyOperators.binary(op, .object(self), other, reflected: reflected, state, interp)
    }

    override func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        try NumpyOperators.unary(op, NDArray(scalar: value, dtype: dtype), state)
    }

    override func absolute(_ interp: Interpreter) throws -> Value? {
        .object(PyNumpyScalar(Swift.abs(value), dtype, state))
    }

    /// As numpy's scalars: `round(x)` is a Python int, `round(x, n)` a scalar of the same type.
    override func rounded(_ digits: Value, _ interp: Interpreter) throws -> Value? {
        guard !digits.isNone else {
            guard value.isFinite else {
                throw ScriptError(
                    value.isNaN ? .valueError : .overflowError,
                    value.isNaN ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer")
            }
            return .integer(BigInt(value.rounded(.toNearestOrEven)))
        }
        let rounded = Elementwise.round(NDArray(scalar: value, dtype: dtype), decimals: try Conversions.int(digits))
        return NumpyConvert.wrap(rounded, state)
    }

    override func compare(_ op: CompareOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        try NumpyOperators.compare(op, .object(self), other, state, interp)
    }

    override func isTruthy(_ interp: Interpreter) throws -> Bool { value != 0 }
    override func hashValue(into hasher: inout Hasher) { hasher.combine(value) }
    override func isEqual(_ other: Value) -> Bool {
        if let n = try? Conversions.double(other) { return n == value }
        return false
    }
}

/// `a.dtype`: prints as `float64`, repr `dtype('float64')`, equal to the type objects and names.
final class PyDType: PyObject {
    let dtype: DType
    init(_ dtype: DType) { self.dtype = dtype }
    override var type: PyType { PyDType.pyType }
    static let pyType: PyType = {
        var m = Members("dtype")
        m.property("name", "The type's name ('float64').") { v, _ in
            guard case .object(let d as PyDType) = v else { return .none }
            return .string(d.dtype.rawValue)
        }
        let t = PyType("dtype", base: .object, members: m.table)
        t.moduleName = "numpy"
        return t
    }()
    override func repr(_ interp: Interpreter) throws -> String { "dtype('\(dtype.rawValue)')" }
    override func str(_ interp: Interpreter) throws -> String { dtype.rawValue }
    override func isEqual(_ other: Value) -> Bool {
        (try? NumpyConvert.dtype(other)) == dtype
    }
    override func hashValue(into hasher: inout Hasher) { hasher.combine(dtype.rawValue) }
}

/// numpy's AxisError, a ValueError that tracebacks name by its module.
let axisError: PyType = {
    let t = PyType("AxisError", base: ExceptionType.valueError.pyType, exceptionKind: .valueError)
    t.moduleName = "numpy.exceptions"
    return t
}()

/// Runs array-runtime code, turning its errors into Python exceptions.
func numpyCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as ArrayError {
        switch e.kind {
        case .value: throw ScriptError(.valueError, e.message)
        case .index: throw ScriptError(.indexError, e.message)
        case .type: throw ScriptError(.typeError, e.message)
        case .axis: throw ScriptError(PyException(axisError, [.string(e.message)]))
        case .interrupted:
            Interpreter.interruptRequested = false
            throw ScriptError(PyException(ExceptionType.keyboardInterrupt.pyType, []))
        }
    }
}
