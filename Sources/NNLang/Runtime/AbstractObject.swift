#if canImport(Glibc)
import Glibc
#endif
import BigInt

/// The operations every value supports (CPython's "abstract object layer"): conversion to text,
/// truth, iteration, attributes and items.
extension Interpreter {
    /// `repr(v)`.
    public func repr(_ v: Value) throws -> String {
        switch v {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return FloatFormat.repr(d)
        case .str(let s): return StringRepr.quote(s.value)
        case .list(let l):
            return try guardRecursion(ObjectIdentifier(l), "[...]") {
                "[" + (try l.items.map { try repr($0) }.joined(separator: ", ")) + "]"
            }
        case .tuple(let t):
            return try guardRecursion(ObjectIdentifier(t), "(...)") {
                if let f = t.flavor, let r = try f.repr(v, self) { return r }
                if t.items.count == 1 { return "(" + (try repr(t.items[0])) + ",)" }
                return "(" + (try t.items.map { try repr($0) }.joined(separator: ", ")) + ")"
            }
        case .dict(let d):
            return try guardRecursion(ObjectIdentifier(d), "{...}") {
                if let f = d.flavor, let r = try f.repr(v, self) { return r }
                return "{" + (try d.items.map { try repr($0.0) + ": " + repr($0.1) }.joined(separator: ", ")) + "}"
            }
        case .object(let o): return try o.repr(self)
        }
    }

    /// `str(v)`.
    public func str(_ v: Value) throws -> String {
        switch v {
        case .str(let s): return s.value
        case .object(let o): return try o.str(self)
        default: return try repr(v)
        }
    }

    private func guardRecursion(
        _ id: ObjectIdentifier, _ placeholder: String, _ body: () throws -> String
    ) throws -> String {
        if reprInProgress.contains(id) { return placeholder }
        if reprInProgress.count > 200 {
            throw ScriptError(.recursionError, "maximum recursion depth exceeded while getting the repr of an object")
        }
        reprInProgress.insert(id)
        defer { reprInProgress.remove(id) }
        return try body()
    }

    /// Python truthiness.
    @inline(__always)
    public func isTruthy(_ v: Value) throws -> Bool {
        switch v {
        case .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .float(let d): return d != 0
        case .str(let s): return !s.value.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tuple(let t): return !t.items.isEmpty
        case .dict(let d): return d.count > 0
        case .object(let o): return try o.isTruthy(self)
        }
    }

    /// An iterator over any iterable value.
    public func makeIterator(_ v: Value) throws -> PyIterator {
        switch v {
        case .list(let l): return ListIterator(l)
        case .tuple(let t): return SequenceIterator(t.items)
        case .str(let s): return StringIterator(s)
        case .dict(let d): return DictIterator(d, .keys)
        case .object(let o): return try o.makeIterator(self)
        default: throw ScriptError(.typeError, "'\(v.typeName)' object is not iterable")
        }
    }

