import BigInt
#if canImport(Glibc)
import Glibc
#endif

/// The built-in functions every script sees.
enum Builtins {
    static func make() -> [String: Value] {
        var table: [String: Value] = [:]
        func add(_ name: String, _ doc: String, _ body: @escaping PyBuiltinFunction.Body) {
            table[name] = .object(PyBuiltinFunction(name, doc: doc, module: "builtins", body))
        }
        for type in [PyType.int, .float, .str, .bool, .list, .tuple, .dict, .set, .frozenset, .range, .slice, .type, .object] {
            table[type.name] = .object(type)
        }
        table["None"] = .none
        table["Ellipsis"] = .object(PyEllipsis.shared)
        table["NotImplemented"] = .none

        add("print", "print(*values, sep=' ', end='\\n') prints the values, separated by sep, followed by end.") { args, interp in
            var sep = " ", end = "\n"
            var file: Value = .none
            for (name, value) in args.keywords {
                switch name {
                case "sep": sep = value.isNone ? " " : try Conversions.string(value, "sep must be None or a string, not \(value.typeName)")
                case "end": end = value.isNone ? "\n" : try Conversions.string(value, "end must be None or a string, not \(value.typeName)")
                case "file": file = value
                case "flush": break
                default: throw ScriptError(.typeError, "'\(name)' is an invalid keyword argument for print()")
                }
            }
            let text = try args.positional.map { try interp.str($0) }.joined(separator: sep) + end
            if case .object(let f as PyFile) = file { _ = try f.write(text) } else { interp.write(text) }
            return .none
        }
        add("len", "len(obj) returns the number of items in a container.") { args, interp in
            try args.expect("len", 1...1)
            return .int(try interp.length(args[0]))
        }
        add("repr", "repr(obj) returns the canonical string representation of the object.") { args, interp in
            try args.expect("repr", 1...1)
            return .string(try interp.repr(args[0]))
        }
        add("abs", "abs(x) returns the absolute value of x.") { args, interp in
            try args.expect("abs", 1...1)
            switch args[0] {
            case .int(let i): return i == Int.min ? .integer(BigInt(i).magnitude.asSigned) : .int(abs(i))
            case .bool(let b): return .int(b ? 1 : 0)
            case .float(let d): return .float(abs(d))
            case .object(let b as PyBigInt): return .integer(BigInt(b.value.magnitude))
            case .object(let o):
                if let m = o.type.lookupMethod("__abs__") { return try m(args[0], Arguments(), interp) }
                fallthrough
            default: throw ScriptError(.typeError, "bad operand type for abs(): '\(args[0].typeName)'")
            }
        }
        add("min", "min(iterable, *, key=None, default=...) or min(a, b, ...) returns the smallest item.") { args, interp in
            try extreme("min", args, interp, want: .less)
        }
        add("max", "max(iterable, *, key=None, default=...) or max(a, b, ...) returns the largest item.") { args, interp in
            try extreme("max", args, interp, want: .greater)
        }
        add("sum", "sum(iterable, start=0) returns start plus the sum of the items.") { args, interp in
            let bound = try args.bind("sum", ["iterable", "start"], required: 1)
            var total = bound[1] ?? .int(0)
            if case .str = total { throw ScriptError(.typeError, "sum() can't sum strings [use ''.join(seq) instead]") }
            let it = try interp.makeIterator(bound[0]!)
            while let v = try it.next() {
                switch (total, v) {
                case (.float(let a), .float(let b)): total = .float(a + b)
                case (.int(let a), .int(let b)):
                    let (r, o) = a.addingReportingOverflow(b)
                    total = o ? try Operators.binary(.add, total, v, interp) : .int(r)
                default: total = try Operators.binary(.add, total, v, interp)
                }
            }
            return total
        }
        add("any", "any(iterable) is True when any item is true.") { args, interp in
            try args.expect("any", 1...1)
            let it = try interp.makeIterator(args[0])
            while let v = try it.next() { if try interp.isTruthy(v) { return .true } }
            return .false
        }
        add("all", "all(iterable) is True when every item is true.") { args, interp in
            try args.expect("all", 1...1)
            let it = try interp.makeIterator(args[0])
            while let v = try it.next() { if !(try interp.isTruthy(v)) { return .false } }
            return .true
        }
        add("round", "round(number, ndigits=None) rounds half to even; with ndigits, to that many decimals.") { args, interp in
            let bound = try args.bind("round", ["number", "ndigits"], required: 1)
            return try round(bound[0]!, bound[1] ?? .none, interp)
        }
        add("divmod", "divmod(a, b) returns (a // b, a % b).") { args, interp in
            try args.expect("divmod", 2...2)
            return .tuple(PyTuple([try Operators.binary(.floorDivide, args[0], args[1], interp),
                                   try Operators.binary(.modulo, args[0], args[1], interp)]))
        }
        add("pow", "pow(base, exp, mod=None) returns base ** exp, modulo mod when given.") { args, interp in
            let bound = try args.bind("pow", ["base", "exp", "mod"], required: 2)
            guard let m = bound[2], !m.isNone else { return try Operators.binary(.power, bound[0]!, bound[1]!, interp) }
            guard case .int(let b) = bound[0]!, case .int(let e) = bound[1]!, case .int(let mod) = m else {
                throw ScriptError(.typeError, "pow() 3rd argument not allowed unless all arguments are integers")
            }
            if mod == 0 { throw ScriptError(.valueError, "pow() 3rd argument cannot be 0") }
            if e < 0 { throw ScriptError(.valueError, "base is not invertible for the given modulus") }
            let r = BigInt(b).power(BigInt(e), modulus: BigInt(mod))
            return .integer(r < 0 && mod > 0 ? r + BigInt(mod) : r)
        }
        add("ord", "ord(c) returns the code point of a one-character string.") { args, interp in
            try args.expect("ord", 1...1)
            guard case .str(let s) = args[0] else {
                throw ScriptError(.typeError, "ord() expected string of length 1, but \(args[0].typeName) found")
            }
            guard s.count == 1 else { throw ScriptError(.typeError, "ord() expected a character, but string of length \(s.count) found") }
            return .int(Int(s.value.unicodeScalars.first!.value))
        }
        add("chr", "chr(i) returns the one-character string for code point i.") { args, interp in
            try args.expect("chr", 1...1)
            let i = try Conversions.int(args[0])
            guard i >= 0, i < 0x110000 else { throw ScriptError(.valueError, "chr() arg not in range(0x110000)") }
            guard let scalar = Unicode.Scalar(UInt32(i)) else { return .string("\u{FFFD}") }
            return .string(String(Character(scalar)))
        }
        add("isinstance", "isinstance(obj, class_or_tuple) tells whether obj is an instance of the class.") { args, interp in
            try args.expect("isinstance", 2...2)
            return .bool(try isInstance(args[0], args[1]))
        }
        add("issubclass", "issubclass(cls, class_or_tuple) tells whether cls derives from the class.") { args, interp in
            try args.expect("issubclass", 2...2)
            guard case .object(let t as PyType) = args[0] else { throw ScriptError(.typeError, "issubclass() arg 1 must be a class") }
            return .bool(try classes(args[1], "issubclass").contains { t.isSubtype(of: $0) })
        }
        add("hasattr", "hasattr(obj, name) tells whether the object has the attribute.") { args, interp in
            try args.expect("hasattr", 2...2)
            let name = try Conversions.string(args[1], "attribute name must be string, not '\(args[1].typeName)'")
            do { _ = try interp.getAttribute(args[0], name); return .true } catch let e as ScriptError where e.isA(.attributeError) { return .false }
        }
        add("getattr", "getattr(obj, name, default) returns the attribute, or default when missing.") { args, interp in
            try args.expect("getattr", 2...3)
            let name = try Conversions.string(args[1], "attribute name must be string, not '\(args[1].typeName)'")
            do { return try interp.getAttribute(args[0], name) } catch let e as ScriptError where e.isA(.attributeError) && args.count == 3 { return args[2] }
        }
        add("setattr", "setattr(obj, name, value) sets the attribute.") { args, interp in
            try args.expect("setattr", 3...3)
            let name = try Conversions.string(args[1], "attribute name must be string, not '\(args[1].typeName)'")
            try interp.setAttribute(args[0], name, args[2])
            return .none
        }
        add("callable", "callable(obj) tells whether the object can be called.") { args, interp in
            try args.expect("callable", 1...1)
            return .bool(Interpreter.isCallable(args[0]))
        }
        add("id", "id(obj) returns a number unique to the object while it lives.") { args, interp in
            try args.expect("id", 1...1)
            return .int(identity(args[0]))
        }
        add("hash", "hash(obj) returns the object's hash.") { args, interp in
            try args.expect("hash", 1...1)
            switch args[0] {
            case .bool(let b): return .int(b ? 1 : 0)
            case .int(let i): return .int(NumericHash.of(BigInt(i)))
            case .float(let d): return .int(NumericHash.of(d))
            case .object(let b as PyBigInt): return .int(NumericHash.of(b.value))
            default: return .int(try HashKey(args[0]).hashValue)
            }
        }
        add("iter", "iter(iterable) returns an iterator over it.") { args, interp in
            try args.expect("iter", 1...1)
            return .object(try interp.makeIterator(args[0]))
        }
        add("next", "next(iterator, default) returns the next item, or default when exhausted.") { args, interp in
            try args.expect("next", 1...2)
            guard case .object(let it as PyIterator) = args[0] else {
                throw ScriptError(.typeError, "'\(args[0].typeName)' object is not an iterator")
            }
            if let v = try it.next() { return v }
            if args.count == 2 { return args[1] }
            throw ScriptError(PyException(ExceptionType.stopIteration.pyType, []))
        }
        add("enumerate", "enumerate(iterable, start=0) yields (index, item) pairs.") { args, interp in
            let bound = try args.bind("enumerate", ["iterable", "start"], required: 1)
            let it = try interp.makeIterator(bound[0]!)
            var i = try bound[1].map { try Conversions.int($0) } ?? 0
            return .object(GeneratedIterator("enumerate") {
                guard let v = try it.next() else { return nil }
                defer { i += 1 }
                return .tuple(PyTuple([.int(i), v]))
            })
        }
        add("zip", "zip(*iterables) yields tuples of items taken from each iterable in turn.") { args, interp in
            var strict = false
            for (name, value) in args.keywords {
                guard name == "strict" else { throw ScriptError(.typeError, "zip() got an unexpected keyword argument '\(name)'") }
                strict = try interp.isTruthy(value)
            }
            let iterators = try args.positional.enumerated().map { i, v in
                do { return try interp.makeIterator(v) } catch let e as ScriptError where e.isA(.typeError) {
                    throw ScriptError(.typeError, "'\(v.typeName)' object is not iterable")
                }
            }
            return .object(GeneratedIterator("zip") {
                guard !iterators.isEmpty else { return nil }
                var items: [Value] = []
                for (k, it) in iterators.enumerated() {
                    guard let v = try it.next() else {
                        if strict && k > 0 { throw ScriptError(.valueError, "zip() argument \(k + 1) is shorter than argument 1") }
                        return nil
                    }
                    items.append(v)
                }
                return .tuple(PyTuple(items))
            })
        }
        add("map", "map(function, *iterables) yields function applied to the items.") { args, interp in
            try args.noKeywords("map")
            guard args.count >= 2 else { throw ScriptError(.typeError, "map() must have at least two arguments.") }
            let function = args[0]
            let iterators = try args.positional.dropFirst().map { try interp.makeIterator($0) }
            return .object(GeneratedIterator("map") {
                var items: [Value] = []
                for it in iterators {
                    guard let v = try it.next() else { return nil }
                    items.append(v)
                }
                return try interp.call(function, Arguments(items))
            })
        }
        add("filter", "filter(function, iterable) yields the items for which function is true.") { args, interp in
            try args.expect("filter", 2...2)
            let function = args[0]
            let it = try interp.makeIterator(args[1])
            return .object(GeneratedIterator("filter") {
                while let v = try it.next() {
                    let keep = function.isNone ? v : try interp.call(function, v)
                    if try interp.isTruthy(keep) { return v }
                }
                return nil
            })
        }
        add("sorted", "sorted(iterable, *, key=None, reverse=False) returns a new sorted list.") { args, interp in
            guard args.count == 1 else { throw ScriptError(.typeError, "sorted expected 1 argument, got \(args.count)") }
            let list = PyList(try interp.collect(args[0]))
            try ListMethods.sort(list, Arguments([], args.keywords), interp)
            return .list(list)
        }
        add("reversed", "reversed(sequence) yields the items in reverse order.") { args, interp in
            try args.expect("reversed", 1...1)
            let items: [Value]
            switch args[0] {
            case .list, .tuple, .str, .object(is PyRange): items = try interp.collect(args[0])
            case .dict(let d): items = d.keys
            default: throw ScriptError(.typeError, "'\(args[0].typeName)' object is not reversible")
            }
            var i = items.count
            return .object(GeneratedIterator("reversed") {
                guard i > 0 else { return nil }
                i -= 1
                return items[i]
            })
        }
        add("format", "format(value, format_spec='') formats the value.") { args, interp in
            try args.expect("format", 1...2)
            let spec = args.count == 2 ? try Conversions.string(args[1], "format() argument 2 must be str, not \(args[1].typeName)") : ""
            return .string(try interp.format(args[0], spec))
        }
        add("bin", "bin(x) returns the binary representation of an integer.") { args, interp in
            try args.expect("bin", 1...1)
            return .string(try Formatter.format(args[0], "#b", interp))
        }
        add("hex", "hex(x) returns the hexadecimal representation of an integer.") { args, interp in
            try args.expect("hex", 1...1)
            return .string(try Formatter.format(args[0], "#x", interp))
        }
        add("oct", "oct(x) returns the octal representation of an integer.") { args, interp in
            try args.expect("oct", 1...1)
            return .string(try Formatter.format(args[0], "#o", interp))
        }
        add("input", "input(prompt='') reads a line from standard input.") { args, interp in
            try args.expect("input", 0...1)
            interp.output.flush()
            let prompt = args.count == 1 ? try interp.str(args[0]) : ""
            guard let line = interp.readLine(prompt) else {
                // Ctrl-C interrupts the read itself (the handler does not restart it).
                try interp.checkInterrupt()
                throw ScriptError(.eofError, "EOF when reading a line")
            }
            return .string(line)
        }
        add("open", "open(file, mode='r', encoding=None) opens a text file.") { args, interp in
            let bound = try args.bind("open", ["file", "mode", "buffering", "encoding", "errors", "newline"], required: 1)
            let path = try Conversions.string(bound[0]!, "expected str, bytes or os.PathLike object, not \(bound[0]!.typeName)")
            let mode = try bound[1].map { try Conversions.string($0, "open() argument 'mode' must be str, not \($0.typeName)") } ?? "r"
            return .object(try FileMethods.open(path, mode))
        }
        add("dir", "dir(obj) lists the object's attributes; dir() lists the names defined so far.") { args, interp in
            try args.expect("dir", 0...1)
            if args.count == 0 { return .list(PyList(interp.globals.definedNames.sorted().map { .string($0) })) }
            return .list(PyList(interp.attributeNames(args[0]).map { .string($0) }))
        }
        add("help", "help(obj) prints what the object is and how to call it.") { args, interp in
            try args.expect("help", 0...1)
            interp.write(try Help.text(args.count == 1 ? args[0] : .none, interp) + "\n")
            return .none
        }
        add("globals", "globals() returns a dict of the module's variables.") { args, interp in
            let d = PyDict()
            for name in interp.globals.definedNames { d.set(name, interp.globals[name]!) }
            return .dict(d)
        }
        add("exit", "exit(code=None) ends the program.") { args, interp in
            throw ScriptError(PyException(ExceptionType.systemExit.pyType, args.positional))
        }
        table["quit"] = table["exit"]
        return table
    }

