/// The built-in type objects. Their methods are attached in Builtins/*Methods.swift.
extension PyType {
    public static let object = PyType("object")
    public static let type = PyType("type", base: object) { args, interp in
        guard args.count == 1 else { throw ScriptError(.typeError, "type() takes 1 argument") }
        return .object(args[0].type)
    }
    public static let noneType = PyType("NoneType", base: object)
    public static let int = PyType("int", base: object, methods: IntMethods.table) { args, interp in
        try Conversions.toInt(args, interp)
    }
    public static let bool = PyType("bool", base: int) { args, interp in
        try args.expect("bool", 0...1)
        return .bool(args.count == 1 ? try interp.isTruthy(args[0]) : false)
    }
    public static let float = PyType("float", base: object, methods: FloatMethods.table) { args, interp in
        try Conversions.toFloat(args, interp)
    }
    public static let str = PyType("str", base: object, methods: StringMethods.table) { args, interp in
        try args.noKeywords("str")
        guard args.count <= 1 else { throw ScriptError(.typeError, "str() takes at most 1 argument (\(args.count) given)") }
        return .string(args.count == 1 ? try interp.str(args[0]) : "")
    }
    public static let list = PyType("list", base: object, methods: ListMethods.table) { args, interp in
        try args.expect("list", 0...1)
        return .list(PyList(args.count == 1 ? try interp.collect(args[0]) : []))
    }
    public static let tuple = PyType("tuple", base: object, methods: TupleMethods.table) { args, interp in
        try args.expect("tuple", 0...1)
        if args.count == 1, case .tuple = args[0] { return args[0] }
        return .tuple(PyTuple(args.count == 1 ? try interp.collect(args[0]) : []))
    }
    public static let dict = PyType("dict", base: object, methods: DictMethods.table) { args, interp in
        try DictMethods.construct(args, interp)
    }
    public static let set = PyType("set", base: object, methods: SetMethods.table) { args, interp in
        try args.expect("set", 0...1)
        let s = PySet()
        if args.count == 1 { for v in try interp.collect(args[0]) { try s.add(v) } }
        return .object(s)
    }
    public static let frozenset = PyType("frozenset", base: object, methods: SetMethods.table) { args, interp in
        try args.expect("frozenset", 0...1)
        let s = PySet(frozen: true)
        if args.count == 1 { for v in try interp.collect(args[0]) { try s.add(v) } }
        return .object(s)
    }
    public static let range = PyType("range", base: object) { args, interp in try Conversions.makeRange(args) }
    public static let slice = PyType("slice", base: object) { args, interp in
        try args.expect("slice", 1...3)
        if args.count == 1 { return .object(PySlice(.none, args[0], .none)) }
        return .object(PySlice(args[0], args[1], args.count > 2 ? args[2] : .none))
    }
    public static let function = PyType("function", base: object)
    public static let builtinFunction = PyType("builtin_function_or_method", base: object)
    public static let module = PyType("module", base: object)
    public static let iterator = PyType("iterator", base: object)
    public static let ellipsisType = PyType("ellipsis", base: object)
    public static let file = PyType("TextIOWrapper", base: object, methods: FileMethods.table)
    public static let dictKeys = PyType("dict_keys", base: object)
    public static let dictValues = PyType("dict_values", base: object)
    public static let dictItems = PyType("dict_items", base: object)

    /// Types of the lazy iterators returned by built-ins, by name.
    static let iteratorTypes: [String: PyType] = Dictionary(uniqueKeysWithValues:
        ["map", "filter", "zip", "enumerate", "reversed", "list_iterator", "generator"].map { ($0, PyType($0, base: object)) })

    /// One type object per built-in exception class.
    static let exceptionTypes: [ExceptionType: PyType] = {
        var types: [ExceptionType: PyType] = [:]
        func make(_ kind: ExceptionType) -> PyType {
            if let t = types[kind] { return t }
            let t = PyType(kind.rawValue, base: kind.parent.map(make) ?? object, exceptionKind: kind)
            types[kind] = t
            return t
        }
        for kind in ExceptionType.allCases { _ = make(kind) }
        return types
    }()

    public static var keyError: PyType { ExceptionType.keyError.pyType }
}
