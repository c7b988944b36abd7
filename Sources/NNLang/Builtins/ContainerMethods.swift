#if canImport(Glibc)
import Glibc
#endif

/// Methods of `list`.
enum ListMethods {
    static func list(_ v: Value) -> PyList {
        if case .list(let l) = v { return l }
        return PyList()
    }

    static var table: [String: PyType.Method] { [
        "append": { v, a, _ in
            try a.expect("list.append", 1...1)
            list(v).items.append(a[0])
            return .none
        },
        "extend": { v, a, interp in
            try a.expect("list.extend", 1...1)
            list(v).items += try interp.collect(a[0])
            return .none
        },
        "insert": { v, a, _ in
            try a.expect("insert", 2...2)
            let l = list(v)
            var i = try Conversions.int(a[0])
            if i < 0 { i = max(0, i + l.items.count) }
            l.items.insert(a[1], at: min(i, l.items.count))
            return .none
        },
        "pop": { v, a, _ in
            try a.expect("pop", 0...1)
            let l = list(v)
            if l.items.isEmpty { throw ScriptError(.indexError, "pop from empty list") }
            var i = a.count == 1 ? try Conversions.int(a[0]) : l.items.count - 1
            if i < 0 { i += l.items.count }
            guard i >= 0 && i < l.items.count else { throw ScriptError(.indexError, "pop index out of range") }
            return l.items.remove(at: i)
        },
        "remove": { v, a, _ in
            try a.expect("list.remove", 1...1)
            let l = list(v)
            guard let i = l.items.firstIndex(where: { valuesEqual($0, a[0]) }) else {
                throw ScriptError(.valueError, "list.remove(x): x not in list")
            }
            l.items.remove(at: i)
            return .none
        },
        "index": { v, a, interp in
            try a.expect("index", 1...3)
            let items = list(v).items
            let (start, stop, _) = try PySlice(a.count > 1 ? a[1] : .none, a.count > 2 ? a[2] : .none, .none).indices(items.count)
            if start < stop, let i = items[start..<stop].firstIndex(where: { valuesEqual($0, a[0]) }) { return .int(i) }
            throw ScriptError(.valueError, "\(try interp.repr(a[0])) is not in list")
        },
        "count": { v, a, _ in
            try a.expect("count", 1...1)
            return .int(list(v).items.filter { valuesEqual($0, a[0]) }.count)
        },
        "sort": { v, a, interp in
            guard a.positional.isEmpty else { throw ScriptError(.typeError, "sort() takes no positional arguments") }
            try sort(list(v), a, interp)
            return .none
        },
        "reverse": { v, a, _ in
            try a.expect("reverse", 0...0)
            list(v).items.reverse()
            return .none
        },
        "copy": { v, a, _ in
            try a.expect("copy", 0...0)
            return .list(PyList(list(v).items))
        },
        "clear": { v, a, _ in
            try a.expect("clear", 0...0)
            list(v).items.removeAll()
            return .none
        },
    ] }

    /// A stable sort that lets comparison errors propagate; `key` and `reverse` as in Python.
    static func sort(_ list: PyList, _ a: Arguments, _ interp: Interpreter) throws {
        var key: Value = .none
        var reverse = false
        for (name, value) in a.keywords {
            switch name {
            case "key": key = value
            case "reverse": reverse = try interp.isTruthy(value)
            default: throw ScriptError(.typeError, "'\(name)' is an invalid keyword argument for sort()")
            }
        }
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
                    if try less(order[j], order[i]) { buffer[k] = order[j]; j += 1 } else { buffer[k] = order[i]; i += 1 }
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
    static var table: [String: PyType.Method] { [
        "index": { v, a, interp in
            try a.expect("index", 1...1)
            guard case .tuple(let t) = v, let i = t.items.firstIndex(where: { valuesEqual($0, a[0]) }) else {
                throw ScriptError(.valueError, "tuple.index(x): x not in tuple")
            }
            return .int(i)
        },
        "count": { v, a, _ in
            try a.expect("count", 1...1)
            guard case .tuple(let t) = v else { return .int(0) }
            return .int(t.items.filter { valuesEqual($0, a[0]) }.count)
        },
    ] }
}

/// Methods of `dict`.
enum DictMethods {
    static func dict(_ v: Value) -> PyDict {
        if case .dict(let d) = v { return d }
        return PyDict()
    }

