import NNLang
#if canImport(Glibc)
import Glibc
#endif

/// `pathlib`: Path (a PosixPath), joined with `/`, with the file-system operations learners use.
enum PathlibModule {
    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("pathlib")
        m.members["Path"] = .object(PyPath.pathType)
        m.members["PosixPath"] = .object(PyPath.pathType)
        m.members["PurePath"] = .object(PyPath.pathType)
        return m.build()
    }
}

/// A path as pathlib keeps it: separators collapsed, `.` parts and a trailing `/` dropped.
final class PyPath: PyObject {
    let path: String

    init(_ path: String) {
        let absolute = path.hasPrefix("/")
        let parts = path.split(separator: "/").filter { $0 != "." }
        let joined = (absolute ? "/" : "") + parts.joined(separator: "/")
        self.path = joined.isEmpty ? "." : joined
    }

    var parts: [String] { (path.hasPrefix("/") ? ["/"] : []) + path.split(separator: "/").map(String.init) }
    var name: String { path == "/" || path == "." ? "" : String(path.split(separator: "/").last ?? "") }
    var suffix: String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex, name.last != "." else { return "" }
        return String(name[dot...])
    }
    var stem: String { suffix.isEmpty ? name : String(name.dropLast(suffix.count)) }
    var parent: PyPath {
        guard let slash = path.lastIndex(of: "/") else { return PyPath(".") }
        return PyPath(slash == path.startIndex ? "/" : String(path[..<slash]))
    }

    func joining(_ other: String) -> PyPath {
        other.hasPrefix("/") ? PyPath(other) : PyPath(path == "." ? other : path + "/" + other)
    }

    override var fileSystemPath: String? { path }
    override var type: PyType { PyPath.pathType }
    override func str(_ interp: Interpreter) throws -> String { path }
    override func repr(_ interp: Interpreter) throws -> String { "PosixPath(\(StringRepr.quote(path)))" }
    override func isEqual(_ other: Value) -> Bool {
        guard case .object(let o as PyPath) = other else { return false }
        return o.path == path
    }
    override func hashValue(into hasher: inout Hasher) { hasher.combine(path) }
    override func compare(_ op: CompareOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard case .object(let o as PyPath) = other else { return nil }
        return orderedComparison(op, parts.lexicographicallyPrecedes(o.parts), o.path == path)
    }
    override func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    {
        guard op == .divide, let o = try? Conversions.path(other) else { return nil }
        return .object(reflected ? PyPath(o).joining(path) : joining(o))
    }

    static let pathType: PyType = {
        var m = Members("Path", style: .python(countsSelf: true))
        func p(_ v: Value) throws -> PyPath { try v.receiver(PyPath.self, "PosixPath") }
        m.property("name", "The last part.") { v, _ in .string(try p(v).name) }
        m.property("stem", "The last part without its suffix.") { v, _ in .string(try p(v).stem) }
        m.property("suffix", "The last part's extension, with its dot ('' when none).") { v, _ in
            .string(try p(v).suffix)
        }
        m.property("suffixes", "Every extension of the last part.") { v, _ in
            let name = try p(v).name
            let pieces = name.split(separator: ".", omittingEmptySubsequences: false).dropFirst()
            return .list(PyList(name.hasSuffix(".") ? [] : pieces.map { .string("." + $0) }))
        }
        m.property("parent", "The path without its last part.") { v, _ in .object(try p(v).parent) }
        m.property("parents", "Every ancestor, nearest first.") { v, _ in
            var list: [Value] = [], current = try p(v)
            while current.path != current.parent.path || current.name != "" {
                current = current.parent
                list.append(.object(current))
                if current.path == "/" || current.path == "." { break }
            }
            return .tuple(PyTuple(list))
        }
        m.property("parts", "The parts as a tuple.") { v, _ in .tuple(PyTuple(try p(v).parts.map { .string($0) })) }
        m.method("__fspath__()  The path as a str.") { v, _, _ in .string(try p(v).path) }
        m.method("joinpath(*pathsegments)  The path with the segments added.") { v, a, _ in
            .object(try a.rest.reduce(try p(v)) { $0.joining(try Conversions.path($1)) })
        }
        m.method("with_suffix(suffix)  The path with its suffix replaced.") { v, a, _ in
            let path = try p(v), suffix = try a.string("suffix")
            guard suffix.isEmpty || (suffix.hasPrefix(".") && suffix.count > 1) else {
                throw ScriptError(.valueError, "Invalid suffix \(StringRepr.quote(suffix))")
            }
            return .object(path.parent.joining(path.stem + suffix))
        }
        m.method("with_name(name)  The path with its last part replaced.") { v, a, _ in
            .object(try p(v).parent.joining(try a.string("name")))
        }
        m.method("with_stem(stem)  The path with its last part's stem replaced.") { v, a, _ in
            let path = try p(v)
            return .object(path.parent.joining(try a.string("stem") + path.suffix))
        }
        m.method("is_absolute()  Whether the path starts at the root.") { v, _, _ in .bool(try p(v).path.hasPrefix("/"))
        }
        m.method("relative_to(other)  The path relative to other (ValueError when it is not under it).") { v, a, _ in
            let path = try p(v), base = PyPath(try Conversions.path(a["other"]))
            guard path.parts.starts(with: base.parts) else {
                throw ScriptError(
                    .valueError,
                    "\(StringRepr.quote(path.path)) is not in the subpath of \(StringRepr.quote(base.path))")
            }
            return .object(PyPath(path.parts.dropFirst(base.parts.count).joined(separator: "/")))
        }
        m.method("exists()  Whether a file or folder is there.") { v, _, _ in
            .bool(OSModule.fileKind(try p(v).path) != nil)
        }
        m.method("is_file()  Whether it is a regular file.") { v, _, _ in
            .bool(OSModule.fileKind(try p(v).path) == S_IFREG)
        }
        m.method("is_dir()  Whether it is a folder.") { v, _, _ in .bool(OSModule.fileKind(try p(v).path) == S_IFDIR) }
        m.method("mkdir(mode=511, parents=False, exist_ok=False)  Makes the folder (with parents, every missing one).")
        {
            v, a, _ in
            let path = try p(v).path
            if try a.bool("parents") {
                try OSModule.makeFolders(path, mode: mode_t(try a.int("mode")), existOK: try a.bool("exist_ok"))
            } else if Glibc.mkdir(path, mode_t(try a.int("mode"))) != 0 {
                let code = errno
                guard code == EEXIST, try a.bool("exist_ok"), OSModule.fileKind(path) == S_IFDIR else {
                    throw FileMethods.error(code, path)
                }
            }
            return .none
        }
        m.method("iterdir()  The paths of the folder's entries.") { v, _, _ in
            let path = try p(v)
            return .object(SequenceIterator(try OSModule.entries(path.path).map { .object(path.joining($0)) }))
        }
        m.method("glob(pattern)  The paths below this one that match the pattern (** for any folders).") { v, a, _ in
            try found(try p(v), try a.string("pattern"))
        }
        m.method("rglob(pattern)  The paths anywhere below this one that match the pattern.") { v, a, _ in
            try found(try p(v), "**/" + (try a.string("pattern")))
        }
        m.method("read_text(encoding=None, errors=None)  The file's text.") { v, a, _ in
            let file = try FileMethods.open(try p(v).path, "r", try FileMethods.TextOptions(a))
            defer { file.close() }
            return .string(try file.readAll())
        }
        m.method(
            "write_text(data, encoding=None, errors=None, newline=None)  Writes the text to the file; returns its length."
        ) { v, a, _ in
            let file = try FileMethods.open(try p(v).path, "w", try FileMethods.TextOptions(a))
            defer { file.close() }
            return .int(try file.write(try a.string("data")))
        }
        m.method(
            "open(mode='r', buffering=-1, encoding=None, errors=None, newline=None)  Opens the file (see open).",
            refusing: ["buffering"]
        ) { v, a, _ in
            .object(try FileMethods.open(try p(v).path, try a.string("mode"), try FileMethods.TextOptions(a)))
        }
        m.method("touch(mode=438, exist_ok=True)  Creates the file when it is missing.") { v, a, _ in
            let path = try p(v).path
            if OSModule.fileKind(path) != nil {
                guard try a.bool("exist_ok") else { throw FileMethods.error(EEXIST, path) }
                return .none
            }
            let fd = Glibc.open(path, O_CREAT | O_WRONLY, mode_t(try a.int("mode")))
            guard fd >= 0 else { throw FileMethods.error(errno, path) }
            close(fd)
            return .none
        }
        m.method("unlink(missing_ok=False)  Deletes the file.") { v, a, _ in
            let (path, missingOK) = (try p(v).path, try a.bool("missing_ok"))
            if Glibc.unlink(path) != 0 && !(errno == ENOENT && missingOK) {
                throw FileMethods.error(errno, path)
            }
            return .none
        }
        m.method("rmdir()  Deletes the folder, which must be empty.") { v, _, _ in
            let path = try p(v).path
            guard Glibc.rmdir(path) == 0 else { throw FileMethods.error(errno, path) }
            return .none
        }
        m.method("rename(target)  Renames the file or folder; returns the new path.") { v, a, _ in
            let (from, to) = (try p(v).path, try Conversions.path(a["target"]))
            guard Glibc.rename(from, to) == 0 else { throw FileMethods.error(errno, from, to) }
            return .object(PyPath(to))
        }
        m.method("resolve(strict=False)  The absolute path with symbolic links and .. resolved.") { v, _, _ in
            .object(PyPath(OSModule.normalize(absolute(try p(v).path))))
        }
        m.method("absolute()  The path made absolute from the current folder.") { v, _, _ in
            .object(PyPath(absolute(try p(v).path)))
        }
        m.method("expanduser()  The path with a leading ~ replaced by the home folder.") { v, _, _ in
            .object(PyPath(OSModule.expandUser(try p(v).path)))
        }
        m.method("stat()  The file's size (st_size) and modification time (st_mtime).") { v, _, interp in
            let path = try p(v).path
            var info = stat()
            guard stat(path, &info) == 0 else { throw FileMethods.error(errno, path) }
            return try NamedTupleFlavor.structSequence(
                "stat_result", module: "os",
                [
                    "st_mode": .int(Int(info.st_mode)), "st_size": .int(Int(info.st_size)),
                    "st_mtime": .float(Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9),
                ], interp)
        }
        let t = PyType(
            "PosixPath", base: .object, members: m.table,
            signature: Signature("Path(*pathsegments)  A file-system path made of the segments joined.")
        ) { a, _ in .object(try a.rest.reduce(PyPath(".")) { $0.joining(try Conversions.path($1)) }) }
        t.moduleName = "pathlib"
        t.classValues["cwd"] = .object(
            PyBuiltinFunction("cwd") { _, _ in .object(PyPath(absolute("."))) })
        t.classValues["home"] = .object(
            PyBuiltinFunction("home") { _, _ in .object(PyPath(OSModule.expandUser("~"))) })
        return t
    }()

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: 4096)
        let cwd = getcwd(&buffer, buffer.count).map { String(cString: $0) } ?? "/"
        return path == "." ? cwd : cwd + "/" + path
    }

    static func found(_ base: PyPath, _ pattern: String) throws -> Value {
        let prefix = base.path == "." ? "" : base.path
        // pathlib's wildcards match names starting with a dot, unlike glob's.
        let paths = Wildcard.glob(prefix.isEmpty ? pattern : prefix + "/" + pattern, recursive: true, hidden: true)
        return .object(SequenceIterator(paths.map { .object(PyPath($0)) }))
    }
}
