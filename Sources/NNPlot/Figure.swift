/// A colour as 8-bit red, green and blue.
public struct RGB: Equatable, Sendable {
    public var r, g, b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// `#1f77b4` or `1f77b4`.
    public init?(hex: String) {
        let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        guard digits.count == 6, let v = UInt32(digits, radix: 16) else { return nil }
        self.init(UInt8(v >> 16), UInt8((v >> 8) & 0xff), UInt8(v & 0xff))
    }

    public var hex: String {
        "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// matplotlib's default colour cycle (Tableau 10): C0 … C9.
    public static let cycle: [RGB] = [
        "1f77b4", "ff7f0e", "2ca02c", "d62728", "9467bd",
        "8c564b", "e377c2", "7f7f7f", "bcbd22", "17becf",
    ].map { RGB(hex: $0)! }

    /// The one-letter colours of format strings and `color=`.
    public static let named: [String: RGB] = [
        "b": RGB(0, 0, 255), "g": RGB(0, 128, 0), "r": RGB(255, 0, 0), "c": RGB(0, 191, 191),
        "m": RGB(191, 0, 191), "y": RGB(191, 191, 0), "k": RGB(0, 0, 0), "w": RGB(255, 255, 255),
        "blue": RGB(0, 0, 255), "green": RGB(0, 128, 0), "red": RGB(255, 0, 0), "cyan": RGB(0, 255, 255),
        "magenta": RGB(255, 0, 255), "yellow": RGB(255, 255, 0), "black": RGB(0, 0, 0), "white": RGB(255, 255, 255),
        "orange": RGB(255, 165, 0), "purple": RGB(128, 0, 128), "gray": RGB(128, 128, 128), "grey": RGB(128, 128, 128),
        "brown": RGB(165, 42, 42), "pink": RGB(255, 192, 203),
    ]

    /// A colour by name, `#rrggbb`, or `C0`…`C9`.
    public static func parse(_ text: String) -> RGB? {
        if let c = named[text.lowercased()] { return c }
        if text.count == 2, text.first == "C", let i = Int(text.dropFirst()) { return cycle[i % cycle.count] }
        if let tab = text.hasPrefix("tab:") ? text.dropFirst(4) : nil {
            let names = ["blue", "orange", "green", "red", "purple", "brown", "pink", "gray", "olive", "cyan"]
            if let i = names.firstIndex(of: String(tab)) { return cycle[i] }
        }
        return RGB(hex: text)
    }
}

public enum LineStyle: String, Sendable {
    case solid = "-", dashed = "--", dotted = ":", dashDot = "-.", none = ""

    /// On and off lengths in multiples of the line width, as matplotlib's rcParams give them.
    var dashes: [Double]? {
        switch self {
        case .solid, .none: return nil
        case .dashed: return [3.7, 1.6]
        case .dotted: return [1, 1.65]
        case .dashDot: return [6.4, 1.6, 1, 1.6]
        }
    }
}

public enum Marker: Character, Sendable {
    case circle = "o", point = ".", pixel = ",", cross = "x", plus = "+", star = "*", square = "s",
        triangle = "^", diamond = "D"
}

/// One plotted series: a line (with optional markers) or a scatter of points.
public final class Series {
    public enum Kind: Sendable { case line, scatter }

    public let kind: Kind
    public let x: [Double]
    public let y: [Double]
    public var color: RGB
    public var label: String?
    public var lineStyle: LineStyle
    public var marker: Marker?
    /// In points (1/72 inch).
    public var lineWidth = 1.5
    /// The marker's diameter in points.
    public var markerSize = 6.0

    public init(
        kind: Kind, x: [Double], y: [Double], color: RGB, label: String? = nil,
        lineStyle: LineStyle = .solid, marker: Marker? = nil
    ) {
        self.kind = kind
        self.x = x
        self.y = y
        self.color = color
        self.label = label
        self.lineStyle = kind == .scatter ? .none : lineStyle
        self.marker = kind == .scatter ? (marker ?? .circle) : marker
    }

    /// The points that can be drawn (both coordinates finite).
    var finitePoints: [(Double, Double)] {
        zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
    }
}

/// One set of axes: its series, images and bars, labels, ticks, limits and place in the figure's grid
/// of subplots.
public final class Axes {
    public var series: [Series] = []
    public var images: [AxesImage] = []
    public var bars: [Bar] = []
    public var title: String?
    public var xlabel: String?
    public var ylabel: String?
    public var xlabelColor = RGB(0, 0, 0), ylabelColor = RGB(0, 0, 0), titleColor = RGB(0, 0, 0)
    public var showsLegend = false
    public var showsGrid = false
    public var xlim: (Double, Double)?
    public var ylim: (Double, Double)?
    /// Ticks set by `xticks` / `yticks`: positions with labels (nil: computed); an empty list hides them.
    public var xticks: [(Double, String?)]?
    public var yticks: [(Double, String?)]?
    /// Degrees anticlockwise that the x tick labels turn (`xticks(rotation=45)`).
    public var xtickRotation = 0.0
    /// One data unit as long across as up (imshow's aspect='equal'): the box shrinks to fit, centred.
    public var equalAspect = false
    /// False after `axis('off')`: no frame, ticks or axis labels.
    public var axisOn = true
    /// The image a colorbar beside the axes shows (`colorbar()`).
    public var colorbar: AxesImage?
    /// The subplot grid and this axes' 1-based place in it, counted along rows.
    public let rows: Int, columns: Int, index: Int
    private var nextColor = 0

