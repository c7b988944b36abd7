import NNLang
#if canImport(Glibc)
import Glibc
#endif

/// Shell-style wildcards: `*`, `?`, `[seq]` and `[!seq]` (fnmatch), and file names found by them
/// (glob, pathlib's Path.glob).
enum Wildcard {
    static func hasMagic(_ s: String) -> Bool { s.contains { "*?[".contains($0) } }

    /// Whether the whole name matches the pattern.
    static func matches(_ name: String, _ pattern: String) -> Bool {
        matches(Array(name.unicodeScalars)[...], Array(pattern.unicodeScalars)[...])
    }

    private static func matches(_ name: ArraySlice<Unicode.Scalar>, _ pattern: ArraySlice<Unicode.Scalar>) -> Bool {
        var n = name, p = pattern
        while let c = p.first {
            switch c {
            case "*":
                let rest = p.dropFirst()
                for start in n.startIndex...n.endIndex where matches(n[start...], rest) { return true }
                return false
            case "?":
                guard !n.isEmpty else { return false }
                n = n.dropFirst()
                p = p.dropFirst()
            case "[":
                if let (accepts, after) = set(p) {
                    guard let first = n.first, accepts(first) else { return false }
                    n = n.dropFirst()
                    p = after
                } else {
                    // An unclosed [ is a literal.
                    guard n.first == "[" else { return false }
                    n = n.dropFirst()
                    p = p.dropFirst()
                }
            default:
                guard n.first == c else { return false }
                n = n.dropFirst()
                p = p.dropFirst()
            }
        }
        return n.isEmpty
    }

    /// A `[...]` set at the start of `p`: what it accepts and the pattern after it; nil when unclosed.
    private static func set(_ p: ArraySlice<Unicode.Scalar>) -> ((Unicode.Scalar) -> Bool, ArraySlice<Unicode.Scalar>)?
    {
        var i = p.index(after: p.startIndex)
        let negated = i < p.endIndex && p[i] == "!"
        if negated { i += 1 }
        var ranges: [(Unicode.Scalar, Unicode.Scalar)] = []
        var first = true
        while i < p.endIndex {
            if p[i] == "]" && !first {
                let accepts = { (c: Unicode.Scalar) in ranges.contains { $0.0 <= c && c <= $0.1 } != negated }
                return (accepts, p[(i + 1)...])
            }
            if i + 2 < p.endIndex, p[i + 1] == "-", p[i + 2] != "]" {
                ranges.append((p[i], p[i + 2]))
                i += 3
            } else {
                ranges.append((p[i], p[i]))
                i += 1
            }
            first = false
        }
        return nil
    }

    /// The paths matching a glob pattern, each folder's entries in sorted order; with `recursive`,
    /// `**` matches any number of folders. Names starting with `.` match only a pattern starting
    /// with `.`, unless `hidden`.
    static func glob(_ pattern: String, recursive: Bool, hidden: Bool = false) -> [String] {
        let parts = pattern.split(separator: "/").map(String.init)
        var results: [String] = []
        expand(pattern.hasPrefix("/") ? "/" : "", parts[...], recursive: recursive, hidden: hidden, into: &results)
        return results
    }

    static func join(_ prefix: String, _ name: String) -> String {
        prefix.isEmpty ? name : prefix.hasSuffix("/") ? prefix + name : prefix + "/" + name
    }

