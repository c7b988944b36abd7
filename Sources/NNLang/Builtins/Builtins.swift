import BigInt
#if canImport(Glibc)
import Glibc
#endif

/// The built-in functions every script sees: small named functions, and one table at the end
/// (`declarations`) that says what each is called and how (Lua's `lmathlib.c` pattern).
enum Builtins {
    static func make() -> [String: Value] {
        var table: [String: Value] = [:]
        for type in [
            PyType.int, .float, .str, .bool, .list, .tuple, .dict, .set, .frozenset, .range, .slice, .type, .object,
            .staticMethod, .classMethod, .property, .superType,
        ] {
            table[type.name] = .object(type)
        }
        table["None"] = Value.none
        table["Ellipsis"] = .object(PyEllipsis.shared)
        table["NotImplemented"] = .object(PyNotImplemented.shared)
        for f in functions { table[f.name] = .object(f) }
        for name in ["exit", "quit"] { table[name] = .object(PyQuitter(name)) }
        return table
    }

    static func print(_ a: Bound, _ interp: Interpreter) throws -> Value {
        func text(_ name: String, _ fallback: String) throws -> String {
            let v = a[name]
            return v.isNone
                ? fallback : try Conversions.string(v, "\(name) must be None or a string, not \(v.typeName)")
        }
        let sep = try text("sep", " "), end = try text("end", "\n")
        let line = try a.rest.map { try interp.str($0) }.joined(separator: sep) + end
        switch a["file"] {
        case .none: interp.write(line)
        case .object(let f as PyFile): _ = try f.write(line)
        case let other: _ = try interp.call(try interp.getAttribute(other, "write"), .string(line))
        }
        if try a.bool("flush") { interp.output.flush() }
        return .none
    }

    static func abs(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let x = a["x"]
        switch x {
        case .int(let i): return i == Int.min ? .integer(BigInt(i).magnitude.asSigned) : .int(Swift.abs(i))
        case .bool(let b): return .int(b ? 1 : 0)
        case .float(let d): return .float(Swift.abs(d))
        case .object(let b as PyBigInt): return .integer(BigInt(b.value.magnitude))
        case .object(let o):
            if let r = try o.absolute(interp) { return r }
            if let m = o.type.lookupMethod("__abs__") { return try m(x, Arguments(), interp) }
            fallthrough
        default: throw ScriptError(.typeError, "bad operand type for abs(): '\(x.typeName)'")
        }
    }

    static func sum(_ a: Bound, _ interp: Interpreter) throws -> Value {
        var total = a["start"]
        if case .str = total { throw ScriptError(.typeError, "sum() can't sum strings [use ''.join(seq) instead]") }
        let it = try interp.makeIterator(a["iterable"])
        while let v = try it.next() {
            switch (total, v) {
            case (.float(let x), .float(let y)): total = .float(x + y)
            case (.int(let x), .int(let y)):
                let (r, o) = x.addingReportingOverflow(y)
                total = o ? try Operators.binary(.add, total, v, interp) : .int(r)
            default: total = try Operators.binary(.add, total, v, interp)
            }
        }
        return total
    }

    static func any(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let it = try interp.makeIterator(a["iterable"])
        while let v = try it.next() { if try interp.isTruthy(v) { return .true } }
        return .false
    }

    static func all(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let it = try interp.makeIterator(a["iterable"])
        while let v = try it.next() { if !(try interp.isTruthy(v)) { return .false } }
        return .true
    }

    static func pow(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let base = a["base"], exponent = a["exp"]
        guard let m = a.optional("mod") else { return try Operators.binary(.power, base, exponent, interp) }
        guard case .int(let b) = base, case .int(let e) = exponent, case .int(let mod) = m else {
            throw ScriptError(.typeError, "pow() 3rd argument not allowed unless all arguments are integers")
        }
        if mod == 0 { throw ScriptError(.valueError, "pow() 3rd argument cannot be 0") }
        if e < 0 { throw ScriptError(.valueError, "base is not invertible for the given modulus") }
        let r = BigInt(b).power(BigInt(e), modulus: BigInt(mod))
        return .integer(r < 0 && mod > 0 ? r + BigInt(mod) : r)
    }

