import BigInt
#if canImport(Glibc)
import Glibc
#endif

/// A number after bool → int → float promotion.
enum Number {
    case int(Int)
    case big(BigInt)
    case float(Double)

    init?(_ v: Value) {
        switch v {
        case .int(let i): self = .int(i)
        case .bool(let b): self = .int(b ? 1 : 0)
        case .float(let d): self = .float(d)
        case .object(let b as PyBigInt): self = .big(b.value)
        default: return nil
        }
    }

    var double: Double {
        switch self {
        case .int(let i): return Double(i)
        case .big(let b): return Double(b)
        case .float(let d): return d
        }
    }

    var big: BigInt? {
        switch self {
        case .int(let i): return BigInt(i)
        case .big(let b): return b
        case .float: return nil
        }
    }
}

/// Converts a big int to float, raising OverflowError when it does not fit.
func bigToDouble(_ b: BigInt) throws -> Double {
    let d = Double(b)
    if !d.isFinite { throw ScriptError(.overflowError, "int too large to convert to float") }
    return d
}

/// Python's operators on values.
public enum Operators {
    static func unsupported(_ op: String, _ a: Value, _ b: Value) -> ScriptError {
        ScriptError(.typeError, "unsupported operand type(s) for \(op): '\(a.typeName)' and '\(b.typeName)'")
    }

