import NNFloatText
import NNLang

/// Python values as JSON text, as CPython's `json.dumps` writes them.
struct JsonEncoder {
    let interp: Interpreter
    let skipKeys: Bool, ensureASCII: Bool, checkCircular: Bool, allowNaN: Bool, sortKeys: Bool
    let indent: String?
    let itemSeparator: String, keySeparator: String
    let fallback: Value
    private var inProgress = Set<ObjectIdentifier>()
    private var depth = 0

    init(_ a: Bound, _ interp: Interpreter) throws {
        self.interp = interp
        skipKeys = try a.bool("skipkeys")
        ensureASCII = try a.bool("ensure_ascii")
        checkCircular = try a.bool("check_circular")
        allowNaN = try a.bool("allow_nan")
        sortKeys = try a.bool("sort_keys")
        switch a["indent"] {
        case .none: indent = nil
        case .str(let s): indent = s.value
        default: indent = String(repeating: " ", count: max(0, try a.int("indent")))
        }
        if let separators = a.optional("separators") {
            let parts = try interp.collect(separators)
            guard parts.count == 2 else {
                throw ScriptError(.valueError, "too many values to unpack (expected 2)")
            }
            itemSeparator = try interp.str(parts[0])
            keySeparator = try interp.str(parts[1])
        } else {
            (itemSeparator, keySeparator) = (indent == nil ? ", " : ",", ": ")
        }
        fallback = a["default"]
    }

    mutating func encode(_ v: Value) throws -> String {
        var out = ""
        try write(v, into: &out)
        return out
    }

    private mutating func write(_ v: Value, into out: inout String) throws {
        switch v {
        case .none: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .object(let big as PyBigInt): out += try interp.repr(.object(big))
        case .float(let d): out += try float(d)
        case .object(let s as PyNumpyScalar) where s.dtype == .float64:
            // numpy's float64 derives from Python's float; its other scalar types do not.
            out += try float(s.value)
        case .str(let s): out += JsonEncoder.quote(s.value, ascii: ensureASCII)
        case .list(let l): try writeArray(l.items, id: ObjectIdentifier(l), into: &out)
        case .tuple(let t): try writeArray(t.items, id: ObjectIdentifier(t), into: &out)
        case .dict(let d): try writeObject(d, into: &out)
        default:
            guard !fallback.isNone else {
                throw ScriptError(.typeError, "Object of type \(v.typeName) is not JSON serializable")
            }
            let id = v.objectIdentity
            try enter(id)
            try write(try interp.call(fallback, v), into: &out)
            leave(id)
        }
    }

    private func float(_ d: Double) throws -> String {
        if d.isFinite { return FloatFormat.repr(d) }
        guard allowNaN else {
            throw ScriptError(.valueError, "Out of range float values are not JSON compliant")
        }
        return d.isNaN ? "NaN" : d > 0 ? "Infinity" : "-Infinity"
    }

    private mutating func enter(_ id: ObjectIdentifier?) throws {
        depth += 1
        if depth > interp.recursionLimit {
            throw ScriptError(.recursionError, "maximum recursion depth exceeded while encoding a JSON object")
        }
        guard checkCircular, let id else { return }
        guard inProgress.insert(id).inserted else { throw ScriptError(.valueError, "Circular reference detected") }
    }

    private mutating func leave(_ id: ObjectIdentifier?) {
        depth -= 1
        if let id { inProgress.remove(id) }
    }

    /// The newline and indentation before an item at the current depth (nil: all on one line).
    private func lineBreak(_ level: Int) -> String {
        indent.map { "\n" + String(repeating: $0, count: level) } ?? ""
    }

    private mutating func writeArray(_ items: [Value], id: ObjectIdentifier, into out: inout String) throws {
        if items.isEmpty { return out += "[]" }
        try enter(id)
        out += "["
        for (i, item) in items.enumerated() {
            out += i == 0 ? lineBreak(depth) : itemSeparator + lineBreak(depth)
            try write(item, into: &out)
        }
        out += lineBreak(depth - 1) + "]"
        leave(id)
    }

    private mutating func writeObject(_ d: PyDict, into out: inout String) throws {
        if d.count == 0 { return out += "{}" }
        let id = ObjectIdentifier(d)
        try enter(id)
        var pairs = d.items
        if sortKeys {
            let keys = try interp.sorted(pairs.map(\.0))
            pairs = try keys.map { ($0, try d.get($0) ?? .none) }
        }
        out += "{"
        var first = true
        for (key, value) in pairs {
            guard let name = try keyText(key) else { continue }
            out += first ? lineBreak(depth) : itemSeparator + lineBreak(depth)
            first = false
            out += JsonEncoder.quote(name, ascii: ensureASCII) + keySeparator
            try write(value, into: &out)
        }
        out += lineBreak(depth - 1) + "}"
        leave(id)
    }

    /// A dict key as JSON writes it: str as it is, numbers and constants as their JSON text.
    private func keyText(_ key: Value) throws -> String? {
        switch key {
        case .str(let s): return s.value
        case .bool(let b): return b ? "true" : "false"
        case .none: return "null"
        case .int, .object(is PyBigInt): return try interp.repr(key)
        case .float(let d): return try float(d)
        default:
            if skipKeys { return nil }
            throw ScriptError(.typeError, "keys must be str, int, float, bool or None, not \(key.typeName)")
        }
    }

    /// A JSON string literal: quotes, backslash escapes, control characters (and with `ascii`, every
    /// non-ASCII character) as \uXXXX, astral ones as surrogate pairs.
    static func quote(_ s: String, ascii: Bool) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{c}": out += "\\f"
            default:
                if scalar.value < 0x20 || (ascii && scalar.value > 0x7F) {
                    for unit in String(scalar).utf16 {
                        out += "\\u" + String(unit, radix: 16).leftPadded(to: 4, with: "0")
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension Value {
    /// The identity of a mutable container or object (for cycle checks); nil for inline values.
    var objectIdentity: ObjectIdentifier? {
        switch self {
        case .list(let l): return ObjectIdentifier(l)
        case .dict(let d): return ObjectIdentifier(d)
        case .tuple(let t): return ObjectIdentifier(t)
        case .object(let o): return ObjectIdentifier(o)
        default: return nil
        }
    }
}
