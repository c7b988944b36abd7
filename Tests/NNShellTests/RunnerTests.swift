import Foundation
import XCTest

/// The `nn` command line: entry points and exit statuses.
final class RunnerTests: XCTestCase {
    func testCodeArgument() throws {
        let r = try TestSupport.runNN(["-c", "print(6 * 7)"])
        XCTAssertEqual(r.stdout, "42\n")
        XCTAssertEqual(r.status, 0)
    }

    func testStandardInput() throws {
        let r = try TestSupport.runNN(["-"], input: "x = 2\nprint(x ** 10)\n")
        XCTAssertEqual(r.stdout, "1024\n")
    }

    func testScriptErrorExitsWithOneAndTraceback() throws {
        let r = try TestSupport.runNN(["-c", "def f(x):\n    return x / 0\nf(1)\n"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(
            r.stderr,
            """
            Traceback (most recent call last):
              File "<string>", line 3, in <module>
                f(1)
              File "<string>", line 2, in f
                return x / 0
                       ^^^^^
            ZeroDivisionError: division by zero

            """)
    }

    func testSyntaxErrorShowsPosition() throws {
        let r = try TestSupport.runNN(["-c", "print('ok')\nx = (1 +\n"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(
            r.stderr, "  File \"<string>\", line 2\n    x = (1 +\n        ^\nSyntaxError: '(' was never closed\n")
    }

    /// Bytes as CPython takes them: invalid UTF-8 in a script is a SyntaxError naming the byte, a
    /// coding declaration names another encoding, files and CSVs decode strictly unless errors=
    /// says otherwise, and control bytes in a quoted line are shown escaped.
    func testBadBytesAndEncodings() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nn-bytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: dir.appendingPathComponent(name))
        }
        try write("bad.py", Array("x = 1\ny = '".utf8) + [0xFF] + Array("'\n".utf8))
        let bad = try TestSupport.runNN(["bad.py"], in: dir)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(
            bad.stderr.hasPrefix("SyntaxError: Non-UTF-8 code starting with '\\xff' in file bad.py on line 2"),
            bad.stderr)
        // 한글 in CP949, declared.
        try write(
            "korean.py", Array("# -*- coding: cp949 -*-\nprint('".utf8) + [0xC7, 0xD1, 0xB1, 0xDB] + Array("')\n".utf8))
        XCTAssertEqual(try TestSupport.runNN(["korean.py"], in: dir).stdout, "한글\n")
        try write("data.txt", Array("ab".utf8) + [0xFF] + Array("cd\r\n".utf8))
        try write("k.csv", [0xC7, 0xD1, 0xB1, 0xDB] + Array(",b\n1,2\n".utf8))
        let code = """
            try:
                open('data.txt').read()
            except UnicodeDecodeError as e:
                print(e)
            print(repr(open('data.txt', errors='replace').read()), repr(open('data.txt', encoding='latin-1').read()))
            open('out.txt', 'w', encoding='cp949').write('한글')
            print(open('out.txt', encoding='cp949').read(), open('out.txt', encoding='ascii', errors='ignore').read() == '')
            import pandas as pd
            print(list(pd.read_csv('k.csv', encoding='cp949').columns))
            pd.read_csv('data.txt')
            """
        let r = try TestSupport.runNN(["-c", code], in: dir)
        XCTAssertEqual(
            r.stdout,
            "'utf-8' codec can't decode byte 0xff in position 2: invalid start byte\n'ab\u{FFFD}cd\\n' 'abÿcd\\n'\n"
                + "한글 True\n['한글', 'b']\n")
        XCTAssertTrue(
            r.stderr.hasSuffix(
                "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 2: invalid start byte\n"),
            r.stderr)
        try write("control.py", Array("x = 1 ".utf8) + [0x01, 0x1B] + Array("\n".utf8))
        let control = try TestSupport.runNN(["control.py"], in: dir)
        XCTAssertEqual(
            control.stderr,
            "  File \"control.py\", line 1\n    x = 1 \\x01\\x1b\n          ^\nSyntaxError: invalid non-printable character U+0001\n"
        )
    }

    func testUsageErrorsExitWithTwo() throws {
        let unknown = try TestSupport.runNN(["--no-such-flag"])
        XCTAssertEqual(unknown.status, 2)
        // The usage names the command as typed, not the default `run` subcommand.
        XCTAssertTrue(unknown.stderr.contains("Usage: nn [-c <c>]"), unknown.stderr)
        XCTAssertFalse(unknown.stderr.contains("nn run"), unknown.stderr)
        let missing = try TestSupport.runNN(["/no/such/file.nn"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("can't open file '/no/such/file.nn'"))
    }

    func testHelpAndVersion() throws {
        let help = try TestSupport.runNN(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("USAGE"))
        XCTAssertEqual(try TestSupport.runNN(["--version"]).stdout, "nn 0.1.0\n")
    }

    func testSystemExitStatus() throws {
        XCTAssertEqual(try TestSupport.runNN(["-c", "exit(3)"]).status, 3)
    }

    func testDeepRecursionRaisesRecursionError() throws {
        let r = try TestSupport.runNN(["-c", "def f(n):\n    return f(n + 1)\nf(0)\n"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasSuffix("RecursionError: maximum recursion depth exceeded\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("[Previous line repeated"), r.stderr)
    }

    /// A recursion limit raised past what the native stack holds stops with RecursionError, in the
    /// script and in a generator (on its own thread), instead of crashing.
    func testRaisedRecursionLimitStopsAtTheNativeStack() throws {
        let code = """
            import sys
            sys.setrecursionlimit(10 ** 8)
            def f(n):
                return f(n + 1)
            def g():
                yield f(0)
            for run in (lambda: f(0), lambda: next(g())):
                try:
                    run()
                except RecursionError as e:
                    print(e)
            """
        let r = try TestSupport.runNN(["-c", code])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, String(repeating: "maximum recursion depth exceeded\n", count: 2))
    }

    /// Expressions of a million terms of every operator kind end as CPython's do, within a minute
    /// each and 3 GB of address space (the interpreter's stack takes 1 GB of it): a chain that
    /// nests to the left is refused as too deep to compile, one that nests to the right overflows
    /// the parser, and flat ones (`and`, `or`, comparisons) run.
    func testMillionTermExpressionsOfEveryKindEndInBoundedTimeAndMemory() throws {
        let terms = 1_000_000
        let tooDeep = "RecursionError: maximum recursion depth exceeded during compilation\n"
        let tooComplex = "MemoryError: Parser stack overflowed - Python source too complex to parse\n"
        func chain(_ op: String) -> String { "x = " + String(repeating: "1" + op, count: terms) + "1\nprint(x)" }
        let cases: [(String, String, expected: String)] = [
            ("+", chain("+"), tooDeep), ("*", chain("*"), tooDeep), ("<<", chain("<<"), tooDeep),
            ("&", chain("&"), tooDeep), ("^", chain("^"), tooDeep), ("|", chain("|"), tooDeep),
            ("**", chain("**"), tooComplex), ("and", chain(" and "), "1\n"), ("or", chain(" or "), "1\n"),
            ("<=", chain(" <= "), "True\n"), ("if else", chain(" if 1 else "), tooComplex),
            ("-", "x = " + String(repeating: "-", count: terms) + "1", tooComplex),
            ("not", "x = " + String(repeating: "not ", count: terms) + "1", tooComplex),
            ("lambda", "x = " + String(repeating: "lambda: ", count: terms) + "1", tooComplex),
            (".", "x = (1)" + String(repeating: ".real", count: terms), tooDeep),
            ("()", "f = lambda: f\nx = f" + String(repeating: "()", count: terms), tooDeep),
            ("[]", "a = [0]\nx = a" + String(repeating: "[0]", count: terms), tooDeep),
        ]
        let outcomes = TestSupport.concurrently(cases.count) { i in
            do {
                let r = try TestSupport.runNN(["-"], input: cases[i].1, timeout: 120, memoryLimit: 3072)
                return r.stdout + r.stderr
            } catch {
                return "\(error)"
            }
        }
        for (c, outcome) in zip(cases, outcomes) { XCTAssertEqual(outcome, c.expected, c.0) }
        let long = try TestSupport.runNN(["-"], input: "x = " + String(repeating: "1+", count: 20_000) + "1\nprint(x)")
        XCTAssertEqual(long.stdout, "20001\n", long.stderr)
    }

    /// A frame of 100,000 columns prints its head summarised as pandas does (the printer walks only
    /// the columns it shows; it was quadratic in the column count).
    func testAWideFramePrintsOnlyTheColumnsItShows() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nn-wide-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let n = 100_000
        let csv =
            (0..<n).map { "c\($0)" }.joined(separator: ",") + "\n"
            + Array(repeating: "1", count: n).joined(separator: ",")
        try (csv + "\n").write(to: dir.appendingPathComponent("wide.csv"), atomically: true, encoding: .utf8)
        let r = try TestSupport.runNN(
            ["-"], in: dir,
            input: "import pandas as pd\ndf = pd.read_csv('wide.csv')\nprint(df.head())\nprint(df.shape)")
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 6, r.stdout)
        XCTAssertTrue(lines[0].hasPrefix("   c0  c1  c2") && lines[0].contains(" ... ") && lines[0].hasSuffix("c99999"))
        XCTAssertEqual(lines.dropFirst(2), ["", "[1 rows x 100000 columns]", "(1, 100000)", ""], r.stdout)
    }

    func testHelloExample() throws {
        let r = try TestSupport.runNN([TestSupport.packageRoot.appendingPathComponent("examples/hello.nn").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("-40 degrees Celsius = -40 degrees Fahrenheit\n"))
    }

    /// The README's main command: the celsius exercise trains, shows its falling loss curve, and
    /// learns f ≈ 1.8·c + 32.
    func testCelsiusExample() throws {
        let r = try TestSupport.runNN([TestSupport.packageRoot.appendingPathComponent("examples/celsius.nn").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0 == "Finished training the model" }.count, 2)
        // The plot: the y label, the frame, the epochs 0…500 as x ticks, the x label.
        guard let top = lines.firstIndex(of: "Loss Magnitude") else { return XCTFail(r.stdout) }
        XCTAssertTrue(lines[top + 1].hasPrefix("    ┌───"), String(lines[top + 1]))
        XCTAssertTrue(lines.contains { $0.hasPrefix("        0           100           200") }, r.stdout)
        XCTAssertTrue(lines.contains { $0.trimmingCharacters(in: .whitespaces) == "Epoch Number" }, r.stdout)
        // The curve starts high at the left and ends low at the right: its first braille dot sits in an
        // upper row, its last in a lower one.
        let plotRows = lines[(top + 2)...].prefix { !$0.hasPrefix("    └") }
        let braille = { (line: Substring) in line.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } }
        let firstRow = plotRows.firstIndex(where: braille) ?? 0, lastRow = plotRows.lastIndex(where: braille) ?? 0
        XCTAssertLessThan(firstRow, lastRow - 10, r.stdout)
        guard let prediction = lines.first(where: { $0.hasPrefix("[[") }) else { return XCTFail(r.stdout) }
        let value = Double(prediction.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))) ?? 0
        XCTAssertEqual(value, 212, accuracy: 2, r.stdout)
    }

    /// A script that plots without show() has its figure drawn when it ends, as a notebook cell does.
    func testUnshownFiguresAreDrawnWhenTheScriptEnds() throws {
        let r = try TestSupport.runNN([
            "-c", "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.xlabel('steps')\nprint('before')",
        ])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("before\n"), r.stdout)
        XCTAssertTrue(r.stdout.hasSuffix("steps\n"), r.stdout)
        // An error ends the script without drawing.
        let failed = try TestSupport.runNN(["-c", "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\n1 / 0"])
        XCTAssertEqual(failed.stdout, "")
    }