    /// `a op b` with Python's rules, including object hooks on either side.
    public static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, _ interp: Interpreter) throws -> Value {
        if case .object(let o) = a, !(o is PyBigInt), let r = try o.binary(op, b, reflected: false, interp) { return r }
        if case .object(let o) = b, !(o is PyBigInt), let r = try o.binary(op, a, reflected: true, interp) { return r }
        if let x = Number(a), let y = Number(b) {
            if case .bool(let p) = a, case .bool(let q) = b, [.bitAnd, .bitOr, .bitXor].contains(op) {
                return .bool(op == .bitAnd ? p && q : op == .bitOr ? p || q : p != q)
            }
            return try arithmetic(op, x, y, a, b)
        }
        if let f = a.flavor ?? b.flavor, let r = try f.binary(op, a, b, interp) { return r }
        switch (op, a, b) {
        case (.add, .str(let x), .str(let y)): return .string(x.value + y.value)
        case (.add, .list(let x), .list(let y)): return .list(PyList(x.items + y.items))
        case (.add, .tuple(let x), .tuple(let y)): return .tuple(PyTuple(x.items + y.items))
        case (.add, .str, _): throw ScriptError(.typeError, "can only concatenate str (not \"\(b.typeName)\") to str")
        case (.add, .list, _):
            throw ScriptError(.typeError, "can only concatenate list (not \"\(b.typeName)\") to list")
        case (.add, .tuple, _):
            throw ScriptError(.typeError, "can only concatenate tuple (not \"\(b.typeName)\") to tuple")
        case (.multiply, _, _):
            if let r = try repeatSequence(a, b) ?? repeatSequence(b, a) { return r }
        case (.modulo, .str(let format), _):
            return .string(try PercentFormat.format(format.value, b, interp))
        case (.bitOr, .dict(let x), .dict(let y)):
            let d = PyDict()
            for (k, v) in x.items { try d.set(k, v) }
            for (k, v) in y.items { try d.set(k, v) }
            return .dict(d)
        case (_, .object(let x as PySet), .object(let y as PySet))
        where [.bitOr, .bitAnd, .subtract, .bitXor].contains(op):
            return try SetMethods.combine(op, x, y)
        default: break
        }
        throw unsupported(op.rawValue, a, b)
    }

    static func repeatSequence(_ seq: Value, _ count: Value) throws -> Value? {
        let n: Int
        switch count {
        case .int(let i): n = max(i, 0)
        case .bool(let b): n = b ? 1 : 0
        case .object(let big as PyBigInt):
            if big.value <= 0 {
                n = 0
            } else {
                throw ScriptError(.overflowError, "cannot fit 'int' into an index-sized integer")
            }
        default:
            switch seq {
            case .str, .list, .tuple:
                if case .float = count {
                    throw ScriptError(.typeError, "can't multiply sequence by non-int of type 'float'")
                }
                if Number(count) == nil {
                    throw ScriptError(.typeError, "can't multiply sequence by non-int of type '\(count.typeName)'")
                }
            default: break
            }
            return nil
        }
        func checkSize(_ unit: Int) throws {
            if unit > 0 && n > (1 << 31) / unit { throw ScriptError(.memoryError, "cannot allocate that much memory") }
        }
        switch seq {
        case .str(let s):
            try checkSize(s.value.utf8.count)
            return .string(String(repeating: s.value, count: n))
        case .list(let l):
            try checkSize(l.items.count)
            return .list(PyList(Array([[Value]](repeating: l.items, count: n).joined())))
        case .tuple(let t):
            try checkSize(t.items.count)
            return .tuple(PyTuple(Array([[Value]](repeating: t.items, count: n).joined())))
        default: return nil
        }
    }

    static func arithmetic(_ op: BinaryOperator, _ x: Number, _ y: Number, _ a: Value, _ b: Value) throws -> Value {
        switch (x, y) {
        case (.int(let p), .int(let q)):
            if let r = try intArithmetic(op, p, q) { return r }
            return try bigArithmetic(op, BigInt(p), BigInt(q), a, b)
        case (.float, _), (_, .float):
            if [.leftShift, .rightShift, .bitAnd, .bitOr, .bitXor, .matrixMultiply].contains(op) {
                throw unsupported(op.rawValue, a, b)
            }
            let p = try toDouble(x), q = try toDouble(y)
            return try floatArithmetic(op, p, q)
        default:
            return try bigArithmetic(op, x.big!, y.big!, a, b)
        }
    }

    static func toDouble(_ n: Number) throws -> Double {
        if case .big(let b) = n { return try bigToDouble(b) }
        return n.double
    }

    /// Int arithmetic; nil when the result overflows 64 bits and needs a big int.
    static func intArithmetic(_ op: BinaryOperator, _ p: Int, _ q: Int) throws -> Value? {
        switch op {
        case .add:
            let (r, o) = p.addingReportingOverflow(q)
            return o ? nil : .int(r)
        case .subtract:
            let (r, o) = p.subtractingReportingOverflow(q)
            return o ? nil : .int(r)
        case .multiply:
            let (r, o) = p.multipliedReportingOverflow(by: q)
            return o ? nil : .int(r)
        case .divide:
            if q == 0 { throw ScriptError(.zeroDivisionError, "division by zero") }
            if abs(p) < 1 << 53 && abs(q) < 1 << 53 { return .float(Double(p) / Double(q)) }
            return nil
        case .floorDivide:
            if q == 0 { throw ScriptError(.zeroDivisionError, "integer division or modulo by zero") }
            if p == Int.min && q == -1 { return nil }
            let d = p / q
            return .int((p % q != 0 && (p < 0) != (q < 0)) ? d - 1 : d)
        case .modulo:
            if q == 0 { throw ScriptError(.zeroDivisionError, "integer division or modulo by zero") }
            if q == -1 { return .int(0) }
            let m = p % q
            return .int(m != 0 && (m < 0) != (q < 0) ? m + q : m)
        case .power:
            if q < 0 {
                if p == 0 { throw ScriptError(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
                return .float(pow(Double(p), Double(q)))
            }
            var result = 1, base = p, e = q
            while e > 0 {
                if e & 1 == 1 {
                    let (r, o) = result.multipliedReportingOverflow(by: base)
                    if o { return nil }
                    result = r
                }
                e >>= 1
                if e > 0 {
                    let (sq, o) = base.multipliedReportingOverflow(by: base)
                    if o { return nil }
                    base = sq
                }
            }
            return .int(result)
        case .leftShift:
            if q < 0 { throw ScriptError(.valueError, "negative shift count") }
            if q < 63 && (p == 0 || (p.magnitude.leadingZeroBitCount > q + 1)) { return .int(p << q) }
            return p == 0 ? .int(0) : nil
        case .rightShift:
            if q < 0 { throw ScriptError(.valueError, "negative shift count") }
            return .int(q >= 64 ? (p < 0 ? -1 : 0) : p >> q)
        case .bitAnd: return .int(p & q)
        case .bitOr: return .int(p | q)
        case .bitXor: return .int(p ^ q)
        case .matrixMultiply: throw ScriptError(.typeError, "unsupported operand type(s) for @: 'int' and 'int'")
        }
    }

    static func bigArithmetic(_ op: BinaryOperator, _ p: BigInt, _ q: BigInt, _ a: Value, _ b: Value) throws -> Value {
        switch op {
        case .add: return .integer(p + q)
        case .subtract: return .integer(p - q)
        case .multiply:
            if p.bitWidth + q.bitWidth > 1 << 22 { throw ScriptError(.memoryError, "integer result too large") }
            return .integer(p * q)
        case .divide:
            if q == 0 { throw ScriptError(.zeroDivisionError, "division by zero") }
            let r = Double(p) / Double(q)
            if r.isFinite && Double(p).isFinite && Double(q).isFinite { return .float(r) }
            // Scale both down so the quotient is representable.
            let shift = max(p.bitWidth, q.bitWidth) - 1000
            let quotient = Double(p >> shift) / Double(q >> shift)
            if !quotient.isFinite { throw ScriptError(.overflowError, "integer division result too large for a float") }
            return .float(quotient)
        case .floorDivide, .modulo:
            if q == 0 { throw ScriptError(.zeroDivisionError, "integer division or modulo by zero") }
            var (d, m) = p.quotientAndRemainder(dividingBy: q)
            if m != 0 && (m.signum() != q.signum()) { d -= 1; m += q }
            return .integer(op == .floorDivide ? d : m)
        case .power:
            if q < 0 { return .float(pow(try bigToDouble(p), try bigToDouble(q))) }
            if p.magnitude <= 1 {
                return .integer(p == 0 ? (q == 0 ? 1 : 0) : (p == 1 || q.isMultiple(of: 2) ? 1 : -1))
            }
            guard let e = Int(exactly: q), e.multipliedReportingOverflow(by: p.bitWidth).partialValue < 1 << 22 else {
                throw ScriptError(.memoryError, "integer result too large")
            }
            return .integer(p.power(e))
        case .leftShift:
            if q < 0 { throw ScriptError(.valueError, "negative shift count") }
            guard let s = Int(exactly: q), s < 1 << 22 else {
                throw ScriptError(.overflowError, "too many digits in integer")
            }
            return .integer(p << s)
        case .rightShift:
            if q < 0 { throw ScriptError(.valueError, "negative shift count") }
            guard let s = Int(exactly: q) else { return .int(p < 0 ? -1 : 0) }
            return .integer(p >> s)
        case .bitAnd: return .integer(p & q)
        case .bitOr: return .integer(p | q)
        case .bitXor: return .integer(p ^ q)
        case .matrixMultiply: throw unsupported("@", a, b)
        }
    }

    static func floatArithmetic(_ op: BinaryOperator, _ p: Double, _ q: Double) throws -> Value {
        switch op {
        case .add: return .float(p + q)
        case .subtract: return .float(p - q)
        case .multiply: return .float(p * q)
        case .divide:
            if q == 0 { throw ScriptError(.zeroDivisionError, "float division by zero") }
            return .float(p / q)
        case .floorDivide:
            if q == 0 { throw ScriptError(.zeroDivisionError, "float floor division by zero") }
            return .float(floatDivmod(p, q).0)
        case .modulo:
            if q == 0 { throw ScriptError(.zeroDivisionError, "float modulo") }
            return .float(floatDivmod(p, q).1)
        case .power:
            if p == 0 && q < 0 { throw ScriptError(.zeroDivisionError, "0.0 cannot be raised to a negative power") }
            if p < 0 && q != q.rounded() && q.isFinite {
                throw ScriptError(.valueError, "negative number cannot be raised to a fractional power")
            }
            let r = pow(p, q)
            if r.isInfinite && p.isFinite && q.isFinite {
                throw ScriptError(.overflowError, "(34, 'Numerical result out of range')")
            }
            return .float(r)
        default: throw ScriptError(.typeError, "unsupported operand type(s) for \(op.rawValue): 'float' and 'float'")
        }
    }

    /// Python's float divmod: the remainder takes the divisor's sign.
    static func floatDivmod(_ p: Double, _ q: Double) -> (Double, Double) {
        var m = fmod(p, q)
        var d = (p - m) / q
        if m != 0 {
            if (q < 0) != (m < 0) { m += q; d -= 1 }
        } else {
            m = copysign(0, q)
        }
        var floorD: Double
        if d != 0 {
            floorD = d.rounded(.down)
            if d - floorD > 0.5 { floorD += 1 }
        } else {
            floorD = copysign(0, p / q)
        }
        return (floorD, m)
    }

    /// Unary `-`, `+`, `~` and `not`.
    public static func unary(_ op: UnaryOperator, _ v: Value, _ interp: Interpreter) throws -> Value {
        if op == .not { return .bool(!(try interp.isTruthy(v))) }
        switch (op, v) {
        case (.negate, .int(let i)): return i == Int.min ? .integer(-BigInt(i)) : .int(-i)
        case (.negate, .bool(let b)): return .int(b ? -1 : 0)
        case (.negate, .float(let d)): return .float(-d)
        case (.plus, .int), (.plus, .float): return v
        case (.plus, .bool(let b)): return .int(b ? 1 : 0)
        case (.invert, .int(let i)): return .int(~i)
        case (.invert, .bool(let b)): return .int(~(b ? 1 : 0))
        case (_, .object(let big as PyBigInt)):
            switch op {
            case .negate: return .integer(-big.value)
            case .plus: return v
            default: return .integer(-big.value - 1)
            }
        case (_, .object(let o)):
            if let r = try o.unary(op, interp) { return r }
        default: break
        }
        throw ScriptError(.typeError, "bad operand type for unary \(op.rawValue): '\(v.typeName)'")
    }

    /// A comparison operator applied to two values.
    public static func compare(_ op: CompareOperator, _ a: Value, _ b: Value, _ interp: Interpreter) throws -> Value {
        switch op {
        case .isSame: return .bool(isSame(a, b))
        case .isNot: return .bool(!isSame(a, b))
        case .contains: return .bool(try contains(b, a, interp))
        case .notContains: return .bool(!(try contains(b, a, interp)))
        default: break
        }
        if case .object(let o) = a, !(o is PyBigInt), let r = try o.compare(op, b, interp) { return r }
        if case .object(let o) = b, !(o is PyBigInt), let r = try o.compare(op.swapped, a, interp) { return r }
        switch op {
        case .equal: return .bool(try EqualityDepth.checked { valuesEqual(a, b) })
        case .notEqual: return .bool(!(try EqualityDepth.checked { valuesEqual(a, b) }))
        default: return .bool(try order(op, a, b, interp))
        }
    }

    static func isSame(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y && abs(x) <= 256
        case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
        case (.str(let x), .str(let y)): return x === y || x.value == y.value && x.value.utf8.count <= 1
        case (.list(let x), .list(let y)): return x === y
        case (.tuple(let x), .tuple(let y)): return x === y || (x.items.isEmpty && y.items.isEmpty)
        case (.dict(let x), .dict(let y)): return x === y
        case (.object(let x), .object(let y)): return x === y
        default: return false
        }
    }

    /// `<`, `<=`, `>`, `>=` for numbers, strings and sequences.
    static func order(_ op: CompareOperator, _ a: Value, _ b: Value, _ interp: Interpreter) throws -> Bool {
        func result(_ c: Int) -> Bool {
            switch op {
            case .less: return c < 0
            case .lessEqual: return c <= 0
            case .greater: return c > 0
            default: return c >= 0
            }
        }
        if let x = Number(a), let y = Number(b) {
            switch (x, y) {
            case (.int(let p), .int(let q)): return result(p < q ? -1 : p > q ? 1 : 0)
            case (.float(let p), .float(let q)):
                if p.isNaN || q.isNaN { return false }
                return result(p < q ? -1 : p > q ? 1 : 0)
            case (.float(let p), _):
                if p.isNaN { return false }
                if p.isInfinite { return result(p < 0 ? -1 : 1) }
                let q = y.big!
                let pb = BigInt(p.rounded(.down))
                return result(pb < q ? -1 : pb > q ? 1 : (p > p.rounded(.down) ? 1 : 0))
            case (_, .float(let q)):
                if q.isNaN { return false }
                if q.isInfinite { return result(q < 0 ? 1 : -1) }
                let p = x.big!
                let qb = BigInt(q.rounded(.down))
                return result(p < qb ? -1 : p > qb ? 1 : (q > q.rounded(.down) ? -1 : 0))
            default:
                let p = x.big!, q = y.big!
                return result(p < q ? -1 : p > q ? 1 : 0)
            }
        }
        switch (a, b) {
        case (.str(let x), .str(let y)):
            return result(compareScalars(x.value, y.value))
        case (.list(let x), .list(let y)):
            return try result(compareSequences(x.items, y.items, interp))
        case (.tuple(let x), .tuple(let y)):
            return try result(compareSequences(x.items, y.items, interp))
        default:
            throw ScriptError(
                .typeError, "'\(op.rawValue)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
        }
    }

    static func compareScalars(_ x: String, _ y: String) -> Int {
        var i = x.unicodeScalars.makeIterator(), j = y.unicodeScalars.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let p?, let q?): if p != q { return p.value < q.value ? -1 : 1 }
            }
        }
    }

    static func compareSequences(_ x: [Value], _ y: [Value], _ interp: Interpreter) throws -> Int {
        if EqualityDepth.depth >= EqualityDepth.limit {
            throw ScriptError(.recursionError, "maximum recursion depth exceeded in comparison")
        }
        EqualityDepth.depth += 1
        defer { EqualityDepth.depth -= 1 }
        for (p, q) in zip(x, y) where !(try EqualityDepth.checked { valuesEqual(p, q) }) {
            return try order(.less, p, q, interp) ? -1 : 1
        }
        return x.count < y.count ? -1 : x.count > y.count ? 1 : 0
    }

    /// `item in container`.
    public static func contains(_ container: Value, _ item: Value, _ interp: Interpreter) throws -> Bool {
        switch container {
        case .str(let s):
            guard case .str(let sub) = item else {
                throw ScriptError(.typeError, "'in <string>' requires string as left operand, not \(item.typeName)")
            }
            return sub.value.isEmpty || s.value.contains(sub.value)
        case .list(let l):
            return try EqualityDepth.checked { l.items.contains { isSame($0, item) || valuesEqual($0, item) } }
        case .tuple(let t):
            return try EqualityDepth.checked { t.items.contains { isSame($0, item) || valuesEqual($0, item) } }
        case .dict(let d): return try d.get(item) != nil
        case .object(let o):
            if let r = try o.contains(item, interp) { return r }
            let it = try o.makeIterator(interp)
            while let v = try it.next() { if valuesEqual(v, item) { return true } }
            return false
        default:
            throw ScriptError(.typeError, "argument of type '\(container.typeName)' is not iterable")
        }
    }
}

