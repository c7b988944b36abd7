import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The size of the terminal standard output is on, when it is one.
struct TerminalSize {
    var columns: Int, rows: Int

    /// The terminal's size, or nil when standard output is not a terminal (or will not say).
    static func ofStandardOutput() -> TerminalSize? {
        var size = winsize()
        guard isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return TerminalSize(columns: Int(size.ws_col), rows: Int(size.ws_row))
    }
}

extension String {
    /// The text cut to `columns` visible characters; control sequences (`ESC [ … letter`, colours)
    /// are kept and count for nothing, and a cut line ends by resetting the colour.
    func clipped(toColumns columns: Int) -> String {
        var out = "", visible = 0, inEscape = false
        for c in self {
            if inEscape {
                out.append(c)
                if c.isLetter { inEscape = false }
            } else if c == "\u{1B}" {
                out.append(c)
                inEscape = true
            } else if visible < columns {
                out.append(c)
                visible += 1
            } else {
                return out + (out.contains("\u{1B}") ? "\u{1B}[0m" : "")
            }
        }
        return out
    }
}
