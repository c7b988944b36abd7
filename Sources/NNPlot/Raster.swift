import Foundation

/// An RGB image drawn with antialiasing: each shape is turned into a coverage mask (how much of
/// each pixel it covers, from 0 to 1), then blended in its colour.
struct Raster: Painter {
    let width: Int, height: Int
    /// Red, green, blue per pixel, row by row, from 0 to 1.
    private(set) var pixels: [Float]
    private var clipBox: Box?

    init(width: Int, height: Int) {
        self.width = max(width, 1)
        self.height = max(height, 1)
        pixels = [Float](repeating: 1, count: self.width * self.height * 3)
    }

    /// The rows as 8-bit RGB bytes.
    var bytes: [UInt8] {
        pixels.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) }
    }

    mutating func clip(to box: Box?) { clipBox = box }

    /// The pixel range a shape's bounds touch, cut to the image and the clip box.
    func area(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> (ClosedRange<Int>, ClosedRange<Int>)? {
        var (lx, ly, hx, hy) = (x0, y0, x1, y1)
        if let c = clipBox {
            lx = max(lx, c.x); ly = max(ly, c.y); hx = min(hx, c.x + c.width); hy = min(hy, c.y + c.height)
        }
        guard lx.isFinite, ly.isFinite, hx.isFinite, hy.isFinite else { return nil }
        // Within a pixel of the image, so the conversions to Int below cannot overflow.
        func near(_ v: Double, _ size: Int) -> Double { min(max(v, -1), Double(size) + 1) }
        (lx, hx, ly, hy) = (near(lx, width), near(hx, width), near(ly, height), near(hy, height))
        let a = max(0, Int(lx.rounded(.down))), b = min(width - 1, Int(hx.rounded(.up)))
        let c = max(0, Int(ly.rounded(.down))), d = min(height - 1, Int(hy.rounded(.up)))
        guard a <= b && c <= d else { return nil }
        return (a...b, c...d)
    }

    /// How much of each pixel of a part of the image a shape covers, combined by maximum so
    /// overlapping parts of one shape do not darken.
    struct Mask {
        let xs: ClosedRange<Int>, ys: ClosedRange<Int>
        var coverage: [Float]

        init(_ area: (ClosedRange<Int>, ClosedRange<Int>)) {
            (xs, ys) = area
            coverage = [Float](repeating: 0, count: xs.count * ys.count)
        }

        /// Pieces that tile a shape without overlapping (a glyph's dots) add up instead.
        var adds = false

        mutating func add(_ x: Int, _ y: Int, _ value: Float) {
            guard value > 0, xs.contains(x), ys.contains(y) else { return }
            let i = (y - ys.lowerBound) * xs.count + (x - xs.lowerBound)
            coverage[i] = min(1, adds ? coverage[i] + value : max(coverage[i], value))
        }
    }

    mutating func blend(_ mask: Mask, _ color: RGB) {
        let c = [Float(color.r) / 255, Float(color.g) / 255, Float(color.b) / 255]
        for y in mask.ys {
            for x in mask.xs {
                let alpha = mask.coverage[(y - mask.ys.lowerBound) * mask.xs.count + (x - mask.xs.lowerBound)]
                guard alpha > 0 else { continue }
                let i = (y * width + x) * 3
                for k in 0..<3 { pixels[i + k] += (c[k] - pixels[i + k]) * alpha }
            }
        }
    }

    /// A coordinate moved to the nearest pixel centre, as matplotlib snaps straight horizontal and
    /// vertical lines so thin ones stay crisp rather than smeared over two pixels.
    static func snap(_ v: Double) -> Double { v.rounded(.down) + 0.5 }

    mutating func polyline(_ points: [(Double, Double)], width lineWidth: Double, color: RGB, dashes: [Double]?) {
        let half = max(lineWidth, 0.5) / 2
        var points = points.filter { $0.0.isFinite && $0.1.isFinite }
        if zip(points, points.dropFirst()).allSatisfy({ $0.0 == $1.0 || $0.1 == $1.1 }) {
            points = points.map { (Raster.snap($0.0), Raster.snap($0.1)) }
        }
        guard
            let bounds = area(
                (points.map(\.0).min() ?? 0) - half - 1, (points.map(\.1).min() ?? 0) - half - 1,
                (points.map(\.0).max() ?? 0) + half + 1, (points.map(\.1).max() ?? 0) + half + 1)
        else { return }
        var mask = Mask(bounds)
        let segments = dashes.map { Raster.dash(points, pattern: $0) } ?? Array(zip(points, points.dropFirst()))
        for (a, b) in segments {
            guard
                let (xs, ys) = area(
                    min(a.0, b.0) - half - 1, min(a.1, b.1) - half - 1, max(a.0, b.0) + half + 1,
                    max(a.1, b.1) + half + 1)
            else { continue }
            for y in ys {
                for x in xs {
                    let d = Raster.distance((Double(x) + 0.5, Double(y) + 0.5), a, b)
                    mask.add(x, y, Float(min(1, max(0, half + 0.5 - d))))
                }
            }
        }
        blend(mask, color)
    }

    /// The distance from a point to a segment.
    static func distance(_ p: (Double, Double), _ a: (Double, Double), _ b: (Double, Double)) -> Double {
        let dx = b.0 - a.0, dy = b.1 - a.1
        let length2 = dx * dx + dy * dy
        var t = length2 > 0 ? ((p.0 - a.0) * dx + (p.1 - a.1) * dy) / length2 : 0
        t = max(0, min(1, t))
        let x = a.0 + t * dx - p.0, y = a.1 + t * dy - p.1
        return (x * x + y * y).squareRoot()
    }

    /// The "on" pieces of a polyline cut by a dash pattern (on, off, on, off… lengths).
    static func dash(_ points: [(Double, Double)], pattern: [Double]) -> [((Double, Double), (Double, Double))] {
        guard pattern.count >= 2, pattern.allSatisfy({ $0 > 0 }) else { return Array(zip(points, points.dropFirst())) }
        var pieces: [((Double, Double), (Double, Double))] = []
        var index = 0, left = pattern[0]
        for (a, b) in zip(points, points.dropFirst()) {
            let length = ((b.0 - a.0) * (b.0 - a.0) + (b.1 - a.1) * (b.1 - a.1)).squareRoot()
            guard length.isFinite else { continue }
            var at = 0.0
            while at < length && pieces.count < 1_000_000 {
                let run = min(left, length - at)
                if index % 2 == 0 {
                    let s = at / length, e = (at + run) / length
                    pieces.append(
                        ((a.0 + (b.0 - a.0) * s, a.1 + (b.1 - a.1) * s), (a.0 + (b.0 - a.0) * e, a.1 + (b.1 - a.1) * e))
                    )
                }
                at += run
                left -= run
                if left <= 1e-9 {
                    index = (index + 1) % pattern.count
                    left = pattern[index]
                }
            }
        }
        return pieces
    }

    mutating func marker(_ marker: Marker, at p: (Double, Double), size: Double, color: RGB) {
        let r = size / 2
        switch marker {
        case .circle, .point, .pixel:
            let radius = marker == .circle ? r : marker == .point ? r / 2 : 0.5
            fill(around: p, reach: radius, color: color) { x, y in
                radius + 0.5 - ((x - p.0) * (x - p.0) + (y - p.1) * (y - p.1)).squareRoot()
            }
        case .square:
            fill(around: p, reach: r * 0.9, color: color) { x, y in r * 0.9 + 0.5 - max(abs(x - p.0), abs(y - p.1)) }
        case .diamond:
            fill(around: p, reach: r, color: color) { x, y in (r - abs(x - p.0) - abs(y - p.1)) * 0.7071 + 0.5 }
        case .triangle:
            fill(around: p, reach: r, color: color) { x, y in
                // Inside all three edges of an upward triangle centred on p.
                let top = (p.0, p.1 - r), left = (p.0 - r * 0.866, p.1 + r / 2), right = (p.0 + r * 0.866, p.1 + r / 2)
                func side(_ a: (Double, Double), _ b: (Double, Double)) -> Double {
                    let nx = b.1 - a.1, ny = a.0 - b.0, n = (nx * nx + ny * ny).squareRoot()
                    return ((x - a.0) * nx + (y - a.1) * ny) / n
                }
                return min(side(top, left), side(left, right), side(right, top)) + 0.5
            }
        case .cross, .plus, .star:
            let d = marker == .cross ? r * 0.7071 : r
            var strokes: [[(Double, Double)]] = []
            if marker != .cross { strokes += [[(p.0 - d, p.1), (p.0 + d, p.1)], [(p.0, p.1 - d), (p.0, p.1 + d)]] }
            if marker != .plus {
                strokes += [
                    [(p.0 - d * 0.7071, p.1 - d * 0.7071), (p.0 + d * 0.7071, p.1 + d * 0.7071)],
                    [(p.0 - d * 0.7071, p.1 + d * 0.7071), (p.0 + d * 0.7071, p.1 - d * 0.7071)],
                ]
            }
            for s in strokes { polyline(s, width: max(1, size / 6), color: color, dashes: nil) }
        }
    }

    /// Fills where `coverage` (evaluated at pixel centres, clamped to 0…1) is positive.
    mutating func fill(around p: (Double, Double), reach: Double, color: RGB, coverage: (Double, Double) -> Double) {
        guard let (xs, ys) = area(p.0 - reach - 1, p.1 - reach - 1, p.0 + reach + 1, p.1 + reach + 1) else { return }
        var mask = Mask((xs, ys))
        for y in ys {
            for x in xs { mask.add(x, y, Float(min(1, max(0, coverage(Double(x) + 0.5, Double(y) + 0.5))))) }
        }
        blend(mask, color)
    }

    mutating func rectangle(_ box: Box, fill: RGB?, stroke: RGB?, lineWidth: Double) {
        if let fill { fillRect(box.x, box.y, box.x + box.width, box.y + box.height, fill) }
        if let stroke {
            // Four bars centred on the edges, overlapping at the corners.
            let h = lineWidth / 2, x0 = Raster.snap(box.x), y0 = Raster.snap(box.y)
            let x1 = Raster.snap(box.x + box.width), y1 = Raster.snap(box.y + box.height)
            guard let bounds = area(x0 - h - 1, y0 - h - 1, x1 + h + 1, y1 + h + 1) else { return }
            var mask = Mask(bounds)
            cover(x0 - h, y0 - h, x1 + h, y0 + h, into: &mask)
            cover(x0 - h, y1 - h, x1 + h, y1 + h, into: &mask)
            cover(x0 - h, y0 - h, x0 + h, y1 + h, into: &mask)
            cover(x1 - h, y0 - h, x1 + h, y1 + h, into: &mask)
            blend(mask, stroke)
        }
    }

    /// How much of the pixel centred at `c` lies inside [lo, hi] along one axis.
    func coverage1D(_ c: Double, _ lo: Double, _ hi: Double) -> Double {
        max(0, min(c + 0.5, hi) - max(c - 0.5, lo))
    }

    /// Adds a rectangle to a mask, with exact area coverage at its edges.
    func cover(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, into mask: inout Mask) {
        guard let (xs, ys) = area(x0, y0, x1, y1) else { return }
        for y in ys {
            let cy = coverage1D(Double(y) + 0.5, y0, y1)
            for x in xs { mask.add(x, y, Float(cy * coverage1D(Double(x) + 0.5, x0, x1))) }
        }
    }

    mutating func fillRect(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ color: RGB) {
        guard let bounds = area(x0, y0, x1, y1) else { return }
        var mask = Mask(bounds)
        cover(x0, y0, x1, y1, into: &mask)
        blend(mask, color)
    }

    mutating func image(_ image: AxesImage, in box: Box) {
        guard box.width > 0, box.height > 0,
            let (xs, ys) = area(box.x, box.y, box.x + box.width, box.y + box.height)
        else { return }
        for y in ys {
            let row = Int(((Double(y) + 0.5 - box.y) / box.height * Double(image.rows)).rounded(.down))
            guard row >= 0 && row < image.rows else { continue }
            for x in xs {
                let column = Int(((Double(x) + 0.5 - box.x) / box.width * Double(image.columns)).rounded(.down))
                guard column >= 0 && column < image.columns else { continue }
                let c = image.pixels[row * image.columns + column], i = (y * width + x) * 3
                (pixels[i], pixels[i + 1], pixels[i + 2]) = (Float(c.r) / 255, Float(c.g) / 255, Float(c.b) / 255)
            }
        }
    }

    mutating func text(
        _ text: String, at point: (Double, Double), size: Double, anchor: TextAnchor,
        baseline: TextBaseline, angle: Double, color: RGB
    ) {
        if let fonts = Fonts.shared {
            outlineText(
                text, at: point, size: size, anchor: anchor, baseline: baseline, angle: angle, color: color, fonts)
            return
        }
        // One font dot is a tenth of the font size: capitals are 0.7 em tall, characters 0.6 em apart.
        let dot = size / 10
        let width = Double(text.count * BitmapFont.advance - 1) * dot
        var along = anchor == .left ? 0 : anchor == .center ? -width / 2 : -width
        let up: Double = baseline == .top ? 7 * dot : baseline == .middle ? 3.5 * dot : 0
        let saved = clipBox
        clipBox = nil
        defer { clipBox = saved }
        // The text's extent, with room for descenders, turned as the text is.
        let reach = width + size
        guard let bounds = area(point.0 - reach, point.1 - reach, point.0 + reach, point.1 + reach) else { return }
        var mask = Mask(bounds)
        mask.adds = true
        let radians = angle * .pi / 180, cosine = cos(radians), sine = sin(radians)
        let square = angle.truncatingRemainder(dividingBy: 90) == 0
        for character in text {
            let glyph = BitmapFont.glyph(character)
            for (row, bits) in glyph.enumerated() {
                for column in 0..<BitmapFont.columns where bits & (0x10 >> UInt8(column)) != 0 {
                    // The dot's centre in text coordinates (along the baseline, down from the cap line),
                    // turned anticlockwise on the page, whose y axis points down.
                    let a = along + (Double(column) + 0.5) * dot,
                        b = Double(row - BitmapFont.ascent) * dot + up + dot / 2
                    let x = point.0 + a * cosine + b * sine, y = point.1 - a * sine + b * cosine
                    // A quarter turn keeps dots on the grid; other angles cover a slightly smaller square,
                    // so neighbouring turned dots do not merge into a blot.
                    let half = square ? dot / 2 : dot * 0.42
                    cover(x - half, y - half, x + half, y + half, into: &mask)
                }
            }
            along += Double(BitmapFont.advance) * dot
        }
        blend(mask, color)
    }

    /// Text in the outline fonts: anchored on its advance width and DejaVu Sans's cap height (0.73 em),
    /// each glyph's coverage blended in the text's colour.
    mutating func outlineText(
        _ text: String, at point: (Double, Double), size: Double, anchor: TextAnchor, baseline: TextBaseline,
        angle: Double, color: RGB, _ fonts: Fonts
    ) {
        let width = fonts.width(text, size: size)
        let along = anchor == .left ? 0 : anchor == .center ? -width / 2 : -width
        let down = baseline == .top ? 0.73 * size : baseline == .middle ? 0.365 * size : 0
        let radians = angle * .pi / 180
        let origin = (
            point.0 + along * cos(radians) + down * sin(radians), point.1 - along * sin(radians) + down * cos(radians)
        )
        let saved = clipBox
        clipBox = nil
        defer { clipBox = saved }
        let reach = width + 2 * size
        guard let bounds = area(point.0 - reach, point.1 - reach, point.0 + reach, point.1 + reach) else { return }
        var mask = Mask(bounds)
        fonts.draw(text, at: origin, size: size, angle: angle) { x, y, coverage in mask.add(x, y, coverage) }
        blend(mask, color)
    }
}
