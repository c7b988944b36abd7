import NNFloatText
import Foundation

/// pandas' printing of frames, series and indexes (pandas 2.2 with its defaults: 6 significant
/// decimals, 60 rows at most then 5 + 5, columns fitted to an 80-column terminal).
public enum FrameFormat {
    public static let width = 80
    public static let maxRows = 60
    public static let minRows = 10

    /// A float as Python's repr, for object cells and index labels.
    static func shortFloat(_ x: Double) -> String {
        if x.isNaN { return "NaN" }
        if x == x.rounded(), abs(x) < 1e16 { return String(format: "%.1f", x) }
        return "\(x)"
    }

    /// The cells of a column as pandas formats them, each with its leading sign space.
    public static func cells(_ c: Column) -> [String] {
        switch c.type {
        case .int64: return c.numbers.map { $0.isNaN ? "NaN" : " " + String(Int64($0)) }
        case .bool: return c.numbers.map { $0 != 0 ? " True" : " False" }
        case .float64: return floats(c.numbers)
        case .object, .category: return c.texts.map { " " + ($0 ?? "NaN") }
        }
    }

    /// pandas' FloatArrayFormatter: fixed six decimals with common trailing zeros trimmed, or
    /// exponent form when a value would show as zero or too wide.
    public static func floats(_ values: [Double]) -> [String] {
        let digits = 6
        func fixed(_ x: Double) -> String { x.isNaN ? "NaN" : String(format: "% .\(digits)f", x) }
        var texts = trimZeros(values.map(fixed))
        let finite = values.filter { $0.isFinite }.map(abs)
        let tooLong = (texts.map(\.count).max() ?? 0) > digits + 6
        let hasLarge = finite.contains { $0 > 1e6 }
        let hasSmall = finite.contains { $0 < pow(10, Double(-digits)) && $0 > 0 }
        if hasSmall || (tooLong && hasLarge) {
            texts = trimZeros(values.map { $0.isNaN ? "NaN" : String(format: "% .\(digits)e", $0) }, exponent: true)
        }
        return texts.map { $0.replacingOccurrences(of: "inf", with: "inf") }
    }

    /// Removes trailing zeros while every number ends in one, keeping a digit after the point.
    static func trimZeros(_ texts: [String], exponent: Bool = false) -> [String] {
        if exponent { return texts }
        func isDecimal(_ s: String) -> Bool { s.contains(".") && !s.contains("e") && s != "NaN" }
        var out = texts
        while true {
            let numbers = out.filter(isDecimal)
            guard !numbers.isEmpty, numbers.allSatisfy({ $0.hasSuffix("0") }) else { break }
            out = out.map { isDecimal($0) ? String($0.dropLast()) : $0 }
        }
        return out.map { isDecimal($0) && $0.hasSuffix(".") ? $0 + "0" : $0 }
    }

    /// Columns a text takes in a terminal: East Asian wide characters take two, so Korean headers
    /// line up (pandas itself counts characters).
    public static func displayWidth(_ s: String) -> Int { TerminalWidth.of(s) }

