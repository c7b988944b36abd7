import Foundation
import NNDatasets
import NNImage
import NNKeras
import NNLang
import NNTensor

/// `tensorflow_datasets` (`import tensorflow_datasets as tfds`): datasets read from the folders
/// TFDS prepares (`~/tensorflow_datasets/<name>/<version>`, or `$TFDS_DATA_DIR`), as tf.data
/// datasets of TFDS's elements. mnist and fashion_mnist nn prepares itself, from the files Keras
/// downloads.
enum TFDSModule {
    static func make(_ interp: Interpreter) throws -> PyModule {
        let session = try KerasModule.session(interp)
        var m = ModuleBuilder("tensorflow_datasets", style: .python(countsSelf: false))
        m.members["__version__"] = .string("4.9.10")
        m.def(
            """
            load(name, *, split=None, data_dir=None, batch_size=None, shuffle_files=False, download=True, \
            as_supervised=False, decoders=None, read_config=None, with_info=False, builder_kwargs=None, \
            download_and_prepare_kwargs=None, as_dataset_kwargs=None, try_gcs=False)  A prepared dataset's \
            splits as tf.data datasets.
            name: the dataset ('fashion_mnist'), optionally with a version ('mnist:3.*.*').
            split: 'train', 'test[:20%]', 'train+test', a list of them, or None for a dict of every split.
            data_dir: the folder of prepared datasets (~/tensorflow_datasets, or $TFDS_DATA_DIR, when None).
            batch_size: batches of that many examples; -1 gives each split whole, as tensors.
            shuffle_files: read the split's files in a new random order on each pass.
            download: prepare the dataset when it is not (nn prepares mnist and fashion_mnist from Keras's files).
            as_supervised: (input, label) tuples instead of dicts of features.
            with_info: also return the DatasetInfo: (datasets, info).
            """,
            refusing: [
                "decoders", "read_config", "builder_kwargs", "download_and_prepare_kwargs", "as_dataset_kwargs",
                "try_gcs",
            ]
        ) { a, interp in
            let dataset = try prepared(try Conversions.string(a["name"], "name must be a str"), a, interp)
            let loaded = try splits(dataset, a, session, interp)
            return try a.bool("with_info") ? .tuple(PyTuple([loaded, .object(PyDatasetInfo(dataset))])) : loaded
        }
        m.def("as_numpy(dataset)  A dataset's elements as numpy values (a dict or list of datasets: each converted).") {
            a, interp in
            try DatasetStructure.map(a["dataset"]) { v in
                guard case .object(let d as PyDataset) = v else { return v }
                return try interp.call(try interp.getAttribute(.object(d), "as_numpy_iterator"), Arguments())
            }
        }
        m.def(
            """
            builder(name, *, data_dir=None, try_gcs=False)  A dataset's builder: its info, download_and_prepare() \
            and as_dataset(split=..., as_supervised=..., batch_size=..., shuffle_files=...).
            """, refusing: ["try_gcs"]
        ) { a, _ in
            .object(
                PyDatasetBuilder(
                    name: try Conversions.string(a["name"], "name must be a str"),
                    dataDir: a["data_dir"].isNone ? nil : try Conversions.path(a["data_dir"]), session))
        }
        var split = ModuleBuilder("tensorflow_datasets.Split")
        for (name, value) in [("TRAIN", "train"), ("TEST", "test"), ("VALIDATION", "validation"), ("ALL", "all")] {
            split.members[name] = .string(value)
        }
        m.members["Split"] = .object(split.build())
        var features = ModuleBuilder("tensorflow_datasets.features")
        for (name, type) in PyFeature.types { features.members[name] = .object(type) }
        features.members["FeaturesDict"] = .object(PyFeaturesDict.pyType)
        m.members["features"] = .object(features.build())
        return m.build()
    }

    /// The prepared dataset a name (with an optional `:version`) names, preparing mnist and
    /// fashion_mnist when `download` allows; TFDS's error, and what to do, when it is missing.
    static func prepared(_ spec: String, _ a: Bound, _ interp: Interpreter) throws -> PreparedDataset {
        try prepared(
            spec, dataDir: a["data_dir"].isNone ? nil : try Conversions.path(a["data_dir"]),
            download: try a.bool("download"), interp)
    }

