import NNLang
import NNTensor

/// The language's operators on arrays and numpy scalars.
enum NumpyOperators {
    /// An operand: its array, and whether it is a Python number, whose type yields to the array's
    /// (numpy's rule: `float32_array * 2.5` stays float32).
    static func operand(_ v: Value, _ interp: Interpreter) throws -> (array: NDArray, weak: Bool)? {
        switch v {
        case .object(let a as PyArray): return (a.array, false)
        case .object(let s as PyNumpyScalar): return (NDArray(scalar: s.value, dtype: s.dtype), false)
        case .bool(let b): return (NDArray(scalar: b ? 1 : 0, dtype: .bool), true)
        case .int(let i): return (NDArray(scalar: Double(i), dtype: .int64), true)
        case .float(let d): return (NDArray(scalar: d, dtype: .float64), true)
        case .list, .tuple: return (try NumpyConvert.array(v), false)
        default: return nil
        }
    }

    /// The common type of two operands under numpy 2's rules for Python scalars.
    static func commonType(_ a: (array: NDArray, weak: Bool), _ b: (array: NDArray, weak: Bool)) -> DType {
        switch (a.weak, b.weak) {
        case (true, false): return weakPromote(strong: b.array.dtype, weak: a.array.dtype)
        case (false, true): return weakPromote(strong: a.array.dtype, weak: b.array.dtype)
        default: return DType.promote(a.array.dtype, b.array.dtype)
        }
    }

    static func weakPromote(strong: DType, weak: DType) -> DType {
        switch weak {
        case .float64, .float32: return strong.isFloat ? strong : .float64
        case .int64, .int32, .uint8: return strong == .bool ? .int64 : strong
        case .bool: return strong
        }
    }

    static func operation(_ op: BinaryOperator) -> Elementwise.Operation? {
        switch op {
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .divide: return .divide
        case .floorDivide: return .floorDivide
        case .modulo: return .modulo
        case .power: return .power
        case .bitAnd: return .and
        case .bitOr: return .or
        case .bitXor: return .xor
        case .matrixMultiply, .leftShift, .rightShift: return nil
        }
    }

    static func binary(
        _ op: BinaryOperator, _ selfValue: Value, _ other: Value, reflected: Bool,
        _ state: NumpyState, _ interp: Interpreter
    ) throws -> Value? {
        guard let mine = try operand(selfValue, interp), let theirs = try operand(other, interp) else { return nil }
        let (left, right) = reflected ? (theirs, mine) : (mine, theirs)
        if op == .matrixMultiply {
            return NumpyConvert.wrap(try numpyCall { try LinearAlgebra.matmul(left.array, right.array) }, state)
        }
        guard let operation = operation(op) else { return nil }
        let type = commonType(left, right)
        if operation == .power, !type.isFloat, right.array.elements.contains(where: { $0 < 0 }) {
            throw ScriptError(.valueError, "Integers to negative integer powers are not allowed.")
        }
        let result = try numpyCall {
            try Elementwise.apply(
                operation, left.array.astype(type), right.array.astype(type),
                resultType: Elementwise.resultType(operation, type, type))
        }
        return NumpyConvert.wrap(result, state)
    }

    static func compare(
        _ op: CompareOperator, _ selfValue: Value, _ other: Value,
        _ state: NumpyState, _ interp: Interpreter
    ) throws -> Value? {
        let operation: Elementwise.Operation
        switch op {
        case .less: operation = .less
        case .lessEqual: operation = .lessEqual
        case .greater: operation = .greater
        case .greaterEqual: operation = .greaterEqual
        case .equal: operation = .equal
        case .notEqual: operation = .notEqual
        default: return nil
        }
        guard let mine = try operand(selfValue, interp), let theirs = try operand(other, interp) else { return nil }
        return NumpyConvert.wrap(try numpyCall { try Elementwise.apply(operation, mine.array, theirs.array) }, state)
    }

    static func unary(_ op: UnaryOperator, _ a: NDArray, _ state: NumpyState) throws -> Value? {
        switch op {
        case .negate:
            if a.dtype == .bool {
                throw ScriptError(
                    .typeError,
                    "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead."
                )
            }
            return NumpyConvert.wrap(Elementwise.map(a) { -$0 }, state)
        case .plus: return NumpyConvert.wrap(a.copy(), state)
        case .invert:
            if a.dtype == .bool { return NumpyConvert.wrap(Elementwise.map(a) { $0 == 0 ? 1 : 0 }, state) }
            guard a.dtype == .int64 else {
                throw ScriptError(
                    .typeError,
                    "ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''"
                )
            }
            return NumpyConvert.wrap(Elementwise.map(a) { -$0 - 1 }, state)
        case .not: return nil
        }
    }
}
