import BigInt

/// A value of the language. Small immutable values are stored inline; containers and objects by reference.
public enum Value {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case str(PyString)
    case list(PyList)
    case tuple(PyTuple)
    case dict(PyDict)
    case object(PyObject)

    public static var `true`: Value { .bool(true) }
    public static var `false`: Value { .bool(false) }

    /// A Python string value.
    public static func string(_ s: String) -> Value { .str(PyString(s)) }

    /// A Python int from a big integer, stored inline when it fits in 64 bits.
    public static func integer(_ b: BigInt) -> Value {
        if let small = Int(exactly: b) { return .int(small) }
        return .object(PyBigInt(b))
    }

    /// The value's type object.
    public var type: PyType {
        switch self {
        case .none: return .noneType
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .str: return .str
        case .list: return .list
        case .tuple(let t): return t.flavor?.type ?? .tuple
        case .dict(let d): return d.flavor?.type ?? .dict
        case .object(let o): return o.type
        }
    }

    /// The type's name as error messages use it (`'int'`, `'NoneType'`).
    public var typeName: String { type.name }

    /// The text of a str value; nil for any other value.
    public var stringValue: String? {
        if case .str(let s) = self { return s.value }
        return nil
    }
}

/// An immutable Unicode string, indexed by code point as Python does.
public final class PyString {
    public private(set) var value: String
    private var scalarCache: [Unicode.Scalar]?
    private var asciiCache: Bool?
    /// The parsed template when this string has been used with `str.format`.
    var formatPieces: [StrFormat.Piece]?
    private var hashCache: Int?
    /// Made by `Interned.key`: one object per name for the program's life, so lookups may key caches by it.
    var isInterned = false

    public init(_ value: String) { self.value = value }

    /// The string's hash (FNV-1a over its UTF-8), computed once: dict keys and attribute names are
    /// hashed again and again, and a Swift dictionary then mixes only this number.
    var hashCode: Int {
        if let h = hashCache { return h }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in value.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hashCache = Int(bitPattern: UInt(h))
        return hashCache!
    }

    /// `target + tail` stored into `target`, in place when `target` holds the only reference to its string.
    static func append(_ tail: PyString, to target: inout Value) {
        guard case .str(var head) = target else { return }
        target = .none
        if isKnownUniquelyReferenced(&head) {
            head.value += tail.value
            if head.asciiCache == true, tail.asciiCache == true {} else { head.asciiCache = nil }
            head.scalarCache = nil
            head.formatPieces = nil
            head.hashCache = nil
            target = .str(head)
        } else {
            target = .str(PyString(head.value + tail.value))
        }
    }

    /// True when every character is ASCII, so UTF-8 offsets are code point offsets.
    public var isASCII: Bool {
        if let a = asciiCache { return a }
        let a = value.utf8.allSatisfy { $0 < 0x80 }
        asciiCache = a
        return a
    }

    /// The code points, computed once on first use.
    public var scalars: [Unicode.Scalar] {
        if let s = scalarCache { return s }
        let s = Array(value.unicodeScalars)
        scalarCache = s
        return s
    }

    /// Length in code points.
    public var count: Int { isASCII ? value.utf8.count : scalars.count }

    /// The code point at `i` (0 ≤ i < count) as a string.
    public func character(at i: Int) -> String {
        if isASCII {
            var v = value
            return v.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[i..<i + 1]), as: UTF8.self) }
        }
        return String(Character(scalars[i]))
    }

    /// The code points in `indices` joined as a string.
    public func substring<S: Sequence<Int>>(_ indices: S) -> String {
        if isASCII {
            var v = value
            return v.withUTF8 { buffer in
                var bytes: [UInt8] = []
                for i in indices { bytes.append(buffer[i]) }
                return String(decoding: bytes, as: UTF8.self)
            }
        }
        let s = scalars
        var view = String.UnicodeScalarView()
        for i in indices { view.append(s[i]) }
        return String(view)
    }

    /// The contiguous code points `range` as a string.
    public func slice(_ range: Range<Int>) -> String {
        if isASCII {
            var v = value
            return v.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        }
        return String(String.UnicodeScalarView(scalars[range]))
    }
}

/// A mutable list.
public final class PyList {
    public var items: [Value]
    public init(_ items: [Value] = []) { self.items = items }
    deinit { Trashcan.free(&items) }
}

