import Foundation
import XCTest
@testable import NNLang

/// Semantics of the interpreter, each checked against what CPython prints.
final class InterpreterTests: XCTestCase {
    func output(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let (text, error) = NNLangTests.run(code)
        if let error { XCTFail("unexpected error:\n\(error)", file: file, line: line) }
        return text
    }

    func testNumbers() {
        XCTAssertEqual(
            output("print(7 // 2, -7 // 2, 7 % -3, 2 ** -1, 10 / 4, 0.1 + 0.2, 1e16, 1.5e-5)"),
            "3 -4 -2 0.5 2.5 0.30000000000000004 1e+16 1.5e-05\n")
        XCTAssertEqual(
            output("print(2 ** 64, -(2 ** 63) - 1, 9223372036854775807 + 1)"),
            "18446744073709551616 -9223372036854775809 9223372036854775808\n")
        XCTAssertEqual(
            output("print(round(2.5), round(3.5), round(2.675, 2), int('-12'), float('inf'), divmod(-7, 2))"),
            "2 4 2.67 -12 inf (-4, 1)\n")
        XCTAssertEqual(
            output("print(True + True, 3 * True, 1 == 1.0, hash(1) == hash(1.0), {1: 'a', 1.0: 'b'})"),
            "2 3 True True {1: 'b'}\n")
        XCTAssertEqual(
            output(
                "print(hash(1.5), hash(-2.25), hash(1e300), hash(2 ** 64), hash(-2 ** 70), hash(-1), hash(float('inf')))"
            ),
            "1152921504606846977 -576460752303423490 1224995262755759164 8 -512 -2 314159\n")
        XCTAssertEqual(errorLine("1 / 0"), "ZeroDivisionError: division by zero")
        XCTAssertEqual(errorLine("float(10 ** 400)"), "OverflowError: int too large to convert to float")
        XCTAssertEqual(errorLine("2.0 ** 10000"), "OverflowError: (34, 'Numerical result out of range')")
    }

    func testStringsAndFormatting() {
        XCTAssertEqual(
            output("print('{:>6.2f}|{:<4}|{:^7}|{:,}|{!r}'.format(3.14159, 'ab', 'mid', 1234567, 'q'))"),
            "  3.14|ab  |  mid  |1,234,567|'q'\n")
        XCTAssertEqual(output("x = 5\nprint(f'{x=} {x:03d} {x/3:.3} {\"s\"!r:>5}')"), "x=5 005 1.67   's'\n")
        XCTAssertEqual(output("print('%5.1f|%-3d|%s|%r' % (2.25, 7, None, 'a'))"), "  2.2|7  |None|'a'\n")
        XCTAssertEqual(
            output("s = 'Hello, 세계'\nprint(len(s), s[7:], s[::-1], s.upper(), s.split(', '))"),
            "9 세계 계세 ,olleH HELLO, 세계 ['Hello', '세계']\n")
        XCTAssertEqual(
            output("print(repr('it\\'s'), repr(\"say \\\"hi\\\"\"), 'a\\tb'.expandtabs(4))"),
            "\"it's\" 'say \"hi\"' a   b\n")
        XCTAssertEqual(errorLine("'a' + 1"), "TypeError: can only concatenate str (not \"int\") to str")
        XCTAssertEqual(
            errorLine("'{} {}'.format(1)"), "IndexError: Replacement index 1 out of range for positional args tuple")
        // Found by the fuzzer: a field name that is not all digits is a keyword, never an index.
        XCTAssertEqual(errorLine("'{-1}'.format(1)"), "KeyError: '-1'")
        XCTAssertEqual(output("print('{0[-1]}'.format({'-1': 5}))"), "5\n")
    }