    static func identity(_ v: Value) -> Int {
        switch v {
        case .str(let s): return ObjectIdentifier(s).hashValue
        case .list(let l): return ObjectIdentifier(l).hashValue
        case .tuple(let t): return ObjectIdentifier(t).hashValue
        case .dict(let d): return ObjectIdentifier(d).hashValue
        case .object(let o): return ObjectIdentifier(o).hashValue
        default: return (try? HashKey(v).hashValue) ?? 0
        }
    }

    static func classes(_ spec: Value, _ function: String) throws -> [PyType] {
        switch spec {
        case .object(let t as PyType): return [t]
        case .tuple(let t): return try t.items.flatMap { try classes($0, function) }
        default: throw ScriptError(.typeError, "\(function)() arg 2 must be a type, a tuple of types, or a union")
        }
    }

    static func isInstance(_ v: Value, _ spec: Value) throws -> Bool {
        try classes(spec, "isinstance").contains { v.type.isSubtype(of: $0) }
    }

    static func extreme(_ name: String, _ args: Arguments, _ interp: Interpreter, want: CompareOperator) throws -> Value {
        var key: Value = .none
        var defaultValue: Value? = nil
        for (k, v) in args.keywords {
            switch k {
            case "key": key = v
            case "default": defaultValue = v
            default: throw ScriptError(.typeError, "'\(k)' is an invalid keyword argument for \(name)()")
            }
        }
        let items: [Value]
        switch args.count {
        case 0: throw ScriptError(.typeError, "\(name) expected at least 1 argument, got 0")
        case 1: items = try interp.collect(args[0])
        default:
            if defaultValue != nil { throw ScriptError(.typeError, "Cannot specify a default for \(name)() with multiple positional arguments") }
            items = args.positional
        }
        guard var best = items.first else {
            if let defaultValue { return defaultValue }
            throw ScriptError(.valueError, "\(name)() arg is an empty sequence")
        }
        var bestKey = key.isNone ? best : try interp.call(key, best)
        for item in items.dropFirst() {
            let k = key.isNone ? item : try interp.call(key, item)
            if try interp.isTruthy(try Operators.compare(want, k, bestKey, interp)) {
                best = item
                bestKey = k
            }
        }
        return best
    }

