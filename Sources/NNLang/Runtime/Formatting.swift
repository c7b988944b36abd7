import BigInt
import NNFloatText
#if canImport(Glibc)
import Glibc
#endif

/// Python's float-to-text conversions.
public enum FloatFormat {
    /// `repr(float)`.
    public static func repr(_ d: Double) -> String { FloatText.pythonRepr(d) }

    /// C's printf conversion of one double (`%.*f`, `%.*e`, `%.*g`), which rounds exactly as Python does.
    public static func printf(_ d: Double, precision: Int, _ conversion: Character, alternate: Bool = false) -> String {
        FloatText.printf(d, precision: precision, conversion, alternate: alternate)
    }
}

/// Python's `repr` of strings.
public enum StringRepr {
    public static func quote(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where Character(scalar) == quote: out += "\\" + String(quote)
            default:
                if isPrintable(scalar) { out.unicodeScalars.append(scalar) } else { out += escaped(scalar) }
            }
        }
        out.append(quote)
        return out
    }

    /// `\xe9`, `\ud55c`, `\U0001f600`: a character as Python's reprs and messages escape it.
    public static func escaped(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        if scalar.value < 0x100 { return "\\x" + hex.leftPadded(to: 2, with: "0") }
        if scalar.value < 0x10000 { return "\\u" + hex.leftPadded(to: 4, with: "0") }
        return "\\U" + hex.leftPadded(to: 8, with: "0")
    }

    /// Python's `str.isprintable` for one code point.
    static func isPrintable(_ s: Unicode.Scalar) -> Bool {
        if s == " " { return true }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            return false
        default:
            return true
        }
    }
}

/// A parsed format specification: `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
struct FormatSpec {
    var fill: Character = " "
    var align: Character? = nil
    var sign: Character = "-"
    var alternate = false
    var zeroPad = false
    var width = 0
    var grouping: Character? = nil
    var precision: Int? = nil
    var type: Character? = nil

    init(_ spec: String) throws {
        let chars = Array(spec.unicodeScalars)
        var i = 0
        func isDigit(_ k: Int) -> Bool { k < chars.count && chars[k].value >= 48 && chars[k].value <= 57 }
        func number() -> Int? {
            var n = 0
            var any = false
            while isDigit(i) {
                n = min(n * 10 + Int(chars[i].value - 48), 1_000_000)
                any = true
                i += 1
            }
            return any ? n : nil
        }
        if chars.count >= 2 && "<>=^".unicodeScalars.contains(chars[1]) {
            fill = Character(chars[0]); align = Character(chars[1]); i = 2
        } else if !chars.isEmpty && "<>=^".unicodeScalars.contains(chars[0]) {
            align = Character(chars[0]); i = 1
        }
        if i < chars.count && "+- ".unicodeScalars.contains(chars[i]) { sign = Character(chars[i]); i += 1 }
        if i < chars.count && chars[i] == "z" { i += 1 }
        if i < chars.count && chars[i] == "#" { alternate = true; i += 1 }
        if i < chars.count && chars[i] == "0" { zeroPad = true; i += 1 }
        width = number() ?? 0
        if width > 100_000 { throw ScriptError(.valueError, "Too many decimal digits in format string") }
        if i < chars.count && (chars[i] == "," || chars[i] == "_") { grouping = Character(chars[i]); i += 1 }
        if i < chars.count && chars[i] == "." {
            i += 1
            guard let precision = number(), precision < 100_000 else {
                throw ScriptError(.valueError, "Format specifier missing precision")
            }
            self.precision = precision
        }
        if i < chars.count { type = Character(chars[i]); i += 1 }
        if i != chars.count { throw ScriptError(.valueError, "Invalid format specifier '\(spec)' for object") }
        if zeroPad && align == nil { fill = "0"; align = "=" }
    }

    /// Pads `body` (with its sign split off) to the width.
    func pad(_ body: String, sign signText: String = "", defaultAlign: Character) -> String {
        let length = body.count + signText.count
        guard width > length else { return signText + body }
        let padding = width - length
        switch align ?? defaultAlign {
        case "<": return signText + body + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + signText + body
                + String(repeating: fill, count: padding - left)
        case "=": return signText + String(repeating: fill, count: padding) + body
        default: return String(repeating: fill, count: padding) + signText + body
        }
    }

    func signPrefix(negative: Bool) -> String {
        negative ? "-" : sign == "+" ? "+" : sign == " " ? " " : ""
    }
}

