import NNKeras
import NNLang
import NNTensor

/// `tf.data.Dataset`: a pipeline of stages, each producing its elements lazily from the stage
/// before it, one pass at a time (a `for` loop, `fit`'s epoch); elements are tensors, or tuples and
/// dicts of them.
final class PyDataset: PyObject {
    /// A pass over the elements: each call gives the next one, nil at the end.
    typealias Pass = () throws -> Value?

    indirect enum Stage {
        /// `from_tensor_slices`: the rows of whole tensors (in the element's structure).
        case slices(Value, count: Int)
        case tensors(Value)
        case range(start: Int, stop: Int, step: Int)
        case map(PyDataset, Value, parallel: Bool)
        case filter(PyDataset, Value)
        case batch(PyDataset, size: Int, dropRemainder: Bool)
        case unbatch(PyDataset)
        case shuffle(PyDataset, buffer: Int, ShuffleRandom)
        case cache(PyDataset, ElementCache)
        case repeated(PyDataset, times: Int?)
        case take(PyDataset, Int)
        case skip(PyDataset, Int)
        case prefetch(PyDataset)
        /// `zip`: the datasets in a structure (a tuple or dict of datasets).
        case zip([PyDataset], structure: Value)
        case concatenate(PyDataset, PyDataset)
        /// Elements from outside the pipeline (a prepared dataset's records), with their count and spec.
        case source(name: String, count: Int, spec: Value, (Interpreter) throws -> Pass)
    }

    /// The shuffle stage's generator: kept across passes, so each pass has a new order (TensorFlow's
    /// `reshuffle_each_iteration=True`), or copied for each pass so every pass has the same one.
    final class ShuffleRandom {
        let random: KerasRandom
        let seed: UInt64
        let reshuffle: Bool
        init(seed: UInt64, reshuffle: Bool) {
            self.seed = seed
            random = KerasRandom(seed: seed)
            self.reshuffle = reshuffle
        }
        func forPass() -> KerasRandom { reshuffle ? random : KerasRandom(seed: seed) }
    }

    /// The elements `cache()` keeps once a pass has read them all.
    final class ElementCache { var elements: [Value]? }

    static let infinite = -1, unknown = -2

    let stage: Stage
    let session: KerasSession
    private var specCache: Value?
    /// Attributes a maker adds (image_dataset_from_directory's `class_names` and `file_paths`).
    var attributes: [String: Value] = [:]

    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? { attributes[name] }

    init(_ stage: Stage, _ session: KerasSession) {
        self.stage = stage
        self.session = session
    }

    /// Each stage's own class (`_BatchDataset`), derived from `tf.data.Dataset`, in TensorFlow's module for it.
    override var type: PyType {
        if let t = session.datasetStageTypes[className] { return t }
        let t = PyType(className, base: session.datasetType)
        let op = className.hasPrefix("_Parallel") ? "map" : PyDataset.modules[className] ?? "dataset"
        t.moduleName = "tensorflow.python.data.ops.\(op)_op"
        session.datasetStageTypes[className] = t
        return t
    }

    static let modules = [
        "_TensorSliceDataset": "from_tensor_slices", "_TensorDataset": "from_tensors", "_RangeDataset": "range",
        "_MapDataset": "map", "_FilterDataset": "filter", "_BatchDataset": "batch", "_UnbatchDataset": "unbatch",
        "_ShuffleDataset": "shuffle", "CacheDataset": "cache", "_RepeatDataset": "repeat", "_TakeDataset": "take",
        "_SkipDataset": "skip", "_PrefetchDataset": "prefetch", "_ZipDataset": "zip",
        "_ConcatenateDataset": "concatenate",
    ]

