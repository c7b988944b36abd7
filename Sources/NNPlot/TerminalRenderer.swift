import NNFloatText

/// Draws a figure as text: each axes framed with box-drawing characters, its series in Unicode
/// braille (2 × 4 dots a character), tick labels, axis labels, title and legend, optionally
/// coloured with the 256-colour ANSI codes.
public enum TerminalRenderer {
    /// One character of the picture and its colour.
    struct Cell {
        var character: Character = " "
        var color: RGB? = nil
        /// An image's cell: its two halves' exact colours (24-bit), the lower one as the background.
        var background: RGB? = nil
    }

    /// The figure in `columns` characters; its height keeps the figure's proportions (a character
    /// being about twice as tall as wide), at most `maxRows` lines.
    public static func render(_ figure: Figure, columns: Int, maxRows: Int = 60, color: Bool) -> String {
        let width = max(columns, 20)
        let proportion = figure.height / figure.width
        let height = max(
            8, min(maxRows, proportion.isFinite ? Int(min(1000, Double(width) * proportion / 2).rounded()) : 8))
        var grid = [[Cell]](repeating: [Cell](repeating: Cell(), count: width), count: height)
        for axes in figure.axes {
            let row = (axes.index - 1) / axes.columns, column = (axes.index - 1) % axes.columns
            let x0 = width * column / axes.columns, x1 = width * (column + 1) / axes.columns
            let y0 = height * row / axes.rows, y1 = height * (row + 1) / axes.rows
            let part = AxesPicture(axes, width: x1 - x0 - (column + 1 < axes.columns ? 1 : 0), height: y1 - y0).cells
            for (r, line) in part.enumerated() where y0 + r < height {
                for (c, cell) in line.enumerated() where x0 + c < width { grid[y0 + r][x0 + c] = cell }
            }
        }
        return text(grid, color: color)
    }

    /// The cells as lines, trailing spaces trimmed, colours as ANSI escapes when wanted.
    static func text(_ grid: [[Cell]], color: Bool) -> String {
        var out = ""
        for line in grid {
            var end = line.count
            while end > 0 && line[end - 1].character == " " { end -= 1 }
            var current: (RGB?, RGB?) = (nil, nil)
            for cell in line[..<end] where cell.character != "\u{0}" {
                if color && (cell.color != current.0 || cell.background != current.1) {
                    if let fg = cell.color, let bg = cell.background {
                        out += "\u{1b}[38;2;\(fg.r);\(fg.g);\(fg.b)m\u{1b}[48;2;\(bg.r);\(bg.g);\(bg.b)m"
                    } else {
                        if current.1 != nil { out += "\u{1b}[0m" }
                        out += cell.color.map { "\u{1b}[38;5;\(ansi256($0))m" } ?? "\u{1b}[0m"
                    }
                    current = (cell.color, cell.background)
                }
                out.append(color || cell.background == nil ? cell.character : shade(cell))
            }
            if color && (current.0 != nil || current.1 != nil) { out += "\u{1b}[0m" }
            out += "\n"
        }
        return out
    }

    /// An image's cell without colour: a shade as dense as its two halves are dark, on average.
    static func shade(_ cell: Cell) -> Character {
        func darkness(_ c: RGB?) -> Double {
            guard let c else { return 0 }
            return 1 - (0.299 * Double(c.r) + 0.587 * Double(c.g) + 0.114 * Double(c.b)) / 255
        }
        let d = (darkness(cell.color) + darkness(cell.background)) / 2
        return [" ", "░", "▒", "▓", "█"][min(4, Int(d * 5))]
    }

    /// The nearest colour of the xterm 256-colour cube, whose levels are 0, 95, 135, 175, 215, 255.
    static func ansi256(_ c: RGB) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func level(_ v: UInt8) -> Int {
            levels.indices.min { abs(levels[$0] - Int(v)) < abs(levels[$1] - Int(v)) } ?? 0
        }
        return 16 + 36 * level(c.r) + 6 * level(c.g) + level(c.b)
    }

    /// Terminal columns a string takes: East Asian wide characters take two.
    static func displayWidth(_ s: String) -> Int { TerminalWidth.of(s) }
}