/// `format(value, spec)` for the built-in types.
enum Formatter {
    static func format(_ value: Value, _ spec: String, _ interp: Interpreter) throws -> String {
        if spec.isEmpty { return try interp.str(value) }
        switch value {
        case .bool(let b):
            let s = try FormatSpec(spec)
            if s.type == nil || s.type == "s" { return s.pad(b ? "True" : "False", defaultAlign: "<") }
            return try formatInteger(BigInt(b ? 1 : 0), s, spec)
        case .int(let i): return try formatInteger(BigInt(i), try FormatSpec(spec), spec)
        case .object(let b as PyBigInt): return try formatInteger(b.value, try FormatSpec(spec), spec)
        case .float(let d): return try formatFloat(d, try FormatSpec(spec), spec)
        case .str(let s):
            let f = try FormatSpec(spec)
            guard f.type == nil || f.type == "s" else {
                throw ScriptError(.valueError, "Unknown format code '\(f.type!)' for object of type 'str'")
            }
            if f.sign != "-" { throw ScriptError(.valueError, "Sign not allowed in string format specifier") }
            var text = s.value
            if let p = f.precision { text = String(text.unicodeScalars.prefix(p).map(Character.init)) }
            return f.pad(text, defaultAlign: "<")
        default:
            throw ScriptError(.typeError, "unsupported format string passed to \(value.typeName).__format__")
        }
    }

