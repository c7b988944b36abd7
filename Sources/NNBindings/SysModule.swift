import NNLang
#if canImport(Glibc)
import Glibc
#endif

/// `sys`: the interpreter's facts and settings (argv, version, limits, the standard streams).
enum SysModule {
    /// The version of Python whose semantics nn follows.
    static let version = (major: 3, minor: 11, micro: 0)

    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("sys")
        m.members["argv"] = .list(PyList(interp.argv.map { .string($0) }))
        m.members["path"] = .list(PyList([.string(scriptDirectory(interp.argv.first ?? ""))]))
        m.members["version"] = .string("\(version.major).\(version.minor).\(version.micro) (nn 0.1.0) [Swift]")
        m.members["version_info"] = try NamedTupleFlavor.structSequence(
            "version_info", module: "sys",
            [
                "major": .int(version.major), "minor": .int(version.minor), "micro": .int(version.micro),
                "releaselevel": .string("final"), "serial": .int(0),
            ], interp)
        m.members["hexversion"] = .int(version.major << 24 | version.minor << 16 | version.micro << 8 | 0xF0)
        m.members["platform"] = .string("linux")
        m.members["byteorder"] = .string(Int(1).littleEndian == 1 ? "little" : "big")
        m.members["maxsize"] = .int(Int.max)
        m.members["executable"] = .string(executable())
        m.members["float_info"] = try NamedTupleFlavor.structSequence(
            "float_info", module: "sys",
            [
                "max": .float(.greatestFiniteMagnitude), "max_exp": .int(1024), "max_10_exp": .int(308),
                "min": .float(.leastNormalMagnitude), "min_exp": .int(-1021), "min_10_exp": .int(-307),
                "dig": .int(15), "mant_dig": .int(53), "epsilon": .float(.ulpOfOne), "radix": .int(2),
                "rounds": .int(1),
            ], interp)
        m.members["stdout"] = .object(PyStream(.output))
        m.members["stderr"] = .object(PyStream(.error))
        m.members["stdin"] = .object(PyStream(.input))
        m.members["__stdout__"] = m.members["stdout"]
        m.members["__stderr__"] = m.members["stderr"]
        m.def("exit(status=None, /)  Ends the program (raises SystemExit): 0 or None for success, a string is printed.")
        {
            a, _ in
            throw ScriptError(PyException(ExceptionType.systemExit.pyType, a.isGiven("status") ? [a["status"]] : []))
        }
        m.def("getrecursionlimit()  The deepest nesting of calls allowed before RecursionError.") { _, interp in
            .int(interp.recursionLimit)
        }
        m.def("setrecursionlimit(limit, /)  Sets the deepest nesting of calls allowed before RecursionError.") {
            a, interp in
            let limit = try a.int("limit")
            guard limit >= 1 else { throw ScriptError(.valueError, "recursion limit must be greater or equal than 1") }
            interp.recursionLimit = limit
            return .none
        }
        m.def("get_int_max_str_digits()  The most digits int() and str() convert between (0: no limit).") { _, _ in
            .int(PyBigInt.maxStringDigits)
        }
        m.def(
            "set_int_max_str_digits(maxdigits)  Sets the most digits int() and str() convert between (0: no limit)."
        ) { a, _ in
            let limit = try a.int("maxdigits")
            guard limit == 0 || limit >= 640 else {
                throw ScriptError(.valueError, "maxdigits must be 0 or larger than 640")
            }
            PyBigInt.maxStringDigits = limit
            return .none
        }
        m.def("getdefaultencoding()  The encoding of str: 'utf-8'.") { _, _ in .string("utf-8") }
        return m.build()
    }

    /// `sys.path[0]`: the absolute folder of the script, or '' for code from -c, standard input or the session.
    static func scriptDirectory(_ program: String) -> String {
        guard !program.isEmpty, program != "-c", program != "-" else { return "" }
        let folder = program.lastIndex(of: "/").map { String(program[..<$0]) } ?? "."
        guard let resolved = realpath(folder.isEmpty ? "/" : folder, nil) else { return folder }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The running nn binary's path.
    static func executable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return n > 0 ? String(cString: buffer) : ""
    }
}

/// `sys.stdout`, `sys.stderr` and `sys.stdin`: the program's standard streams. Writes to standard
/// output go through the interpreter's output, as print's do, so the two keep their order.
final class PyStream: PyObject {
    enum Kind { case input, output, error }
    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    static let streamType: PyType = {
        var m = Members("TextIOWrapper")
        func stream(_ v: Value) throws -> PyStream { try v.receiver(PyStream.self, "TextIOWrapper") }
        m.method("write(s, /)  Writes the string; returns the number of characters written.") { v, a, interp in
            let s = try stream(v)
            let text = try Conversions.string(a["s"], "write() argument must be str, not \(a["s"].typeName)")
            switch s.kind {
            case .output: interp.write(text)
            case .error: writeStandardError(text)
            case .input: throw ScriptError(.unsupportedOperation, "not writable")
            }
            return .int(PyString(text).count)
        }
        m.method("flush()  Writes out what is buffered.") { v, _, interp in
            if try stream(v).kind == .output { interp.output.flush() }
            return .none
        }
        m.method("readline()  The next line of standard input, with its newline ('' at the end).") { v, _, interp in
            guard try stream(v).kind == .input else { throw ScriptError(.unsupportedOperation, "not readable") }
            interp.output.flush()
            return .string(Swift.readLine(strippingNewline: false) ?? "")
        }
        m.method("read()  The rest of standard input.") { v, _, interp in
            guard try stream(v).kind == .input else { throw ScriptError(.unsupportedOperation, "not readable") }
            interp.output.flush()
            var text = ""
            while let line = Swift.readLine(strippingNewline: false) { text += line }
            return .string(text)
        }
        m.method("isatty()  Whether the stream is a terminal.") { v, _, _ in .bool(isatty(try stream(v).fd) != 0) }
        m.method("fileno()  The stream's file descriptor.") { v, _, _ in .int(Int(try stream(v).fd)) }
        m.property("encoding", "The stream's encoding.") { _, _ in .string("utf-8") }
        m.property("name", "<stdin>, <stdout> or <stderr>.") { v, _ in .string(try stream(v).name) }
        return PyType("TextIOWrapper", base: .object, members: m.table)
    }()

    var fd: Int32 { kind == .input ? 0 : kind == .output ? 1 : 2 }
    var name: String { kind == .input ? "<stdin>" : kind == .output ? "<stdout>" : "<stderr>" }

    override var type: PyType { PyStream.streamType }
    override func repr(_ interp: Interpreter) throws -> String {
        "<_io.TextIOWrapper name='\(name)' mode='\(kind == .input ? "r" : "w")' encoding='utf-8'>"
    }
}