    func testContainers() {
        XCTAssertEqual(
            output("a = [3, 1, 2]\na.sort()\nb = a[::-1]\na.append(9)\nprint(a, b, a[-1], a[1:3], sorted('bca'))"),
            "[1, 2, 3, 9] [3, 2, 1] 9 [2, 3] ['a', 'b', 'c']\n")
        XCTAssertEqual(
            output(
                "d = {'b': 1}\nd['a'] = 2\nd.setdefault('c', []).append(1)\nprint(d, list(d.items())[0], d.get('z'))"),
            "{'b': 1, 'a': 2, 'c': [1]} ('b', 1) None\n")
        XCTAssertEqual(
            output("s = {3, 1}\ns.add(2)\nprint(sorted(s | {5}), s & {1, 9}, (1, 2) + (3,), [0] * 3)"),
            "[1, 2, 3, 5] {1} (1, 2, 3) [0, 0, 0]\n")
        XCTAssertEqual(output("a = [1, 2, 3, 4, 5]\na[1:3] = [9]\ndel a[::2]\nprint(a)"), "[9, 5]\n")
        XCTAssertEqual(output("l = [1]\nl.append(l)\nprint(l)"), "[1, [...]]\n")
        XCTAssertEqual(errorLine("[1, 2][5]"), "IndexError: list index out of range")
        XCTAssertEqual(errorLine("{'a': 1}['b']"), "KeyError: 'b'")
        XCTAssertEqual(errorLine("[1, 2].push(3)"), "AttributeError: 'list' object has no attribute 'push'")
        XCTAssertEqual(errorLine("a, b = [1, 2, 3]"), "ValueError: too many values to unpack (expected 2)")
    }

    func testComprehensionsAndIteration() {
        XCTAssertEqual(
            output("print([x * y for x in range(3) for y in (1, 10) if x], {k: v for k, v in zip('ab', [1, 2])})"),
            "[1, 10, 2, 20] {'a': 1, 'b': 2}\n")
        XCTAssertEqual(
            output("print(sum(i * i for i in range(4)), list(map(str, [1, 2])), list(filter(None, [0, 1, 2])))"),
            "14 ['1', '2'] [1, 2]\n")
        XCTAssertEqual(
            output("for i, (a, *rest) in enumerate([(1, 2, 3)], start=1):\n    print(i, a, rest)"), "1 1 [2, 3]\n")
        XCTAssertEqual(output("it = iter([1, 2])\nprint(next(it), next(it), next(it, 'end'))"), "1 2 end\n")
        XCTAssertEqual(output("x = 'outer'\n[x for x in range(3)]\nprint(x)"), "outer\n")
        XCTAssertEqual(output("for i in range(3):\n    if i == 5: break\nelse:\n    print('no break')"), "no break\n")
    }

    func testFunctionsAndClosures() {
        XCTAssertEqual(
            output(
                """
                def f(a, b=2, *args, c, d=4, **kw):
                    return (a, b, args, c, d, kw)
                print(f(1, c=3))
                print(f(1, 5, 6, 7, c=8, e=9))
                """), "(1, 2, (), 3, 4, {})\n(1, 5, (6, 7), 8, 4, {'e': 9})\n")
        XCTAssertEqual(
            output(
                """
                def counter():
                    n = 0
                    def step():
                        nonlocal n
                        n += 1
                        return n
                    return step
                c = counter()
                c(); c()
                print(c(), (lambda *a, **k: (a, k))(1, x=2))
                """), "3 ((1,), {'x': 2})\n")
        XCTAssertEqual(output("g = 1\ndef h():\n    global g\n    g = 2\nh()\nprint(g)"), "2\n")
        XCTAssertEqual(output("def d(x=[]):\n    x.append(1)\n    return x\nd()\nprint(d())"), "[1, 1]\n")
        XCTAssertEqual(errorLine("def f(a): pass\nf()"), "TypeError: f() missing 1 required positional argument: 'a'")
        XCTAssertEqual(
            errorLine("def f(a): pass\nf(1, 2)"), "TypeError: f() takes 1 positional argument but 2 were given")
        XCTAssertEqual(errorLine("def f(a): pass\nf(b=1)"), "TypeError: f() got an unexpected keyword argument 'b'")
        XCTAssertEqual(
            errorLine("def f():\n    x += 1\nf()"),
            "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value")
        XCTAssertEqual(errorLine("def r(n): return r(n + 1)\nr(0)"), "RecursionError: maximum recursion depth exceeded")
    }

