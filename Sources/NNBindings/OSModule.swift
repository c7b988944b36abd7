import NNLang
#if canImport(Glibc)
import Glibc
#endif

/// `time`: clocks and sleep.
enum TimeModule {
    static func now(_ clock: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("time")
        m.def("time()  Seconds since the epoch, as a float.") { _, _ in .float(now(CLOCK_REALTIME)) }
        m.def("perf_counter()  A clock for measuring short durations, in seconds.") { _, _ in
            .float(now(CLOCK_MONOTONIC))
        }
        m.def("monotonic()  A clock that never goes back, in seconds.") { _, _ in .float(now(CLOCK_MONOTONIC)) }
        m.def("process_time()  The CPU time of the process, in seconds.") { _, _ in
            .float(now(CLOCK_PROCESS_CPUTIME_ID))
        }
        m.def("sleep(seconds, /)  Waits for that many seconds (Ctrl-C interrupts).", errorName: "time.sleep") {
            a, interp in
            let seconds = try a.double("seconds")
            guard seconds >= 0 else { throw ScriptError(.valueError, "sleep length must be non-negative") }
            // What was printed before a wait is out, even on a pipe (a run killed while it waits shows it).
            interp.output.flush()
            var remaining = seconds
            while remaining > 0 {
                let step = min(remaining, 0.05)
                usleep(UInt32(step * 1e6))
                remaining -= step
                try interp.checkInterrupt()
            }
            return .none
        }
        return m.build()
    }
}

/// `os` and `os.path`: the file-system essentials.
enum OSModule {
    static func path(_ v: Value) throws -> String { try Conversions.path(v) }

