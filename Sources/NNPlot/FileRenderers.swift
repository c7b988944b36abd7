import Foundation
import SystemZlib

extension Figure {
    /// The figure as a PNG file: 8-bit RGB, `dpi` pixels per inch (the figure's own by default).
    public func png(dpi: Double? = nil) throws -> [UInt8] {
        let dpi = dpi ?? self.dpi
        let drawing = FigureDrawing(figure: self, scale: dpi / 72)
        var raster = Raster(width: Int(drawing.width.rounded()), height: Int(drawing.height.rounded()))
        drawing.draw(on: &raster)
        return try PNG.encode(width: raster.width, height: raster.height, rgb: raster.bytes, dpi: dpi)
    }

    /// The figure as an SVG document, measured in points as matplotlib's SVGs are.
    public func svg() -> String {
        let drawing = FigureDrawing(figure: self, scale: 1)
        var document = SVG(width: drawing.width, height: drawing.height)
        drawing.draw(on: &document)
        return document.finished()
    }
}

/// A figure that could not be written.
public struct PlotError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// PNG encoding: signature, IHDR, pHYs (the resolution), IDAT compressed by zlib, IEND.
enum PNG {
    static func encode(width: Int, height: Int, rgb: [UInt8], dpi: Double) throws -> [UInt8] {
        // Each row starts with its filter type: 1 (Sub) stores each byte's difference from the pixel
        // to its left, which compresses plots (mostly flat colour) well.
        var raw = [UInt8]()
        raw.reserveCapacity((width * 3 + 1) * height)
        for y in 0..<height {
            raw.append(1)
            let row = y * width * 3
            for i in 0..<(width * 3) {
                raw.append(rgb[row + i] &- (i >= 3 ? rgb[row + i - 3] : 0))
            }
        }
        var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        chunk("IHDR", be32(width) + be32(height) + [8, 2, 0, 0, 0], into: &out)
        let perMetre = Int((dpi / 0.0254).rounded())
        chunk("pHYs", be32(perMetre) + be32(perMetre) + [1], into: &out)
        chunk("IDAT", try deflate(raw), into: &out)
        chunk("IEND", [], into: &out)
        return out
    }