    static func prepared(
        _ spec: String, dataDir given: String?, download: Bool, _ interp: Interpreter
    ) throws
        -> PreparedDataset
    {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        let name = parts.first ?? "", version = parts.count > 1 ? parts[1] : nil
        guard !name.contains("/") else {
            throw ScriptError(
                .notImplementedError, "nn reads datasets without builder configs only, for now ('\(spec)')")
        }
        let dataDir = given ?? PreparedDataset.defaultDataDirectory
        if let found = try datasetCall({ try PreparedDataset.open(name, version: version, dataDirectory: dataDir) }) {
            return found
        }
        if download, let source = TFDSPreparation.sources[name] {
            return try TFDSPreparation.prepare(name, source, dataDirectory: dataDir, interp)
        }
        throw ScriptError(
            .assertionError,
            """
            Dataset \(name): could not find data in \(dataDir). Please make sure to call \
            dataset_builder.download_and_prepare(), or pass download=True to tfds.load() before trying to access \
            the tf.data.Dataset object. nn prepares \(TFDSPreparation.sources.keys.sorted().joined(separator: " and ")) \
            itself; other datasets it reads as TensorFlow Datasets prepared them: run tfds.load('\(name)') once with \
            TensorFlow Datasets, or copy a prepared '\(name)' folder into \(dataDir).
            """)
    }

    /// `split=`: one dataset, a list of them, or a dict of every split by name.
    static func splits(
        _ dataset: PreparedDataset, _ a: Bound, _ session: KerasSession, _ interp: Interpreter
    ) throws -> Value {
        func one(_ spec: Value) throws -> Value {
            let text = try Conversions.string(spec, "split must be a str or a list of them")
            let counts = dataset.splits.map { (name: $0.name, shards: $0.shardLengths) }
            let parts = try datasetCall { try SplitSpec.resolve(text, counts: counts) }
            return try elements(dataset, parts, a, session, interp)
        }
        switch a["split"] {
        case .none:
            let d = PyDict()
            for s in dataset.splits { d.set(s.name, try one(.string(s.name))) }
            return .dict(d)
        case .list(let l): return .list(PyList(try l.items.map(one)))
        case .tuple(let t): return .list(PyList(try t.items.map(one)))
        case let spec: return try one(spec)
        }
    }

    /// The examples of `parts` as a dataset of TFDS's elements (or, for batch_size=-1, as one batch).
    static func elements(
        _ dataset: PreparedDataset, _ parts: [(String, Range<Int>)], _ a: Bound, _ session: KerasSession,
        _ interp: Interpreter
    ) throws -> Value {
        let supervised = try a.bool("as_supervised")
        let keys: [Int]
        if supervised {
            guard let (input, target) = dataset.supervisedKeys,
                let i = dataset.features.firstIndex(where: { $0.name == input }),
                let t = dataset.features.firstIndex(where: { $0.name == target })
            else {
                throw ScriptError(
                    .valueError, "as_supervised=True but \(dataset.name) does not support a supervised structure.")
            }
            keys = [i, t]
        } else {
            keys = Array(dataset.features.indices)
        }
        func structure(_ values: [Value]) -> Value {
            if supervised { return .tuple(PyTuple([values[keys[0]], values[keys[1]]])) }
            let d = PyDict()
            for (f, v) in zip(dataset.features, values) { d.set(f.name, v) }
            return .dict(d)
        }
        let spec = structure(dataset.features.map { .object(PyTensorSpec(shape: $0.shape, dtype: $0.dtype)) })
        let shuffle = try a.bool("shuffle_files")
        let segments = parts.flatMap { split, range in shardSegments(dataset, split, range) }
        let count = parts.reduce(0) { $0 + $1.1.count }
        let loaded = PyDataset(
            .source(name: "_PrefetchDataset", count: count, spec: spec) { _ in
                var order = segments
                if shuffle {
                    for i in stride(from: order.count - 1, to: 0, by: -1) {
                        order.swapAt(i, min(i, Int(session.random.uniform() * Float(i + 1))))
                    }
                }
                var pending = order[...]
                var records: [ArraySlice<UInt8>] = [], indices = (0..<0).makeIterator()
                return {
                    while true {
                        if let i = indices.next() {
                            let values = try datasetCall { try dataset.decode(records[i]) }
                            return structure(values.map { .object(PyTFTensor($0, session)) })
                        }
                        guard let (path, range) = pending.popFirst() else { return nil }
                        let bytes = try FileMethods.contents(path)
                        records = try datasetCall { try TFRecord.records(bytes, file: path) }
                        guard range.upperBound <= records.count else {
                            throw ScriptError(.valueError, "\(path) holds fewer records than dataset_info.json says")
                        }
                        indices = range.makeIterator()
                    }
                }
            }, session)
        switch try a.optionalInt("batch_size") {
        case nil: return .object(loaded)
        case .some(-1):
            let whole = PyDataset(.batch(loaded, size: max(count, 1), dropRemainder: false), session)
            return try whole.elements(interp)() ?? .none
        case let n?:
            guard n > 0 else { throw ScriptError(.valueError, "batch_size must be a positive int or -1, not \(n)") }
            return .object(PyDataset(.batch(loaded, size: n, dropRemainder: false), session))
        }
    }