    public init(rows: Int = 1, columns: Int = 1, index: Int = 1) {
        self.rows = rows
        self.columns = columns
        self.index = index
    }

    /// The next colour of the default cycle.
    public func takeColor() -> RGB {
        defer { nextColor += 1 }
        return RGB.cycle[nextColor % RGB.cycle.count]
    }

    /// The x view limits: those set, else the data's range widened by 5% each side (matplotlib's
    /// margins), except past a sticky edge (an image's border, a bar's base) the data reaches.
    public var xLimits: (Double, Double) {
        if let xlim { return Axes.usable(xlim) }
        let values = series.flatMap { $0.finitePoints.map(\.0) } + bars.flatMap { [$0.xRange.0, $0.xRange.1] }
        let sticky = images.flatMap { [$0.xExtent.0, $0.xExtent.1] }
        return Axes.autoLimits(values + sticky, sticky: sticky)
    }
    public var yLimits: (Double, Double) {
        if let ylim { return Axes.usable(ylim) }
        let values = series.flatMap { $0.finitePoints.map(\.1) } + bars.flatMap { [$0.yRange.0, $0.yRange.1] }
        let sticky = images.flatMap { [$0.yExtent.0, $0.yExtent.1] } + bars.map(\.bottom)
        let limits = Axes.autoLimits(values + images.flatMap { [$0.yExtent.0, $0.yExtent.1] }, sticky: sticky)
        // An image's first row is at the top, as imshow's origin='upper' turns the y axis.
        return images.isEmpty ? limits : (limits.1, limits.0)
    }

    /// Limits given by the user, widened when empty (as matplotlib does, with a warning); a
    /// reversed pair stays reversed, so the axis runs the other way.
    static func usable(_ limits: (Double, Double)) -> (Double, Double) {
        let (a, b) = Ticks.nonsingular(clamped(limits.0), clamped(limits.1))
        return limits.0 <= limits.1 ? (a, b) : (b, a)
    }

    static func autoLimits(_ values: [Double], sticky: [Double] = []) -> (Double, Double) {
        guard let lo = values.min(), let hi = values.max() else { return (0, 1) }
        let (a, b) = Ticks.nonsingular(clamped(lo), clamped(hi))
        let margin = (b - a) * 0.05
        // A margin stops at a sticky edge that the data reaches.
        let low = sticky.contains(a) ? a : a - margin, high = sticky.contains(b) ? b : b + margin
        return (low, high)
    }

    /// Limits stay within ±1e300, so the span between them (and the margins) is a finite number.
    static func clamped(_ v: Double) -> Double { max(-1e300, min(1e300, v)) }
}

/// A figure: its size and its axes.
public final class Figure {
    /// In inches, as `figsize=`.
    public var width: Double
    public var height: Double
    public var dpi: Double
    public private(set) var axes: [Axes] = []
    /// `tight_layout()`: the subplots' margins fitted to their labels instead of matplotlib's defaults.
    public var tightLayout = false
    /// The axes plotting functions draw on.
    public private(set) var current: Axes?
    /// The number `plt.figure()` and the repr show.
    public let number: Int

    public init(number: Int, width: Double = 6.4, height: Double = 4.8, dpi: Double = 100) {
        self.number = number
        self.width = width
        self.height = height
        self.dpi = dpi
    }

    /// The current axes, made (as one subplot filling the figure) when there is none.
    public func currentAxes() -> Axes {
        if let current { return current }
        return subplot(rows: 1, columns: 1, index: 1)
    }

    /// `subplot(r, c, i)`: the axes at that place, made when new; it becomes current.
    @discardableResult
    public func subplot(rows: Int, columns: Int, index: Int) -> Axes {
        if let existing = axes.first(where: { $0.rows == rows && $0.columns == columns && $0.index == index }) {
            current = existing
            return existing
        }
        let made = Axes(rows: rows, columns: columns, index: index)
        axes.append(made)
        current = made
        return made
    }

    /// How wide text is drawn at `size` pixels per em (the labels' layout measures with it).
    public func textWidth(_ text: String, size: Double) -> Double { FigureDrawing.textWidth(text, size: size) }

    /// `clf()`: removes every axes.
    public func clear() {
        axes = []
        current = nil
    }
}
