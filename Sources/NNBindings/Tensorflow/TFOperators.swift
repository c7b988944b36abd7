import Foundation
import NNKeras
import NNLang
import NNTensor

/// Operators and element-wise functions on tensors with TensorFlow's type rules: no promotion (a
/// float32 tensor and an int32 one do not mix), and a value that is not a tensor (a Python number, a
/// list, a numpy array) takes the dtype of the tensor it meets when it can.
enum TFOperators {
    /// TensorFlow's name of the op, as its errors name it.
    static func name(_ op: BinaryOperator) -> String? {
        switch op {
        case .add: return "AddV2"
        case .subtract: return "Sub"
        case .multiply: return "Mul"
        case .divide: return "RealDiv"
        case .floorDivide: return "FloorDiv"
        case .modulo: return "FloorMod"
        case .power: return "Pow"
        case .matrixMultiply: return "MatMul"
        default: return nil
        }
    }

    static func comparison(_ op: CompareOperator) -> Elementwise.Operation? {
        switch op {
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        case .equal: return .equal
        case .notEqual: return .notEqual
        default: return nil
        }
    }

    /// TensorFlow's word for a dtype in its kernels' errors (`float`, `double`, `int32`).
    static func kernelName(_ t: DType) -> String {
        switch t {
        case .float32: return "float"
        case .float64: return "double"
        default: return t.rawValue
        }
    }

    /// The operands of one op as tensors of one dtype: the first tensor's, which the other values
    /// take when they can; tensors of another dtype are TensorFlow's InvalidArgumentError.
    static func tensors(_ values: [Value], _ session: KerasSession, op: String = "AddV2") throws -> [PyTFTensor] {
        let target = values.lazy.compactMap { TFConvert.existing($0)?.dtype }.first
        let tensors = try values.map { try TFConvert.tensor($0, session, preferring: target) }
        guard let first = tensors.first else { return [] }
        for (i, t) in tensors.enumerated() where t.dtype != first.dtype {
            throw TFTypes.invalidArgument(
                "cannot compute \(op) as input #\(i)(zero-based) was expected to be a \(kernelName(first.dtype)) tensor but is a \(kernelName(t.dtype)) tensor [Op:\(op)] name: "
            )
        }
        return tensors
    }

    /// `a op b` for tensors of one dtype.
    static func binary(
        _ op: BinaryOperator, _ name: String, _ t: [PyTFTensor], _ session: KerasSession
    ) throws
        -> PyTFTensor
    {
        let (a, b) = (t[0], t[1])
        if op != .matrixMultiply, Ops.broadcastShape(a.shape, b.shape) == nil {
            throw TFTypes.invalidArgument(
                "Incompatible shapes: \(Ops.bracketed(a.shape)) vs. \(Ops.bracketed(b.shape)) [Op:\(name)] name: ")
        }
        if let x = a.node, let y = b.node {
            let node: Node? = try kerasCall {
                switch op {
                case .add: return try Ops.arithmetic(.add, x, y)
                case .subtract: return try Ops.arithmetic(.subtract, x, y)
                case .multiply: return try Ops.arithmetic(.multiply, x, y)
                case .divide: return try Ops.arithmetic(.divide, x, y)
                case .power: return try Ops.power(x, y)
                case .matrixMultiply: return try Ops.matrixProduct(x, y)
                default: return nil
                }
            }
            if let node { return PyTFTensor(node, session) }
        }
        if op == .matrixMultiply {
            return PyTFTensor(try numpyCall { try LinearAlgebra.matmul(a.ndarray, b.ndarray) }, session)
        }
        guard let operation = NumpyOperators.operation(op) else {
            throw ScriptError(.typeError, "unsupported operand type(s) for tensors: \(name)")
        }
        // Integer true division gives float64, as tf.math.truediv casts int32 and int64.
        let type = operation == .divide && !a.dtype.isFloat ? DType.float64 : a.dtype
        let result = try numpyCall {
            try Elementwise.apply(operation, a.ndarray.astype(type), b.ndarray.astype(type), resultType: type)
        }
        return PyTFTensor(result, session)
    }

    static func compare(
        _ op: Elementwise.Operation, _ a: PyTFTensor, _ b: PyTFTensor, _ session: KerasSession
    ) throws
        -> PyTFTensor
    {
        PyTFTensor(try numpyCall { try Elementwise.apply(op, a.ndarray, b.ndarray) }, session)
    }

    static func negative(_ t: PyTFTensor) throws -> PyTFTensor {
        try unary(.negative, t, "Neg")
    }

    /// An element-wise function: on the graph for float32, in float64 for float64, and for integers
    /// only where the result stays an integer (negative, abs, square, sign).
    static func unary(_ f: Ops.Unary, _ t: PyTFTensor, _ op: String) throws -> PyTFTensor {
        if let node = t.node { return PyTFTensor(Ops.unary(f, node), t.session) }
        let a = t.ndarray
        let exact: Set<String> = ["Neg", "Abs", "Square", "Sign"]
        guard a.dtype == .float64 || (a.dtype.isInteger && exact.contains(op)) else {
            throw TFTypes.invalidArgument(
                "Value for attr 'T' of \(a.dtype.rawValue) is not in the list of allowed values [Op:\(op)]")
        }
        let value: (Double) -> Double
        switch f {
        case .negative: value = { -$0 }
        case .square: value = { $0 * $0 }
        case .abs: value = { Swift.abs($0) }
        case .sign: value = { $0 > 0 ? 1 : $0 < 0 ? -1 : 0 }
        default:
            // float64: the same functions in double precision.
            value = TFOperators.doubleFunction(f)
        }
        return PyTFTensor(NDArray(a.elements.map(value), shape: a.shape, dtype: a.dtype), t.session)
    }