    static func group(_ digits: String, _ separator: Character?, every n: Int = 3) -> String {
        guard let separator else { return digits }
        var out: [Character] = []
        for (k, c) in digits.reversed().enumerated() {
            if k > 0 && k % n == 0 { out.append(separator) }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func formatInteger(_ v: BigInt, _ f: FormatSpec, _ spec: String) throws -> String {
        let type = f.type ?? "d"
        if "eEfFgG%".contains(type) { return try formatFloat(Double(v), f, spec) }
        if f.precision != nil { throw ScriptError(.valueError, "Precision not allowed in integer format specifier") }
        let magnitude = v.magnitude
        var body: String
        var prefix = ""
        switch type {
        case "d", "n": body = group(String(magnitude), f.grouping)
        case "x": body = String(magnitude, radix: 16); prefix = f.alternate ? "0x" : ""
        case "X": body = String(magnitude, radix: 16, uppercase: true); prefix = f.alternate ? "0X" : ""
        case "o": body = String(magnitude, radix: 8); prefix = f.alternate ? "0o" : ""
        case "b": body = String(magnitude, radix: 2); prefix = f.alternate ? "0b" : ""
        case "c":
            guard let u = UInt32(exactly: v), let scalar = Unicode.Scalar(u) else {
                throw ScriptError(.overflowError, "%c arg not in range(0x110000)")
            }
            return f.pad(String(Character(scalar)), defaultAlign: "<")
        default:
            throw ScriptError(.valueError, "Unknown format code '\(type)' for object of type 'int'")
        }
        if "xXob".contains(type), f.grouping == "_" { body = group(body, "_", every: 4) }
        return f.pad(body, sign: f.signPrefix(negative: v < 0) + prefix, defaultAlign: ">")
    }

    static func formatFloat(_ d: Double, _ f: FormatSpec, _ spec: String) throws -> String {
        var type = f.type
        var value = d
        var suffix = ""
        if type == "%" {
            value *= 100
            suffix = "%"
            type = "f"
        }
        let negative = value.sign == .minus && !value.isNaN
        let magnitude = abs(value)
        var body: String
        if !magnitude.isFinite {
            body = magnitude.isNaN ? "nan" : "inf"
            if let t = type, t.isUppercase { body = body.uppercased() }
        } else {
            switch type {
            case "f", "F":
                body = FloatFormat.printf(magnitude, precision: f.precision ?? 6, "f", alternate: f.alternate)
            case "e", "E":
                body = FloatFormat.printf(magnitude, precision: f.precision ?? 6, type!, alternate: f.alternate)
            case "g", "G", "n":
                body = FloatFormat.printf(
                    magnitude, precision: f.precision ?? 6, type == "n" ? "g" : type!, alternate: f.alternate)
            case nil:
                if let p = f.precision {
                    body = FloatFormat.printf(magnitude, precision: max(p, 1), "g", alternate: f.alternate)
                    if !body.contains(".") && !body.contains("e") { body += ".0" }
                } else {
                    body = FloatFormat.repr(magnitude)
                }
            default:
                throw ScriptError(.valueError, "Unknown format code '\(type!)' for object of type 'float'")
            }
        }
        if let g = f.grouping, magnitude.isFinite {
            let intEnd = body.firstIndex(where: { !$0.isNumber }) ?? body.endIndex
            body = group(String(body[..<intEnd]), g) + body[intEnd...]
        }
        return f.pad(body + suffix, sign: f.signPrefix(negative: negative), defaultAlign: ">")
    }
}

/// printf-style `format % values`.
enum PercentFormat {
    static func format(_ format: String, _ values: Value, _ interp: Interpreter) throws -> String {
        var args: [Value]
        var mapping: PyDict? = nil
        switch values {
        case .tuple(let t): args = t.items
        case .dict(let d): args = [values]; mapping = d
        default: args = [values]
        }
        var next = 0
        func take() throws -> Value {
            guard next < args.count else { throw ScriptError(.typeError, "not enough arguments for format string") }
            defer { next += 1 }
            return args[next]
        }
        var out = ""
        let chars = Array(format)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            i += 1
            guard c == "%" else { out.append(c); continue }
            guard i < chars.count else { throw ScriptError(.valueError, "incomplete format") }
            var key: String? = nil
            if chars[i] == "(" {
                guard let close = chars[i...].firstIndex(of: ")") else {
                    throw ScriptError(.valueError, "incomplete format key")
                }
                key = String(chars[(i + 1)..<close])
                i = close + 1
            }
            var flags = ""
            while i < chars.count, "-+ #0".contains(chars[i]) { flags.append(chars[i]); i += 1 }
            var width = ""
            if i < chars.count, chars[i] == "*" { width = String(try interp.str(take())); i += 1 }
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { width.append(chars[i]); i += 1 }
            var precision: String? = nil
            if i < chars.count, chars[i] == "." {
                i += 1
                var p = ""
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { p.append(chars[i]); i += 1 }
                precision = p
            }
            guard i < chars.count else { throw ScriptError(.valueError, "incomplete format") }
            let conversion = chars[i]
            i += 1
            if conversion == "%" { out += "%"; continue }
            let arg: Value
            if let key {
                guard let mapping else { throw ScriptError(.typeError, "format requires a mapping") }
                guard let v = try mapping.get(.string(key)) else { throw ScriptError(.keyError, value: .string(key)) }
                arg = v
            } else {
                arg = try take()
            }
            var spec = ""
            if flags.contains("-") {
                spec += "<"
            } else if flags.contains("0") && "dioxXeEfFgG".contains(conversion) {
                spec += "0"
            }
            if flags.contains("+") {
                spec = spec.hasPrefix("0") ? "+0" : spec + "+"
            } else if flags.contains(" ") {
                spec += " "
            }
            if flags.contains("#") { spec += "#" }
            spec += width
            var body: String
            switch conversion {
            case "s": body = try interp.str(arg); if let p = precision { body = String(body.prefix(Int(p) ?? 0)) }
            case "r", "a": body = try interp.repr(arg)
            case "d", "i", "u":
                guard let n = Number(arg) else {
                    throw ScriptError(
                        .typeError, "%\(conversion) format: a real number is required, not \(arg.typeName)")
                }
                let whole: Value
                switch n {
                case .float(let d):
                    guard d.isFinite else {
                        throw ScriptError(.overflowError, "cannot convert float \(FloatFormat.repr(d)) to integer")
                    }
                    whole = .integer(BigInt(d.rounded(.towardZero)))
                case .int(let v): whole = .int(v)
                case .big(let b): whole = .integer(b)
                }
                body = try Formatter.format(whole, spec + "d", interp)
                out += body
                continue
            case "x", "X", "o":
                guard case .int = arg else {
                    if case .object(let b as PyBigInt) = arg {
                        out += try Formatter.format(.object(b), spec + String(conversion), interp); continue
                    }
                    throw ScriptError(.typeError, "%\(conversion) format: an integer is required, not \(arg.typeName)")
                }
                out += try Formatter.format(arg, spec + String(conversion), interp)
                continue
            case "e", "E", "f", "F", "g", "G":
                guard let n = Number(arg) else {
                    throw ScriptError(.typeError, "must be real number, not \(arg.typeName)")
                }
                out += try Formatter.format(
                    .float(n.double),
                    spec + "." + (precision.map { $0.isEmpty ? "0" : $0 } ?? "6") + String(conversion), interp)
                continue
            case "c":
                if case .str(let s) = arg, s.count == 1 {
                    body = s.value
                } else {
                    out += try Formatter.format(arg, spec + "c", interp)
                    continue
                }
            default:
                throw ScriptError(
                    .valueError,
                    "unsupported format character '\(conversion)' (0x\(String(conversion.unicodeScalars.first!.value, radix: 16))) at index \(i - 1)"
                )
            }
            out += try Formatter.format(.string(body), spec.replacingZeroFlag(), interp)
        }
        if next < args.count && mapping == nil {
            throw ScriptError(.typeError, "not all arguments converted during string formatting")
        }
        return out
    }
}

extension String {
    /// Drops flags that make no sense for strings.
    fileprivate func replacingZeroFlag() -> String {
        var s = self
        while let first = s.first, first == "0" || first == "+" || first == " " || first == "#" { s.removeFirst() }
        return s.first.map { $0 == "<" } == true ? s : (s.isEmpty ? "" : ">" + s)
    }
}

/// `str.format`.
enum StrFormat {
    /// One part of a parsed `str.format` template.
    enum Piece {
        case literal(String)
        case field(name: String, conversion: Character?, spec: String)
    }

