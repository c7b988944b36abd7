import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `nn` running on a pseudo-terminal, as a user's terminal would run it: the test types keys into
/// the terminal and reads what nn draws. The child leads its own session with the terminal as its
/// controlling terminal, so Ctrl-C typed into it raises SIGINT in nn as a real terminal does.
final class Terminal {
    let master: Int32
    let pid: pid_t
    /// Everything nn has written to the terminal so far, without its control sequences (colours,
    /// bracketed-paste mode, cursor moves) and carriage returns, so tests compare plain text.
    private var bytes: [UInt8] = []
    private var escape = EscapeState.text
    enum EscapeState { case text, escape, controlSequence }
    var screen: String { String(decoding: bytes, as: UTF8.self) }
    /// The most characters nn has written on one line (between carriage returns and newlines,
    /// control sequences not counted): more than the terminal's width means a line wrapped. Tests
    /// set it to 0 to measure from there.
    var widestLine = 0
    private var column = 0
    /// Where the last `waitFor` match ended (a byte offset): later waits look only after it.
    private var mark = 0

    init(_ arguments: [String], environment: [String: String], columns: UInt16 = 80) throws {
        var master: Int32 = 0, slave: Int32 = 0
        var size = winsize(ws_row: 24, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var name = [CChar](repeating: 0, count: 256)
        guard openpty(&master, &slave, &name, nil, &size) == 0 else {
            throw TerminalError("openpty failed: errno \(errno)")
        }
        self.master = master
        let slavePath = String(cString: name)
        close(slave)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Opened after setsid, so the terminal becomes the new session's controlling terminal.
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(
            &attributes, Int16(Terminal.spawnSetsid | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)

        let path = TestSupport.nnBinary.path
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let env =
            ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { strdup("\($0.key)=\($0.value)") } + [
                nil
            ]
        defer { (argv + env).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, env)
        guard status == 0 else { throw TerminalError("posix_spawn failed: \(status)") }
        self.pid = pid
    }

    /// glibc's POSIX_SPAWN_SETSID (a GNU extension the Swift module does not import).
    static let spawnSetsid: Int32 = 0x80

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    /// Types text as keystrokes ("\r" is Enter, "\t" Tab, "\u{3}" Ctrl-C, "\u{4}" Ctrl-D, "\u{1b}[A" arrow-up).
    func type(_ text: String) {
        var bytes = Array(text.utf8)
        while !bytes.isEmpty {
            let n = write(master, bytes, bytes.count)
            if n <= 0 { return }
            bytes.removeFirst(n)
        }
    }

    /// Types a line and Enter, waits for the prompt that follows and returns what nn wrote in
    /// between: the echo of the line, then its output.
    @discardableResult
    func enter(_ line: String, prompt: String = ">>> ") throws -> String {
        type(line + "\r")
        return try waitFor(prompt)
    }

    /// Reads the terminal until `text` appears after the last match; returns the text between.
    @discardableResult
    func waitFor(
        _ text: String, timeout: TimeInterval = 20, file: StaticString = #filePath, line: UInt = #line
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        let wanted = Array(text.utf8)
        while true {
            if let start = find(wanted, from: mark) {
                let between = String(decoding: bytes[mark..<start], as: UTF8.self)
                mark = start + wanted.count
                return between
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else {
                throw TerminalError(
                    "timed out waiting for \(text.debugDescription); the screen after the last match:\n"
                        + String(decoding: bytes[mark...], as: UTF8.self).debugDescription)
            }
            if !drain(waiting: min(left, 0.2)) {
                throw TerminalError("the terminal closed; it showed:\n\(screen.debugDescription)")
            }
        }
    }

    /// Waits for nn to exit and returns its exit status.
    func exitStatus(timeout: TimeInterval = 20) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
            // Keep the terminal drained so nn never blocks writing to it.
            _ = drain(waiting: 0.05)
        }
        throw TerminalError("nn did not exit; the screen:\n\(screen.debugDescription)")
    }

    /// Reads what nn has written within `seconds`; false when the terminal has closed.
    private func drain(waiting seconds: TimeInterval) -> Bool {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(seconds * 1000)) > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        if n <= 0 { return false }
        for byte in buffer[0..<n] {
            switch escape {
            case .text:
                if byte == 0x0d || byte == 0x0a {
                    column = 0
                } else if byte & 0xC0 != 0x80 && byte != 0x1b {
                    column += 1
                    widestLine = max(widestLine, column)
                }
                if byte == 0x1b { escape = .escape } else if byte != 0x0d && byte != 0x07 { bytes.append(byte) }
            case .escape:
                escape = byte == UInt8(ascii: "[") ? .controlSequence : .text
            case .controlSequence:
                if (0x40...0x7e).contains(byte) { escape = .text }
            }
        }
        return true
    }

    private func find(_ wanted: [UInt8], from start: Int) -> Int? {
        guard wanted.count <= bytes.count - start else { return nil }
        for i in start...(bytes.count - wanted.count) where bytes[i] == wanted[0] {
            if bytes[i..<(i + wanted.count)].elementsEqual(wanted) { return i }
        }
        return nil
    }
}

struct TerminalError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