    static func ord(_ a: Bound, _ interp: Interpreter) throws -> Value {
        guard case .str(let s) = a["c"] else {
            throw ScriptError(.typeError, "ord() expected string of length 1, but \(a["c"].typeName) found")
        }
        guard s.count == 1, let scalar = s.value.unicodeScalars.first else {
            throw ScriptError(.typeError, "ord() expected a character, but string of length \(s.count) found")
        }
        return .int(Int(scalar.value))
    }

    static func chr(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let i = try a.int("i")
        guard i >= 0, i < 0x110000 else { throw ScriptError(.valueError, "chr() arg not in range(0x110000)") }
        guard let scalar = Unicode.Scalar(UInt32(i)) else { return .string("\u{FFFD}") }
        return .string(String(Character(scalar)))
    }

    static func issubclass(_ a: Bound, _ interp: Interpreter) throws -> Value {
        guard case .object(let t as PyType) = a["cls"] else {
            throw ScriptError(.typeError, "issubclass() arg 1 must be a class")
        }
        return .bool(try classes(a["class_or_tuple"], "issubclass").contains { t.isSubtype(of: $0) })
    }

    static func attributeName(_ a: Bound) throws -> String {
        let name = a["name"]
        return try Conversions.string(name, "attribute name must be string, not '\(name.typeName)'")
    }

    static func hasattr(_ a: Bound, _ interp: Interpreter) throws -> Value {
        do {
            _ = try interp.getAttribute(a["obj"], try attributeName(a))
            return .true
        } catch let e as ScriptError where e.isA(.attributeError) {
            return .false
        }
    }

    static func getattr(_ a: Bound, _ interp: Interpreter) throws -> Value {
        do {
            return try interp.getAttribute(a["object"], try attributeName(a))
        } catch let e as ScriptError where e.isA(.attributeError) {
            guard let fallback = a.given("default") else { throw e }
            return fallback
        }
    }

    static func setattr(_ a: Bound, _ interp: Interpreter) throws -> Value {
        try interp.setAttribute(a["obj"], try attributeName(a), a["value"])
        return .none
    }

    static func delattr(_ a: Bound, _ interp: Interpreter) throws -> Value {
        try interp.deleteAttribute(a["obj"], try attributeName(a))
        return .none
    }

    /// `vars(obj)`: an instance's or a class's attributes, the live dict; without an argument, the globals.
    static func vars(_ a: Bound, _ interp: Interpreter) throws -> Value {
        guard let object = a.given("object") else { return try globals(a, interp) }
        switch object {
        case .object(let i as PyInstance): return .dict(i.dict)
        case .object(let t as PyType) where t.namespace != nil:
            // A copy: a class's attributes change through setattr only (Python's is a read-only view).
            let copy = PyDict()
            for (k, v) in t.namespace!.items { try copy.set(k, v) }
            return .dict(copy)
        default: throw ScriptError(.typeError, "vars() argument must have __dict__ attribute")
        }
    }

    static func hash(_ a: Bound, _ interp: Interpreter) throws -> Value {
        switch a["obj"] {
        case .bool(let b): return .int(b ? 1 : 0)
        case .int(let i): return .int(NumericHash.of(BigInt(i)))
        case .float(let d): return .int(NumericHash.of(d))
        case .object(let b as PyBigInt): return .int(NumericHash.of(b.value))
        case let v: return .int(try HashKey(v).hashValue)
        }
    }

    /// `iter(iterable)`, or `iter(callable, sentinel)`: calls until the result equals the sentinel.
    static func iter(_ a: Bound, _ interp: Interpreter) throws -> Value {
        guard let sentinel = a.given("sentinel") else { return .object(try interp.makeIterator(a["object"])) }
        let function = a["object"]
        guard Interpreter.isCallable(function) else { throw ScriptError(.typeError, "iter(v, w): v must be callable") }
        var done = false
        return .object(
            GeneratedIterator("callable_iterator") {
                if done { return nil }
                let v = try interp.call(function, Arguments())
                if valuesEqual(v, sentinel) { done = true; return nil }
                return v
            })
    }