    static func format(_ template: PyString, _ args: Arguments, _ interp: Interpreter) throws -> String {
        let pieces: [Piece]
        if let cached = template.formatPieces {
            pieces = cached
        } else {
            pieces = try parse(template.value)
            template.formatPieces = pieces
        }
        return try format(pieces, args, interp, depth: 0)
    }

    static func format(_ pieces: [Piece], _ args: Arguments, _ interp: Interpreter, depth: Int) throws -> String {
        var out = ""
        var autoIndex = 0
        var usedManual = false
        for piece in pieces {
            switch piece {
            case .literal(let text):
                out += text
            case .field(let name, let conversion, var spec):
                var value = try resolveField(name, args, &autoIndex, &usedManual, interp)
                if conversion == "r" || conversion == "a" {
                    value = .string(try interp.repr(value))
                } else if conversion == "s" {
                    value = .string(try interp.str(value))
                }
                if spec.contains("{") {
                    if depth >= 1 { throw ScriptError(.valueError, "Max string recursion exceeded") }
                    spec = try format(parse(spec), args, interp, depth: depth + 1)
                }
                out += try interp.format(value, spec)
            }
        }
        return out
    }

    /// Splits a template into literal text and replacement fields.
    static func parse(_ template: String) throws -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        let chars = Array(template.unicodeScalars)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "}" {
                guard i + 1 < chars.count, chars[i + 1] == "}" else {
                    throw ScriptError(.valueError, "Single '}' encountered in format string")
                }
                literal.unicodeScalars.append("}")
                i += 2
                continue
            }
            guard c == "{" else { literal.unicodeScalars.append(c); i += 1; continue }
            if i + 1 < chars.count && chars[i + 1] == "{" { literal.unicodeScalars.append("{"); i += 2; continue }
            var nesting = 1
            var j = i + 1
            while j < chars.count {
                if chars[j] == "{" { nesting += 1 }
                if chars[j] == "}" { nesting -= 1; if nesting == 0 { break } }
                j += 1
            }
            guard j < chars.count else { throw ScriptError(.valueError, "expected '}' before end of string") }
            var field = ""
            field.unicodeScalars.append(contentsOf: chars[(i + 1)..<j])
            i = j + 1
            var name = field
            var spec = ""
            var conversion: Character? = nil
            if let colon = firstTopLevel(":", in: field) {
                name = String(field[..<colon])
                spec = String(field[field.index(after: colon)...])
            }
            if let bang = name.firstIndex(of: "!") {
                let conv = name[name.index(after: bang)...]
                guard conv.count == 1, let ch = conv.first, "rsa".contains(ch) else {
                    throw ScriptError(.valueError, "Unknown conversion specifier \(conv)")
                }
                conversion = ch
                name = String(name[..<bang])
            }
            if !literal.isEmpty { pieces.append(.literal(literal)); literal = "" }
            pieces.append(.field(name: name, conversion: conversion, spec: spec))
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }

    static func firstTopLevel(_ ch: Character, in s: String) -> String.Index? {
        var depth = 0
        for idx in s.indices {
            if s[idx] == "[" {
                depth += 1
            } else if s[idx] == "]" {
                depth -= 1
            } else if s[idx] == ch && depth == 0 {
                return idx
            }
        }
        return nil
    }

