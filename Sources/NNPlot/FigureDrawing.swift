/// Where a text's anchor point sits on it.
public enum TextAnchor: Sendable {
    case left, center, right
}

public enum TextBaseline: Sendable {
    /// The anchor is at the top of capital letters, on the baseline, or halfway up the capitals.
    case top, baseline, middle
}

/// A rectangle in the drawing's units (pixels, y growing downwards).
public struct Box: Sendable {
    public var x, y, width, height: Double

    /// The part of the segment from a to b inside the box (Liang–Barsky), nil when none is.
    func clip(_ a: (Double, Double), _ b: (Double, Double)) -> ((Double, Double), (Double, Double))? {
        guard a.0.isFinite && a.1.isFinite && b.0.isFinite && b.1.isFinite else { return nil }
        var t0 = 0.0, t1 = 1.0
        let dx = b.0 - a.0, dy = b.1 - a.1
        for (p, q) in [(-dx, a.0 - x), (dx, x + width - a.0), (-dy, a.1 - y), (dy, y + height - a.1)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
                if t0 > t1 { return nil }
            }
        }
        return ((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy))
    }
}

/// What a renderer to pixels or to vector shapes provides; FigureDrawing decides what goes where.
protocol Painter {
    /// Later lines and markers are cut at this box (nil: none).
    mutating func clip(to box: Box?)
    mutating func polyline(_ points: [(Double, Double)], width: Double, color: RGB, dashes: [Double]?)
    mutating func marker(_ marker: Marker, at point: (Double, Double), size: Double, color: RGB)
    mutating func rectangle(_ box: Box, fill: RGB?, stroke: RGB?, lineWidth: Double)
    /// Text `size` units tall (the font size), horizontal or turned a quarter turn anticlockwise.
    mutating func text(
        _ text: String, at point: (Double, Double), size: Double, anchor: TextAnchor,
        baseline: TextBaseline, rotated: Bool, color: RGB)
}

/// The figure laid out as matplotlib lays it out by default: subplot margins, outward ticks,
/// 10-point tick and axis labels, a 12-point title, the legend in the upper right.
struct FigureDrawing {
    let figure: Figure
    /// Drawing units per point (1/72 inch): dpi / 72 for pixels, 1 for SVG's points.
    let scale: Double

    var width: Double { figure.width * 72 * scale }
    var height: Double { figure.height * 72 * scale }

    static let black = RGB(0, 0, 0)
    static let white = RGB(255, 255, 255)
    static let gridColor = RGB(176, 176, 176)
    static let legendEdge = RGB(204, 204, 204)

    func draw<P: Painter>(on painter: inout P) {
        painter.rectangle(
            Box(x: 0, y: 0, width: width, height: height), fill: FigureDrawing.white, stroke: nil, lineWidth: 0)
        for axes in figure.axes { draw(axes, in: place(axes), on: &painter) }
    }

    /// The axes' box: matplotlib's subplot parameters (left 0.125, right 0.9, bottom 0.11, top 0.88,
    /// 0.2 of a subplot's size between subplots).
    func place(_ axes: Axes) -> Box {
        let left = 0.125, right = 0.9, bottom = 0.11, top = 0.88, gap = 0.2
        let cols = Double(axes.columns), rows = Double(axes.rows)
        let w = (right - left) / (cols + gap * (cols - 1)), h = (top - bottom) / (rows + gap * (rows - 1))
        let column = Double((axes.index - 1) % axes.columns), row = Double((axes.index - 1) / axes.columns)
        return Box(
            x: (left + column * w * (1 + gap)) * width, y: (1 - top + row * h * (1 + gap)) * height,
            width: w * width, height: h * height)
    }

    /// How many tick intervals fit along an axis: its length over three label heights across, two up.
    static func bins(length: Double, fontSize: Double, across: Bool) -> Int {
        max(1, min(9, Int(length / (fontSize * (across ? 3 : 2)))))
    }

