/// Classes a script defines (`class` statements): their creation with the C3 method resolution
/// order, instantiation, attribute lookup in Python's order, and methods bound to instances.
extension PyType {
    /// The class a `class` statement makes from its name, bases and namespace.
    static func makeClass(_ name: String, bases given: [PyType], namespace: PyDict) throws -> PyType {
        let bases = given.isEmpty ? [PyType.object] : given
        for (i, base) in bases.enumerated() {
            if bases[..<i].contains(where: { $0 === base }) {
                throw ScriptError(.typeError, "duplicate base class \(base.name)")
            }
            guard base.acceptsSubclasses else {
                throw ScriptError(.notImplementedError, "nn cannot make subclasses of '\(base.name)', for now")
            }
        }
        return PyType(scriptClass: name, bases: bases, ancestors: try linearization(bases), namespace: namespace)
    }

    /// An exception class a library defines (`json.JSONDecodeError`): made as a script's class is,
    /// so its instances take attributes (`e.pos`) and scripts may derive from it.
    public static func libraryException(_ name: String, module: String, base: ExceptionType) -> PyType {
        let namespace = PyDict()
        namespace.set("__module__", .string(module))
        let t = PyType(
            scriptClass: name, bases: [base.pyType], ancestors: [base.pyType] + base.pyType.ancestors,
            namespace: namespace)
        t.moduleName = module
        return t
    }

    /// Whether a script's class may derive from this type: object, the exceptions, script classes
    /// and the library types that say so.
    var acceptsSubclasses: Bool {
        namespace != nil || self === PyType.object || exceptionKind != nil || allowsSubclasses
    }

    /// C3 linearisation: the merge of the bases' method resolution orders and the list of bases,
    /// taking each time the first head that is in no other list's tail.
    static func linearization(_ bases: [PyType]) throws -> [PyType] {
        var lists = bases.map { [$0] + $0.ancestors } + [bases]
        var result: [PyType] = []
        while true {
            lists.removeAll { $0.isEmpty }
            if lists.isEmpty { return result }
            let heads = lists.map { $0[0] }
            guard let head = heads.first(where: { h in !lists.contains { $0.dropFirst().contains { $0 === h } } })
            else {
                throw ScriptError(
                    .typeError,
                    "Cannot create a consistent method resolution order (MRO) for bases \(bases.map(\.name).joined(separator: ", "))"
                )
            }
            result.append(head)
            lists = lists.map { $0[0] === head ? Array($0.dropFirst()) : $0 }
        }
    }

    /// An attribute in the namespaces of this class and its ancestors, in method resolution order;
    /// remembered for interned names until a script class changes.
    public func lookupClassAttribute(_ key: Value) -> Value? {
        guard case .str(let s) = key, s.isInterned else { return searchNamespaces(key) }
        if cacheEpoch != PyType.classEpoch {
            cachedNames.removeAll(keepingCapacity: true)
            cachedValues.removeAll(keepingCapacity: true)
            cacheEpoch = PyType.classEpoch
        }
        // A class looks up few names: a scan comparing identities beats hashing.
        for i in cachedNames.indices where cachedNames[i] === s { return cachedValues[i] }
        let found = searchNamespaces(key)
        if cachedNames.count < 64 {
            cachedNames.append(s)
            cachedValues.append(found)
        }
        return found
    }

    private func searchNamespaces(_ key: Value) -> Value? {
        if let namespace, let v = namespace.get(name: key) { return v }
        for t in ancestors { if let namespace = t.namespace, let v = namespace.get(name: key) { return v } }
        return nil
    }