    /// TensorFlow's class name for the stage (what repr shows).
    var className: String {
        switch stage {
        case .slices: return "_TensorSliceDataset"
        case .tensors: return "_TensorDataset"
        case .range: return "_RangeDataset"
        case .map(_, _, let parallel): return parallel ? "_ParallelMapDataset" : "_MapDataset"
        case .filter: return "_FilterDataset"
        case .batch: return "_BatchDataset"
        case .unbatch: return "_UnbatchDataset"
        case .shuffle: return "_ShuffleDataset"
        case .cache: return "CacheDataset"
        case .repeated: return "_RepeatDataset"
        case .take: return "_TakeDataset"
        case .skip: return "_SkipDataset"
        case .prefetch: return "_PrefetchDataset"
        case .zip: return "_ZipDataset"
        case .concatenate: return "_ConcatenateDataset"
        case .source(let name, _, _, _): return name
        }
    }

    override func repr(_ interp: Interpreter) throws -> String {
        "<\(className) element_spec=\(try interp.repr(try elementSpec(interp)))>"
    }

    /// The number of elements: `infinite` (-1) or `unknown` (-2) as TensorFlow counts them.
    var cardinality: Int {
        switch stage {
        case .slices(_, let n), .source(_, let n, _, _): return n
        case .tensors: return 1
        case .range(let start, let stop, let step):
            let (span, overflow) =
                step > 0 ? stop.subtractingReportingOverflow(start) : start.subtractingReportingOverflow(stop)
            if overflow { return Int.max }
            return span > 0 ? (span - 1) / Int(clamping: step.magnitude) + 1 : 0
        case .map(let p, _, _), .shuffle(let p, _, _), .cache(let p, _), .prefetch(let p): return p.cardinality
        case .filter, .unbatch: return PyDataset.unknown
        case .batch(let p, let size, let drop):
            let n = p.cardinality
            return n < 0 ? n : drop ? n / size : (n + size - 1) / size
        case .repeated(let p, let times):
            let n = p.cardinality
            if n == 0 || times == 0 { return 0 }
            guard let times, n > 0 else { return PyDataset.infinite }
            return n * times
        case .take(let p, let count):
            let n = p.cardinality
            if count < 0 { return n }
            return n == PyDataset.infinite ? count : n == PyDataset.unknown ? n : min(n, count)
        case .skip(let p, let count):
            let n = p.cardinality
            if n < 0 { return n }
            return count < 0 ? 0 : max(0, n - count)
        case .zip(let parts, _):
            let counts = parts.map(\.cardinality)
            if counts.contains(PyDataset.unknown) { return PyDataset.unknown }
            return counts.filter { $0 >= 0 }.min() ?? PyDataset.infinite
        case .concatenate(let a, let b):
            let (m, n) = (a.cardinality, b.cardinality)
            if m == PyDataset.infinite || n == PyDataset.infinite { return PyDataset.infinite }
            return m < 0 || n < 0 ? PyDataset.unknown : m + n
        }
    }

