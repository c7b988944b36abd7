#if canImport(Glibc)
import Glibc
#endif

/// Methods of `list`.
enum ListMethods {
    static func list(_ v: Value) -> PyList {
        if case .list(let l) = v { return l }
        return PyList()
    }

    static let members: [String: Member] = {
        var m = Members("list")
        m.method("append(object, /)  Appends object to the end of the list.") { v, a, _ in
            list(v).items.append(a["object"])
            return .none
        }
        m.method("extend(iterable, /)  Extends the list by appending the items of the iterable.") { v, a, interp in
            list(v).items += try interp.collect(a["iterable"])
            return .none
        }
        m.method("insert(index, object, /)  Inserts object before index.") { v, a, _ in
            let l = list(v)
            var i = try a.int("index")
            if i < 0 { i = max(0, i + l.items.count) }
            l.items.insert(a["object"], at: min(i, l.items.count))
            return .none
        }
        m.method("pop(index=-1, /)  Removes and returns the item at index (the last by default).") { v, a, _ in
            let l = list(v)
            if l.items.isEmpty { throw ScriptError(.indexError, "pop from empty list") }
            var i = try a.int("index")
            if i < 0 { i += l.items.count }
            guard i >= 0 && i < l.items.count else { throw ScriptError(.indexError, "pop index out of range") }
            return l.items.remove(at: i)
        }
        m.method("remove(value, /)  Removes the first occurrence of value.") { v, a, _ in
            let l = list(v)
            guard let i = l.items.firstIndex(where: { valuesEqual($0, a["value"]) }) else {
                throw ScriptError(.valueError, "list.remove(x): x not in list")
            }
            l.items.remove(at: i)
            return .none
        }
        m.method("index(value, start=0, stop=9223372036854775807, /)  The position of the first occurrence of value.") {
            v, a, interp in
            let items = list(v).items
            let (start, stop, _) = try PySlice(a["start"], a["stop"], .none).indices(items.count)
            if start < stop, let i = items[start..<stop].firstIndex(where: { valuesEqual($0, a["value"]) }) {
                return .int(i)
            }
            throw ScriptError(.valueError, "\(try interp.repr(a["value"])) is not in list")
        }
        m.method("count(value, /)  How many items equal value.") { v, a, _ in
            .int(list(v).items.filter { valuesEqual($0, a["value"]) }.count)
        }
        m.method("sort(*, key=None, reverse=False)  Sorts the list in place, stably.") { v, a, interp in
            try sort(list(v), key: a["key"], reverse: try a.bool("reverse"), interp)
            return .none
        }
        m.method("reverse()  Reverses the list in place.") { v, _, _ in
            list(v).items.reverse()
            return .none
        }
        m.method("copy()  A shallow copy of the list.") { v, _, _ in .list(PyList(list(v).items)) }
        m.method("clear()  Removes every item.") { v, _, _ in
            list(v).items.removeAll()
            return .none
        }
        return m.table
    }()

    /// A stable sort that lets comparison errors propagate; `key` and `reverse` as in Python.
    static func sort(_ list: PyList, key: Value, reverse: Bool, _ interp: Interpreter) throws {
        let items = list.items
        let keys = key.isNone ? items : try items.map { try interp.call(key, $0) }
        func less(_ x: Int, _ y: Int) throws -> Bool {
            let (p, q) = reverse ? (keys[y], keys[x]) : (keys[x], keys[y])
            switch (p, q) {
            case (.int(let i), .int(let j)): return i < j
            case (.float(let i), .float(let j)): return i < j
            case (.str(let i), .str(let j)): return Operators.compareScalars(i.value, j.value) < 0
            default: return try interp.isTruthy(try Operators.compare(.less, p, q, interp))
            }
        }
        var order = Array(items.indices)
        var buffer = order
        // Bottom-up merge sort: stable, and every comparison may throw.
        var width = 1
        while width < order.count {
            var start = 0
            while start < order.count {
                let mid = min(start + width, order.count), end = min(start + 2 * width, order.count)
                var i = start, j = mid, k = start
                while i < mid && j < end {
                    if try less(order[j], order[i]) {
                        buffer[k] = order[j]; j += 1
                    } else {
                        buffer[k] = order[i]; i += 1
                    }
                    k += 1
                }
                while i < mid { buffer[k] = order[i]; i += 1; k += 1 }
                while j < end { buffer[k] = order[j]; j += 1; k += 1 }
                start += 2 * width
            }
            swap(&order, &buffer)
            width *= 2
        }
        list.items = order.map { items[$0] }
    }
}

/// Methods of `tuple`.
enum TupleMethods {
    static func tuple(_ v: Value) -> [Value] {
        if case .tuple(let t) = v { return t.items }
        return []
    }

