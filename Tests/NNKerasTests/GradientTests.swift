import XCTest
@testable import NNKeras

final class GradientTests: XCTestCase {
    func testPlaceholder() {}
}
