import ArgumentParser
import Foundation
import NNLang
import NNShell
#if canImport(Glibc)
import Glibc
#endif

/// The `nn` command: runs scripts and notebooks written in nn's Python subset.
struct NN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nn",
        abstract: "Small-scale deep learning in a terminal: runs Python-style .nn scripts and notebooks.",
        discussion: """
            Examples:
              nn examples/celsius.nn      run a script (a .py runs as Python would)
              nn course.ipynb             run a notebook's code cells, showing each cell's last value
              nn --cells script.py        run a script cut at its '# %%' lines as notebook cells
              nn port course.ipynb        write the notebook's code as a script with '# %%' cells
              nn                          start an interactive session (plain lines when input is not a terminal)
              nn -i examples/celsius.nn   run a script, then stay interactive with its variables
              nn -c "print(1 + 1)"        run code given as an argument
              nn - < script.nn            run code from standard input as one script
            Exit status: 0 success, 1 a script error (traceback on stderr), 2 a usage error.
            """,
        version: "nn 0.1.0",
        subcommands: [Run.self, Port.self],
        defaultSubcommand: Run.self
    )
}

/// `nn FILE`, `nn -c CODE`, `nn -`: runs a script or a notebook.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a script, a notebook or code from -c; with none, start an interactive session (the default).")

    @Option(name: .customShort("c"), help: "Run CODE instead of a file.")
    var code: String?

    @Flag(name: .customShort("i"), help: "After running the file, stay in an interactive session with its variables.")
    var interactive = false

    @Flag(help: "Run the script's '# %%' cells as a notebook: each cell's last bare expression is shown.")
    var cells = false

    @ArgumentParser.Argument(help: "The script (.nn, .py) or notebook (.ipynb) to run; '-' reads standard input.")
    var file: String?

    @ArgumentParser.Argument(parsing: .captureForPassthrough, help: .hidden)
    var scriptArguments: [String] = []

    func run() throws {
        ScriptRunner.scriptArguments = scriptArguments
        let status: Int32
        if let code {
            status = ScriptRunner.run(code, name: "<string>")
        } else if file == nil || interactive {
            status = REPL.run(file: file == "-" ? nil : file)
        } else if let file, file != "-" {
            if file.hasSuffix(".ipynb") || cells {
                status = try runCells(file)
            } else {
                status = ScriptRunner.runFile(file)
            }
        } else {
            do { status = ScriptRunner.run(try ScriptRunner.readStandardInput(), name: "<stdin>") } catch {
                status = error.status
            }
        }
        throw ExitCode(status)
    }

    func runCells(_ file: String) throws -> Int32 {
        let text: String
        do { text = try ScriptRunner.openFile(file) } catch { return error.status }
        do {
            let notebook =
                file.hasSuffix(".ipynb") ? try Notebook.load(ipynb: Data(text.utf8)) : Notebook.split(script: text)
            return CellRunner.run(notebook, name: file, shortNames: !file.hasSuffix(".py"))
        } catch {
            writeStandardError("nn: \(file): \(error)\n")
            return 2
        }
    }
}

/// `nn port NB.ipynb [-o FILE]`: a notebook's code cells as a script.
struct Port: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a notebook's code cells as a script, a '# %%' line before each cell, magics commented out.")

    @ArgumentParser.Argument(help: "The notebook (.ipynb).")
    var notebook: String

    @Option(
        name: .shortAndLong,
        help:
            "Where to write the script (default: the notebook's name with .nn, never replacing a file; '-' for standard output)."
    )
    var output: String?

    func run() throws {
        let text: String
        do { text = try ScriptRunner.openFile(notebook) } catch { throw ExitCode(error.status) }
        let script: String
        do {
            script = try Notebook.load(ipynb: Data(text.utf8)).portedScript()
        } catch {
            writeStandardError("nn: \(notebook): \(error)\n")
            throw ExitCode(2)
        }
        let target = output ?? (notebook.hasSuffix(".ipynb") ? String(notebook.dropLast(6)) : notebook) + ".nn"
        // The name nn chose never replaces a file; one given with -o does.
        if output == nil && FileManager.default.fileExists(atPath: target) {
            writeStandardError("nn: \(target) exists; name the script with -o FILE (or -o - for standard output)\n")
            throw ExitCode(1)
        }
        if target == "-" {
            print(script, terminator: "")
        } else {
            guard FileManager.default.createFile(atPath: target, contents: Data(script.utf8)) else {
                writeStandardError("nn: can't write '\(target)'\n")
                throw ExitCode(1)
            }
            writeStandardError("nn: wrote \(target)\n")
        }
    }
}

#if canImport(Glibc)
// Arrays of a few hundred KiB come and go at every op of training and of numpy code. glibc maps
// each such block afresh and trims the heap after it, so every op paid for page faults (about a
// hundred per 256×256 matrix product, 5× the product's own time in a virtual machine). Freed
// memory now stays in the heap for the next array; the peak is unchanged.
@_silgen_name("mallopt") func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
let M_TRIM_THRESHOLD: Int32 = -1, M_MMAP_THRESHOLD: Int32 = -3  // <malloc.h>, which Glibc's module leaves out
_ = mallopt(M_MMAP_THRESHOLD, 256 << 20)
_ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
#endif

do {
    var command = try NN.parseAsRoot()
    try command.run()
} catch let exit as ExitCode {
    Foundation_exit(exit.rawValue)
} catch {
    let code = NN.exitCode(for: error)
    // `run` is the default subcommand, which users never type: its usage reads as the command's.
    let message = NN.fullMessage(for: error).replacingOccurrences(of: "nn run ", with: "nn ")
        .replacingOccurrences(of: "'nn run --help'", with: "'nn --help'")
    if code == .success {
        print(message)
        Foundation_exit(0)
    }
    writeStandardError(message + "\n")
    Foundation_exit(2)
}

func Foundation_exit(_ code: Int32) -> Never { exit(code) }
