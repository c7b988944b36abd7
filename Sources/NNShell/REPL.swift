import Foundation
import NNBindings
import NNFloatText
import NNLang
#if canImport(Glibc)
import Glibc
#endif

/// The interactive session: reads statements, runs them in one interpreter and echoes the value of
/// a bare expression as Python's REPL does (its repr; None is not echoed). An error prints its
/// traceback and the session goes on; Ctrl-C cancels the line being typed or interrupts running
/// code; Ctrl-D (end of input) ends the session.
public final class REPL {
    let interp: Interpreter
    let input: LineInput

    init(_ interp: Interpreter, input: LineInput) {
        self.interp = interp
        self.input = input
    }

    /// Runs a session on standard input: readline on a terminal, plain lines otherwise. With a file
    /// (`nn -i FILE`) that file runs first in the same interpreter. Returns the exit status.
    public static func run(file: String? = nil) -> Int32 {
        var status: Int32 = 0
        ScriptRunner.installInterruptHandler(interactive: true)
        ScriptRunner.onLargeStack {
            let interp = ScriptRunner.makeInterpreter(
                shortNames: !(file?.hasSuffix(".py") ?? false), program: file ?? "")
            if let file {
                let text: String
                do throws(ScriptRunner.OpenFailure) { text = try ScriptRunner.openFile(file) } catch {
                    status = error.status
                    return
                }
                if let error = ScriptRunner.execute(Source(name: file, text: text), in: interp, finish: true) {
                    if error.isSystemExit { status = error.exitStatus; return }
                }
            }
            let terminal = isatty(0) != 0
            let input: LineInput = terminal ? ReadlineInput(completer: Completer(interp)) : PlainInput()
            if terminal {
                interp.write(
                    "nn 0.1.0: Python-style deep learning in the terminal. help(object) explains a name; Ctrl-D exits.\n"
                )
            }
            let session = REPL(interp, input: input)
            status = session.loop()
            interp.output.flush()
        }
        return status
    }

    /// Reads and runs statements until end of input or `exit()`.
    func loop() -> Int32 {
        while true {
            interp.output.flush()
            switch readStatement() {
            case .end:
                input.finish()
                return 0
            case .interrupted:
                writeStandardError("\nKeyboardInterrupt\n")
            case .line(let text):
                Interpreter.interruptRequested = false
                let source = Source(name: "<stdin>", text: text)
                if let error = ScriptRunner.execute(source, in: interp, displayLast: true, echo: true),
                    error.isSystemExit
                {
                    input.finish()
                    return error.exitStatus
                }
                Interpreter.interruptRequested = false
            }
        }
    }

    /// One statement: a single line, or the lines of a block (ended by an empty line) or of an
    /// unfinished bracket or string.
    func readStatement() -> LineInput.Result {
        var lines: [String] = []
        while true {
            let result = input.read(prompt: lines.isEmpty ? ">>> " : "... ")
            guard case .line(let line) = result else {
                // Ctrl-D inside a block ends the block rather than the session, as in Python.
                if case .end = result, !lines.isEmpty { return .line(lines.joined(separator: "\n") + "\n") }
                return result
            }
            if lines.isEmpty && REPL.isBlank(line) { continue }
            lines.append(line)
            if !REPL.needsMore(lines) { return .line(lines.joined(separator: "\n") + "\n") }
        }
    }

    /// Whether the lines so far are an unfinished statement: an open bracket or triple-quoted
    /// string, a trailing backslash, or a compound statement (`for`, `def`, `if`…) not yet ended
    /// by an empty line, as in Python's REPL.
    static func needsMore(_ lines: [String]) -> Bool {
        guard let last = lines.last else { return true }
        let blank = isBlank(last)
        // A block header followed by a line that is not indented under it can never be completed:
        // run it at once, so that the parser reports CPython's IndentationError.
        if lines.count > 1, !blank, lines[lines.count - 2].trimmingTrailingComment.hasSuffix(":"),
            indentation(last) <= indentation(lines[lines.count - 2])
        {
            return false
        }
        if lines.count > 1 && !blank && startsBlock(lines[0]) { return true }
        if last.hasSuffix("\\") { return true }
        switch parse(lines) {
        case .complete(let body): return !blank && body.contains { isCompound($0) }
        case .incomplete: return true
        case .invalid: return false
        }
    }

    enum ParseOutcome { case complete([Stmt]), incomplete(block: Bool), invalid }

    /// Parses the lines, telling an error that more lines could fix from one they cannot.
    static func parse(_ lines: [String]) -> ParseOutcome {
        do {
            return .complete(try Parser.parse(Source(name: "<stdin>", text: lines.joined(separator: "\n") + "\n")))
        } catch let error as ScriptError {
            let message = error.message ?? ""
            if message.hasPrefix("expected an indented block") { return .incomplete(block: true) }
            let more = message.hasSuffix("was never closed") || message.hasPrefix("unterminated triple-quoted")
            return more ? .incomplete(block: false) : .invalid
        } catch {
            return .invalid
        }
    }

    /// Whether a first line starts a compound statement (so the statement ends at an empty line).
    static func startsBlock(_ line: String) -> Bool {
        switch parse([line]) {
        case .complete(let body): return body.contains { isCompound($0) }
        case .incomplete(let block): return block
        case .invalid: return false
        }
    }

    /// The width of a line's leading spaces and tabs.
    static func indentation(_ line: String) -> Int { line.prefix { $0 == " " || $0 == "\t" }.count }

    /// A line of nothing but spaces and tabs.
    static func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }

    static func isCompound(_ statement: Stmt) -> Bool {
        switch statement.kind {
        case .ifElse, .whileLoop, .forLoop, .tryExcept, .with, .functionDefinition: return true
        default: return false
        }
    }
}

/// Where the session's lines come from.
class LineInput {
    enum Result { case line(String), interrupted, end }
    func read(prompt: String) -> Result { .end }
    /// Called once when the session ends.
    func finish() {}
}

/// Lines from a pipe or a file: the prompts go to standard error (as Python's do), so standard
/// output holds only what the statements print.
final class PlainInput: LineInput {
    override func read(prompt: String) -> Result {
        writeStandardError(prompt)
        if let line = readLine(strippingNewline: true) { return .line(line) }
        if Interpreter.interruptRequested {
            Interpreter.interruptRequested = false
            clearerr(stdin)
            return .interrupted
        }
        writeStandardError("\n")
        return .end
    }
}

extension String {
    /// The line without a trailing `# comment` (outside strings) and trailing spaces.
    var trimmingTrailingComment: String {
        var quote: Character? = nil
        var end = endIndex
        for i in indices {
            let c = self[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "#" {
                end = i
                break
            }
        }
        return String(self[..<end]).trimmingSpaces()
    }
}
