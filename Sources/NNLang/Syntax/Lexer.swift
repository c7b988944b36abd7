import BigInt
import NNFloatText

/// Turns source text into Python's tokens: names, numbers, strings, operators, NEWLINE, INDENT and
/// DEDENT, with implicit line joining inside brackets and `\` continuation.
public struct Lexer {
    private let chars: [Unicode.Scalar]
    private let source: Source
    private var pos = 0
    private var line = 1
    private var lineStart = 0
    private var indents: [(width: Int, alt: Int)] = [(0, 0)]
    private var brackets: [(char: Unicode.Scalar, at: SourceLocation)] = []
    private var tokens: [Token] = []
    private var atLineStart = true

    /// A lexer over `text` (by default the whole source), whose first character sits at the given position.
    public init(_ source: Source, text: String? = nil, startLine: Int = 1, startColumn: Int = 0) {
        self.source = source
        self.chars = Array((text ?? source.text).unicodeScalars)
        self.line = startLine
        self.lineStart = -startColumn
    }

    /// Tokenizes the whole source; the last token is `.end`.
    public static func tokenize(_ source: Source) throws -> [Token] {
        var lexer = Lexer(source)
        let tokens = try lexer.run()
        if let unclosed = lexer.unclosed { throw unclosed.error }
        return tokens
    }

    /// A bracket still open at the end of the input. The lexer finishes the token stream anyway,
    /// because CPython reports a parse error on the bracket's own line first.
    public struct Unclosed {
        public var error: ScriptError
        /// The line of the open bracket.
        public var line: Int
        /// The index of the first token made up at the end of the input.
        public var tailStart: Int
    }

    public private(set) var unclosed: Unclosed?

