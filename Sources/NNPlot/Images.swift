/// A colormap: 256 colours that values from 0 to 1 map to, as matplotlib's `Colormap` with N = 256.
public struct Colormap: Sendable {
    public let name: String
    let colors: [RGB]

    /// A colormap by matplotlib's name; `_r` reverses one (`gray_r`, `binary_r`).
    public init?(named name: String) {
        let reversed = name.hasSuffix("_r")
        let base = reversed ? String(name.dropLast(2)) : name
        let alias = base == "grey" ? "gray" : base == "Grays" ? "Greys" : base
        guard let table = Colormap.tables[alias] else { return nil }
        let digits = Array(table.filter { !$0.isWhitespace }.utf8)
        var colors: [RGB] = []
        for i in stride(from: 0, to: digits.count - 5, by: 6) {
            colors.append(RGB(hex: String(decoding: digits[i..<i + 6], as: UTF8.self))!)
        }
        self.name = name
        self.colors = reversed ? colors.reversed() : colors
    }

    public static var names: [String] { tables.keys.sorted() }

    /// The colour of a value scaled to 0…1 (matplotlib's: index ⌊x·N⌋, clipped to the table).
    public func color(_ x: Double) -> RGB {
        guard x.isFinite else { return RGB(255, 255, 255) }
        return colors[max(0, min(colors.count - 1, Int((x * Double(colors.count)).rounded(.down))))]
    }
}

/// An image on axes (`imshow`): its pixels' colours, row 0 at the top, and the data rectangle it
/// covers (matplotlib's extent: each pixel one unit, centred on its index).
public final class AxesImage {
    public let rows: Int, columns: Int
    public let pixels: [RGB]
    /// For a colorbar: the colormap and the values its ends stand for (nil for RGB images).
    public let colormap: Colormap?
    public let range: (Double, Double)

    public init(rows: Int, columns: Int, pixels: [RGB], colormap: Colormap?, range: (Double, Double)) {
        precondition(pixels.count == rows * columns)
        self.rows = rows
        self.columns = columns
        self.pixels = pixels
        self.colormap = colormap
        self.range = range
    }

    /// Values mapped through a colormap between vmin and vmax (the data's extremes when not given).
    public convenience init(values: [Double], rows: Int, columns: Int, colormap: Colormap, vmin: Double?, vmax: Double?)
    {
        let finite = values.filter(\.isFinite)
        let low = vmin ?? finite.min() ?? 0, high = vmax ?? finite.max() ?? 1
        let pixels = values.map { v -> RGB in
            high > low ? colormap.color((v - low) / (high - low)) : colormap.color(0)
        }
        self.init(rows: rows, columns: columns, pixels: pixels, colormap: colormap, range: (low, high))
    }

    /// x from -0.5 to columns - 0.5; y from rows - 0.5 at the bottom to -0.5 at the top.
    public var xExtent: (Double, Double) { (-0.5, Double(columns) - 0.5) }
    public var yExtent: (Double, Double) { (Double(rows) - 0.5, -0.5) }
}

/// One bar of a bar chart or histogram: a rectangle from `bottom` to `bottom + height` around `x`.
public final class Bar {
    public var x: Double, width: Double, bottom: Double, height: Double
    public var color: RGB
    public var edgeColor: RGB?
    public var label: String?

    public init(x: Double, width: Double, bottom: Double, height: Double, color: RGB) {
        (self.x, self.width, self.bottom, self.height, self.color) = (x, width, bottom, height, color)
    }

    /// The rectangle's corners in data coordinates.
    var xRange: (Double, Double) { (x, x + width) }
    var yRange: (Double, Double) { (min(bottom, bottom + height), max(bottom, bottom + height)) }
}