    /// The width of text in the font FigureDrawing sizes labels with (0.6 em a character).
    static func textWidth(_ text: String, size: Double) -> Double { Double(text.count) * 0.6 * size }

    func draw<P: Painter>(_ axes: Axes, in box: Box, on painter: inout P) {
        let pt = scale, fontSize = 10 * pt
        let (x0, x1) = axes.xLimits, (y0, y1) = axes.yLimits
        func px(_ x: Double) -> Double { box.x + (x - x0) / (x1 - x0) * box.width }
        func py(_ y: Double) -> Double { box.y + (y1 - y) / (y1 - y0) * box.height }
        let xTicks = Ticks.locate(
            min(x0, x1), max(x0, x1), bins: FigureDrawing.bins(length: box.width, fontSize: fontSize, across: true))
        let yTicks = Ticks.locate(
            min(y0, y1), max(y0, y1), bins: FigureDrawing.bins(length: box.height, fontSize: fontSize, across: false))

        if axes.showsGrid {
            for t in xTicks {
                painter.polyline(
                    [(px(t), box.y), (px(t), box.y + box.height)], width: 0.8 * pt, color: FigureDrawing.gridColor,
                    dashes: nil)
            }
            for t in yTicks {
                painter.polyline(
                    [(box.x, py(t)), (box.x + box.width, py(t))], width: 0.8 * pt, color: FigureDrawing.gridColor,
                    dashes: nil)
            }
        }
        // Each series' points in the drawing's units, for the series and for placing the legend.
        let paths = axes.series.map { series in series.finitePoints.map { (px($0.0), py($0.1)) } }
        painter.clip(to: box)
        for (series, points) in zip(axes.series, paths) {
            if series.lineStyle != .none && points.count > 1 {
                painter.polyline(
                    points, width: series.lineWidth * pt, color: series.color,
                    dashes: series.lineStyle.dashes?.map { $0 * series.lineWidth * pt })
            }
            if let marker = series.marker {
                for p in points { painter.marker(marker, at: p, size: series.markerSize * pt, color: series.color) }
            }
        }
        painter.clip(to: nil)
        painter.rectangle(box, fill: nil, stroke: FigureDrawing.black, lineWidth: 0.8 * pt)

        // Ticks point outwards, 3.5 points long; their labels sit 3.5 points beyond.
        let tickLength = 3.5 * pt, pad = 3.5 * pt
        let bottom = box.y + box.height
        let (xLabels, xMultiplier) = Ticks.labels(xTicks)
        for (t, label) in zip(xTicks, xLabels) {
            painter.polyline(
                [(px(t), bottom), (px(t), bottom + tickLength)], width: 0.8 * pt, color: FigureDrawing.black,
                dashes: nil)
            painter.text(
                label, at: (px(t), bottom + tickLength + pad), size: fontSize, anchor: .center, baseline: .top,
                rotated: false, color: FigureDrawing.black)
        }
        if let xMultiplier {
            painter.text(
                xMultiplier, at: (box.x + box.width, bottom + tickLength + pad + 1.6 * fontSize), size: fontSize,
                anchor: .right, baseline: .top, rotated: false, color: FigureDrawing.black)
        }
        let (yLabels, yMultiplier) = Ticks.labels(yTicks)
        for (t, label) in zip(yTicks, yLabels) {
            painter.polyline(
                [(box.x - tickLength, py(t)), (box.x, py(t))], width: 0.8 * pt, color: FigureDrawing.black, dashes: nil)
            painter.text(
                label, at: (box.x - tickLength - pad, py(t)), size: fontSize, anchor: .right, baseline: .middle,
                rotated: false, color: FigureDrawing.black)
        }
        if let yMultiplier {
            painter.text(
                yMultiplier, at: (box.x, box.y - 4 * pt), size: fontSize, anchor: .left, baseline: .baseline,
                rotated: false, color: FigureDrawing.black)
        }
        if let xlabel = axes.xlabel {
            let top = bottom + tickLength + pad + 0.7 * fontSize + 4 * pt + (xMultiplier == nil ? 0 : 1.2 * fontSize)
            painter.text(
                xlabel, at: (box.x + box.width / 2, top), size: fontSize, anchor: .center, baseline: .top,
                rotated: false, color: FigureDrawing.black)
        }
        if let ylabel = axes.ylabel {
            let widest = yLabels.map { FigureDrawing.textWidth($0, size: fontSize) }.max() ?? 0
            let x = box.x - tickLength - pad - widest - 4 * pt
            painter.text(
                ylabel, at: (x, box.y + box.height / 2), size: fontSize, anchor: .center, baseline: .baseline,
                rotated: true, color: FigureDrawing.black)
        }
        if let title = axes.title {
            painter.text(
                title, at: (box.x + box.width / 2, box.y - 6 * pt), size: 12 * pt, anchor: .center, baseline: .baseline,
                rotated: false, color: FigureDrawing.black)
        }
        if axes.showsLegend { drawLegend(axes, paths: paths, in: box, on: &painter) }
    }

