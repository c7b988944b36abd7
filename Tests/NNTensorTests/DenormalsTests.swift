import XCTest

@testable import NNTensor

final class DenormalsTests: XCTestCase {
    /// Inside `flushed` a denormal result is zero, on this thread and on the worker computing for it;
    /// outside, gradual underflow is back.
    func testFlushedTakesDenormalsAsZeroOnBothThreadsAndRestores() {
        let tiny = Float.leastNormalMagnitude
        let divisor = Float(CommandLine.arguments.count + 9)  // not folded at compile time
        var halves: [Float] = [-1, -1]
        Denormals.flushed {
            halves.withUnsafeMutableBufferPointer { out in
                WorkerPair.shared.run { out[$0] = tiny / divisor }
            }
        }
        XCTAssertEqual(halves, [0, 0])
        XCTAssertGreaterThan(tiny / divisor, 0)
        WorkerPair.shared.run { if $0 == 1 { halves[1] = tiny / divisor } }
        XCTAssertGreaterThan(halves[1], 0)
    }
}
