import SystemZlib
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import NNPlot

/// The terminal, PNG and SVG renderings of small fixed figures.
final class RendererTests: XCTestCase {
    /// y = x² at x = 0…4, labelled, with a legend.
    func squares() -> Figure {
        let figure = Figure(number: 1)
        let axes = figure.currentAxes()
        axes.series.append(
            Series(kind: .line, x: [0, 1, 2, 3, 4], y: [0, 1, 4, 9, 16], color: axes.takeColor(), label: "x²"))
        axes.title = "Squares"
        axes.xlabel = "x"
        axes.ylabel = "y"
        axes.showsLegend = true
        return figure
    }

    func testTerminalRenderingOfAFixedSeries() {
        let text = TerminalRenderer.render(squares(), columns: 40, color: false)
        XCTAssertEqual(text, RendererTests.squaresGolden, "\n" + text)
    }

    /// Checked by eye against matplotlib's picture of the same figure: title centred, the legend in
    /// the free upper left corner (loc='best'), ticks 0/10 and 0/2/4 as MaxNLocator picks for this size.
    static let squaresGolden = """
                          Squares
        y
          ┌────────────────────────────────────┐
          │ ── x²                           ⢀⠄ │
          │                               ⡠⠒⠁  │
          │                             ⡠⠊     │
        10┤                          ⢀⠔⠉       │
          │                       ⣀⠤⠒⠁         │
          │                   ⢀⡠⠔⠉             │
          │              ⢀⣀⠤⠔⠊⠁                │
          │       ⢀⣀⣀⡠⠤⠒⠊⠁                     │
         0┤ ⠐⠒⠊⠉⠉⠉⠁                            │
          └─┬────────────────┬───────────────┬─┘
            0                2               4
                             x

        """

    func testTerminalColoursEachSeries() {
        let text = TerminalRenderer.render(squares(), columns: 40, color: true)
        // C0 (#1f77b4) is colour 31 (#0087af) of the xterm cube; text returns to the default colour after it.
        XCTAssertEqual(TerminalRenderer.ansi256(RGB(0x1f, 0x77, 0xb4)), 31)
        XCTAssertTrue(text.contains("\u{1b}[38;5;31m──\u{1b}[0m x²"), text)
        XCTAssertTrue(text.contains("\u{1b}[38;5;31m⢀⠄\u{1b}[0m"), text)
    }

    func testWideCharactersTakeTwoColumns() {
        let figure = squares()
        figure.axes[0].xlabel = "에포크"
        let lines = TerminalRenderer.render(figure, columns: 40, color: false).split(separator: "\n")
        // Centred as six columns wide under the frame (columns 2…39), not as three.
        XCTAssertEqual(lines.last, "                  에포크")
    }

    // MARK: PNG

    /// A PNG's chunks checked (CRC) and its pixels decoded with zlib: (width, height, RGB bytes).
    func decode(_ png: [UInt8]) throws -> (Int, Int, [UInt8]) {
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func be32(_ at: Int) -> Int { png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        var at = 8, width = 0, height = 0, compressed: [UInt8] = [], types: [String] = []
        while at + 12 <= png.count {
            let length = be32(at)
            let type = String(decoding: png[(at + 4)..<(at + 8)], as: UTF8.self)
            let body = Array(png[(at + 4)..<(at + 8 + length)])
            let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
            XCTAssertEqual(Int(crc), be32(at + 8 + length), "CRC of \(type)")
            types.append(type)
            if type == "IHDR" {
                width = be32(at + 8)
                height = be32(at + 12)
                XCTAssertEqual(Array(png[(at + 16)..<(at + 21)]), [8, 2, 0, 0, 0], "8-bit RGB, not interlaced")
            }
            if type == "IDAT" { compressed += png[(at + 8)..<(at + 8 + length)] }
            at += 12 + length
        }
        XCTAssertEqual(types.first, "IHDR")
        XCTAssertEqual(types.last, "IEND")
        var size = uLong((width * 3 + 1) * height)
        var raw = [UInt8](repeating: 0, count: Int(size))
        let status = raw.withUnsafeMutableBufferPointer { r in
            compressed.withUnsafeBufferPointer { c in uncompress(r.baseAddress, &size, c.baseAddress, uLong(c.count)) }
        }
        XCTAssertEqual(status, Z_OK)
        XCTAssertEqual(Int(size), (width * 3 + 1) * height)
        // Undo the filters (PNG's None, Sub, Up, Average and Paeth).
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        let stride = width * 3
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            for i in 0..<stride {
                let x = raw[y * (stride + 1) + 1 + i]
                let a = i >= 3 ? Int(pixels[y * stride + i - 3]) : 0
                let b = y > 0 ? Int(pixels[(y - 1) * stride + i]) : 0
                let c = i >= 3 && y > 0 ? Int(pixels[(y - 1) * stride + i - 3]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                default:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                }
                pixels[y * stride + i] = x &+ UInt8(predictor & 0xff)
            }
        }
        return (width, height, pixels)
    }

