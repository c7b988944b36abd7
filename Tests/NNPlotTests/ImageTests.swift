import NNImage
import NNPlot
import XCTest

/// Images, bars, hidden ticks and colorbars, in PNG (decoded by libpng), SVG and the terminal.
final class ImageTests: XCTestCase {
    /// A 2 × 2 checker of 0 and 1 through matplotlib's binary colormap (white to black).
    func checker() -> Figure {
        let figure = Figure(number: 1, width: 4, height: 4, dpi: 50)
        let axes = figure.currentAxes()
        axes.images.append(
            AxesImage(
                values: [0, 1, 1, 0], rows: 2, columns: 2, colormap: Colormap(named: "binary")!, vmin: nil, vmax: nil))
        axes.equalAspect = true
        return figure
    }

    func testColormapsMapValuesAsMatplotlibDoes() throws {
        let binary = try XCTUnwrap(Colormap(named: "binary")), gray = try XCTUnwrap(Colormap(named: "gray"))
        XCTAssertEqual(binary.color(0), RGB(255, 255, 255))
        XCTAssertEqual(binary.color(1), RGB(0, 0, 0))
        XCTAssertEqual(gray.color(0), RGB(0, 0, 0))
        XCTAssertEqual(Colormap(named: "gray_r")?.color(0), RGB(255, 255, 255))
        // viridis's first and middle entries (matplotlib's table: #440154 and #21918c).
        XCTAssertEqual(Colormap(named: "viridis")?.color(0), RGB(hex: "440154"))
        XCTAssertEqual(Colormap(named: "viridis")?.color(0.5), RGB(hex: "21918c"))
        XCTAssertNil(Colormap(named: "no_such_map"))
    }

