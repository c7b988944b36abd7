import NNKeras
import NNLang
import NNTensor

/// `tf.data`: the `Dataset` class (its constructors and transformations) and the module's constants.
enum TFData {
    static let autotune = -1

    static func make(_ session: KerasSession) -> PyModule {
        session.datasetIteratorType = {
            let t = PyType("OwnedIterator", base: .iterator)
            t.moduleName = "tensorflow.python.data.ops.iterator_ops"
            return t
        }()
        session.numpyIteratorType = {
            let t = PyType("_NumpyIterator", base: .iterator)
            t.moduleName = "tensorflow.python.data.ops.dataset_ops"
            return t
        }()
        let dataset = PyType("DatasetV2", base: .object, members: members(session))
        dataset.moduleName = "tensorflow.python.data.ops.dataset_ops"
        for (name, f) in constructors(session) { dataset.classValues[name] = f }
        session.datasetType = dataset
        var data = ModuleBuilder("tensorflow.data", style: .python(countsSelf: false))
        data.members["Dataset"] = .object(dataset)
        data.members["AUTOTUNE"] = .int(autotune)
        data.members["INFINITE_CARDINALITY"] = .int(PyDataset.infinite)
        data.members["UNKNOWN_CARDINALITY"] = .int(PyDataset.unknown)
        var experimental = ModuleBuilder("tensorflow.data.experimental", style: .python(countsSelf: false))
        experimental.members["AUTOTUNE"] = .int(autotune)
        experimental.members["INFINITE_CARDINALITY"] = .int(PyDataset.infinite)
        experimental.members["UNKNOWN_CARDINALITY"] = .int(PyDataset.unknown)
        experimental.def(
            "cardinality(dataset)  The number of elements (-1 when infinite, -2 when unknown), as a tensor."
        ) { a, _ in
            cardinality(try a["dataset"].receiver(PyDataset.self, "Dataset"))
        }
        data.members["experimental"] = .object(experimental.build())
        return data.build()
    }

    static func cardinality(_ d: PyDataset) -> Value {
        .object(PyTFTensor(NDArray(scalar: Double(d.cardinality), dtype: .int64), d.session))
    }

    /// An int argument that may be given as a tensor (`take(tf.constant(3))`).
    static func int(_ a: Bound, _ name: String) throws -> Int {
        let v = a[name]
        if let t = TFConvert.existing(v), t.shape.isEmpty, t.dtype.isInteger { return Int(t.ndarray.scalarValue) }
        return try Conversions.int(v)
    }

    static func dataset(_ v: Value) throws -> PyDataset { try v.receiver(PyDataset.self, "Dataset") }

