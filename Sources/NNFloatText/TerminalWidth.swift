/// Columns text takes in a terminal: East Asian wide characters (Hangul, CJK, fullwidth forms)
/// take two, so Korean headers and labels line up. Shared by pandas' tables and terminal plots.
public enum TerminalWidth {
    public static func isWide(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA960...0xA97F).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    public static func of(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) }
    }
}
