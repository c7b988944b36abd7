/// The text `help(x)` prints.
enum Help {
    static func text(_ v: Value, _ interp: Interpreter) throws -> String {
        switch v {
        case .none:
            return "Type help(object) for help about object, for example help(len) or help(str)."
        case .object(let f as PyBuiltinFunction):
            return "Help on built-in function \(f.name):\n\n\(f.doc ?? f.name + "(...)")"
        case .object(let f as PyFunction):
            let p = f.code.parameters
            var parts = p.positional.map(\.name)
            if let v = p.varArgs { parts.append("*" + v) } else if !p.keywordOnly.isEmpty { parts.append("*") }
            parts += p.keywordOnly.map(\.name)
            if let k = p.varKeywords { parts.append("**" + k) }
            return "Help on function \(f.code.name):\n\n\(f.code.name)(\(parts.joined(separator: ", ")))"
        case .object(let m as PyModule):
            return "Help on module \(m.name):\n\nNAME\n    \(m.name)\n\nCONTENTS\n" + m.attributeNames.map { "    " + $0 }.joined(separator: "\n")
        case .object(let t as PyType):
            return "Help on class \(t.name):\n\nclass \(t.name)\n" + t.methods.keys.sorted().map { "    " + $0 + "(...)" }.joined(separator: "\n")
        default:
            return "Help on \(v.typeName) object:\n\n" + interp.attributeNames(v).map { "    " + $0 }.joined(separator: "\n")
        }
    }
}
