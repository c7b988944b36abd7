import XCTest
@testable import NNTensor

final class NDArrayTests: XCTestCase {
    func array(_ values: [Double], _ shape: [Int], _ dtype: DType = .float64) -> NDArray {
        NDArray(values, shape: shape, dtype: dtype)
    }

    func testStorageRoundsToTheType() {
        XCTAssertEqual(array([0.1], [1], .float32).elements, [Double(Float(0.1))])
        XCTAssertEqual(array([2.7, -2.7], [2], .int64).elements, [2, -2])
        XCTAssertEqual(array([3, 0], [2], .bool).elements, [1, 0])
    }

    func testPromotion() {
        XCTAssertEqual(DType.promote(.int64, .float32), .float64)
        XCTAssertEqual(DType.promote(.bool, .float32), .float32)
        XCTAssertEqual(DType.promote(.bool, .int64), .int64)
        XCTAssertEqual(Elementwise.resultType(.divide, .int64, .int64), .float64)
        XCTAssertEqual(Elementwise.resultType(.less, .float32, .float32), .bool)
    }

    func testBroadcasting() throws {
        let a = array([1, 2, 3, 4, 5, 6], [2, 3]), b = array([10, 20, 30], [3])
        XCTAssertEqual(try Elementwise.apply(.add, a, b).elements, [11, 22, 33, 14, 25, 36])
        let column = array([1, 0.5], [2, 1])
        XCTAssertEqual(try Elementwise.apply(.multiply, a, column).elements, [1, 2, 3, 2, 2.5, 3])
        XCTAssertThrowsError(try Elementwise.apply(.add, a, array([1, 2], [2]))) { error in
            XCTAssertEqual(
                (error as? ArrayError)?.message, "operands could not be broadcast together with shapes (2,3) (2,) ")
        }
    }

    func testPythonFloorRules() throws {
        let x = array([-7, 7], [2], .int64), y = array([2, -3], [2], .int64)
        XCTAssertEqual(try Elementwise.apply(.floorDivide, x, y).elements, [-4, -3])
        XCTAssertEqual(try Elementwise.apply(.modulo, x, y).elements, [1, -2])
    }

    func testViewsShareTheBuffer() throws {
        let a = array((0..<12).map(Double.init), [3, 4])
        let t = try a.transposed()
        XCTAssertEqual(t.shape, [4, 3])
        XCTAssertEqual(t.elements, [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
        let r = try a.reshaped([-1, 6])
        XCTAssertEqual(r.shape, [2, 6])
        r.buffer.data[0] = 99
        XCTAssertEqual(a.elements[0], 99)
        XCTAssertThrowsError(try a.reshaped([5, -1]))
    }

    func testReductions() throws {
        let a = array([1, 5, 3, 4, 2, 6], [2, 3])
        XCTAssertEqual(try a.reduce(.sum).scalarValue, 21)
        XCTAssertEqual(try a.reduce(.sum, axis: 0).elements, [5, 7, 9])
        XCTAssertEqual(try a.reduce(.mean, axis: 1, keepdims: true).shape, [2, 1])
        XCTAssertEqual(try a.reduce(.argmax, axis: 1).elements, [1, 2])
        XCTAssertEqual(try a.reduce(.standardDeviation).scalarValue, 1.707825127659933, accuracy: 1e-15)
        XCTAssertThrowsError(try a.reduce(.sum, axis: 2))
        XCTAssertThrowsError(try array([], [0]).reduce(.max))
    }

    func testPairwiseSumMatchesNumpy() throws {
        // (np.arange(1, 200) * 0.7).sum() is 13930.0 with numpy's pairwise algorithm, where a
        // left-to-right sum gives 13929.999999999998.
        let a = array((1..<200).map { Double($0) * 0.7 }, [199])
        XCTAssertEqual(try a.reduce(.sum).scalarValue, 13930.0)
    }

    func testMatmul() throws {
        let a = array([1, 2, 3, 4], [2, 2]), b = array([0.5, 1], [2, 1])
        XCTAssertEqual(try LinearAlgebra.matmul(a, b).elements, [2.5, 5.5])
        XCTAssertEqual(try LinearAlgebra.matmul(array([1, 2], [2]), array([3, 4], [2])).shape, [])
        XCTAssertThrowsError(try LinearAlgebra.matmul(a, array([1, 2, 3], [3])))
    }

    /// Views (a transpose, a strided slice) are read in place through their strides; float32 operands
    /// multiply in float32; both threads' halves of a large product agree with a plain triple loop.
    func testMatmulOfViewsAndLargeProducts() throws {
        // 2.3M multiply-adds: the two-thread path; then a tall, narrow product (computed transposed).
        for (m, k, n) in [(130, 128, 140), (300, 40, 5)] { try checkProducts(m: m, k: k, n: n) }
    }

    func checkProducts(m: Int, k: Int, n: Int) throws {
        let x = array((0..<(k * m)).map { Double(($0 * 7) % 11) - 5 }, [k, m])
        let y = array((0..<(2 * k * n)).map { Double(($0 * 5) % 13) - 6 }, [2 * k, n])
        let xt = try x.transposed()  // m × k, a view
        let rows = NDArray(view: y.buffer, offset: 0, shape: [k, n], strides: [2 * n, 1], dtype: .float64)
        for dtype in [DType.float64, .float32] {
            let (a, b) = dtype == .float64 ? (xt, rows) : (xt.astype(.float32), rows.astype(.float32))
            let product = try LinearAlgebra.matmul(a, b)
            XCTAssertEqual(product.dtype, dtype)
            XCTAssertEqual(product.shape, [m, n])
            var expected = [Double](repeating: 0, count: m * n)
            let (left, right) = (xt.elements, rows.elements)
            for i in 0..<m {
                for p in 0..<k {
                    for j in 0..<n { expected[i * n + j] += left[i * k + p] * right[p * n + j] }
                }
            }
            XCTAssertEqual(product.elements, expected)
        }
    }

    func testJoining() throws {
        let x = array([1, 2], [1, 2]), y = array([3, 4], [1, 2])
        XCTAssertEqual(try Joining.concatenate([x, y], axis: 0).shape, [2, 2])
        XCTAssertEqual(try Joining.concatenate([x, y], axis: 1).elements, [1, 2, 3, 4])
        XCTAssertEqual(try Joining.stack([array([1, 2], [2]), array([3, 4], [2])], axis: 1).elements, [1, 3, 2, 4])
    }

    func testNumpyLegacyRandom() {
        // np.random.seed(0); np.random.rand(3), np.random.randn(2), np.random.randint(0, 10, 3)
        var r = NumpyRandom(seed: 0)
        XCTAssertEqual((0..<3).map { _ in r.uniform() }, [0.5488135039273248, 0.7151893663724195, 0.6027633760716439])
        r.seed(0)
        XCTAssertEqual((0..<2).map { _ in r.gauss() }, [1.764052345967664, 0.4001572083672233])
        r.seed(0)
        XCTAssertEqual((0..<3).map { _ in r.interval(9) }, [5, 0, 3])
    }
}