    /// Runs `nn FILE` and sends it Ctrl-C (SIGINT) after `delay` seconds.
    func interrupted(
        _ code: String, after delay: TimeInterval = 1, signal: Int32 = SIGINT
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nn-int-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = dir.appendingPathComponent("s.py"), out = dir.appendingPathComponent("out"),
            err = dir.appendingPathComponent("err")
        try code.write(to: script, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = TestSupport.nnBinary
        process.arguments = [script.path]
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return (
            process.terminationStatus, try String(contentsOf: out, encoding: .utf8),
            try String(contentsOf: err, encoding: .utf8)
        )
    }

    /// On a pipe, output is block-buffered but written out before a wait and before training, so a
    /// run killed there (a timeout) still shows what it printed.
    func testPrintedOutputIsOutBeforeWaitsAndTraining() throws {
        let wait = try interrupted("import time\nprint('waiting')\ntime.sleep(60)\n", signal: SIGKILL)
        XCTAssertEqual(wait.stdout, "waiting\n")
        let training = try interrupted(
            """
            import numpy as np, tensorflow as tf
            print('training')
            m = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            m.compile(loss='mse')
            m.fit(np.ones((8, 1)), np.ones(8), epochs=10**9, verbose=0)
            """, after: 2, signal: SIGKILL)
        XCTAssertEqual(training.stdout, "training\n")
    }

    func testControlCStopsALoopWithKeyboardInterrupt() throws {
        let r = try interrupted("print('start', flush=True)\nwhile True:\n    pass\n")
        XCTAssertEqual(r.status, 130)
        XCTAssertTrue(r.stderr.hasSuffix("KeyboardInterrupt\n"), r.stderr)
    }

    func testControlCStopsTrainingAndKeepsTheWeights() throws {
        let r = try interrupted(
            """
            import numpy as np
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Input(shape=[1]), tf.keras.layers.Dense(1)])
            model.set_weights([np.array([[0.5]]), np.array([0.0])])
            model.compile(loss='mse', optimizer=tf.keras.optimizers.Adam(0.1))
            try:
                model.fit(np.array([1.0, 2.0]), np.array([2.0, 4.0]), epochs=10**9, verbose=0)
            except KeyboardInterrupt:
                print('interrupted', model.get_weights()[0][0][0] != 0.5)
            """)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "interrupted True\n")
    }

    func testShortNamesInNNScriptsOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nn-short-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let code =
            "model = Sequential([Input(shape: [2]), Dense(units: 3), Dropout(0.5)])\nprint(model.count_params(), Adam(learning_rate: 0.5).learning_rate)\n"
        for ext in ["nn", "py"] {
            try code.write(to: dir.appendingPathComponent("s.\(ext)"), atomically: true, encoding: .utf8)
        }
        let nn = try TestSupport.runNN([dir.appendingPathComponent("s.nn").path])
        XCTAssertEqual(nn.stdout, "9 0.5\n", nn.stderr)
        let py = try TestSupport.runNN([dir.appendingPathComponent("s.py").path])
        XCTAssertTrue(py.stderr.hasSuffix("NameError: name 'Sequential' is not defined\n"), py.stderr)
    }

    /// The course's lemonade, Boston and iris scripts, reading the course URLs from the project's
    /// own CSVs in examples/cache, as a pre-filled cache lets them run offline.
    func testCourseExamplesRunFromTheCache() throws {
        let cache = TestSupport.packageRoot.appendingPathComponent("examples/cache").path
        for (name, expected) in [
            ("lemonade", "(13, 1) (13, 1)"), ("boston", "(40, 13) (40, 1)"), ("iris", "(36, 4) (36, 3)"),
        ] {
            let r = try TestSupport.runNN(
                [TestSupport.packageRoot.appendingPathComponent("examples/\(name).nn").path],
                timeout: 120, environment: ["NN_CACHE_DIR": cache])
            XCTAssertEqual(r.status, 0, "\(name): \(r.stderr)")
            XCTAssertTrue(r.stdout.contains(expected), "\(name): \(r.stdout)")
            XCTAssertTrue(r.stdout.contains("Epoch 10/10"), name)
        }
    }
}
