import XCTest
@testable import NNTensor

/// The printer against what numpy 2.4 prints for the same arrays (each expected string was
/// produced by numpy).
final class ArrayFormatTests: XCTestCase {
    func str(
        _ values: [Double], _ shape: [Int]? = nil, _ dtype: DType = .float64, options: PrintOptions = PrintOptions()
    ) -> String {
        ArrayFormatter(options: options).str(NDArray(values, shape: shape ?? [values.count], dtype: dtype))
    }

    func repr(_ values: [Double], _ shape: [Int]? = nil, _ dtype: DType = .float64) -> String {
        ArrayFormatter().repr(NDArray(values, shape: shape ?? [values.count], dtype: dtype))
    }

    func testAlignmentAndTrimming() {
        XCTAssertEqual(str([1, 2.5, -3.25]), "[ 1.    2.5  -3.25]")
        XCTAssertEqual(str([0.1, 0.25, 0.2], [1, 3]), "[[0.1  0.25 0.2 ]]")
        XCTAssertEqual(str([1, -2, 300, 4], [2, 2], .int64), "[[  1  -2]\n [300   4]]")
        XCTAssertEqual(str([1, 1], nil, .bool), "[ True  True]")
        XCTAssertEqual(str([1 / 3.0]), "[0.33333333]")
    }

    func testNegativeZeroNanAndInfinity() {
        XCTAssertEqual(str([-0.0, 1.5]), "[-0.   1.5]")
        XCTAssertEqual(str([.nan, 1]), "[nan  1.]")
        XCTAssertEqual(str([.infinity, -.infinity]), "[ inf -inf]")
        XCTAssertEqual(str([.nan]), "[nan]")
        XCTAssertEqual(str([-.infinity, 1e-10]), "[  -inf 1.e-10]")
    }

    func testMixedMagnitudesUseExponents() {
        XCTAssertEqual(str([0.1, 1e10]), "[1.e-01 1.e+10]")
        XCTAssertEqual(str([1e-300, 1e300]), "[1.e-300 1.e+300]")
        XCTAssertEqual(str([123456789, 1]), "[1.23456789e+08 1.00000000e+00]")
        XCTAssertEqual(str([1e-5, 5], nil, .float32), "[1.e-05 5.e+00]")
    }

    func testFloat32DigitsAreFloat32s() {
        // 0.1 as a float32 is 0.100000001490116…, whose shortest float32 digits are "0.1".
        XCTAssertEqual(str([0.1], nil, .float32), "[0.1]")
        XCTAssertEqual(str([0.30000001192092896], nil, .float32), "[0.3]")
        XCTAssertEqual(str([1.8252511, 28.777864], nil, .float32), "[ 1.8252511 28.777864 ]")
        XCTAssertEqual(str([16777217], nil, .float32), "[1.6777216e+07]")
        XCTAssertEqual(str([3.4028235e38, 1], nil, .float32), "[3.4028235e+38 1.0000000e+00]")
        XCTAssertEqual(ArrayFormatter().scalarString(16777217, .float32), "1.6777216e+07")
        XCTAssertEqual(ArrayFormatter().scalarString(0.1, .float32), "0.1")
    }

    func testRepr() {
        XCTAssertEqual(repr([1, 2]), "array([1., 2.])")
        XCTAssertEqual(repr([1.8291944], [1, 1], .float32), "array([[1.8291944]], dtype=float32)")
        XCTAssertEqual(repr([1, 0], nil, .bool), "array([ True, False])")
        XCTAssertEqual(repr([], nil, .float32), "array([], dtype=float32)")
        XCTAssertEqual(repr([], nil, .int64), "array([], dtype=int64)")
        XCTAssertEqual(
            repr((0..<12).map { Double($0) * 0.5 }, [3, 4]),
            "array([[0. , 0.5, 1. , 1.5],\n       [2. , 2.5, 3. , 3.5],\n       [4. , 4.5, 5. , 5.5]])")
        XCTAssertEqual(ArrayFormatter().scalarRepr(0.1, .float32), "np.float32(0.1)")
        XCTAssertEqual(ArrayFormatter().scalarRepr(3, .int64), "np.int64(3)")
    }

    func testWrappingAndSummary() {
        XCTAssertEqual(
            str((0..<30).map(Double.init), nil, .int64),
            "[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n 24 25 26 27 28 29]")
        XCTAssertEqual(str((0..<2000).map(Double.init), nil, .int64), "[   0    1    2 ... 1997 1998 1999]")
        XCTAssertEqual(
            str([Double](repeating: 0, count: 16), [2, 2, 2, 2]),
            "[[[[0. 0.]\n   [0. 0.]]\n\n  [[0. 0.]\n   [0. 0.]]]\n\n\n [[[0. 0.]\n   [0. 0.]]\n\n  [[0. 0.]\n   [0. 0.]]]]"
        )
        let linspace = (0..<20).map { Double($0) / 19 }
        XCTAssertEqual(
            ArrayFormatter().repr(NDArray(linspace, shape: [20], dtype: .float64)),
            """
            array([0.        , 0.05263158, 0.10526316, 0.15789474, 0.21052632,
                   0.26315789, 0.31578947, 0.36842105, 0.42105263, 0.47368421,
                   0.52631579, 0.57894737, 0.63157895, 0.68421053, 0.73684211,
                   0.78947368, 0.84210526, 0.89473684, 0.94736842, 1.        ])
            """)
    }

    func testPrintOptions() {
        var options = PrintOptions()
        options.precision = 2
        XCTAssertEqual(str([1.2345, 123.456], options: options), "[  1.23 123.46]")
        XCTAssertEqual(str([1e-3, 1e5], options: options), "[1.e-03 1.e+05]")
        options.precision = 8
        options.suppress = true
        XCTAssertEqual(str([1e-10, 1], options: options), "[0. 1.]")
        XCTAssertEqual(str([1e10, 1], options: options), "[1.e+10 1.e+00]")
    }
}
