import XCTest
@testable import NNLang

final class ParserTests: XCTestCase {
    func testArithmeticPrecedence() throws {
        XCTAssertEqual(try tree("1 + 2 * 3 - 4"), "(- (+ 1 (* 2 3)) 4)")
        XCTAssertEqual(try tree("-2 ** -1"), "(- (** 2 (- 1)))")
        XCTAssertEqual(try tree("2 ** 3 ** 2"), "(** 2 (** 3 2))")
        XCTAssertEqual(try tree("a // b % c @ d"), "(@ (% (// a b) c) d)")
        XCTAssertEqual(try tree("1 << 2 + 3 & 4 | 5 ^ 6"), "(| (& (<< 1 (+ 2 3)) 4) (^ 5 6))")
        XCTAssertEqual(try tree("~x.y[0](1)"), "(~ (call (sub (. x y) 0) 1))")
    }

    func testBooleanAndComparison() throws {
        XCTAssertEqual(try tree("not a == b or c and d"), "(or (not (cmp a == b)) (and c d))")
        XCTAssertEqual(try tree("a < b <= c"), "(cmp a < b <= c)")
        XCTAssertEqual(try tree("x not in y is not z"), "(cmp x not in y is not z)")
        XCTAssertEqual(try tree("a if b else c if d else e"), "(if b a (if d c e))")
        XCTAssertEqual(try tree("lambda x, y=1: x + y"), "(lambda (x y) (+ x y))")
    }

    func testCallsAndKeywordForms() throws {
        XCTAssertEqual(try tree("Dense(units: 1, input_shape: [1])"), "(call Dense units=1 input_shape=[1])")
        XCTAssertEqual(try tree("Dense(units=1, input_shape=[1])"), "(call Dense units=1 input_shape=[1])")
        XCTAssertEqual(try tree("f(*a, **k, x=1)"), "(call f *a **k x=1)")
        XCTAssertEqual(try tree("sum(x for x in y if x)"), "(call sum (generator x for x in y if x))")
        XCTAssertEqual(try tree("f(a)[1:2, ::3]"), "(sub (call f a) (tuple (slice 1 2 _) (slice _ _ 3)))")
    }

    func testDisplays() throws {
        XCTAssertEqual(try tree("(1,)"), "(tuple 1)")
        XCTAssertEqual(try tree("()"), "(tuple )")
        XCTAssertEqual(try tree("[*a, 2]"), "[*a 2]")
        XCTAssertEqual(try tree("{1: 2, **d}"), "{dict 1:2 **:d}")
        XCTAssertEqual(try tree("{1, 2}"), "{1 2}")
        XCTAssertEqual(try tree("{}"), "{dict }")
        XCTAssertEqual(try tree("[x for x in a for y in x]"), "(list x for x in a for y in x)")
        XCTAssertEqual(try tree("(y := 10)"), "(:= y 10)")
        XCTAssertEqual(try tree("'a' 'b'"), "'ab'")
    }

    func testStatementsParse() {
        XCTAssertEqual(parseError("x: int = 1\na, b = b, a\nx += 1; y -= 2;\n"), "<parsed>")
        XCTAssertEqual(parseError("def f(a, /, b=2, *, c, **k):\n    return\n"), "<parsed>")
        XCTAssertEqual(parseError("try:\n    pass\nfinally:\n    pass\n"), "<parsed>")
        XCTAssertEqual(parseError("if a: pass\nelif b: pass\nelse: pass\n"), "<parsed>")
    }

    func testSyntaxErrorsAndPositions() {
        XCTAssertEqual(
            parseError("print 'hello'"),
            "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)? @1:0")
        XCTAssertEqual(parseError("x = (1, 2"), "SyntaxError: '(' was never closed @1:4")
        XCTAssertEqual(parseError("if x\n    pass"), "SyntaxError: expected ':' @1:4")
        XCTAssertEqual(parseError("f(x for x in y, 1)"), "SyntaxError: Generator expression must be parenthesized @1:2")
        XCTAssertEqual(parseError("f(a=1, 2)"), "SyntaxError: positional argument follows keyword argument @1:7")
        XCTAssertEqual(
            parseError("1 = x"), "SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='? @1:0"
        )
        XCTAssertEqual(
            parseError("f() = 1"),
            "SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='? @1:0")
        XCTAssertEqual(parseError("x = [1 2]"), "SyntaxError: invalid syntax. Perhaps you forgot a comma? @1:5")
        XCTAssertEqual(parseError("def f(:\n  pass"), "SyntaxError: invalid syntax @1:6")
        XCTAssertEqual(
            parseError("for x in y:\n"),
            "IndentationError: expected an indented block after 'for' statement on line 1 @1:11")
        XCTAssertEqual(parseError("class A\n    pass"), "SyntaxError: expected ':' @1:7")
        XCTAssertEqual(try tree("(yield a, b)"), "(yield (tuple a b))")
        XCTAssertEqual(try tree("(yield from g)"), "(yield-from g)")
        XCTAssertEqual(try tree("(yield)"), "(yield)")
        XCTAssertEqual(parseError("f(a b)"), "SyntaxError: invalid syntax. Perhaps you forgot a comma? @1:2")
        XCTAssertEqual(parseError("else:\n  pass"), "SyntaxError: invalid syntax @1:0")
        XCTAssertEqual(parseError("a +"), "SyntaxError: invalid syntax @1:3")
    }

    /// CPython reports an unclosed bracket unless the parser failed earlier on the bracket's own line.
    func testUnclosedBracketPriority() {
        XCTAssertEqual(parseError("print(x\ny = 2\n"), "SyntaxError: '(' was never closed @1:5")
        XCTAssertEqual(parseError("x = [1, 2\nprint(x)\n"), "SyntaxError: '[' was never closed @1:4")
        XCTAssertEqual(parseError("f(a b"), "SyntaxError: '(' was never closed @1:1")
        XCTAssertEqual(parseError("def f(:\n  pass"), "SyntaxError: invalid syntax @1:6")
        XCTAssertEqual(parseError("d = {'a': 1,\n'b' 2}"), "SyntaxError: ':' expected after dictionary key @2:4")
    }

    func testDeepNestingIsAnErrorNotACrash() {
        XCTAssertEqual(
            parseError(String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)),
            "SyntaxError: too many nested parentheses @1:200")
        // Nesting without brackets goes as deep as CPython's parser takes it, and no further.
        for nested in ["-", "not ", "1 if 1 else ", "lambda: ", "2 ** "] {
            XCTAssertEqual(parseError("x = " + String(repeating: nested, count: 2000) + "1"), "<parsed>", nested)
            XCTAssertEqual(
                parseError("x = " + String(repeating: nested, count: 3000) + "1"),
                "MemoryError: Parser stack overflowed - Python source too complex to parse", nested)
        }
        func blocks(_ n: Int) -> String { (0..<n).map { String(repeating: " ", count: $0) + "if 1:\n" }.joined() }
        XCTAssertEqual(parseError(blocks(99) + String(repeating: " ", count: 99) + "pass\n"), "<parsed>")
        XCTAssertEqual(
            parseError(blocks(100) + String(repeating: " ", count: 100) + "pass\n"),
            "IndentationError: too many levels of indentation @101:1")
        XCTAssertEqual(
            parseError(String(repeating: "[", count: 300)), "SyntaxError: too many nested parentheses @1:200")
    }
}
