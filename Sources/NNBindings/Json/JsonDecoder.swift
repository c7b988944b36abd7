import NNLang

/// JSON text as Python values, as CPython's `json.loads` reads it: objects as dicts, arrays as
/// lists, numbers as int or float, NaN and Infinity accepted; errors as JSONDecodeError with the
/// position (`Expecting value: line 1 column 5 (char 4)`).
struct JsonDecoder {
    let text: String
    let chars: [Unicode.Scalar]
    var pos = 0
    let interp: Interpreter
    let objectHook: Value, pairsHook: Value, parseFloat: Value, parseInt: Value, parseConstant: Value
    let strict: Bool
    var depth = 0

    init(_ text: String, _ a: Bound, _ interp: Interpreter) throws {
        self.text = text
        chars = Array(text.unicodeScalars)
        self.interp = interp
        objectHook = a["object_hook"]
        pairsHook = a["object_pairs_hook"]
        parseFloat = a["parse_float"]
        parseInt = a["parse_int"]
        parseConstant = a["parse_constant"]
        strict = try a.bool("strict")
    }

    /// The whole text as one value, with nothing but white space after it.
    mutating func decodeDocument() throws -> Value {
        skipSpace()
        let value = try decodeValue()
        skipSpace()
        if pos < chars.count { throw error("Extra data", at: pos) }
        return value
    }

    /// JSONDecodeError with CPython's message and attributes (msg, doc, pos, lineno, colno).
    func error(_ message: String, at position: Int) -> ScriptError {
        let lineno = chars[..<position].filter { $0 == "\n" }.count + 1
        let lastNewline = chars[..<position].lastIndex(of: "\n") ?? -1
        let colno = position - lastNewline
        let full = "\(message): line \(lineno) column \(colno) (char \(position))"
        let exception = PyException(JsonModule.decodeError, [.string(full)])
        for (name, v) in [
            ("msg", Value.string(message)), ("doc", .string(text)), ("pos", .int(position)), ("lineno", .int(lineno)),
            ("colno", .int(colno)),
        ] {
            exception.dict.set(name, v)
        }
        return ScriptError(exception)
    }

    mutating func skipSpace() {
        while pos < chars.count, [" ", "\t", "\n", "\r"].contains(chars[pos]) { pos += 1 }
    }

    func starts(with word: String) -> Bool {
        let w = Array(word.unicodeScalars)
        return pos + w.count <= chars.count && Array(chars[pos..<pos + w.count]) == w
    }

    mutating func decodeValue() throws -> Value {
        guard pos < chars.count else { throw error("Expecting value", at: pos) }
        switch chars[pos] {
        case "\"": return .string(try decodeString())
        case "{": return try nested { try $0.decodeObject() }
        case "[": return try nested { try $0.decodeArray() }
        default: break
        }
        for (word, value) in [("null", Value.none), ("true", .true), ("false", .false)] where starts(with: word) {
            pos += word.unicodeScalars.count
            return value
        }
        for word in ["NaN", "Infinity", "-Infinity"] where starts(with: word) {
            pos += word.unicodeScalars.count
            if !parseConstant.isNone { return try interp.call(parseConstant, .string(word)) }
            return .float(word == "NaN" ? .nan : word == "Infinity" ? .infinity : -.infinity)
        }
        if let number = try decodeNumber() { return number }
        throw error("Expecting value", at: pos)
    }

    /// An object or array, refusing nesting deeper than the recursion limit (CPython's RecursionError).
    mutating func nested(_ body: (inout JsonDecoder) throws -> Value) throws -> Value {
        depth += 1
        defer { depth -= 1 }
        if depth > interp.recursionLimit {
            throw ScriptError(.recursionError, "maximum recursion depth exceeded while decoding a JSON document")
        }
        return try body(&self)
    }