    static func doubleFunction(_ f: Ops.Unary) -> (Double) -> Double {
        switch f {
        case .sqrt: return { $0.squareRoot() }
        case .exp: return { Foundation.exp($0) }
        case .log: return { Foundation.log($0) }
        case .sin: return { Foundation.sin($0) }
        case .cos: return { Foundation.cos($0) }
        case .reciprocal: return { 1 / $0 }
        case .floor: return { $0.rounded(.down) }
        case .round: return { $0.rounded(.toNearestOrEven) }
        case .negative: return { -$0 }
        case .square: return { $0 * $0 }
        case .abs: return { Swift.abs($0) }
        case .sign: return { $0 > 0 ? 1 : $0 < 0 ? -1 : 0 }
        }
    }
}

/// Script values as tensors: what `tf.constant` and every tensor function's arguments accept.
enum TFConvert {
    /// A value that already has a dtype of TensorFlow's: a tensor or a variable.
    static func existing(_ v: Value) -> PyTFTensor? {
        switch v {
        case .object(let t as PyTFTensor): return t
        case .object(let variable as PyTFVariable): return variable.read()
        default: return nil
        }
    }

    /// The values of `v` as TensorFlow infers them: Python floats become float32 and ints int32;
    /// numpy arrays keep their dtype.
    static func array(_ v: Value) throws -> NDArray {
        if let t = existing(v) { return t.ndarray }
        switch v {
        case .object(is PyArray), .object(is PyNumpyScalar): return try NumpyConvert.array(v)
        default:
            let a: NDArray
            do {
                a = try NumpyConvert.array(v)
            } catch let error as ScriptError where error.message?.contains("inhomogeneous shape") == true {
                throw ScriptError(.valueError, "Can't convert non-rectangular Python sequence to Tensor.")
            }
            switch a.dtype {
            case .float64: return a.astype(.float32)
            case .int64 where a.elements.allSatisfy({ abs($0) <= Double(Int32.max) }): return a.astype(.int32)
            default: return a
            }
        }
    }

    /// `v` as a tensor; a value that is not a tensor takes `preferring` when its values fit it
    /// (numbers into a float type, integers and bools into an integer type).
    static func tensor(_ v: Value, _ session: KerasSession, preferring target: DType? = nil) throws -> PyTFTensor {
        if let t = existing(v) { return t }
        let a = try array(v)
        guard let target, target != a.dtype else { return PyTFTensor(a, session) }
        let fits = target.isFloat ? a.dtype != .bool : target.isInteger && !a.dtype.isFloat
        return PyTFTensor(fits ? a.astype(target) : a, session)
    }

    /// `v` as a tensor of `dtype` (tf.constant's and tf.cast's conversion).
    static func tensor(_ v: Value, _ session: KerasSession, dtype: DType) throws -> PyTFTensor {
        if let t = existing(v), t.dtype == dtype { return t }
        if let t = existing(v), let node = t.node, dtype == .float32 { return PyTFTensor(node, session) }
        // Into float32 (tf.cast of images): straight into the graph's storage.
        if dtype == .float32 { return PyTFTensor(Node(Tensor(try array(v))), session) }
        return PyTFTensor(try array(v).astype(dtype), session)
    }

    /// A `dtype=` argument: tf.float32, numpy's types, or a name.
    static func dtype(_ v: Value) throws -> DType {
        if case .object(let d as PyTFDType) = v { return d.dtype }
        return try NumpyConvert.dtype(v)
    }

    static func optionalDType(_ v: Value?) throws -> DType? {
        guard let v, !v.isNone else { return nil }
        return try dtype(v)
    }

    /// A float32 tensor's node (differentiable); other dtypes are refused with TensorFlow's words.
    static func node(_ t: PyTFTensor, _ op: String) throws -> Node {
        guard let node = t.node else {
            throw TFTypes.invalidArgument(
                "Value for attr 'T' of \(t.dtype.rawValue) is not in the list of allowed values [Op:\(op)]")
        }
        return node
    }

    /// A float tensor's node: float64 computed in float32 (nn differentiates float32 only).
    static func floatNode(_ t: PyTFTensor, _ op: String) throws -> Node {
        if t.dtype == .float64 { return Node(Tensor(t.ndarray)) }
        return try node(t, op)
    }

    /// The result of an op computed in float32 for `like`: float64 inputs get float64 results back.
    static func result(_ node: Node, like t: PyTFTensor) -> PyTFTensor {
        t.dtype == .float64 ? PyTFTensor(node.value.array.astype(.float64), t.session) : PyTFTensor(node, t.session)
    }
}
