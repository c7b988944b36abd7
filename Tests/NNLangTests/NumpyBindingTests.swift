import XCTest
@testable import NNLang

/// The numpy module seen from scripts: views, dtype rules, numpy scalars, random draws and errors.
/// Every expected text below is what numpy 2.4 printed for the same script.
final class NumpyBindingTests: XCTestCase {
    func testBehaviourMatchesNumpy() {
        let script = """
            import numpy as np
            a = np.arange(6).reshape(2, 3)
            row = a[0]
            row[1] = 50
            print(a)
            b = a.T
            b[0, 1] = -1
            print(a, a.dtype)
            f = np.array([1.5, 2.5], dtype=np.float32)
            print((f * 2.5).dtype, (f + 1).dtype, (f + np.float64(1)).dtype, (a / 2).dtype, (a * 1.5).dtype, (a + True).dtype)
            print(np.array([True, False]) + 1, np.float32(0.1) + 0.2)
            x = np.array([3.0, 1.0, 2.0])
            x[x > 1.5] = 0
            print(x, x.tolist(), float(np.float64(2.5)), int(np.int64(7)), round(float(np.float32(0.1)), 3))
            print(f"{np.float64(3.14159):.2f}", '{:>6.1f}'.format(np.float32(2.25)))
            print(np.zeros((2, 3))[:, 1:].shape, np.ones(3)[::-1], np.arange(10)[2:8:3])
            print(len(np.zeros((4, 2))), list(np.array([1, 2])), np.array([[1, 2], [3, 4]])[..., 0])
            np.random.seed(42)
            print(np.random.rand(2), np.random.randint(1, 7, size=3), np.random.normal(0, 1, 2))
            p = np.random.permutation(5)
            print(p, np.random.uniform(-1, 1))
            print(np.array([1, 2, 3]) @ np.array([4, 5, 6]), np.dot([[1, 2]], [[3], [4]]))
            print(np.mean([1, 2, 3, 4]), np.sum([[1, 2], [3, 4]], axis=0), np.exp(1.0), np.sqrt(2))
            """
        let (output, error) = NNLangTests.run(script)
        XCTAssertNil(error)
        XCTAssertEqual(
            output,
            """
            [[ 0 50  2]
             [ 3  4  5]]
            [[ 0 50  2]
             [-1  4  5]] int64
            float32 float32 float64 float64 float64 int64
            [2 1] 0.3
            [0. 1. 0.] [0.0, 1.0, 0.0] 2.5 7 0.1
            3.14    2.2
            (2, 2) [1. 1. 1.] [2 5]
            4 [np.int64(1), np.int64(2)] [1 3]
            [0.37454012 0.95071431] [3 5 5] [-0.23415337 -0.23413696]
            [3 1 0 4 2] -0.7142663641561184
            32 [[11]]
            2.5 [4 6] 2.718281828459045 1.4142135623730951
            """ + "\n")
    }

    func testSeededDrawsAreNumpys() {
        let script = """
            import numpy as np
            np.random.seed(3)
            a = np.arange(10)
            np.random.shuffle(a)
            l = [1, 2, 3, 4, 5]
            np.random.shuffle(l)
            m = np.arange(6).reshape(3, 2)
            np.random.shuffle(m)
            print(a, l, m.tolist(), np.random.permutation(np.array([[1, 2], [3, 4], [5, 6]])).tolist())
            print(np.random.randint(5), np.random.randint(3, size=(2, 2)), np.random.choice(5, 3), np.random.random((2,)))
            print(np.random.randn(2, 2), np.random.normal(size=3), np.random.rand())
            """
        let (output, error) = NNLangTests.run(script)
        XCTAssertNil(error)
        XCTAssertEqual(
            output,
            """
            [5 4 1 2 9 6 7 0 3 8] [4, 1, 5, 2, 3] [[2, 3], [4, 5], [0, 1]] [[1, 2], [5, 6], [3, 4]]
            0 [[2 1]
             [2 2]] [2 2 4] [0.76582638 0.97364827]
            [[ 1.16668206 -2.15861048]
             [ 0.75620445 -1.69049879]] [-0.34879409 -1.72951471  0.69631161] 0.25758528874783126
            """ + "\n")
    }

    func testErrorsAreNumpys() {
        let cases: [(String, String)] = [
            (
                "np.ones((2,3)) + np.ones(2)",
                "ValueError: operands could not be broadcast together with shapes (2,3) (2,) "
            ),
            ("np.arange(3)[5]", "IndexError: index 5 is out of bounds for axis 0 with size 3"),
            (
                "np.arange(3)[1, 2]",
                "IndexError: too many indices for array: array is 1-dimensional, but 2 were indexed"
            ),
            ("np.arange(6).reshape(4, 2)", "ValueError: cannot reshape array of size 6 into shape (4,2)"),
            (
                "bool(np.arange(3))",
                "ValueError: The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()"
            ),
            (
                "np.array([[1, 2], [3]])",
                "ValueError: setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. The detected shape was (2,) + inhomogeneous part."
            ),
            (
                "np.arange(3).sum(axis=1)",
                "numpy.exceptions.AxisError: axis 1 is out of bounds for array of dimension 1"
            ),
            // Found by the fuzzer: sizes that do not fit are errors, never traps.
            ("np.arange(float('inf'))", "ValueError: Maximum allowed size exceeded"),
            ("np.arange(10, float('inf'), -3)", "ValueError: Maximum allowed size exceeded"),
            ("np.arange(0, float('nan'))", "ValueError: arange: cannot compute length"),
            ("np.zeros((10**6, 10**6))", "MemoryError: Unable to allocate an array with shape (1000000, 1000000)"),
            (
                "np.ones((2,3)) @ np.ones((2,3))",
                "ValueError: matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 2 is different from 3)"
            ),
        ]
        for (code, expected) in cases {
            XCTAssertEqual(errorLine("import numpy as np\n" + code), expected, code)
        }
    }
}
