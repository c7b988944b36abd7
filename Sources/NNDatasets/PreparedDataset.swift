import Foundation
import NNImage
import NNTensor

/// A dataset as TensorFlow Datasets prepares it: `<data_dir>/<name>/<version>/` holding
/// `dataset_info.json` (description, splits and their shard lengths), `features.json` (each
/// feature's kind, shape and dtype), `<feature>.labels.txt` (class names) and each split's TFRecord
/// shards of `tf.train.Example` records.
public struct PreparedDataset {
    public struct Split {
        public let name: String
        public let shardLengths: [Int]
        public let numBytes: Int
        let template: String
        public var count: Int { shardLengths.reduce(0, +) }
    }

    public enum Kind {
        /// Pixels stored as PNG (or JPEG) files; nil dimensions vary between examples.
        case image(shape: [Int?], encoding: String)
        case classLabel(names: [String])
        case tensor(shape: [Int?], dtype: DType)
    }

    public struct Feature {
        public let name: String
        public let kind: Kind
        public init(_ name: String, _ kind: Kind) {
            self.name = name
            self.kind = kind
        }
        /// The decoded values' shape and dtype.
        public var shape: [Int?] {
            switch kind {
            case .image(let shape, _), .tensor(let shape, _): return shape
            case .classLabel: return []
            }
        }
        public var dtype: DType {
            switch kind {
            case .image: return .uint8
            case .classLabel: return .int64
            case .tensor(_, let dtype): return dtype
            }
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let name: String, version: String, directory: String
    public let description: String, homepage: String, citation: String
    public let splits: [Split]
    /// The features by name, in name order.
    public let features: [Feature]
    public let supervisedKeys: (String, String)?
    public let downloadSize: Int?

    /// `$TFDS_DATA_DIR`, or `~/tensorflow_datasets`.
    public static var defaultDataDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["TFDS_DATA_DIR"], !dir.isEmpty { return dir }
        return (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + "/tensorflow_datasets"
    }

    /// The prepared versions of a dataset in a data directory, newest first.
    public static func versions(of name: String, in dataDirectory: String) -> [String] {
        let folder = dataDirectory + "/" + name
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.compactMap { v -> (String, [Int])? in
            let parts = v.split(separator: ".").compactMap { Int($0) }
            guard parts.count == 3, FileManager.default.fileExists(atPath: "\(folder)/\(v)/dataset_info.json") else {
                return nil
            }
            return (v, parts)
        }.sorted { $0.1.lexicographicallyPrecedes($1.1) }.reversed().map(\.0)
    }

    /// Opens the newest prepared version matching `version` (`3.0.1`, `3.*.*`; any when nil).
    public static func open(_ name: String, version: String?, dataDirectory: String) throws -> PreparedDataset? {
        let matching = versions(of: name, in: dataDirectory).filter { v in
            guard let version else { return true }
            return zip(v.split(separator: "."), version.split(separator: ".")).allSatisfy { $1 == "*" || $0 == $1 }
        }
        guard let chosen = matching.first else { return nil }
        return try PreparedDataset(directory: "\(dataDirectory)/\(name)/\(chosen)")
    }

    public init(directory: String) throws {
        self.directory = directory
        let info = try PreparedDataset.json(directory + "/dataset_info.json")
        name = info["name"] as? String ?? ""
        version = info["version"] as? String ?? ""
        description = info["description"] as? String ?? ""
        citation = info["citation"] as? String ?? ""
        homepage = ((info["location"] as? [String: Any])?["urls"] as? [String])?.first ?? ""
        downloadSize = (info["downloadSize"] as? String).flatMap { Int($0) }
        splits = (info["splits"] as? [[String: Any]] ?? []).map { s in
            Split(
                name: s["name"] as? String ?? "",
                shardLengths: (s["shardLengths"] as? [String] ?? []).compactMap { Int($0) },
                numBytes: Int(s["numBytes"] as? String ?? "") ?? 0,
                template: s["filepathTemplate"] as? String ?? "{DATASET}-{SPLIT}.{FILEFORMAT}-{SHARD_X_OF_Y}")
        }
        let keys =
            ((info["supervisedKeys"] as? [String: Any])?["tuple"] as? [String: Any])?["items"] as? [[String: Any]]
        let names = keys?.compactMap { $0["featureKey"] as? String } ?? []
        supervisedKeys = names.count == 2 ? (names[0], names[1]) : nil
        let top = try PreparedDataset.json(directory + "/features.json")
        let dict = (top["featuresDict"] as? [String: Any])?["features"] as? [String: Any] ?? [:]
        features = try dict.keys.sorted().map { key in
            try PreparedDataset.feature(key, dict[key] as? [String: Any] ?? [:], directory: directory)
        }
    }

    private static func json(_ path: String) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "could not read \(path)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "\(path) is not a JSON object")
        }
        return object
    }

