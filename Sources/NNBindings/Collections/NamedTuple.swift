import NNLang

/// A class `collections.namedtuple` made: its values are tuples whose items are also attributes.
final class NamedTupleFlavor: ContainerFlavor, @unchecked Sendable {
    let fields: [String]
    /// The name its repr starts with: the class's, or a struct sequence's dotted name (`sys.float_info`).
    var displayName: String

    init(type: PyType, fields: [String]) {
        self.fields = fields
        displayName = type.name
        super.init(type: type)
    }

    /// A value like CPython's struct sequences (`sys.version_info`): a named tuple of `module.name`.
    static func structSequence(
        _ name: String, module: String, _ pairs: KeyValuePairs<String, Value>, _ interp: Interpreter
    ) throws -> Value {
        let type = try makeType(name, pairs.map(\.key), [:], module: .string(module), interp)
        guard case .tuple(let t) = try interp.call(.object(type), Arguments(pairs.map(\.value))) else { return .none }
        (t.flavor as? NamedTupleFlavor)?.displayName = "\(module).\(name)"
        return .tuple(t)
    }

    /// `namedtuple(typename, field_names, *, rename=False, defaults=None, module=None)`.
    static func makeClass(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let typename = try a.string("typename")
        var fields: [String]
        if case .str(let s) = a["field_names"] {
            fields = s.value.replacingOccurrences(of: ",", with: " ").split(separator: " ").map(String.init)
        } else {
            fields = try interp.collect(a["field_names"]).map { try interp.str($0) }
        }
        let rename = try a.bool("rename")
        var seen = Set<String>()
        for (i, name) in fields.enumerated() {
            if rename && (!isIdentifier(name) || name.hasPrefix("_") || seen.contains(name)) {
                fields[i] = "_\(i)"
            }
            seen.insert(fields[i])
        }
        seen.removeAll()
        for name in [typename] + fields {
            guard isIdentifier(name) else {
                throw ScriptError(.valueError, "Type names and field names must be valid identifiers: \(quote(name))")
            }
        }
        for name in fields {
            if name.hasPrefix("_") && !rename {
                throw ScriptError(.valueError, "Field names cannot start with an underscore: \(quote(name))")
            }
            if !seen.insert(name).inserted {
                throw ScriptError(.valueError, "Encountered duplicate field name: \(quote(name))")
            }
        }
        let defaults = try a.optional("defaults").map { try interp.collect($0) } ?? []
        guard defaults.count <= fields.count else {
            throw ScriptError(.typeError, "Got more defaults than field names")
        }
        let defaulted = Dictionary(uniqueKeysWithValues: zip(fields.suffix(defaults.count), defaults))
        return .object(try makeType(typename, fields, defaulted, module: a.optional("module"), interp))
    }

    static func quote(_ s: String) -> String { StringRepr.quote(s) }

    static func isIdentifier(_ s: String) -> Bool { s.isIdentifier && !pythonKeywords.contains(s) }

    static func makeType(
        _ typename: String, _ fields: [String], _ defaults: [String: Value], module: Value?, _ interp: Interpreter
    ) throws -> PyType {
        var m = Members(typename, style: .python(countsSelf: true))
        for (i, field) in fields.enumerated() {
            m.property(field, "Alias for field number \(i)") { v, _ in
                guard case .tuple(let t) = v, i < t.items.count else { return .none }
                return t.items[i]
            }
        }
        m.method("_asdict()  A dict of the fields and their values.") { v, _, _ in
            let d = PyDict()
            guard case .tuple(let t) = v else { return .dict(d) }
            for (name, item) in zip(fields, t.items) { d.set(name, item) }
            return .dict(d)
        }
        m.method("_replace(**kwds)  A new value with the named fields replaced.") { v, a, _ in
            guard case .tuple(let t) = v else { return v }
            var items = t.items
            var unknown: [String] = []
            for (name, value) in a.keywords {
                if let i = fields.firstIndex(of: name) { items[i] = value } else { unknown.append(name) }
            }
            guard unknown.isEmpty else {
                throw ScriptError(
                    .valueError, "Got unexpected field names: [\(unknown.map(quote).joined(separator: ", "))]")
            }
            return .tuple(PyTuple(items, flavor: t.flavor))
        }
        let parameters = fields.map { defaults[$0] == nil ? $0 : "\($0)=<unset>" }.joined(separator: ", ")
        let signature = Signature(
            "\(typename)(\(parameters))  A new \(typename).", style: .python(countsSelf: false),
            errorName: "\(typename).__new__")
        var flavor: NamedTupleFlavor?
        let t = PyType(typename, base: .tuple, members: m.table, signature: signature) { a, _ in
            .tuple(PyTuple(fields.map { a.given($0) ?? defaults[$0] ?? .none }, flavor: flavor))
        }
        flavor = NamedTupleFlavor(type: t, fields: fields)
        t.moduleName = try module.map { try interp.str($0) } ?? "__main__"
        t.classValues["_fields"] = .tuple(PyTuple(fields.map { .string($0) }))
        let fieldDefaults = PyDict()
        for field in fields { if let d = defaults[field] { fieldDefaults.set(field, d) } }
        t.classValues["_field_defaults"] = .dict(fieldDefaults)
        t.classValues["_make"] = .object(
            PyBuiltinFunction("_make") { args, interp in
                guard let source = args.positional.first else {
                    throw ScriptError(.typeError, "_make() missing 1 required positional argument: 'iterable'")
                }
                let items = try interp.collect(source)
                guard items.count == fields.count else {
                    throw ScriptError(.typeError, "Expected \(fields.count) arguments, got \(items.count)")
                }
                return .tuple(PyTuple(items, flavor: flavor))
            })
        return t
    }

    override func repr(_ value: Value, _ interp: Interpreter) throws -> String? {
        guard case .tuple(let t) = value else { return nil }
        let parts = try zip(fields, t.items).map { "\($0)=\(try interp.repr($1))" }
        return "\(displayName)(\(parts.joined(separator: ", ")))"
    }
}
