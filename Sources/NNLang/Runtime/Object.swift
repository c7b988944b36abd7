#if canImport(Glibc)
import Glibc
#endif
import BigInt
import NNFloatText

/// The base of every heap object other than str, list, tuple and dict. Modules outside the language
/// (numpy arrays, models) subclass it and override the hooks they support; each hook's default is
/// Python's behaviour for an object that does not define it.
open class PyObject {
    public init() {}

    /// The object's type; subclasses return their own.
    open var type: PyType { .object }

    open func repr(_ interp: Interpreter) throws -> String {
        "<\(type.name) object at \(address)>"
    }

    /// `str(x)`; defaults to `repr`.
    open func str(_ interp: Interpreter) throws -> String { try repr(interp) }

    /// An attribute other than a method of the type; nil when there is none.
    open func attribute(_ name: String, _ interp: Interpreter) throws -> Value? { nil }

    open func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws {
        throw ScriptError(.attributeError, "'\(type.name)' object has no attribute '\(name)'")
    }

    /// `del obj.name`.
    open func deleteAttribute(_ name: String, _ interp: Interpreter) throws {
        throw ScriptError(.attributeError, "'\(type.name)' object has no attribute '\(name)'")
    }

    /// Names that `dir()` and tab completion list, besides the type's methods.
    open var attributeNames: [String] { [] }

    open func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        throw ScriptError(.typeError, "'\(type.name)' object is not callable")
    }

    open func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        throw ScriptError(.typeError, "'\(type.name)' object is not subscriptable")
    }

    open func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        throw ScriptError(.typeError, "'\(type.name)' object does not support item assignment")
    }

    open func deleteItem(_ key: Value, _ interp: Interpreter) throws {
        throw ScriptError(.typeError, "'\(type.name)' object does not support item deletion")
    }

    open func makeIterator(_ interp: Interpreter) throws -> PyIterator {
        throw ScriptError(.typeError, "'\(type.name)' object is not iterable")
    }

    open func length(_ interp: Interpreter) throws -> Int {
        throw ScriptError(.typeError, "object of type '\(type.name)' has no len()")
    }

    /// `item in self`; nil means "fall back to iteration".
    open func contains(_ item: Value, _ interp: Interpreter) throws -> Bool? { nil }

    /// A binary operator with `self` on the left (or on the right when `reflected`); nil means NotImplemented.
    open func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value? {
        nil
    }

    open func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? { nil }

    /// `self op= other` done in place; nil falls back to `self = self op other`.
    open func inPlace(_ op: BinaryOperator, _ other: Value, _ interp: Interpreter) throws -> Value? { nil }

    /// A rich comparison; nil means NotImplemented (identity is used for == and !=).
    open func compare(_ op: CompareOperator, _ other: Value, _ interp: Interpreter) throws -> Value? { nil }

    open func isTruthy(_ interp: Interpreter) throws -> Bool { true }

    /// `abs(x)` (`__abs__`); nil when the object has no absolute value.
    open func absolute(_ interp: Interpreter) throws -> Value? { nil }

    /// `round(x)` or `round(x, digits)` (`__round__`); nil when the object cannot be rounded.
    open func rounded(_ digits: Value, _ interp: Interpreter) throws -> Value? { nil }

    /// The Python int or float this object stands for (numpy scalars), used wherever a number
    /// is expected: `float(x)`, `int(x)`, `math.sqrt(x)`, `range(x)`, format specs.
    open var asNumber: Value? { nil }
    /// The int this object stands for as a sequence index (Python's `__index__`): numpy's integer
    /// scalars have one; floats and bools of other types do not.
    public var asIntegerIndex: Int? {
        if case .int(let i)? = asNumber { return i }
        return nil
    }
    /// The path an os.PathLike object stands for (`__fspath__`); nil for other objects.
    open var fileSystemPath: String? { nil }

    open var isHashable: Bool { true }
    open func hashValue(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
    /// Equality used by dict keys and `==` when `compare` has no answer.
    open func isEqual(_ other: Value) -> Bool {
        if case .object(let o) = other { return o === self }
        return false
    }

    /// An `0x…` address like CPython's, stable for the object's lifetime.
    public var address: String {
        "0x" + String(UInt(bitPattern: ObjectIdentifier(self)), radix: 16).leftPadded(to: 12, with: "0")
    }
}