    /// `C.name` for a script class: functions as they are, class methods bound to the class, static
    /// methods' functions, other values (properties among them) as they are.
    func classAttribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        guard namespace != nil, let v = lookupClassAttribute(.string(name)) else { return nil }
        switch v {
        case .object(let m as PyClassMethod): return .object(PyMethod(m.function, receiver: .object(self)))
        case .object(let m as PyStaticMethod): return m.function
        default: return v
        }
    }

    /// Calling a script class: a new instance (an exception for exception classes), then `__init__`.
    func instantiate(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        let instance: Value =
            exceptionKind != nil ? .object(PyException(self, args.positional)) : .object(PyInstance(self, interp))
        if let initializer = lookupClassAttribute(Dunder.initializer) {
            let result = try callAttribute(initializer, on: instance, args, interp)
            guard result.isNone else {
                throw ScriptError(.typeError, "__init__() should return None, not '\(result.typeName)'")
            }
        } else if let initializer = lookupMethod("__init__") {
            _ = try initializer(instance, args, interp)
        } else if exceptionKind == nil && (args.count > 0 || !args.keywords.isEmpty) {
            throw ScriptError(.typeError, "\(name)() takes no arguments")
        }
        if case .object(let made as PyInstance) = instance {
            attributeCountHint = max(attributeCountHint, made.dict.count)
        }
        return instance
    }

    /// Calls a class attribute on an instance (`__init__`, a special method): a script function
    /// straight into its frame with the instance first, anything else through its binding.
    public func callAttribute(
        _ found: Value, on instance: Value, _ args: Arguments, _ interp: Interpreter
    ) throws -> Value {
        if case .object(let f as PyFunction) = found {
            return try interp.callMethod(.object(f), receiver: instance, args)
        }
        return try interp.call(PyType.bind(found, to: instance, of: self), args)
    }

    /// A class attribute seen through an instance (Python's descriptors): functions become methods
    /// bound to the instance, class methods bound to its class, static methods their function.
    static func bind(_ v: Value, to instance: Value, of type: PyType) -> Value {
        switch v {
        case .object(let f as PyFunction): return .object(PyMethod(.object(f), receiver: instance))
        case .object(let f as PyBuiltinFunction) where f.bindsToInstance:
            return .object(PyMethod(.object(f), receiver: instance))
        case .object(let m as PyClassMethod): return .object(PyMethod(m.function, receiver: .object(type)))
        case .object(let m as PyStaticMethod): return m.function
        default: return v
        }
    }
}

/// Attribute lookup on instances of script classes (plain objects and exceptions alike), in
/// Python's order: data descriptors (properties) of the class, the instance's own attributes, the
/// class's attributes (methods bound), then the class's `__getattr__`.
/// What a class holds under one name, remembered by the node that looks the name up (an inline
/// cache), while no script class has changed.
struct ClassAttributeCache {
    private var cls: PyType?
    private var epoch = -1
    private var value: Value?

    /// What `type` holds under `key` (`lookupClassAttribute`).
    mutating func value(_ type: PyType, _ key: Value) -> Value? {
        if type !== cls || epoch != PyType.classEpoch {
            cls = type
            epoch = PyType.classEpoch
            value = type.lookupClassAttribute(key)
        }
        return value
    }

    /// Whether `type` holds nothing under `key` (so an instance's own attribute of that name is its value).
    mutating func holdsNothing(_ type: PyType, _ key: Value) -> Bool { value(type, key) == nil }
}

enum InstanceAttributes {
    static func get(
        _ instance: Value, _ type: PyType, _ dict: PyDict, _ name: String, _ interp: Interpreter, key: Value? = nil
    ) throws -> Value? {
        let key = key ?? Interned.key(name)
        let classValue = type.lookupClassAttribute(key)
        if case .object(let p as PyProperty)? = classValue { return try p.get(instance, interp) }
        if let v = dict.get(name: key) { return v }
        if let classValue { return PyType.bind(classValue, to: instance, of: type) }
        switch name {
        case "__dict__": return .dict(dict)
        case "__class__": return .object(type)
        default: break
        }
        if let getattr = type.lookupClassAttribute(Dunder.getattr) {
            return try interp.call(PyType.bind(getattr, to: instance, of: type), .string(name))
        }
        return nil
    }

    static func set(
        _ instance: Value, _ type: PyType, _ dict: PyDict, _ name: String, _ value: Value, _ interp: Interpreter,
        key: Value? = nil
    ) throws {
        let key = key ?? Interned.key(name)
        if case .object(let p as PyProperty)? = type.lookupClassAttribute(key) {
            return try p.set(instance, value, name, interp)
        }
        if name == "__class__" || name == "__dict__" {
            throw ScriptError(.notImplementedError, "nn cannot assign '\(name)', for now")
        }
        dict.table.insertHashable(HashKey(unchecked: key), value)
    }

    static func delete(_ instance: Value, _ type: PyType, _ dict: PyDict, _ name: String, _ interp: Interpreter) throws
    {
        let key = Interned.key(name)
        if case .object(let p as PyProperty)? = type.lookupClassAttribute(key) {
            return try p.delete(instance, name, interp)
        }
        guard try dict.remove(key) != nil else {
            throw ScriptError(.attributeError, "'\(type.name)' object has no attribute '\(name)'")
        }
    }
}

