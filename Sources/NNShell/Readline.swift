import CReadline
import Foundation
import NNLang
#if canImport(Glibc)
import Glibc
#endif

/// Lines typed at a terminal, through GNU readline: line editing, history kept in a file across
/// sessions, Tab completion. It uses readline's callback interface, as CPython does, so a Ctrl-C
/// while typing abandons the line and gives a fresh prompt.
final class ReadlineInput: LineInput {
    let historyPath: String
    let historyLimit: Int32 = 1000

    init(completer: Completer) {
        historyPath = ReadlineInput.historyFile()
        super.init()
        setlocale(LC_ALL, "")
        ReadlineState.completer = completer
        rl_readline_name = ReadlineState.name
        // Readline's own signal handlers would let Ctrl-C through to the interrupt flag only after the
        // line is read; nn notices the flag itself (see read(prompt:)).
        rl_catch_signals = 0
        rl_completer_word_break_characters = ReadlineState.wordBreaks
        rl_attempted_completion_function = { text, start, _ in
            rl_attempted_completion_over = 1
            rl_completion_append_character = 0
            let before = String(cString: rl_line_buffer).utf8.prefix(Int(start))
            // Tab at the start of a line indents, as in Python's REPL.
            if let text, text.pointee == 0, before.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                rl_insert_text("    ")
                return nil
            }
            return rl_completion_matches(
                text,
                { text, state in
                    if state == 0 {
                        ReadlineState.matches = ReadlineState.completer?.matches(String(cString: text!)) ?? []
                    }
                    let i = Int(state)
                    return i < ReadlineState.matches.count ? strdup(ReadlineState.matches[i]) : nil
                })
        }
        if !FileManager.default.fileExists(atPath: historyPath) {
            FileManager.default.createFile(atPath: historyPath, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        read_history(historyPath)
    }

    /// `~/.nn_history`, home being `$HOME` as in the shell.
    static func historyFile() -> String {
        let home = ProcessInfo.processInfo.environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".nn_history").path
    }

    override func read(prompt: String) -> Result {
        ReadlineState.line = nil
        ReadlineState.done = false
        rl_callback_handler_install(prompt) { raw in
            ReadlineState.line = raw.map { String(cString: $0) }
            ReadlineState.done = true
            free(raw)
            // Removed here so readline does not print the prompt again before the statement runs.
            rl_callback_handler_remove()
        }
        var interrupted = false
        while !ReadlineState.done {
            if Interpreter.interruptRequested {
                interrupted = true
                break
            }
            var fds = fd_set()
            fdZero(&fds)
            fdSet(0, &fds)
            // Wakes at least every 0.1 s to notice Ctrl-C whichever thread the signal reached.
            var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
            let ready = select(1, &fds, nil, nil, &timeout)
            if ready > 0 { rl_callback_read_char() }
        }
        if interrupted {
            Interpreter.interruptRequested = false
            rl_free_line_state()
            rl_callback_sigcleanup()
            rl_callback_handler_remove()
            rl_cleanup_after_signal()
            return .interrupted
        }
        guard let line = ReadlineState.line else {
            writeStandardError("\n")
            return .end
        }
        if !REPL.isBlank(line) {
            add_history(line)
            append_history(1, historyPath)
        }
        return .line(line)
    }

    override func finish() {
        history_truncate_file(historyPath, historyLimit)
    }

    private func fdZero(_ set: inout fd_set) {
        withUnsafeMutableBytes(of: &set) { $0.initializeMemory(as: UInt8.self, repeating: 0) }
    }

    private func fdSet(_ fd: Int32, _ set: inout fd_set) {
        withUnsafeMutableBytes(of: &set) { bytes in
            bytes[Int(fd) / 8] |= UInt8(1 << (Int(fd) % 8))
        }
    }
}

/// What readline's C callbacks reach: they cannot capture Swift context.
enum ReadlineState {
    nonisolated(unsafe) static var completer: Completer?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var line: String?
    nonisolated(unsafe) static var done = false
    nonisolated(unsafe) static let name = UnsafePointer(strdup("nn")!)
    /// Python's delimiters: a dot is part of the word, so `tf.keras.lay` completes as one.
    nonisolated(unsafe) static let wordBreaks = UnsafePointer(strdup(" \t\n`~!@#$%^&*()-=+[{]}\\|;:'\",<>/?")!)
}

/// Tab completion: names (variables, built-ins, keywords) and, after a dot, the attributes of the
/// value the dotted name before it holds. Callables get a `(`, as in Python's rlcompleter.
final class Completer {
    let interp: Interpreter

    init(_ interp: Interpreter) { self.interp = interp }

    /// Whether `value.name` is callable, found without computing properties: a type's methods
    /// are, its properties are not; other attributes (a module's members) are looked at.
    func isCallable(_ value: Value, _ name: String) -> Bool {
        switch value.type.lookupMember(name) {
        case .method?: return true
        case .property?: return false
        case nil: return (try? interp.getAttribute(value, name)).map(Interpreter.isCallable) ?? false
        }
    }

    func matches(_ text: String) -> [String] {
        if let dot = text.lastIndex(of: ".") {
            let path = text[..<dot].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let prefix = String(text[text.index(after: dot)...])
            guard let value = lookup(path) else { return [] }
            return interp.attributeNames(value)
                .filter { $0.hasPrefix(prefix) && (prefix.hasPrefix("_") || !$0.hasPrefix("_")) }
                .map { name in text[..<dot] + "." + name + (isCallable(value, name) ? "(" : "") }
        }
        var found: [String] = []
        for keyword in pythonKeywords.sorted() where keyword.hasPrefix(text) {
            switch keyword {
            case "finally", "try": found.append(keyword + ":")
            case "False", "None", "True", "break", "continue", "pass", "else": found.append(keyword)
            default: found.append(keyword + " ")
            }
        }
        let names = Set(interp.globals.definedNames).union(interp.builtins.keys)
        for name in names.sorted() where name.hasPrefix(text) && (text.hasPrefix("_") || !name.hasPrefix("_")) {
            found.append(name + (lookup([name]).map(Interpreter.isCallable) == true ? "(" : ""))
        }
        return found
    }

    /// The value of a dotted name (`tf.keras`), looking attributes up without calling anything.
    func lookup(_ path: [String]) -> Value? {
        guard let first = path.first, path.allSatisfy({ isIdentifier($0) }),
            var value = interp.globals[first] ?? interp.builtins[first]
        else { return nil }
        for name in path.dropFirst() {
            guard let next = try? interp.getAttribute(value, name) else { return nil }
            value = next
        }
        return value
    }

    func isIdentifier(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
    }
}
