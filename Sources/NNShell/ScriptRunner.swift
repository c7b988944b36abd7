import NNLang
import NNBindings
#if canImport(Glibc)
import Glibc
#endif

/// Runs whole programs: files, `-c` code, standard input.
public enum ScriptRunner {
    /// Runs program text as the main module and returns the process exit status
    /// (0 success, 1 a script error with its report on standard error).
    public static func run(_ text: String, name: String) -> Int32 {
        var status: Int32 = 0
        installInterruptHandler()
        onLargeStack {
            // Made and freed on the large stack: freeing a script's values can recurse deeply.
            // A .py file runs as Python would; nn's own scripts also see the short Keras names.
            let program = name == "<string>" ? "-c" : name == "<stdin>" ? "-" : name
            let interp = makeInterpreter(shortNames: !name.hasSuffix(".py"), program: program)
            if let error = execute(Source(name: name, text: text), in: interp, finish: true) {
                status = error.exitStatus
            }
            interp.output.flush()
        }
        return status
    }

    /// The arguments after the script's name on nn's command line (`sys.argv[1:]`).
    public nonisolated(unsafe) static var scriptArguments: [String] = []

    /// An interpreter with nn's modules; with `shortNames`, also the short Keras names nn's scripts see.
    /// `program` is `sys.argv[0]`.
    public static func makeInterpreter(shortNames: Bool, program: String = "") -> Interpreter {
        let interp = Interpreter(registry: StandardModules.registry())
        interp.argv = [program] + scriptArguments
        if shortNames { interp.addBuiltins(StandardModules.shortNames()) }
        return interp
    }

    /// Parses and runs source in an interpreter. With `echo`, the value of a final bare expression is
    /// written as its repr unless it is None; with `finish`, the interpreter's finish hooks run after
    /// (a script's or a notebook cell's end). An error is reported on standard error (SystemExit by
    /// its message only) and returned.
    @discardableResult
    static func execute(
        _ source: Source, in interp: Interpreter, displayLast: Bool = false, echo: Bool = false, finish: Bool = false
    ) -> ScriptError? {
        do {
            let body = try Parser.parse(source)
            if let value = try interp.execute(body, source: source, displayLast: displayLast), echo, !value.isNone {
                interp.write(try interp.repr(value) + "\n")
            }
            if finish { try interp.finish() }
            return nil
        } catch let error as ScriptError {
            interp.output.flush()
            if error.isSystemExit {
                if let message = error.message { writeStandardError(message + "\n") }
            } else {
                writeStandardError(error.report(interp))
            }
            return error
        } catch {
            writeStandardError("nn: internal error: \(error)\n")
            return ScriptError(.runtimeError, "\(error)")
        }
    }

    /// Ctrl-C sets the interpreter's interrupt flag: running code raises KeyboardInterrupt at its
    /// next check (a loop turn, a call, a training step); `fit` keeps the weights learned so far.
    /// A second Ctrl-C before the first is noticed ends the process at once.
    /// Ctrl-C sets the flag running code checks; in a script or notebook a second Ctrl-C before the
    /// first was seen ends the process (exit 130), as a last resort. The interactive session never
    /// ends on Ctrl-C: every long loop of the runtime checks the flag.
    public static func installInterruptHandler(interactive: Bool = false) {
        var action = sigaction()
        if interactive {
            action.__sigaction_handler.sa_handler = { _ in Interpreter.interruptRequested = true }
        } else {
            action.__sigaction_handler.sa_handler = { _ in
                if Interpreter.interruptRequested { _exit(130) }
                Interpreter.interruptRequested = true
            }
        }
        sigemptyset(&action.sa_mask)
        // No SA_RESTART: a blocking read returns, so input() can raise KeyboardInterrupt.
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Runs a file; a missing file is a usage error (status 2), as with `python3 missing.py`.
    public static func runFile(_ path: String) -> Int32 {
        do { return run(try openFile(path), name: path) } catch { return error.status }
    }

    /// A file that cannot be run, once standard error says why: the exit status to end with.
    public struct OpenFailure: Error {
        public let status: Int32
    }

    /// The text of a file the user named, decoded as Python decodes source. When it cannot be read,
    /// standard error says so in python3's words (`nn: can't open file 'x.nn': [Errno 2] No such file
    /// or directory`; status 2); bytes that are not its encoding's are a SyntaxError (status 1).
    public static func openFile(_ path: String) throws(OpenFailure) -> String {
        guard let bytes = readFile(path) else {
            let code = errno
            writeStandardError("nn: can't open file '\(path)': [Errno \(code)] \(String(cString: strerror(code)))\n")
            throw OpenFailure(status: 2)
        }
        return try decode(bytes, name: path)
    }

    /// A script's bytes as text; bytes its encoding cannot take are a SyntaxError (status 1).
    static func decode(_ bytes: [UInt8], name: String) throws(OpenFailure) -> String {
        do { return try SourceEncoding.text(of: bytes, name: name) } catch {
            let message = (error as? ScriptError)?.message
            writeStandardError("SyntaxError: \(message ?? "\(error)")\n")
            throw OpenFailure(status: 1)
        }
    }

    /// Standard input read to the end, decoded as a script file is.
    public static func readStandardInput() throws(OpenFailure) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(0, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return try decode(bytes, name: "<stdin>")
    }

    /// The bytes of a file, or nil (with errno set) when it cannot be read.
    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var info = stat()
        if fstat(fileno(file), &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            errno = EISDIR
            return nil
        }
        return FileMethods.rest(of: file)
    }

    /// Runs `body` on a thread with a 1 GiB stack, so deep recursion in scripts ends in
    /// RecursionError rather than overflowing the native stack.
    public static func onLargeStack(_ body: @escaping () -> Void) {
        final class Box { let body: () -> Void; init(_ b: @escaping () -> Void) { body = b } }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 1 << 30)
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let created = pthread_create(
            &thread, &attributes,
            { raw in
                let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
                box.body()
                return nil
            }, box)
        pthread_attr_destroy(&attributes)
        if created != 0 {
            Unmanaged<Box>.fromOpaque(box).takeRetainedValue().body()
            return
        }
        pthread_join(thread, nil)
    }
}
