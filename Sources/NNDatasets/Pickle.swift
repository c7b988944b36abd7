/// A reader of Python's pickle format for data files (CIFAR's batches): dicts, lists, tuples, strings,
/// bytes, numbers and numpy arrays (`numpy.core.multiarray._reconstruct` with its `__setstate__`).
/// It builds no other objects: an unknown global is an error, as Keras's restricted unpickler refuses them.
public enum Pickle {
    public indirect enum Object: Equatable {
        case none
        case bool(Bool)
        case int(Int)
        case float(Double)
        case string(String)
        case bytes([UInt8])
        case list([Object])
        case tuple([Object])
        case dict([(Object, Object)])
        /// A numpy array: its shape, its dtype's name ('u1', '<i8' …) and its raw bytes.
        case array(shape: [Int], dtype: String, data: [UInt8])
        /// A global (a class or function) the stream names, before it is called.
        case global(String)
        case dtype(String)

        public static func == (a: Object, b: Object) -> Bool { "\(a)" == "\(b)" }

        /// A dict's value by a key given as text (str or bytes keys, as `encoding='bytes'` gives them).
        public subscript(_ key: String) -> Object? {
            guard case .dict(let items) = self else { return nil }
            return items.first { k, _ in
                switch k {
                case .string(let s): return s == key
                case .bytes(let b): return b == Array(key.utf8)
                default: return false
                }
            }?.1
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func load(_ bytes: [UInt8]) throws -> Object {
        var reader = Machine(bytes)
        return try reader.run()
    }

    struct Machine {
        let bytes: [UInt8]
        var at = 0
        var stack: [Object] = []
        var marks: [Int] = []
        var memo: [Int: Object] = [:]

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
            guard n >= 0, bytes.count - at >= n else { throw Failure(description: "a truncated pickle") }
            defer { at += n }
            return bytes[at..<at + n]
        }
        mutating func le(_ n: Int) throws -> Int {
            let b = try take(n)
            var v = 0
            for (i, x) in b.enumerated() { v |= Int(x) << (8 * i) }
            // Signed for 4 bytes (BININT), unsigned lengths otherwise are below 2**31 in practice.
            return n == 4 && v >= 1 << 31 ? v - (1 << 32) : v
        }
        mutating func line() throws -> String {
            guard let end = bytes[at...].firstIndex(of: 0x0A) else { throw Failure(description: "a truncated pickle") }
            defer { at = end + 1 }
            return String(decoding: bytes[at..<end], as: UTF8.self)
        }
        mutating func pop() throws -> Object {
            guard let top = stack.popLast() else { throw Failure(description: "a pickle that pops an empty stack") }
            return top
        }
        mutating func popMark() throws -> [Object] {
            guard let mark = marks.popLast(), mark <= stack.count else {
                throw Failure(description: "a pickle without its mark")
            }
            defer { stack.removeLast(stack.count - mark) }
            return Array(stack[mark...])
        }

        mutating func run() throws -> Object {
            while true {
                let op = try take(1).first!
                switch op {
                case 0x80: _ = try take(1)  // PROTO
                case 0x95: _ = try take(8)  // FRAME
                case 0x2E: return try pop()  // STOP
                case 0x28: marks.append(stack.count)  // MARK
                case 0x7D: stack.append(.dict([]))  // EMPTY_DICT
                case 0x5D: stack.append(.list([]))  // EMPTY_LIST
                case 0x29: stack.append(.tuple([]))  // EMPTY_TUPLE
                case 0x4E: stack.append(.none)
                case 0x88: stack.append(.bool(true))
                case 0x89: stack.append(.bool(false))
                case 0x4B: stack.append(.int(try le(1)))  // BININT1
                case 0x4D: stack.append(.int(try le(2)))  // BININT2
                case 0x4A: stack.append(.int(try le(4)))  // BININT
                case 0x8A:  // LONG1
                    let n = try le(1), b = try take(n)
                    guard n <= 8 else { throw Failure(description: "an integer too large for nn's pickle reader") }
                    var v = 0
                    for (i, x) in b.enumerated() { v |= Int(x) << (8 * i) }
                    if n > 0 && n < 8 && b.last! & 0x80 != 0 { v -= 1 << (8 * n) }
                    stack.append(.int(v))
                case 0x47:  // BINFLOAT (big-endian)
                    let b = try take(8)
                    stack.append(.float(Double(bitPattern: b.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })))
                case 0x55: stack.append(.bytes(Array(try take(try le(1)))))  // SHORT_BINSTRING (bytes)
                case 0x54: stack.append(.bytes(Array(try take(try le(4)))))  // BINSTRING
                case 0x43: stack.append(.bytes(Array(try take(try le(1)))))  // SHORT_BINBYTES
                case 0x42: stack.append(.bytes(Array(try take(try le(4)))))  // BINBYTES
                case 0x8C: stack.append(.string(String(decoding: try take(try le(1)), as: UTF8.self)))  // SHORT_BINUNICODE
                case 0x58: stack.append(.string(String(decoding: try take(try le(4)), as: UTF8.self)))  // BINUNICODE
                case 0x71: memo[try le(1)] = stack.last  // BINPUT
                case 0x72: memo[try le(4)] = stack.last  // LONG_BINPUT
                case 0x94: memo[memo.count] = stack.last  // MEMOIZE
                case 0x68, 0x6A:  // BINGET, LONG_BINGET
                    guard let v = memo[try le(op == 0x68 ? 1 : 4)] else {
                        throw Failure(description: "a pickle memo miss")
                    }
                    stack.append(v)
                case 0x63: stack.append(.global("\(try line()).\(try line())"))  // GLOBAL
                case 0x93:  // STACK_GLOBAL
                    let name = try pop(), module = try pop()
                    guard case .string(let m) = module, case .string(let n) = name else {
                        throw Failure(description: "a malformed global")
                    }
                    stack.append(.global("\(m).\(n)"))
                case 0x74: stack.append(.tuple(try popMark()))  // TUPLE
                case 0x85: stack.append(.tuple([try pop()]))  // TUPLE1
                case 0x86:  // TUPLE2
                    let b = try pop(), a = try pop()
                    stack.append(.tuple([a, b]))
                case 0x87:  // TUPLE3
                    let c = try pop(), b = try pop(), a = try pop()
                    stack.append(.tuple([a, b, c]))
                case 0x61, 0x65:  // APPEND, APPENDS
                    let items = op == 0x61 ? [try pop()] : try popMark()
                    guard case .list(let l) = try pop() else { throw Failure(description: "APPEND to a non-list") }
                    stack.append(.list(l + items))
                case 0x73, 0x75:  // SETITEM, SETITEMS
                    let items = op == 0x73 ? [try pop(), try pop()].reversed() : try popMark()
                    guard case .dict(var d) = try pop(), items.count % 2 == 0 else {
                        throw Failure(description: "SETITEMS on a non-dict")
                    }
                    for i in stride(from: 0, to: items.count, by: 2) { d.append((items[i], items[i + 1])) }
                    stack.append(.dict(d))
                case 0x52: stack.append(try reduce(try pop(), try pop()))  // REDUCE (args, callable)
                case 0x62:  // BUILD
                    let state = try pop(), object = try pop()
                    stack.append(try build(object, state))
                default:
                    throw Failure(description: String(format: "nn's pickle reader does not know opcode 0x%02x", op))
                }
            }
        }

        /// Calls the few globals data files use.
        func reduce(_ args: Object, _ callable: Object) throws -> Object {
            guard case .global(let name) = callable, case .tuple(let a) = args else {
                throw Failure(description: "a pickle calls something nn's reader does not build")
            }
            switch name {
            case "numpy.core.multiarray._reconstruct", "numpy._core.multiarray._reconstruct":
                return .array(shape: [], dtype: "u1", data: [])
            case "numpy.dtype":
                guard case .string(let s)? = a.first ?? nil else {
                    if case .bytes(let b)? = a.first { return .dtype(String(decoding: b, as: UTF8.self)) }
                    throw Failure(description: "a malformed numpy dtype")
                }
                return .dtype(s)
            case "_codecs.encode":
                guard case .string(let s)? = a.first else { throw Failure(description: "a malformed bytes object") }
                // Python 3's protocol 2 writes bytes as their latin-1 text.
                return .bytes(s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
            default: throw Failure(description: "global '\(name)' is forbidden")
            }
        }

        /// numpy's `__setstate__`: (version, shape, dtype, is_fortran, raw bytes).
        func build(_ object: Object, _ state: Object) throws -> Object {
            switch object {
            case .dtype(let name):
                // (3, byte order, …): the order joins the name ('<' + 'i8'); '|' means it has none.
                if case .tuple(let t) = state, t.count > 1, case .string(let order) = t[1], order != "|" {
                    return .dtype(order + name)
                }
                return object
            case .array:
                guard case .tuple(let t) = state, t.count >= 5, case .tuple(let dims) = t[1],
                    case .dtype(let dtype) = t[2]
                else { throw Failure(description: "a malformed numpy array") }
                let shape = try dims.map { d -> Int in
                    guard case .int(let n) = d else { throw Failure(description: "a malformed numpy shape") }
                    return n
                }
                guard case .bytes(let data) = t[4] else {
                    throw Failure(description: "nn reads numpy arrays of numbers only (not object arrays)")
                }
                return .array(shape: shape, dtype: dtype, data: data)
            default: throw Failure(description: "a pickle builds something nn's reader does not build")
            }
        }
    }
}
