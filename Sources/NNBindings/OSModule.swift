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
        m.function("time") { _, _ in .float(now(CLOCK_REALTIME)) }
        m.function("perf_counter") { _, _ in .float(now(CLOCK_MONOTONIC)) }
        m.function("monotonic") { _, _ in .float(now(CLOCK_MONOTONIC)) }
        m.function("process_time") { _, _ in .float(now(CLOCK_PROCESS_CPUTIME_ID)) }
        m.function("sleep") { args, interp in
            try args.expect("sleep", 1...1)
            let seconds = try Conversions.double(args[0])
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
        m.function("getcwd") { _, _ in
            var buffer = [CChar](repeating: 0, count: 4096)
            return .string(getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? ".")
        }
        m.function("listdir") { args, _ in
            let p = args.count > 0 ? try path(args[0]) : "."
            guard let dir = opendir(p) else { throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(p)'") }
            defer { closedir(dir) }
            var names: [Value] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name != "." && name != ".." { names.append(.string(name)) }
            }
            return .list(PyList(names))
        }
        m.function("getenv") { args, _ in
            try args.expect("getenv", 1...2)
            let name = try path(args[0])
            return getenv(name).map { .string(String(cString: $0)) } ?? (args.count == 2 ? args[1] : .none)
        }
        m.members["sep"] = .string("/")
        m.members["name"] = .string("posix")
        return m.build()
    }

    static func makePath(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("posixpath")
        m.function("exists") { args, _ in try args.expect("exists", 1...1); return .bool(fileKind(try path(args[0])) != nil) }
        m.function("isfile") { args, _ in try args.expect("isfile", 1...1); return .bool(fileKind(try path(args[0])) == S_IFREG) }
        m.function("isdir") { args, _ in try args.expect("isdir", 1...1); return .bool(fileKind(try path(args[0])) == S_IFDIR) }
        m.function("join") { args, _ in
            var result = ""
            for part in try args.positional.map(path) {
                if part.hasPrefix("/") { result = part } else if result.isEmpty || result.hasSuffix("/") { result += part } else { result += "/" + part }
            }
            return .string(result)
        }
        m.function("basename") { args, _ in
            try args.expect("basename", 1...1)
            let p = try path(args[0])
            return .string(p.lastIndex(of: "/").map { String(p[p.index(after: $0)...]) } ?? p)
        }
        m.function("dirname") { args, _ in
            try args.expect("dirname", 1...1)
            let p = try path(args[0])
            guard let slash = p.lastIndex(of: "/") else { return .string("") }
            let head = String(p[...slash])
            return .string(head.count > 1 && head.hasSuffix("/") ? String(head.dropLast()) : head)
        }
        m.function("splitext") { args, _ in
            try args.expect("splitext", 1...1)
            let p = try path(args[0])
            let nameStart = p.lastIndex(of: "/").map { p.index(after: $0) } ?? p.startIndex
            let name = p[nameStart...]
            if let dot = name.lastIndex(of: "."), dot != name.startIndex, name[..<dot].contains(where: { $0 != "." }) {
                return .tuple(PyTuple([.string(String(p[..<dot])), .string(String(p[dot...]))]))
            }
            return .tuple(PyTuple([.string(p), .string("")]))
        }
        m.function("abspath") { args, _ in
            try args.expect("abspath", 1...1)
            let p = try path(args[0])
            if p.hasPrefix("/") { return .string(p) }
            var buffer = [CChar](repeating: 0, count: 4096)
            let cwd = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? ""
            return .string(cwd + "/" + p)
        }
        m.function("getsize") { args, _ in
            try args.expect("getsize", 1...1)
            let p = try path(args[0])
            var info = stat()
            guard stat(p, &info) == 0 else { throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(p)'") }
            return .int(Int(info.st_size))
        }
        m.members["sep"] = .string("/")
        return m.build()
    }
}