/// A Python type: a name, a base, the members its instances have (methods and properties, one
/// table that serves attribute lookup, `dir()`, Tab completion, "Did you mean" and `help()`), and
/// the signature of its constructor.
public final class PyType: PyObject, @unchecked Sendable {
    /// A method as the interpreter calls it: the receiver, the call's arguments.
    public typealias Method = (_ receiver: Value, _ args: Arguments, _ interp: Interpreter) throws -> Value
    public typealias Constructor = (_ args: Arguments, _ interp: Interpreter) throws -> Value

    public let name: String
    public let base: PyType?
    /// The bases in declaration order (a built-in type's one base).
    public let bases: [PyType]
    /// The method resolution order after this type: C3 linearisation of the bases (a built-in
    /// type's chain of bases).
    public let ancestors: [PyType]
    public let members: [String: Member]
    /// A class the script defined: its attributes (`__dict__`); nil for built-in and library types.
    public let namespace: PyDict?
    let constructor: Constructor?
    /// The constructor's declaration, for help() and its errors.
    public let constructorSignature: Signature?
    /// The exception kind, for the exception types (and classes deriving from one).
    public let exceptionKind: ExceptionType?
    /// Whether a script's class may derive from this library type (Keras's Callback).
    public var allowsSubclasses = false
    /// The most attributes an instance of this script class had after `__init__` (see PyInstance).
    var attributeCountHint = 0
    /// A library type's class attributes (a namedtuple class's `_fields` and `_make`).
    public var classValues: [String: Value] = [:]
    /// Whether a library type among the ancestors gives instances members (properties, methods), which
    /// attribute lookup must then consult; false for classes of script classes and object alone.
    let hasLibraryMembers: Bool
    /// Class attributes found by interned name (see `lookupClassAttribute`), valid while no script
    /// class's attributes have changed since `cacheEpoch`.
    var cachedNames: [PyString] = []
    var cachedValues: [Value?] = []
    var cacheEpoch = 0
    /// Counts changes to script classes' attributes after their creation.
    nonisolated(unsafe) static var classEpoch = 0

    public init(
        _ name: String, base: PyType? = nil, members: [String: Member] = [:],
        exceptionKind: ExceptionType? = nil, constructor: Constructor? = nil
    ) {
        self.name = name
        self.base = base
        (bases, ancestors) = base.map { ([$0], [$0] + $0.ancestors) } ?? ([], [])
        self.members = members
        self.namespace = nil
        self.exceptionKind = exceptionKind
        self.constructor = constructor
        self.constructorSignature = nil
        hasLibraryMembers = true
    }

    /// A type whose constructor is declared: calling the type binds the arguments to `signature`.
    public init(
        _ name: String, base: PyType? = nil, members: [String: Member] = [:], signature: Signature,
        _ construct: @escaping (Bound, Interpreter) throws -> Value
    ) {
        self.name = name
        self.base = base
        (bases, ancestors) = base.map { ([$0], [$0] + $0.ancestors) } ?? ([], [])
        self.members = members
        self.namespace = nil
        self.exceptionKind = nil
        hasLibraryMembers = true
        self.constructorSignature = signature
        self.constructor = { args, interp in try construct(try signature.bind(args, interp), interp) }
    }

    /// A class of the script: its bases (already checked) and its method resolution order after it.
    init(scriptClass name: String, bases: [PyType], ancestors: [PyType], namespace: PyDict) {
        self.name = name
        self.base = bases.first
        self.bases = bases
        self.ancestors = ancestors
        self.members = [:]
        self.namespace = namespace
        self.exceptionKind = ancestors.lazy.compactMap(\.exceptionKind).first
        hasLibraryMembers = ancestors.contains { !$0.members.isEmpty }
        self.constructor = nil
        self.constructorSignature = nil
        self.moduleName = "__main__"
    }

