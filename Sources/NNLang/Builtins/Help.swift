extension Signature {
    /// The signature, then the summary and the parameters' lines indented below it, as Python's
    /// help shows a function.
    public func render(indent: String = "") -> String {
        var text = indent + name + parameterList + "\n"
        let body = indent + "    "
        if !summary.isEmpty { text += Help.wrap(summary.prefix(1).uppercased() + summary.dropFirst(), indent: body) }
        let explained = parameters.filter { !$0.help.isEmpty || refused.contains($0.name) }
        if !explained.isEmpty {
            text += "\n" + body + "Arguments:\n"
            for p in explained {
                let about =
                    refused.contains(p.name)
                    ? (p.help.isEmpty ? "" : p.help + " ") + "(nn does not support it yet)" : p.help
                text += Help.wrap(p.name + ": " + about, indent: body + "    ", hanging: "    ")
            }
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
            return
                "Type help(object) for help about object, for example help(len), help(np.array) or help(tf.keras.layers.Dense)."
        case .str(let s):
            guard let module = try? interp.importModule(s.value.split(separator: ".").map(String.init)) else {
                return "No documentation found for '\(s.value)': help('numpy') explains a module, help(len) an object."
            }
            return try text(.object(module), interp)
        case .object(let f as PyBuiltinFunction):
            let module = f.module.map { " in module \($0)" } ?? ""
            return "Help on built-in function \(f.name)\(module):\n\n" + signature(of: f).render()
        case .object(let m as PyBoundMethod):
            return "Help on method \(m.name) of \(m.receiver.typeName) object:\n\n" + m.signature.render()
        case .object(let f as PyFunction):
            return "Help on function \(f.code.name):\n\n\(f.code.name)\(signature(f, interp))\n"
        case .object(let m as PyModule):
            return "Help on module \(m.name):\n\nNAME\n    \(m.name)\n\n"
                + members(m.members.keys.sorted(), of: v, interp)
        case .object(let t as PyType):
            let constructor = t.constructorSignature.map { $0.render(indent: "    ") + "\n" } ?? ""
            return "Help on class \(t.name):\n\nclass \(t.name)\n" + constructor + "\n"
                + members(t.memberNames.sorted(), of: v, interp)
        default:
            return "Help on \(v.typeName) object:\n\n" + members(interp.attributeNames(v), of: v, interp)
        }
    }

    /// Sections listing the members: functions and methods with their signatures and summaries,
    /// modules, then data with their values.
    static func members(_ names: [String], of v: Value, _ interp: Interpreter) -> String {
        var functions = "", modules = "", data = ""
        for name in names where !name.hasPrefix("_") {
            if case .object(let t as PyType) = v, case .property(let doc, _, _)? = t.lookupMember(name) {
                data += "    \(name)\n" + (doc.isEmpty ? "" : wrap(doc, indent: "        "))
                continue
            }
            guard let member = try? interp.getAttribute(v, name) else { continue }
            switch member {
            case .object(let f as PyBuiltinFunction):
                functions += line(signature(of: f))
            case .object(let f as PyFunction):
                functions += "    \(name)\(signature(f, interp))\n"
            case .object(let m as PyModule):
                modules += "    \(name) (\(m.name))\n"
            case .object(let b as PyBoundMethod):
                functions += line(b.signature)
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

    /// A built-in's declared signature; one declared only by its help text is read from that text.
    static func signature(of f: PyBuiltinFunction) -> Signature {
        f.signature
            ?? Signature(f.doc.map { $0.hasPrefix(f.name + "(") ? $0 : f.name + "(...)  " + $0 } ?? f.name + "(...)")
    }

    /// A member's line in a listing: its signature and summary.
    static func line(_ s: Signature) -> String {
        "    " + s.name + s.parameterList + "\n" + (s.summary.isEmpty ? "" : wrap(s.summary, indent: "        "))
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