    static let members: [String: Member] = {
        var m = Members("tuple")
        m.method("index(value, start=0, stop=9223372036854775807, /)  The position of the first occurrence of value.") {
            v, a, _ in
            let items = tuple(v)
            let (start, stop, _) = try PySlice(a["start"], a["stop"], .none).indices(items.count)
            if start < stop, let i = items[start..<stop].firstIndex(where: { valuesEqual($0, a["value"]) }) {
                return .int(i)
            }
            throw ScriptError(.valueError, "tuple.index(x): x not in tuple")
        }
        m.method("count(value, /)  How many items equal value.") { v, a, _ in
            .int(tuple(v).filter { valuesEqual($0, a["value"]) }.count)
        }
        return m.table
    }()
}

/// Methods of `dict`.
enum DictMethods {
    static func dict(_ v: Value) -> PyDict {
        if case .dict(let d) = v { return d }
        return PyDict()
    }

    static func update(_ d: PyDict, _ source: Value, _ interp: Interpreter) throws {
        if case .dict(let other) = source {
            for (k, v) in other.items { try d.set(k, v) }
            return
        }
        for (i, pair) in try interp.collect(source).enumerated() {
            let items = try interp.collect(pair)
            guard items.count == 2 else {
                throw ScriptError(
                    .valueError, "dictionary update sequence element #\(i) has length \(items.count); 2 is required")
            }
            try d.set(items[0], items[1])
        }
    }

    static let members: [String: Member] = {
        var m = Members("dict")
        m.method("keys()  A view of the keys.") { v, _, _ in .object(DictView(dict(v), .keys)) }
        m.method("values()  A view of the values.") { v, _, _ in .object(DictView(dict(v), .values)) }
        m.method("items()  A view of the (key, value) pairs.") { v, _, _ in .object(DictView(dict(v), .items)) }
        m.method("get(key, default=None, /)  The value for key, or default when the key is missing.") { v, a, _ in
            try dict(v).get(a["key"]) ?? a["default"]
        }
        m.method("pop(key, default=<unset>, /)  Removes key and returns its value, or default when missing.") {
            v, a, _ in
            if let old = try dict(v).remove(a["key"]) { return old }
            if let d = a.given("default") { return d }
            throw ScriptError(.keyError, value: a["key"])
        }
        m.method("popitem()  Removes and returns the last (key, value) pair.") { v, _, _ in
            let d = dict(v)
            guard let last = d.items.last else { throw ScriptError(.keyError, "'popitem(): dictionary is empty'") }
            try d.remove(last.0)
            return .tuple(PyTuple([last.0, last.1]))
        }
        m.method("setdefault(key, default=None, /)  The value for key, inserting default when missing.") { v, a, _ in
            let d = dict(v)
            if let existing = try d.get(a["key"]) { return existing }
            try d.set(a["key"], a["default"])
            return a["default"]
        }
        m.method("update(other=<unset>, /, **pairs)  Adds the pairs of a mapping or iterable, then the keyword pairs.")
        { v, a, interp in
            let d = dict(v)
            if let other = a.given("other") { try update(d, other, interp) }
            for (k, value) in a.keywords { d.set(k, value) }
            return .none
        }
        m.method("copy()  A shallow copy of the dict.") { v, _, _ in
            let d = PyDict(flavor: dict(v).flavor?.copied())
            d.table = dict(v).table
            return .dict(d)
        }
        m.method("clear()  Removes every item.") { v, _, _ in
            dict(v).table.removeAll()
            return .none
        }
        return m.table
    }()
}

/// Methods of `set` and `frozenset`.
enum SetMethods {
    static func set(_ v: Value) -> PySet {
        if case .object(let s as PySet) = v { return s }
        return PySet()
    }

    static func combine(_ op: BinaryOperator, _ x: PySet, _ y: PySet) throws -> Value {
        let result = PySet(frozen: x.frozen)
        switch op {
        case .bitOr: for e in x.elements + y.elements { try result.add(e) }
        case .bitAnd: for e in x.elements where try y.has(e) { try result.add(e) }
        case .subtract: for e in x.elements where !(try y.has(e)) { try result.add(e) }
        default:
            for e in x.elements where !(try y.has(e)) { try result.add(e) }
            for e in y.elements where !(try x.has(e)) { try result.add(e) }
        }
        return .object(result)
    }

    static func others(_ values: [Value], _ interp: Interpreter) throws -> [PySet] {
        try values.map { v in
            if case .object(let s as PySet) = v { return s }
            let s = PySet()
            for e in try interp.collect(v) { try s.add(e) }
            return s
        }
    }

    /// `set(iterable)` and `frozenset(iterable)`.
    static func make(_ items: Value, frozen: Bool, _ interp: Interpreter) throws -> Value {
        let s = PySet(frozen: frozen)
        for v in try interp.collect(items) { try s.add(v) }
        return .object(s)
    }