/// An instance of a script class: its class and its own attributes (`__dict__`); the data model's
/// special methods (`__repr__`, `__add__`, `__len__` ...) are looked up on the class.
public final class PyInstance: PyObject {
    public let cls: PyType
    public let dict = PyDict()
    /// What a library base's `__init__` made for the instance (a Keras layer or model).
    public var native: PyObject?
    /// For the hooks Python calls without an interpreter at hand (hashing, dict-key equality).
    unowned let interp: Interpreter

    init(_ cls: PyType, _ interp: Interpreter) {
        self.cls = cls
        self.interp = interp
        // Room for the attributes its class's instances have had, so __init__ does not regrow them.
        dict.table.reserve(cls.attributeCountHint)
    }

    public override var type: PyType { cls }

    /// The class's special method `key` bound to this instance; nil when the class has none.
    func special(_ key: Value) -> Value? {
        cls.lookupClassAttribute(key).map { PyType.bind($0, to: .object(self), of: cls) }
    }

    func callSpecial(_ key: Value, _ args: Value...) throws -> Value? {
        try callSpecial(key, Arguments(args))
    }

    /// A special method of one argument (`__add__`, `__eq__`, …): a plain script function is
    /// called straight into its frame, without making an argument list.
    func callSpecial(_ key: Value, _ other: Value) throws -> Value? {
        if case .object(let f as PyFunction)? = cls.lookupClassAttribute(key), f.code.isSimple,
            f.code.parameters.positional.count == 2
        {
            return try interp.callDirect(f, .object(self), other)
        }
        return try callSpecial(key, Arguments([other]))
    }

    /// Calls the special method `key` (the class's, else a library base's member); nil when neither has it.
    func callSpecial(_ key: Value, _ args: Arguments) throws -> Value? {
        if let found = cls.lookupClassAttribute(key) {
            return try cls.callAttribute(found, on: .object(self), args, interp)
        }
        guard cls.hasLibraryMembers, let name = key.stringValue, let method = cls.lookupMethod(name) else {
            return nil
        }
        return try method(.object(self), args, interp)
    }

