import NNLang

/// `functools`: reduce, partial, wraps (and update_wrapper), lru_cache and cache.
enum FunctoolsModule {
    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("functools", style: .python(countsSelf: false))
        m.def(
            "reduce(function, iterable, initial=<unset>, /)  Folds the items from the left: f(f(f(initial, a), b), c)."
        ) { a, interp in
            let items = try interp.makeIterator(a["iterable"])
            guard var total = try a.given("initial") ?? items.next() else {
                throw ScriptError(.typeError, "reduce() of empty iterable with no initial value")
            }
            while let item = try items.next() { total = try interp.call(a["function"], total, item) }
            return total
        }
        m.def("partial(func, /, *args, **keywords)  func with some arguments given in advance.") { a, _ in
            guard Interpreter.isCallable(a["func"]) else {
                throw ScriptError(.typeError, "the first argument must be callable")
            }
            return .object(PyPartial(a["func"], a.rest, a.keywords))
        }
        m.def(
            "update_wrapper(wrapper, wrapped)  Gives wrapper the name, qualified name, docstring and module of wrapped."
        ) { a, interp in
            try copyNames(to: a["wrapper"], from: a["wrapped"], interp)
            return a["wrapper"]
        }
        m.def("wraps(wrapped)  A decorator that makes its function look like wrapped (update_wrapper).") { a, _ in
            let wrapped = a["wrapped"]
            return .object(
                PyBuiltinFunction("update_wrapper") { args, interp in
                    guard let wrapper = args.positional.first else {
                        throw ScriptError(.typeError, "wraps() decorator needs a function")
                    }
                    try copyNames(to: wrapper, from: wrapped, interp)
                    return wrapper
                })
        }
        m.def(
            "lru_cache(maxsize=128, typed=False)  A decorator that remembers the results of the last maxsize calls (all when None)."
        ) { a, _ in
            // `@lru_cache` without parentheses passes the function itself.
            if Interpreter.isCallable(a["maxsize"]), case .object(let o) = a["maxsize"], !(o is PyType) {
                return .object(PyCachedFunction(a["maxsize"], maxSize: 128))
            }
            let size = a["maxsize"].isNone ? nil : try a.int("maxsize")
            if try a.bool("typed") {
                throw ScriptError(.notImplementedError, "nn's lru_cache does not take typed=True")
            }
            return .object(
                PyBuiltinFunction("decorating_function") { args, _ in
                    guard let f = args.positional.first else { throw ScriptError(.typeError, "expected a function") }
                    return .object(PyCachedFunction(f, maxSize: size))
                })
        }
        m.def("cache(user_function, /)  A decorator that remembers every call's result (lru_cache(maxsize=None)).") {
            a, _ in .object(PyCachedFunction(a["user_function"], maxSize: nil))
        }
        return m.build()
    }

    /// What update_wrapper copies (WRAPPER_ASSIGNMENTS), and `__wrapped__`.
    static func copyNames(to wrapper: Value, from wrapped: Value, _ interp: Interpreter) throws {
        for name in ["__module__", "__name__", "__qualname__", "__doc__"] {
            guard let value = try? interp.getAttribute(wrapped, name) else { continue }
            try? interp.setAttribute(wrapper, name, value)
        }
        try interp.setAttribute(wrapper, "__wrapped__", wrapped)
    }
}

/// `functools.partial(func, *args, **keywords)`.
final class PyPartial: PyObject {
    let function: Value
    let args: [Value]
    let keywords: [(name: String, value: Value)]

    init(_ function: Value, _ args: [Value], _ keywords: [(name: String, value: Value)]) {
        (self.function, self.args, self.keywords) = (function, args, keywords)
    }

    static let partialType = PyType("partial", base: .object)
    override var type: PyType { PyPartial.partialType }

    override func call(_ given: Arguments, _ interp: Interpreter) throws -> Value {
        var merged = keywords.filter { k in !given.keywords.contains { $0.name == k.name } }
        merged += given.keywords
        return try interp.call(function, Arguments(args + given.positional, merged))
    }

    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "func": return function
        case "args": return .tuple(PyTuple(args))
        case "keywords":
            let d = PyDict()
            for (k, v) in keywords { d.set(k, v) }
            return .dict(d)
        default: return nil
        }
    }

    override func repr(_ interp: Interpreter) throws -> String {
        let parts =
            try [interp.repr(function)] + args.map { try interp.repr($0) }
            + keywords.map { "\($0.name)=\(try interp.repr($0.value))" }
        return "functools.partial(\(parts.joined(separator: ", ")))"
    }
}

/// A function wrapped by `lru_cache` / `cache`: results by arguments, the least recently used
/// dropped beyond `maxSize`.
final class PyCachedFunction: PyObject {
    let function: Value
    let maxSize: Int?
    private let results = PyDict()
    private var hits = 0, misses = 0

    init(_ function: Value, maxSize: Int?) {
        self.function = function
        self.maxSize = maxSize.map { max($0, 0) }
    }

    static let cachedType: PyType = {
        var m = Members("functools._lru_cache_wrapper")
        func cached(_ v: Value) throws -> PyCachedFunction { try v.receiver(PyCachedFunction.self, "_lru_cache_wrapper") }
        m.method("cache_info()  Hits, misses, maxsize and current size.") { v, _, _ in
            let c = try cached(v)
            return .string(
                "CacheInfo(hits=\(c.hits), misses=\(c.misses), maxsize=\(c.maxSize.map(String.init) ?? "None"), currsize=\(c.results.count))"
            )
        }
        m.method("cache_clear()  Forgets every result.") { v, _, _ in
            let c = try cached(v)
            c.results.table.removeAll()
            (c.hits, c.misses) = (0, 0)
            return .none
        }
        return PyType("functools._lru_cache_wrapper", base: .object, members: m.table)
    }()
    override var type: PyType { PyCachedFunction.cachedType }

    override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        var parts = args.positional
        if !args.keywords.isEmpty {
            parts.append(.object(PyEllipsis.shared))  // separates the keywords, as CPython's kwd_mark
            for (k, v) in args.keywords { parts += [.string(k), v] }
        }
        let key = Value.tuple(PyTuple(parts))
        if let found = try results.get(key) {
            hits += 1
            try results.remove(key)
            try results.set(key, found)
            return found
        }
        misses += 1
        let value = try interp.call(function, args)
        guard maxSize != 0 else { return value }
        try results.set(key, value)
        if let maxSize, results.count > maxSize, let oldest = results.keys.first { try results.remove(oldest) }
        return value
    }

    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "__wrapped__": return function
        case "__name__", "__qualname__", "__doc__", "__module__": return try? interp.getAttribute(function, name)
        default: return nil
        }
    }

    override func repr(_ interp: Interpreter) throws -> String { "<functools._lru_cache_wrapper object at \(address)>" }
}
