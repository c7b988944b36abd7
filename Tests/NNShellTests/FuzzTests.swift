import Foundation
import XCTest
import NNBindings
import NNLang
import NNShell

/// Feeds random token streams, mutated conformance scripts and extreme inputs (long chains, deep
/// nesting, long literals) to the lexer, parser and interpreter: each must end in a result or a
/// Python error, never a crash or a hang.
/// `swift test` runs a small sample; `scripts/fuzz N` runs N inputs (NN_FUZZ_COUNT, NN_FUZZ_SEED).
final class FuzzTests: XCTestCase {
    func testFuzz() throws {
        let environment = ProcessInfo.processInfo.environment
        let count = environment["NN_FUZZ_COUNT"].flatMap(Int.init) ?? 1500
        let seed = environment["NN_FUZZ_SEED"].flatMap(UInt64.init) ?? 20261122
        var fuzzer = Fuzzer(seed: seed, corpus: try Fuzzer.corpus())
        let stats = try fuzzer.run(count)
        print(
            "fuzz: \(count) inputs, seed \(seed): \(stats.completed) completed, \(stats.pythonErrors) Python errors, "
                + "\(stats.interrupted) stopped at the time limit, 0 crashes")
        XCTAssertEqual(stats.otherErrors, [], "errors that are not Python exceptions")
    }
}

/// A small, seedable random generator (SplitMix64), so a failing run can be repeated.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Stops a run that takes too long by raising KeyboardInterrupt in it, as Ctrl-C would.
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var deadline: Date?
    private var hangLimit: Date?
    var reproducer: URL?

    init() {
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 0.05)
                lock.lock()
                let now = Date()
                if let d = deadline, now > d { Interpreter.interruptRequested = true; deadline = nil }
                let hung = hangLimit.map { now > $0 } ?? false
                lock.unlock()
                if hung {
                    FileHandle.standardError.write(
                        "fuzz: an input ignored KeyboardInterrupt for 30 s; it is in \(reproducer?.path ?? "?")\n".data(
                            using: .utf8)!)
                    exit(1)
                }
            }
        }
    }

    func start(limit: TimeInterval) {
        lock.lock()
        deadline = Date().addingTimeInterval(limit)
        hangLimit = Date().addingTimeInterval(limit + 30)
        lock.unlock()
    }

    func stop() {
        lock.lock()
        deadline = nil
        hangLimit = nil
        lock.unlock()
        Interpreter.interruptRequested = false
    }
}

/// Discards what a fuzzed program prints.
final class NullSink: TextSink {
    func write(_ text: String) {}
    func flush() {}
}

struct Fuzzer {
    struct Stats {
        var completed = 0, pythonErrors = 0, interrupted = 0
        var otherErrors: [String] = []
    }

    var random: SplitMix
    let corpus: [String]

    init(seed: UInt64, corpus: [String]) {
        random = SplitMix(state: seed)
        self.corpus = corpus
    }

    /// The conformance scripts that need no module nn lacks, the material that mutations start
    /// from (a script that stops at its first import would exercise little beyond the parser).
    static func corpus() throws -> [String] {
        let cases = ConformanceTests.Corpus.project.cases
        let names = try FileManager.default.contentsOfDirectory(atPath: cases.path).filter { $0.hasSuffix(".py") }
            .sorted()
        return try names.map { try String(contentsOf: cases.appendingPathComponent($0), encoding: .utf8) }
            .filter { ConformanceTests.imports($0).isSubset(of: ConformanceTests.availableModules) }
    }