    private var location: SourceLocation { SourceLocation(line: line, column: pos - lineStart) }
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        pos + offset < chars.count ? chars[pos + offset] : nil
    }

    private func error(_ message: String, _ at: SourceLocation, kind: ExceptionType = .syntaxError) -> ScriptError {
        ScriptError.syntax(message, at: at, source: source, kind: kind)
    }

    mutating func run() throws -> [Token] {
        if peek() == "\u{FEFF}" { pos += 1; lineStart = pos }
        while true {
            if atLineStart {
                atLineStart = false
                if try readIndentation() { continue }
            }
            guard let c = peek() else { break }
            let start = location
            switch c {
            case " ", "\t", "\u{0C}":
                pos += 1
            case "#":
                while let d = peek(), d != "\n" { pos += 1 }
            case "\r" where peek(1) == "\n":
                pos += 1
            case "\n", "\r":
                if brackets.isEmpty, let last = tokens.last, last.kind != .newline {
                    add(.newline, from: start, to: SourceLocation(line: line, column: start.column + 1))
                }
                newLine()
                if brackets.isEmpty { atLineStart = true }
            case "\\":
                pos += 1
                if peek() == "\r" { pos += 1 }
                guard peek() == "\n" else {
                    throw error("unexpected character after line continuation character", start)
                }
                newLine()
                if peek() == nil { throw error("unexpected EOF while parsing", location) }
            default:
                try readToken(c, start)
            }
        }
        try finish()
        return tokens
    }

    private mutating func newLine() {
        pos += 1
        line += 1
        lineStart = pos
    }

    private mutating func add(_ kind: TokenKind, from start: SourceLocation, to end: SourceLocation? = nil) {
        tokens.append(Token(kind: kind, range: SourceRange(start, end ?? location)))
    }

    /// Measures the indentation of a new logical line and emits INDENT / DEDENT; returns true when
    /// the line is blank or a comment, which Python ignores for indentation.
    private mutating func readIndentation() throws -> Bool {
        var width = 0, alt = 0
        while let c = peek() {
            if c == " " {
                width += 1; alt += 1
            } else if c == "\t" {
                width = (width / 8 + 1) * 8; alt += 1
            } else if c == "\u{0C}" {
                width = 0; alt = 0
            } else {
                break
            }
            pos += 1
        }
        guard let next = peek() else { return false }
        if next == "#" || next == "\n" || next == "\r" {
            while let d = peek(), d != "\n" { pos += 1 }
            if peek() == "\n" { newLine(); atLineStart = true }
            return true
        }
        let here = location
        let top = indents[indents.count - 1]
        if width == top.width {
            if alt != top.alt {
                throw error("inconsistent use of tabs and spaces in indentation", here, kind: .tabError)
            }
        } else if width > top.width {
            if alt <= top.alt {
                throw error("inconsistent use of tabs and spaces in indentation", here, kind: .tabError)
            }
            // CPython's tokenizer holds 100 levels, the base one included.
            if indents.count >= 100 {
                let lineStart = SourceLocation(line: line, column: 1)
                throw error("too many levels of indentation", lineStart, kind: .indentationError)
            }
            indents.append((width, alt))
            add(.indent, from: SourceLocation(line: line, column: 0), to: here)
        } else {
            while let last = indents.last, last.width > width {
                indents.removeLast()
                add(.dedent, from: here, to: here)
            }
            guard let last = indents.last, last.width == width else {
                throw error("unindent does not match any outer indentation level", here, kind: .indentationError)
            }
            if last.alt != alt {
                throw error("inconsistent use of tabs and spaces in indentation", here, kind: .tabError)
            }
        }
        return false
    }

    private mutating func finish() throws {
        if let open = brackets.last {
            unclosed = Unclosed(
                error: error("'\(open.char)' was never closed", open.at), line: open.at.line, tailStart: tokens.count)
        }
        let end = location
        if let last = tokens.last, last.kind != .newline {
            add(.newline, from: end, to: end)
        }
        for _ in 1..<indents.count { add(.dedent, from: end, to: end) }
        add(.end, from: end, to: end)
    }

    private mutating func readToken(_ c: Unicode.Scalar, _ start: SourceLocation) throws {
        if isNameStart(c) {
            let name = readName()
            if let quote = peek(), quote == "'" || quote == "\"", isStringPrefix(name) {
                return try readString(prefix: name.lowercased(), start)
            }
            add(pythonKeywords.contains(name) ? .keyword(name) : .name(name), from: start)
        } else if isDigit(c) || (c == "." && (peek(1).map(isDigit) ?? false)) {
            try readNumber(start)
        } else if c == "'" || c == "\"" {
            try readString(prefix: "", start)
        } else {
            try readOperator(c, start)
        }
    }

    private mutating func readName() -> String {
        var s = String.UnicodeScalarView()
        while let c = peek(), isNameContinue(c) {
            s.append(c)
            pos += 1
        }
        return String(s)
    }

    private func isStringPrefix(_ s: String) -> Bool {
        ["r", "u", "f", "b", "rf", "fr", "br", "rb"].contains(s.lowercased())
    }

    private func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    /// Whether `c` starts or continues an identifier (PEP 3131), answering ASCII without the
    /// Unicode tables.
    private func isNameStart(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" : c.properties.isXIDStart
    }
    private func isNameContinue(_ c: Unicode.Scalar) -> Bool {
        c.isASCII ? isNameStart(c) || isDigit(c) : c.properties.isXIDContinue
    }

    // MARK: numbers

    private mutating func readDigits(_ valid: (Unicode.Scalar) -> Bool, into text: inout String) throws {
        while let c = peek() {
            if valid(c) {
                text.unicodeScalars.append(c); pos += 1
            } else if c == "_", let d = peek(1), valid(d) {
                pos += 1
            } else if c == "_" {
                throw error("invalid decimal literal", location)
            } else {
                break
            }
        }
    }

    private mutating func readNumber(_ start: SourceLocation) throws {
        if peek() == "0", let p = peek(1), "xXoObB".unicodeScalars.contains(p) {
            pos += 2
            let radix: Int, valid: (Unicode.Scalar) -> Bool
            switch p {
            case "x", "X": radix = 16; valid = { $0.properties.isASCIIHexDigit }
            case "o", "O": radix = 8; valid = { $0 >= "0" && $0 <= "7" }
            default: radix = 2; valid = { $0 == "0" || $0 == "1" }
            }
            if peek() == "_" { pos += 1 }
            var digits = ""
            try readDigits(valid, into: &digits)
            let kind = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary"
            guard !digits.isEmpty, let value = BigInt(digits, radix: radix) else {
                throw error("invalid \(kind) literal", SourceLocation(line: start.line, column: start.column + 1))
            }
            if let c = peek(), isNameContinue(c) { throw error("invalid \(kind) literal", location) }
            return add(.int(value), from: start)
        }
        var text = ""
        try readDigits(isDigit, into: &text)
        var isFloat = false
        if peek() == "." {
            isFloat = true
            text += "."
            pos += 1
            try readDigits(isDigit, into: &text)
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let hasSign = sign == "+" || sign == "-"
            if let d = peek(hasSign ? 2 : 1), isDigit(d) {
                isFloat = true
                text += "e"
                pos += 1
                if hasSign { text.unicodeScalars.append(sign!); pos += 1 }
                try readDigits(isDigit, into: &text)
            } else {
                throw error("invalid decimal literal", start)
            }
        }
        if let c = peek(), c == "j" || c == "J" {
            throw error("complex numbers are not supported", start)
        }
        if let c = peek(), isNameContinue(c) {
            throw error("invalid decimal literal", location)
        }
        if isFloat {
            add(.float(Double(text) ?? .infinity), from: start)
        } else {
            if text.count > 1, text.hasPrefix("0"), text.contains(where: { $0 != "0" }) {
                throw error(
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    start)
            }
            let limit = PyBigInt.maxStringDigits
            if limit > 0 && text.utf8.count > limit {
                throw error(
                    "Exceeds the limit (\(limit) digits) for integer string conversion: value has \(text.utf8.count) "
                        + "digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal "
                        + "for huge integer literals to avoid decimal conversion limits.", start)
            }
            add(.int(Int(text).map { BigInt($0) } ?? BigInt(text) ?? 0), from: start)
        }
    }

    // MARK: strings

    private mutating func readString(prefix: String, _ start: SourceLocation) throws {
        let quote = chars[pos]
        let triple = peek(1) == quote && peek(2) == quote
        pos += triple ? 3 : 1
        let raw = prefix.contains("r"), isF = prefix.contains("f")
        if prefix.contains("b") { throw error("bytes literals are not supported", start) }
        var body: [Unicode.Scalar] = []
        var bodyLocations: [SourceLocation] = []
        while true {
            guard let c = peek() else {
                let what = triple ? "unterminated triple-quoted string literal" : "unterminated string literal"
                throw error("\(what) (detected at line \(line))", start)
            }
            if c == quote && (!triple || (peek(1) == quote && peek(2) == quote)) {
                pos += triple ? 3 : 1
                break
            }
            if c == "\n" && !triple {
                throw error("unterminated string literal (detected at line \(line))", start)
            }
            bodyLocations.append(location)
            body.append(c)
            if c == "\\", let next = peek(1) {
                pos += 1
                bodyLocations.append(location)
                body.append(next)
                if next == "\n" { newLine() } else { pos += 1 }
                continue
            }
            if c == "\n" { newLine() } else { pos += 1 }
        }
        let parts: [FStringPart]
        if isF {
            var scanner = FStringScanner(body: body, locations: bodyLocations, raw: raw, lexer: self, end: location)
            parts = try scanner.parts(nested: false)
        } else {
            parts = [.text(try decode(body[...], raw: raw, locations: bodyLocations, offset: 0))]
        }
        add(.string(parts, isFString: isF), from: start)
    }

    /// Decodes Python's backslash escapes in `body` (unless raw).
    fileprivate func decode(
        _ body: ArraySlice<Unicode.Scalar>, raw: Bool, locations: [SourceLocation], offset: Int
    ) throws -> String {
        var out = String.UnicodeScalarView()
        var i = body.startIndex
        while i < body.endIndex {
            let c = body[i]
            guard c == "\\", !raw, i + 1 < body.endIndex else {
                out.append(c)
                i += 1
                continue
            }
            let e = body[i + 1]
            i += 2
            switch e {
            case "\n": break
            case "\\": out.append("\\")
            case "'": out.append("'")
            case "\"": out.append("\"")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "0"..."7":
                var value = Int(e.value - 48)
                var n = 1
                while n < 3, i < body.endIndex, body[i] >= "0", body[i] <= "7" {
                    value = value * 8 + Int(body[i].value - 48)
                    i += 1
                    n += 1
                }
                out.append(Unicode.Scalar(UInt32(value)) ?? "\u{FFFD}")
            case "x", "u", "U":
                let count = e == "x" ? 2 : e == "u" ? 4 : 8
                let hex = body[i..<min(i + count, body.endIndex)]
                guard hex.count == count, hex.allSatisfy({ $0.properties.isASCIIHexDigit }),
                    let v = UInt32(String(String.UnicodeScalarView(hex)), radix: 16), let scalar = Unicode.Scalar(v)
                else {
                    let at = locations[min(i - 2 - body.startIndex + offset, locations.count - 1)]
                    throw error(
                        "(unicode error) 'unicodeescape' codec can't decode bytes: truncated \\\(e)XXXX escape", at)
                }
                out.append(scalar)
                i += count
            case "N":
                let close = body[i...].firstIndex(of: "}")
                guard i < body.endIndex, body[i] == "{", let close,
                    let scalar = Lexer.scalar(named: String(String.UnicodeScalarView(body[(i + 1)..<close])))
                else {
                    let at = locations[min(i - 2 - body.startIndex + offset, locations.count - 1)]
                    throw error(
                        "(unicode error) 'unicodeescape' codec can't decode bytes: unknown Unicode character name", at)
                }
                out.append(scalar)
                i = close + 1
            default:
                out.append("\\")
                out.append(e)
            }
        }
        return String(out)
    }

    /// The code point that `\N{name}` names: a Unicode name or alias, in any letter case.
    static func scalar(named name: String) -> Unicode.Scalar? {
        unicodeNames[name.uppercased()]
    }

    /// Every named code point, built on the first `\N{…}` escape (a few hundred milliseconds).
    static let unicodeNames: [String: Unicode.Scalar] = {
        var table: [String: Unicode.Scalar] = [:]
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if let name = scalar.properties.name { table[name] = scalar }
            if let alias = scalar.properties.nameAlias { table[alias] = scalar }
        }
        return table
    }()

    // MARK: operators

    /// Python's operators and delimiters by their first character, longest first, each with its
    /// scalars.
    private static let operators: [Unicode.Scalar: [(text: String, scalars: [Unicode.Scalar])]] = Dictionary(
        grouping: [
            "**=", "//=", ">>=", "<<=", "...", "->", "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=", "-=",
            "*=", "/=", "%=", "&=", "|=", "^=", "@=", ":=", "+", "-", "*", "/", "%", "@", "&", "|", "^", "~",
            "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
        ].sorted { $0.count > $1.count }.map { ($0, Array($0.unicodeScalars)) }, by: { $0.1[0] })

    private mutating func readOperator(_ c: Unicode.Scalar, _ start: SourceLocation) throws {
        for (op, scalars) in Lexer.operators[c] ?? [] {
            guard pos + scalars.count <= chars.count, chars[pos..<pos + scalars.count].elementsEqual(scalars) else {
                continue
            }
            pos += scalars.count
            switch op {
            case "(", "[", "{":
                brackets.append((c, start))
                if brackets.count > 200 { throw error("too many nested parentheses", start) }
            case ")", "]", "}":
                guard let open = brackets.popLast() else { throw error("unmatched '\(op)'", start) }
                let expected: Unicode.Scalar = open.char == "(" ? ")" : open.char == "[" ? "]" : "}"
                if expected != c {
                    let message = "closing parenthesis '\(op)' does not match opening parenthesis '\(open.char)'"
                    throw error(open.at.line == start.line ? message : message + " on line \(open.at.line)", start)
                }
            default: break
            }
            return add(.op(op), from: start)
        }
        if c == "!" { throw error("invalid syntax", start) }
        if c == "$" || c == "?" || c == "`" { throw error("invalid syntax", start) }
        guard StringRepr.isPrintable(c) else {
            throw error("invalid non-printable character U+\(hex4(c.value))", start)
        }
        throw error("invalid character '\(c)' (U+\(hex4(c.value)))", start)
    }

    fileprivate func syntaxError(_ message: String, _ at: SourceLocation) -> ScriptError { error(message, at) }
}