    /// `dict()`, `dict(mapping)`, `dict(pairs)`, `dict(a=1)`.
    static func construct(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        guard args.count <= 1 else { throw ScriptError(.typeError, "dict expected at most 1 argument, got \(args.count)") }
        let d = PyDict()
        if args.count == 1 { try update(d, args[0], interp) }
        for (k, v) in args.keywords { d.set(k, v) }
        return .dict(d)
    }

    static func update(_ d: PyDict, _ source: Value, _ interp: Interpreter) throws {
        if case .dict(let other) = source {
            for (k, v) in other.items { try d.set(k, v) }
            return
        }
        for (i, pair) in try interp.collect(source).enumerated() {
            let items = try interp.collect(pair)
            guard items.count == 2 else {
                throw ScriptError(.valueError, "dictionary update sequence element #\(i) has length \(items.count); 2 is required")
            }
            try d.set(items[0], items[1])
        }
    }

    static var table: [String: PyType.Method] { [
        "keys": { v, a, _ in try a.expect("keys", 0...0); return .object(DictView(dict(v), .keys)) },
        "values": { v, a, _ in try a.expect("values", 0...0); return .object(DictView(dict(v), .values)) },
        "items": { v, a, _ in try a.expect("items", 0...0); return .object(DictView(dict(v), .items)) },
        "get": { v, a, _ in
            try a.expect("get", 1...2)
            return try dict(v).get(a[0]) ?? (a.count == 2 ? a[1] : .none)
        },
        "pop": { v, a, _ in
            try a.expect("pop", 1...2)
            if let old = try dict(v).remove(a[0]) { return old }
            if a.count == 2 { return a[1] }
            throw ScriptError(.keyError, value: a[0])
        },
        "popitem": { v, a, _ in
            let d = dict(v)
            guard let last = d.items.last else { throw ScriptError(.keyError, "'popitem(): dictionary is empty'") }
            try d.remove(last.0)
            return .tuple(PyTuple([last.0, last.1]))
        },
        "setdefault": { v, a, _ in
            try a.expect("setdefault", 1...2)
            let d = dict(v)
            if let existing = try d.get(a[0]) { return existing }
            let value = a.count == 2 ? a[1] : .none
            try d.set(a[0], value)
            return value
        },
        "update": { v, a, interp in
            guard a.count <= 1 else { throw ScriptError(.typeError, "update expected at most 1 argument, got \(a.count)") }
            let d = dict(v)
            if a.count == 1 { try update(d, a[0], interp) }
            for (k, value) in a.keywords { d.set(k, value) }
            return .none
        },
        "copy": { v, a, _ in
            let d = PyDict()
            d.table = dict(v).table
            return .dict(d)
        },
        "clear": { v, a, _ in dict(v).table.removeAll(); return .none },
    ] }
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

    static func others(_ a: Arguments, _ interp: Interpreter) throws -> [PySet] {
        try a.positional.map { v in
            if case .object(let s as PySet) = v { return s }
            let s = PySet()
            for e in try interp.collect(v) { try s.add(e) }
            return s
        }
    }

    static func mutating(_ v: Value, _ name: String) throws -> PySet {
        let s = set(v)
        if s.frozen { throw ScriptError(.attributeError, "'frozenset' object has no attribute '\(name)'") }
        return s
    }