    static func next(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let iterator = a["iterator"]
        if case .object(let i as PyInstance) = iterator, let next = i.special(Dunder.next) {
            return try interp.call(next, Arguments())
        }
        guard case .object(let it as PyIterator) = iterator else {
            throw ScriptError(.typeError, "'\(iterator.typeName)' object is not an iterator")
        }
        if let v = try it.next() { return v }
        if let fallback = a.given("default") { return fallback }
        throw StopIterationError.with((it as? PyGenerator)?.returnValue ?? .none)
    }

    static func enumerate(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let it = try interp.makeIterator(a["iterable"])
        var i = try a.int("start")
        return .object(
            GeneratedIterator("enumerate") {
                guard let v = try it.next() else { return nil }
                defer { i += 1 }
                return .tuple(PyTuple([.int(i), v]))
            })
    }

    static func zip(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let strict = try a.bool("strict")
        let iterators = try a.rest.map { v in
            do { return try interp.makeIterator(v) } catch let e as ScriptError where e.isA(.typeError) {
                throw ScriptError(.typeError, "'\(v.typeName)' object is not iterable")
            }
        }
        return .object(
            GeneratedIterator("zip") {
                guard !iterators.isEmpty else { return nil }
                var items: [Value] = []
                for (k, it) in iterators.enumerated() {
                    guard let v = try it.next() else {
                        if strict && k > 0 {
                            throw ScriptError(.valueError, "zip() argument \(k + 1) is shorter than argument 1")
                        }
                        return nil
                    }
                    items.append(v)
                }
                return .tuple(PyTuple(items))
            })
    }

    static func map(_ a: Bound, _ interp: Interpreter) throws -> Value {
        guard !a.rest.isEmpty else { throw ScriptError(.typeError, "map() must have at least two arguments.") }
        let function = a["function"]
        let iterators = try a.rest.map { try interp.makeIterator($0) }
        return .object(
            GeneratedIterator("map") {
                var items: [Value] = []
                for it in iterators {
                    guard let v = try it.next() else { return nil }
                    items.append(v)
                }
                return try interp.call(function, Arguments(items))
            })
    }

    static func filter(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let function = a["function"]
        let it = try interp.makeIterator(a["iterable"])
        return .object(
            GeneratedIterator("filter") {
                while let v = try it.next() {
                    let keep = function.isNone ? v : try interp.call(function, v)
                    if try interp.isTruthy(keep) { return v }
                }
                return nil
            })
    }

    static func sorted(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let list = PyList(try interp.collect(a["iterable"]))
        try ListMethods.sort(list, key: a["key"], reverse: try a.bool("reverse"), interp)
        return .list(list)
    }

    static func reversed(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let sequence = a["sequence"]
        let items: [Value]
        switch sequence {
        case .list, .tuple, .str, .object(is PyRange): items = try interp.collect(sequence)
        case .dict(let d): items = d.keys
        default: throw ScriptError(.typeError, "'\(sequence.typeName)' object is not reversible")
        }
        var i = items.count
        return .object(
            GeneratedIterator("reversed") {
                guard i > 0 else { return nil }
                i -= 1
                return items[i]
            })
    }

    static func format(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let spec = a["format_spec"]
        return .string(
            try interp.format(
                a["value"], try Conversions.string(spec, "format() argument 2 must be str, not \(spec.typeName)")))
    }

    /// `bin`, `hex` and `oct`: an integer in base 2, 16 or 8 with its prefix.
    static func radix(_ spec: String) -> (Bound, Interpreter) throws -> Value {
        { a, interp in .string(try Formatter.format(a["number"], spec, interp)) }
    }