    private static func expand(
        _ prefix: String, _ parts: ArraySlice<String>, recursive: Bool, hidden: Bool, into results: inout [String]
    ) {
        guard let part = parts.first else {
            if !prefix.isEmpty { results.append(prefix) }
            return
        }
        let rest = parts.dropFirst()
        if !hasMagic(part) {
            let path = join(prefix, part)
            if let kind = OSModule.fileKind(path), rest.isEmpty || kind == S_IFDIR {
                expand(path, rest, recursive: recursive, hidden: hidden, into: &results)
            }
            return
        }
        let names = ((try? OSModule.entries(prefix.isEmpty ? "." : prefix)) ?? [])
            .filter { hidden || !$0.hasPrefix(".") || part.hasPrefix(".") }
        if part == "**" && recursive {
            if rest.isEmpty {
                // Last in the pattern: the folder itself, then everything below it.
                if !prefix.isEmpty { results.append(join(prefix, "")) }
                descendants(prefix, names, hidden: hidden, into: &results)
                return
            }
            // Zero folders, then each folder below.
            expand(prefix, rest, recursive: recursive, hidden: hidden, into: &results)
            for name in names where OSModule.fileKind(join(prefix, name)) == S_IFDIR {
                expand(join(prefix, name), parts, recursive: recursive, hidden: hidden, into: &results)
            }
            return
        }
        for name in names where matches(name, part) {
            let path = join(prefix, name)
            if rest.isEmpty || OSModule.fileKind(path) == S_IFDIR {
                expand(path, rest, recursive: recursive, hidden: hidden, into: &results)
            }
        }
    }
}

extension Wildcard {
    /// Every file and folder below `prefix`, each folder followed by its contents.
    fileprivate static func descendants(_ prefix: String, _ names: [String], hidden: Bool, into results: inout [String])
    {
        for name in names {
            let path = join(prefix, name)
            results.append(path)
            guard OSModule.fileKind(path) == S_IFDIR else { continue }
            let inner = ((try? OSModule.entries(path)) ?? []).filter { hidden || !$0.hasPrefix(".") }
            descendants(path, inner, hidden: hidden, into: &results)
        }
    }
}

/// `glob` and `fnmatch`.
enum GlobModule {
    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("glob", style: .python(countsSelf: false))
        for name in ["glob", "iglob"] {
            m.def(
                """
                \(name)(pathname, *, root_dir=None, dir_fd=None, recursive=False, include_hidden=False)  The paths matching a pattern with * ? [..] wildcards\(name == "iglob" ? ", as an iterator" : "").
                recursive: let ** match any number of folders.
                root_dir: the folder the pattern is relative to (the paths returned are relative to it too).
                include_hidden: let wildcards match names starting with a dot.
                """, refusing: ["dir_fd"]
            ) { a, _ in
                let pattern = try Conversions.path(a["pathname"])
                let (recursive, hidden) = (try a.bool("recursive"), try a.bool("include_hidden"))
                var found: [String]
                if let root = try a.optional("root_dir").map(Conversions.path) {
                    let prefix = root.hasSuffix("/") ? root : root + "/"
                    found = Wildcard.glob(prefix + pattern, recursive: recursive, hidden: hidden)
                    found = found.map { String($0.dropFirst(prefix.count)) }
                } else {
                    found = Wildcard.glob(pattern, recursive: recursive, hidden: hidden)
                }
                let values = found.map { Value.string($0) }
                return name == "glob" ? .list(PyList(values)) : .object(SequenceIterator(values))
            }
        }
        m.def("escape(pathname)  The path with its wildcard characters made literal.") { a, _ in
            var out = ""
            for c in try Conversions.path(a["pathname"]) { out += "*?[".contains(c) ? "[\(c)]" : String(c) }
            return .string(out)
        }
        m.def("has_magic(s)  Whether the text holds wildcards.") { a, _ in
            .bool(Wildcard.hasMagic(try a.string("s")))
        }
        return m.build()
    }

    static func makeFnmatch(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("fnmatch", style: .python(countsSelf: false))
        for name in ["fnmatch", "fnmatchcase"] {
            m.def("\(name)(name, pat)  Whether the name matches the pattern's * ? [..] wildcards.") { a, _ in
                .bool(Wildcard.matches(try Conversions.path(a["name"]), try a.string("pat")))
            }
        }
        m.def("filter(names, pat)  The names that match the pattern.") { a, interp in
            let pattern = try a.string("pat")
            return .list(
                PyList(try interp.collect(a["names"]).filter { Wildcard.matches(try Conversions.path($0), pattern) }))
        }
        return m.build()
    }
}