    static var table: [String: PyType.Method] { [
        "add": { v, a, _ in try a.expect("set.add", 1...1); try mutating(v, "add").add(a[0]); return .none },
        "remove": { v, a, _ in
            try a.expect("set.remove", 1...1)
            guard try mutating(v, "remove").table.remove(HashKey(a[0])) != nil else { throw ScriptError(.keyError, value: a[0]) }
            return .none
        },
        "discard": { v, a, _ in try a.expect("set.discard", 1...1); try mutating(v, "discard").table.remove(HashKey(a[0])); return .none },
        "pop": { v, a, _ in
            let s = try mutating(v, "pop")
            guard let first = s.elements.first else { throw ScriptError(.keyError, "'pop from an empty set'") }
            try s.table.remove(HashKey(first))
            return first
        },
        "clear": { v, a, _ in try mutating(v, "clear").table.removeAll(); return .none },
        "copy": { v, a, _ in let s = PySet(frozen: set(v).frozen); s.table = set(v).table; return .object(s) },
        "union": { v, a, interp in try others(a, interp).reduce(v) { try combine(.bitOr, set($0), $1) } },
        "intersection": { v, a, interp in try others(a, interp).reduce(v) { try combine(.bitAnd, set($0), $1) } },
        "difference": { v, a, interp in try others(a, interp).reduce(v) { try combine(.subtract, set($0), $1) } },
        "symmetric_difference": { v, a, interp in try others(a, interp).reduce(v) { try combine(.bitXor, set($0), $1) } },
        "update": { v, a, interp in
            let s = try mutating(v, "update")
            for o in try others(a, interp) { for e in o.elements { try s.add(e) } }
            return .none
        },
        "issubset": { v, a, interp in
            let o = try others(a, interp)[0]
            return .bool(try set(v).elements.allSatisfy { try o.has($0) })
        },
        "issuperset": { v, a, interp in
            let o = try others(a, interp)[0]
            return .bool(try o.elements.allSatisfy { try set(v).has($0) })
        },
        "isdisjoint": { v, a, interp in
            let o = try others(a, interp)[0]
            return .bool(try !set(v).elements.contains { try o.has($0) })
        },
    ] }
}

/// Methods of `int`.
enum IntMethods {
    static var table: [String: PyType.Method] { [
        "bit_length": { v, a, _ in
            switch v {
            case .int(let i): return .int(Int.bitWidth - i.magnitude.leadingZeroBitCount)
            case .object(let b as PyBigInt): return .int(b.value.magnitude.bitWidth)
            default: return .int(0)
            }
        },
        "is_integer": { v, a, _ in .true },
    ] }
}

/// Methods of `float`.
enum FloatMethods {
    static var table: [String: PyType.Method] { [
        "is_integer": { v, a, _ in
            guard case .float(let d) = v else { return .true }
            return .bool(d.isFinite && d == d.rounded())
        },
        "hex": { v, a, _ in
            guard case .float(let d) = v else { return .string("") }
            return .string(FloatFormat.printf(d, precision: 13, "a"))
        },
    ] }
}

/// Methods of text files.
enum FileMethods {
    static func file(_ v: Value) -> PyFile? {
        if case .object(let f as PyFile) = v { return f }
        return nil
    }

    static func open(_ path: String, _ mode: String) throws -> PyFile {
        guard ["r", "w", "a", "rt", "wt", "at", "r+", "w+", "a+", "x"].contains(mode) else {
            if mode.contains("b") { throw ScriptError(.valueError, "binary mode files are not supported") }
            throw ScriptError(.valueError, "invalid mode: '\(mode)'")
        }
        let cMode = mode.replacingOccurrences("t", "").replacingOccurrences("x", "w")
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw ScriptError(.isADirectoryError, "[Errno 21] Is a directory: \(StringRepr.quote(path))")
        }
        guard let handle = fopen(path, cMode) else {
            let code = errno
            let message = String(cString: strerror(code))
            let kind: ExceptionType = code == ENOENT ? .fileNotFoundError : code == EACCES ? .permissionError : .osError
            throw ScriptError(kind, "[Errno \(code)] \(message): \(StringRepr.quote(path))")
        }
        return PyFile(path: path, mode: mode, handle: handle)
    }

    static var table: [String: PyType.Method] { [
        "read": { v, a, _ in .string(try file(v)?.readAll() ?? "") },
        "readline": { v, a, _ in
            guard let f = file(v) else { return .string("") }
            let h = try f.open()
            var bytes: [UInt8] = []
            while true {
                let c = getc(h)
                if c == EOF { break }
                bytes.append(UInt8(c))
                if c == 10 { break }
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        },
        "readlines": { v, a, _ in .list(PyList(try file(v)?.readLines().map { .string($0) } ?? [])) },
        "write": { v, a, interp in
            try a.expect("write", 1...1)
            let s = try Conversions.string(a[0], "write() argument must be str, not \(a[0].typeName)")
            return .int(try file(v)?.write(s) ?? 0)
        },
        "close": { v, a, _ in file(v)?.close(); return .none },
        "__enter__": { v, a, _ in v },
        "__exit__": { v, a, _ in file(v)?.close(); return .false },
    ] }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        components(separatedBy: target).joined(separator: replacement)
    }
}
