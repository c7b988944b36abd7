/// The built-in type objects. Their methods are attached in Builtins/*Methods.swift.
extension PyType {
    public static let object = PyType("object")
    public static let type = PyType(
        "type", base: object,
        signature: Signature(
            """
            type(object_or_name, bases=<unset>, dict=<unset>, /)  The type of an object; with three arguments, a new \
            class, as a class statement makes it.
            bases: the new class's base classes, a tuple.
            dict: its namespace: methods and class attributes by name.
            """)
    ) { a, _ in
        guard let bases = a.given("bases") else { return .object(a["object_or_name"].type) }
        guard let dict = a.given("dict") else { throw ScriptError(.typeError, "type() takes 1 or 3 arguments") }
        return .object(try newClass(a["object_or_name"], bases, dict))
    }

    /// `type(name, bases, dict)`.
    static func newClass(_ name: Value, _ bases: Value, _ dict: Value) throws -> PyType {
        func argument(_ n: Int, _ kind: String, _ v: Value) -> ScriptError {
            ScriptError(.typeError, "type.__new__() argument \(n) must be \(kind), not \(v.typeName)")
        }
        guard case .str(let name) = name else { throw argument(1, "str", name) }
        guard case .tuple(let bases) = bases else { throw argument(2, "tuple", bases) }
        guard case .dict(let given) = dict else { throw argument(3, "dict", dict) }
        let types = try bases.items.map { base -> PyType in
            guard case .object(let t as PyType) = base else { throw ScriptError(.typeError, "bases must be types") }
            return t
        }
        let namespace = PyDict()
        namespace.set("__module__", .string("__main__"))
        for (key, value) in given.items { try namespace.set(key, value) }
        if try namespace.get(.string("__qualname__")) == nil { namespace.set("__qualname__", .str(name)) }
        return try makeClass(name.value, bases: types, namespace: namespace)
    }
    public static let noneType = PyType("NoneType", base: object)
    public static let int = PyType(
        "int", base: object, members: IntMethods.members,
        signature: Signature(
            """
            int(x=0, /, base=10)  An integer from a number (truncated towards 0) or from a string in the base.
            """)
    ) { a, interp in
        try Conversions.toInt(a["x"], base: a.given("base"), interp)
    }
    public static let bool = PyType(
        "bool", base: int, signature: Signature("bool(x=False, /)  True or False, by the truth of x.")
    ) { a, interp in
        .bool(try a.bool("x"))
    }
    public static let float = PyType(
        "float", base: object, members: FloatMethods.members,
        signature: Signature(
            """
            float(x=0.0, /)  A floating-point number from a number or a string.
            """)
    ) { a, interp in
        try Conversions.toFloat(a["x"], interp)
    }
    public static let str = PyType(
        "str", base: object, members: StringMethods.members,
        signature: Signature(
            """
            str(object='', encoding='utf-8', errors='strict')  The object as text (what print shows).
            """, refusing: ["encoding", "errors"])
    ) { a, interp in
        .string(try interp.str(a["object"]))
    }
    public static let list = PyType(
        "list", base: object, members: ListMethods.members,
        signature: Signature(
            """
            list(iterable=(), /)  A new list of the iterable's items.
            """)
    ) { a, interp in
        .list(PyList(try interp.collect(a["iterable"])))
    }
    public static let tuple = PyType(
        "tuple", base: object, members: TupleMethods.members,
        signature: Signature(
            """
            tuple(iterable=(), /)  A tuple of the iterable's items.
            """)
    ) { a, interp in
        if case .tuple = a["iterable"] { return a["iterable"] }
        return .tuple(PyTuple(try interp.collect(a["iterable"])))
    }
    public static let dict = PyType(
        "dict", base: object, members: DictMethods.members,
        signature: Signature(
            """
            dict(iterable=<unset>, /, **kwargs)  A dict from a mapping or from (key, value) pairs, then the keyword pairs.
            """)
    ) { a, interp in
        let d = PyDict()
        if let source = a.given("iterable") { try DictMethods.update(d, source, interp) }
        for (k, v) in a.keywords { d.set(k, v) }
        return .dict(d)
    }
    public static let set = PyType(
        "set", base: object, members: SetMethods.members,
        signature: Signature(
            """
            set(iterable=(), /)  A new set of the iterable's items.
            """)
    ) { a, interp in
        try SetMethods.make(a["iterable"], frozen: false, interp)
    }
    public static let frozenset = PyType(
        "frozenset", base: object, members: SetMethods.members,
        signature: Signature(
            """
            frozenset(iterable=(), /)  An immutable set of the iterable's items.
            """)
    ) { a, interp in
        try SetMethods.make(a["iterable"], frozen: true, interp)
    }
    public static let range = PyType(
        "range", base: object,
        signature: Signature(
            """
            range(start, stop=<unset>, step=<unset>, /)  The integers from start (0 when only stop is given) up to stop, \
            by step.
            """)
    ) { a, _ in
        try Conversions.makeRange([a["start"]] + [a.given("stop"), a.given("step")].compactMap { $0 })
    }
    public static let slice = PyType(
        "slice", base: object,
        signature: Signature(
            """
            slice(start, stop=<unset>, step=None, /)  The slice start:stop:step (slice(stop) when only one is given).
            """)
    ) { a, _ in
        guard let stop = a.given("stop") else { return .object(PySlice(.none, a["start"], .none)) }
        return .object(PySlice(a["start"], stop, a["step"]))
    }
    public static let function: PyType = {
        var m = Members("function")
        func function(_ v: Value) -> PyFunction? {
            if case .object(let f as PyFunction) = v { return f }
            return nil
        }
        for (name, about) in [("__name__", "The function's name."), ("__qualname__", "The function's dotted path.")] {
            m.property(
                name, about,
                { v, _ in .string((name == "__name__" ? function(v)?.name : function(v)?.qualifiedName) ?? "") },
                set: { v, value, interp in try function(v)?.setAttribute(name, value, interp) })
        }
        m.property(
            "__doc__", "The function's documentation (its docstring).",
            { v, _ in function(v)?.dict.get(name: Interned.key("__doc__")) ?? function(v)?.code.docstring ?? .none },
            set: { v, value, _ in function(v)?.dict.set("__doc__", value) })
        m.property("__defaults__", "The defaults of its positional parameters.") { v, _ in
            guard let f = function(v), !f.defaults.isEmpty else { return .none }
            return .tuple(PyTuple(f.defaults))
        }
        return PyType("function", base: object, members: m.table)
    }()
    public static let builtinFunction: PyType = {
        var m = Members("builtin_function_or_method")
        m.property("__name__", "The function's name.") { v, _ in
            switch v {
            case .object(let f as PyBuiltinFunction): return .string(f.name)
            case .object(let b as PyBoundMethod): return .string(b.name)
            default: return .string("")
            }
        }
        return PyType("builtin_function_or_method", base: object, members: m.table)
    }()
    public static let module = PyType("module", base: object)
    public static let iterator = PyType("iterator", base: object)
    public static let ellipsisType = PyType("ellipsis", base: object)
    public static let file = PyType("TextIOWrapper", base: object, members: FileMethods.members)
    public static let dictKeys = PyType("dict_keys", base: object)
    public static let dictValues = PyType("dict_values", base: object)
    public static let dictItems = PyType("dict_items", base: object)