    public override var type: PyType { .type }

    public override func repr(_ interp: Interpreter) throws -> String {
        let builtin = [
            "int", "float", "str", "bool", "list", "tuple", "dict", "set", "NoneType", "type", "object",
            "range", "function", "builtin_function_or_method", "module", "slice",
        ]
        let plain = namespace == nil && (builtin.contains(name) || exceptionKind != nil)
        return plain ? "<class '\(name)'>" : "<class '\(qualifiedName)'>"
    }

    /// The module-qualified name shown by repr for library types (`numpy.ndarray`).
    public var qualifiedName: String { moduleName.map { "\($0).\(qualifiedPath)" } ?? name }
    /// The dotted path within its module (`make.<locals>.Local` for a class made in a function).
    var qualifiedPath: String { namespace?.get(name: .string("__qualname__"))?.stringValue ?? name }
    public var moduleName: String?

    public override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "__name__": return .string(self.name)
        case "__qualname__": return .string(qualifiedPath)
        case "__bases__": return .tuple(PyTuple(bases.map { .object($0) }))
        case "__mro__": return .tuple(PyTuple(([self] + ancestors).map { .object($0) }))
        case "__module__" where moduleName != nil: return .string(moduleName!)
        default:
            if let found = try classAttribute(name, interp) ?? classValues[name] { return found }
            guard let member = lookupMember(name), case .method(let signature, let body) = member else { return nil }
            return .object(
                PyBuiltinFunction(name, doc: nil, signature: signature) { args, interp in
                    guard let receiver = args.positional.first else {
                        throw ScriptError(.typeError, "unbound method \(self.name).\(name)() needs an argument")
                    }
                    let rest = Arguments(Array(args.positional.dropFirst()), args.keywords)
                    return try body(receiver, try signature.bind(rest, interp), interp)
                })
        }
    }

    public override func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws {
        guard let namespace else {
            throw ScriptError(
                .typeError, "cannot set '\(name)' attribute of immutable type '\(self.name)'")
        }
        namespace.set(name, value)
        PyType.classEpoch += 1
    }

    public override func deleteAttribute(_ name: String, _ interp: Interpreter) throws {
        guard let namespace, try namespace.remove(.string(name)) != nil else {
            throw ScriptError(.attributeError, "type object '\(self.name)' has no attribute '\(name)'")
        }
        PyType.classEpoch += 1
    }

    public override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        if namespace != nil { return try instantiate(args, interp) }
        if let constructor { return try constructor(args, interp) }
        if self === PyType.object {
            guard args.count == 0, args.keywords.isEmpty else {
                throw ScriptError(.typeError, "object() takes no arguments")
            }
            return .object(PyInstance(self, interp))
        }
        if exceptionKind != nil { return .object(PyException(self, args.positional)) }
        throw ScriptError(.typeError, "cannot create '\(name)' instances")
    }

    /// A member of this type or of a base.
    public func lookupMember(_ name: String) -> Member? {
        if namespace != nil && !hasLibraryMembers { return nil }
        if let m = members[name] { return m }
        for t in ancestors { if let m = t.members[name] { return m } }
        return nil
    }

    /// A method of this type or of a base, as the interpreter calls it (arguments bound inside).
    public func lookupMethod(_ name: String) -> Method? {
        guard case .method(let signature, let body) = lookupMember(name) else { return nil }
        return { receiver, args, interp in try body(receiver, try signature.bind(args, interp), interp) }
    }

    /// Every member name of this type and its bases.
    public var memberNames: [String] {
        ([self] + ancestors).flatMap { t in Array(t.members.keys) + (t.namespace?.keys.compactMap(\.stringValue) ?? [])
        }
    }

    /// True when this type is `other` or derives from it.
    public func isSubtype(of other: PyType) -> Bool {
        self === other || ancestors.contains { $0 === other }
    }
}