    static func be32(_ v: Int) -> [UInt8] {
        [UInt8((v >> 24) & 0xff), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)]
    }

    static func chunk(_ type: String, _ data: [UInt8], into out: inout [UInt8]) {
        let body = Array(type.utf8) + data
        out += be32(data.count) + body
        let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        out += be32(Int(crc))
    }

    static func deflate(_ data: [UInt8]) throws -> [UInt8] {
        var size = compressBound(uLong(data.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = out.withUnsafeMutableBufferPointer { o in
            data.withUnsafeBufferPointer { i in compress2(o.baseAddress, &size, i.baseAddress, uLong(data.count), 6) }
        }
        // compress2 fails only without memory (compressBound rules out a too small buffer).
        guard status == Z_OK else { throw PlotError("zlib could not compress the image (error \(status))") }
        return Array(out[..<Int(size)])
    }
}

/// An SVG document built shape by shape.
struct SVG: Painter {
    let width: Double, height: Double
    private var body = ""
    private var clipCount = 0
    private var clipped = false

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    func finished() -> String {
        """
        <?xml version="1.0" encoding="utf-8" standalone="no"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))pt" height="\(n(height))pt" viewBox="0 0 \
        \(n(width)) \(n(height))" version="1.1">
        <!-- Made by nn (matplotlib.pyplot) -->
        \(body)\(clipped ? "</g>\n" : "")</svg>

        """
    }

    /// A number with at most two decimals.
    func n(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = (v * 100).rounded() / 100
        // Far beyond the picture (a point outside the axes' limits) Swift's exponent form is valid SVG.
        return r == r.rounded() && abs(r) < 1e15 ? String(Int(r)) : String(r)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    mutating func clip(to box: Box?) {
        if clipped { body += "</g>\n"; clipped = false }
        guard let box else { return }
        clipCount += 1
        body +=
            "<clipPath id=\"clip\(clipCount)\"><rect x=\"\(n(box.x))\" y=\"\(n(box.y))\" width=\"\(n(box.width))\" height=\"\(n(box.height))\"/></clipPath>\n"
        body += "<g clip-path=\"url(#clip\(clipCount))\">\n"
        clipped = true
    }

    mutating func polyline(_ points: [(Double, Double)], width: Double, color: RGB, dashes: [Double]?) {
        let finite = points.filter { $0.0.isFinite && $0.1.isFinite }
        guard finite.count > 1 else { return }
        let dash = dashes.map { " stroke-dasharray=\"" + $0.map(n).joined(separator: ",") + "\"" } ?? ""
        body +=
            "<polyline points=\"" + finite.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
            + "\" fill=\"none\" stroke=\"\(color.hex)\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\" stroke-linecap=\"square\"\(dash)/>\n"
    }

    mutating func marker(_ marker: Marker, at p: (Double, Double), size: Double, color: RGB) {
        let r = size / 2
        switch marker {
        case .circle, .point, .pixel:
            let radius = marker == .circle ? r : marker == .point ? r / 2 : 0.5
            body += "<circle cx=\"\(n(p.0))\" cy=\"\(n(p.1))\" r=\"\(n(radius))\" fill=\"\(color.hex)\"/>\n"
        case .square:
            body +=
                "<rect x=\"\(n(p.0 - r * 0.9))\" y=\"\(n(p.1 - r * 0.9))\" width=\"\(n(r * 1.8))\" height=\"\(n(r * 1.8))\" fill=\"\(color.hex)\"/>\n"
        case .diamond:
            body +=
                "<polygon points=\"\(n(p.0)),\(n(p.1 - r)) \(n(p.0 + r)),\(n(p.1)) \(n(p.0)),\(n(p.1 + r)) \(n(p.0 - r)),\(n(p.1))\" fill=\"\(color.hex)\"/>\n"
        case .triangle:
            body +=
                "<polygon points=\"\(n(p.0)),\(n(p.1 - r)) \(n(p.0 + r * 0.866)),\(n(p.1 + r / 2)) \(n(p.0 - r * 0.866)),\(n(p.1 + r / 2))\" fill=\"\(color.hex)\"/>\n"
        case .cross, .plus, .star:
            let d = r * 0.7071
            if marker != .cross {
                polyline([(p.0 - r, p.1), (p.0 + r, p.1)], width: max(1, size / 6), color: color, dashes: nil)
                polyline([(p.0, p.1 - r), (p.0, p.1 + r)], width: max(1, size / 6), color: color, dashes: nil)
            }
            if marker != .plus {
                polyline([(p.0 - d, p.1 - d), (p.0 + d, p.1 + d)], width: max(1, size / 6), color: color, dashes: nil)
                polyline([(p.0 - d, p.1 + d), (p.0 + d, p.1 - d)], width: max(1, size / 6), color: color, dashes: nil)
            }
        }
    }

    mutating func rectangle(_ box: Box, fill: RGB?, stroke: RGB?, lineWidth: Double) {
        let fillText = fill.map { "fill=\"\($0.hex)\"" } ?? "fill=\"none\""
        let strokeText =
            stroke.map { " stroke=\"\($0.hex)\" stroke-width=\"\(n(lineWidth))\" stroke-linejoin=\"miter\"" } ?? ""
        body +=
            "<rect x=\"\(n(box.x))\" y=\"\(n(box.y))\" width=\"\(n(box.width))\" height=\"\(n(box.height))\" \(fillText)\(strokeText)/>\n"
    }

    mutating func image(_ image: AxesImage, in box: Box) {
        var rgb: [UInt8] = []
        rgb.reserveCapacity(image.pixels.count * 3)
        for c in image.pixels { rgb += [c.r, c.g, c.b] }
        guard let png = try? PNG.encode(width: image.columns, height: image.rows, rgb: rgb, dpi: 72) else { return }
        body +=
            "<image x=\"\(n(box.x))\" y=\"\(n(box.y))\" width=\"\(n(box.width))\" height=\"\(n(box.height))\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" href=\"data:image/png;base64,\(Data(png).base64EncodedString())\"/>\n"
    }

    mutating func text(
        _ text: String, at p: (Double, Double), size: Double, anchor: TextAnchor,
        baseline: TextBaseline, angle: Double, color: RGB
    ) {
        let anchorText = anchor == .left ? "start" : anchor == .center ? "middle" : "end"
        // Cap height is about 0.72 em in DejaVu Sans, matplotlib's font; the shift is across the
        // text, so it turns with it.
        let shift = baseline == .top ? 0.72 * size : baseline == .middle ? 0.36 * size : 0
        let transform = angle == 0 ? "" : " transform=\"rotate(\(n(-angle)) \(n(p.0)) \(n(p.1)))\""
        let x = p.0, y = p.1 + shift
        body +=
            "<text x=\"\(n(x))\" y=\"\(n(y))\" font-family=\"DejaVu Sans, NanumGothic, Bitstream Vera Sans, Arial, sans-serif\" font-size=\"\(n(size))\" text-anchor=\"\(anchorText)\" fill=\"\(color.hex)\"\(transform)>\(SVG.escape(text))</text>\n"
    }
}