/// One axes drawn into a block of cells.
struct AxesPicture {
    typealias Cell = TerminalRenderer.Cell
    static let frameColor: RGB? = nil
    static let gridColor = RGB(176, 176, 176)

    var cells: [[Cell]]
    let width: Int, height: Int

    init(_ axes: Axes, width: Int, height: Int) {
        self.width = width
        self.height = height
        cells = [[Cell]](repeating: [Cell](repeating: Cell(), count: max(width, 0)), count: max(height, 0))
        draw(axes)
    }

    mutating func put(_ text: String, row: Int, column: Int, color: RGB? = nil) {
        guard row >= 0 && row < height else { return }
        var c = column
        for ch in text {
            let wide = ch.unicodeScalars.first.map(TerminalWidth.isWide) ?? false
            if c >= 0 && c + (wide ? 1 : 0) < width {
                cells[row][c] = Cell(character: ch, color: color)
                // The column a wide character also covers holds nothing of its own.
                if wide { cells[row][c + 1] = Cell(character: "\u{0}", color: color) }
            }
            c += wide ? 2 : 1
        }
    }

    mutating func center(_ text: String, row: Int, from left: Int, to right: Int, color: RGB? = nil) {
        let w = TerminalRenderer.displayWidth(text)
        // Black is the terminal's own text colour.
        put(text, row: row, column: max(0, left + (right - left - w) / 2), color: color == RGB(0, 0, 0) ? nil : color)
    }

