/// The decorators that change how a class attribute binds (`@staticmethod`, `@classmethod`,
/// `@property`), and `super()`.

/// `staticmethod(f)`: called through a class or an instance without either.
public final class PyStaticMethod: PyObject {
    public let function: Value
    init(_ function: Value) { self.function = function }
    public override var type: PyType { .staticMethod }
    public override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        try interp.call(function, args)
    }
}

/// `classmethod(f)`: called with the class first.
public final class PyClassMethod: PyObject {
    public let function: Value
    init(_ function: Value) { self.function = function }
    public override var type: PyType { .classMethod }
}

/// `property(fget, fset, fdel, doc)`: an attribute computed by functions of the instance.
public final class PyProperty: PyObject {
    let getter: Value?, setter: Value?, deleter: Value?, doc: Value

    init(get: Value?, set: Value?, delete: Value?, doc: Value) {
        (getter, setter, deleter, self.doc) = (get, set, delete, doc)
    }

    public override var type: PyType { .property }

    func get(_ instance: Value, _ interp: Interpreter) throws -> Value {
        guard let getter else {
            throw ScriptError(.attributeError, "property of '\(instance.typeName)' object has no getter")
        }
        return try interp.call(getter, instance)
    }

    func set(_ instance: Value, _ value: Value, _ name: String, _ interp: Interpreter) throws {
        guard let setter else {
            throw ScriptError(.attributeError, "property '\(name)' of '\(instance.typeName)' object has no setter")
        }
        _ = try interp.call(setter, instance, value)
    }

    func delete(_ instance: Value, _ name: String, _ interp: Interpreter) throws {
        guard let deleter else {
            throw ScriptError(.attributeError, "property '\(name)' of '\(instance.typeName)' object has no deleter")
        }
        _ = try interp.call(deleter, instance)
    }

    static let members: [String: Member] = {
        var m = Members("property")
        func property(_ v: Value) -> PyProperty {
            if case .object(let p as PyProperty) = v { return p }
            return PyProperty(get: nil, set: nil, delete: nil, doc: .none)
        }
        m.method("getter(fget, /)  A copy of the property with this getter.") { v, a, _ in
            let p = property(v)
            return .object(PyProperty(get: a["fget"], set: p.setter, delete: p.deleter, doc: p.doc))
        }
        m.method("setter(fset, /)  A copy of the property with this setter (`@x.setter`).") { v, a, _ in
            let p = property(v)
            return .object(PyProperty(get: p.getter, set: a["fset"], delete: p.deleter, doc: p.doc))
        }
        m.method("deleter(fdel, /)  A copy of the property with this deleter.") { v, a, _ in
            let p = property(v)
            return .object(PyProperty(get: p.getter, set: p.setter, delete: a["fdel"], doc: p.doc))
        }
        m.property("fget", "The getter.") { v, _ in property(v).getter ?? .none }
        m.property("fset", "The setter.") { v, _ in property(v).setter ?? .none }
        m.property("__doc__", "The documentation.") { v, _ in property(v).doc }
        return m.table
    }()
}

/// `super()`: the attributes of the classes after `start` in the method resolution order of the
/// object's class, bound to the object.
public final class PySuper: PyObject {
    let start: PyType
    let object: Value
    /// The class whose method resolution order is searched (the object itself when it is a class).
    let objectType: PyType

    init(_ start: PyType, _ object: Value) throws {
        self.start = start
        self.object = object
        if case .object(let t as PyType) = object, t.isSubtype(of: start) {
            objectType = t
        } else {
            objectType = object.type
            guard objectType.isSubtype(of: start) else {
                throw ScriptError(.typeError, "super(type, obj): obj must be an instance or subtype of type")
            }
        }
    }

    public override var type: PyType { .superType }

    public override func repr(_ interp: Interpreter) throws -> String {
        "<super: <class '\(start.name)'>, <\(objectType.name) object>>"
    }

    public override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        let order = [objectType] + objectType.ancestors
        guard let i = order.firstIndex(where: { $0 === start }) else { return nil }
        let key = Value.string(name)
        let receiverIsClass: Bool
        if case .object(let t as PyType) = object, t === objectType {
            receiverIsClass = true
        } else {
            receiverIsClass = false
        }
        for t in order[(i + 1)...] {
            if let namespace = t.namespace, let v = namespace.get(name: key) {
                if case .object(let p as PyProperty) = v, !receiverIsClass { return try p.get(object, interp) }
                if receiverIsClass, case .object(let f as PyFunction) = v { return .object(f) }
                return PyType.bind(v, to: object, of: objectType)
            }
            if case .method(let signature, let body)? = t.members[name] {
                return .object(PyBoundMethod(object, signature, body))
            }
            if case .property(_, let get, _)? = t.members[name] { return try get(object, interp) }
            if name == "__init__" && t === PyType.object {
                // object.__init__ takes the instance only.
                return .object(
                    PyBuiltinFunction("__init__") { args, _ in
                        guard args.count == 0, args.keywords.isEmpty else {
                            throw ScriptError(
                                .typeError, "object.__init__() takes exactly one argument (the instance to initialize)")
                        }
                        return .none
                    })
            }
            if name == "__init__", t.exceptionKind != nil, t.namespace == nil,
                case .object(let e as PyException) = object
            {
                // BaseException.__init__ keeps the arguments.
                return .object(
                    PyBuiltinFunction("__init__") { args, _ in
                        e.args = args.positional
                        return .none
                    })
            }
        }
        return nil
    }
}

extension PyType {
    public static let method = PyType("method", base: object)
    public static let generator = PyType("generator", base: object, members: PyGenerator.members)
    public static let notImplementedType = PyType("NotImplementedType", base: object)
    public static let staticMethod = PyType(
        "staticmethod", base: object,
        signature: Signature("staticmethod(function, /)  A function a class's instances call without themselves.")
    ) { a, _ in .object(PyStaticMethod(a["function"])) }
    public static let classMethod = PyType(
        "classmethod", base: object,
        signature: Signature("classmethod(function, /)  A function called with the class as its first argument.")
    ) { a, _ in .object(PyClassMethod(a["function"])) }
    public static let property = PyType(
        "property", base: object, members: PyProperty.members,
        signature: Signature(
            "property(fget=None, fset=None, fdel=None, doc=None)  An attribute computed by a getter (and set by a setter)."
        )
    ) { a, _ in
        func given(_ name: String) -> Value? { a[name].isNone ? nil : a[name] }
        return .object(PyProperty(get: given("fget"), set: given("fset"), delete: given("fdel"), doc: a["doc"]))
    }
    public static let superType = PyType(
        "super", base: object,
        signature: Signature(
            "super(type=<unset>, object_or_type=<unset>, /)  The classes after type in the object's method resolution order."
        )
    ) { a, _ in
        guard let start = a.given("type"), let object = a.given("object_or_type") else {
            throw ScriptError(.runtimeError, "super(): no arguments")
        }
        guard case .object(let t as PyType) = start else {
            throw ScriptError(.typeError, "super() argument 1 must be a type, not \(start.typeName)")
        }
        return .object(try PySuper(t, object))
    }
}
