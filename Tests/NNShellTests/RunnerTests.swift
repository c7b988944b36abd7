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
        XCTAssertEqual(r.stderr, """
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
        XCTAssertEqual(r.stderr, "  File \"<string>\", line 2\n    x = (1 +\n        ^\nSyntaxError: '(' was never closed\n")
    }

    func testUsageErrorsExitWithTwo() throws {
        XCTAssertEqual(try TestSupport.runNN(["--no-such-flag"]).status, 2)
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

    func testHelloExample() throws {
        let r = try TestSupport.runNN([TestSupport.packageRoot.appendingPathComponent("examples/hello.nn").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("-40 degrees Celsius = -40 degrees Fahrenheit\n"))
    }

    /// The README's main command: the celsius exercise trains and learns f ≈ 1.8·c + 32.
    func testCelsiusExample() throws {
        let r = try TestSupport.runNN([TestSupport.packageRoot.appendingPathComponent("examples/celsius.nn").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0 == "Finished training the model" }.count, 2)
        guard let prediction = lines.first(where: { $0.hasPrefix("[[") }) else { return XCTFail(r.stdout) }
        let value = Double(prediction.trimmingCharacters(in: CharacterSet(charactersIn: "[] "))) ?? 0
        XCTAssertEqual(value, 212, accuracy: 2, r.stdout)
    }
}