    static func input(_ a: Bound, _ interp: Interpreter) throws -> Value {
        interp.output.flush()
        let prompt = try interp.str(a["prompt"])
        guard let line = interp.readLine(prompt) else {
            // Ctrl-C interrupts the read itself (the handler does not restart it).
            try interp.checkInterrupt()
            throw ScriptError(.eofError, "EOF when reading a line")
        }
        return .string(line)
    }

    static func open(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let file = a["file"]
        let path = try Conversions.path(file)
        let mode = try Conversions.string(a["mode"], "open() argument 'mode' must be str, not \(a["mode"].typeName)")
        return .object(try FileMethods.open(path, mode, try FileMethods.TextOptions(a)))
    }

    static func dir(_ a: Bound, _ interp: Interpreter) throws -> Value {
        guard let object = a.given("object") else {
            return .list(PyList(interp.globals.definedNames.sorted().map { .string($0) }))
        }
        return .list(PyList(interp.attributeNames(object).map { .string($0) }))
    }

    static func globals(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let d = PyDict()
        for name in interp.globals.definedNames { d.set(name, interp.globals[name] ?? .none) }
        return .dict(d)
    }

    /// Every built-in function: its declaration (see Signature) and its body.
    static var declarations: [(String, (Bound, Interpreter) throws -> Value)] {
        [
            (
                "print(*values, sep=' ', end='\\n', file=None, flush=False)  Prints the values, separated by sep, followed by end.",
                print
            ),
            ("len(obj, /)  The number of items in a container.", { a, interp in .int(try interp.length(a["obj"])) }),
            (
                "repr(obj, /)  The canonical string representation of the object.",
                { a, interp in .string(try interp.repr(a["obj"])) }
            ),
            ("abs(x, /)  The absolute value of x.", abs),
            (
                "min(*args, key=None, default=<unset>)  The smallest item of an iterable, or the smallest argument.",
                { a, interp in try extreme(a, interp, want: .less) }
            ),
            (
                "max(*args, key=None, default=<unset>)  The largest item of an iterable, or the largest argument.",
                { a, interp in try extreme(a, interp, want: .greater) }
            ),
            ("sum(iterable, /, start=0)  start plus the sum of the items.", sum),
            ("any(iterable, /)  True when any item is true.", any),
            ("all(iterable, /)  True when every item is true.", all),
            (
                "round(number, ndigits=None)  number rounded half to even; with ndigits, to that many decimals.",
                { a, interp in try round(a["number"], a["ndigits"], interp) }
            ),
            (
                "divmod(x, y, /)  (x // y, x % y).",
                { a, interp in
                    .tuple(
                        PyTuple([
                            try Operators.binary(.floorDivide, a["x"], a["y"], interp),
                            try Operators.binary(.modulo, a["x"], a["y"], interp),
                        ]))
                }
            ),
            ("pow(base, exp, mod=None)  base ** exp, modulo mod when given.", pow),
            ("ord(c, /)  The code point of a one-character string.", ord),
            ("chr(i, /)  The one-character string for code point i.", chr),
            (
                "isinstance(obj, class_or_tuple, /)  Whether obj is an instance of the class (or of one of a tuple).",
                { a, _ in .bool(try isInstance(a["obj"], a["class_or_tuple"])) }
            ),
            (
                "issubclass(cls, class_or_tuple, /)  Whether cls derives from the class (or from one of a tuple).",
                issubclass
            ),
            ("hasattr(obj, name, /)  Whether the object has the attribute.", hasattr),
            ("getattr(object, name, default=<unset>, /)  The attribute, or default when it is missing.", getattr),
            ("setattr(obj, name, value, /)  Sets the attribute.", setattr),
            ("delattr(obj, name, /)  Deletes the attribute.", delattr),
            ("vars(object=<unset>, /)  The object's attributes as a dict (without an argument, the globals).", vars),
            (
                "callable(obj, /)  Whether the object can be called.",
                { a, _ in .bool(Interpreter.isCallable(a["obj"])) }
            ),
            ("id(obj, /)  A number unique to the object while it lives.", { a, _ in .int(identity(a["obj"])) }),
            ("hash(obj, /)  The object's hash.", hash),
            (
                "iter(object, sentinel=<unset>, /)  An iterator over object; with sentinel, calls object until it returns sentinel.",
                iter
            ),
            ("next(iterator, default=<unset>, /)  The next item, or default when the iterator is exhausted.", next),
            ("enumerate(iterable, start=0)  (index, item) pairs, counting from start.", enumerate),
            ("zip(*iterables, strict=False)  Tuples of items taken from each iterable in turn.", zip),
            ("map(function, /, *iterables)  function applied to the items of the iterables.", map),
            (
                "filter(function, iterable, /)  The items for which function is true (or that are true, when it is None).",
                filter
            ),
            ("sorted(iterable, /, *, key=None, reverse=False)  A new sorted list of the items.", sorted),
            ("reversed(sequence, /)  The items in reverse order.", reversed),
            ("format(value, format_spec='', /)  The value formatted by the spec.", format),
            ("bin(number, /)  The binary representation of an integer.", radix("#b")),
            ("hex(number, /)  The hexadecimal representation of an integer.", radix("#x")),
            ("oct(number, /)  The octal representation of an integer.", radix("#o")),
            ("input(prompt='', /)  A line read from standard input, after printing prompt.", input),
            (
                "open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None)  Opens a text file.",
                open
            ),
            ("dir(object=<unset>, /)  The object's attributes; without an argument, the names defined so far.", dir),
            (
                "help(request=None)  Prints what the object is and how to call it.",
                { a, interp in
                    interp.write(try Help.text(a["request"], interp) + "\n")
                    return .none
                }
            ),
            ("globals()  A dict of the module's variables.", globals),
        ]
    }