    /// A new pass over the elements.
    func elements(_ interp: Interpreter) throws -> Pass {
        switch stage {
        case .slices(let structure, let count):
            var i = 0
            return {
                guard i < count else { return nil }
                defer { i += 1 }
                return try DatasetStructure.map(structure) {
                    .object(DatasetTensors.row(DatasetStructure.tensor($0), i))
                }
            }
        case .tensors(let element):
            var done = false
            return {
                defer { done = true }
                return done ? nil : element
            }
        case .range(let start, let stop, let step):
            var i = start
            var ended = false
            return {
                guard !ended, step > 0 ? i < stop : i > stop else { return nil }
                defer { (i, ended) = i.addingReportingOverflow(step) }
                return .object(PyTFTensor(NDArray(scalar: Double(i), dtype: .int64), self.session))
            }
        case .map(let parent, let f, _):
            let next = try parent.elements(interp)
            return {
                guard let e = try next() else { return nil }
                return try DatasetStructure.element(try self.call(f, on: e, interp), self.session)
            }
        case .filter(let parent, let predicate):
            let next = try parent.elements(interp)
            return {
                while let e = try next() {
                    if try self.keeps(predicate, e, interp) { return e }
                }
                return nil
            }
        case .batch(let parent, let size, let drop):
            let next = try parent.elements(interp)
            return {
                var items: [Value] = []
                while items.count < size, let e = try next() {
                    items.append(e)
                    // Ctrl-C stops a batch of a (near) endless stream.
                    if items.count & 1023 == 0 { try interp.checkInterrupt() }
                }
                if items.isEmpty || (drop && items.count < size) { return nil }
                return try self.stack(items)
            }
        case .unbatch(let parent):
            let next = try parent.elements(interp)
            var rows: [Value] = []
            return {
                while rows.isEmpty {
                    guard let e = try next() else { return nil }
                    rows = try self.unstack(e).reversed()
                }
                return rows.removeLast()
            }
        case .shuffle(let parent, let buffer, let shuffle):
            return try shuffled(parent.elements(interp), buffer: buffer, random: shuffle.forPass(), interp)
        case .cache(let parent, let cache):
            if let kept = cache.elements {
                var i = 0
                return {
                    guard i < kept.count else { return nil }
                    defer { i += 1 }
                    return kept[i]
                }
            }
            let next = try parent.elements(interp)
            var read: [Value] = []
            return {
                guard let e = try next() else {
                    if cache.elements == nil { cache.elements = read }
                    return nil
                }
                read.append(e)
                return e
            }
        case .repeated(let parent, let times):
            var next = try parent.elements(interp)
            var passes = 0, readThisPass = false
            return {
                while true {
                    if let times, times >= 0, passes >= times { return nil }
                    if let e = try next() {
                        readThisPass = true
                        return e
                    }
                    passes += 1
                    // Repeating an empty dataset gives nothing (not a pass that never ends).
                    guard readThisPass else { return nil }
                    readThisPass = false
                    next = try parent.elements(interp)
                }
            }
        case .take(let parent, let count):
            let next = try parent.elements(interp)
            var taken = 0
            return {
                guard count < 0 || taken < count else { return nil }
                taken += 1
                return try next()
            }
        case .skip(let parent, let count):
            let next = try parent.elements(interp)
            var skipped = false
            return {
                if !skipped {
                    skipped = true
                    var n = 0
                    while count < 0 || n < count {
                        guard try next() != nil else { return nil }
                        n += 1
                    }
                }
                return try next()
            }
        case .prefetch(let parent): return try parent.elements(interp)
        case .zip(let parts, let structure):
            let passes = try parts.map { try $0.elements(interp) }
            return {
                var items: [Value] = []
                for pass in passes {
                    guard let e = try pass() else { return nil }
                    items.append(e)
                }
                var next = items.makeIterator()
                return try DatasetStructure.map(structure) { _ in next.next() ?? .none }
            }
        case .concatenate(let first, let second):
            var next = try first.elements(interp)
            var onSecond = false
            return {
                if let e = try next() { return e }
                guard !onSecond else { return nil }
                onSecond = true
                next = try second.elements(interp)
                return try next()
            }
        case .source(_, _, _, let make): return try make(interp)
        }
    }

    /// TensorFlow's shuffle: a buffer filled with the first `buffer` elements; each element given
    /// is drawn at random from it, and the next element read takes its place.
    private func shuffled(_ next: @escaping Pass, buffer: Int, random: KerasRandom, _ interp: Interpreter) -> Pass {
        var pool: [Value] = []
        var exhausted = false
        return {
            while !exhausted && pool.count < buffer {
                guard let e = try next() else {
                    exhausted = true
                    break
                }
                pool.append(e)
                if pool.count & 1023 == 0 { try interp.checkInterrupt() }
            }
            guard !pool.isEmpty else { return nil }
            let k = min(pool.count - 1, Int(random.uniform() * Float(pool.count)))
            pool.swapAt(k, pool.count - 1)
            return pool.removeLast()
        }
    }

    /// A mapped function's result: a tuple element is passed as separate arguments, as TensorFlow does.
    func call(_ f: Value, on element: Value, _ interp: Interpreter) throws -> Value {
        if case .tuple(let t) = element { return try interp.call(f, Arguments(t.items)) }
        return try interp.call(f, Arguments([element]))
    }