    static func resolveField(
        _ field: String, _ args: Arguments, _ autoIndex: inout Int, _ usedManual: inout Bool, _ interp: Interpreter
    ) throws -> Value {
        var rest = Substring(field)
        let headEnd = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? rest.endIndex
        let head = String(rest[..<headEnd])
        rest = rest[headEnd...]
        var value: Value
        if head.isEmpty {
            if usedManual {
                throw ScriptError(
                    .valueError, "cannot switch from manual field specification to automatic field numbering")
            }
            guard autoIndex < args.positional.count else {
                throw ScriptError(.indexError, "Replacement index \(autoIndex) out of range for positional args tuple")
            }
            value = args.positional[autoIndex]
            autoIndex += 1
        } else if head.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(head) {
            if autoIndex > 0 {
                throw ScriptError(
                    .valueError, "cannot switch from automatic field numbering to manual field specification")
            }
            usedManual = true
            guard n < args.positional.count else {
                throw ScriptError(.indexError, "Replacement index \(n) out of range for positional args tuple")
            }
            value = args.positional[n]
        } else {
            guard let kw = args.keywords.last(where: { $0.name == head }) else {
                throw ScriptError(.keyError, value: .string(head))
            }
            value = kw.value
        }
        while let first = rest.first {
            if first == "." {
                rest = rest.dropFirst()
                let end = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? rest.endIndex
                value = try interp.getAttribute(value, String(rest[..<end]))
                rest = rest[end...]
            } else {
                guard let close = rest.firstIndex(of: "]") else {
                    throw ScriptError(.valueError, "Missing ']' in format string")
                }
                let key = String(rest[rest.index(after: rest.startIndex)..<close])
                let isIndex = !key.isEmpty && key.allSatisfy { $0.isASCII && $0.isNumber }
                value = try interp.getItem(value, isIndex ? Int(key).map { .int($0) } ?? .string(key) : .string(key))
                rest = rest[rest.index(after: close)...]
            }
        }
        return value
    }
}

extension Interpreter {
    /// `format(value, spec)`, letting objects format themselves.
    public func format(_ value: Value, _ spec: String) throws -> String {
        if case .object(let o) = value, !(o is PyBigInt) {
            if !spec.isEmpty, let n = o.asNumber { return try Formatter.format(n, spec, self) }
            if let f = o.type.lookupMethod("__format__") { return try str(f(value, Arguments([.string(spec)]), self)) }
            if spec.isEmpty { return try str(value) }
            throw ScriptError(.typeError, "unsupported format string passed to \(value.typeName).__format__")
        }
        return try Formatter.format(value, spec, self)
    }
}

/// CPython 3.12's "Did you mean" suggestions: the closest name by a case-aware edit distance.
public enum Suggestions {
    static let moveCost = 2, caseCost = 1

    public static func closest(to name: String, in candidates: [String]) -> String? {
        guard candidates.count <= 750 else { return nil }
        var best: String? = nil
        var bestDistance = Int.max
        let target = Array(name.unicodeScalars)
        for candidate in candidates where candidate != name {
            let other = Array(candidate.unicodeScalars)
            var maxDistance = (target.count + other.count + 3) * moveCost / 6
            maxDistance = min(maxDistance, bestDistance - 1)
            let d = distance(target, other, maxDistance)
            if d > maxDistance { continue }
            if best == nil || d < bestDistance {
                best = candidate
                bestDistance = d
            }
        }
        return best
    }

    static func substitutionCost(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Int {
        if a == b { return 0 }
        if a.properties.lowercaseMapping == b.properties.lowercaseMapping { return caseCost }
        return moveCost
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], _ maxCost: Int) -> Int {
        var a = a[...], b = b[...]
        while let x = a.first, let y = b.first, x == y { a = a.dropFirst(); b = b.dropFirst() }
        while let x = a.last, let y = b.last, x == y { a = a.dropLast(); b = b.dropLast() }
        if a.isEmpty || b.isEmpty { return (a.count + b.count) * moveCost }
        if abs(a.count - b.count) * moveCost > maxCost { return maxCost + 1 }
        let bs = Array(b)
        var row = (0...bs.count).map { $0 * moveCost }
        for (i, x) in a.enumerated() {
            var previousDiagonal = row[0]
            row[0] = (i + 1) * moveCost
            var rowMin = row[0]
            for j in 0..<bs.count {
                let substitute = previousDiagonal + substitutionCost(x, bs[j])
                previousDiagonal = row[j + 1]
                row[j + 1] = min(substitute, row[j] + moveCost, row[j + 1] + moveCost)
                rowMin = min(rowMin, row[j + 1])
            }
            if rowMin > maxCost { return maxCost + 1 }
        }
        return row[bs.count]
    }
}
