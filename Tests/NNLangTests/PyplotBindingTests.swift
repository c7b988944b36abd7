import Foundation
import XCTest
@testable import NNLang

/// matplotlib.pyplot as scripts use it: return values as matplotlib shows them, the terminal
/// drawing on show(), files from savefig, and matplotlib's errors.
final class PyplotBindingTests: XCTestCase {
    func testPlotAndLabelsReturnWhatMatplotlibReturns() {
        let r = NNLangTests.run(
            """
            import matplotlib.pyplot as plt
            print(plt.plot([1, 4, 9]))
            print(repr(plt.xlabel('Epoch Number')), repr(plt.ylabel("Loss Magnitude")), repr(plt.title('Loss')))
            print(plt.xlim(), plt.ylim(0, 10), plt.gca(), plt.gcf())
            print(plt.scatter([1, 2], [3, 4]), plt.legend())
            """)
        XCTAssertNil(r.error)
        let lines = r.output.split(separator: "\n").map(String.init)
        XCTAssertNotNil(
            lines[0].range(
                of: #"^\[<matplotlib\.lines\.Line2D object at 0x[0-9a-f]{12,}>\]$"#, options: .regularExpression),
            lines[0])
        XCTAssertEqual(lines[1], "Text(0.5, 0, 'Epoch Number') Text(0, 0.5, 'Loss Magnitude') Text(0.5, 1.0, 'Loss')")
        XCTAssertEqual(
            lines[2],
            // As matplotlib 3.10 prints them: str of an Axes is its place, of a Figure its size.
            "(-0.1, 2.1) (0.0, 10.0) Axes(0.125,0.11;0.775x0.77) Figure(640x480)"
        )
        XCTAssertNotNil(
            lines[3].range(
                of:
                    #"^<matplotlib\.collections\.PathCollection object at 0x[0-9a-f]+> <matplotlib\.legend\.Legend object at 0x[0-9a-f]+>$"#,
                options: .regularExpression), lines[3])
    }

    func testShowDrawsEveryFigureThenClosesThem() {
        let r = NNLangTests.run(
            """
            import matplotlib.pyplot as plt
            plt.plot([3, 2, 1], 'r--', label='falling')
            plt.legend()
            plt.title('Falling')
            plt.show()
            print('---')
            plt.show()
            print(repr(plt.gcf()))
            """)
        XCTAssertNil(r.error)
        let parts = r.output.components(separatedBy: "---\n")
        XCTAssertEqual(parts.count, 2)
        // The title centred over the frame (columns 4…79 here).
        XCTAssertTrue(parts[0].hasPrefix(String(repeating: " ", count: 38) + "Falling\n"), parts[0])
        XCTAssertTrue(parts[0].contains("── falling"), parts[0])
        XCTAssertTrue(parts[0].unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) }, "no braille")
        // x from -0.1 to 2.1: matplotlib's nine bins give steps of 0.25, labelled with two decimals.
        XCTAssertEqual(
            parts[0].split(separator: "\n").first { $0.contains("0.25") },
            "     0.00     0.25    0.50     0.75    1.00    1.25     1.50    1.75     2.00")
        // A second show() has nothing left to draw; the next figure is a new one.
        XCTAssertEqual(parts[1], "<Figure size 640x480 with 0 Axes>\n")
    }

    func testSubplotsShareTheFigure() {
        let r = NNLangTests.run(
            """
            import matplotlib.pyplot as plt
            plt.figure(figsize=(8, 6))
            plt.subplot(2, 1, 1)
            plt.plot([1, 2, 3])
            plt.subplot(212)
            plt.plot([3, 2, 1])
            print(repr(plt.gcf()))
            plt.show()
            """)
        XCTAssertNil(r.error)
        XCTAssertTrue(r.output.hasPrefix("<Figure size 800x600 with 2 Axes>\n"), r.output)
        XCTAssertEqual(r.output.components(separatedBy: "┌").count - 1, 2, r.output)
    }

    func testSavefigWritesPNGAndSVG() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nn-plot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = NNLangTests.run(
            """
            import matplotlib.pyplot as plt
            import numpy as np
            x = np.linspace(0, 1, 20)
            plt.plot(x, x ** 2, label='x squared')
            plt.savefig('\(folder.path)/loss.png')
            plt.savefig('\(folder.path)/loss.svg')
            plt.savefig('\(folder.path)/small.png', dpi=50)
            """)
        XCTAssertNil(r.error)
        let png = try Data(contentsOf: folder.appendingPathComponent("loss.png"))
        XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: 640 × 480 at the default 100 dpi, 320 × 240 at 50.
        XCTAssertEqual(Array(png[16..<24]), [0, 0, 2, 128, 0, 0, 1, 224])
        let small = try Data(contentsOf: folder.appendingPathComponent("small.png"))
        XCTAssertEqual(Array(small[16..<24]), [0, 0, 1, 64, 0, 0, 0, 240])
        let svg = try String(contentsOf: folder.appendingPathComponent("loss.svg"), encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<?xml"), svg)
        XCTAssertTrue(svg.hasSuffix("</svg>\n"), svg)
    }

    func testMistakesGetMatplotlibsErrors() {
        XCTAssertEqual(
            errorLine("import matplotlib.pyplot as plt\nplt.plot([1, 2], [1, 2, 3])"),
            "ValueError: x and y must have same first dimension, but have shapes (2,) and (3,)")
        XCTAssertEqual(
            errorLine("import matplotlib.pyplot as plt\nplt.plot([1, 2], 'q')"),
            "ValueError: 'q' is not a valid format string (unrecognized character 'q')")
        XCTAssertEqual(
            errorLine("import matplotlib.pyplot as plt\nplt.plot([1])\nplt.savefig('x.jpg')"),
            "ValueError: Format 'jpg' is not supported (supported formats: png, svg)")
        XCTAssertEqual(
            errorLine("import matplotlib.pyplot as plt\nplt.subplot(2, 2, 5)"),
            "ValueError: num must be an integer with 1 <= num <= 4, not 5")
        XCTAssertEqual(
            errorLine("import matplotlib.pyplot as plt\nplt.xlim(0, float('nan'))"),
            "ValueError: Axis limits cannot be NaN or Inf")
    }

    /// Random sequences of pyplot calls with awkward values (empty, NaN, infinite, huge, negative,
    /// mismatched) end normally or in a Python error, never in a trap; each ends by drawing and saving.
    func testRandomCallsEndInResultsOrPythonErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nn-plot-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var state: UInt64 = 20261122
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let numbers = [
            "0", "1", "-1", "2.5", "1e308", "-1e308", "1e-320", "float('nan')", "float('inf')", "-float('inf')", "1e15",
            "3",
        ]
        func list() -> String {
            "[" + (0..<next(5)).map { _ in numbers[next(numbers.count)] }.joined(separator: ", ") + "]"
        }
        let calls: [() -> String] = [
            { "plt.plot(\(list()))" }, { "plt.plot(\(list()), \(list()))" },
            { "plt.plot(\(list()), 'ro--', label='a')" },
            { "plt.scatter(\(list()), \(list()))" },
            { "plt.xlim(\(numbers[next(numbers.count)]), \(numbers[next(numbers.count)]))" },
            { "plt.ylim(\(numbers[next(numbers.count)]), \(numbers[next(numbers.count)]))" }, { "plt.legend()" },
            { "plt.grid(True)" },
            { "plt.subplot(\(1 + next(3)), \(1 + next(3)), \(1 + next(9)))" },
            { "plt.figure(figsize=(\(numbers[next(numbers.count)]), 2))" },
            { "plt.title('제목')" }, { "plt.xlabel('x' * \(next(300)))" }, { "plt.plot(np.arange(\(next(2000))) ** 2)" },
            {
                "plt.plot([[1, 2], [3, 4]], 'o', lw=\(numbers[next(numbers.count)]), ms=\(numbers[next(numbers.count)]))"
            },
        ]
        for _ in 0..<150 {
            let body = (0..<(1 + next(5))).map { _ in calls[next(calls.count)]() }.joined(separator: "\n")
            let code =
                "import matplotlib.pyplot as plt\nimport numpy as np\n\(body)\nplt.savefig('\(folder.path)/f.png', dpi=20)\nplt.savefig('\(folder.path)/f.svg')\nplt.show()\n"
            let r = NNLangTests.run(code)
            if let error = r.error {
                XCTAssertTrue(error.contains("Error: ") || error.contains("Error\n"), "\(code)\n\(error)")
            }
        }
    }
}