extension CompareOperator {
    /// The operator with its operands exchanged (`a < b` is `b > a`).
    var swapped: CompareOperator {
        switch self {
        case .less: return .greater
        case .greater: return .less
        case .lessEqual: return .greaterEqual
        case .greaterEqual: return .lessEqual
        default: return self
        }
    }
}

/// Python's `==` for values that do not override it.
public func valuesEqual(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.none, .none): return true
    case (.int(let x), .int(let y)): return x == y
    case (.float(let x), .float(let y)): return x == y
    case (.str(let x), .str(let y)): return x === y || x.value == y.value
    case (.list(let x), .list(let y)):
        return x === y
            || x.items.count == y.items.count && EqualityDepth.nested { zip(x.items, y.items).allSatisfy(valuesEqual) }
    case (.tuple(let x), .tuple(let y)):
        return x === y
            || x.items.count == y.items.count && EqualityDepth.nested { zip(x.items, y.items).allSatisfy(valuesEqual) }
    case (.dict(let x), .dict(let y)):
        guard x.count == y.count else { return false }
        return EqualityDepth.nested {
            x.items.allSatisfy { k, v in (try? y.get(k)).flatMap { $0 }.map { valuesEqual(v, $0) } ?? false }
        }
    case (.object(let x), _) where !(x is PyBigInt): return x.isEqual(b)
    case (_, .object(let y)) where !(y is PyBigInt): return y.isEqual(a)
    default:
        guard let x = Number(a), let y = Number(b) else { return false }
        switch (x, y) {
        case (.int(let p), .int(let q)): return p == q
        case (.float(let p), .float(let q)): return p == q
        case (.float(let p), _), (_, .float(let p)):
            let other = { if case .float = x { return y } else { return x } }()
            guard p.isFinite, p == p.rounded() else { return false }
            return BigInt(p) == other.big!
        default: return x.big! == y.big!
        }
    }
}