    /// The parameters of `open` that nn does not implement: passing anything but the default is refused.
    static let refused: [String: Set<String>] = ["open": ["buffering", "closefd", "opener"]]

    static let functions: [PyBuiltinFunction] = declarations.map { declaration, body in
        let name = String(declaration.prefix { $0 != "(" })
        return PyBuiltinFunction(Signature(declaration, refusing: refused[name] ?? []), module: "builtins", body)
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

    /// `min` and `max`: of one iterable or of several arguments, with `key` and `default`.
    static func extreme(_ a: Bound, _ interp: Interpreter, want: CompareOperator) throws -> Value {
        let name = a.signature.name
        let key = a["key"], defaultValue = a.given("default")
        let items: [Value]
        switch a.rest.count {
        case 0: throw ScriptError(.typeError, "\(name) expected at least 1 argument, got 0")
        case 1: items = try interp.collect(a.rest[0])
        default:
            if defaultValue != nil {
                throw ScriptError(
                    .typeError, "Cannot specify a default for \(name)() with multiple positional arguments")
            }
            items = a.rest
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
            let p = Glibc.pow(10.0, Double(-n))
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
            if let r = try o.rounded(digits, interp) { return r }
            if let m = o.type.lookupMethod("__round__") {
                return try m(number, Arguments(digits.isNone ? [] : [digits]), interp)
            }
            fallthrough
        default:
            throw ScriptError(.typeError, "type \(number.typeName) doesn't define __round__ method")
        }
    }
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

/// `exit` and `quit`: calling one ends the program; its repr says how, as CPython's site module's
/// Quitter does (so typing `exit` in the session explains itself).
final class PyQuitter: PyObject {
    static let quitterType: PyType = {
        var m = Members("Quitter", style: .python(countsSelf: true))
        m.method("__call__(code=None)  Ends the program with the exit code.") { v, a, _ in
            throw ScriptError(PyException(ExceptionType.systemExit.pyType, a.isGiven("code") ? [a["code"]] : []))
        }
        return PyType("Quitter", base: .object, members: m.table)
    }()
    let name: String

    init(_ name: String) { self.name = name }

    override var type: PyType { PyQuitter.quitterType }
    override func repr(_ interp: Interpreter) throws -> String { "Use \(name)() or Ctrl-D (i.e. EOF) to exit" }
    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        try interp.call(try interp.getAttribute(.object(self), "__call__"), args)
    }
}
