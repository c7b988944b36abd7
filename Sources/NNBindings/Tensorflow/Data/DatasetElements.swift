import NNKeras
import NNLang
import NNTensor

/// A dataset's elements as TensorFlow's `tf.nest` sees them: a tensor, or a tuple or dict of
/// elements (dicts keep their keys' order). Lists are tensors when given to `from_tensor_slices`
/// and tuples when a mapped function returns them, as in TensorFlow.
enum DatasetStructure {
    /// The element with each tensor replaced by `leaf` of it.
    static func map(_ v: Value, _ leaf: (Value) throws -> Value) throws -> Value {
        switch v {
        case .tuple(let t): return .tuple(PyTuple(try t.items.map { try map($0, leaf) }))
        case .dict(let d):
            let out = PyDict()
            for (k, item) in d.items { try out.set(k, try map(item, leaf)) }
            return .dict(out)
        default: return try leaf(v)
        }
    }

    /// Values given to `from_tensor_slices` or `from_tensors` as an element: tuples and dicts are
    /// its structure, anything else (lists too) a tensor.
    static func given(_ v: Value, _ session: KerasSession) throws -> Value {
        try map(v) { .object(try TFConvert.tensor($0, session)) }
    }

    /// The tensors of an element in order.
    static func leaves(_ v: Value) -> [Value] {
        switch v {
        case .tuple(let t): return t.items.flatMap(leaves)
        case .dict(let d): return d.values.flatMap(leaves)
        default: return [v]
        }
    }

    /// An element of `template`'s structure whose tensors are `leaves`, in order.
    static func rebuild(_ template: Value, _ leaves: [Value]) throws -> Value {
        var next = leaves.makeIterator()
        return try map(template) { _ in next.next() ?? .none }
    }

    /// Whether two elements have the same structure (tuple lengths and dict keys).
    static func matches(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.tuple(let x), .tuple(let y)):
            return x.items.count == y.items.count && zip(x.items, y.items).allSatisfy { matches($0, $1) }
        case (.dict(let x), .dict(let y)):
            return x.count == y.count && zip(x.keys, y.keys).allSatisfy { valuesEqual($0, $1) }
                && zip(x.values, y.values).allSatisfy { matches($0, $1) }
        case (.tuple, _), (.dict, _), (_, .tuple), (_, .dict): return false
        default: return true
        }
    }

    /// What a mapped function returned, as an element: lists become tuples and every other value a
    /// tensor (numbers and arrays converted as `tf.constant` converts them).
    static func element(_ v: Value, _ session: KerasSession) throws -> Value {
        switch v {
        case .list(let l): return try element(.tuple(PyTuple(l.items)), session)
        case .tuple(let t): return .tuple(PyTuple(try t.items.map { try element($0, session) }))
        case .dict(let d):
            let out = PyDict()
            for (k, item) in d.items { try out.set(k, try element(item, session)) }
            return .dict(out)
        default: return .object(try TFConvert.tensor(v, session))
        }
    }

    static func tensor(_ v: Value) -> PyTFTensor {
        guard case .object(let t as PyTFTensor) = v else { preconditionFailure("dataset elements hold tensors") }
        return t
    }
}

/// The tensor operations pipelines need: a tensor's rows, and rows stacked into a batch.
enum DatasetTensors {
    /// Row `i` of a tensor (along its first axis), without copying other rows.
    static func row(_ t: PyTFTensor, _ i: Int) -> PyTFTensor {
        let rowShape = Array(t.shape.dropFirst())
        let size = rowShape.reduce(1, *)
        switch t.storage {
        case .float(let node):
            return PyTFTensor(
                Node(Tensor(shape: rowShape, data: Array(node.value.data[i * size..<(i + 1) * size]))), t.session)
        case .other(let a):
            return PyTFTensor(
                NDArray(
                    view: a.buffer, offset: a.offset + i * a.strides[0], shape: rowShape,
                    strides: Array(a.strides.dropFirst()), dtype: a.dtype), t.session)
        }
    }