    /// A folder's entry names (without . and ..), sorted (the order is the file system's in Python).
    static func entries(_ p: String) throws -> [String] {
        guard let dir = opendir(p) else { throw FileMethods.error(errno, p) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func makeFolders(_ p: String, mode: mode_t = 0o777, existOK: Bool) throws {
        if fileKind(p) == S_IFDIR {
            if existOK { return }
            throw FileMethods.error(EEXIST, p)
        }
        let parent = String(p.reversed().drop { $0 == "/" }.drop { $0 != "/" }.reversed())
        if !parent.isEmpty && parent != "/" && fileKind(parent) == nil {
            try makeFolders(parent, mode: mode, existOK: true)
        }
        guard Glibc.mkdir(p, mode) == 0 || (existOK && fileKind(p) == S_IFDIR) else {
            throw FileMethods.error(errno, p)
        }
    }

    static func walk(_ top: String, topDown: Bool, into rows: inout [Value]) throws {
        guard let names = try? entries(top) else { return }
        let join = { (name: String) in top.hasSuffix("/") ? top + name : top + "/" + name }
        let folders = names.filter { fileKind(join($0)) == S_IFDIR }
        let files = names.filter { fileKind(join($0)) != S_IFDIR }
        let row = Value.tuple(
            PyTuple([
                .string(top), .list(PyList(folders.map { .string($0) })), .list(PyList(files.map { .string($0) })),
            ]))
        if topDown { rows.append(row) }
        for folder in folders { try walk(join(folder), topDown: topDown, into: &rows) }
        if !topDown { rows.append(row) }
    }

    static func fileKind(_ p: String) -> mode_t? {
        var info = stat()
        return stat(p, &info) == 0 ? info.st_mode & S_IFMT : nil
    }

    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("os")
        m.def("getcwd()  The current working directory.") { _, _ in
            var buffer = [CChar](repeating: 0, count: 4096)
            return .string(getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? ".")
        }
        m.def("listdir(path=None)  The names of the entries in the folder.") { a, _ in
            let p = try a.optional("path").map(path) ?? "."
            return .list(PyList(try entries(p).map { .string($0) }))
        }
        m.def("getenv(key, default=None)  The environment variable, or default when it is not set.") { a, _ in
            getenv(try path(a["key"])).map { .string(String(cString: $0)) } ?? a["default"]
        }
        m.def("putenv(key, value, /)  Sets an environment variable.") { a, _ in
            setenv(try path(a["key"]), try path(a["value"]), 1)
            return .none
        }
        m.members["environ"] = .object(PyEnviron())
        m.members["path"] = .object(try makePath(interp))
        m.def("chdir(path)  Makes the folder the current working directory.") { a, _ in
            let p = try path(a["path"])
            guard Glibc.chdir(p) == 0 else { throw FileMethods.error(errno, p) }
            return .none
        }
        m.def("fspath(path)  The path as a str (of a str or an os.PathLike object such as pathlib's Path).") { a, _ in
            .string(try path(a["path"]))
        }
        m.def("mkdir(path, mode=511)  Makes a folder (its parent must exist).") { a, _ in
            let p = try path(a["path"])
            guard Glibc.mkdir(p, mode_t(try a.int("mode"))) == 0 else { throw FileMethods.error(errno, p) }
            return .none
        }
        m.def("makedirs(name, mode=511, exist_ok=False)  Makes a folder and every missing parent.") { a, _ in
            try makeFolders(try path(a["name"]), mode: mode_t(try a.int("mode")), existOK: try a.bool("exist_ok"))
            return .none
        }
        for name in ["remove", "unlink"] {
            m.def("\(name)(path)  Deletes the file.") { a, _ in
                let p = try path(a["path"])
                guard Glibc.unlink(p) == 0 else { throw FileMethods.error(errno, p) }
                return .none
            }
        }
        m.def("rmdir(path)  Deletes the folder, which must be empty.") { a, _ in
            let p = try path(a["path"])
            guard Glibc.rmdir(p) == 0 else { throw FileMethods.error(errno, p) }
            return .none
        }
        for name in ["rename", "replace"] {
            m.def("\(name)(src, dst)  Renames (moves) a file or folder.") { a, _ in
                let (from, to) = (try path(a["src"]), try path(a["dst"]))
                guard Glibc.rename(from, to) == 0 else { throw FileMethods.error(errno, from, to) }
                return .none
            }
        }
        m.def("walk(top, topdown=True)  (folder, subfolders, files) for the folder and every folder below it.") {
            a, _ in
            var rows: [Value] = []
            try walk(try path(a["top"]), topDown: try a.bool("topdown"), into: &rows)
            return .object(SequenceIterator(rows))
        }
        m.members["sep"] = .string("/")
        m.members["name"] = .string("posix")
        return m.build()
    }

    static func makePath(_ interp: Interpreter) throws -> PyModule {
        // os.path is written in Python: its errors name the function as Python functions do.
        var m = ModuleBuilder("posixpath", style: .python(countsSelf: false))
        m.def("exists(path)  Whether the path names an existing file or folder.") { a, _ in
            .bool(fileKind(try path(a["path"])) != nil)
        }
        m.def("isfile(path)  Whether the path names a regular file.") { a, _ in
            .bool(fileKind(try path(a["path"])) == S_IFREG)
        }
        m.def("isdir(path)  Whether the path names a folder.") { a, _ in .bool(fileKind(try path(a["path"])) == S_IFDIR)
        }
        m.def("join(a, *p)  The paths joined with '/'; an absolute part starts afresh.") { a, _ in
            var result = ""
            for part in try ([a["a"]] + a.rest).map(path) {
                if part.hasPrefix("/") {
                    result = part
                } else if result.isEmpty || result.hasSuffix("/") {
                    result += part
                } else {
                    result += "/" + part
                }
            }
            return .string(result)
        }
        m.def("basename(p)  The last part of the path.") { a, _ in
            let p = try path(a["p"])
            return .string(p.lastIndex(of: "/").map { String(p[p.index(after: $0)...]) } ?? p)
        }
        m.def("dirname(p)  The path without its last part.") { a, _ in
            let p = try path(a["p"])
            guard let slash = p.lastIndex(of: "/") else { return .string("") }
            let head = String(p[...slash])
            return .string(head.count > 1 && head.hasSuffix("/") ? String(head.dropLast()) : head)
        }
        m.def("splitext(p)  (root, extension), the extension starting at the last dot of the name.") { a, _ in
            let p = try path(a["p"])
            let nameStart = p.lastIndex(of: "/").map { p.index(after: $0) } ?? p.startIndex
            let name = p[nameStart...]
            if let dot = name.lastIndex(of: "."), dot != name.startIndex, name[..<dot].contains(where: { $0 != "." }) {
                return .tuple(PyTuple([.string(String(p[..<dot])), .string(String(p[dot...]))]))
            }
            return .tuple(PyTuple([.string(p), .string("")]))
        }
        m.def("abspath(path)  The path made absolute from the current directory.") { a, _ in
            let p = try path(a["path"])
            if p.hasPrefix("/") { return .string(p) }
            var buffer = [CChar](repeating: 0, count: 4096)
            let cwd = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? ""
            return .string(cwd + "/" + p)
        }
        m.def("relpath(path, start=None)  The path relative to start (the current directory when None).") { a, _ in
            func absolute(_ p: String) -> [Substring] {
                var buffer = [CChar](repeating: 0, count: 4096)
                let cwd = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "/"
                var parts: [Substring] = []
                for part in (p.hasPrefix("/") ? p : cwd + "/" + p).split(separator: "/") where part != "." {
                    if part == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(part) }
                }
                return parts
            }
            let target = try path(a["path"])
            guard !target.isEmpty else { throw ScriptError(.valueError, "no path specified") }
            let to = absolute(target), from = absolute(a["start"].isNone ? "." : try path(a["start"]))
            var common = 0
            while common < min(to.count, from.count) && to[common] == from[common] { common += 1 }
            let parts = Array(repeating: "..", count: from.count - common) + to[common...].map(String.init)
            return .string(parts.isEmpty ? "." : parts.joined(separator: "/"))
        }
        m.def("getsize(filename)  The size of the file in bytes.") { a, _ in
            let p = try path(a["filename"])
            var info = stat()
            guard stat(p, &info) == 0 else {
                throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(p)'")
            }
            return .int(Int(info.st_size))
        }
        m.def("expanduser(path)  The path with a leading ~ replaced by the home folder.") { a, _ in
            .string(expandUser(try path(a["path"])))
        }
        m.def("split(p)  (head, tail): the path before its last part, and the last part.") { a, _ in
            let p = try path(a["p"])
            guard let slash = p.lastIndex(of: "/") else { return .tuple(PyTuple([.string(""), .string(p)])) }
            var head = String(p[...slash])
            if head.contains(where: { $0 != "/" }) { while head.hasSuffix("/") { head.removeLast() } }
            return .tuple(PyTuple([.string(head), .string(String(p[p.index(after: slash)...]))]))
        }
        m.def("isabs(s)  Whether the path is absolute.") { a, _ in .bool(try path(a["s"]).hasPrefix("/")) }
        m.def("normpath(path)  The path with redundant separators and . and .. parts removed.") { a, _ in
            .string(normalize(try path(a["path"])))
        }
        m.def("getmtime(filename)  When the file was last changed, in seconds since the epoch.") { a, _ in
            let p = try path(a["filename"])
            var info = stat()
            guard stat(p, &info) == 0 else { throw FileMethods.error(errno, p) }
            return .float(Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        }
        m.members["sep"] = .string("/")
        return m.build()
    }

    static func expandUser(_ p: String) -> String {
        guard p == "~" || p.hasPrefix("~/"), let home = getenv("HOME") else { return p }
        return String(cString: home) + p.dropFirst()
    }

    /// posixpath.normpath.
    static func normalize(_ p: String) -> String {
        if p.isEmpty { return "." }
        let leading = p.hasPrefix("//") && !p.hasPrefix("///") ? "//" : p.hasPrefix("/") ? "/" : ""
        var parts: [Substring] = []
        for part in p.split(separator: "/") where part != "." {
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part != ".." || leading.isEmpty {
                parts.append(part)
            }
        }
        let joined = leading + parts.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }
}

/// `os.environ`: the process's environment as a mapping; setting and deleting keys changes it.
final class PyEnviron: PyObject {
    static let environType: PyType = {
        var m = Members("_Environ")
        m.method("get(key, default=None, /)  The variable's value, or default when it is not set.") { _, a, _ in
            getenv(try OSModule.path(a["key"])).map { .string(String(cString: $0)) } ?? a["default"]
        }
        m.method("keys()  The variables' names.") { _, _, _ in .list(PyList(PyEnviron.pairs().map { .string($0.0) })) }
        m.method("values()  The variables' values.") { _, _, _ in .list(PyList(PyEnviron.pairs().map { .string($0.1) }))
        }
        m.method("items()  (name, value) pairs.") { _, _, _ in
            .list(PyList(PyEnviron.pairs().map { .tuple(PyTuple([.string($0.0), .string($0.1)])) }))
        }
        m.method("setdefault(key, default=None, /)  The value, setting it to default first when it is not set.") {
            v, a, interp in
            if let found = getenv(try OSModule.path(a["key"])) { return .string(String(cString: found)) }
            try interp.setItem(v, a["key"], a["default"])
            return a["default"]
        }
        m.method("pop(key, default=<unset>, /)  Removes the variable and returns its value.") { _, a, _ in
            let key = try OSModule.path(a["key"])
            guard let found = getenv(key) else {
                if let d = a.given("default") { return d }
                throw ScriptError(.keyError, value: a["key"])
            }
            let value = String(cString: found)
            unsetenv(key)
            return .string(value)
        }
        m.method("copy()  The variables as a dict.") { _, _, _ in .dict(PyEnviron.dict()) }
        let t = PyType("_Environ", base: .object, members: m.table)
        t.moduleName = "os"
        return t
    }()

