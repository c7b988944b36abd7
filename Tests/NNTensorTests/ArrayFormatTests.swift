import XCTest
@testable import NNTensor

final class ArrayFormatTests: XCTestCase {
    func str(_ values: [Double], _ shape: [Int]? = nil, _ dtype: DType = .float64) -> String {
        ArrayFormatter().str(NDArray(values, shape: shape ?? [values.count], dtype: dtype))
    }

    func testPlaceholder() {
        XCTAssertEqual(str([1, 2.5, -3.25]), "[ 1.    2.5  -3.25]")
    }
}