    /// Tensors of one shape and dtype stacked along a new first axis (TensorFlow's batch kernel and
    /// its error when they differ).
    static func stack(_ parts: [PyTFTensor], components: Int) throws -> PyTFTensor {
        let first = parts[0]
        for p in parts.dropFirst() where p.shape != first.shape || p.dtype != first.dtype {
            let what = p.dtype != first.dtype ? "types" : "number of elements"
            throw TFTypes.invalidArgument(
                "{{function_node __wrapped__IteratorGetNext_output_types_\(components)_device_/job:localhost/replica:0/task:0/device:CPU:0}} Cannot add tensor to the batch: \(what) does not match. Shapes are: [tensor]: \(dims(p.shape)), [batch]: \(dims(first.shape)) [Op:IteratorGetNext] name: "
            )
        }
        let shape = [parts.count] + first.shape
        if first.node != nil {
            var data: [Float] = []
            data.reserveCapacity(shape.reduce(1, *))
            for p in parts { data += p.node!.value.data }
            return PyTFTensor(Node(Tensor(shape: shape, data: data)), first.session)
        }
        var data: [Double] = []
        data.reserveCapacity(shape.reduce(1, *))
        for p in parts { data += p.ndarray.elements }
        return PyTFTensor(NDArray(data, shape: shape, dtype: first.dtype), first.session)
    }

    private static func dims(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ",") + "]" }
}

/// `tf.TensorSpec`: the shape (None where batches vary) and dtype of a dataset's tensors.
final class PyTensorSpec: PyObject {
    let shape: [Int?]
    let dtype: DType
    init(shape: [Int?], dtype: DType) {
        self.shape = shape
        self.dtype = dtype
    }

    /// The spec of each tensor of an element, in its structure.
    static func of(_ element: Value) throws -> Value {
        try DatasetStructure.map(element) { v in
            let t = DatasetStructure.tensor(v)
            return .object(PyTensorSpec(shape: t.shape, dtype: t.dtype))
        }
    }

    /// The spec with `dim` before its shape (a batch's spec).
    func batched(_ dim: Int?) -> PyTensorSpec { PyTensorSpec(shape: [dim] + shape, dtype: dtype) }

    override var type: PyType { PyTensorSpec.pyType }
    override func repr(_ interp: Interpreter) throws -> String {
        "TensorSpec(shape=\(describeShape(shape)), dtype=tf.\(dtype.rawValue), name=None)"
    }
    override func isEqual(_ other: Value) -> Bool {
        guard case .object(let s as PyTensorSpec) = other else { return false }
        return s.shape == shape && s.dtype == dtype
    }
    override func hashValue(into hasher: inout Hasher) {
        hasher.combine(shape)
        hasher.combine(dtype.rawValue)
    }

    static let pyType: PyType = {
        var m = Members("TensorSpec", style: .python(countsSelf: true))
        func spec(_ v: Value) throws -> PyTensorSpec { try v.receiver(PyTensorSpec.self, "TensorSpec") }
        m.property("shape", "The tensors' shape (None where it varies).") { v, _ in
            .object(PyTensorShape(try spec(v).shape))
        }
        m.property("dtype", "The tensors' dtype.") { v, _ in .object(PyTFDType(try spec(v).dtype)) }
        m.property("name", "The spec's name (None).") { _, _ in .none }
        let signature = Signature(
            """
            TensorSpec(shape, dtype=None, name=None)  Describes tensors of a shape and dtype.
            shape: the dimensions, None where they vary.
            dtype: the tensors' dtype (tf.float32 when None).
            """, style: .python(countsSelf: false), errorName: "TensorSpec", refusing: ["name"])
        let t = PyType("TensorSpec", base: .object, members: m.table, signature: signature) { a, interp in
            let dims = try interp.collect(a["shape"]).map { $0.isNone ? nil : try Conversions.int($0) }
            let dtype = try a.optional("dtype").map { try TFConvert.dtype($0) } ?? .float32
            return .object(PyTensorSpec(shape: dims, dtype: dtype))
        }
        t.moduleName = "tensorflow"
        return t
    }()
}
