/// `copy.copy` and `copy.deepcopy`, with CPython's rules: immutable values, functions, classes
/// and modules are their own copies; containers and instances are rebuilt (a deep copy rebuilds
/// what they hold too, once per object, so shared and cyclic structure survives); a class's
/// `__copy__` / `__deepcopy__` and a library type's members of those names take over.
public struct Copier {
    let interp: Interpreter
    let deep: Bool
    /// The deep copy's memo: the copies made so far, keyed by the original's `id()`; a script's
    /// `__deepcopy__(memo)` gets it, and passing it on to `deepcopy(x, memo)` shares it.
    let memo: PyDict

    public init(_ interp: Interpreter, deep: Bool, memo: PyDict? = nil) {
        self.interp = interp
        self.deep = deep
        self.memo = memo ?? PyDict()
    }

    public mutating func copy(_ v: Value) throws -> Value {
        guard let id = identity(v) else { return v }
        if deep, let done = memo.get(name: .int(id.hashValue)) { return done }
        let result = try copyObject(v)
        if deep { remember(id, result) }
        return result
    }

    private func remember(_ id: ObjectIdentifier, _ copy: Value) {
        memo.table.insertHashable(HashKey(unchecked: .int(id.hashValue)), copy)
    }

    private func identity(_ v: Value) -> ObjectIdentifier? {
        switch v {
        case .list(let l): return ObjectIdentifier(l)
        case .dict(let d): return ObjectIdentifier(d)
        case .tuple(let t): return deep && !t.items.isEmpty ? ObjectIdentifier(t) : nil
        case .object(let o):
            if o is PyFunction || o is PyBuiltinFunction || o is PyType || o is PyModule || o is PyBigInt
                || o is PyRange || o is PyBoundMethod || o is PyMethod
            {
                return nil
            }
            if let s = o as? PySet, s.frozen && !deep { return nil }
            return ObjectIdentifier(o)
        default: return nil
        }
    }

    /// Rebuilds the items of a container: themselves for a shallow copy, their copies for a deep one.
    private mutating func items(_ values: [Value]) throws -> [Value] {
        deep ? try values.map { try copy($0) } : values
    }

    private mutating func copyObject(_ v: Value) throws -> Value {
        switch v {
        case .list(let l):
            let result = PyList()
            if deep { remember(ObjectIdentifier(l), .list(result)) }
            result.items = try items(l.items)
            return .list(result)
        case .dict(let d):
            let result = PyDict(flavor: d.flavor?.copied())
            if deep { remember(ObjectIdentifier(d), .dict(result)) }
            for (k, value) in d.items { try result.set(try items([k])[0], try items([value])[0]) }
            return .dict(result)
        case .tuple(let t):
            let copied = try items(t.items)
            // A tuple whose items are all their own copies is its own copy.
            if zip(copied, t.items).allSatisfy({ Bound.identical($0, $1) }) { return v }
            return .tuple(PyTuple(copied, flavor: t.flavor))
        case .object(let s as PySet):
            let result = PySet(frozen: s.frozen)
            for e in try items(s.elements) { try result.add(e) }
            return .object(result)
        case .object(let o):
            return try copyInstance(o, v)
        default:
            return v
        }
    }

    private mutating func copyInstance(_ o: PyObject, _ v: Value) throws -> Value {
        let hook = deep ? "__deepcopy__" : "__copy__"
        if let method = try? interp.getAttribute(v, hook) {
            return try interp.call(method, deep ? [.dict(memo)] : [])
        }
        guard let instance = o as? PyInstance, instance.native == nil, instance.cls.exceptionKind == nil else {
            throw ScriptError(.typeError, "cannot pickle '\(v.type.qualifiedName)' object")
        }
        let result = PyInstance(instance.cls, interp)
        if deep { remember(ObjectIdentifier(o), .object(result)) }
        for (k, value) in instance.dict.items { try result.dict.set(k, try items([value])[0]) }
        return .object(result)
    }
}

extension Interpreter {
    /// `Interpreter.call` with an array of positional arguments.
    func call(_ callee: Value, _ positional: [Value]) throws -> Value { try call(callee, Arguments(positional)) }
}