    /// The legend in the corner it hides least of: a framed box, each labelled series' line or marker
    /// and label. `paths` are the series' points in the drawing's units.
    func drawLegend<P: Painter>(_ axes: Axes, paths: [[(Double, Double)]], in box: Box, on painter: inout P) {
        let entries = axes.series.compactMap { s in s.label.map { (s, $0) } }.filter { !$0.1.hasPrefix("_") }
        guard !entries.isEmpty else { return }
        let pt = scale, fontSize = 10 * pt
        let handle = 2 * fontSize, gap = 0.8 * fontSize, rowHeight = 1.3 * fontSize, inset = 0.5 * fontSize
        let textWidth = entries.map { FigureDrawing.textWidth($0.1, size: fontSize) }.max() ?? 0
        let w = inset + handle + gap + textWidth + inset
        let h = inset + Double(entries.count) * rowHeight + inset * 0.5
        // matplotlib's loc='best', over the four corners: the one the fewest points and segments cross.
        let candidates = [
            (box.x + box.width - w - inset, box.y + inset), (box.x + inset, box.y + inset),
            (box.x + inset, box.y + box.height - h - inset),
            (box.x + box.width - w - inset, box.y + box.height - h - inset),
        ]
        .map { Box(x: $0.0, y: $0.1, width: w, height: h) }
        func badness(_ b: Box) -> Int {
            paths.reduce(0) { sum, points in
                sum
                    + points.filter { $0.0 >= b.x && $0.0 <= b.x + b.width && $0.1 >= b.y && $0.1 <= b.y + b.height }
                    .count
                    + zip(points, points.dropFirst()).filter { b.clip($0.0, $0.1) != nil }.count
            }
        }
        let frame = candidates.map { ($0, badness($0)) }.min { $0.1 < $1.1 }?.0 ?? candidates[0]
        painter.rectangle(frame, fill: FigureDrawing.white, stroke: FigureDrawing.legendEdge, lineWidth: 0.8 * pt)
        for (i, (series, label)) in entries.enumerated() {
            let y = frame.y + inset + (Double(i) + 0.5) * rowHeight
            let x = frame.x + inset
            if series.lineStyle != .none {
                painter.polyline(
                    [(x, y), (x + handle, y)], width: series.lineWidth * pt, color: series.color,
                    dashes: series.lineStyle.dashes?.map { $0 * series.lineWidth * pt })
            }
            if let marker = series.marker {
                painter.marker(marker, at: (x + handle / 2, y), size: series.markerSize * pt, color: series.color)
            }
            painter.text(
                label, at: (x + handle + gap, y), size: fontSize, anchor: .left, baseline: .middle, rotated: false,
                color: FigureDrawing.black)
        }
    }
}