    /// `s` right-aligned in `width` terminal columns.
    static func right(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - displayWidth(s))) + s
    }
    /// `s` left-aligned in `width` terminal columns.
    static func left(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - displayWidth(s)))
    }

    /// `print(df)`.
    public static func frame(_ df: DataFrame) -> String {
        if df.columns.isEmpty { return "Empty DataFrame\nColumns: []\nIndex: \(df.index)" }
        let truncatedRows = df.rowCount > maxRows
        let shown =
            truncatedRows
            ? Array(0..<(minRows / 2)) + Array((df.rowCount - minRows / 2)..<df.rowCount) : Array(0..<df.rowCount)
        let view = df.rows(shown)
        /// The columns of text; `measure` is pandas' character count while fitting the width,
        /// and the terminal width when drawing.
        func strcols(_ columns: [Column], dotsAfter: Int?, measure: (String) -> Int = { $0.count }) -> [[String]] {
            func pad(_ s: String, _ w: Int, leftAligned: Bool = false) -> String {
                let fill = String(repeating: " ", count: max(0, w - measure(s)))
                return leftAligned ? s + fill : fill + s
            }
            var index = view.labels
            if truncatedRows { index.insert("..", at: minRows / 2) }
            let indexWidth = index.map(measure).max() ?? 0
            var out = [([""] + index).map { pad($0, indexWidth, leftAligned: true) }]
            for (k, c) in columns.enumerated() {
                var cells = self.cells(c)
                if truncatedRows { cells.insert("...", at: minRows / 2) }
                // pandas gives numeric column headers a leading space, as their cells have one for the sign.
                let header = (c.type.isNumeric ? " " : "") + c.name
                let w = max(measure(header), cells.map(measure).max() ?? 0)
                out.append(([header] + cells).map { pad($0, w) })
                if k + 1 == dotsAfter {
                    out.append((["..."] + cells.map { _ in "..." }).map { pad($0, 3) })
                }
            }
            return out
        }
        var columns = view.columns
        var lines = adjoin(strcols(columns, dotsAfter: nil))
        var truncatedColumns = false
        if (lines.map(\.count).max() ?? 0) > width {
            // pandas' _fit_strcols_to_terminal_width: drop middle columns until the rest fits.
            var lengths = strcols(columns, dotsAfter: nil).map { $0.map(\.count).max() ?? 0 }
            var excess = (lines.map(\.count).max() ?? 0) - width + 1
            while excess > 0 && lengths.count > 1 {
                let middle = Int((Double(lengths.count) / 2).rounded(.toNearestOrEven))
                excess -= lengths[middle] + 1
                lengths.remove(at: middle)
            }
            let fitted = max(lengths.count - 1, 2)
            let half = fitted / 2
            if half >= 1 && half * 2 < columns.count {
                columns = Array(columns.prefix(half)) + Array(columns.suffix(half))
                truncatedColumns = true
            }
        }
        lines = adjoin(strcols(columns, dotsAfter: truncatedColumns ? columns.count / 2 : nil, measure: displayWidth))
        var text = lines.joined(separator: "\n")
        if truncatedRows || truncatedColumns {
            text += "\n\n[\(df.rowCount) rows x \(df.columns.count) columns]"
        }
        return text
    }

    /// Columns of equal-length cells side by side, one space apart.
    static func adjoin(_ columns: [[String]]) -> [String] {
        guard let rows = columns.first?.count else { return [] }
        return (0..<rows).map { r in columns.map { $0[r] }.joined(separator: " ") }
    }

    /// `print(series)`: labels, values, then the `Name: …, dtype: …` footer.
    public static func series(_ c: Column, index: [String], name: String?, indexName: String? = nil) -> String {
        let truncated = c.count > maxRows
        let shown = truncated ? Array(0..<(minRows / 2)) + Array((c.count - minRows / 2)..<c.count) : Array(0..<c.count)
        var labels = shown.map { index[$0] }
        var cells = FrameFormat.cells(c.rows(shown)).map { $0 }
        if c.type == .object || c.type == .category { cells = cells.map { String($0.dropFirst()) } }
        if truncated {
            labels.insert("..", at: minRows / 2)
            cells.insert("...", at: minRows / 2)
        }
        let lw = labels.map(displayWidth).max() ?? 0, vw = cells.map(displayWidth).max() ?? 0
        var lines: [String] = []
        if let indexName { lines.append(indexName) }
        for (l, v) in zip(labels, cells) {
            lines.append(left(l, lw) + "   " + right(v, vw))
        }
        var footer: [String] = []
        if let name { footer.append("Name: \(name)") }
        if truncated { footer.append("Length: \(c.count)") }
        footer.append("dtype: \(c.type.rawValue)")
        if c.type == .category {
            return
                (lines + [
                    footer.dropLast().joined(separator: ", ") + (footer.count > 1 ? ", " : "") + "dtype: category",
                    "Categories (\(c.categories.count), object): [\(c.categories.joined(separator: ", "))]",
                ]).joined(separator: "\n")
        }
        return (lines + [footer.joined(separator: ", ")]).joined(separator: "\n")
    }

    /// `Index([...], dtype='object')`, wrapped at the display width as pandas wraps it.
    public static func index(_ names: [String]) -> String {
        let items = names.map { "'" + $0 + "'" }
        let space2 = "\n" + String(repeating: " ", count: 7)
        var summary: String
        switch items.count {
        case 0: summary = "[], "
        case 1: summary = "[\(items[0])], "
        case 2: summary = "[\(items[0]), \(items[1])], "
        default:
            var s = "", line = space2
            func extend(_ value: String, _ limit: Int) {
                if rstripCount(line) + rstripCount(value) >= limit {
                    s += String(line.dropLast(line.count - rstripCount(line)))
                    line = space2
                }
                line += value
            }
            for item in items.dropLast() { extend(item + ", ", width) }
            extend(items[items.count - 1], width - 2)
            s += line + "],"
            s += s.count > width ? "\n" + String(repeating: " ", count: 6) : " "
            summary = "[" + s.dropFirst(space2.count)
        }
        return "Index(" + summary + "dtype='object')"
    }

    static func rstripCount(_ s: String) -> Int {
        var t = Substring(s)
        while t.last == " " { t = t.dropLast() }
        return t.count
    }
}