    static func round(_ number: Value, _ digits: Value, _ interp: Interpreter) throws -> Value {
        switch number {
        case .float(let d):
            if digits.isNone {
                if d.isNaN { throw ScriptError(.valueError, "cannot convert float NaN to integer") }
                if d.isInfinite { throw ScriptError(.overflowError, "cannot convert float infinity to integer") }
                return .integer(BigInt(d.rounded(.toNearestOrEven)))
            }
            let n = try Conversions.int(digits)
            if !d.isFinite || n > 323 { return .float(d) }
            if n >= 0 {
                return .float(Double(FloatFormat.printf(d, precision: n, "f")) ?? d)
            }
            if n < -308 { return .float(0.0 * d) }
            let p = Foundation.pow(10.0, Double(-n))
            return .float((d / p).rounded(.toNearestOrEven) * p)
        case .int, .bool, .object(is PyBigInt):
            let value = Number(number)!.big!
            guard !digits.isNone else { return .integer(value) }
            let n = try Conversions.int(digits)
            if n >= 0 { return .integer(value) }
            let p = BigInt(10).power(-n)
            var (q, r) = value.quotientAndRemainder(dividingBy: p)
            if r < 0 { q -= 1; r += p }
            if r * 2 > p || (r * 2 == p && !q.isMultiple(of: 2)) { q += 1 }
            return .integer(q * p)
        case .object(let o):
            if let m = o.type.lookupMethod("__round__") { return try m(number, Arguments(digits.isNone ? [] : [digits]), interp) }
            fallthrough
        default:
            throw ScriptError(.typeError, "type \(number.typeName) doesn't define __round__ method")
        }
    }
}

/// The `pow` of the C library, named apart from Swift overloads.
enum Foundation {
    static func pow(_ a: Double, _ b: Double) -> Double { Glibc.pow(a, b) }
}

extension Value {
    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}

extension BigUInt {
    var asSigned: BigInt { BigInt(self) }
}
