import NNInterrupt

/// The iterator protocol: `next` returns nil when exhausted. Iterators are also values (`iter(x)`).
open class PyIterator: PyObject {
    public override init() {}
    open func next() throws -> Value? { nil }
    public override var type: PyType { .iterator }
    public override func makeIterator(_ interp: Interpreter) throws -> PyIterator { self }
    public override func repr(_ interp: Interpreter) throws -> String { "<iterator object at \(address)>" }
}

/// Iterates a fixed array of values.
public final class SequenceIterator: PyIterator {
    let items: [Value]
    var index = 0
    public init(_ items: [Value]) { self.items = items }
    public override func next() throws -> Value? {
        guard index < items.count else { return nil }
        defer { index += 1 }
        return items[index]
    }
}

/// Iterates a list live, so appends during iteration are seen as in Python.
final class ListIterator: PyIterator {
    let list: PyList
    var index = 0
    init(_ list: PyList) { self.list = list }
    override func next() throws -> Value? {
        guard index < list.items.count else { return nil }
        defer { index += 1 }
        return list.items[index]
    }
}

final class RangeIterator: PyIterator {
    let range: PyRange
    let count: Int
    var position = 0
    init(_ r: PyRange) {
        range = r
        count = r.count
    }
    override func next() throws -> Value? {
        guard position < count else { return nil }
        // `sum(range(10**12))` runs in built-in code: Ctrl-C is checked here too.
        if position & 0xFFFF == 0xFFFF && Interrupt.requested {
            Interrupt.requested = false
            throw ScriptError(PyException(ExceptionType.keyboardInterrupt.pyType, []))
        }
        defer { position += 1 }
        return .int(range.element(position))
    }
}

/// Iterates a dict's keys, values or items, raising if the dict changes size meanwhile.
final class DictIterator: PyIterator {
    enum Kind { case keys, values, items }
    let dict: PyDict
    let kind: Kind
    var position = 0
    let startCount: Int
    init(_ dict: PyDict, _ kind: Kind) {
        self.dict = dict
        self.kind = kind
        startCount = dict.count
    }
    override func next() throws -> Value? {
        if dict.count != startCount { throw ScriptError(.runtimeError, "dictionary changed size during iteration") }
        while position < dict.table.slotCount {
            defer { position += 1 }
            if let (k, v) = dict.table.entry(at: position) {
                switch kind {
                case .keys: return k
                case .values: return v
                case .items: return .tuple(PyTuple([k, v]))
                }
            }
        }
        return nil
    }
}

/// Iterates the code points of a string.
final class StringIterator: PyIterator {
    let string: PyString
    var index = 0
    init(_ s: PyString) { string = s }
    override func next() throws -> Value? {
        guard index < string.count else { return nil }
        defer { index += 1 }
        return .string(string.character(at: index))
    }
}

/// A lazily computed iterator (map, filter, zip, enumerate) built from a Swift closure.
public final class GeneratedIterator: PyIterator {
    let step: () throws -> Value?
    let name: String
    let ownType: PyType?
    /// An iterator of a built-in type by name (`map`), or of a library's `type` (`itertools.chain`).
    public init(_ name: String, type: PyType? = nil, _ step: @escaping () throws -> Value?) {
        self.name = name
        self.step = step
        ownType = type
    }
    public override var type: PyType { ownType ?? PyType.iteratorTypes[name] ?? .iterator }
    public override func next() throws -> Value? { try step() }
    public override func repr(_ interp: Interpreter) throws -> String { "<\(type.qualifiedName) object at \(address)>" }
}

/// A live view of a dict's keys, values or items.
final class DictView: PyObject {
    let dict: PyDict
    let kind: DictIterator.Kind
    init(_ dict: PyDict, _ kind: DictIterator.Kind) {
        self.dict = dict
        self.kind = kind
    }
    override var type: PyType {
        switch kind {
        case .keys: return .dictKeys
        case .values: return .dictValues
        case .items: return .dictItems
        }
    }
    override func makeIterator(_ interp: Interpreter) throws -> PyIterator { DictIterator(dict, kind) }
    override func length(_ interp: Interpreter) throws -> Int { dict.count }
    override func repr(_ interp: Interpreter) throws -> String {
        let items = try interp.collect(.object(self)).map { try interp.repr($0) }
        return "\(type.name)([\(items.joined(separator: ", "))])"
    }
    override func contains(_ item: Value, _ interp: Interpreter) throws -> Bool? {
        switch kind {
        case .keys: return try dict.get(item) != nil
        case .values, .items: return nil
        }
    }
    override var isHashable: Bool { false }
}