    mutating func decodeNumber() throws -> Value? {
        let start = pos
        var i = pos
        func digits() -> Int {
            let first = i
            while i < chars.count, ("0"..."9").contains(chars[i]) { i += 1 }
            return i - first
        }
        if i < chars.count, chars[i] == "-" { i += 1 }
        guard i < chars.count, ("0"..."9").contains(chars[i]) else { return nil }
        if chars[i] == "0" { i += 1 } else { _ = digits() }
        var isFloat = false
        if i + 1 < chars.count, chars[i] == ".", ("0"..."9").contains(chars[i + 1]) {
            i += 1
            _ = digits()
            isFloat = true
        }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            var j = i + 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            if j < chars.count, ("0"..."9").contains(chars[j]) {
                i = j
                _ = digits()
                isFloat = true
            }
        }
        pos = i
        let literal = String(String.UnicodeScalarView(chars[start..<i]))
        if isFloat {
            if !parseFloat.isNone { return try interp.call(parseFloat, .string(literal)) }
            return .float(Double(literal) ?? .nan)
        }
        if !parseInt.isNone { return try interp.call(parseInt, .string(literal)) }
        return try interp.call(.object(PyType.int), .string(literal))
    }

    mutating func decodeString() throws -> String {
        let start = pos
        pos += 1
        var out = String.UnicodeScalarView()
        while true {
            guard pos < chars.count else { throw error("Unterminated string starting at", at: start) }
            let c = chars[pos]
            if c == "\"" {
                pos += 1
                return String(out)
            }
            if c.value < 0x20 && strict { throw error("Invalid control character at", at: pos) }
            guard c == "\\" else {
                out.append(c)
                pos += 1
                continue
            }
            guard pos + 1 < chars.count else { throw error("Unterminated string starting at", at: start) }
            let escape = chars[pos + 1]
            let simple: [Unicode.Scalar: Unicode.Scalar] = [
                "\"": "\"", "\\": "\\", "/": "/", "b": "\u{8}", "f": "\u{c}", "n": "\n", "r": "\r", "t": "\t",
            ]
            if let s = simple[escape] {
                out.append(s)
                pos += 2
                continue
            }
            guard escape == "u" else { throw error("Invalid \\escape", at: pos) }
            guard let unit = hex4(at: pos + 2) else { throw error("Invalid \\uXXXX escape", at: pos + 1) }
            pos += 6
            var scalar = Unicode.Scalar(unit)
            if (0xD800..<0xDC00).contains(unit), pos + 1 < chars.count, chars[pos] == "\\", chars[pos + 1] == "u",
                let low = hex4(at: pos + 2), (0xDC00..<0xE000).contains(low)
            {
                scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                pos += 6
            }
            // A lone surrogate cannot be a Swift string's character; U+FFFD stands in for it.
            out.append(scalar ?? "\u{FFFD}")
        }
    }

    func hex4(at i: Int) -> UInt32? {
        guard i + 4 <= chars.count else { return nil }
        return UInt32(String(String.UnicodeScalarView(chars[i..<i + 4])), radix: 16)
    }

    mutating func decodeObject() throws -> Value {
        pos += 1
        var pairs: [(Value, Value)] = []
        skipSpace()
        if pos < chars.count, chars[pos] == "}" {
            pos += 1
            return try finishObject(pairs)
        }
        while true {
            guard pos < chars.count, chars[pos] == "\"" else {
                throw error("Expecting property name enclosed in double quotes", at: pos)
            }
            let key = try decodeString()
            skipSpace()
            guard pos < chars.count, chars[pos] == ":" else { throw error("Expecting ':' delimiter", at: pos) }
            pos += 1
            skipSpace()
            pairs.append((.string(key), try decodeValue()))
            skipSpace()
            guard pos < chars.count, chars[pos] == "," || chars[pos] == "}" else {
                throw error("Expecting ',' delimiter", at: pos)
            }
            pos += 1
            if chars[pos - 1] == "}" { return try finishObject(pairs) }
            skipSpace()
        }
    }

    func finishObject(_ pairs: [(Value, Value)]) throws -> Value {
        if !pairsHook.isNone {
            return try interp.call(pairsHook, .list(PyList(pairs.map { .tuple(PyTuple([$0.0, $0.1])) })))
        }
        let d = PyDict()
        for (k, v) in pairs { try d.set(k, v) }
        return objectHook.isNone ? .dict(d) : try interp.call(objectHook, .dict(d))
    }

    mutating func decodeArray() throws -> Value {
        pos += 1
        var items: [Value] = []
        skipSpace()
        if pos < chars.count, chars[pos] == "]" {
            pos += 1
            return .list(PyList(items))
        }
        while true {
            items.append(try decodeValue())
            skipSpace()
            guard pos < chars.count, chars[pos] == "," || chars[pos] == "]" else {
                throw error("Expecting ',' delimiter", at: pos)
            }
            pos += 1
            if chars[pos - 1] == "]" { return .list(PyList(items)) }
            skipSpace()
        }
    }
}