    static func mutating(_ v: Value, _ name: String) throws -> PySet {
        let s = set(v)
        if s.frozen { throw ScriptError(.attributeError, "'frozenset' object has no attribute '\(name)'") }
        return s
    }

    static func other(_ a: Bound, _ interp: Interpreter) throws -> PySet { try others([a["other"]], interp)[0] }

    static let members: [String: Member] = {
        var m = Members("set")
        m.method("add(object, /)  Adds an element.") { v, a, _ in
            try mutating(v, "add").add(a["object"])
            return .none
        }
        m.method("remove(object, /)  Removes an element; KeyError when it is missing.") { v, a, _ in
            guard try mutating(v, "remove").table.remove(HashKey(a["object"])) != nil else {
                throw ScriptError(.keyError, value: a["object"])
            }
            return .none
        }
        m.method("discard(object, /)  Removes an element when it is there.") { v, a, _ in
            try mutating(v, "discard").table.remove(HashKey(a["object"]))
            return .none
        }
        m.method("pop()  Removes and returns an element.") { v, _, _ in
            let s = try mutating(v, "pop")
            guard let first = s.elements.first else { throw ScriptError(.keyError, "'pop from an empty set'") }
            try s.table.remove(HashKey(first))
            return first
        }
        m.method("clear()  Removes every element.") { v, _, _ in
            try mutating(v, "clear").table.removeAll()
            return .none
        }
        m.method("copy()  A shallow copy of the set.") { v, _, _ in
            let s = PySet(frozen: set(v).frozen)
            s.table = set(v).table
            return .object(s)
        }
        for (name, op, about) in [
            ("union", BinaryOperator.bitOr, "in any of the sets"), ("intersection", .bitAnd, "in all the sets"),
            ("difference", .subtract, "in this set and none of the others"),
            ("symmetric_difference", .bitXor, "in exactly one of the sets"),
        ] {
            let declaration = name == "symmetric_difference" ? "\(name)(other, /)" : "\(name)(*others)"
            m.method(declaration + "  A new set of the elements \(about).") { v, a, interp in
                let sets = name == "symmetric_difference" ? [try other(a, interp)] : try others(a.rest, interp)
                return try sets.reduce(v) { try combine(op, set($0), $1) }
            }
        }
        m.method("update(*others)  Adds the elements of the others.") { v, a, interp in
            let s = try mutating(v, "update")
            for o in try others(a.rest, interp) { for e in o.elements { try s.add(e) } }
            return .none
        }
        m.method("issubset(other, /)  Whether every element is in other.") { v, a, interp in
            let o = try other(a, interp)
            return .bool(try set(v).elements.allSatisfy { try o.has($0) })
        }
        m.method("issuperset(other, /)  Whether every element of other is in this set.") { v, a, interp in
            let o = try other(a, interp)
            return .bool(try o.elements.allSatisfy { try set(v).has($0) })
        }
        m.method("isdisjoint(other, /)  Whether the sets have no element in common.") { v, a, interp in
            let o = try other(a, interp)
            return .bool(try !set(v).elements.contains { try o.has($0) })
        }
        return m.table
    }()
}

/// Methods of `int`.
enum IntMethods {
    static let members: [String: Member] = {
        var m = Members("int")
        m.method("bit_length()  The number of bits needed to write the absolute value in binary.") { v, _, _ in
            switch v {
            case .int(let i): return .int(Int.bitWidth - i.magnitude.leadingZeroBitCount)
            case .object(let b as PyBigInt): return .int(b.value.magnitude.bitWidth)
            default: return .int(0)
            }
        }
        m.method("is_integer()  Always True for an int.") { _, _, _ in .true }
        // As ints: True.real is 1.
        let itself: (Value, Interpreter) throws -> Value = { v, _ in
            if case .bool(let b) = v { return .int(b ? 1 : 0) }
            return v
        }
        m.property("real", "The int itself.", itself)
        m.property("imag", "0: an int has no imaginary part.") { _, _ in .int(0) }
        m.property("numerator", "The int itself.", itself)
        m.property("denominator", "1.") { _, _ in .int(1) }
        return m.table
    }()
}

/// Methods of `float`.
enum FloatMethods {
    static let members: [String: Member] = {
        var m = Members("float")
        m.method("is_integer()  Whether the float is a whole number.") { v, _, _ in
            guard case .float(let d) = v else { return .true }
            return .bool(d.isFinite && d == d.rounded())
        }
        m.method("hex()  The float in hexadecimal notation.") { v, _, _ in
            guard case .float(let d) = v else { return .string("") }
            return .string(FloatFormat.printf(d, precision: 13, "a"))
        }
        m.property("real", "The float itself.") { v, _ in v }
        m.property("imag", "0.0: a float has no imaginary part.") { _, _ in .float(0) }
        return m.table
    }()
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }
}
