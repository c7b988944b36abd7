import Foundation
import XCTest

@testable import NNBindings

/// CIFAR's batch files: a pickled batch (written by CPython 3.11 with numpy 2.4, two 32x32 images)
/// read into (samples, 32, 32, 3) images as Keras transposes them.
final class CifarTests: XCTestCase {
    func testABatchReadsAsKerasTransposesIt() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("NNDatasetsTests/Fixtures/cifar-batch.pickle").path
        let batch = try KerasDatasets.cifarBatch(path, labels: "labels")
        XCTAssertEqual(batch.labels, [4, 9])
        let arrays = KerasDatasets.cifarArrays(batch, batch, labelType: .uint8)
        XCTAssertEqual(arrays.xTrain.shape, [2, 32, 32, 3])
        XCTAssertEqual(arrays.yTrain.shape, [2, 1])
        // numpy's data.reshape(2, 3, 32, 32).transpose(0, 2, 3, 1) of the same file.
        XCTAssertEqual([0, 1, 2].map { arrays.xTrain.element([1, 5, 7, $0]) }, [145, 145, 145])
        XCTAssertEqual([0, 1, 2].map { arrays.xTrain.element([0, 31, 31, $0]) }, [249, 249, 249])
        XCTAssertEqual(Int(arrays.xTrain.elements.reduce(0, +)), 783360)
        XCTAssertThrowsError(try KerasDatasets.cifarBatch(path, labels: "fine_labels"))
    }
}