/// What a type offers its instances: a method with its declared signature, or a property.
public enum Member: @unchecked Sendable {
    public typealias Body = (_ receiver: Value, _ args: Bound, _ interp: Interpreter) throws -> Value
    case method(Signature, Body)
    /// An attribute computed from the receiver (`a.shape`, `model.layers`); `set` makes it writable.
    case property(
        doc: String, get: (Value, Interpreter) throws -> Value, set: ((Value, Value, Interpreter) throws -> Void)?)
}

/// Builds a type's member table: one declaration per method, one line per property.
public struct Members {
    public private(set) var table: [String: Member] = [:]
    /// The owner errors name (`list` in `list.append() takes exactly one argument`).
    let owner: String
    let style: Signature.Style

    public init(_ owner: String, style: Signature.Style = .builtin) {
        self.owner = owner
        self.style = style
    }

    /// A method declared as `name(parameters)  summary` with its parameter lines (see Signature).
    public mutating func method(
        _ declaration: String, errorOwner: String? = nil, refusing: Set<String> = [],
        _ body: @escaping Member.Body
    ) {
        let name = String(declaration.prefix { $0 != "(" })
        let signature = Signature(
            declaration, style: style, errorName: "\(errorOwner ?? owner).\(name)", refusing: refusing)
        table[signature.name] = .method(signature, body)
    }

    /// A read-only (or, with `set`, writable) attribute.
    public mutating func property(
        _ name: String, _ doc: String, _ get: @escaping (Value, Interpreter) throws -> Value,
        set: ((Value, Value, Interpreter) throws -> Void)? = nil
    ) {
        table[name] = .property(doc: doc, get: get, set: set)
    }
}

/// Arguments of a call: positional values and keyword pairs in call order.
public struct Arguments {
    public var positional: [Value]
    public var keywords: [(name: String, value: Value)]

    public init(_ positional: [Value] = [], _ keywords: [(name: String, value: Value)] = []) {
        self.positional = positional
        self.keywords = keywords
    }

    public var count: Int { positional.count }
    public subscript(_ i: Int) -> Value { positional[i] }
}

/// A function implemented in Swift, with its declared signature.
public final class PyBuiltinFunction: PyObject, @unchecked Sendable {
    public typealias Body = (Arguments, Interpreter) throws -> Value
    public let name: String
    /// How the function is called; with a signature, the arguments are bound to it first.
    let body: Body
    public let signature: Signature?
    /// What `help()` shows for a function declared without a signature.
    public let doc: String?
    /// The module that defines it, when it is a module's function.
    public let module: String?
    /// Put in a class (dataclasses' generated `__init__`), it binds to instances as a script's function does.
    public var bindsToInstance = false

    public init(
        _ name: String, doc: String? = nil, module: String? = nil, signature: Signature? = nil, _ body: @escaping Body
    ) {
        self.name = name
        self.doc = doc
        self.module = module
        self.signature = signature
        self.body = body
    }

    /// A function declared by its signature; the body reads its arguments by name.
    public convenience init(
        _ signature: Signature, module: String? = nil, _ body: @escaping (Bound, Interpreter) throws -> Value
    ) {
        self.init(signature.name, module: module, signature: signature) { args, interp in
            try body(try signature.bind(args, interp), interp)
        }
    }

    public override var type: PyType { .builtinFunction }
    public override func repr(_ interp: Interpreter) throws -> String { "<built-in function \(name)>" }
    public override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value { try body(args, interp) }
}

/// A method of a built-in type bound to its receiver (`[].append`).
public final class PyBoundMethod: PyObject {
    public let receiver: Value
    public let signature: Signature
    let body: Member.Body

    public init(_ receiver: Value, _ signature: Signature, _ body: @escaping Member.Body) {
        self.receiver = receiver
        self.signature = signature
        self.body = body
    }

    public var name: String { signature.name }
    public override var type: PyType { .builtinFunction }
    public override func repr(_ interp: Interpreter) throws -> String {
        "<built-in method \(name) of \(receiver.typeName) object at \(address)>"
    }
    public override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        try body(receiver, try signature.bind(args, interp), interp)
    }
}

