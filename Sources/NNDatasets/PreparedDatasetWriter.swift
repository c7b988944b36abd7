import Foundation
import NNImage

/// Writes a dataset in TFDS's prepared layout (what `download_and_prepare` writes), one shard per
/// split, so that TensorFlow Datasets and nn both load it.
public struct DatasetWriter {
    public let name: String, version: String
    public var description = "", homepage = "", citation = ""
    public let features: [PreparedDataset.Feature]
    public var supervisedKeys: (String, String)? = nil
    /// What `moduleName` in `dataset_info.json` names (the TFDS module that defines the dataset).
    public var moduleName = "__main__"

    public init(name: String, version: String, features: [PreparedDataset.Feature]) {
        self.name = name
        self.version = version
        self.features = features
    }

    /// One example's feature values as TFDS encodes them: images as PNG files of their pixels.
    public enum Value {
        case image(PNG.Image)
        case label(Int)
        case floats([Float])
        case ints([Int64])
    }

    /// Writes the splits (name and examples, each with a value per feature) under
    /// `<dataDirectory>/<name>/<version>`, returning that folder.
    @discardableResult
    public func write(
        _ splits: [(name: String, examples: [[String: Value]])], to dataDirectory: String
    ) throws -> String {
        let folder = "\(dataDirectory)/\(name)/\(version)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var splitInfos: [[String: Any]] = []
        for split in splits {
            let records = try split.examples.map { try Example(encode($0)).encoded() }
            let file = "\(folder)/\(name)-\(split.name).tfrecord-00000-of-00001"
            guard FileManager.default.createFile(atPath: file, contents: Data(TFRecord.file(records))) else {
                throw PreparedDataset.Failure(description: "could not write \(file)")
            }
            splitInfos.append([
                "filepathTemplate": "{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}", "name": split.name,
                "numBytes": String(records.reduce(0) { $0 + $1.count }), "shardLengths": [String(records.count)],
            ])
        }
        var info: [String: Any] = [
            "citation": citation, "description": description, "fileFormat": "tfrecord",
            "location": ["urls": [homepage]], "moduleName": moduleName, "name": name, "splits": splitInfos,
            "version": version,
        ]
        if let (input, target) = supervisedKeys {
            info["supervisedKeys"] = ["tuple": ["items": [["featureKey": input], ["featureKey": target]]]]
        }
        try writeJSON(info, to: folder + "/dataset_info.json")
        var specs: [String: Any] = [:]
        for f in features {
            switch f.kind {
            case .image(let shape, let encoding):
                specs[f.name] = [
                    "image": ["dtype": "uint8", "shape": ["dimensions": dims(shape)], "encodingFormat": encoding],
                    "pythonClassName": "tensorflow_datasets.core.features.image_feature.Image",
                ]
            case .classLabel(let names):
                specs[f.name] = [
                    "classLabel": ["numClasses": String(names.count)],
                    "pythonClassName": "tensorflow_datasets.core.features.class_label_feature.ClassLabel",
                ]
                try (names.joined(separator: "\n") + "\n").write(
                    toFile: "\(folder)/\(f.name).labels.txt", atomically: true, encoding: .utf8)
            case .tensor(let shape, let dtype):
                specs[f.name] = [
                    "tensor": ["dtype": dtype.rawValue, "shape": ["dimensions": dims(shape)], "encoding": "none"],
                    "pythonClassName": "tensorflow_datasets.core.features.tensor_feature.Tensor",
                ]
            }
        }
        try writeJSON(
            [
                "featuresDict": ["features": specs],
                "pythonClassName": "tensorflow_datasets.core.features.features_dict.FeaturesDict",
            ], to: folder + "/features.json")
        return folder
    }

    private func dims(_ shape: [Int?]) -> [String] { shape.map { String($0 ?? -1) } }

    private func encode(_ values: [String: Value]) throws -> [String: Example.Feature] {
        var out: [String: Example.Feature] = [:]
        for (key, value) in values {
            switch value {
            case .image(let image): out[key] = .bytes([try PNG.encode(image)])
            case .label(let n): out[key] = .ints([Int64(n)])
            case .floats(let f): out[key] = .floats(f)
            case .ints(let i): out[key] = .ints(i)
            }
        }
        return out
    }

    private func writeJSON(_ object: Any, to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw PreparedDataset.Failure(description: "could not write \(path)")
        }
    }
}
