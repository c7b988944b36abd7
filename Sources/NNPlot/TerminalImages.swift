/// Images and bars in the terminal: an image in half-block characters (the upper half in the
/// foreground colour, the lower in the background), bars in block characters eighths tall.
extension AxesPicture {
    mutating func paint(
        _ images: [AxesImage], _ bars: [Bar], top: Int, left: Int, rows: Int, columns: Int,
        x: (Double, Double), y: (Double, Double)
    ) {
        // The data coordinates at the centre of column c, and of half-row h (two halves a row).
        func dataX(_ c: Int) -> Double { x.0 + (Double(c) + 0.5) / Double(columns) * (x.1 - x.0) }
        func dataY(_ h: Int) -> Double { y.1 - (Double(h) + 0.5) / Double(rows * 2) * (y.1 - y.0) }
        for image in images {
            func pixel(_ dx: Double, _ dy: Double) -> RGB? {
                let (l, r) = image.xExtent, (b, t) = image.yExtent
                let column = Int(((dx - l) / (r - l) * Double(image.columns)).rounded(.down))
                let row = Int(((dy - t) / (b - t) * Double(image.rows)).rounded(.down))
                guard column >= 0, column < image.columns, row >= 0, row < image.rows else { return nil }
                return image.pixels[row * image.columns + column]
            }
            for r in 0..<rows {
                for c in 0..<columns {
                    guard let upper = pixel(dataX(c), dataY(2 * r)), let lower = pixel(dataX(c), dataY(2 * r + 1))
                    else { continue }
                    cells[top + r][left + c] = Cell(character: "▀", color: upper, background: lower)
                }
            }
        }
        let eighths: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        for bar in bars where [bar.x, bar.width, bar.bottom, bar.height].allSatisfy(\.isFinite) {
            let (l, r) = bar.xRange, (b, t) = bar.yRange
            // Rows counted up from the frame's bottom, in eighths of a row.
            func level(_ v: Double) -> Int {
                Int(max(-1, min(Double(rows * 8 + 1), ((v - y.0) / (y.1 - y.0) * Double(rows * 8)).rounded())))
            }
            let low = max(0, level(b)), high = min(rows * 8, level(t))
            guard high > low else { continue }
            for c in 0..<columns {
                let centre = dataX(c)
                guard centre >= min(l, r) && centre <= max(l, r) else { continue }
                for step in stride(from: low / 8 * 8, to: high, by: 8) {
                    let filled = min(8, high - step) - max(0, low - step)
                    guard filled > 0 else { continue }
                    let row = top + rows - 1 - step / 8
                    cells[row][left + c] = Cell(character: eighths[filled - 1], color: bar.color)
                }
            }
        }
    }
}