    /// A split's range of examples as ranges of its shard files.
    static func shardSegments(_ dataset: PreparedDataset, _ name: String, _ range: Range<Int>) -> [(String, Range<Int>)]
    {
        guard let split = dataset.split(name) else { return [] }
        var out: [(String, Range<Int>)] = []
        var first = 0
        for (path, length) in zip(dataset.shardPaths(split), split.shardLengths) {
            let shard = first..<first + length
            let overlap = shard.clamped(to: range)
            if !overlap.isEmpty { out.append((path, overlap.lowerBound - first..<overlap.upperBound - first)) }
            first += length
        }
        return out
    }

    /// Errors of the dataset files as Python's ValueError (TFDS's split errors are ValueErrors too).
    static func datasetCall<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as SplitSpec.Failure {
            throw ScriptError(.valueError, e.description)
        } catch let e as PreparedDataset.Failure {
            throw ScriptError(.valueError, e.description)
        } catch let e as TFRecord.Failure {
            throw ScriptError(.valueError, e.description)
        } catch let e as Example.Failure {
            throw ScriptError(.valueError, "a record is not a tf.train.Example: \(e.description)")
        } catch let e as PNG.Failure {
            throw ScriptError(.valueError, "an image does not decode as PNG: \(e.description)")
        }
    }
}

/// `tfds.builder(name)`: a dataset's info, preparation and splits, as `tfds.load` gives them.
final class PyDatasetBuilder: PyObject {
    let name: String, dataDir: String?
    let session: KerasSession
    init(name: String, dataDir: String?, _ session: KerasSession) {
        (self.name, self.dataDir) = (name, dataDir)
        self.session = session
    }

    /// The prepared dataset (TFDS's error, and what to do, when it is not prepared).
    func prepared(download: Bool, _ interp: Interpreter) throws -> PreparedDataset {
        try TFDSModule.prepared(name, dataDir: dataDir, download: download, interp)
    }

    override var type: PyType { PyDatasetBuilder.pyType }
    override func repr(_ interp: Interpreter) throws -> String { "<DatasetBuilder name=\(name) at \(address)>" }

    static let pyType: PyType = {
        var m = Members("DatasetBuilder", style: .python(countsSelf: true))
        func builder(_ v: Value) throws -> PyDatasetBuilder { try v.receiver(PyDatasetBuilder.self, "DatasetBuilder") }
        m.property("name", "The dataset's name.") { v, _ in .string(try builder(v).name) }
        m.property("info", "The prepared dataset's DatasetInfo.") { v, interp in
            .object(PyDatasetInfo(try builder(v).prepared(download: false, interp)))
        }
        m.method(
            "download_and_prepare(*, download_dir=None, download_config=None, file_format=None)  Prepares the dataset "
                + "when it is not (nn prepares mnist and fashion_mnist from Keras's files).",
            refusing: ["download_dir", "download_config", "file_format"]
        ) { v, _, interp in
            _ = try builder(v).prepared(download: true, interp)
            return .none
        }
        m.method(
            """
            as_dataset(split=None, *, batch_size=None, shuffle_files=False, decoders=None, read_config=None, \
            as_supervised=False)  The prepared splits as tf.data datasets, as tfds.load gives them.
            """, refusing: ["decoders", "read_config"]
        ) { v, a, interp in
            let b = try builder(v)
            return try TFDSModule.splits(try b.prepared(download: false, interp), a, b.session, interp)
        }
        let t = PyType("DatasetBuilder", base: .object, members: m.table)
        t.moduleName = "tensorflow_datasets.core.dataset_builder"
        return t
    }()
}