    public override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        try InstanceAttributes.get(.object(self), cls, dict, name, interp)
    }

    /// `obj.name` from a node that made its key once.
    func attribute(_ name: String, key: Value) throws -> Value? {
        try InstanceAttributes.get(.object(self), cls, dict, name, interp, key: key)
    }

    public override func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws {
        try InstanceAttributes.set(.object(self), cls, dict, name, value, interp)
    }

    /// `obj.name = value` from a node that made its key once.
    func setAttribute(_ name: String, key: Value, _ value: Value) throws {
        try InstanceAttributes.set(.object(self), cls, dict, name, value, interp, key: key)
    }

    public override func deleteAttribute(_ name: String, _ interp: Interpreter) throws {
        try InstanceAttributes.delete(.object(self), cls, dict, name, interp)
    }

    public override var attributeNames: [String] { dict.keys.compactMap(\.stringValue) }

    public override func repr(_ interp: Interpreter) throws -> String {
        guard let r = try callSpecial(Dunder.repr) else { return "<\(cls.qualifiedName) object at \(address)>" }
        guard case .str(let s) = r else {
            throw ScriptError(.typeError, "__repr__ returned non-string (type \(r.typeName))")
        }
        return s.value
    }

    public override func str(_ interp: Interpreter) throws -> String {
        guard let r = try callSpecial(Dunder.str) else { return try repr(interp) }
        guard case .str(let s) = r else {
            throw ScriptError(.typeError, "__str__ returned non-string (type \(r.typeName))")
        }
        return s.value
    }

    public override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        guard let result = try callSpecial(Dunder.call, args) else {
            throw ScriptError(.typeError, "'\(cls.name)' object is not callable")
        }
        return result
    }

    public override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        guard let r = try callSpecial(Dunder.getitem, key) else {
            throw ScriptError(.typeError, "'\(cls.name)' object is not subscriptable")
        }
        return r
    }

    public override func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        guard try callSpecial(Dunder.setitem, key, value) != nil else {
            throw ScriptError(.typeError, "'\(cls.name)' object does not support item assignment")
        }
    }

    public override func deleteItem(_ key: Value, _ interp: Interpreter) throws {
        guard try callSpecial(Dunder.delitem, key) != nil else {
            throw ScriptError(.typeError, "'\(cls.name)' object doesn't support item deletion")
        }
    }

    /// `iter(obj)`: `__iter__`'s result (its `__next__` called until StopIteration), or, for a class
    /// with `__getitem__` only, the items at 0, 1, 2 ... until IndexError.
    public override func makeIterator(_ interp: Interpreter) throws -> PyIterator {
        if let r = try callSpecial(Dunder.iter) {
            if case .object(let it as PyIterator) = r { return it }
            guard case .object(let o as PyInstance) = r, let next = o.special(Dunder.next) else {
                throw ScriptError(.typeError, "iter() returned non-iterator of type '\(r.typeName)'")
            }
            return GeneratedIterator("iterator") {
                do {
                    return try interp.call(next, Arguments())
                } catch let e as ScriptError where e.isA(.stopIteration) {
                    return nil
                }
            }
        }
        guard let getitem = special(Dunder.getitem) else {
            throw ScriptError(.typeError, "'\(cls.name)' object is not iterable")
        }
        var index = 0
        return GeneratedIterator("iterator") {
            do {
                defer { index += 1 }
                return try interp.call(getitem, .int(index))
            } catch let e as ScriptError where e.isA(.indexError) || e.isA(.stopIteration) {
                return nil
            }
        }
    }

    public override func length(_ interp: Interpreter) throws -> Int {
        guard let r = try callSpecial(Dunder.len) else {
            throw ScriptError(.typeError, "object of type '\(cls.name)' has no len()")
        }
        guard case .int(let n) = r else {
            throw ScriptError(.typeError, "'\(r.typeName)' object cannot be interpreted as an integer")
        }
        guard n >= 0 else { throw ScriptError(.valueError, "__len__() should return >= 0") }
        return n
    }

    public override func contains(_ item: Value, _ interp: Interpreter) throws -> Bool? {
        try callSpecial(Dunder.contains, item).map { try interp.isTruthy($0) }
    }

    public override func binary(
        _ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter
    ) throws
        -> Value?
    {
        let names = Dunder.names(op)
        return try notImplementedAsNil(try callSpecial(reflected ? names.reflected : names.plain, other))
    }

    public override func inPlace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        try notImplementedAsNil(try callSpecial(Dunder.names(op).inPlace, other))
    }

    public override func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        switch op {
        case .negate: return try callSpecial(Dunder.neg)
        case .plus: return try callSpecial(Dunder.pos)
        case .invert: return try callSpecial(Dunder.invert)
        case .not: return nil
        }
    }

    public override func compare(_ op: CompareOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard let key = Dunder.comparison[op] else { return nil }
        if let r = try notImplementedAsNil(try callSpecial(key, other)) { return r }
        // object.__ne__ is the negation of __eq__.
        if op == .notEqual, let r = try notImplementedAsNil(try callSpecial(Dunder.comparison[.equal]!, other)) {
            return .bool(!(try interp.isTruthy(r)))
        }
        return nil
    }

    public override func absolute(_ interp: Interpreter) throws -> Value? { try callSpecial(Dunder.abs) }

    public override func rounded(_ digits: Value, _ interp: Interpreter) throws -> Value? {
        digits.isNone ? try callSpecial(Dunder.round) : try callSpecial(Dunder.round, digits)
    }

    public override func isTruthy(_ interp: Interpreter) throws -> Bool {
        if let r = try callSpecial(Dunder.bool) {
            guard case .bool(let b) = r else {
                throw ScriptError(.typeError, "__bool__ should return bool, returned \(r.typeName)")
            }
            return b
        }
        if special(Dunder.len) != nil { return try length(interp) != 0 }
        return true
    }

    /// As Python: a class that defines `__eq__` without `__hash__` has unhashable instances.
    public override var isHashable: Bool {
        if let hash = cls.lookupClassAttribute(Dunder.hash) { return !hash.isNone }
        return cls.lookupClassAttribute(Dunder.comparison[.equal]!) == nil
    }

    public override func hashValue(into hasher: inout Hasher) {
        // A failing __hash__ cannot raise from here; the instance hashes by identity then.
        if case .int(let h)? = try? callSpecial(Dunder.hash) {
            hasher.combine(h)
        } else {
            super.hashValue(into: &hasher)
        }
    }

    public override func isEqual(_ other: Value) -> Bool {
        if let r = try? callSpecial(Dunder.comparison[.equal]!, other), !PyNotImplemented.matches(r) {
            return (try? interp.isTruthy(r)) ?? false
        }
        return super.isEqual(other)
    }

    private func notImplementedAsNil(_ v: Value?) throws -> Value? {
        guard let v, !PyNotImplemented.matches(v) else { return nil }
        return v
    }
}

