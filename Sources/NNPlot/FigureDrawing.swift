import Foundation

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
    /// An image's pixels stretched over a box (each pixel a flat rectangle, as matplotlib's nearest
    /// interpolation draws enlarged images); cut at the clip box.
    mutating func image(_ image: AxesImage, in box: Box)
    /// Text `size` units tall (the font size), turned `angle` degrees anticlockwise about its anchor.
    mutating func text(
        _ text: String, at point: (Double, Double), size: Double, anchor: TextAnchor,
        baseline: TextBaseline, angle: Double, color: RGB)
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
        var (left, right, bottom, top, gap) = (0.125, 0.9, 0.11, 0.88, 0.2)
        if figure.tightLayout { (left, right, bottom, top, gap) = tightMargins(axes) }
        let cols = Double(axes.columns), rows = Double(axes.rows)
        let w = (right - left) / (cols + gap * (cols - 1)), h = (top - bottom) / (rows + gap * (rows - 1))
        let column = Double((axes.index - 1) % axes.columns), row = Double((axes.index - 1) / axes.columns)
        return Box(
            x: (left + column * w * (1 + gap)) * width, y: (1 - top + row * h * (1 + gap)) * height,
            width: w * width, height: h * height)
    }

    /// `tight_layout`'s margins, worked out from what the subplots show outside their boxes: the
    /// widest y tick labels and a y label on the left, x tick labels and an x label below, a title
    /// above; with matplotlib's pad of 1.08 font sizes at the figure's edges and between subplots.
    func tightMargins(_ axes: Axes) -> (Double, Double, Double, Double, Double) {
        let pt = scale, fontSize = 10 * pt, pad = 1.08 * fontSize
        let all = figure.axes
        func hasTicks(_ a: Axes, x: Bool) -> Bool {
            a.axisOn && (x ? a.xticks : a.yticks).map { !$0.isEmpty } ?? a.axisOn
        }
        let leftSpace =
            all.map { a -> Double in
                let labels = hasTicks(a, x: false) ? 5 * 0.6 * fontSize + 7 * pt : 0
                return labels + (a.ylabel != nil && a.axisOn ? 1.2 * fontSize : 0)
            }.max() ?? 0
        let belowSpace =
            all.map { a -> Double in
                (hasTicks(a, x: true) ? 0.7 * fontSize + 7 * pt : 0)
                    + (a.xlabel != nil && a.axisOn ? 1.2 * fontSize + 4 * pt : 0)
            }.max() ?? 0
        let aboveSpace = all.map { $0.title != nil ? 1.2 * 12 * pt + 6 * pt : 0 }.max() ?? 0
        let left = (pad + leftSpace) / width, right = 1 - pad / width
        let bottom = (pad + belowSpace) / height, top = 1 - (pad + aboveSpace) / height
        // The gap between subplots as a share of a subplot's size, as subplots_adjust takes it.
        let across = Double(axes.columns), down = Double(axes.rows)
        let gapWidth = (pad + leftSpace) / ((right - left) * width / across)
        let gapHeight = (pad + belowSpace + aboveSpace) / ((top - bottom) * height / down)
        return (min(left, 0.4), max(right, 0.6), min(bottom, 0.4), max(top, 0.6), min(max(gapWidth, gapHeight), 1))
    }

    /// How many tick intervals fit along an axis: its length over three label heights across, two up.
    static func bins(length: Double, fontSize: Double, across: Bool) -> Int {
        max(1, min(9, Int(length / (fontSize * (across ? 3 : 2)))))
    }

    /// The width of text: its advance in the outline fonts, or 0.6 em a character in the bitmap font.
    static func textWidth(_ text: String, size: Double) -> Double {
        Fonts.shared?.width(text, size: size) ?? Double(text.count) * 0.6 * size
    }

    /// The box the axes draw in: what is left beside a colorbar (matplotlib's fraction 0.15 and pad
    /// 0.05 of the width), shrunk about its centre when one data unit must be as long across as up.
    func plotBox(_ axes: Axes, in outer: Box) -> Box {
        var box = outer
        if axes.colorbar != nil { box.width *= 0.8 }
        guard axes.equalAspect else { return box }
        let (x0, x1) = axes.xLimits, (y0, y1) = axes.yLimits
        let perUnit = min(box.width / abs(x1 - x0), box.height / abs(y1 - y0))
        guard perUnit.isFinite, perUnit > 0 else { return box }
        let w = abs(x1 - x0) * perUnit, h = abs(y1 - y0) * perUnit
        return Box(x: box.x + (box.width - w) / 2, y: box.y + (box.height - h) / 2, width: w, height: h)
    }

    /// Tick positions and labels: those `xticks` / `yticks` set, or located for the axis' length.
    static func ticks(_ given: [(Double, String?)]?, _ low: Double, _ high: Double, bins: Int) -> [(Double, String)] {
        guard let given else {
            let located = Ticks.locate(min(low, high), max(low, high), bins: bins)
            return Array(zip(located, Ticks.labels(located).0))
        }
        let visible = given.filter {
            $0.0 >= min(low, high) - 1e-9 * abs(high - low) && $0.0 <= max(low, high) + 1e-9 * abs(high - low)
        }
        let formatted = Ticks.labels(visible.map(\.0)).0
        return zip(visible, formatted).map { ($0.0.0, $0.0.1 ?? $0.1) }
    }

    func draw<P: Painter>(_ axes: Axes, in outer: Box, on painter: inout P) {
        let pt = scale, fontSize = 10 * pt
        let box = plotBox(axes, in: outer)
        let (x0, x1) = axes.xLimits, (y0, y1) = axes.yLimits
        func px(_ x: Double) -> Double { box.x + (x - x0) / (x1 - x0) * box.width }
        func py(_ y: Double) -> Double { box.y + (y1 - y) / (y1 - y0) * box.height }
        // axis('off') hides the frame, the ticks and the axis labels.
        let xTicks =
            axes.axisOn
            ? FigureDrawing.ticks(
                axes.xticks, x0, x1, bins: FigureDrawing.bins(length: box.width, fontSize: fontSize, across: true)) : []
        let yTicks =
            axes.axisOn
            ? FigureDrawing.ticks(
                axes.yticks, y0, y1, bins: FigureDrawing.bins(length: box.height, fontSize: fontSize, across: false))
            : []
        let xMultiplier = axes.xticks == nil && axes.axisOn ? Ticks.labels(xTicks.map(\.0)).1 : nil
        let yMultiplier = axes.yticks == nil && axes.axisOn ? Ticks.labels(yTicks.map(\.0)).1 : nil

        // matplotlib's order: images, then bars, then grid lines, then lines and markers.
        painter.clip(to: box)
        for image in axes.images {
            let (l, r) = image.xExtent, (b, t) = image.yExtent
            let left = min(px(l), px(r)), top = min(py(b), py(t))
            painter.image(image, in: Box(x: left, y: top, width: abs(px(r) - px(l)), height: abs(py(t) - py(b))))
        }
        for bar in axes.bars {
            let (l, r) = bar.xRange, (b, t) = bar.yRange
            painter.rectangle(
                Box(x: min(px(l), px(r)), y: min(py(b), py(t)), width: abs(px(r) - px(l)), height: abs(py(t) - py(b))),
                fill: bar.color, stroke: bar.edgeColor, lineWidth: pt)
        }
        painter.clip(to: nil)
        if axes.showsGrid {
            for (t, _) in xTicks {
                painter.polyline(
                    [(px(t), box.y), (px(t), box.y + box.height)], width: 0.8 * pt, color: FigureDrawing.gridColor,
                    dashes: nil)
            }
            for (t, _) in yTicks {
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
        if axes.axisOn { painter.rectangle(box, fill: nil, stroke: FigureDrawing.black, lineWidth: 0.8 * pt) }

        // Ticks point outwards, 3.5 points long; their labels sit 3.5 points beyond.
        let tickLength = 3.5 * pt, pad = 3.5 * pt
        let bottom = box.y + box.height
        let angle = axes.xtickRotation, radians = angle * .pi / 180
        // How far below the axis turned labels reach (their box's height, as matplotlib aligns it).
        let widestX = xTicks.map { FigureDrawing.textWidth($0.1, size: fontSize) }.max() ?? 0
        let xLabelDepth = angle == 0 ? 0.7 * fontSize : widestX * abs(sin(radians)) + 0.7 * fontSize * abs(cos(radians))
        for (t, label) in xTicks {
            painter.polyline(
                [(px(t), bottom), (px(t), bottom + tickLength)], width: 0.8 * pt, color: FigureDrawing.black,
                dashes: nil)
            if angle == 0 {
                painter.text(
                    label, at: (px(t), bottom + tickLength + pad), size: fontSize, anchor: .center, baseline: .top,
                    angle: 0, color: FigureDrawing.black)
            } else {
                let depth =
                    FigureDrawing.textWidth(label, size: fontSize) * abs(sin(radians))
                    + 0.7 * fontSize * abs(cos(radians))
                painter.text(
                    label, at: (px(t), bottom + tickLength + pad + depth / 2), size: fontSize, anchor: .center,
                    baseline: .middle, angle: angle, color: FigureDrawing.black)
            }
        }
        if let xMultiplier {
            painter.text(
                xMultiplier, at: (box.x + box.width, bottom + tickLength + pad + 1.6 * fontSize), size: fontSize,
                anchor: .right, baseline: .top, angle: 0, color: FigureDrawing.black)
        }
        for (t, label) in yTicks {
            painter.polyline(
                [(box.x - tickLength, py(t)), (box.x, py(t))], width: 0.8 * pt, color: FigureDrawing.black, dashes: nil)
            painter.text(
                label, at: (box.x - tickLength - pad, py(t)), size: fontSize, anchor: .right, baseline: .middle,
                angle: 0, color: FigureDrawing.black)
        }
        if let yMultiplier {
            painter.text(
                yMultiplier, at: (box.x, box.y - 4 * pt), size: fontSize, anchor: .left, baseline: .baseline,
                angle: 0, color: FigureDrawing.black)
        }
        if let xlabel = axes.xlabel, axes.axisOn {
            let gap = xTicks.isEmpty ? 0 : tickLength + pad + xLabelDepth
            let top = bottom + gap + 4 * pt + (xMultiplier == nil ? 0 : 1.2 * fontSize)
            painter.text(
                xlabel, at: (box.x + box.width / 2, top), size: fontSize, anchor: .center, baseline: .top,
                angle: 0, color: axes.xlabelColor)
        }
        if let ylabel = axes.ylabel, axes.axisOn {
            let widest = yTicks.map { FigureDrawing.textWidth($0.1, size: fontSize) }.max() ?? 0
            let x = box.x - (yTicks.isEmpty ? 0 : tickLength + pad + widest) - 4 * pt
            painter.text(
                ylabel, at: (x, box.y + box.height / 2), size: fontSize, anchor: .center, baseline: .baseline,
                angle: 90, color: axes.ylabelColor)
        }
        if let title = axes.title {
            painter.text(
                title, at: (box.x + box.width / 2, box.y - 6 * pt), size: 12 * pt, anchor: .center, baseline: .baseline,
                angle: 0, color: axes.titleColor)
        }
        if axes.showsLegend { drawLegend(axes, paths: paths, in: box, on: &painter) }
        if let image = axes.colorbar { drawColorbar(image, beside: outer, on: &painter) }
    }

    /// A colorbar to the right of the axes' place: the colormap from bottom (low) to top (high), 20
    /// times as tall as wide, its ticks and labels on the right.
    func drawColorbar<P: Painter>(_ image: AxesImage, beside outer: Box, on painter: inout P) {
        guard let colormap = image.colormap else { return }
        let pt = scale, fontSize = 10 * pt
        let width = min(outer.width * 0.15, outer.height / 20)
        let box = Box(x: outer.x + outer.width * 0.85, y: outer.y, width: width, height: outer.height)
        let steps = (0..<256).reversed().map { colormap.color((Double($0) + 0.5) / 256) }
        painter.image(AxesImage(rows: 256, columns: 1, pixels: steps, colormap: nil, range: (0, 1)), in: box)
        painter.rectangle(box, fill: nil, stroke: FigureDrawing.black, lineWidth: 0.8 * pt)
        let (low, high) = image.range
        guard high > low else { return }
        let ticks = FigureDrawing.ticks(
            nil, low, high, bins: FigureDrawing.bins(length: box.height, fontSize: fontSize, across: false))
        for (t, label) in ticks {
            let y = box.y + (high - t) / (high - low) * box.height
            let right = box.x + box.width
            painter.polyline(
                [(right, y), (right + 3.5 * pt, y)], width: 0.8 * pt, color: FigureDrawing.black, dashes: nil)
            painter.text(
                label, at: (right + 7 * pt, y), size: fontSize, anchor: .left, baseline: .middle, angle: 0,
                color: FigureDrawing.black)
        }
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
                label, at: (x + handle + gap, y), size: fontSize, anchor: .left, baseline: .middle, angle: 0,
                color: FigureDrawing.black)
        }
    }
}
