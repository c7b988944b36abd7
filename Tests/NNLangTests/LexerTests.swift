import XCTest
@testable import NNLang

final class LexerTests: XCTestCase {
    func testNamesKeywordsAndOperators() throws {
        XCTAssertEqual(
            try tokens("독립 = 레모네이드[['온도']]\n"),
            [
                "name:독립", "op:=", "name:레모네이드", "op:[", "op:[", "str:온도", "op:]", "op:]", "NEWLINE", "END",
            ])
        XCTAssertEqual(
            try tokens("if a is not None and b//=2**-c"),
            [
                "kw:if", "name:a", "kw:is", "kw:not", "kw:None", "kw:and", "name:b", "op://=", "int:2", "op:**", "op:-",
                "name:c", "NEWLINE", "END",
            ])
        XCTAssertEqual(
            try tokens("x->y:=z...@w!=v"),
            [
                "name:x", "op:->", "name:y", "op::=", "name:z", "op:...", "op:@", "name:w", "op:!=", "name:v",
                "NEWLINE", "END",
            ])
    }

    func testNumbers() throws {
        XCTAssertEqual(
            try tokens("1_000 0x1F 0o17 0b101 .5 1. 1e-3 2.5E+10 00 99999999999999999999"),
            [
                "int:1000", "int:31", "int:15", "int:5", "float:0.5", "float:1.0", "float:0.001", "float:25000000000.0",
                "int:0", "int:99999999999999999999", "NEWLINE", "END",
            ])
        XCTAssertEqual(parseError("x = 1__0"), "SyntaxError: invalid decimal literal @1:5")
        XCTAssertEqual(
            parseError("x = 012"),
            "SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers @1:4"
        )
        XCTAssertEqual(parseError("x = 0x"), "SyntaxError: invalid hexadecimal literal @1:5")
        XCTAssertEqual(parseError("x = 1e"), "SyntaxError: invalid decimal literal @1:4")
        // Decimal literals longer than int's string conversion takes are refused when compiled.
        XCTAssertEqual(parseError("x = " + String(repeating: "7", count: 4300)), "<parsed>")
        let tooLong = parseError("x = " + String(repeating: "7", count: 4301))
        XCTAssertTrue(
            tooLong.hasPrefix(
                "SyntaxError: Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits;"),
            tooLong)
        XCTAssertEqual(parseError("x = 0x" + String(repeating: "f", count: 10000)), "<parsed>")
    }

    func testStrings() throws {
        XCTAssertEqual(
            try tokens(#"'a\tb' "c\"d" r'\d' '\x41\u00e9'"#),
            [
                "str:a\tb", "str:c\"d", "str:\\d", "str:Aé", "NEWLINE", "END",
            ])
        XCTAssertEqual(try tokens("'''one\ntwo''' 'x' 'y'"), ["str:one\ntwo", "str:x", "str:y", "NEWLINE", "END"])
        XCTAssertEqual(parseError("s = 'abc"), "SyntaxError: unterminated string literal (detected at line 1) @1:4")
        XCTAssertEqual(
            parseError("s = '''abc\n\n"),
            "SyntaxError: unterminated triple-quoted string literal (detected at line 3) @1:4")
    }

    func testNamedEscapes() throws {
        XCTAssertEqual(
            try tokens(#"'\N{BULLET}\N{greek small letter alpha}\N{HANGUL SYLLABLE DOG}'"#),
            ["str:•α독", "NEWLINE", "END"])
        XCTAssertEqual(
            parseError(#"s = '\N{NO SUCH THING}'"#),
            "SyntaxError: (unicode error) 'unicodeescape' codec can't decode bytes: unknown Unicode character name @1:5"
        )
    }

    func testFStrings() throws {
        XCTAssertEqual(try tokens("f'{x!r:>{width}} {{y}} {z=}'"), ["fstr:{x!r:>{…}} {y} {z=z!r}", "NEWLINE", "END"])
        XCTAssertEqual(try tokens("f\"{d['k']:.2f}\""), ["fstr:{d['k']:.2f}", "NEWLINE", "END"])
        XCTAssertEqual(parseError("f'{x'"), "SyntaxError: f-string: expecting '}' @1:2")
        XCTAssertEqual(parseError("f'}'"), "SyntaxError: f-string: single '}' is not allowed @1:2")
        XCTAssertEqual(parseError("f'{}'"), "SyntaxError: f-string: valid expression required before '}' @1:2")
    }

    func testIndentation() throws {
        XCTAssertEqual(
            try tokens("if x:\n    y\n\n    z\nw\n"),
            [
                "kw:if", "name:x", "op::", "NEWLINE", "INDENT", "name:y", "NEWLINE", "name:z", "NEWLINE", "DEDENT",
                "name:w", "NEWLINE", "END",
            ])
        XCTAssertEqual(
            try tokens("if x:\n\ty\n\tz\n").filter { $0 == "INDENT" || $0 == "DEDENT" }, ["INDENT", "DEDENT"])
        // A tab and eight spaces reach the same column only when a tab counts as eight, so Python rejects the mix.
        XCTAssertEqual(
            parseError("if x:\n\ty\n        z\n"), "TabError: inconsistent use of tabs and spaces in indentation @3:8")
        XCTAssertEqual(
            parseError("if x:\n        y\n    z\n"),
            "IndentationError: unindent does not match any outer indentation level @3:4")
        XCTAssertEqual(parseError("x = 1\n    y = 2\n"), "IndentationError: unexpected indent @2:0")
        XCTAssertEqual(
            parseError("if x:\ny = 2\n"),
            "IndentationError: expected an indented block after 'if' statement on line 1 @2:0")
    }

    func testLineJoining() throws {
        XCTAssertEqual(
            try tokens("f(1,\n  2)\nx = 1 + \\\n    2\n"),
            [
                "name:f", "op:(", "int:1", "op:,", "int:2", "op:)", "NEWLINE",
                "name:x", "op:=", "int:1", "op:+", "int:2", "NEWLINE", "END",
            ])
        XCTAssertEqual(
            try tokens("# only a comment\n\n  # indented comment\nx # trailing\n"), ["name:x", "NEWLINE", "END"])
        XCTAssertEqual(parseError("f(1,\n2"), "SyntaxError: '(' was never closed @1:1")
        XCTAssertEqual(
            parseError("x = (1]"), "SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' @1:6")
        XCTAssertEqual(parseError("x = 1)"), "SyntaxError: unmatched ')' @1:5")
    }

    func testPositions() throws {
        let list = try Lexer.tokenize(Source(name: "<test>", text: "온도 = 20\n  \nif a:\n    b"))
        XCTAssertEqual(
            list.map { "\($0.range.start)-\($0.range.end)" },
            [
                "1:0-1:2", "1:3-1:4", "1:5-1:7", "1:7-1:8",
                "3:0-3:2", "3:3-3:4", "3:4-3:5", "3:5-3:6",
                "4:0-4:4", "4:4-4:5", "4:5-4:5", "4:5-4:5", "4:5-4:5",
            ])
    }

    func testBadCharacters() throws {
        XCTAssertEqual(parseError("x = 1 $ 2"), "SyntaxError: invalid syntax @1:6")
        XCTAssertEqual(parseError("x = 1 ？ 2"), "SyntaxError: invalid character '？' (U+FF1F) @1:6")
        XCTAssertEqual(parseError("x = b'abc'"), "SyntaxError: bytes literals are not supported @1:4")
    }
}