/// How deep `valuesEqual` is inside nested containers. Past the limit it answers false and marks
/// the comparison, which `Operators.compare` turns into RecursionError, as CPython raises.
enum EqualityDepth {
    nonisolated(unsafe) static var depth = 0
    nonisolated(unsafe) static var exceeded = false
    static let limit = 10_000

    static func nested(_ body: () -> Bool) -> Bool {
        if depth >= limit { exceeded = true; return false }
        depth += 1
        defer { depth -= 1 }
        return body()
    }

    /// Runs an equality test, throwing RecursionError if it gave up.
    static func checked(_ test: () -> Bool) throws -> Bool {
        exceeded = false
        let result = test()
        if exceeded {
            exceeded = false
            throw ScriptError(.recursionError, "maximum recursion depth exceeded in comparison")
        }
        return result
    }
}

/// CPython's hash of numbers: the value modulo the Mersenne prime 2**61 - 1, so that equal ints
/// and floats hash alike (`hash(1) == hash(1.0)`), and -1 becomes -2.
enum NumericHash {
    static let modulus: UInt64 = (1 << 61) - 1

    static func of(_ n: BigInt) -> Int {
        let residue = Int(n.magnitude % BigUInt(modulus))
        return finish(n.sign == .minus ? -residue : residue)
    }

    static func of(_ d: Double) -> Int {
        if d.isNaN { return 0 }
        if d.isInfinite { return d > 0 ? 314_159 : -314_159 }
        var m = frexp(d.magnitude)
        var exponent = m.1
        var x: UInt64 = 0
        while m.0 != 0 {
            x = ((x << 28) & modulus) | x >> (61 - 28)
            m.0 *= 268_435_456.0
            exponent -= 28
            let y = UInt64(m.0)
            m.0 -= Double(y)
            x += y
            if x >= modulus { x -= modulus }
        }
        let e = exponent >= 0 ? exponent % 61 : 61 - 1 - ((-1 - exponent) % 61)
        x = ((x << UInt64(e)) & modulus) | x >> UInt64(61 - e)
        return finish(d < 0 ? -Int(x) : Int(x))
    }

    private static func finish(_ h: Int) -> Int { h == -1 ? -2 : h }
}
