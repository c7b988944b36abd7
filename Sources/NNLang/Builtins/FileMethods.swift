#if canImport(Glibc)
import Glibc
#endif

/// Text files: `open` and the methods of the file it returns.
public enum FileMethods {
    static func file(_ v: Value) -> PyFile? {
        if case .object(let f as PyFile) = v { return f }
        return nil
    }

    /// How text is coded: `open`'s encoding, errors and newline arguments.
    public struct TextOptions {
        public var encoding: String?, errors: String?, newline: String?
        public init(encoding: String? = nil, errors: String? = nil, newline: String? = nil) {
            (self.encoding, self.errors, self.newline) = (encoding, errors, newline)
        }
        /// The arguments of those names that a signature declares.
        public init(_ a: Bound) throws {
            func given(_ name: String) throws -> String? {
                a.signature.parameters.contains { $0.name == name } ? try a.optionalString(name) : nil
            }
            self.init(encoding: try given("encoding"), errors: try given("errors"), newline: try given("newline"))
        }
    }

    public static func open(_ path: String, _ mode: String, _ options: TextOptions = TextOptions()) throws -> PyFile {
        guard ["r", "w", "a", "x", "rt", "wt", "at", "xt", "r+", "w+", "a+", "x+"].contains(mode) else {
            if mode.contains("b") { throw ScriptError(.valueError, "binary mode files are not supported") }
            throw ScriptError(.valueError, "invalid mode: '\(mode)'")
        }
        if let newline = options.newline, !["", "\n", "\r", "\r\n"].contains(newline) {
            throw ScriptError(.valueError, "illegal newline value: \(newline)")
        }
        let cMode = mode.replacingOccurrences("t", "").replacingOccurrences("x", "wx")
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw ScriptError(.isADirectoryError, "[Errno 21] Is a directory: \(StringRepr.quote(path))")
        }
        // As in Python, the file is opened (and a new one made) before the encoding is looked up.
        guard let handle = fopen(path, cMode) else { throw error(errno, path) }
        do {
            return try PyFile(
                path: path, mode: mode, handle: handle, encoding: options.encoding,
                errors: TextCodec.ErrorHandler(options.errors), newline: options.newline)
        } catch {
            fclose(handle)
            throw error
        }
    }

    /// The OSError (FileNotFoundError, PermissionError, …) for a failed file operation on `path`
    /// (and `other`, for a rename or copy), in Python's words.
    public static func error(_ code: Int32, _ path: String, _ other: String? = nil) -> ScriptError {
        let message = String(cString: strerror(code))
        let kind: ExceptionType
        switch code {
        case ENOENT: kind = .fileNotFoundError
        case EEXIST: kind = .fileExistsError
        case EISDIR: kind = .isADirectoryError
        case ENOTDIR: kind = .notADirectoryError
        case EACCES, EPERM: kind = .permissionError
        default: kind = .osError
        }
        let names = StringRepr.quote(path) + (other.map { " -> " + StringRepr.quote($0) } ?? "")
        return ScriptError(kind, "[Errno \(code)] \(message): \(names)")
    }

    /// A whole file's bytes, or the error `open(path)` would raise.
    public static func contents(_ path: String) throws -> [UInt8] {
        let file = try open(path, "r")
        defer { file.close() }
        return rest(of: try file.open())
    }

    /// The bytes of an open file from where it stands to its end.
    public static func rest(of handle: UnsafeMutablePointer<FILE>) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&chunk, 1, chunk.count, handle)
            if n <= 0 { break }
            bytes += chunk[0..<n]
        }
        return bytes
    }

    static let members: [String: Member] = {
        var m = Members("TextIOWrapper")
        m.method("read(size=-1, /)  The rest of the file (or at most size characters) as a string.") { v, a, _ in
            guard let f = file(v) else { return .string("") }
            return .string(try f.read(try a.int("size")))
        }
        m.method("readline(size=-1, /)  The next line, with its newline.") { v, a, _ in
            guard let f = file(v) else { return .string("") }
            return .string(try f.readLine(try a.int("size")))
        }
        m.method("readlines(hint=-1, /)  The remaining lines as a list (once hint characters are read, no more).") {
            v, a, _ in
            let hint = try a.int("hint")
            var lines: [Value] = [], read = 0
            for line in try file(v)?.readLines() ?? [] where hint <= 0 || read < hint {
                lines.append(.string(line))
                read += line.count
            }
            return .list(PyList(lines))
        }
        m.method("write(text, /)  Writes the string; returns the number of characters written.") { v, a, _ in
            let text = a["text"]
            let s = try Conversions.string(text, "write() argument must be str, not \(text.typeName)")
            return .int(try file(v)?.write(s) ?? 0)
        }
        m.method("close()  Closes the file.") { v, _, _ in
            file(v)?.close()
            return .none
        }
        m.property("closed", "Whether the file is closed.") { v, _ in .bool(file(v)?.handle == nil) }
        m.property("name", "The file's path.") { v, _ in .string(file(v)?.path ?? "") }
        m.property("mode", "The mode it was opened with.") { v, _ in .string(file(v)?.mode ?? "") }
        m.property("encoding", "The encoding its text is read and written in.") { v, _ in
            .string(file(v)?.encodingName ?? "UTF-8")
        }
        m.property("errors", "How bytes or characters the encoding cannot take are handled.") { v, _ in
            .string(file(v)?.errors.name ?? "strict")
        }
        m.method("__enter__()") { v, _, _ in v }
        m.method("__exit__(*exc_info)") { v, _, _ in
            file(v)?.close()
            return .false
        }
        return m.table
    }()
}