    /// Types of the lazy iterators returned by built-ins, by name.
    static let iteratorTypes: [String: PyType] = Dictionary(
        uniqueKeysWithValues: ["map", "filter", "zip", "enumerate", "reversed", "list_iterator", "generator"].map {
            ($0, PyType($0, base: object))
        })

    /// One type object per built-in exception class.
    static let exceptionTypes: [ExceptionType: PyType] = {
        var types: [ExceptionType: PyType] = [:]
        func make(_ kind: ExceptionType) -> PyType {
            if let t = types[kind] { return t }
            let parent = kind.parent.map(make)
            let t = PyType(
                kind.rawValue, base: parent ?? object, members: parent == nil ? exceptionMembers : [:],
                exceptionKind: kind)
            types[kind] = t
            return t
        }
        for kind in ExceptionType.allCases { _ = make(kind) }
        return types
    }()

    /// What every exception has: its arguments.
    static let exceptionMembers: [String: Member] = {
        var m = Members("BaseException")
        m.property("args", "The arguments the exception was made with.") { v, _ in
            guard case .object(let e as PyException) = v else { return .tuple(PyTuple([])) }
            return .tuple(PyTuple(e.args))
        }
        return m.table
    }()

    public static var keyError: PyType { ExceptionType.keyError.pyType }
}
