import Foundation
import NNLang

/// `re`: Python's regular expressions on Foundation's NSRegularExpression (ICU's engine), the
/// pattern translated by RegexSyntax; positions are code points, as Python counts them.
enum ReModule {
    static let errorType = PyType.libraryException("error", module: "re", base: .exception)

    struct Flag {
        static let ignoreCase = 2, locale = 4, multiline = 8, dotAll = 16, unicode = 32, verbose = 64, ascii = 256
    }

    /// re.error with Python's message and attributes (msg, pattern, pos).
    static func error(_ message: String, _ pattern: String, _ position: Int) -> ScriptError {
        let exception = PyException(errorType, [.string("\(message) at position \(position)")])
        for (name, value) in [("msg", Value.string(message)), ("pattern", .string(pattern)), ("pos", .int(position))] {
            exception.dict.set(name, value)
        }
        return ScriptError(exception)
    }

    /// Compiled patterns by pattern text and flags, as Python's re keeps them.
    nonisolated(unsafe) static var cache: [String: PyPattern] = [:]

    static func compile(_ pattern: Value, _ flags: Value) throws -> PyPattern {
        if case .object(let p as PyPattern) = pattern {
            guard (try? Conversions.int(flags)) ?? 0 == 0 else {
                throw ScriptError(.valueError, "cannot process flags argument with a compiled pattern")
            }
            return p
        }
        guard case .str(let s) = pattern else {
            throw ScriptError(.typeError, "first argument must be string or compiled pattern")
        }
        let f = try Conversions.int(flags)
        let key = "\(f)\u{0}\(s.value)"
        if let found = cache[key] { return found }
        let compiled = try PyPattern(s.value, flags: f)
        if cache.count > 512 { cache.removeAll() }
        cache[key] = compiled
        return compiled
    }

    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("re", style: .python(countsSelf: false))
        m.def("compile(pattern, flags=0)  The pattern compiled, for matching many times.") { a, _ in
            .object(try compile(a["pattern"], a["flags"]))
        }
        let searches: [(String, String)] = [
            ("match", "A Match where the pattern matches at the start of the string, or None."),
            ("fullmatch", "A Match where the pattern matches the whole string, or None."),
            ("search", "A Match for the first place the pattern matches, or None."),
            ("findall", "Every non-overlapping match: the strings, the group, or tuples of the groups."),
            ("finditer", "An iterator of Match objects for every non-overlapping match."),
            ("split", "The string split where the pattern matches (with the groups' text between the parts)."),
        ]
        for (name, summary) in searches {
            let extra = name == "split" ? "maxsplit=0, " : ""
            m.def("\(name)(pattern, string, \(extra)flags=0)  \(summary)") { a, interp in
                let p = try compile(a["pattern"], a["flags"])
                let args = Arguments([a["string"]] + (name == "split" ? [a["maxsplit"]] : []))
                return try interp.call(try interp.getAttribute(.object(p), name), args)
            }
        }
        for name in ["sub", "subn"] {
            m.def(
                """
                \(name)(pattern, repl, string, count=0, flags=0)  The string with the matches replaced by repl\(name == "subn" ? ", and the number of replacements" : "").
                repl: a string (\\1 or \\g<name> insert groups) or a function of the Match returning a string.
                """
            ) { a, interp in
                let p = try compile(a["pattern"], a["flags"])
                return try p.substitute(
                    a["repl"], a["string"], count: try a.int("count"), counting: name == "subn", interp)
            }
        }
        m.def("escape(pattern)  The text with every regular-expression special character escaped.") { a, _ in
            let special = Set("()[]{}?*+-|^$\\.&~# \t\n\r\u{b}\u{c}".unicodeScalars)
            var out = String.UnicodeScalarView()
            for c in try a.string("pattern").unicodeScalars {
                if special.contains(c) { out.append("\\") }
                out.append(c)
            }
            return .string(String(out))
        }
        m.def("purge()  Forgets the compiled patterns kept for reuse.") { _, _ in
            cache.removeAll()
            return .none
        }
        let flags: [(String, String, Int)] = [
            ("I", "IGNORECASE", Flag.ignoreCase), ("L", "LOCALE", Flag.locale), ("M", "MULTILINE", Flag.multiline),
            ("S", "DOTALL", Flag.dotAll), ("U", "UNICODE", Flag.unicode), ("X", "VERBOSE", Flag.verbose),
            ("A", "ASCII", Flag.ascii),
        ]
        for (short, long, value) in flags {
            m.members[short] = .int(value)
            m.members[long] = .int(value)
        }
        m.members["NOFLAG"] = .int(0)
        m.members["error"] = .object(errorType)
        m.members["Pattern"] = .object(PyPattern.patternType)
        m.members["Match"] = .object(PyMatch.matchType)
        return m.build()
    }
}

/// A string's code points and UTF-16 offsets (NSRegularExpression's), convertible both ways.
struct TextIndex {
    let string: PyString
    let ns: NSString
    /// The UTF-16 offset of each code point, and one past the end; nil when every code point is one unit.
    let offsets: [Int]?

    init(_ s: PyString) {
        string = s
        ns = s.value as NSString
        if ns.length == s.count {
            offsets = nil
        } else {
            var table: [Int] = []
            var unit = 0
            for scalar in s.value.unicodeScalars {
                table.append(unit)
                unit += scalar.value > 0xFFFF ? 2 : 1
            }
            table.append(unit)
            offsets = table
        }
    }

    var count: Int { string.count }
    func utf16(_ codePoint: Int) -> Int { offsets?[codePoint] ?? codePoint }
    func codePoint(_ utf16: Int) -> Int {
        guard let offsets else { return utf16 }
        var low = 0, high = offsets.count - 1
        while low < high {
            let mid = (low + high) / 2
            if offsets[mid] < utf16 { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