/// An immutable tuple.
public final class PyTuple {
    public private(set) var items: [Value]
    /// Set for a namedtuple class's values (see ContainerFlavor).
    public var flavor: ContainerFlavor?
    public init(_ items: [Value], flavor: ContainerFlavor? = nil) {
        self.items = items
        self.flavor = flavor
    }
    deinit { Trashcan.free(&items) }
}

/// Frees deeply nested containers (`x = [x]` a million times) without deep native recursion, as
/// CPython's trashcan does: past a nesting depth, a dying container's items wait in a list that the
/// outermost free empties. The interpreter runs on one thread at a time, and so does this.
enum Trashcan {
    nonisolated(unsafe) static var depth = 0
    /// Containers' storage waiting to be freed, type-erased (item arrays and dict entries).
    nonisolated(unsafe) static var pending: [Any] = []
    static let maxDepth = 100

    static func free<T>(_ items: inout [T]) {
        if items.isEmpty { return }
        if depth >= maxDepth {
            pending.append(items)
            items = []
            return
        }
        depth += 1
        items = []
        if depth == 1 {
            while let batch = pending.popLast() { _ = batch }
        }
        depth -= 1
    }
}

/// A dict: insertion-ordered, keyed by Python equality and hashing.
public final class PyDict {
    public var table = OrderedTable()
    /// Set for a Counter, defaultdict or OrderedDict (see ContainerFlavor).
    public var flavor: ContainerFlavor?
    public init(flavor: ContainerFlavor? = nil) { self.flavor = flavor }
    deinit { table.free() }

    public var count: Int { table.count }

    public func get(_ key: Value) throws -> Value? {
        try table.find(HashKey(key)).map { table.value(at: $0) }
    }

    public func set(_ key: Value, _ value: Value) throws {
        try table.insert(HashKey(key), value)
    }

    /// The value of a str key (attribute names), which needs no hashability check.
    public func get(name key: Value) -> Value? { table.value(forName: key) }

    /// Sets a string key; strings are always hashable.
    public func set(_ key: String, _ value: Value) {
        table.insertHashable(HashKey(unchecked: .string(key)), value)
    }

    @discardableResult
    public func remove(_ key: Value) throws -> Value? {
        try table.remove(HashKey(key))
    }

    public var keys: [Value] { table.liveKeys }
    public var values: [Value] { table.liveValues }
    public var items: [(Value, Value)] { table.liveItems }
}

/// A key wrapper giving values Python's hashing and equality (`1 == 1.0 == True`).
public struct HashKey: Hashable {
    public let value: Value

    /// Wraps a value, raising TypeError for unhashable ones (lists, dicts, sets).
    public init(_ value: Value) throws {
        try HashKey.checkHashable(value)
        self.value = value
    }

    init(unchecked value: Value) { self.value = value }

    static func checkHashable(_ value: Value) throws {
        switch value {
        case .list, .dict: throw ScriptError(.typeError, "unhashable type: '\(value.typeName)'")
        case .tuple(let t): for item in t.items { try checkHashable(item) }
        case .object(let o): if !o.isHashable { throw ScriptError(.typeError, "unhashable type: '\(value.typeName)'") }
        default: break
        }
    }

    public func hash(into hasher: inout Hasher) {
        HashKey.hash(value, into: &hasher)
    }

    static func hash(_ value: Value, into hasher: inout Hasher) {
        switch value {
        case .none: hasher.combine(0)
        case .bool(let b): hasher.combine(b ? 1 : 0)
        case .int(let i): hasher.combine(i)
        case .float(let d):
            if let i = Int(exactly: d) { hasher.combine(i) } else { hasher.combine(d) }
        case .str(let s): hasher.combine(s.value)
        case .tuple(let t):
            hasher.combine(t.items.count)
            for item in t.items { hash(item, into: &hasher) }
        case .list(let l): hasher.combine(ObjectIdentifier(l))
        case .dict(let d): hasher.combine(ObjectIdentifier(d))
        case .object(let o): o.hashValue(into: &hasher)
        }
    }

    public static func == (a: HashKey, b: HashKey) -> Bool {
        valuesEqual(a.value, b.value)
    }
}

