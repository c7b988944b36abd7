import NNLang

/// `collections.deque`: a sequence with fast appends and pops at both ends, optionally bounded
/// (`maxlen`: appending to a full deque drops an item from the other end).
final class PyDeque: PyObject {
    /// The items live in `storage[head...]`; room before `head` makes appendleft cheap.
    private var storage: [Value] = []
    private var head = 0
    let maxlen: Int?

    init(maxlen: Int?) { self.maxlen = maxlen }

    var items: ArraySlice<Value> { storage[head...] }
    var count: Int { storage.count - head }

    func append(_ v: Value) {
        if maxlen == 0 { return }
        storage.append(v)
        if let maxlen, count > maxlen { _ = popLeft() }
    }

    func appendLeft(_ v: Value) {
        if maxlen == 0 { return }
        if head == 0 {
            let room = max(8, count)
            storage.insert(contentsOf: repeatElement(Value.none, count: room), at: 0)
            head = room
        }
        head -= 1
        storage[head] = v
        if let maxlen, count > maxlen { storage.removeLast() }
    }

    func popLeft() -> Value? {
        guard count > 0 else { return nil }
        let v = storage[head]
        storage[head] = .none
        head += 1
        if head > 32 && head > storage.count / 2 {
            storage.removeFirst(head)
            head = 0
        }
        return v
    }

    /// A new deque of the items as `item` gives them (themselves, or deep copies).
    func copy(_ item: (Value) throws -> Value) throws -> Value {
        let copy = PyDeque(maxlen: maxlen)
        copy.replace(try items.map(item))
        return .object(copy)
    }

    func replace(_ items: [Value]) {
        storage = items
        head = 0
        if let maxlen, count > maxlen { storage.removeFirst(count - maxlen) }
    }

    static let dequeType: PyType = {
        var m = Members("deque")
        func deque(_ v: Value) throws -> PyDeque { try v.receiver(PyDeque.self, "deque") }
        m.method("append(x, /)  Adds x at the right end.") { v, a, _ in
            try deque(v).append(a["x"])
            return .none
        }
        m.method("appendleft(x, /)  Adds x at the left end.") { v, a, _ in
            try deque(v).appendLeft(a["x"])
            return .none
        }
        m.method("pop()  Removes and returns the rightmost item.") { v, _, _ in
            let d = try deque(v)
            guard d.count > 0 else { throw ScriptError(.indexError, "pop from an empty deque") }
            return d.storage.removeLast()
        }
        m.method("popleft()  Removes and returns the leftmost item.") { v, _, _ in
            guard let item = try deque(v).popLeft() else { throw ScriptError(.indexError, "pop from an empty deque") }
            return item
        }
        m.method("extend(iterable, /)  Appends the items at the right end.") { v, a, interp in
            let d = try deque(v)
            for item in try interp.collect(a["iterable"]) { d.append(item) }
            return .none
        }
        m.method("extendleft(iterable, /)  Appends the items at the left end, one by one (so in reverse order).") {
            v, a, interp in
            let d = try deque(v)
            for item in try interp.collect(a["iterable"]) { d.appendLeft(item) }
            return .none
        }
        m.method("rotate(n=1, /)  Rotates n steps to the right (to the left when n is negative).") { v, a, _ in
            let d = try deque(v)
            guard d.count > 1 else { return .none }
            let shift = ((try a.int("n")) % d.count + d.count) % d.count
            let items = Array(d.items)
            d.replace(Array(items[(items.count - shift)...] + items[..<(items.count - shift)]))
            return .none
        }
        m.method("clear()  Removes every item.") { v, _, _ in
            try deque(v).replace([])
            return .none
        }
        m.method("copy()  A shallow copy.") { v, _, _ in try deque(v).copy { $0 } }
        m.method("__copy__()  A shallow copy (copy.copy).") { v, _, _ in try deque(v).copy { $0 } }
        m.method("__deepcopy__(memo, /)  A copy holding copies of the items (copy.deepcopy).") { v, a, interp in
            guard case .dict(let memo) = a["memo"] else { throw ScriptError(.typeError, "memo must be a dict") }
            var copier = Copier(interp, deep: true, memo: memo)
            return try deque(v).copy { try copier.copy($0) }
        }
        m.method("count(value, /)  How many items equal value.") { v, a, _ in
            .int(try deque(v).items.filter { valuesEqual($0, a["value"]) }.count)
        }
        m.method("index(value, /)  The position of the first item equal to value.") { v, a, interp in
            let d = try deque(v)
            guard let i = d.items.firstIndex(where: { valuesEqual($0, a["value"]) }) else {
                throw ScriptError(.valueError, "\(try interp.repr(a["value"])) is not in deque")
            }
            return .int(i - d.head)
        }
        m.method("remove(value, /)  Removes the first item equal to value.") { v, a, interp in
            let d = try deque(v)
            var items = Array(d.items)
            guard let i = items.firstIndex(where: { valuesEqual($0, a["value"]) }) else {
                throw ScriptError(.valueError, "\(try interp.repr(a["value"])) is not in deque")
            }
            items.remove(at: i)
            d.replace(items)
            return .none
        }
        m.method("reverse()  Reverses the items in place.") { v, _, _ in
            let d = try deque(v)
            d.replace(d.items.reversed())
            return .none
        }
        m.property("maxlen", "The most items the deque holds, or None when unbounded.") { v, _ in
            try deque(v).maxlen.map { .int($0) } ?? .none
        }
        let t = PyType(
            "deque", base: .object, members: m.table,
            signature: Signature(
                """
                deque(iterable=(), maxlen=None)  A double-ended queue of the iterable's items.
                maxlen: the most items it holds; appending more drops items from the other end.
                """, errorName: "deque")
        ) { a, interp in
            let maxlen = try a.optionalInt("maxlen")
            if let maxlen, maxlen < 0 { throw ScriptError(.valueError, "maxlen must be non-negative") }
            let d = PyDeque(maxlen: maxlen)
            for item in try interp.collect(a["iterable"]) { d.append(item) }
            return .object(d)
        }
        t.moduleName = "collections"
        return t
    }()

    override var type: PyType { PyDeque.dequeType }

    override func repr(_ interp: Interpreter) throws -> String {
        let inner = try items.map { try interp.repr($0) }.joined(separator: ", ")
        return "deque([\(inner)]\(maxlen.map { ", maxlen=\($0)" } ?? ""))"
    }

    override func length(_ interp: Interpreter) throws -> Int { count }
    override func isTruthy(_ interp: Interpreter) throws -> Bool { count > 0 }
    override func makeIterator(_ interp: Interpreter) throws -> PyIterator { SequenceIterator(Array(items)) }
    override func contains(_ item: Value, _ interp: Interpreter) throws -> Bool? {
        items.contains { valuesEqual($0, item) }
    }
    override var isHashable: Bool { false }

    private func position(_ key: Value) throws -> Int {
        guard case .int(let i) = key else {
            throw ScriptError(.typeError, "sequence index must be integer, not '\(key.typeName)'")
        }
        let j = i < 0 ? i + count : i
        guard j >= 0 && j < count else { throw ScriptError(.indexError, "deque index out of range") }
        return head + j
    }

    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value { storage[try position(key)] }
    override func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        storage[try position(key)] = value
    }
    override func deleteItem(_ key: Value, _ interp: Interpreter) throws {
        storage.remove(at: try position(key))
    }

    override func isEqual(_ other: Value) -> Bool {
        guard case .object(let d as PyDeque) = other else { return false }
        return d.count == count && zip(d.items, items).allSatisfy { valuesEqual($0, $1) }
    }
}