    mutating func draw(_ axes: Axes) {
        let top = (axes.title == nil ? 0 : 1) + (axes.ylabel == nil ? 0 : 1)
        let bottom = 2 + (axes.xlabel == nil ? 0 : 1)
        // Rows inside the frame, between its top and bottom lines.
        var innerRows = height - top - bottom - 1
        guard innerRows >= 2 else { return }
        let (x0, x1) = axes.xLimits, (y0, y1) = axes.yLimits
        // axis('off') hides the frame, the ticks and the axis labels.
        let yTicked = axes.axisOn ? FigureDrawing.ticks(axes.yticks, y0, y1, bins: max(1, min(9, innerRows / 3))) : []
        let yTicks = yTicked.map(\.0), yLabels = yTicked.map(\.1)
        let yMultiplier = axes.yticks == nil ? Ticks.labels(yTicks).1 : nil
        let labelWidth = max(
            yLabels.map(TerminalRenderer.displayWidth).max() ?? 0, yMultiplier.map(TerminalRenderer.displayWidth) ?? 0)
        let left = labelWidth + 1
        var innerColumns = width - left - 1
        guard innerColumns >= 4 else { return }
        if axes.equalAspect {
            // A character is about twice as tall as wide: each holds two square image pixels, one above the other.
            let ratio = abs(x1 - x0) / abs(y1 - y0)
            if Double(innerColumns) > ratio * Double(innerRows * 2) {
                innerColumns = max(2, Int((ratio * Double(innerRows * 2)).rounded()))
            } else {
                innerRows = max(2, Int((Double(innerColumns) / ratio / 2).rounded()))
            }
        }

        // The x ticks: as many as fit with a space between neighbouring labels.
        var bins = max(1, min(9, innerColumns / 8))
        var xTicks: [Double] = [], xLabels: [String] = [], xMultiplier: String?
        while true {
            let ticked = axes.axisOn ? FigureDrawing.ticks(axes.xticks, x0, x1, bins: bins) : []
            (xTicks, xLabels) = (ticked.map(\.0), ticked.map(\.1))
            xMultiplier = axes.xticks == nil ? Ticks.labels(xTicks).1 : nil
            let widest = xLabels.map(TerminalRenderer.displayWidth).max() ?? 0
            let spacing =
                xTicks.count > 1
                ? Double(innerColumns) * abs(xTicks[1] - xTicks[0]) / abs(x1 - x0) : Double(innerColumns)
            if bins == 1 || axes.xticks != nil || spacing >= Double(widest + 1) { break }
            bins -= 1
        }

        var canvas = Braille(columns: innerColumns, rows: innerRows)
        func dotX(_ x: Double) -> Double { (x - x0) / (x1 - x0) * Double(innerColumns * 2 - 1) }
        func dotY(_ y: Double) -> Double { (y1 - y) / (y1 - y0) * Double(innerRows * 4 - 1) }
        if axes.showsGrid {
            // Every fourth dot: light enough for the series to stand out.
            for t in xTicks {
                canvas.line(
                    dotX(t), 0, dotX(t), Double(innerRows * 4 - 1), color: AxesPicture.gridColor, pattern: [1, 3])
            }
            for t in yTicks {
                canvas.line(
                    0, dotY(t), Double(innerColumns * 2 - 1), dotY(t), color: AxesPicture.gridColor, pattern: [1, 3])
            }
        }
        var markers: [(Int, Int, Character, RGB)] = []
        for series in axes.series {
            let points = series.finitePoints.map { (dotX($0.0), dotY($0.1)) }
            if series.lineStyle != .none {
                let pattern = series.lineStyle.dashes.map { $0.map { max(1, Int(($0 * 1.5).rounded())) } }
                for (a, b) in zip(points, points.dropFirst()) {
                    canvas.line(a.0, a.1, b.0, b.1, color: series.color, pattern: pattern)
                }
                if points.count == 1 {
                    canvas.line(points[0].0, points[0].1, points[0].0, points[0].1, color: series.color, pattern: nil)
                }
            }
            if let marker = series.marker {
                for (x, y) in points
                where x >= -0.5 && y >= -0.5 && x < Double(innerColumns * 2) - 0.5 && y < Double(innerRows * 4) - 0.5 {
                    markers.append(
                        (Int(y.rounded()) / 4, Int(x.rounded()) / 2, AxesPicture.symbol(marker), series.color))
                }
            }
        }

        // The frame with its tick marks.
        let frameTop = top, frameBottom = top + innerRows + 1, right = left + innerColumns
        if axes.axisOn {
            put("┌" + String(repeating: "─", count: innerColumns) + "┐", row: frameTop, column: left - 1 + 0)
            put("└" + String(repeating: "─", count: innerColumns) + "┘", row: frameBottom, column: left - 1 + 0)
            for r in (frameTop + 1)..<frameBottom {
                put("│", row: r, column: left - 1)
                put("│", row: r, column: right)
            }
        }
        paint(
            axes.images, axes.bars, top: frameTop + 1, left: left, rows: innerRows, columns: innerColumns,
            x: (x0, x1), y: (y0, y1))
        // Braille and markers inside the frame.
        for r in 0..<innerRows {
            for c in 0..<innerColumns where canvas.bits[r][c] != 0 {
                cells[frameTop + 1 + r][left + c] = Cell(
                    character: Character(Unicode.Scalar(0x2800 + UInt32(canvas.bits[r][c]))!),
                    color: canvas.colors[r][c])
            }
        }
        for (r, c, symbol, color) in markers {
            cells[frameTop + 1 + r][left + c] = Cell(character: symbol, color: color)
        }

        for (tick, label) in zip(yTicks, yLabels) {
            let r = frameTop + 1 + Int(dotY(tick).rounded()) / 4
            put("┤", row: r, column: left - 1)
            put(label, row: r, column: left - 1 - TerminalRenderer.displayWidth(label))
        }
        if let yMultiplier { put(yMultiplier, row: frameTop, column: 0) }
        for (tick, label) in zip(xTicks, xLabels) {
            let c = left + Int(dotX(tick).rounded()) / 2
            put("┬", row: frameBottom, column: c)
            let w = TerminalRenderer.displayWidth(label)
            put(label, row: frameBottom + 1, column: min(max(0, c - w / 2), width - w))
        }
        if let xMultiplier {
            put(xMultiplier, row: frameBottom + 1, column: width - TerminalRenderer.displayWidth(xMultiplier))
        }

        if let title = axes.title { center(title, row: 0, from: left, to: right + 1) }
        if let ylabel = axes.ylabel, axes.axisOn { put(ylabel, row: top - 1, column: 0) }
        if let xlabel = axes.xlabel, axes.axisOn {
            center(
                xlabel, row: frameBottom + (xTicks.isEmpty ? 1 : 2), from: left, to: right + 1, color: axes.xlabelColor)
        }

        if axes.showsLegend {
            let entries = axes.series.compactMap { s in s.label.map { (s, $0) } }.filter { !$0.1.hasPrefix("_") }
            let entryWidth = (entries.map { TerminalRenderer.displayWidth($0.1) }.max() ?? 0) + 3
            let shown = min(entries.count, innerRows)
            // matplotlib's loc='best', over the four corners: the one covering the fewest drawn dots.
            let corners = [
                (top: true, right: true), (top: true, right: false), (top: false, right: false),
                (top: false, right: true),
            ]
            func covered(_ corner: (top: Bool, right: Bool)) -> Int {
                let rows = corner.top ? 0..<shown : (innerRows - shown)..<innerRows
                let columns =
                    corner.right
                    ? max(0, innerColumns - entryWidth - 2)..<innerColumns : 0..<min(innerColumns, entryWidth + 2)
                return rows.reduce(0) { sum, r in sum + columns.filter { canvas.bits[r][$0] != 0 }.count }
                    + markers.filter { rows.contains($0.0) && columns.contains($0.1) }.count
            }
            let corner = corners.map { ($0, covered($0)) }.min { $0.1 < $1.1 }?.0 ?? corners[0]
            let column = corner.right ? right - entryWidth - 1 : left + 1
            for (i, (series, label)) in entries.prefix(shown).enumerated() {
                let key = series.lineStyle == .none ? String(AxesPicture.symbol(series.marker ?? .circle)) + " " : "──"
                let row = frameTop + 1 + (corner.top ? i : innerRows - shown + i)
                // A blank margin of one column around the entries.
                put(String(repeating: " ", count: entryWidth + 2), row: row, column: column - 1)
                put(key, row: row, column: column, color: series.color)
                put(label, row: row, column: column + 3)
            }
        }
    }