    func testPNGDecodesAtTheRequestedSizeWithTheLineWhereItShouldBe() throws {
        // y = x from (0, 0) to (10, 10) on the default 6.4 × 4.8 inch figure at 50 dpi: 320 × 240 pixels.
        let figure = Figure(number: 1, dpi: 50)
        let axes = figure.currentAxes()
        axes.series.append(Series(kind: .line, x: [0, 10], y: [0, 10], color: RGB(255, 0, 0)))
        axes.xlabel = "Epoch Number"
        let (width, height, pixels) = try decode(try figure.png())
        XCTAssertEqual(width, 320)
        XCTAssertEqual(height, 240)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(pixels[(y * width + x) * 3..<(y * width + x) * 3 + 3]) }
        /// The darkest green of the pixels around (x, y): low where something is drawn.
        func darkest(_ x: Int, _ y: Int) -> UInt8 {
            (-1...1).flatMap { dy in (-1...1).map { pixel(x + $0, y + dy)[1] } }.min()!
        }
        // The axes box spans 0.125…0.9 of the width and 0.12…0.89 of the height (from the top); the
        // data's centre (5, 5) is the box's centre, on the line: red (with antialiasing, nearly).
        let cx = Int((0.125 + 0.9) / 2 * 320), cy = Int((0.12 + 0.89) / 2 * 240)
        XCTAssertLessThan(darkest(cx, cy), 64)
        XCTAssertEqual(pixel(cx, cy)[0], 255)
        // Away from the diagonal, inside the box: white. Upper left and lower right of the centre.
        XCTAssertEqual(pixel(cx - 50, cy - 40), [255, 255, 255])
        XCTAssertEqual(pixel(cx + 50, cy + 40), [255, 255, 255])
        // The frame's left edge is dark, and the figure's corner is white background.
        XCTAssertLessThan(darkest(Int(0.125 * 320), cy), 160)
        XCTAssertEqual(pixel(0, 0), [255, 255, 255])
        // The x label lies below the tick labels, centred under the box: dark pixels in its band,
        // none in the same band at the figure's left edge.
        let band = (222..<236).flatMap { y in (130..<200).map { pixel($0, y)[0] } }
        XCTAssertTrue(band.contains { $0 < 128 }, "no text in the x label's band")
        XCTAssertFalse((222..<236).flatMap { y in (0..<30).map { pixel($0, y)[0] } }.contains { $0 < 250 })
    }

    func testPNGLinesAreAntialiased() throws {
        let figure = Figure(number: 1, width: 3, height: 2, dpi: 100)
        let axes = figure.currentAxes()
        axes.series.append(Series(kind: .line, x: [0, 10], y: [0, 3], color: RGB(0, 0, 0)))
        let (_, _, pixels) = try decode(try figure.png())
        // Shallow slopes leave partly covered pixels: greys between black and white.
        let greys = Set(pixels).filter { $0 > 20 && $0 < 235 }
        XCTAssertGreaterThan(greys.count, 50)
    }

    // MARK: SVG

    func testSVGIsWellFormedWithTheCurveLabelsAndTicks() throws {
        let svg = squares().svg()
        final class Collector: NSObject, XMLParserDelegate {
            var elements: [String: Int] = [:]
            var texts: [String] = []
            var inText = false
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]
            ) {
                elements[name, default: 0] += 1
                inText = name == "text"
                if inText { texts.append("") }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if inText { texts[texts.count - 1] += string }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?)
            { inText = false }
        }
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")\n\(svg)")
        XCTAssertTrue(svg.contains("width=\"460.8pt\" height=\"345.6pt\""), svg)
        XCTAssertTrue(collector.texts.contains("Squares"))
        XCTAssertTrue(collector.texts.contains("x²"))
        // matplotlib's ticks for y 0…16 (limits -0.8…16.8, 9 bins): 0, 2, … 16.
        for tick in ["0", "2", "4", "6", "8", "10", "12", "14", "16"] {
            XCTAssertTrue(collector.texts.contains(tick), tick)
        }
        XCTAssertTrue(svg.contains("<polyline points=\""), svg)
        XCTAssertGreaterThanOrEqual(collector.elements["polyline"] ?? 0, 2)
    }
}
