import Foundation
import NNDatasets
import NNKeras
import NNLang
import NNTensor

/// `tfds.core.DatasetInfo` of a prepared dataset: its name, version, description, features and
/// splits, printed as TFDS prints them.
final class PyDatasetInfo: PyObject {
    let dataset: PreparedDataset
    init(_ dataset: PreparedDataset) { self.dataset = dataset }

    override var type: PyType { PyDatasetInfo.pyType }

    var features: PyFeaturesDict { PyFeaturesDict(dataset.features) }

    var splits: Value {
        let d = PyDict()
        for s in dataset.splits { d.set(s.name, .object(PySplitInfo(s))) }
        return .dict(d)
    }

    override func repr(_ interp: Interpreter) throws -> String {
        func indent(_ s: String) -> String {
            s.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n    ")
        }
        let d = dataset
        let splitLines =
            ["{"] + d.splits.sorted { $0.name < $1.name }.map { "    '\($0.name)': \(PySplitInfo($0).text)," } + ["}"]
        let keys = d.supervisedKeys.map { "('\($0.0)', '\($0.1)')" } ?? "None"
        let fields: [(String, String)] = [
            ("name", try interp.repr(.string(d.name))),
            ("full_name", try interp.repr(.string("\(d.name)/\(d.version)"))),
            ("description", indent("\"\"\"\n\(d.description)\n\"\"\"")),
            ("homepage", try interp.repr(.string(d.homepage))),
            ("data_dir", try interp.repr(.string(d.directory))),
            ("file_format", "tfrecord"),
            ("download_size", d.downloadSize.map(PyDatasetInfo.size) ?? "Unknown size"),
            ("dataset_size", PyDatasetInfo.size(d.splits.reduce(0) { $0 + $1.numBytes })),
            ("features", indent(features.text)),
            ("supervised_keys", keys),
            ("disable_shuffling", "False"),
            ("nondeterministic_order", "False"),
            ("splits", indent(splitLines.joined(separator: "\n"))),
            ("citation", indent("\"\"\"\(d.citation)\"\"\"")),
        ]
        return (["tfds.core.DatasetInfo("] + fields.map { "    \($0.0)=\($0.1)," } + [")"]).joined(separator: "\n")
    }

    /// TFDS's sizes: binary units with two decimals, bytes below 1 KiB.
    static func size(_ bytes: Int) -> String {
        for (name, power) in [("PiB", 5), ("TiB", 4), ("GiB", 3), ("MiB", 2), ("KiB", 1)] {
            let value = Double(bytes) / pow(1024, Double(power))
            if value >= 1 { return String(format: "%.2f %@", value, name) }
        }
        return "\(bytes) bytes"
    }

    static let pyType: PyType = {
        var m = Members("DatasetInfo", style: .python(countsSelf: true))
        func info(_ v: Value) throws -> PyDatasetInfo { try v.receiver(PyDatasetInfo.self, "DatasetInfo") }
        m.property("name", "The dataset's name.") { v, _ in .string(try info(v).dataset.name) }
        m.property("full_name", "name/version.") { v, _ in
            let d = try info(v).dataset
            return .string("\(d.name)/\(d.version)")
        }
        m.property("version", "The prepared version ('3.0.1').") { v, _ in .string(try info(v).dataset.version) }
        m.property("description", "What the dataset holds.") { v, _ in .string(try info(v).dataset.description) }
        m.property("homepage", "Where the dataset comes from.") { v, _ in .string(try info(v).dataset.homepage) }
        m.property("citation", "How to cite it (BibTeX).") { v, _ in .string(try info(v).dataset.citation) }
        m.property("data_dir", "The folder of the prepared version.") { v, _ in .string(try info(v).dataset.directory) }
        m.property("features", "The features of each example (FeaturesDict).") { v, _ in .object(try info(v).features) }
        m.property("splits", "The splits by name (each a SplitInfo with num_examples).") { v, _ in try info(v).splits }
        m.property("supervised_keys", "The (input, target) feature names of as_supervised=True.") { v, _ in
            guard let keys = try info(v).dataset.supervisedKeys else { return .none }
            return .tuple(PyTuple([.string(keys.0), .string(keys.1)]))
        }
        m.property("dataset_size", "The prepared files' size in bytes.") { v, _ in
            .int(try info(v).dataset.splits.reduce(0) { $0 + $1.numBytes })
        }
        m.property("download_size", "The downloaded files' size in bytes (0 when unknown).") { v, _ in
            .int(try info(v).dataset.downloadSize ?? 0)
        }
        let t = PyType("DatasetInfo", base: .object, members: m.table)
        t.moduleName = "tensorflow_datasets.core.dataset_info"
        return t
    }()
}

/// `info.splits['train']`: a split's example and shard counts.
final class PySplitInfo: PyObject {
    let split: PreparedDataset.Split
    init(_ split: PreparedDataset.Split) { self.split = split }
    override var type: PyType { PySplitInfo.pyType }
    var text: String { "<SplitInfo num_examples=\(split.count), num_shards=\(split.shardLengths.count)>" }
    override func repr(_ interp: Interpreter) throws -> String { text }

