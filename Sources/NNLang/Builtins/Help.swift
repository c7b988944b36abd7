/// A built-in function's documentation, written as text in this shape:
///
///     Dense(units, activation=None, use_bias=True)  A layer whose outputs are …
///     units: how many outputs each sample gets.
///     activation: 'relu', 'sigmoid', 'softmax', 'tanh' or None.
///
/// The first line is the signature (a call with the defaults) and a summary; each further line
/// `name: text` explains one argument, any other line continues the summary.
public struct FunctionDoc {
    public var signature: String
    public var summary: String
    public var arguments: [(name: String, about: String)] = []

    public init(name: String, text: String?) {
        var lines = (text ?? "").split(separator: "\n").map { String($0) }
        let first = lines.isEmpty ? "" : lines.removeFirst()
        if first.hasPrefix(name + "("), let close = FunctionDoc.closingParenthesis(first, from: first.index(first.startIndex, offsetBy: name.count)) {
            signature = String(first[...close])
            summary = first[first.index(after: close)...].trimmingCharacters(in: .whitespaces)
        } else {
            signature = name + "(...)"
            summary = first
        }
        for line in lines {
            if let colon = line.firstIndex(of: ":"), line[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "*" }), colon > line.startIndex {
                arguments.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            } else {
                summary += (summary.isEmpty ? "" : " ") + line
            }
        }
        if let first = summary.first { summary = first.uppercased() + summary.dropFirst() }
    }

    /// The `)` matching the `(` at `open`, skipping brackets and quoted text inside.
    static func closingParenthesis(_ s: String, from open: String.Index) -> String.Index? {
        var depth = 0
        var quote: Character? = nil
        var i = open
        while i < s.endIndex {
            let c = s[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if "([{".contains(c) {
                depth += 1
            } else if ")]}".contains(c) {
                depth -= 1
                if depth == 0 { return i }
            }
            i = s.index(after: i)
        }
        return nil
    }

    /// The signature, then the summary and arguments indented below it, as Python's help shows a function.
    public func render(indent: String = "") -> String {
        var text = indent + signature + "\n"
        let body = indent + "    "
        if !summary.isEmpty { text += Help.wrap(summary, indent: body) }
        if !arguments.isEmpty {
            text += "\n" + body + "Arguments:\n"
            for (name, about) in arguments { text += Help.wrap(name + ": " + about, indent: body + "    ", hanging: "    ") }
        }
        return text
    }
}

/// The text `help(x)` prints: for functions their signature, summary and arguments; for modules
/// and objects their functions, methods and data, as Python's help does.
enum Help {
    static func text(_ v: Value, _ interp: Interpreter) throws -> String {
        switch v {
        case .none:
            return "Type help(object) for help about object, for example help(len), help(np.array) or help(tf.keras.layers.Dense)."
        case .str(let s):
            guard let module = try? interp.importModule(s.value.split(separator: ".").map(String.init)) else {
                return "No documentation found for '\(s.value)': help('numpy') explains a module, help(len) an object."
            }
            return try text(.object(module), interp)
        case .object(let f as PyBuiltinFunction):
            let module = f.module.map { " in module \($0)" } ?? ""
            return "Help on built-in function \(f.name)\(module):\n\n" + FunctionDoc(name: f.name, text: f.doc).render()
        case .object(let f as PyFunction):
            return "Help on function \(f.code.name):\n\n\(f.code.name)\(signature(f, interp))\n"
        case .object(let m as PyModule):
            return "Help on module \(m.name):\n\nNAME\n    \(m.name)\n\n" + members(m.members.keys.sorted(), of: v, interp)
        case .object(let t as PyType):
            return "Help on class \(t.name):\n\nclass \(t.name)\n\n" + members(interp.attributeNames(v), of: v, interp)
        default:
            return "Help on \(v.typeName) object:\n\n" + members(interp.attributeNames(v), of: v, interp)
        }
    }

    /// Sections listing the members: functions and methods with their signatures and summaries,
    /// modules, then data with their values.
    static func members(_ names: [String], of v: Value, _ interp: Interpreter) -> String {
        var functions = "", modules = "", data = ""
        for name in names where !name.hasPrefix("_") {
            guard let member = try? interp.getAttribute(v, name) else { continue }
            switch member {
            case .object(let f as PyBuiltinFunction):
                let doc = FunctionDoc(name: name, text: f.doc)
                functions += "    " + doc.signature + "\n" + (doc.summary.isEmpty ? "" : wrap(doc.summary, indent: "        "))
            case .object(let f as PyFunction):
                functions += "    \(name)\(signature(f, interp))\n"
            case .object(let m as PyModule):
                modules += "    \(name) (\(m.name))\n"
            case .object(let b as PyBoundMethod):
                functions += "    \(b.name)(...)\n"
            default:
                let shown = (try? interp.repr(member)).map { $0.count > 60 ? String($0.prefix(57)) + "..." : $0 } ?? "…"
                data += "    \(name) = \(shown.split(separator: "\n").first ?? "")\n"
            }
        }
        var text = ""
        if !functions.isEmpty { text += (v.typeName == "module" ? "FUNCTIONS\n" : "METHODS\n") + functions + "\n" }
        if !modules.isEmpty { text += "MODULES\n" + modules + "\n" }
        if !data.isEmpty { text += "DATA\n" + data + "\n" }
        return text.isEmpty ? "" : String(text.dropLast())
    }

    /// `(a, b=1, *args, c=None, **kw)` for a function defined in a script.
    static func signature(_ f: PyFunction, _ interp: Interpreter) -> String {
        let p = f.code.parameters
        func shown(_ v: Value) -> String { "=" + ((try? interp.repr(v)) ?? "...") }
        var parts: [String] = []
        for (i, parameter) in p.positional.enumerated() {
            let d = i - (p.positional.count - f.defaults.count)
            parts.append(parameter.name + (d >= 0 ? shown(f.defaults[d]) : ""))
        }
        if let v = p.varArgs { parts.append("*" + v) } else if !p.keywordOnly.isEmpty { parts.append("*") }
        parts += p.keywordOnly.map { $0.name + (f.keywordDefaults[$0.name].map(shown) ?? "") }
        if let k = p.varKeywords { parts.append("**" + k) }
        return "(" + parts.joined(separator: ", ") + ")"
    }

    /// Text wrapped at 80 columns, every line indented; continuation lines get `hanging` more.
    static func wrap(_ text: String, indent: String, hanging: String = "") -> String {
        var lines: [String] = []
        var start = indent, line = indent
        for word in text.split(separator: " ") {
            if line.count > start.count && line.count + 1 + word.count > 80 {
                lines.append(line)
                start = indent + hanging
                line = start
            }
            line += (line.count > start.count ? " " : "") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
