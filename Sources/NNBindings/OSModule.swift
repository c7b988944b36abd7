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
    static func path(_ v: Value) throws -> String {
        try Conversions.string(v, "expected str, bytes or os.PathLike object, not \(v.typeName)")
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
            guard let dir = opendir(p) else {
                throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(p)'")
            }
            defer { closedir(dir) }
            var names: [Value] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
                }
                if name != "." && name != ".." { names.append(.string(name)) }
            }
            return .list(PyList(names))
        }
        m.def("getenv(key, default=None)  The environment variable, or default when it is not set.") { a, _ in
            getenv(try path(a["key"])).map { .string(String(cString: $0)) } ?? a["default"]
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
        m.def("getsize(filename)  The size of the file in bytes.") { a, _ in
            let p = try path(a["filename"])
            var info = stat()
            guard stat(p, &info) == 0 else {
                throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(p)'")
            }
            return .int(Int(info.st_size))
        }
        m.members["sep"] = .string("/")
        return m.build()
    }
}
