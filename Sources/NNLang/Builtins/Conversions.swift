import BigInt
import NNFloatText

/// Conversions between values and Swift types, with Python's error messages.
public enum Conversions {
    /// An int argument (bools count as ints).
    public static func int(_ v: Value, _ what: String = "") throws -> Int {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .object(let b as PyBigInt):
            guard let i = Int(exactly: b.value) else {
                throw ScriptError(.overflowError, "Python int too large to convert to C ssize_t")
            }
            return i
        case .object(let o):
            if let n = o.asNumber, case .int(let i) = n { return i }
            throw ScriptError(.typeError, "'\(v.typeName)' object cannot be interpreted as an integer")
        default: throw ScriptError(.typeError, "'\(v.typeName)' object cannot be interpreted as an integer")
        }
    }

    /// A float argument (ints and bools convert).
    public static func double(_ v: Value, _ function: String = "") throws -> Double {
        switch v {
        case .float(let d): return d
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .object(let b as PyBigInt): return try bigToDouble(b.value)
        case .object(let o) where o.asNumber != nil: return try double(o.asNumber!, function)
        default:
            throw ScriptError(
                .typeError,
                function.isEmpty
                    ? "must be real number, not \(v.typeName)"
                    : "\(function)() argument must be a real number, not '\(v.typeName)'")
        }
    }

    /// A str argument.
    public static func string(_ v: Value, _ message: @autoclosure () -> String) throws -> String {
        guard case .str(let s) = v else { throw ScriptError(.typeError, message()) }
        return s.value
    }

    /// A file-system path: a str, or an os.PathLike object (pathlib's Path).
    public static func path(_ v: Value) throws -> String {
        if case .str(let s) = v { return s.value }
        if case .object(let o) = v, let p = o.fileSystemPath { return p }
        throw ScriptError(.typeError, "expected str, bytes or os.PathLike object, not \(v.typeName)")
    }

    /// `int(x)` and `int(s, base)`.
    static func toInt(_ x: Value, base: Value?, _ interp: Interpreter) throws -> Value {
        if let base {
            guard case .str(let s) = x else {
                throw ScriptError(.typeError, "int() can't convert non-string with explicit base")
            }
            return try parseInt(s.value, base: try int(base))
        }
        switch x {
        case .int, .object(is PyBigInt): return x
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d):
            if d.isNaN { throw ScriptError(.valueError, "cannot convert float NaN to integer") }
            if d.isInfinite { throw ScriptError(.overflowError, "cannot convert float infinity to integer") }
            return .integer(BigInt(d.rounded(.towardZero)))
        case .str(let s): return try parseInt(s.value, base: 10)
        case .object(let o):
            if let n = o.asNumber { return try toInt(n, base: nil, interp) }
            if let m = o.type.lookupMethod("__int__") { return try m(x, Arguments(), interp) }
            throw ScriptError(
                .typeError, "int() argument must be a string, a bytes-like object or a real number, not '\(x.typeName)'"
            )
        default:
            throw ScriptError(
                .typeError, "int() argument must be a string, a bytes-like object or a real number, not '\(x.typeName)'"
            )
        }
    }

    static func parseInt(_ text: String, base: Int) throws -> Value {
        let invalid = ScriptError(.valueError, "invalid literal for int() with base \(base): \(StringRepr.quote(text))")
        guard base == 0 || (2...36).contains(base) else {
            throw ScriptError(.valueError, "int() base must be >= 2 and <= 36, or 0")
        }
        var s = Substring(text.trimmingSpaces())
        var negative = false
        if let c = s.first, c == "+" || c == "-" { negative = c == "-"; s = s.dropFirst() }
        var radix = base
        let lower = s.lowercased()
        for (prefix, r) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) && (base == r || base == 0)
        {
            radix = r
            s = s.dropFirst(2)
            if s.first == "_" { s = s.dropFirst() }
        }
        if radix == 0 { radix = 10 }
        guard !s.isEmpty, s.first != "_", s.last != "_", !s.contains("__") else { throw invalid }
        let digits = s.filter { $0 != "_" }
        guard digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) else { throw invalid }
        let limit = PyBigInt.maxStringDigits
        if limit > 0 && digits.count > limit && radix & (radix - 1) != 0 {
            throw ScriptError(
                .valueError,
                "Exceeds the limit (\(limit) digits) for integer string conversion: value has \(digits.count) digits; use sys.set_int_max_str_digits() to increase the limit"
            )
        }
        guard let value = digitsValue(digits, radix: radix) else { throw invalid }
        return .integer(negative ? -value : value)
    }

    /// The value of ASCII digits in a radix from 2 to 36, a machine word's worth at a time (BigInt's
    /// own parser stops at radix 35).
    static func digitsValue(_ digits: String, radix: Int) -> BigInt? {
        let chars = Array(digits)
        var value = BigInt(0)
        var start = 0
        while start < chars.count {
            let end = min(start + 12, chars.count)
            guard let chunk = Int(String(chars[start..<end]), radix: radix) else { return nil }
            value = value * BigInt(radix).power(end - start) + BigInt(chunk)
            start = end
        }
        return value
    }

    /// `float(x)`.
    static func toFloat(_ x: Value, _ interp: Interpreter) throws -> Value {
        switch x {
        case .float: return x
        case .str(let s):
            guard let d = parseFloat(s.value) else {
                throw ScriptError(.valueError, "could not convert string to float: \(StringRepr.quote(s.value))")
            }
            return .float(d)
        case .object(let o) where !(o is PyBigInt):
            if let n = o.asNumber { return .float(try double(n)) }
            if let m = o.type.lookupMethod("__float__") { return try m(x, Arguments(), interp) }
            throw ScriptError(.typeError, "float() argument must be a string or a real number, not '\(x.typeName)'")
        default:
            guard Number(x) != nil else {
                throw ScriptError(.typeError, "float() argument must be a string or a real number, not '\(x.typeName)'")
            }
            return .float(try double(x))
        }
    }

    /// Python's float syntax: decimal literals with underscores between digits, inf, nan.
    public static func parseFloat(_ text: String) -> Double? {
        let s = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        var body = Substring(s)
        var sign = 1.0
        if let c = body.first, c == "+" || c == "-" { sign = c == "-" ? -1 : 1; body = body.dropFirst() }
        if body == "inf" || body == "infinity" { return sign * .infinity }
        if body == "nan" { return .nan }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && ($0.isNumber || "._e+-".contains($0)) }) else {
            return nil
        }
        if body.contains("_") {
            let chars = Array(body)
            for (i, c) in chars.enumerated() where c == "_" {
                guard i > 0, i < chars.count - 1, chars[i - 1].isNumber, chars[i + 1].isNumber else { return nil }
            }
        }
        guard let d = Double(String(body.filter { $0 != "_" })) else { return nil }
        return sign * d
    }

    /// `range(stop)`, `range(start, stop)`, `range(start, stop, step)`.
    static func makeRange(_ arguments: [Value]) throws -> Value {
        let values = try arguments.map { try int($0) }
        switch values.count {
        case 1: return .object(PyRange(0, values[0], 1))
        case 2: return .object(PyRange(values[0], values[1], 1))
        default:
            if values[2] == 0 { throw ScriptError(.valueError, "range() arg 3 must not be zero") }
            return .object(PyRange(values[0], values[1], values[2]))
        }
    }
}

extension String {
    func trimmingCharacters(in set: CharacterSetKind) -> String {
        let isSpace: (Character) -> Bool =
            set == .whitespaces ? { $0 == " " || $0 == "\t" || $0.isWhitespace } : { $0.isWhitespace }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}

/// The whitespace sets that trimming understands.
enum CharacterSetKind { case whitespaces, whitespacesAndNewlines }
