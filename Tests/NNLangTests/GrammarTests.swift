import Foundation
import XCTest
@testable import NNLang

/// Keeps grammar/nn.ebnf in step with the parser.
final class GrammarTests: XCTestCase {
    static let grammarURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("grammar/nn.ebnf")

    func grammar() throws -> String { try String(contentsOf: GrammarTests.grammarURL, encoding: .utf8) }

    /// The code of every `(* example: … *)` comment.
    func examples(in text: String) -> [String] {
        var result: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "(* example:\n") {
            guard let close = rest[open.upperBound...].range(of: "\n*)") else { break }
            result.append(String(rest[open.upperBound..<close.lowerBound]) + "\n")
            rest = rest[close.upperBound...]
        }
        return result
    }

    func testEveryExampleParses() throws {
        let all = examples(in: try grammar())
        XCTAssertGreaterThanOrEqual(all.count, 10)
        for (i, code) in all.enumerated() {
            do {
                _ = try Parser.parse(Source(name: "<example \(i + 1)>", text: code))
            } catch let e as ScriptError {
                XCTFail("grammar example \(i + 1) does not parse: \(describe(e))\n\(code)")
            }
        }
    }

    /// Every rule named on a right-hand side is defined, and every defined rule is used or is `file`.
    func testRulesAreDefinedAndUsed() throws {
        var text = try grammar()
        // Drop comments and quoted literals, leaving rule names and punctuation.
        text = text.replacingOccurrences(of: #"\(\*[\s\S]*?\*\)"#, with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: #""[^"]*""#, with: " ", options: .regularExpression)
        var defined: Set<String> = []
        var used: Set<String> = []
        for rule in text.split(separator: ";") {
            let parts = rule.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            defined.insert(parts[0].trimmingCharacters(in: .whitespacesAndNewlines))
            for word in parts[1].split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                used.insert(String(word))
            }
        }
        let tokens: Set<String> = ["NAME", "INT", "FLOAT", "STRING", "NEWLINE", "INDENT", "DEDENT", "END"]
        XCTAssertEqual(used.subtracting(defined).subtracting(tokens), [], "rules used but not defined")
        XCTAssertEqual(defined.subtracting(used), ["file"], "rules defined but never used")
    }

    /// Each rule that the parser implements as a method carries the rule's name.
    func testParserMethodsAreGrammarRules() throws {
        let text = try grammar()
        let sources = GrammarTests.grammarURL.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/NNLang/Syntax")
        var methods: Set<String> = []
        for file in ["Parser.swift", "ParserExpressions.swift"] {
            let code = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for line in code.split(separator: "\n") where line.contains("mutating func ") {
                let name = line.split(separator: "func ")[1].prefix { $0.isLetter || $0.isNumber }
                methods.insert(String(name))
            }
        }
        let helpers: Set<String> = [
            "advance", "accept", "acceptKeyword", "expect", "expectName", "nest", "link",
            "elseBlock", "record", "checkTarget", "checkAugmentedTarget", "strings",
            "binaryLevel", "booleanChain", "close", "forgotComma",
        ]
        for method in methods.subtracting(helpers).sorted() {
            XCTAssertTrue(
                text.contains("\n\(method) ") || text.contains("\n\(method)\n"),
                "parser method \(method) has no rule in grammar/nn.ebnf")
        }
    }
}
