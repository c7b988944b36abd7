import Foundation
import NNDatasets
import NNImage
import NNTensor
import XCTest

final class PreparedDatasetTests: XCTestCase {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// A folder real TensorFlow Datasets 4.9 prepared (its FashionMNIST builder on generated pixels),
    /// and what real tfds.load read from it.
    func testAFolderTFDSPreparedReadsAsTFDSReadsIt() throws {
        let data = fixtures + "/tfds-written"
        XCTAssertEqual(PreparedDataset.versions(of: "fashion_mnist", in: data), ["3.0.1"])
        let dataset = try XCTUnwrap(try PreparedDataset.open("fashion_mnist", version: "3.*.*", dataDirectory: data))
        XCTAssertEqual(dataset.name, "fashion_mnist")
        XCTAssertEqual(dataset.splits.map(\.name), ["train", "test"])
        XCTAssertEqual(dataset.splits.map(\.count), [6, 4])
        XCTAssertEqual(dataset.features.map(\.name), ["image", "label"])
        XCTAssertEqual(dataset.features[0].shape, [28, 28, 1])
        guard case .classLabel(let names) = dataset.features[1].kind else { return XCTFail("label is a ClassLabel") }
        XCTAssertEqual(names.first, "T-shirt/top")
        XCTAssertEqual(names.count, 10)
        XCTAssertEqual(dataset.supervisedKeys?.0, "image")
        let expected =
            try JSONSerialization.jsonObject(
                with: try Data(contentsOf: URL(fileURLWithPath: fixtures + "/tfds-written-expected.json")))
            as! [String: [[String: Any]]]
        for split in dataset.splits {
            let path = dataset.shardPaths(split)[0]
            let records = try TFRecord.records(Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: path)
            let decoded = try records.map { try dataset.decode($0) }
            let want = expected[split.name]!
            XCTAssertEqual(decoded.count, want.count)
            for (got, w) in zip(decoded, want) {
                XCTAssertEqual(got[0].shape, [28, 28, 1])
                XCTAssertEqual(got[0].dtype, .uint8)
                XCTAssertEqual(Int(got[0].elements.reduce(0, +)), w["pixelSum"] as! Int)
                XCTAssertEqual(got[0].elements.prefix(28).map { Int($0) }, w["firstRow"] as! [Int])
                XCTAssertEqual(got[1].shape, [])
                XCTAssertEqual(Int(got[1].scalarValue), w["label"] as! Int)
            }
        }
    }

    func testWhatTheWriterWritesReadsBack() throws {
        let data = NSTemporaryDirectory() + "nn-prepared-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: data) }
        var writer = DatasetWriter(
            name: "tiny", version: "1.0.0",
            features: [
                .init("image", .image(shape: [2, 3, 1], encoding: "png")),
                .init("label", .classLabel(names: ["a", "b"])),
            ])
        writer.supervisedKeys = ("image", "label")
        let examples: [[String: DatasetWriter.Value]] = (0..<5).map { i in
            [
                "image": .image(
                    PNG.Image(pixels: (0..<6).map { UInt8(i * 10 + $0) }, height: 2, width: 3, channels: 1)),
                "label": .label(i % 2),
            ]
        }
        try writer.write([("train", examples), ("test", Array(examples.prefix(2)))], to: data)
        let dataset = try XCTUnwrap(try PreparedDataset.open("tiny", version: nil, dataDirectory: data))
        XCTAssertEqual(dataset.splits.map(\.count), [5, 2])
        let path = dataset.shardPaths(dataset.split("train")!)[0]
        let records = try TFRecord.records(Array(try Data(contentsOf: URL(fileURLWithPath: path))), file: path)
        let rows = try records.map { try dataset.decode($0) }
        XCTAssertEqual(rows[3][0].elements, (0..<6).map { Double(30 + $0) })
        XCTAssertEqual(rows.map { Int($0[1].scalarValue) }, [0, 1, 0, 1, 0])
        XCTAssertNil(try PreparedDataset.open("tiny", version: "2.*.*", dataDirectory: data))
        XCTAssertNil(try PreparedDataset.open("absent", version: nil, dataDirectory: data))
    }