    private static func dims(_ spec: [String: Any]?) -> [Int?] {
        ((spec?["shape"] as? [String: Any])?["dimensions"] as? [String] ?? []).map {
            Int($0).flatMap { $0 < 0 ? nil : $0 }
        }
    }

    private static func feature(_ name: String, _ spec: [String: Any], directory: String) throws -> Feature {
        if let image = spec["image"] as? [String: Any] {
            return Feature(name, .image(shape: dims(image), encoding: image["encodingFormat"] as? String ?? "png"))
        }
        if let label = spec["classLabel"] as? [String: Any] {
            let file = "\(directory)/\(name).labels.txt"
            if let text = try? String(contentsOfFile: file, encoding: .utf8) {
                return Feature(name, .classLabel(names: text.split(separator: "\n").map(String.init)))
            }
            let count = Int(label["numClasses"] as? String ?? "") ?? 0
            return Feature(name, .classLabel(names: (0..<count).map(String.init)))
        }
        if let tensor = spec["tensor"] as? [String: Any],
            let dtype = DType(rawValue: tensor["dtype"] as? String ?? "")
        {
            return Feature(name, .tensor(shape: dims(tensor), dtype: dtype))
        }
        let kind = (spec["pythonClassName"] as? String)?.split(separator: ".").last.map(String.init) ?? "unknown"
        throw Failure(description: "nn does not read TFDS features of kind \(kind) (feature '\(name)'), for now")
    }

    public func split(_ name: String) -> Split? { splits.first { $0.name == name } }

    /// The files of a split's shards, in order.
    public func shardPaths(_ split: Split) -> [String] {
        let count = split.shardLengths.count
        return (0..<count).map { i in
            let shard = String(format: "%05d-of-%05d", i, count)
            let file = split.template.replacingOccurrences(of: "{DATASET}", with: name)
                .replacingOccurrences(of: "{SPLIT}", with: split.name)
                .replacingOccurrences(of: "{FILEFORMAT}", with: "tfrecord")
                .replacingOccurrences(of: "{SHARD_X_OF_Y}", with: shard)
            return directory + "/" + file
        }
    }

    /// A record's features, decoded as TFDS decodes them (images to pixels), in feature order.
    public func decode(_ record: ArraySlice<UInt8>) throws -> [NDArray] {
        let example = try Example(decoding: record)
        return try features.map { f in
            guard let stored = example.features[f.name] else {
                throw Failure(description: "a record of \(name) has no feature '\(f.name)'")
            }
            switch (f.kind, stored) {
            case (.image(let shape, let encoding), .bytes(let files)):
                guard encoding == "png" else {
                    throw Failure(description: "nn decodes PNG images only, for now; '\(f.name)' holds \(encoding)")
                }
                guard let file = files.first else { throw Failure(description: "an empty image in \(name)") }
                let image = try PNG.decode(file, channels: shape.last.flatMap { $0 })
                return NDArray(
                    image.pixels.map(Double.init), shape: [image.height, image.width, image.channels], dtype: .uint8)
            case (.classLabel, .ints(let values)) where values.count == 1:
                return NDArray(scalar: Double(values[0]), dtype: .int64)
            case (.tensor(let shape, let dtype), .floats(let values)):
                return try tensor(values.map(Double.init), shape, dtype, f.name)
            case (.tensor(let shape, let dtype), .ints(let values)):
                return try tensor(values.map(Double.init), shape, dtype, f.name)
            default:
                throw Failure(description: "the feature '\(f.name)' of \(name) is not stored as features.json says")
            }
        }
    }

    private func tensor(_ values: [Double], _ shape: [Int?], _ dtype: DType, _ feature: String) throws -> NDArray {
        let known = shape.compactMap { $0 }.reduce(1, *)
        let unknown = shape.filter { $0 == nil }.count
        guard unknown <= 1, known > 0, values.count % known == 0, unknown == 1 || values.count == known else {
            throw Failure(description: "the feature '\(feature)' of \(name) has \(values.count) values for its shape")
        }
        return NDArray(values, shape: shape.map { $0 ?? values.count / known }, dtype: dtype)
    }
}