    /// The static methods that make datasets from tensors.
    static func constructors(_ session: KerasSession) -> [String: Value] {
        var m = ModuleBuilder("tensorflow.data.Dataset", style: .python(countsSelf: false))
        m.def(
            """
            from_tensor_slices(tensors, name=None)  A dataset of the rows of tensors (sliced along their first axis).
            tensors: an array or tensor, or a tuple or dict of them with the same number of rows.
            """, refusing: ["name"]
        ) { a, interp in
            let structure = try DatasetStructure.given(a["tensors"], session)
            let leaves = DatasetStructure.leaves(structure).map(DatasetStructure.tensor)
            guard leaves.allSatisfy({ !$0.shape.isEmpty }) else {
                throw ScriptError(.valueError, "Unbatching a tensor is only supported for rank >= 1")
            }
            let count = leaves[0].shape[0]
            for t in leaves.dropFirst() where t.shape[0] != count {
                throw ScriptError(.valueError, "Dimensions \(count) and \(t.shape[0]) are not compatible")
            }
            return .object(PyDataset(.slices(structure, count: count), session))
        }
        m.def(
            """
            from_tensors(tensors, name=None)  A dataset of one element: the tensors as they are.
            tensors: an array or tensor, or a tuple or dict of them.
            """, refusing: ["name"]
        ) { a, _ in
            .object(PyDataset(.tensors(try DatasetStructure.given(a["tensors"], session)), session))
        }
        m.def(
            """
            range(*args, output_type=None, name=None)  A dataset of int64 scalars as Python's range(stop) \
            or range(start, stop[, step]) gives them.
            """, refusing: ["name"]
        ) { a, _ in
            let args = try a.rest.map { v -> Int in
                if let t = TFConvert.existing(v), t.shape.isEmpty { return Int(t.ndarray.scalarValue) }
                return try Conversions.int(v)
            }
            let type = try TFConvert.optionalDType(a["output_type"]) ?? .int64
            guard type == .int64 else {
                throw ScriptError(.notImplementedError, "nn's Dataset.range gives int64 elements only, for now")
            }
            let (start, stop, step): (Int, Int, Int)
            switch args.count {
            case 1: (start, stop, step) = (0, args[0], 1)
            case 2: (start, stop, step) = (args[0], args[1], 1)
            case 3: (start, stop, step) = (args[0], args[1], args[2])
            default: throw ScriptError(.typeError, "range expected 1 to 3 arguments, got \(args.count)")
            }
            guard step != 0 else { throw ScriptError(.valueError, "range() arg 3 must not be zero") }
            return .object(PyDataset(.range(start: start, stop: stop, step: step), session))
        }
        m.def(
            """
            zip(*args, datasets=None, name=None)  A dataset of tuples (or dicts) of the datasets' elements, \
            as long as the shortest.
            datasets: the datasets, as a tuple or dict (or given as separate arguments).
            """, refusing: ["name"]
        ) { a, _ in
            let given = a.rest.isEmpty ? a["datasets"] : a.rest.count == 1 ? a.rest[0] : .tuple(PyTuple(a.rest))
            var parts: [PyDataset] = []
            let structure = try DatasetStructure.map(given) { v in
                parts.append(try dataset(v))
                return v
            }
            return .object(PyDataset(.zip(parts, structure: structure), session))
        }
        return m.members
    }

