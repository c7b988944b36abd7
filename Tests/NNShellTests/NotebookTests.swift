import Foundation
import XCTest

/// `nn NB.ipynb`, `nn port` and `--cells`, on notebooks written by the test in the shape of the
/// course's: markdown, magics, a value shown at the end of a cell, an error.
final class NotebookTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nn-nb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    /// An .ipynb (nbformat 4) with the given cells: ("markdown" | "code", source lines).
    func notebook(_ cells: [(String, [String])]) throws -> URL {
        let json: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5, "metadata": [:],
            "cells": cells.map { kind, lines -> [String: Any] in
                var cell: [String: Any] = ["cell_type": kind, "metadata": [:], "source": lines]
                if kind == "code" { cell["outputs"] = []; cell["execution_count"] = NSNull() }
                return cell
            },
        ]
        let url = folder.appendingPathComponent("course.ipynb")
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        return url
    }

    func testCellsRunInOrderShowingTheLastValue() throws {
        let url = try notebook([
            ("markdown", ["# Celsius to Fahrenheit\n"]),
            (
                "code",
                [
                    "!pip install -q tensorflow\n", "%matplotlib inline\n", "import numpy as np\n",
                    "c = np.array([-40, 0, 100], dtype=float)\n",
                ]
            ),
            ("code", ["f = c * 1.8 + 32\n", "f\n"]),
            ("code", ["x = 1\n", "None\n"]),
            ("code", ["print('done')\n", "{'a': 1}['a']\n"]),
        ])
        let r = try TestSupport.runNN([url.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "array([-40.,  32., 212.])\ndone\n1\n")
        // Cells are numbered as Jupyter numbers them, the markdown cell first.
        XCTAssertTrue(r.stderr.contains("skipped `!pip install -q tensorflow` in cell 2"), r.stderr)
        XCTAssertTrue(r.stderr.contains("skipped `%matplotlib inline` in cell 2"), r.stderr)
    }

    /// Jupyter's rules that scripts lack: `;` hides a cell's value; shell captures, help lines and
    /// magics inside blocks are skipped (a magic in a block becomes `pass`, as Colab runs it).
    func testSemicolonsHelpLinesAndMagicsInBlocks() throws {
        let url = try notebook([
            ("code", ["x = [1, 2]\n", "len(x);\n"]),
            (
                "code",
                [
                    "files = !ls\n", "x?\n", "?len\n", "try:\n", "    %tensorflow_version 2.x\n", "except Exception:\n",
                    "    pass\n", "x[0]  # shown\n",
                ]
            ),
        ])
        let r = try TestSupport.runNN([url.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "1\n")
        for skipped in ["files = !ls", "x?", "?len", "%tensorflow_version 2.x"] {
            XCTAssertTrue(r.stderr.contains("skipped `\(skipped)` in cell 2"), r.stderr)
        }
    }

    func testAnErrorStopsTheRunNamingTheCellAndLine() throws {
        let url = try notebook([
            ("code", ["celsius = 10\n"]),
            ("code", ["y = 2\n", "print(celcius)\n"]),
            ("code", ["print('never')\n"]),
        ])
        let r = try TestSupport.runNN([url.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("course.ipynb, cell 2 (y = 2)\", line 2"), r.stderr)
        XCTAssertTrue(
            r.stderr.hasSuffix("NameError: name 'celcius' is not defined. Did you mean: 'celsius'?\n"), r.stderr)
    }

    func testPortWritesCellsWithMarkersAndCommentedMagics() throws {
        let url = try notebook([
            ("markdown", ["Some text\n"]),
            ("code", ["%matplotlib inline\n", "x = 1"]),
            ("code", ["x + 1\n"]),
        ])
        let out = folder.appendingPathComponent("course.nn")
        let r = try TestSupport.runNN(["port", url.path, "-o", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let script = try String(contentsOf: out, encoding: .utf8)
        // Markdown cells (the course's explanations) stay, as comments.
        XCTAssertEqual(
            script, "# %% [markdown]\n# Some text\n\n# %%\n# %matplotlib inline\nx = 1\n\n# %%\nx + 1\n")
        // Without -o the script goes beside the notebook, but never over an existing file.
        let again = try TestSupport.runNN(["port", url.path])
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("course.nn exists; name the script with -o FILE"), again.stderr)
        // The ported script runs cell by cell with the same display rule.
        let cells = try TestSupport.runNN(["--cells", out.path])
        XCTAssertEqual(cells.stdout, "2\n", cells.stderr)
        // As a plain script, a bare expression shows nothing, as in Python.
        XCTAssertEqual(try TestSupport.runNN([out.path]).stdout, "")
    }

    /// The project's notebook in the shape of the course's Colab: markdown, a magic, the plot cell
    /// (its last value shown, then its figure), a prediction, and a value displayed at the end.
    func testTheCelsiusNotebook() throws {
        let notebook = TestSupport.packageRoot.appendingPathComponent("examples/celsius.ipynb").path
        let r = try TestSupport.runNN([notebook])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("-40.0 degrees Celsius = -40.0 degrees Fahrenheit\n"), r.stdout)
        XCTAssertEqual(
            r.stderr,
            "nn: skipped `%matplotlib inline` in cell 14: notebook magics and shell commands do nothing in nn\n")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        guard let line2D = lines.firstIndex(where: { $0.hasPrefix("[<matplotlib.lines.Line2D object at 0x") }) else {
            return XCTFail(r.stdout)
        }
        XCTAssertEqual(lines[line2D + 1], "Loss Magnitude")
        guard let prediction = lines.first(where: { $0.hasPrefix("[[") }) else { return XCTFail(r.stdout) }
        XCTAssertEqual(
            Double(prediction.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))) ?? 0, 212, accuracy: 2)
        XCTAssertTrue(lines.contains("Model: \"sequential\""), r.stdout)
        XCTAssertTrue(lines.last?.hasPrefix("np.float32(1.8") ?? false, r.stdout)

        // Ported to a script, it runs cell by cell the same way.
        let script = folder.appendingPathComponent("celsius.nn").path
        XCTAssertEqual(try TestSupport.runNN(["port", notebook, "-o", script]).status, 0)
        let ported = try String(contentsOfFile: script, encoding: .utf8)
        XCTAssertEqual(ported.components(separatedBy: "# %%\n").count - 1, 11)
        XCTAssertTrue(ported.contains("# %%\n# %matplotlib inline\nimport matplotlib.pyplot as plt\n"), ported)
        let cells = try TestSupport.runNN(["--cells", script])
        XCTAssertEqual(cells.status, 0, cells.stderr)
        XCTAssertTrue(cells.stdout.contains("[<matplotlib.lines.Line2D object at 0x"), cells.stdout)
        XCTAssertTrue(cells.stdout.contains("\nLoss Magnitude\n"), cells.stdout)
    }

    /// On a terminal a light rule numbered as Jupyter numbers cells separates their outputs; piped,
    /// the outputs follow one another as they are.
    func testCellOutputsAreSeparatedOnATerminal() throws {
        let url = try notebook([("code", ["print('a')"]), ("markdown", ["text"]), ("code", ["print('b')"])])
        let t = try Terminal([url.path], environment: ["HOME": folder.path, "TERM": "xterm", "LANG": "C.UTF-8"])
        try t.waitFor("a\n── [3] ──\nb\n")  // the harness drops control sequences (the rule is dim)
        XCTAssertEqual(try t.exitStatus(), 0)
        let piped = try TestSupport.runNN([url.path])
        XCTAssertEqual(piped.stdout, "a\nb\n", piped.stderr)
    }

    func testNotANotebookIsAUsageError() throws {
        let url = folder.appendingPathComponent("bad.ipynb")
        try "{\"not\": 1}".write(to: url, atomically: true, encoding: .utf8)
        let r = try TestSupport.runNN([url.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("not a Jupyter notebook"), r.stderr)
        // Broken JSON is reported where it breaks; nbformat 3 is named as unsupported.
        try "{\"cells\": [1, 2\n".write(to: url, atomically: true, encoding: .utf8)
        let broken = try TestSupport.runNN([url.path])
        XCTAssertEqual(broken.status, 2)
        XCTAssertTrue(broken.stderr.contains("its JSON is invalid"), broken.stderr)
        XCTAssertTrue(broken.stderr.contains("line") || broken.stderr.contains("character"), broken.stderr)
        try "{\"nbformat\": 3, \"worksheets\": []}".write(to: url, atomically: true, encoding: .utf8)
        let old = try TestSupport.runNN([url.path])
        XCTAssertTrue(old.stderr.contains("nbformat 3 notebooks are not supported"), old.stderr)
    }
}