    static let vocabulary: [String] = [
        "if", "elif", "else", "for", "while", "in", "not", "and", "or", "is", "def", "return", "lambda", "try",
        "except", "finally", "raise", "with", "as", "import", "from", "pass", "break", "continue", "global",
        "nonlocal", "del", "assert", "None", "True", "False", "class", "yield",
        "x", "y", "i", "f", "print", "len", "range", "list", "dict", "str", "int", "float", "math", "sorted",
        "독립", "레모네이드", "__name__", "e", "self", "super()", "__init__", "__repr__", "@property\n",
        "@staticmethod\n", "class A:\n    ", "class B(A):\n    ", "def __eq__(self, o):", "self.x",
        "yield from ", "def g():\n    yield ", "@functools.lru_cache\n", "import functools\n", "next(", ".send(",
        "import collections\n", "collections.Counter(", "import itertools\n", "itertools.chain(", "import re\n",
        "re.sub(r'\\d+', ", "import json\n", "json.loads(", "json.dumps(", "import sys\n", "sys.setrecursionlimit(",
        "0", "1", "-1", "2", "10", "1.5", "1e308", "1e-320", ".5", "1_000", "0x1F", "9223372036854775807",
        "10**100", "'a'", "\"b\"", "'''t'''", "f'{x}'", "f'{x:>{y}}'", "r'\\d'", "'\\N{BULLET}'", "'",
        "\"", "f'{", "'\\x'", "\\", "#",
        "(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-",
        "*", "/", "//", "%", "**", "@", "&", "|", "^", "~", "<<", ">>", "+=", "-=", "*=", "**=", ":=", "->",
        "...", "\n", "\n    ", "\n        ", "\n\t", "\n  ",
        "import numpy as np\n", "np", "np.array([[1, 2], [3, 4]])", "np.arange(6)", "np.zeros((2, 3))", ".reshape",
        ".T", "[:, 0]", "[::-1]", ".sum(axis=1)", "np.float32", "dtype=", "np.random.rand(3)",
        "import matplotlib.pyplot as plt\n", "plt.plot(", "plt.scatter(", "plt.xlim(", "plt.ylim(", "plt.show()",
        "plt.subplot(", "'ro--'", "label=", "plt.legend()", "plt.savefig('f.png')", "plt.savefig('f.svg')",
        "plt.figure(figsize=", "plt.imshow(", "plt.bar(", "plt.hist(", "plt.xticks(", "plt.colorbar()", "cmap=",
        "import tensorflow as tf\n", "tf.data.Dataset.from_tensor_slices(", "tf.data.Dataset.range(", ".batch(",
        ".shuffle(", ".take(", ".map(", ".repeat(", ".cache()", ".unbatch()", "tf.image.resize(",
        "import pandas as pd\n", "pd.DataFrame({'a': [1, 2]})", ".plot(", "kind=",
    ]

    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &random)] }
    mutating func number(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }

    /// A random sequence of tokens with random spacing.
    mutating func tokenStream() -> String {
        var text = ""
        for _ in 0..<number(1..<40) {
            text += pick(Fuzzer.vocabulary)
            text += pick(["", " ", " ", "\n"])
        }
        return text
    }

    /// A conformance script with one to four random edits.
    mutating func mutatedScript() -> String {
        var text = Array(pick(corpus).unicodeScalars)
        for _ in 0..<number(1..<5) {
            let at = number(0..<(text.count + 1))
            switch number(0..<7) {
            case 0 where !text.isEmpty:  // delete a span
                let end = min(text.count, at + number(1..<12))
                if at < end { text.removeSubrange(at..<end) }
            case 1:  // insert a token
                text.insert(contentsOf: pick(Fuzzer.vocabulary).unicodeScalars, at: at)
            case 2:  // duplicate a line
                let lines = String(String.UnicodeScalarView(text)).split(
                    separator: "\n", omittingEmptySubsequences: false)
                let line = lines[number(0..<lines.count)]
                text.insert(contentsOf: (line + "\n").unicodeScalars, at: at)
            case 3:  // truncate
                text.removeSubrange(at...)
            case 4 where !text.isEmpty:  // replace one character
                text[min(at, text.count - 1)] = pick(Array("()[]{}:,.=+-*/'\"#\\ \t\n0123456789xe_".unicodeScalars))
            case 5:  // swap two lines
                var lines = String(String.UnicodeScalarView(text)).split(
                    separator: "\n", omittingEmptySubsequences: false)
                lines.swapAt(number(0..<lines.count), number(0..<lines.count))
                text = Array(lines.joined(separator: "\n").unicodeScalars)
            default:  // change a number into a large or awkward one
                text.insert(
                    contentsOf: pick(["0", "-1", "10**20", "1e400", "2**64", "float('nan')", "[]", "None"])
                        .unicodeScalars, at: at)
            }
        }
        return String(String.UnicodeScalarView(text))
    }

    /// A size from 1 to `limit`, uniform in its logarithm: mostly small, now and then past every
    /// limit nn and CPython set.
    mutating func size(upTo limit: Int) -> Int {
        Int(exp(Double.random(in: 0...log(Double(limit)), using: &random)))
    }

    /// A long chain, a deep nesting of one construct, or a long literal.
    mutating func extremeInput() -> String {
        switch number(0..<3) {
        case 0:
            let link = pick([
                "+1", "-1", "*1", "/1", "//1", "%1", "**1", "<<1", ">>1", "&1", "|1", "^1", "@x", " and 1", " or 0",
                " < 2", " == 1", " in [1]", " is None", " if 1 else 1", ".real", "()", "[0]", "(1)", ", 1", " + 'a'",
                " + f'{1}'", "\n    x += 1",
            ])
            return pick(["x = 1", "print(1", "def f(): return 1", "while False:\n    x = 1", "x = [1"])
                + String(repeating: link, count: size(upTo: 200_000)) + pick(["", ")", "]", "\n"])
        case 1:
            let (open, close) = pick([
                ("(", ")"), ("[", "]"), ("{", "}"), ("-", ""), ("not ", ""), ("~", ""), ("lambda: ", ""),
                ("1 if 1 else ", ""), ("abs(", ")"), ("[i for i in ", "]"), ("(i for i in ", ")"), ("{'a': ", "}"),
                ("f'{", "}'"), ("*", ""), ("await ", ""), ("yield ", ""), ("2 ** ", ""),
            ])
            let depth = size(upTo: 5000)
            return "x = " + String(repeating: open, count: depth) + "[1]" + String(repeating: close, count: depth)
        default:
            let n = size(upTo: 1_000_000)
            let header = pick(["if 1:", "for i in [1]:", "while 0:", "def f():", "class A:", "try:", "with open('f'):"])
            return pick([
                "x = '" + String(repeating: "a", count: n) + "'",
                "x = " + String(repeating: "7", count: min(n, 20_000)),
                "x = 1." + String(repeating: "5", count: n),
                "x = [" + String(repeating: "1, ", count: n / 3) + "]",
                "x = {" + (0..<(n / 8)).map { "\($0): 0" }.joined(separator: ", ") + "}",
                String(repeating: "x", count: n) + " = 1",
                "# " + String(repeating: "c", count: n),
                String(repeating: "x = 1\n", count: n / 6),
                (0..<min(n, 150)).map { String(repeating: " ", count: $0) + header + "\n" }.joined()
                    + String(repeating: " ", count: min(n, 150)) + "pass",
            ])
        }
    }

    mutating func run(_ count: Int) throws -> Stats {
        var stats = Stats()
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent("nn-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        // The course scripts read data/*.csv, as they do from the conformance folder.
        try? FileManager.default.createSymbolicLink(
            at: workspace.appendingPathComponent("data"),
            withDestinationURL: ConformanceTests.Corpus.project.folder.appendingPathComponent("data"))
        let reproducer = TestSupport.packageRoot.appendingPathComponent(".build/fuzz-current.py")
        let previousDirectory = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(workspace.path)
        defer {
            FileManager.default.changeCurrentDirectoryPath(previousDirectory)
            try? FileManager.default.removeItem(at: workspace)
        }
        let watchdog = Watchdog()
        watchdog.reproducer = reproducer
        let registry = StandardModules.registry()
        for n in 0..<count {
            let code = n % 16 == 15 ? extremeInput() : n % 2 == 0 ? tokenStream() : mutatedScript()
            // Kept on disk while it runs, so a crash leaves the input behind.
            try? code.write(to: reproducer, atomically: false, encoding: .utf8)
            var outcome: Result<Void, Error> = .success(())
            watchdog.start(limit: 2)
            ScriptRunner.onLargeStack {
                let interp = Interpreter(registry: registry, output: NullSink())
                interp.readLine = { _ in nil }
                outcome = Result { try interp.run(Source(name: "<fuzz>", text: code)) }
            }
            watchdog.stop()
            // sys.set_int_max_str_digits sets a process-wide limit (nn runs one interpreter per
            // process); the next input, and the tests after this one, start from CPython's default.
            PyBigInt.maxStringDigits = 4300
            switch outcome {
            case .success: stats.completed += 1
            case .failure(let e as ScriptError):
                if e.exception.type.name == "KeyboardInterrupt" {
                    stats.interrupted += 1
                } else {
                    stats.pythonErrors += 1
                }
            case .failure(let e):
                stats.otherErrors.append("\(e) for input:\n\(code)")
            }
        }
        try? FileManager.default.removeItem(at: reproducer)
        return stats
    }
}