    /// All items of an iterable, in order.
    public func collect(_ v: Value) throws -> [Value] {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t.items
        case .object(let r as PyRange):
            try checkAllocation(r.count, of: Value.self)
            var items: [Value] = []
            items.reserveCapacity(r.count)
            for i in 0..<r.count {
                items.append(.int(r.element(i)))
                if i & 0xFFFF == 0xFFFF { try checkInterrupt() }
            }
            return items
        default:
            let it = try makeIterator(v)
            var items: [Value] = []
            while let x = try it.next() {
                items.append(x)
                if items.count & 0xFFFF == 0 { try checkInterrupt() }
            }
            return items
        }
    }

    /// MemoryError at once for `count` values of `T` beyond the machine's memory (`list(range(10**12))`).
    public func checkAllocation<T>(_ count: Int, of _: T.Type) throws {
        let memory = Int(sysconf(Int32(_SC_PHYS_PAGES))) &* Int(sysconf(Int32(_SC_PAGESIZE)))
        let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        if overflow || (memory > 0 && bytes > memory) { throw ScriptError(.memoryError, "") }
    }

    /// `sorted(items, key=key, reverse=reverse)`: a stable sort by Python's `<`.
    public func sorted(_ items: [Value], key: Value = .none, reverse: Bool = false) throws -> [Value] {
        let list = PyList(items)
        try ListMethods.sort(list, key: key, reverse: reverse, self)
        return list.items
    }

    /// `len(v)`.
    public func length(_ v: Value) throws -> Int {
        switch v {
        case .str(let s): return s.count
        case .list(let l): return l.items.count
        case .tuple(let t): return t.items.count
        case .dict(let d): return d.count
        case .object(let o): return try o.length(self)
        default: throw ScriptError(.typeError, "object of type '\(v.typeName)' has no len()")
        }
    }

    /// `v.name`: the type's properties, then the object's own attributes, then the type's methods
    /// bound to `v` (Python's order of data descriptors, instance attributes, methods).
    public func getAttribute(_ v: Value, _ name: String) throws -> Value {
        let member = v.type.lookupMember(name)
        if case .property(_, let get, _)? = member { return try get(v, self) }
        if case .object(let o) = v, let a = try o.attribute(name, self) { return a }
        if case .method(let signature, let body)? = member { return .object(PyBoundMethod(v, signature, body)) }
        if name == "__class__" { return .object(v.type) }
        throw attributeError(v, name)
    }

    /// AttributeError with CPython 3.12's suggestion of a similar name.
    func attributeError(_ v: Value, _ name: String) -> ScriptError {
        let candidates = attributeNames(v)
        let hint = Suggestions.closest(to: name, in: candidates).map { ". Did you mean: '\($0)'?" } ?? ""
        if case .object(let m as PyModule) = v {
            return ScriptError(.attributeError, "module '\(m.name)' has no attribute '\(name)'\(hint)")
        }
        if case .object(let t as PyType) = v {
            return ScriptError(.attributeError, "type object '\(t.name)' has no attribute '\(name)'\(hint)")
        }
        return ScriptError(.attributeError, "'\(v.typeName)' object has no attribute '\(name)'\(hint)")
    }

    /// True for what `callable()` accepts: functions, methods, types, objects with `__call__`.
    public static func isCallable(_ v: Value) -> Bool {
        guard case .object(let o) = v else { return false }
        return o is PyFunction || o is PyBuiltinFunction || o is PyBoundMethod || o is PyType || o is PyMethod
            || o is PyStaticMethod || o.type.lookupMethod("__call__") != nil
            || o.type.lookupClassAttribute(Dunder.call) != nil
    }

    /// Every attribute name of a value: its own and its type's members.
    public func attributeNames(_ v: Value) -> [String] {
        var names = v.type.memberNames
        if case .object(let o) = v { names += o.attributeNames }
        return Array(Set(names)).sorted()
    }

    /// `v.name = value`: a property's setter, or the object's own attribute.
    public func setAttribute(_ v: Value, _ name: String, _ value: Value) throws {
        switch v.type.lookupMember(name) {
        case .property(_, _, let set)?:
            guard let set else {
                throw ScriptError(.attributeError, "property '\(name)' of '\(v.typeName)' object has no setter")
            }
            return try set(v, value, self)
        case .method?:
            guard case .object = v else {
                throw ScriptError(.attributeError, "'\(v.typeName)' object attribute '\(name)' is read-only")
            }
        case nil: break
        }
        guard case .object(let o) = v else {
            throw ScriptError(.attributeError, "'\(v.typeName)' object has no attribute '\(name)'")
        }
        try o.setAttribute(name, value, self)
    }

    /// `del v.name`.
    public func deleteAttribute(_ v: Value, _ name: String) throws {
        guard case .object(let o) = v else {
            throw ScriptError(.attributeError, "'\(v.typeName)' object has no attribute '\(name)'")
        }
        if v.type.lookupMember(name) != nil {
            throw ScriptError(.attributeError, "cannot delete attribute '\(name)' of '\(v.typeName)' object")
        }
        try o.deleteAttribute(name, self)
    }

    /// `container[key]`.
    public func getItem(_ container: Value, _ key: Value) throws -> Value {
        switch container {
        case .list(let l):
            if case .int(let i) = key {
                let j = i < 0 ? i + l.items.count : i
                guard j >= 0 && j < l.items.count else { throw ScriptError(.indexError, "list index out of range") }
                return l.items[j]
            }
            return try Sequences.subscriptSequence(l.items, key, "list") { .list(PyList($0)) }
        case .tuple(let t):
            if case .int(let i) = key {
                let j = i < 0 ? i + t.items.count : i
                guard j >= 0 && j < t.items.count else { throw ScriptError(.indexError, "tuple index out of range") }
                return t.items[j]
            }
            return try Sequences.subscriptSequence(t.items, key, "tuple") { .tuple(PyTuple($0)) }
        case .str(let s):
            return try Sequences.subscriptString(s, key)
        case .dict(let d):
            guard let v = try d.get(key) ?? d.flavor?.missing(key, in: d, self) else {
                throw ScriptError(.keyError, value: key)
            }
            return v
        case .object(let o):
            return try o.getItem(key, self)
        default:
            throw ScriptError(.typeError, "'\(container.typeName)' object is not subscriptable")
        }
    }

    /// `container[key] = value`.
    public func setItem(_ container: Value, _ key: Value, _ value: Value) throws {
        switch container {
        case .list(let l):
            if case .object(let slice as PySlice) = key {
                return try Sequences.assignSlice(l, slice, try collect(value), self)
            }
            let i = try Sequences.index(key, count: l.items.count, "list")
            guard let i else { throw ScriptError(.indexError, "list assignment index out of range") }
            l.items[i] = value
        case .dict(let d): try d.set(key, value)
        case .object(let o): try o.setItem(key, value, self)
        default: throw ScriptError(.typeError, "'\(container.typeName)' object does not support item assignment")
        }
    }

    /// `del container[key]`.
    public func deleteItem(_ container: Value, _ key: Value) throws {
        switch container {
        case .list(let l):
            if case .object(let slice as PySlice) = key {
                let remove = Set(try slice.positions(l.items.count))
                l.items = l.items.enumerated().filter { !remove.contains($0.offset) }.map(\.element)
                return
            }
            guard let i = try Sequences.index(key, count: l.items.count, "list") else {
                throw ScriptError(.indexError, "list assignment index out of range")
            }
            l.items.remove(at: i)
        case .dict(let d):
            guard try d.remove(key) != nil else { throw ScriptError(.keyError, value: key) }
        case .object(let o): try o.deleteItem(key, self)
        default: throw ScriptError(.typeError, "'\(container.typeName)' object doesn't support item deletion")
        }
    }
}