/// Upper-case hex, at least four digits, as Python names code points.
func hex4(_ value: UInt32) -> String { String(value, radix: 16, uppercase: true).leftPadded(to: 4, with: "0") }

/// Splits an f-string body into literal text and `{…}` replacement fields.
private struct FStringScanner {
    let body: [Unicode.Scalar]
    let locations: [SourceLocation]
    let raw: Bool
    let lexer: Lexer
    let end: SourceLocation
    var i = 0

    init(body: [Unicode.Scalar], locations: [SourceLocation], raw: Bool, lexer: Lexer, end: SourceLocation) {
        self.body = body
        self.locations = locations
        self.raw = raw
        self.lexer = lexer
        self.end = end
    }

    func at(_ index: Int) -> SourceLocation { index < locations.count ? locations[index] : end }

    mutating func parts(nested: Bool) throws -> [FStringPart] {
        var parts: [FStringPart] = []
        var textStart = i
        var text = ""
        func flush(_ upTo: Int) throws {
            if upTo > textStart {
                text += try lexer.decode(body[textStart..<upTo], raw: raw, locations: locations, offset: 0)
            }
        }
        while i < body.count {
            let c = body[i]
            if c == "\\" && !raw {
                // `\N{name}` is an escape, not a replacement field.
                if i + 2 < body.count, body[i + 1] == "N", body[i + 2] == "{",
                    let close = body[(i + 2)...].firstIndex(of: "}")
                {
                    i = close + 1
                } else {
                    i += 2
                }
                continue
            }
            if nested && c == "}" { break }
            if c == "{" || c == "}" {
                if i + 1 < body.count && body[i + 1] == c {
                    try flush(i + 1)
                    i += 2
                    textStart = i
                    continue
                }
                if c == "}" { throw lexer.syntaxError("f-string: single '}' is not allowed", at(i)) }
                try flush(i)
                if !text.isEmpty { parts.append(.text(text)); text = "" }
                parts.append(try field())
                textStart = i
                continue
            }
            i += 1
        }
        try flush(min(i, body.count))
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }

    /// Reads one `{expr!c:spec}` field; `i` is at the `{`.
    mutating func field() throws -> FStringPart {
        let open = i
        i += 1
        let exprStart = i
        var depth = 0
        var quote: Unicode.Scalar? = nil
        var exprEnd = -1
        var conversion: Character? = nil
        var selfDoc: String? = nil
        while i < body.count {
            let c = body[i]
            if let q = quote {
                if c == q { quote = nil }
                i += 1
                continue
            }
            if c == "'" || c == "\"" { quote = c; i += 1; continue }
            if "([{".unicodeScalars.contains(c) {
                depth += 1
            } else if ")]".unicodeScalars.contains(c) || (c == "}" && depth > 0) {
                depth -= 1
            } else if depth == 0 {
                if c == "=" && i + 1 < body.count && body[i + 1] != "=" && i > exprStart
                    && !"=!<>".unicodeScalars.contains(body[i - 1])
                {
                    selfDoc = String(String.UnicodeScalarView(body[exprStart...i]))
                    exprEnd = i
                    i += 1
                    continue
                }
                if c == "!" && i + 1 < body.count && body[i + 1] != "=" {
                    if exprEnd < 0 { exprEnd = i }
                    guard i + 1 < body.count, "rsa".unicodeScalars.contains(body[i + 1]) else {
                        throw lexer.syntaxError(
                            "f-string: invalid conversion character: expected 's', 'r', or 'a'", at(i))
                    }
                    conversion = Character(body[i + 1])
                    i += 2
                    continue
                }
                if c == ":" || c == "}" { break }
            }
            i += 1
        }
        if exprEnd < 0 { exprEnd = i }
        guard i < body.count else { throw lexer.syntaxError("f-string: expecting '}'", at(open)) }
        let source = String(String.UnicodeScalarView(body[exprStart..<exprEnd]))
        if source.allSatisfy({ $0 == " " }) {
            throw lexer.syntaxError("f-string: valid expression required before '}'", at(open))
        }
        var spec: [FStringPart]? = nil
        if body[i] == ":" {
            i += 1
            spec = try parts(nested: true)
            guard i < body.count, body[i] == "}" else { throw lexer.syntaxError("f-string: expecting '}'", at(open)) }
        }
        i += 1
        if selfDoc != nil && conversion == nil && spec == nil { conversion = "r" }
        return .field(source: source, at: at(exprStart), conversion: conversion, spec: spec, selfDocumenting: selfDoc)
    }
}
