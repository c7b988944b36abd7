import ArgumentParser
import NNLang
import NNShell
#if canImport(Glibc)
import Glibc
#endif

/// The `nn` command: runs scripts written in nn's Python subset.
struct NN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nn",
        abstract: "Small-scale deep learning in a terminal: runs Python-style .nn scripts.",
        discussion: """
        Examples:
          nn examples/hello.nn        run a script (a .py with the same content runs the same)
          nn -c "print(1 + 1)"        run code given as an argument
          nn - < script.nn            run code from standard input
        Exit status: 0 success, 1 a script error (traceback on stderr), 2 a usage error.
        """,
        version: "nn 0.1.0"
    )

    @Option(name: .customShort("c"), help: "Run CODE instead of a file.")
    var code: String?

    @ArgumentParser.Argument(help: "The script to run (.nn or .py); '-' reads it from standard input.")
    var file: String?

    @ArgumentParser.Argument(parsing: .captureForPassthrough, help: .hidden)
    var scriptArguments: [String] = []

    func run() throws {
        let status: Int32
        if let code {
            status = ScriptRunner.run(code, name: "<string>")
        } else if let file, file != "-" {
            status = ScriptRunner.runFile(file)
        } else {
            status = ScriptRunner.run(ScriptRunner.readStandardInput(), name: "<stdin>")
        }
        throw ExitCode(status)
    }
}

do {
    var command = try NN.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation_exit(exit.rawValue)
} catch {
    let code = NN.exitCode(for: error)
    let message = NN.fullMessage(for: error)
    if code == .success {
        print(message)
        Foundation_exit(0)
    }
    writeStandardError(message + "\n")
    Foundation_exit(2)
}

func Foundation_exit(_ code: Int32) -> Never { exit(code) }