/// A module: a name and its attributes.
public final class PyModule: PyObject {
    public let name: String
    public var members: [String: Value]

    public init(_ name: String, _ members: [String: Value] = [:]) {
        self.name = name
        self.members = members
    }

    public override var type: PyType { .module }
    public override func repr(_ interp: Interpreter) throws -> String { "<module '\(name)' (built-in)>" }
    public override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        name == "__name__" ? .string(self.name) : members[name]
    }
    public override func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws {
        members[name] = value
    }
    public override var attributeNames: [String] { members.keys.sorted() }
}

/// An int too large for 64 bits.
public final class PyBigInt: PyObject {
    public let value: BigInt
    public init(_ value: BigInt) { self.value = value }
    public override var type: PyType { .int }
    public override func repr(_ interp: Interpreter) throws -> String { try Self.decimal(value) }
    public override func hashValue(into hasher: inout Hasher) { hasher.combine(value) }
    public override func isEqual(_ other: Value) -> Bool { valuesEqual(.object(self), other) }
    public override func isTruthy(_ interp: Interpreter) throws -> Bool { value != 0 }

    /// The most decimal digits int and str convert between (`sys.set_int_max_str_digits`); 0: no limit.
    public nonisolated(unsafe) static var maxStringDigits = 4300

    /// Decimal digits, refusing more than `maxStringDigits` as CPython does.
    static func decimal(_ value: BigInt) throws -> String {
        let limit = maxStringDigits
        let error = ScriptError(
            .valueError,
            "Exceeds the limit (\(limit) digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
        )
        // 2**k has k * log10(2) digits: past that bound no conversion is needed to know.
        if limit > 0 && Double(value.bitWidth) > Double(limit) * 3.33 + 64 { throw error }
        let text = String(value)
        if limit > 0 && text.utf8.count - (value < 0 ? 1 : 0) > limit { throw error }
        return text
    }
}

/// `range(start, stop, step)`.
public final class PyRange: PyObject {
    public let start: Int, stop: Int, step: Int
    public init(_ start: Int, _ stop: Int, _ step: Int) {
        self.start = start
        self.stop = stop
        self.step = step
    }
    public override var type: PyType { .range }
    /// How many integers the range holds (at most Int.max), computed without overflow.
    public var count: Int {
        guard step > 0 ? start < stop : start > stop else { return 0 }
        let distance = UInt(bitPattern: step > 0 ? stop &- start : start &- stop)
        let n = (distance - 1) / step.magnitude + 1
        return n > UInt(Int.max) ? Int.max : Int(n)
    }

    /// The `k`-th integer of the range (`0 <= k < count`); it lies between start and stop, so the
    /// wrapping arithmetic gives it exactly.
    @inline(__always)
    public func element(_ k: Int) -> Int { start &+ k &* step }
    public override func repr(_ interp: Interpreter) throws -> String {
        step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))"
    }
    public override func length(_ interp: Interpreter) throws -> Int { count }
    public override func makeIterator(_ interp: Interpreter) throws -> PyIterator { RangeIterator(self) }
    public override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        guard case .int(var i) = key else {
            if case .object(let s as PySlice) = key {
                let (a, b, c) = try s.indices(count)
                let n = PyRange(element(a), element(b), step &* c)
                return .object(n)
            }
            throw ScriptError(.typeError, "range indices must be integers or slices, not \(key.typeName)")
        }
        if i < 0 { i += count }
        guard i >= 0 && i < count else { throw ScriptError(.indexError, "range object index out of range") }
        return .int(element(i))
    }
    public override func contains(_ item: Value, _ interp: Interpreter) throws -> Bool? {
        guard case .int(let i) = item else { return nil }
        if step > 0 ? (i < start || i >= stop) : (i > start || i <= stop) { return false }
        return (i - start) % step == 0
    }
    public override func isTruthy(_ interp: Interpreter) throws -> Bool { count > 0 }
}