    static let pyType: PyType = {
        var m = Members("SplitInfo", style: .python(countsSelf: true))
        func info(_ v: Value) throws -> PreparedDataset.Split { try v.receiver(PySplitInfo.self, "SplitInfo").split }
        m.property("name", "The split's name.") { v, _ in .string(try info(v).name) }
        m.property("num_examples", "How many examples the split holds.") { v, _ in .int(try info(v).count) }
        m.property("num_shards", "How many files hold them.") { v, _ in .int(try info(v).shardLengths.count) }
        m.property("shard_lengths", "The examples in each file.") { v, _ in
            .list(PyList(try info(v).shardLengths.map { .int($0) }))
        }
        m.property("num_bytes", "The split's size in bytes.") { v, _ in .int(try info(v).numBytes) }
        let t = PyType("SplitInfo", base: .object, members: m.table)
        t.moduleName = "tensorflow_datasets.core.splits"
        return t
    }()
}

/// `info.features`: the features by name, each an Image, ClassLabel or Tensor.
final class PyFeaturesDict: PyObject {
    let features: [PreparedDataset.Feature]
    init(_ features: [PreparedDataset.Feature]) { self.features = features }
    override var type: PyType { PyFeaturesDict.pyType }

    var text: String {
        (["FeaturesDict({"] + features.map { "    '\($0.name)': \(PyFeature($0).text)," } + ["})"]).joined(
            separator: "\n")
    }
    override func repr(_ interp: Interpreter) throws -> String { text }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        let name = try Conversions.string(key, "feature names are str")
        guard let f = features.first(where: { $0.name == name }) else { throw ScriptError(.keyError, value: key) }
        return .object(PyFeature(f))
    }
    override func contains(_ item: Value, _ interp: Interpreter) throws -> Bool? {
        guard case .str(let s) = item else { return false }
        return features.contains { $0.name == s.value }
    }
    override func length(_ interp: Interpreter) throws -> Int { features.count }
    override func makeIterator(_ interp: Interpreter) throws -> PyIterator {
        SequenceIterator(features.map { .string($0.name) })
    }

    static let pyType: PyType = {
        var m = Members("FeaturesDict", style: .python(countsSelf: true))
        func dict(_ v: Value) throws -> PyFeaturesDict { try v.receiver(PyFeaturesDict.self, "FeaturesDict") }
        m.method("keys()  The feature names.") { v, _, _ in .list(PyList(try dict(v).features.map { .string($0.name) }))
        }
        m.method("items()  (name, feature) pairs.") { v, _, _ in
            .list(PyList(try dict(v).features.map { .tuple(PyTuple([.string($0.name), .object(PyFeature($0))])) }))
        }
        m.method("values()  The features.") { v, _, _ in
            .list(PyList(try dict(v).features.map { .object(PyFeature($0)) }))
        }
        let t = PyType("FeaturesDict", base: .object, members: m.table)
        t.moduleName = "tensorflow_datasets.core.features.features_dict"
        return t
    }()
}

/// One feature: an Image (shape, dtype), a ClassLabel (names, num_classes, int2str, str2int) or a Tensor.
final class PyFeature: PyObject {
    let feature: PreparedDataset.Feature
    init(_ feature: PreparedDataset.Feature) { self.feature = feature }

    var className: String {
        switch feature.kind {
        case .image: return "Image"
        case .classLabel: return "ClassLabel"
        case .tensor: return "Tensor"
        }
    }

    var names: [String] {
        if case .classLabel(let names) = feature.kind { return names }
        return []
    }

    var text: String {
        let base = "\(className)(shape=\(describeShape(feature.shape)), dtype=\(feature.dtype.rawValue)"
        if case .classLabel(let names) = feature.kind { return base + ", num_classes=\(names.count))" }
        return base + ")"
    }

    override var type: PyType { PyFeature.types[className]! }
    override func repr(_ interp: Interpreter) throws -> String { text }

    static let types: [String: PyType] = {
        var m = Members("Feature", style: .python(countsSelf: true))
        func feature(_ v: Value) throws -> PyFeature { try v.receiver(PyFeature.self, "FeatureConnector") }
        m.property("shape", "The decoded values' shape (None where it varies).") { v, _ in
            .tuple(PyTuple(try feature(v).feature.shape.map { $0.map(Value.int) ?? .none }))
        }
        m.property("dtype", "The decoded values' dtype.") { v, _ in .object(PyTFDType(try feature(v).feature.dtype)) }
        var labels = m
        labels.property("names", "The class names, by label.") { v, _ in
            .list(PyList(try feature(v).names.map { .string($0) }))
        }
        labels.property("num_classes", "How many classes there are.") { v, _ in .int(try feature(v).names.count) }
        labels.method("int2str(int_value)  The name of a label.") { v, a, _ in
            let names = try feature(v).names, i = try a.int("int_value")
            guard names.indices.contains(i) else {
                throw ScriptError(.valueError, "Invalid integer class label \(i)")
            }
            return .string(names[i])
        }
        labels.method("str2int(str_value)  The label of a name.") { v, a, _ in
            let name = try Conversions.string(a["str_value"], "str_value must be a str")
            guard let i = try feature(v).names.firstIndex(of: name) else {
                throw ScriptError(.valueError, "Invalid string class label \(name)")
            }
            return .int(i)
        }
        var types: [String: PyType] = [:]
        for (name, table, module) in [
            ("Image", m.table, "image_feature"), ("ClassLabel", labels.table, "class_label_feature"),
            ("Tensor", m.table, "tensor_feature"),
        ] {
            let t = PyType(name, base: .object, members: table)
            t.moduleName = "tensorflow_datasets.core.features.\(module)"
            types[name] = t
        }
        return types
    }()
}
