import NNLang
import NNTensor

/// Conversions between language values and arrays, done once at the border.
enum NumpyConvert {
    /// A `dtype=` argument: `float`, `int`, `bool`, `np.float32`, `'float32'`, a dtype object.
    static func dtype(_ v: Value) throws -> DType {
        switch v {
        case .str(let s):
            switch s.value {
            case "float", "float64", "f8", "double": return .float64
            case "float32", "f4", "single": return .float32
            case "int", "int64", "i8": return .int64
            case "int32", "i4": return .int32
            case "uint8", "u1": return .uint8
            case "bool", "bool_", "?": return .bool
            default: throw ScriptError(.typeError, "data type '\(s.value)' not understood")
            }
        case .object(let t as PyType):
            switch t.name {
            case "float", "float64": return .float64
            case "float32": return .float32
            case "int", "int64": return .int64
            case "int32": return .int32
            case "uint8": return .uint8
            case "bool", "bool_": return .bool
            default: throw ScriptError(.typeError, "Cannot interpret '\(t.name)' as a data type")
            }
        case .object(let d as PyDType): return d.dtype
        default: throw ScriptError(.typeError, "Cannot interpret '\(v.typeName)' as a data type")
        }
    }

    /// The dtype numpy infers for a Python scalar.
    static func scalarType(_ v: Value) -> DType? {
        switch v {
        case .bool: return .bool
        case .int: return .int64
        case .float: return .float64
        case .object(let s as PyNumpyScalar): return s.dtype
        case .object(is PyBigInt): return .float64
        default: return nil
        }
    }

    /// `np.array(value, dtype)`: arrays, numpy scalars, numbers and nested lists or tuples.
    static func array(_ v: Value, dtype: DType? = nil) throws -> NDArray {
        if case .object(let t as ArrayConvertible) = v {
            let a = t.ndarray
            return dtype.map { a.astype($0) } ?? a
        }
        if case .object(let df as PyDataFrame) = v {
            return try PandasConvert.array(df.frame).astype(dtype ?? .float64)
        }
        if case .object(let s as PySeries) = v, s.column.type.isNumeric {
            return NDArray(
                s.column.numbers, shape: [s.column.count], dtype: dtype ?? PandasConvert.dtype(of: s.column.type)!)
        }
        if case .object(let a as PyArray) = v {
            guard let dtype, dtype != a.array.dtype else { return a.array.copy() }
            return a.array.astype(dtype)
        }
        var shape: [Int] = []
        var values: [Double] = []
        var inferred: DType = .bool
        var sawAny = false
        func visit(_ item: Value, depth: Int) throws {
            if let items = sequence(item) {
                if depth == shape.count {
                    shape.append(items.count)
                } else if depth > shape.count || shape[depth] != items.count {
                    throw inhomogeneous(Array(shape.prefix(depth)))
                }
                for x in items { try visit(x, depth: depth + 1) }
                return
            }
            if let inner = nested(item) {
                if depth + inner.ndim > shape.count && depth == shape.count {
                    shape += inner.shape
                } else if Array(shape.dropFirst(depth)) != inner.shape {
                    throw inhomogeneous(Array(shape.prefix(depth)))
                }
                values += inner.elements
                inferred = sawAny ? DType.promote(inferred, inner.dtype) : inner.dtype
                sawAny = true
                return
            }
            guard depth == shape.count else { throw inhomogeneous(Array(shape.prefix(depth))) }
            guard let t = scalarType(item) else {
                throw ScriptError(.typeError, "nn's arrays hold numbers and bools, not '\(item.typeName)'")
            }
            values.append(try Conversions.double(item))
            inferred = sawAny ? DType.promote(inferred, t) : t
            sawAny = true
        }
        try visit(v, depth: 0)
        if !sawAny { inferred = .float64 }
        guard values.count == shape.reduce(1, *) else { throw inhomogeneous(shape) }
        return NDArray(values, shape: shape, dtype: dtype ?? inferred)
    }

    /// An array inside a list given to `np.array` (an array, a tensor).
    static func nested(_ v: Value) -> NDArray? {
        switch v {
        case .object(let a as PyArray): return a.array
        case .object(let t as ArrayConvertible): return t.ndarray
        default: return nil
        }
    }

    static func sequence(_ v: Value) -> [Value]? {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t.items
        default: return nil
        }
    }

    static func inhomogeneous(_ detected: [Int]) -> ScriptError {
        ScriptError(
            .valueError,
            "setting an array element with a sequence. The requested array has an inhomogeneous shape after \(detected.count) dimensions. The detected shape was \(NDArray.describe(detected)) + inhomogeneous part."
        )
    }

    /// A shape argument: an int or a tuple/list of ints; `reshape` allows one -1.
    static func shape(_ v: Value, allowUnknown: Bool = false) throws -> [Int] {
        let dims = try sequence(v).map { try $0.map { try Conversions.int($0) } } ?? [try Conversions.int(v)]
        return try checked(dims, allowUnknown: allowUnknown)
    }

    /// The largest number of elements nn allocates for one array (16 GiB of doubles).
    static let maxElements = 1 << 31

    /// Dimensions that are non-negative and whose product fits in memory.
    static func checked(_ dims: [Int], allowUnknown: Bool = false) throws -> [Int] {
        var count = 1
        for d in dims {
            if d == -1 && allowUnknown { continue }
            guard d >= 0 else {
                throw ScriptError(
                    .valueError,
                    allowUnknown ? "can only specify one unknown dimension" : "negative dimensions are not allowed")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow, product <= maxElements else {
                throw ScriptError(.memoryError, "Unable to allocate an array with shape \(NDArray.describe(dims))")
            }
            count = product
        }
        return dims
    }

    /// An array as the language sees it: a 0-d result becomes a numpy scalar.
    static func wrap(_ a: NDArray, _ state: NumpyState) -> Value {
        a.ndim == 0 ? .object(PyNumpyScalar(a.scalarValue, a.dtype, state)) : .object(PyArray(a, state))
    }

    /// Nested Python lists of Python numbers (`tolist()`).
    static func toList(_ a: NDArray) -> Value {
        func item(_ x: Double) -> Value {
            switch a.dtype {
            case .float64, .float32: return .float(x)
            case .int64, .int32, .uint8: return .int(Int(x))
            case .bool: return .bool(x != 0)
            }
        }
        if a.ndim == 0 { return item(a.scalarValue) }
        let values = a.elements
        func build(_ axis: Int, _ start: Int, _ step: Int) -> Value {
            if axis == a.ndim - 1 { return .list(PyList((0..<a.shape[axis]).map { item(values[start + $0]) })) }
            let inner = step / max(a.shape[axis], 1)
            return .list(PyList((0..<a.shape[axis]).map { build(axis + 1, start + $0 * inner, inner) }))
        }
        return build(0, 0, a.size)
    }
}

/// An object numpy reads as an array (TensorFlow's tensors and variables: `np.array(t)`,
/// `np.mean(t)`). numpy's operators leave it the other operand, so `array + tensor` is a tensor,
/// as numpy defers to TensorFlow's tensors.
protocol ArrayConvertible: AnyObject {
    var ndarray: NDArray { get }
}