/// `slice(start, stop, step)`, also made by `a[1:2]`.
public final class PySlice: PyObject {
    public let start: Value, stop: Value, step: Value
    public init(_ start: Value, _ stop: Value, _ step: Value) {
        self.start = start
        self.stop = stop
        self.step = step
    }
    public override var type: PyType { .slice }
    public override func repr(_ interp: Interpreter) throws -> String {
        "slice(\(try interp.repr(start)), \(try interp.repr(stop)), \(try interp.repr(step)))"
    }
    public override var isHashable: Bool { false }

    /// Resolves the slice against a sequence length as Python's `slice.indices` does.
    public func indices(_ length: Int) throws -> (start: Int, stop: Int, step: Int) {
        func component(_ v: Value) throws -> Int? {
            switch v {
            case .none: return nil
            case .int(let i): return i
            case .bool(let b): return b ? 1 : 0
            case .object(let b as PyBigInt): return b.value > 0 ? Int.max : Int.min + 1
            case .object(let o) where o.asIntegerIndex != nil: return o.asIntegerIndex!
            default: throw ScriptError(.typeError, "slice indices must be integers or None or have an __index__ method")
            }
        }
        let step = try component(self.step) ?? 1
        if step == 0 { throw ScriptError(.valueError, "slice step cannot be zero") }
        func clamp(_ v: Int?, _ defaultValue: Int) -> Int {
            guard var v else { return defaultValue }
            if v < 0 {
                v = v &+ length; if v < 0 { v = step < 0 ? -1 : 0 }
            } else if v >= length {
                v = step < 0 ? length - 1 : length
            }
            return v
        }
        let start = clamp(try component(self.start), step < 0 ? length - 1 : 0)
        let stop = clamp(try component(self.stop), step < 0 ? -1 : length)
        return (start, stop, step)
    }

    /// The positions the slice selects in a sequence of `length` items.
    public func positions(_ length: Int) throws -> StrideTo<Int> {
        let (start, stop, step) = try indices(length)
        return stride(from: start, to: step > 0 ? max(start, stop) : min(start, stop), by: step)
    }
}

/// A mutable set.
public final class PySet: PyObject {
    public var table = OrderedTable()
    public let frozen: Bool
    public init(frozen: Bool = false) { self.frozen = frozen }
    public override var type: PyType { frozen ? .frozenset : .set }
    public func add(_ v: Value) throws { try table.insert(HashKey(v), .none) }
    public func has(_ v: Value) throws -> Bool { table.find(try HashKey(v)) != nil }
    public var elements: [Value] { table.liveKeys }
    public override var isHashable: Bool { frozen }
    public override func length(_ interp: Interpreter) throws -> Int { table.count }
    public override func isTruthy(_ interp: Interpreter) throws -> Bool { table.count > 0 }
    public override func contains(_ item: Value, _ interp: Interpreter) throws -> Bool? { try has(item) }
    public override func makeIterator(_ interp: Interpreter) throws -> PyIterator { SequenceIterator(elements) }
    public override func repr(_ interp: Interpreter) throws -> String {
        let items = try elements.map { try interp.repr($0) }.joined(separator: ", ")
        if frozen { return items.isEmpty ? "frozenset()" : "frozenset({\(items)})" }
        return items.isEmpty ? "set()" : "{\(items)}"
    }
    public override func isEqual(_ other: Value) -> Bool {
        guard case .object(let o as PySet) = other, o.table.count == table.count else { return false }
        return elements.allSatisfy { (try? o.has($0)) ?? false }
    }
    public override func hashValue(into hasher: inout Hasher) {
        var h = 0
        for e in elements { var inner = Hasher(); HashKey.hash(e, into: &inner); h ^= inner.finalize() }
        hasher.combine(h)
    }
}

/// A variable captured by an inner function; stored in its frame slot, never seen by scripts.
public final class Cell: PyObject {
    public var value: Value?
    public init(_ value: Value? = nil) { self.value = value }
}
