import Foundation
import NNBindings
import XCTest

/// Runs every case of the project's corpus (`conformance/`) through the built `nn`, then those of
/// ../shared/conformance that differ from it, and compares by the corpus's rule (conformance/README.md).
/// A case that imports a module nn does not provide yet is an expected failure, reported by name;
/// every other case must pass.
final class ConformanceTests: XCTestCase {
    static let availableModules = Set(
        StandardModules.registry().moduleNames.map { $0.split(separator: ".")[0] }.map(String.init))

    /// Top-level modules a script imports.
    static func imports(_ script: String) -> Set<String> {
        var modules = Set<String>()
        for line in script.split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "," })
            guard let first = words.first, first == "import" || first == "from", words.count > 1 else { continue }
            if first == "from" {
                modules.insert(String(words[1].split(separator: ".")[0]))
            } else {
                var i = 1
                while i < words.count {
                    modules.insert(String(words[i].split(separator: ".")[0]))
                    i += words.count > i + 1 && words[i + 1] == "as" ? 3 : 1
                }
            }
        }
        return modules
    }

    /// Lines without empty ones, white space runs folded.
    static func normalized(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).joined(separator: " ") }
            .filter { !$0.isEmpty }
    }

    /// Keras and TensorFlow cases (float32 arithmetic) compare numbers with a relative tolerance of 1e-3
    /// (absolute 1e-4 near zero).
    static func numbersClose(_ a: String, _ b: String) -> Bool {
        let separators: (Character) -> Bool = { " [](){},:=".contains($0) }
        let x = a.split(whereSeparator: separators), y = b.split(whereSeparator: separators)
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where p != q {
            guard let u = Double(p), let v = Double(q) else { return false }
            if abs(u - v) > max(1e-4, 1e-3 * max(abs(u), abs(v))) { return false }
        }
        return true
    }

    /// The same last error line, or nn's with a name suggestion after the reference's text:
    /// nn suggests a close parameter name for an unknown keyword (as CPython 3.13 does), where
    /// CPython 3.11 and Keras name only the keyword.
    static func sameError(_ actual: String, _ expected: String) -> Bool {
        guard actual != expected else { return true }
        guard actual.hasPrefix(expected) else { return false }
        let rest = actual.dropFirst(expected.count), opening = ". Did you mean '", closing = "'?"
        return rest.hasPrefix(opening) && rest.hasSuffix(closing)
            && !rest.dropFirst(opening.count).dropLast(closing.count).contains("'")
    }

    static func matches(_ actual: String, _ expected: String, tolerant: Bool) -> Bool {
        let a = normalized(actual), e = normalized(expected)
        guard a.count == e.count else { return false }
        return zip(a, e).allSatisfy {
            $0 == $1 || (tolerant && numbersClose(withoutTimes($0), withoutTimes($1)))
        }
    }

    /// A Keras progress line without its timings (`3/3 - 1s - 489ms/step - loss: ...`), which no
    /// two runs share.
    static func withoutTimes(_ line: String) -> String {
        line.replacing(/\ - \d+s - \d+(us|ms|s)\/step/, with: " - time")
    }

    /// A corpus: a folder with `cases/NAME.py` (and `.out`, `.err`) and the `data/` they read.
    struct Corpus {
        let folder: URL
        var cases: URL { folder.appendingPathComponent("cases") }

        /// The project's own corpus, always there.
        static let project = Corpus(folder: TestSupport.packageRoot.appendingPathComponent("conformance"))
        /// The seed corpus beside the checkout, when there is one (CI has it).
        static var shared: Corpus? {
            let folder = TestSupport.shared.appendingPathComponent("conformance")
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent("cases").path)
                ? Corpus(folder: folder) : nil
        }

        var names: [String] {
            get throws {
                try FileManager.default.contentsOfDirectory(atPath: cases.path)
                    .filter { $0.hasSuffix(".py") }.map { String($0.dropLast(3)) }.sorted()
            }
        }

        /// The script, expected output and expected last error line of a case.
        func files(_ name: String) throws -> CaseFiles {
            let read = { (ext: String) in
                try? String(contentsOf: cases.appendingPathComponent(name + ext), encoding: .utf8)
            }
            guard let script = read(".py") else { throw CocoaError(.fileReadNoSuchFile) }
            return CaseFiles(script: script, out: read(".out") ?? "", err: read(".err"))
        }
    }

    struct CaseFiles: Equatable {
        var script: String, out: String, err: String?
    }

    struct Tally {
        var passed = 0, failed = 0, expectedFailures: [String] = []
    }

    /// Runs the cases of `corpus` named in `names` from its folder, so `data/x.csv` resolves there.
    func run(_ corpus: Corpus, _ names: [String]) throws -> Tally {
        var tally = Tally()
        for name in names {
            let files = try corpus.files(name)
            let (script, expectedOut, expectedErr) = (files.script, files.out, files.err)
            let missing = ConformanceTests.imports(script).subtracting(ConformanceTests.availableModules)
            if !missing.isEmpty {
                tally.expectedFailures.append("\(name) (needs \(missing.sorted().joined(separator: ", ")))")
                continue
            }
            // Keras's cache is the corpus's own (data/keras), as scripts/regen-corpus gives it to Keras.
            let result = try TestSupport.runNN(
                ["cases/\(name).py"], in: corpus.folder,
                environment: ["KERAS_HOME": corpus.folder.appendingPathComponent("data/keras").path])
            var ok = ConformanceTests.matches(
                result.stdout, expectedOut, tolerant: name.hasPrefix("keras_") || name.hasPrefix("tf_"))
            if let expectedErr {
                let lastLine = ConformanceTests.normalized(result.stderr).last ?? ""
                ok =
                    ok && result.status != 0
                    && ConformanceTests.sameError(lastLine, ConformanceTests.normalized(expectedErr).last ?? "")
            } else {
                ok = ok && result.status == 0
            }
            if ok {
                tally.passed += 1
            } else {
                tally.failed += 1
                XCTFail(
                    "conformance case \(corpus.folder.path)/cases/\(name) failed\n--- stdout:\n\(result.stdout)\n--- stderr:\n"
                        + "\(result.stderr)\n--- expected:\n\(expectedOut)\(expectedErr.map { "\n--- expected error: " + $0 } ?? "")"
                )
            }
        }
        return tally
    }

    func report(_ label: String, _ tally: Tally) {
        print(
            "conformance (\(label)): \(tally.passed) passed, \(tally.failed) failed, "
                + "\(tally.expectedFailures.count) expected failures (modules not built yet)")
        for name in tally.expectedFailures { print("  expected failure: \(name)") }
    }

    /// The project's corpus, then the cases of ../shared/conformance that the project does not
    /// hold word for word (a case copied in unchanged runs once).
    func testConformanceCases() throws {
        let project = Corpus.project
        let names = try project.names
        XCTAssertGreaterThanOrEqual(names.count, 74, "the project's corpus in \(project.cases.path) is incomplete")
        report("project", try run(project, names))
        guard let shared = Corpus.shared else {
            print("conformance: no ../shared/conformance beside the checkout; the project's corpus alone ran")
            return
        }
        let extra = try shared.names.filter { name in
            !names.contains(name) || (try? project.files(name)) != (try? shared.files(name))
        }
        report("shared, \(extra.count) cases not in the project", try run(shared, extra))
    }

    func testImportScanning() {
        XCTAssertEqual(
            ConformanceTests.imports("import numpy as np\nfrom tensorflow import keras\nimport math, os.path"),
            ["numpy", "tensorflow", "math", "os"])
    }

    func testErrorSuggestionRule() {
        let reference = "ValueError: Unrecognized keyword arguments passed to Dense: {'unit': 3}"
        XCTAssertTrue(ConformanceTests.sameError(reference + ". Did you mean 'units'?", reference))
        XCTAssertTrue(ConformanceTests.sameError(reference, reference))
        XCTAssertFalse(ConformanceTests.sameError(reference + ". Did you mean 'units'? and more'?", reference))
        XCTAssertFalse(ConformanceTests.sameError(reference + " extra", reference))
        XCTAssertFalse(ConformanceTests.sameError("TypeError: x", reference))
    }

    func testToleranceRule() {
        XCTAssertTrue(ConformanceTests.numbersClose("[[211.27554]]", "[[211.2761]]"))
        XCTAssertFalse(ConformanceTests.numbersClose("[[211.27554]]", "[[212.3]]"))
        XCTAssertFalse(ConformanceTests.matches("a\nb", "a\nc", tolerant: true))
        XCTAssertTrue(ConformanceTests.matches("a  b\n\n c", "a b\nc", tolerant: false))
    }
}
