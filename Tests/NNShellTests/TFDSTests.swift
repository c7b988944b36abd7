import Foundation
import XCTest

/// `tensorflow_datasets` on folders nn prepares from Keras-format fixtures (the IDX files
/// DatasetTests writes); the folder real TFDS prepared is the conformance corpus's.
final class TFDSTests: XCTestCase {
    func testLoadPreparesFashionMNISTFromKerasFilesOnceAndReadsIt() throws {
        let home = try DatasetTests.fashionHome(train: 10, test: 4)
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("nn-tfds-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: home)
            try? FileManager.default.removeItem(at: data)
        }
        let script = """
            import tensorflow_datasets as tfds
            dataset, info = tfds.load('fashion_mnist', as_supervised=True, with_info=True)
            print(info.splits['train'].num_examples, info.splits['test'].num_examples, info.features['label'].names[9])
            print([int(y) for _, y in tfds.as_numpy(dataset['train'])], [int(x.sum()) for x, _ in tfds.as_numpy(dataset['test'])])
            """
        let environment = ["KERAS_HOME": home.path, "TFDS_DATA_DIR": data.path]
        let first = try TestSupport.runNN(["-"], input: script, environment: environment)
        XCTAssertEqual(first.status, 0, first.stderr)
        let folder = data.appendingPathComponent("fashion_mnist/3.0.1").path
        XCTAssertTrue(
            first.stdout.hasPrefix(
                "Downloading and preparing dataset fashion_mnist/3.0.1 (from Keras's files) to \(folder)...\n"
                    + "Dataset fashion_mnist downloaded and prepared to \(folder). Subsequent calls will reuse this data.\n"
            ),
            first.stdout)
        XCTAssertTrue(
            first.stdout.hasSuffix("10 4 Ankle boot\n[0, 1, 2, 3, 4, 5, 6, 7, 8, 9] \(testImageSums(4))\n"),
            first.stdout)
        for file in [
            "dataset_info.json", "features.json", "label.labels.txt", "fashion_mnist-train.tfrecord-00000-of-00001",
        ] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/" + file), file)
        }
        // The second load reads what the first prepared, without the Keras files.
        try FileManager.default.removeItem(at: home)
        let second = try TestSupport.runNN(["-"], input: script, environment: environment)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(second.stdout, "10 4 Ankle boot\n[0, 1, 2, 3, 4, 5, 6, 7, 8, 9] \(testImageSums(4))\n")
    }

    /// The pixel sums of the fixture's test images (their own numbering starts again at 0).
    private func testImageSums(_ count: Int) -> String {
        "["
            + (0..<count).map { image in String((0..<784).reduce(0) { $0 + Int(DatasetTests.pixel(image * 784 + $1)) })
            }
            .joined(separator: ", ") + "]"
    }

    func testAMissingDatasetSaysWhereNNLookedAndHowToPrepareIt() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("nn-tfds-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let r = try TestSupport.runNN(
            ["-"], input: "import tensorflow_datasets as tfds\ntfds.load('cats_vs_dogs')\n",
            environment: ["TFDS_DATA_DIR": data.path])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(
            r.stderr.contains("AssertionError: Dataset cats_vs_dogs: could not find data in \(data.path)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("run tfds.load('cats_vs_dogs') once with TensorFlow Datasets"), r.stderr)
        XCTAssertTrue(r.stderr.contains("line 2"), r.stderr)
    }
}