    static func pairs() -> [(String, String)] {
        var result: [(String, String)] = []
        var p = environ
        while let entry = p.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                result.append((String(text[..<eq]), String(text[text.index(after: eq)...])))
            }
            p += 1
        }
        return result
    }

    static func dict() -> PyDict {
        let d = PyDict()
        for (k, v) in pairs() { d.set(k, .string(v)) }
        return d
    }

    override var type: PyType { PyEnviron.environType }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        guard let found = getenv(try OSModule.path(key)) else { throw ScriptError(.keyError, value: key) }
        return .string(String(cString: found))
    }
    override func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        guard case .str(let k) = key, case .str(let v) = value else {
            throw ScriptError(.typeError, "str expected, not \(key.stringValue == nil ? key.typeName : value.typeName)")
        }
        setenv(k.value, v.value, 1)
    }
    override func deleteItem(_ key: Value, _ interp: Interpreter) throws {
        let k = try OSModule.path(key)
        guard getenv(k) != nil else { throw ScriptError(.keyError, value: key) }
        unsetenv(k)
    }
    override func contains(_ item: Value, _ interp: Interpreter) throws -> Bool? {
        guard case .str(let k) = item else { return false }
        return getenv(k.value) != nil
    }
    override func length(_ interp: Interpreter) throws -> Int { PyEnviron.pairs().count }
    override func makeIterator(_ interp: Interpreter) throws -> PyIterator {
        SequenceIterator(PyEnviron.pairs().map { .string($0.0) })
    }
    override func repr(_ interp: Interpreter) throws -> String {
        "environ(\(try interp.repr(.dict(PyEnviron.dict()))))"
    }
}