    func testExceptions() {
        XCTAssertEqual(
            output(
                """
                def f():
                    try:
                        return 'try'
                    finally:
                        print('finally')
                print(f())
                try:
                    {}['k']
                except (KeyError, IndexError) as e:
                    print(type(e).__name__, e, repr(e))
                else:
                    print('no')
                try:
                    raise ValueError('bad')
                except Exception as e:
                    print(isinstance(e, ValueError), e.args)
                try:
                    int('x')
                except ValueError as e:
                    print(e)
                """),
            "finally\ntry\nKeyError 'k' KeyError('k')\nTrue ('bad',)\ninvalid literal for int() with base 10: 'x'\n")
        XCTAssertEqual(errorLine("raise TypeError"), "TypeError")
        XCTAssertEqual(errorLine("assert 1 == 2, 'nope'"), "AssertionError: nope")
        XCTAssertEqual(
            errorLine("try:\n    1/0\nexcept ZeroDivisionError:\n    raise ValueError('x') from None"), "ValueError: x")
    }

    func testSuggestions() {
        XCTAssertEqual(
            errorLine("celsius = 1\nprint(celcius)"),
            "NameError: name 'celcius' is not defined. Did you mean: 'celsius'?")
        XCTAssertEqual(errorLine("prnt(1)"), "NameError: name 'prnt' is not defined. Did you mean: 'print'?")
        XCTAssertEqual(
            errorLine("import math\nmath.sqr(2)"),
            "AttributeError: module 'math' has no attribute 'sqr'. Did you mean: 'sqrt'?")
        XCTAssertEqual(errorLine("import sklearn"), "ModuleNotFoundError: No module named 'sklearn'")
    }

    func testTracebackShape() {
        let report = NNLangTests.run("def f(x):\n    return x + undefined_name\n\nf(1)\n").error ?? ""
        XCTAssertEqual(
            report,
            """
            Traceback (most recent call last):
              File "<test>", line 4, in <module>
                f(1)
              File "<test>", line 2, in f
                return x + undefined_name
                           ^^^^^^^^^^^^^^
            NameError: name 'undefined_name' is not defined

            """)
    }

    func testWithOpen() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nn-with-\(UUID().uuidString).txt")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(
            output(
                """
                with open('\(path)', 'w') as f:
                    f.write('온도,판매량\\n20,40\\n')
                with open('\(path)') as f:
                    lines = f.readlines()
                print(lines, f.closed)
                """), "['온도,판매량\\n', '20,40\\n'] True\n")
        XCTAssertEqual(
            errorLine("open('/no/such/file')"),
            "FileNotFoundError: [Errno 2] No such file or directory: '/no/such/file'")
    }

    /// A for loop over a range, its iterator and list() step the same way, without overflow at the
    /// ends of the 64-bit integers.
    func testRangesNearTheIntegerLimits() {
        let code = """
            r = range(9223372036854775800, 9223372036854775807, 5)
            a = [i for i in r]
            b = []
            for i in r:
                b.append(i)
            print(a == b == list(r), a, len(r), r[1], r[-1])
            print(list(range(-9223372036854775808, 9223372036854775807, 9223372036854775807)))
            print(list(range(-9223372036854775807, -9223372036854775808, -1)), range(0, 20, 3)[2:5])
            """
        XCTAssertEqual(
            NNLangTests.run(code).output,
            """
            True [9223372036854775800, 9223372036854775805] 2 9223372036854775805 9223372036854775805
            [-9223372036854775808, -1, 9223372036854775806]
            [-9223372036854775807] range(6, 15, 3)

            """)
    }
}