    static func symbol(_ marker: Marker) -> Character {
        switch marker {
        case .circle, .point, .pixel: return "•"
        case .cross: return "×"
        case .plus: return "+"
        case .star: return "*"
        case .square: return "■"
        case .triangle: return "▲"
        case .diamond: return "◆"
        }
    }
}

/// A grid of braille characters, addressed by dot: 2 dots across and 4 down a character.
struct Braille {
    let columns: Int, rows: Int
    var bits: [[UInt8]]
    var colors: [[RGB?]]

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        bits = [[UInt8]](repeating: [UInt8](repeating: 0, count: columns), count: rows)
        colors = [[RGB?]](repeating: [RGB?](repeating: nil, count: columns), count: rows)
    }

    /// The bit of each dot in a character (Unicode's braille dot numbering).
    static let dotBits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    mutating func set(_ x: Int, _ y: Int, color: RGB) {
        guard x >= 0 && y >= 0 && x < columns * 2 && y < rows * 4 else { return }
        bits[y / 4][x / 2] |= Braille.dotBits[y % 4][x % 2]
        colors[y / 4][x / 2] = color
    }

    /// A straight line between two dots, clipped to the grid; `pattern` gives on/off run lengths.
    mutating func line(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, color: RGB, pattern: [Int]?) {
        guard let (p, q) = clip(ax, ay, bx, by) else { return }
        let x0 = Int(p.0.rounded()), y0 = Int(p.1.rounded()), x1 = Int(q.0.rounded()), y1 = Int(q.1.rounded())
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy, x = x0, y = y0, step = 0
        let period = pattern?.reduce(0, +) ?? 0
        while true {
            if let pattern, period > 0 {
                var at = step % period, on = true
                for run in pattern {
                    if at < run { break }
                    at -= run
                    on.toggle()
                }
                if on { set(x, y, color: color) }
            } else {
                set(x, y, color: color)
            }
            step += 1
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// The segment cut to the grid's dots (so far-away points cost nothing).
    func clip(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) -> ((Double, Double), (Double, Double))? {
        Box(x: -0.5, y: -0.5, width: Double(columns * 2), height: Double(rows * 4)).clip((ax, ay), (bx, by))
    }
}