    static func members(_ session: KerasSession) -> [String: Member] {
        var m = Members("Dataset", style: .python(countsSelf: true))
        func add(
            _ declaration: String, refusing: Set<String> = [],
            _ make: @escaping (PyDataset, Bound, Interpreter) throws -> PyDataset.Stage
        ) {
            m.method(declaration, refusing: refusing.union(["name"])) { v, a, interp in
                .object(PyDataset(try make(try dataset(v), a, interp), session))
            }
        }
        add(
            """
            map(map_func, num_parallel_calls=None, deterministic=None, synchronous=None, \
            use_unbounded_threadpool=False, name=None)  A dataset of map_func applied to each element \
            (a tuple element is passed as separate arguments).
            num_parallel_calls: how many elements TensorFlow maps at once; nn maps one at a time, in order.
            deterministic: whether the order is kept (nn's always is).
            """, refusing: ["synchronous", "use_unbounded_threadpool"]
        ) { d, a, _ in .map(d, a["map_func"], parallel: !a["num_parallel_calls"].isNone) }
        add("filter(predicate, name=None)  The elements for which predicate returns True.") { d, a, _ in
            .filter(d, a["predicate"])
        }
        add(
            """
            batch(batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None, name=None)  \
            A dataset of batches: batch_size consecutive elements stacked along a new first axis.
            drop_remainder: leave out a last batch smaller than batch_size.
            num_parallel_calls: how many batches TensorFlow builds at once; nn builds one at a time.
            deterministic: whether the order is kept (nn's always is).
            """
        ) { d, a, _ in
            let size = try int(a, "batch_size")
            guard size > 0 else {
                throw TFTypes.invalidArgument("Batch size must be greater than zero. [Op:BatchDatasetV2]")
            }
            return .batch(d, size: size, dropRemainder: try a.bool("drop_remainder"))
        }
        add("unbatch(name=None)  Splits each element (a batch) back into its rows.") { d, _, _ in .unbatch(d) }
        add(
            """
            shuffle(buffer_size, seed=None, reshuffle_each_iteration=True, name=None)  The elements in random \
            order: each drawn from a buffer of the next buffer_size elements.
            seed: makes the order repeatable.
            reshuffle_each_iteration: a new order on each pass (each epoch).
            """
        ) { d, a, _ in
            let buffer = try int(a, "buffer_size")
            guard buffer > 0 || buffer == autotune else {
                throw TFTypes.invalidArgument("buffer_size must be greater than zero. [Op:ShuffleDatasetV3]")
            }
            let seed =
                try a.optionalInt("seed").map { UInt64(truncatingIfNeeded: $0) &* 0x9E37_79B9_7F4A_7C15 }
                ?? UInt64(session.random.uniform() * Float(1 << 24)) << 32
                ^ UInt64(session.random.uniform() * Float(1 << 24))
            let random = PyDataset.ShuffleRandom(seed: seed, reshuffle: try a.bool("reshuffle_each_iteration"))
            return .shuffle(d, buffer: buffer == autotune ? Int.max : buffer, random)
        }
        add(
            """
            cache(filename='', name=None)  The same elements, kept in memory once a pass has read them all \
            (later passes do not recompute them).
            filename: a file to cache in instead of memory (not supported by nn).
            """
        ) { d, a, _ in
            guard try Conversions.string(a["filename"], "filename must be a str").isEmpty else {
                throw ScriptError(
                    .notImplementedError, "nn caches datasets in memory only; call cache() without a filename")
            }
            return .cache(d, PyDataset.ElementCache())
        }
        add("repeat(count=None, name=None)  The elements again and again: count times, or forever when None.") {
            d, a, _ in
            let times = a["count"].isNone ? nil : try int(a, "count")
            return .repeated(d, times: times.flatMap { $0 < 0 ? nil : $0 })
        }
        add("take(count, name=None)  The first count elements (all when -1).") { d, a, _ in
            .take(d, try int(a, "count"))
        }
        add("skip(count, name=None)  The elements after the first count (none when -1).") { d, a, _ in
            .skip(d, try int(a, "count"))
        }
        add(
            """
            prefetch(buffer_size, name=None)  The same elements; TensorFlow prepares the next ones while the \
            model trains, nn prepares each when it is needed.
            """
        ) { d, a, _ in
            _ = try int(a, "buffer_size")
            return .prefetch(d)
        }
        add("concatenate(dataset, name=None)  The elements, then those of another dataset of the same spec.") {
            d, a, interp in
            let other = try dataset(a["dataset"])
            guard valuesEqual(try d.elementSpec(interp), try other.elementSpec(interp)) else {
                throw ScriptError(
                    .typeError,
                    "Incompatible dataset elements:\n  \(try interp.repr(try d.elementSpec(interp))) vs.   \(try interp.repr(try other.elementSpec(interp)))"
                )
            }
            return .concatenate(d, other)
        }
        add("enumerate(start=0, name=None)  Pairs (i, element), i counting from start.") { d, a, _ in
            let counter = PyDataset(.range(start: try int(a, "start"), stop: Int.max, step: 1), session)
            return .zip([counter, d], structure: .tuple(PyTuple([.none, .none])))
        }
        m.method("as_numpy_iterator()  Iterates the elements as numpy arrays (numpy scalars for 0-d tensors).") {
            v, _, interp in
            let pass = try dataset(v).elements(interp)
            return .object(
                GeneratedIterator("_NumpyIterator", type: session.numpyIteratorType) {
                    try pass().map { e in
                        try DatasetStructure.map(e) {
                            NumpyConvert.wrap(DatasetStructure.tensor($0).ndarray.copy(), session.numpy)
                        }
                    }
                })
        }
        m.method("cardinality()  The number of elements as a tensor (-1 when infinite, -2 when unknown).") { v, _, _ in
            cardinality(try dataset(v))
        }
        m.property("element_spec", "The shape and dtype of each tensor of an element (tf.TensorSpec).") { v, interp in
            try dataset(v).elementSpec(interp)
        }
        return m.table
    }
}
