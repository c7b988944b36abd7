import NNLang

/// `dataclasses`: `@dataclass` reads a class's annotated fields (and their defaults, or `field(...)`)
/// and gives it `__init__`, `__repr__`, `__eq__` and, with `order=True`, the orderings; `field`,
/// `fields`, `asdict`, `astuple`.
enum DataclassesModule {
    /// One field: its name, and its default value or factory.
    struct Field {
        let name: String
        var defaultValue: Value?
        var factory: Value?
    }

    static let fieldsKey = "__dataclass_fields__"

    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("dataclasses", style: .python(countsSelf: false))
        m.def(
            """
            dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False, \
            match_args=True, kw_only=False, slots=False, weakref_slot=False)
            Gives a class with annotated fields its __init__, __repr__ and __eq__ (and orderings with order=True).
            """, refusing: ["unsafe_hash", "frozen", "kw_only", "slots", "weakref_slot"]
        ) { a, interp in
            let options = (
                initializer: try a.bool("init"), repr: try a.bool("repr"), eq: try a.bool("eq"),
                order: try a.bool("order")
            )
            if options.order && !options.eq { throw ScriptError(.valueError, "eq must be true if order is true") }
            func decorate(_ cls: Value) throws -> Value {
                guard case .object(let type as PyType) = cls, type.namespace != nil else {
                    throw ScriptError(.typeError, "dataclass() should be called on a class")
                }
                try process(type, options, interp)
                return cls
            }
            if !a["cls"].isNone { return try decorate(a["cls"]) }
            return .object(PyBuiltinFunction("wrap") { args, _ in try decorate(args.positional.first ?? .none) })
        }
        m.def(
            "field(*, default=<unset>, default_factory=<unset>, init=True, repr=True, hash=None, compare=True, metadata=None, kw_only=<unset>)  A field's default (or a function making it).",
            refusing: ["init", "repr", "hash", "compare", "metadata", "kw_only"]
        ) { a, _ in
            if a.given("default") != nil && a.given("default_factory") != nil {
                throw ScriptError(.valueError, "cannot specify both default and default_factory")
            }
            return .object(PyField(defaultValue: a.given("default"), factory: a.given("default_factory")))
        }
        m.def("fields(class_or_instance)  The fields' names, as field objects.") { a, interp in
            .tuple(PyTuple(try fields(of: a["class_or_instance"], interp).map { .object(PyField(name: $0.name)) }))
        }
        m.def("asdict(obj)  The fields as a dict, nested dataclasses, lists and dicts converted too.") { a, interp in
            try convert(a["obj"], asDict: true, interp)
        }
        m.def("astuple(obj)  The fields as a tuple, nested dataclasses converted too.") { a, interp in
            try convert(a["obj"], asDict: false, interp)
        }
        m.def("is_dataclass(obj)  Whether obj is a dataclass or an instance of one.") { a, _ in
            let type: PyType
            if case .object(let t as PyType) = a["obj"] { type = t } else { type = a["obj"].type }
            return .bool(type.lookupClassAttribute(Interned.key(fieldsKey)) != nil)
        }
        return m.build()
    }

    /// The fields of a class and its dataclass bases, bases' first, as `dataclass` recorded them.
    static func fields(of v: Value, _ interp: Interpreter) throws -> [Field] {
        let type: PyType
        if case .object(let t as PyType) = v { type = t } else { type = v.type }
        guard case .object(let record as PyFieldList)? = type.lookupClassAttribute(Interned.key(fieldsKey)) else {
            throw ScriptError(.typeError, "must be called with a dataclass type or instance")
        }
        return record.fields
    }

    static func process(
        _ type: PyType, _ options: (initializer: Bool, repr: Bool, eq: Bool, order: Bool), _ interp: Interpreter
    ) throws {
        let namespace = type.namespace!
        var fields: [Field] = []
        for base in type.ancestors.reversed() {
            guard let own = base.namespace,
                case .object(let inherited as PyFieldList)? = own.get(name: Interned.key(fieldsKey))
            else { continue }
            for f in inherited.fields {
                if let i = fields.firstIndex(where: { $0.name == f.name }) { fields[i] = f } else { fields.append(f) }
            }
        }
        if case .dict(let annotations)? = namespace.get(name: Interned.key("__annotations__")) {
            for key in annotations.keys {
                guard let name = key.stringValue else { continue }
                var field = Field(name: name)
                switch namespace.get(name: Interned.key(name)) {
                case .object(let f as PyField)?:
                    (field.defaultValue, field.factory) = (f.defaultValue, f.factory)
                    // The class attribute is the default itself, as in Python.
                    if let d = f.defaultValue {
                        namespace.set(name, d)
                    } else {
                        _ = try namespace.remove(.string(name))
                    }
                case let value?: field.defaultValue = value
                case nil: break
                }
                if let d = field.defaultValue, case .list = d {
                    throw ScriptError(
                        .valueError,
                        "mutable default <class 'list'> for field \(name) is not allowed: use default_factory")
                }
                if let d = field.defaultValue, case .dict = d {
                    throw ScriptError(
                        .valueError,
                        "mutable default <class 'dict'> for field \(name) is not allowed: use default_factory")
                }
                if let i = fields.firstIndex(where: { $0.name == name }) {
                    fields[i] = field
                } else {
                    fields.append(field)
                }
            }
        }
        var sawDefault = false
        for f in fields {
            if f.defaultValue != nil || f.factory != nil {
                sawDefault = true
            } else if sawDefault {
                throw ScriptError(.typeError, "non-default argument '\(f.name)' follows default argument")
            }
        }
        try type.setAttribute(fieldsKey, .object(PyFieldList(fields)), interp)
        let qualified = type.attributeValue("__qualname__") ?? type.name
        func method(_ name: String, _ body: @escaping (Value, Arguments, Interpreter) throws -> Value) throws {
            let f = PyBuiltinFunction(name) { args, interp in
                guard let receiver = args.positional.first else {
                    throw ScriptError(
                        .typeError, "\(qualified).\(name)() missing 1 required positional argument: 'self'")
                }
                return try body(receiver, Arguments(Array(args.positional.dropFirst()), args.keywords), interp)
            }
            f.bindsToInstance = true
            try type.setAttribute(name, .object(f), interp)
        }
        if options.initializer && namespace.get(name: Interned.key("__init__")) == nil {
            try method("__init__") { receiver, args, interp in
                try initialize(receiver, args, fields, "\(qualified).__init__", interp)
                return .none
            }
        }
        if options.repr && namespace.get(name: Interned.key("__repr__")) == nil {
            try method("__repr__") { receiver, _, interp in
                let parts = try fields.map {
                    "\($0.name)=\(try interp.repr(try interp.getAttribute(receiver, $0.name)))"
                }
                return .string("\(qualified)(\(parts.joined(separator: ", ")))")
            }
        }
        func values(_ v: Value) throws -> Value {
            .tuple(PyTuple(try fields.map { try interp.getAttribute(v, $0.name) }))
        }
        if options.eq && namespace.get(name: Interned.key("__eq__")) == nil {
            try method("__eq__") { receiver, args, interp in
                guard let other = args.positional.first, other.type === receiver.type else {
                    return .object(PyNotImplemented.shared)
                }
                return try Operators.compare(.equal, try values(receiver), try values(other), interp)
            }
        }
        if options.order {
            for (name, op) in [
                ("__lt__", CompareOperator.less), ("__le__", .lessEqual), ("__gt__", .greater),
                ("__ge__", .greaterEqual),
            ] {
                try method(name) { receiver, args, interp in
                    guard let other = args.positional.first, other.type === receiver.type else {
                        return .object(PyNotImplemented.shared)
                    }
                    return try Operators.compare(op, try values(receiver), try values(other), interp)
                }
            }
        }
    }

    /// The generated `__init__`: the arguments bound to the fields as a def with those parameters
    /// would bind them, defaults and factories filling the rest, then `__post_init__`.
    static func initialize(
        _ receiver: Value, _ args: Arguments, _ fields: [Field], _ name: String, _ interp: Interpreter
    ) throws {
        guard args.positional.count <= fields.count else {
            let required = fields.filter { $0.defaultValue == nil && $0.factory == nil }.count
            let takes = required == fields.count ? "\(fields.count + 1)" : "from \(required + 1) to \(fields.count + 1)"
            throw ScriptError(
                .typeError,
                "\(name)() takes \(takes) positional argument\(fields.isEmpty ? "" : "s") but \(args.positional.count + 1) were given"
            )
        }
        var values: [Value?] = args.positional + Array(repeating: nil, count: fields.count - args.positional.count)
        for (key, value) in args.keywords {
            guard let i = fields.firstIndex(where: { $0.name == key }) else {
                throw ScriptError(.typeError, "\(name)() got an unexpected keyword argument '\(key)'")
            }
            if values[i] != nil { throw ScriptError(.typeError, "\(name)() got multiple values for argument '\(key)'") }
            values[i] = value
        }
        let missing = fields.indices.filter {
            values[$0] == nil && fields[$0].defaultValue == nil && fields[$0].factory == nil
        }
        if !missing.isEmpty {
            let names = missing.map { "'\(fields[$0].name)'" }
            let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
            throw ScriptError(
                .typeError,
                "\(name)() missing \(names.count) required positional argument\(names.count == 1 ? "" : "s"): \(list)")
        }
        for (i, f) in fields.enumerated() {
            let value = try values[i] ?? f.defaultValue ?? interp.call(f.factory!, Arguments())
            try interp.setAttribute(receiver, f.name, value)
        }
        if let post = try? interp.getAttribute(receiver, "__post_init__") { _ = try interp.call(post, Arguments()) }
    }

    static func convert(_ v: Value, asDict: Bool, _ interp: Interpreter) throws -> Value {
        let isDataclass: Bool
        if case .object(let i as PyInstance) = v, i.cls.lookupClassAttribute(Interned.key(fieldsKey)) != nil {
            isDataclass = true
        } else {
            isDataclass = false
        }
        if isDataclass {
            let items = try fields(of: v, interp).map {
                ($0.name, try convert(try interp.getAttribute(v, $0.name), asDict: asDict, interp))
            }
            if !asDict { return .tuple(PyTuple(items.map { $0.1 })) }
            let d = PyDict()
            for (k, value) in items { d.set(k, value) }
            return .dict(d)
        }
        switch v {
        case .list(let l): return .list(PyList(try l.items.map { try convert($0, asDict: asDict, interp) }))
        case .tuple(let t): return .tuple(PyTuple(try t.items.map { try convert($0, asDict: asDict, interp) }))
        case .dict(let d):
            let copy = PyDict()
            for (k, value) in d.items {
                try copy.set(try convert(k, asDict: asDict, interp), try convert(value, asDict: asDict, interp))
            }
            return .dict(copy)
        default: return v
        }
    }
}

/// `dataclasses.field(...)`, and the field objects `fields()` returns.
final class PyField: PyObject {
    let name: String?
    let defaultValue: Value?, factory: Value?
    init(name: String? = nil, defaultValue: Value? = nil, factory: Value? = nil) {
        (self.name, self.defaultValue, self.factory) = (name, defaultValue, factory)
    }
    static let fieldType = PyType("Field", base: .object)
    override var type: PyType { PyField.fieldType }
    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "name" ? self.name.map { .string($0) } ?? Value.none : nil
    }
    override func repr(_ interp: Interpreter) throws -> String {
        "Field(name=\(try interp.repr(name.map { .string($0) } ?? .none)))"
    }
}

/// What `@dataclass` records on the class (`__dataclass_fields__`).
final class PyFieldList: PyObject {
    let fields: [DataclassesModule.Field]
    init(_ fields: [DataclassesModule.Field]) { self.fields = fields }
}

extension PyType {
    /// A str attribute of a script class's namespace.
    func attributeValue(_ name: String) -> String? { namespace?.get(name: Interned.key(name))?.stringValue }
}