    func testRecordsWithABadChecksumOrCutShortAreErrors() throws {
        let file = TFRecord.file([[1, 2, 3], Array(repeating: 7, count: 300)])
        XCTAssertEqual(
            try TFRecord.records(file, file: "f").map(Array.init), [[1, 2, 3], Array(repeating: 7, count: 300)])
        var corrupted = file
        corrupted[13] ^= 1
        XCTAssertThrowsError(try TFRecord.records(corrupted, file: "f")) { XCTAssertTrue("\($0)".contains("checksum")) }
        XCTAssertThrowsError(try TFRecord.records(Array(file.dropLast(2)), file: "f")) {
            XCTAssertTrue("\($0)".contains("truncated"))
        }
    }

    func testExamplesRoundTripTheirFeatures() throws {
        let example = Example(["b": .bytes([[1, 2], []]), "f": .floats([1.5, -2]), "i": .ints([-1, 300, 1 << 40])])
        XCTAssertEqual(try Example(decoding: example.encoded()[...]), example)
        XCTAssertThrowsError(try Example(decoding: [0x0A, 0x05, 0x01][...]))
    }

    /// The example counts real tfds.load gave for these specs on splits of 6 and 4 examples.
    func testSplitSpecsResolveAsTFDSResolvesThem() throws {
        let counts: [(name: String, shards: [Int])] = [("train", [6]), ("test", [4])]
        func sizes(_ spec: String) throws -> [Int] { try SplitSpec.resolve(spec, counts: counts).map(\.1.count) }
        XCTAssertEqual(try sizes("train[:50%]"), [3])
        XCTAssertEqual(try sizes("train[:34%]"), [2])
        XCTAssertEqual(try sizes("train[34%:]"), [4])
        XCTAssertEqual(try sizes("train+test"), [6, 4])
        XCTAssertEqual(try sizes("train[1:3]"), [2])
        XCTAssertEqual(try SplitSpec.resolve("train[-2:]", counts: counts)[0].1, 4..<6)
        XCTAssertThrowsError(try SplitSpec.resolve("validation", counts: counts)) {
            XCTAssertEqual("\($0)", "Unknown split 'validation'. Should be one of ['train', 'test'].")
        }
        XCTAssertThrowsError(try SplitSpec.resolve("train[::]", counts: counts))
        XCTAssertThrowsError(try SplitSpec.resolve("train[:20]", counts: counts)) {
            XCTAssertEqual("\($0)", "Requested slice [:20] incompatible with 6 examples.")
        }
    }
}

/// Pickles written by CPython 3.11 with numpy 2.4 (protocol 2, as CIFAR's batches, and protocol 4).
final class PickleTests: XCTestCase {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    func read(_ name: String) throws -> Pickle.Object {
        try Pickle.load(Array(try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + name))))
    }

    func testACIFARStyleBatchReads() throws {
        let batch = try read("batch-protocol2.pickle")
        XCTAssertEqual(batch["labels"], .list([.int(3), .int(8), .int(0)]))
        XCTAssertEqual(batch["batch_label"], .bytes(Array("testing batch 1 of 1".utf8)))
        guard case .array(let shape, let dtype, let data)? = batch["data"] else { return XCTFail("data is an array") }
        XCTAssertEqual(shape, [3, 12])
        XCTAssertEqual(dtype, "u1")
        XCTAssertEqual(data, (0..<36).map { UInt8($0) })
    }

    func testNumbersTuplesAndOtherDtypesRead() throws {
        let mixed = try read("mixed-protocol4.pickle")
        XCTAssertEqual(mixed["n"], .int(70000))
        XCTAssertEqual(mixed["neg"], .int(-5))
        XCTAssertEqual(mixed["big"], .int(1 << 40))
        XCTAssertEqual(mixed["t"], .tuple([.int(1), .string("two"), .none, .bool(true)]))
        guard case .array(let shape, let dtype, let data)? = mixed["x"] else { return XCTFail("x is an array") }
        XCTAssertEqual(shape, [1, 2])
        XCTAssertEqual(dtype, "<f8")
        XCTAssertEqual(data.count, 16)
        XCTAssertThrowsError(try Pickle.load(Array("cos\nsystem\n(S'ls'\ntR.".utf8)))
    }
}