/// Indexing and slicing of Python sequences.
enum Sequences {
    /// The in-range position for an int index, nil when out of range; TypeError for non-integers.
    static func index(_ key: Value, count: Int, _ kind: String) throws -> Int? {
        let i: Int
        switch key {
        case .int(let v): i = v
        case .bool(let b): i = b ? 1 : 0
        case .object(let b as PyBigInt): _ = b; return nil
        // Integers of other types (numpy's np.int64, as np.argmax returns) index as ints, as their
        // __index__ lets them in Python.
        case .object(let o) where o.asIntegerIndex != nil: i = o.asIntegerIndex!
        default: throw ScriptError(.typeError, "\(kind) indices must be integers or slices, not \(key.typeName)")
        }
        let j = i < 0 ? i + count : i
        return j >= 0 && j < count ? j : nil
    }

    /// `items[key]` for an int or a slice; `wrap` builds the sliced sequence.
    static func subscriptSequence(
        _ items: [Value], _ key: Value, _ kind: String, wrap: ([Value]) -> Value
    ) throws -> Value {
        if case .object(let slice as PySlice) = key {
            let (start, stop, step) = try slice.indices(items.count)
            if step == 1 { return wrap(start < stop ? Array(items[start..<stop]) : []) }
            return wrap(try slice.positions(items.count).map { items[$0] })
        }
        guard let i = try index(key, count: items.count, kind) else {
            throw ScriptError(.indexError, "\(kind) index out of range")
        }
        return items[i]
    }

    static func subscriptString(_ s: PyString, _ key: Value) throws -> Value {
        if case .object(let slice as PySlice) = key {
            let (start, stop, step) = try slice.indices(s.count)
            if step == 1 { return .string(start < stop ? s.slice(start..<stop) : "") }
            return .string(s.substring(try slice.positions(s.count)))
        }
        guard let i = try index(key, count: s.count, "string") else {
            throw ScriptError(.indexError, "string index out of range")
        }
        return .string(s.character(at: i))
    }

    static func assignSlice(_ list: PyList, _ slice: PySlice, _ values: [Value], _ interp: Interpreter) throws {
        let (start, stop, step) = try slice.indices(list.items.count)
        if step == 1 {
            list.items.replaceSubrange(start..<max(start, stop), with: values)
            return
        }
        let positions = Array(try slice.positions(list.items.count))
        guard positions.count == values.count else {
            throw ScriptError(
                .valueError,
                "attempt to assign sequence of size \(values.count) to extended slice of size \(positions.count)")
        }
        for (p, v) in zip(positions, values) { list.items[p] = v }
    }
}
