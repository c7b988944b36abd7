import XCTest
@testable import NNTensor

/// The blocked, packed product against the textbook triple loop, on shapes that cross every block
/// edge (partial micro-kernel rows and columns, several depth blocks, the two-thread split).
final class MatrixProductTests: XCTestCase {
    func check<T: GEMMScalar>(_: T.Type, m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, accumulate: Bool) {
        var seed: UInt64 = 42
        func next() -> T {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return T(Int(seed >> 40) % 17 - 8) / 4
        }
        let a = (0..<(m * k)).map { _ in next() }, b = (0..<(k * n)).map { _ in next() }
        var c = (0..<(m * n)).map { _ in next() }
        var expected = c
        for i in 0..<m {
            for j in 0..<n {
                var sum: T = accumulate ? expected[i * n + j] : 0
                for p in 0..<k {
                    // A is stored m×k (or k×m when transposed), B k×n (or n×k).
                    let x = transposeA ? a[p * m + i] : a[i * k + p]
                    let y = transposeB ? b[j * k + p] : b[p * n + j]
                    sum += x * y
                }
                expected[i * n + j] = sum
            }
        }
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    MatrixProduct.gemm(
                        m: m, n: n, k: k,
                        MatrixOperand(ap.baseAddress!, columns: transposeA ? m : k, transposed: transposeA),
                        MatrixOperand(bp.baseAddress!, columns: transposeB ? k : n, transposed: transposeB),
                        cp.baseAddress!, ldc: n, accumulate: accumulate)
                }
            }
        }
        // Small integers over 4: every product and sum is exact, in either type.
        XCTAssertEqual(
            c, expected, "\(T.self) m=\(m) n=\(n) k=\(k) tA=\(transposeA) tB=\(transposeB) acc=\(accumulate)")
    }

    func testAgreesWithTheTripleLoop() {
        let shapes = [(1, 1, 1), (5, 7, 3), (6, 16, 8), (13, 33, 300), (7, 9, 0), (130, 70, 260), (40, 300, 200)]
        for (m, n, k) in shapes {
            for (tA, tB, acc) in [(false, false, false), (true, false, true), (false, true, false), (true, true, true)]
            {
                check(Float.self, m: m, n: n, k: k, transposeA: tA, transposeB: tB, accumulate: acc)
                check(Double.self, m: m, n: n, k: k, transposeA: tA, transposeB: tB, accumulate: acc)
            }
        }
    }

    /// Small products skip the packing but sum in the same order: the same bits as the blocked path,
    /// on values whose products round.
    func testSmallProductsGiveTheBlockedPathsBits() {
        var seed: UInt64 = 7
        func next() -> Float {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(seed >> 40) / Float(1 << 24) - 0.5
        }
        for (m, n, k) in [(32, 8, 13), (13, 8, 32), (32, 13, 8), (3, 40, 17)] {
            for (transposeB, accumulate) in [(false, false), (true, true)] {
                let a = (0..<(m * k)).map { _ in next() }, b = (0..<(k * n)).map { _ in next() }
                let start = (0..<(m * n)).map { _ in next() }
                var direct = start, blocked = start
                a.withUnsafeBufferPointer { ap in
                    b.withUnsafeBufferPointer { bp in
                        let operandA = MatrixOperand(ap.baseAddress!, columns: k)
                        let operandB = MatrixOperand(bp.baseAddress!, columns: transposeB ? k : n, transposed: transposeB)
                        direct.withUnsafeMutableBufferPointer {
                            MatrixProduct.direct(m: m, n: n, k: k, operandA, operandB, $0.baseAddress!, n, accumulate)
                        }
                        blocked.withUnsafeMutableBufferPointer {
                            MatrixProduct.serial(
                                m: m, n: n, k: k, operandA, operandB, $0.baseAddress!, n, accumulate, false)
                        }
                    }
                }
                XCTAssertEqual(direct, blocked, "m=\(m) n=\(n) k=\(k) tB=\(transposeB) acc=\(accumulate)")
            }
        }
    }
}
