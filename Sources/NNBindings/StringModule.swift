import NNLang

/// `string`: the character-class constants, capwords and Template.
enum StringModule {
    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("string", style: .python(countsSelf: false))
        let lower = "abcdefghijklmnopqrstuvwxyz", upper = lower.uppercased(), digits = "0123456789"
        let punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", whitespace = " \t\n\r\u{b}\u{c}"
        let constants: KeyValuePairs<String, String> = [
            "ascii_lowercase": lower, "ascii_uppercase": upper, "ascii_letters": lower + upper, "digits": digits,
            "hexdigits": digits + "abcdefABCDEF", "octdigits": "01234567", "punctuation": punctuation,
            "whitespace": whitespace, "printable": digits + lower + upper + punctuation + whitespace,
        ]
        for (name, value) in constants { m.members[name] = .string(value) }
        m.def("capwords(s, sep=None)  Each word capitalized, the words joined by sep (a space when None).") {
            a, interp in
            let s = a["s"]
            let words = try interp.call(try interp.getAttribute(s, "split"), a["sep"])
            let capitalized = try interp.collect(words).map {
                try interp.call(try interp.getAttribute($0, "capitalize"))
            }
            let joiner = a["sep"].isNone ? Value.string(" ") : a["sep"]
            return try interp.call(try interp.getAttribute(joiner, "join"), .list(PyList(capitalized)))
        }
        m.members["Template"] = .object(TemplateType.type)
        return m.build()
    }
}

/// `string.Template`: `$name` and `${name}` placeholders, `$$` for a dollar sign.
enum TemplateType {
    static let type: PyType = {
        var m = Members("Template", style: .python(countsSelf: true))
        m.method(
            "substitute(mapping=<unset>, /, **kws)  The text with every placeholder replaced (KeyError when one is missing)."
        ) {
            v, a, interp in try substitute(v, a, safe: false, interp)
        }
        m.method(
            "safe_substitute(mapping=<unset>, /, **kws)  The text with the placeholders that have values replaced."
        ) {
            v, a, interp in try substitute(v, a, safe: true, interp)
        }
        m.method("get_identifiers()  The placeholders' names, in order of first appearance.") { v, _, interp in
            var names: [String] = []
            for case .name(let n, _) in try pieces(try template(v, interp)) where !names.contains(n) { names.append(n) }
            return .list(PyList(names.map { .string($0) }))
        }
        m.property("template", "The template text.") { v, interp in .string(try template(v, interp)) }
        let t = PyType(
            "Template", base: .object, members: m.table,
            signature: Signature(
                "Template(template)  A template with $name placeholders.", style: .python(countsSelf: false))
        ) { a, interp in
            let text = try a.string("template")
            return .object(TemplateObject(text))
        }
        t.moduleName = "string"
        return t
    }()

    static func template(_ v: Value, _ interp: Interpreter) throws -> String {
        try v.receiver(TemplateObject.self, "Template").text
    }

    enum Piece {
        case text(String)
        case name(String, raw: String)
    }

    /// The template split into text and placeholders; ValueError at a `$` that starts neither.
    static func pieces(_ text: String) throws -> [Piece] {
        let chars = Array(text.unicodeScalars)
        var pieces: [Piece] = [], literal = String.UnicodeScalarView(), i = 0
        func isStart(_ c: Unicode.Scalar) -> Bool { c == "_" || (c.isASCII && c.properties.isAlphabetic) }
        func isPart(_ c: Unicode.Scalar) -> Bool { isStart(c) || ("0"..."9").contains(c) }
        while i < chars.count {
            guard chars[i] == "$" else {
                literal.append(chars[i])
                i += 1
                continue
            }
            if i + 1 < chars.count, chars[i + 1] == "$" {
                literal.append("$")
                i += 2
                continue
            }
            var j = i + 1
            let braced = j < chars.count && chars[j] == "{"
            if braced { j += 1 }
            let start = j
            if j < chars.count, isStart(chars[j]) { while j < chars.count, isPart(chars[j]) { j += 1 } }
            guard j > start, !braced || (j < chars.count && chars[j] == "}") else {
                let before = chars[..<i]
                let line = before.filter { $0 == "\n" }.count + 1
                let column = i - (before.lastIndex(of: "\n") ?? -1)
                throw ScriptError(.valueError, "Invalid placeholder in string: line \(line), col \(column)")
            }
            if braced { j += 1 }
            pieces.append(.text(String(literal)))
            literal = String.UnicodeScalarView()
            pieces.append(
                .name(
                    String(String.UnicodeScalarView(chars[start..<(braced ? j - 1 : j)])),
                    raw: String(String.UnicodeScalarView(chars[i..<j]))))
            i = j
        }
        pieces.append(.text(String(literal)))
        return pieces
    }

    static func substitute(_ v: Value, _ a: Bound, safe: Bool, _ interp: Interpreter) throws -> Value {
        let values = PyDict()
        if let mapping = a.given("mapping") {
            for key in try interp.collect(mapping) { try values.set(key, try interp.getItem(mapping, key)) }
        }
        for (k, value) in a.keywords { values.set(k, value) }
        var out = ""
        for piece in try pieces(try template(v, interp)) {
            switch piece {
            case .text(let t): out += t
            case .name(let n, let raw):
                if let value = values.get(name: .string(n)) {
                    out += try interp.str(value)
                } else if safe {
                    out += raw
                } else {
                    throw ScriptError(.keyError, value: .string(n))
                }
            }
        }
        return .string(out)
    }
}

final class TemplateObject: PyObject {
    let text: String
    init(_ text: String) { self.text = text }
    override var type: PyType { TemplateType.type }
}