/// Insertion-ordered hash storage shared by dict and set. A small table (an instance's attributes,
/// most dicts a script makes) is searched by a scan over the entries' hashes, which are kept beside
/// them (a str's is cached in the string), so that lookups and inserts hash nothing anew; past
/// `scanLimit` entries a Swift dictionary indexes the positions.
public struct OrderedTable {
    /// One slot of the insertion order: its key (nil once removed), value, and the key's hash while
    /// the table is small enough to be scanned.
    struct Entry {
        var key: HashKey?
        var value: Value
        var hash: Int
    }
    var positions: [HashKey: Int] = [:]
    /// The slots in one buffer: a new instance's attributes cost one allocation, not three.
    var entries: [Entry] = []
    public private(set) var count = 0
    static let scanLimit = 8

    public init() {}

    static func hash(_ key: HashKey) -> Int {
        if case .str(let s) = key.value { return s.hashCode }
        return key.hashValue
    }

    func find(_ key: HashKey) -> Int? {
        guard entries.count <= OrderedTable.scanLimit else { return positions[key] }
        return find(key, hash: OrderedTable.hash(key))
    }

    private func find(_ key: HashKey, hash: Int) -> Int? {
        guard entries.count <= OrderedTable.scanLimit else { return positions[key] }
        for i in entries.indices where entries[i].hash == hash {
            guard let k = entries[i].key else { continue }
            // Attribute names are interned: the same string object is the same key.
            if case .str(let a) = k.value, case .str(let b) = key.value, a === b { return i }
            if k == key { return i }
        }
        return nil
    }

    /// The value of a str key. Mutating only so that a call through a class's stored table works on
    /// it in place: a non-mutating call copies the table's buffers (retains and releases) for
    /// every attribute read.
    @inline(__always)
    mutating func value(forName key: Value) -> Value? {
        if entries.count <= OrderedTable.scanLimit, case .str(let s) = key {
            // Attribute names are interned: the entry with the same hash is most likely the same string object.
            let h = s.hashCode
            for i in entries.indices where entries[i].hash == h {
                if case .str(let k)? = entries[i].key?.value, k === s { return entries[i].value }
            }
        }
        return find(HashKey(unchecked: key)).map { entries[$0].value }
    }

    /// The value at a slot found by `find`.
    func value(at i: Int) -> Value { entries[i].value }

    mutating func insert(_ key: HashKey, _ value: Value) { insertHashable(key, value) }

    mutating func insertHashable(_ key: HashKey, _ value: Value) {
        let small = entries.count < OrderedTable.scanLimit
        let h = small ? OrderedTable.hash(key) : 0
        if let i = small ? find(key, hash: h) : find(key) {
            entries[i].value = value
            return
        }
        entries.append(Entry(key: key, value: value, hash: entries.count < OrderedTable.scanLimit ? h : 0))
        count += 1
        if entries.count == OrderedTable.scanLimit + 1 {
            for (i, e) in entries.enumerated() { if let k = e.key { positions[k] = i } }
        } else if entries.count > OrderedTable.scanLimit {
            positions[key] = entries.count - 1
        }
    }

    @discardableResult
    mutating func remove(_ key: HashKey) -> Value? {
        guard let i = find(key) else { return nil }
        if entries.count > OrderedTable.scanLimit { positions.removeValue(forKey: key) }
        let old = entries[i].value
        entries[i].key = nil
        entries[i].value = .none
        count -= 1
        if entries.count > 32 && count < entries.count / 2 { compact() }
        return old
    }

    public mutating func removeAll() { self = OrderedTable() }

    /// Room for `n` entries without regrowing.
    mutating func reserve(_ n: Int) {
        if n > 0 { entries.reserveCapacity(n) }
    }

    private mutating func compact() {
        var fresh = OrderedTable()
        for e in entries { if let k = e.key { fresh.insertHashable(k, e.value) } }
        self = fresh
    }

    /// Indices of entries that have not been removed, in insertion order.
    var liveIndices: [Int] { entries.indices.filter { entries[$0].key != nil } }
    var liveKeys: [Value] { entries.compactMap { $0.key?.value } }
    var liveValues: [Value] { entries.compactMap { $0.key == nil ? nil : $0.value } }
    var liveItems: [(Value, Value)] { entries.compactMap { e in e.key.map { ($0.value, e.value) } } }

    /// The entry at a position of the insertion order, for iteration that tolerates growth.
    func entry(at i: Int) -> (key: Value, value: Value)? {
        guard i < entries.count, let k = entries[i].key else { return nil }
        return (k.value, entries[i].value)
    }
    var slotCount: Int { entries.count }

    /// Hands the entries to the trashcan (see Trashcan), for a dict being freed.
    mutating func free() { Trashcan.free(&entries) }
}