/// A function bound to the object it is called on (`obj.method`): calling it passes the object first.
public final class PyMethod: PyObject {
    public let function: Value
    public let receiver: Value

    public init(_ function: Value, receiver: Value) {
        self.function = function
        self.receiver = receiver
    }

    public override var type: PyType { .method }

    public override func repr(_ interp: Interpreter) throws -> String {
        let name: String
        if case .object(let f as PyFunction) = function { name = f.name } else { name = "?" }
        let owner: String
        if case .object(let t as PyType) = receiver { owner = t.name } else { owner = receiver.type.name }
        return "<bound method \(owner).\(name) of \(try interp.repr(receiver))>"
    }

    public override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        try interp.callMethod(function, receiver: receiver, args)
    }

    public override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "__self__": return receiver
        case "__func__": return function
        default: return try interp.getAttribute(function, name)
        }
    }
}

/// Attribute names as str values made once per name, so that lookups hash each name once and may
/// key caches by the object.
public enum Interned {
    nonisolated(unsafe) private static var table: [String: Value] = [:]

    public static func key(_ name: String) -> Value {
        if let v = table[name] { return v }
        let s = PyString(name)
        s.isInterned = true
        let v = Value.str(s)
        table[name] = v
        return v
    }
}

/// The special methods' names as dictionary keys, made once.
enum Dunder {
    nonisolated(unsafe) static let initializer = Interned.key("__init__"), getattr = Interned.key("__getattr__")
    nonisolated(unsafe) static let repr = Interned.key("__repr__"), str = Interned.key("__str__")
    nonisolated(unsafe) static let call = Interned.key("__call__"), len = Interned.key("__len__")
    nonisolated(unsafe) static let getitem = Interned.key("__getitem__"), setitem = Interned.key("__setitem__")
    nonisolated(unsafe) static let delitem = Interned.key("__delitem__"), contains = Interned.key("__contains__")
    nonisolated(unsafe) static let iter = Interned.key("__iter__"), next = Interned.key("__next__")
    nonisolated(unsafe) static let bool = Interned.key("__bool__"), hash = Interned.key("__hash__")
    nonisolated(unsafe) static let neg = Interned.key("__neg__"), pos = Interned.key("__pos__")
    nonisolated(unsafe) static let invert = Interned.key("__invert__"), abs = Interned.key("__abs__")
    nonisolated(unsafe) static let round = Interned.key("__round__")

    /// Each binary operator's method, its reflected form (`__radd__`) and its in-place form (`__iadd__`),
    /// by the operator's position in `operators`.
    static let operators: [BinaryOperator] = [
        .add, .subtract, .multiply, .divide, .floorDivide, .modulo, .power, .matrixMultiply, .leftShift,
        .rightShift, .bitAnd, .bitOr, .bitXor,
    ]
    nonisolated(unsafe) static let binary: [(plain: Value, reflected: Value, inPlace: Value)] = [
        "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "matmul", "lshift", "rshift", "and", "or", "xor",
    ].map { (Interned.key("__\($0)__"), Interned.key("__r\($0)__"), Interned.key("__i\($0)__")) }

    static func names(_ op: BinaryOperator) -> (plain: Value, reflected: Value, inPlace: Value) {
        binary[operators.firstIndex(of: op)!]
    }

    nonisolated(unsafe) static let comparison: [CompareOperator: Value] = [
        .less: Interned.key("__lt__"), .lessEqual: Interned.key("__le__"), .greater: Interned.key("__gt__"),
        .greaterEqual: Interned.key("__ge__"), .equal: Interned.key("__eq__"), .notEqual: Interned.key("__ne__"),
    ]
}

/// The `NotImplemented` singleton a special method returns to let the other operand try.
public final class PyNotImplemented: PyObject, @unchecked Sendable {
    public static let shared = PyNotImplemented()
    public override var type: PyType { .notImplementedType }
    public override func repr(_ interp: Interpreter) throws -> String { "NotImplemented" }
    static func matches(_ v: Value) -> Bool {
        if case .object(let o) = v { return o === shared }
        return false
    }
}