    func testImagePixelsAreFlatSquaresInAnEqualAspectBox() throws {
        let figure = checker()
        let decoded = try NNImage.PNG.decode(try figure.png(), channels: 3)
        XCTAssertEqual(decoded.width, 200)
        XCTAssertEqual(decoded.height, 200)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] {
            Array(decoded.pixels[(y * 200 + x) * 3..<(y * 200 + x) * 3 + 3])
        }
        // The box is square (the figure's default margins leave 0.775 × 0.77 of it), centred: its
        // quarters are the four pixels, white, black / black, white, row 0 at the top.
        let box = (0.125 * 200 + 0.9 * 200) / 2, middle = (0.12 * 200 + 0.89 * 200) / 2, quarter = 0.77 * 200 / 4
        XCTAssertEqual(pixel(Int(box - quarter), Int(middle - quarter)), [255, 255, 255])
        XCTAssertEqual(pixel(Int(box + quarter), Int(middle - quarter)), [0, 0, 0])
        XCTAssertEqual(pixel(Int(box - quarter), Int(middle + quarter)), [0, 0, 0])
        XCTAssertEqual(pixel(Int(box + quarter), Int(middle + quarter)), [255, 255, 255])
        XCTAssertEqual(figure.axes[0].yLimits.0, 1.5, "the y axis runs down from row 0")
        XCTAssertEqual(figure.axes[0].xLimits.0, -0.5)
    }

    func testBarsStandOnTheAxisAndTakeTheirColours() throws {
        let figure = Figure(number: 1, width: 4, height: 3, dpi: 50)
        let axes = figure.currentAxes()
        axes.bars = (0..<3).map {
            Bar(x: Double($0) - 0.4, width: 0.8, bottom: 0, height: Double($0 + 1), color: RGB(119, 119, 119))
        }
        axes.bars[2].color = RGB(255, 0, 0)
        XCTAssertEqual(axes.yLimits.0, 0, "bars' bases are sticky: no margin below them")
        XCTAssertEqual(axes.yLimits.1, 3.15, accuracy: 1e-9)
        let decoded = try NNImage.PNG.decode(try figure.png(), channels: 3)
        let (w, h) = (decoded.width, decoded.height)
        func pixel(_ x: Double, _ y: Double) -> [UInt8] {
            let i = (Int(y) * w + Int(x)) * 3
            return Array(decoded.pixels[i..<i + 3])
        }
        // Data (2, 1) is inside the last bar; (0, 2) above the first.
        let left = 0.125 * Double(w), width = 0.775 * Double(w), top = 0.12 * Double(h), height = 0.77 * Double(h)
        func at(_ x: Double, _ y: Double) -> [UInt8] {
            pixel(left + (x + 0.88) / 3.76 * width, top + (3.15 - y) / 3.15 * height)
        }
        XCTAssertEqual(at(2, 1), [255, 0, 0])
        XCTAssertEqual(at(0, 0.5), [119, 119, 119])
        XCTAssertEqual(at(0, 2), [255, 255, 255])
    }

    func testTerminalImagesAreHalfBlocksIn24BitColourAndShadesWithout() {
        let figure = checker()
        let coloured = TerminalRenderer.render(figure, columns: 40, color: true)
        XCTAssertTrue(coloured.contains("\u{1b}[38;2;255;255;255m\u{1b}[48;2;255;255;255m▀"), coloured)
        XCTAssertTrue(coloured.contains("\u{1b}[38;2;0;0;0m\u{1b}[48;2;0;0;0m▀"), coloured)
        let plain = TerminalRenderer.render(figure, columns: 40, color: false)
        XCTAssertTrue(plain.contains("█"), plain)
        XCTAssertFalse(plain.contains("\u{1b}"))
        // Square pixels: as many columns as half-rows, so twice as many columns as rows of image.
        let rows = plain.split(separator: "\n").filter { $0.contains("█") }
        let width = rows.first.map { line in line.filter { $0 == "█" || $0 == " " }.count } ?? 0
        XCTAssertGreaterThan(width, rows.count)
    }

    func testHiddenTicksAndAxisOffLeaveNoLabels() {
        let figure = Figure(number: 1)
        let axes = figure.currentAxes()
        axes.series.append(Series(kind: .line, x: [0, 10], y: [0, 10], color: RGB(0, 0, 0)))
        axes.xticks = []
        axes.yticks = [(5, "five")]
        let text = TerminalRenderer.render(figure, columns: 40, color: false)
        XCTAssertFalse(text.contains("10"), text)
        XCTAssertTrue(text.contains("five┤"), text)
        axes.axisOn = false
        axes.xlabel = "hidden"
        let off = TerminalRenderer.render(figure, columns: 40, color: false)
        XCTAssertFalse(off.contains("five") || off.contains("┌") || off.contains("hidden"), off)
    }

    func testSVGEmbedsTheImageAsAPNGAndTurnsRotatedLabels() {
        let figure = checker()
        figure.axes[0].xticks = [(0, "first"), (1, "second")]
        figure.axes[0].xtickRotation = 45
        figure.axes[0].colorbar = figure.axes[0].images[0]
        let svg = figure.svg()
        XCTAssertEqual(
            svg.components(separatedBy: "href=\"data:image/png;base64,").count, 3, "the image and the colorbar")
        XCTAssertTrue(svg.contains("rotate(-45"), svg)
        XCTAssertTrue(svg.contains(">second</text>"))
    }
}

/// Text in PNG files through FreeType: DejaVu Sans, and NanumGothic for Korean (scripts/setup
/// installs both).
final class FontTests: XCTestCase {
    /// The dark pixels of a figure whose only content is a title, as a set of coordinates.
    func titleInk(_ title: String) throws -> Set<Int> {
        let figure = Figure(number: 1, width: 3, height: 2, dpi: 100)
        let axes = figure.currentAxes()
        axes.title = title
        axes.axisOn = false
        let image = try NNImage.PNG.decode(try figure.png(), channels: 1)
        return Set(image.pixels.indices.filter { image.pixels[$0] < 128 })
    }

    func testKoreanGlyphsAreDrawnNotMissingGlyphBoxes() throws {
        let hangul = try titleInk("섭씨"), box = try titleInk("\u{E000}\u{E000}"), other = try titleInk("화씨")
        XCTAssertFalse(hangul.isEmpty)
        XCTAssertFalse(box.isEmpty, "a character no font has is drawn as the missing-glyph box")
        XCTAssertNotEqual(hangul, box)
        XCTAssertNotEqual(hangul, other)
        // A Hangul syllable is denser than the outline of a box.
        XCTAssertGreaterThan(hangul.count, box.count)
    }

    func testLabelsAreMeasuredInTheFont() {
        let figure = Figure(number: 1)
        XCTAssertNotEqual(figure.textWidth("iiii", size: 10), figure.textWidth("MMMM", size: 10))
    }
}
