import Foundation
import XCTest

/// The interactive session on a pseudo-terminal, driven by keystrokes as a user types them, and
/// on a pipe, where it reads plain lines.
final class REPLTests: XCTestCase {
    var home: URL!

    override func setUpWithError() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("nn-repl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: home) }

    /// A session with its own home, so its history file is the test's.
    func session(_ arguments: [String] = [], columns: UInt16 = 80) throws -> Terminal {
        let terminal = try Terminal(
            arguments, environment: ["HOME": home.path, "TERM": "xterm", "LANG": "C.UTF-8"], columns: columns)
        try terminal.waitFor(">>> ")
        return terminal
    }

    func testValuesAreEchoedButNotNoneAndCtrlDExits() throws {
        let t = try session()
        XCTAssertEqual(try t.enter("x = 6 * 7"), "x = 6 * 7\n")
        XCTAssertEqual(try t.enter("x"), "x\n42\n")
        XCTAssertEqual(try t.enter("print(None)"), "print(None)\nNone\n")
        XCTAssertEqual(try t.enter("None"), "None\n")
        XCTAssertEqual(try t.enter("'문자열'"), "'문자열'\n'문자열'\n")
        t.type("\u{4}")
        XCTAssertEqual(try t.exitStatus(), 0)
    }

    func testBlocksEndAtAnEmptyLine() throws {
        let t = try session()
        try t.enter("for i in range(3):", prompt: "... ")
        try t.enter("    print(i * 10)", prompt: "... ")
        XCTAssertEqual(try t.enter(""), "\n0\n10\n20\n")
        try t.enter("d = {'a':", prompt: "... ")
        try t.enter("1}")
        XCTAssertEqual(try t.enter("d['a']"), "d['a']\n1\n")
    }

    /// A block header followed by an unindented line fails at once, as CPython's REPL does.
    func testAnUnindentedLineAfterABlockHeaderIsAnIndentationError() throws {
        let t = try session()
        try t.enter("if True:  # a comment", prompt: "... ")
        let report = try t.enter("print('x')")
        XCTAssertTrue(report.contains("IndentationError: expected an indented block"), report)
        XCTAssertEqual(try t.enter("1 + 1"), "1 + 1\n2\n")
    }

    func testAnErrorKeepsTheSessionAndItsVariables() throws {
        let t = try session()
        try t.enter("온도 = 25")
        let report = try t.enter("1 / 0")
        XCTAssertTrue(report.contains("Traceback (most recent call last):"), report)
        XCTAssertTrue(report.contains("ZeroDivisionError: division by zero"), report)
        XCTAssertEqual(try t.enter("온도 + 1"), "온도 + 1\n26\n")
        t.type("print(온두)\r")
        try t.waitFor("NameError: name '온두' is not defined. Did you mean: '온도'?")
        try t.waitFor(">>> ")
    }

    func testTabCompletesNamesModuleMembersAndAttributes() throws {
        let t = try session()
        try t.enter("import tensorflow as tf")
        // One match is inserted: `tf.keras.lay` becomes `tf.keras.layers`, `.Dens` becomes `.Dense(`.
        t.type("model = tf.keras.Sequential([tf.keras.lay\t")
        try t.waitFor("ers")
        t.type(".Dens\t")
        try t.waitFor("e(")
        try t.enter("units=1, input_shape=[1])])")
        t.type("model.compi\t")
        try t.waitFor("le(")
        try t.enter("loss='mean_squared_error', optimizer='adam')")
        // Several matches: a second Tab lists them.
        t.type("model.\t\t")
        let listing = try t.waitFor(">>> model.")
        for member in ["fit(", "predict(", "summary(", "layers"] { XCTAssertTrue(listing.contains(member), listing) }
        t.type("\u{15}")  // Ctrl-U clears the line.
        // Every object's members complete, pandas' too.
        try t.enter("import pandas as pd")
        try t.enter("df = pd.DataFrame({'a': [1]})")
        t.type("df.desc\t")
        try t.waitFor("ribe(")
        t.type("\u{15}")
        // Korean names complete too.
        try t.enter("섭씨온도 = 100")
        t.type("섭씨\t")
        try t.waitFor("온도")
        XCTAssertEqual(try t.enter(" * 1.8 + 32"), " * 1.8 + 32\n212.0\n")
        // Tab at the start of a line indents.
        try t.enter("if True:", prompt: "... ")
        XCTAssertEqual(try t.enter("\tprint('indented')", prompt: "... "), "    print('indented')\n")
        XCTAssertEqual(try t.enter(""), "\nindented\n")
    }

    func testCtrlCCancelsTheLineAndInterruptsRunningCode() throws {
        let t = try session()
        t.type("half typed")
        try t.waitFor("half typed")
        t.type("\u{3}")
        try t.waitFor("KeyboardInterrupt\n>>> ")
        try t.enter("n = 0")
        try t.enter("while True:", prompt: "... ")
        try interrupt(t, "    n += 1\r\r", after: 0.3)
        XCTAssertEqual(try t.enter("n > 0"), "n > 0\nTrue\n")
        // Interrupting training keeps the session and the weights learned so far.
        try t.enter("import numpy as np; import tensorflow as tf")
        try t.enter(
            "m = tf.keras.Sequential([tf.keras.layers.Dense(units=1, input_shape=[1])]); m.compile(loss='mse', optimizer='adam')"
        )
        try interrupt(t, "h = m.fit(np.arange(100.0), np.arange(100.0), epochs=1000000, verbose=0)\r", after: 0.5)
        XCTAssertEqual(try t.enter("len(m.get_weights())"), "len(m.get_weights())\n2\n")
    }

    /// Types `keys`, presses Ctrl-C `seconds` later and expects KeyboardInterrupt and the prompt.
    func interrupt(
        _ t: Terminal, _ keys: String, after seconds: Double, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        t.type(keys)
        Thread.sleep(forTimeInterval: seconds)
        t.type("\u{3}")
        let report = try t.waitFor(">>> ")
        XCTAssertTrue(report.contains("KeyboardInterrupt"), report, file: file, line: line)
    }

    /// Built-in loops (a range summed, a huge list, a long matrix product) stop at Ctrl-C, and no
    /// number of Ctrl-C presses ends the session.
    func testCtrlCStopsBuiltInLoopsAndNeverEndsTheSession() throws {
        let t = try session()
        try t.enter("x = 42")
        for _ in 0..<2 { try interrupt(t, "sum(range(10**12))\r", after: 0.3) }
        t.type("\u{3}\u{3}\u{3}")
        try t.waitFor("KeyboardInterrupt\n>>> ")
        let memory = try t.enter("list(range(10**12))")
        XCTAssertTrue(memory.contains("MemoryError"), memory)
        try t.enter("import numpy as np; a = np.ones((300, 300)); b = a")
        try interrupt(t, "for _ in range(1000): b = b @ a\r\r", after: 0.5)
        XCTAssertEqual(try t.enter("x"), "x\n42\n")
    }

    /// In a narrow terminal the progress line is cut to fit (a wrapped line would leave a stale row
    /// per redraw), and Ctrl-C leaves the step the epoch reached on it.
    func testProgressFitsANarrowTerminalAndShowsWhereCtrlCStopped() throws {
        let t = try session(columns: 50)
        try t.enter("import numpy as np")
        try t.enter("import tensorflow as tf")
        try t.enter("L = tf.keras.layers")
        try t.enter("m = tf.keras.Sequential([L.Dense(1)])")
        try t.enter("m.compile(loss='mse', metrics=['mae'])")
        try t.enter("x = np.ones((400000, 1))")
        t.widestLine = 0
        t.type("m.fit(x, x, batch_size=1)\r")
        try t.waitFor("/400000")
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertLessThan(t.widestLine, 50)
        t.type("\u{3}")
        let report = try t.waitFor(">>> ")
        XCTAssertTrue(report.contains("KeyboardInterrupt"), report)
        // The terminal echoes ^C where the cursor is; nn's last line follows it.
        let final = report.components(separatedBy: "^C").last?.split(separator: "\n").first ?? ""
        XCTAssertLessThan(final.count, 50, report)
        let last = report.components(separatedBy: "/400000").dropLast().last ?? ""
        let reached = Int(last.split(separator: " ").last ?? "") ?? 0
        XCTAssertTrue(reached > 0 && reached < 400000, report)
    }

    func testHistoryIsSavedAndRecalledWithArrowUp() throws {
        do {
            let t = try session()
            XCTAssertEqual(try t.enter("print('from' + ' history')"), "print('from' + ' history')\nfrom history\n")
            t.type("\u{4}")
            XCTAssertEqual(try t.exitStatus(), 0)
        }
        let saved = try String(contentsOf: home.appendingPathComponent(".nn_history"), encoding: .utf8)
        XCTAssertTrue(saved.contains("print('from' + ' history')"), saved)
        let t = try session()
        t.type("\u{1b}[A")
        try t.waitFor("print('from' + ' history')")
        XCTAssertEqual(try t.enter(""), "\nfrom history\n")
    }

    func testDashIRunsTheFileThenStaysInteractive() throws {
        let script = home.appendingPathComponent("setup.nn")
        try "greeting = 'hello'\nprint('ran')\n".write(to: script, atomically: true, encoding: .utf8)
        let t = try Terminal(["-i", script.path], environment: ["HOME": home.path, "TERM": "xterm"])
        try t.waitFor("ran\n")
        try t.waitFor(">>> ")
        XCTAssertEqual(try t.enter("greeting.upper()"), "greeting.upper()\n'HELLO'\n")
        t.type("exit(4)\r")
        XCTAssertEqual(try t.exitStatus(), 4)
    }

    /// Without a terminal the session reads plain lines: prompts go to standard error, so the output
    /// holds only the echoed values and what the code prints.
    func testPipedInputIsReadAsPlainLines() throws {
        let input = "x = 2\nx * 3\nNone\nfor i in range(2):\n    print(i)\n\nprint(y)\nx\nd = {'a':\n 1}\nd\n"
        let r = try TestSupport.runNN([], input: input, environment: ["HOME": home.path])
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "6\n0\n1\n2\n{'a': 1}\n")
        XCTAssertTrue(r.stderr.hasPrefix(">>> >>> >>> >>> ... ... >>> Traceback (most recent call last):\n"), r.stderr)
        XCTAssertTrue(r.stderr.contains("NameError: name 'y' is not defined"), r.stderr)
    }
}