    private func keeps(_ predicate: Value, _ element: Value, _ interp: Interpreter) throws -> Bool {
        let result = try call(predicate, on: element, interp)
        let t = try TFConvert.tensor(result, session)
        guard t.dtype == .bool, t.shape.isEmpty else {
            throw ScriptError(
                .valueError,
                "Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its return type was \(try interp.repr(try PyTensorSpec.of(.object(t))))."
            )
        }
        return t.ndarray.scalarValue != 0
    }

    /// Elements of one structure stacked tensor by tensor.
    private func stack(_ items: [Value]) throws -> Value {
        let first = items[0]
        for item in items.dropFirst() where !DatasetStructure.matches(first, item) {
            throw ScriptError(.typeError, "The elements of a batch must have the same structure")
        }
        let columns = items.map(DatasetStructure.leaves)
        let stacked = try columns[0].indices.map { c in
            Value.object(
                try DatasetTensors.stack(columns.map { DatasetStructure.tensor($0[c]) }, components: columns[0].count))
        }
        return try DatasetStructure.rebuild(first, stacked)
    }

    /// A batch split back into its rows.
    private func unstack(_ element: Value) throws -> [Value] {
        let leaves = DatasetStructure.leaves(element).map(DatasetStructure.tensor)
        guard let rows = leaves.first?.shape.first, leaves.allSatisfy({ $0.shape.first == rows }) else {
            throw ScriptError(.valueError, "Unbatching a tensor is only supported for rank >= 1")
        }
        return try (0..<rows).map { i in
            try DatasetStructure.rebuild(element, leaves.map { .object(DatasetTensors.row($0, i)) })
        }
    }

    /// The spec of each tensor of an element, in the element's structure: worked out from the
    /// stages where they determine it, from the first element where a script's function does.
    func elementSpec(_ interp: Interpreter) throws -> Value {
        if let specCache { return specCache }
        let spec: Value
        switch stage {
        case .slices(let structure, _):
            spec = try DatasetStructure.map(structure) {
                let t = DatasetStructure.tensor($0)
                return .object(PyTensorSpec(shape: Array(t.shape.dropFirst()), dtype: t.dtype))
            }
        case .tensors(let element): spec = try PyTensorSpec.of(element)
        case .range: spec = .object(PyTensorSpec(shape: [], dtype: .int64))
        case .map(let parent, let f, _):
            if let first = try parent.elements(interp)() {
                spec = try PyTensorSpec.of(try DatasetStructure.element(try call(f, on: first, interp), session))
            } else {
                spec = try parent.elementSpec(interp)
            }
        case .filter(let p, _), .shuffle(let p, _, _), .cache(let p, _), .repeated(let p, _), .take(let p, _),
            .skip(let p, _), .prefetch(let p), .concatenate(let p, _):
            spec = try p.elementSpec(interp)
        case .batch(let parent, let size, let drop):
            spec = try DatasetStructure.map(try parent.elementSpec(interp)) { s in
                .object((try s.receiver(PyTensorSpec.self, "TensorSpec")).batched(drop ? size : nil))
            }
        case .unbatch(let parent):
            spec = try DatasetStructure.map(try parent.elementSpec(interp)) { s in
                let t = try s.receiver(PyTensorSpec.self, "TensorSpec")
                return .object(PyTensorSpec(shape: Array(t.shape.dropFirst()), dtype: t.dtype))
            }
        case .zip(let parts, let structure):
            var specs = try parts.map { try $0.elementSpec(interp) }.makeIterator()
            spec = try DatasetStructure.map(structure) { _ in specs.next() ?? .none }
        case .source(_, _, let given, _): spec = given
        }
        specCache = spec
        return spec
    }

    override func length(_ interp: Interpreter) throws -> Int {
        switch cardinality {
        case PyDataset.infinite: throw ScriptError(.typeError, "The dataset is infinite.")
        case PyDataset.unknown: throw ScriptError(.typeError, "The dataset length is unknown.")
        case let n: return n
        }
    }

    override func makeIterator(_ interp: Interpreter) throws -> PyIterator {
        GeneratedIterator("OwnedIterator", type: session.datasetIteratorType, try elements(interp))
    }
}
