import Foundation
import NNKeras
import NNLang
import NNTensor

/// TensorFlow's tensor functions (`tf.constant`, `tf.reduce_mean`, `tf.matmul`, …), on the graph
/// for float32 so that a GradientTape differentiates them, and on numpy arrays for the other dtypes.
enum TFFunctions {
    typealias Body = (Bound, Interpreter) throws -> Value

    static func result(_ t: PyTFTensor) -> Value { .object(t) }

    /// Axes given as None, an int or a list, made non-negative, sorted and unique.
    static func axes(_ v: Value?, rank: Int) throws -> [Int]? {
        guard let v, !v.isNone else { return nil }
        let given =
            try NumpyConvert.sequence(v).map { try $0.map { try Conversions.int($0) } } ?? [try Conversions.int(v)]
        return try Set(
            given.map { axis in
                guard axis >= -rank && axis < max(rank, 1) else {
                    throw TFTypes.invalidArgument(
                        "Invalid reduction dimension (\(axis) for input with \(rank) dimension(s)")
                }
                return axis < 0 ? axis + rank : axis
            }
        ).sorted()
    }

    enum ReduceKind { case sum, mean, max, min }

    static func reduce(_ kind: ReduceKind, _ t: PyTFTensor, axes: [Int]?, keepDims: Bool) throws -> PyTFTensor {
        if let node = t.node {
            switch kind {
            case .sum: return PyTFTensor(Ops.sum(node, axes: axes, keepDims: keepDims), t.session)
            case .mean: return PyTFTensor(Ops.mean(node, axes: axes, keepDims: keepDims), t.session)
            case .max, .min:
                return PyTFTensor(Ops.extreme(node, axes: axes, keepDims: keepDims, largest: kind == .max), t.session)
            }
        }
        let a = t.ndarray
        let r: Reduction
        switch kind {
        case .sum: r = .sum
        case .mean: r = .mean
        case .max: r = .max
        case .min: r = .min
        }
        // Integer means stay integers (truncated), as TensorFlow's do.
        var out = a
        for axis in (axes ?? Array(a.shape.indices)).reversed() {
            out = try numpyCall { try out.reduce(r, axis: axis, keepdims: keepDims) }
        }
        if axes == nil && keepDims == false && a.ndim == 0 { out = a }
        return PyTFTensor(out.astype(a.dtype), t.session)
    }

    /// A shape with at most one -1, resolved for `count` elements.
    static func resolve(_ dims: [Int], count: Int) throws -> [Int] {
        let known = dims.filter { $0 != -1 }.reduce(1, *)
        let unknown = dims.filter { $0 == -1 }.count
        guard unknown <= 1, dims.allSatisfy({ $0 >= -1 }),
            unknown == 0 ? known == count : known > 0 && count % known == 0
        else {
            throw TFTypes.invalidArgument(
                "Input to reshape is a tensor with \(count) values, but the requested shape has \(known) [Op:Reshape]")
        }
        return dims.map { $0 == -1 ? count / max(known, 1) : $0 }
    }

    static func reshape(_ t: PyTFTensor, _ dims: [Int]) throws -> PyTFTensor {
        let shape = try resolve(dims, count: t.shape.reduce(1, *))
        if let node = t.node { return PyTFTensor(Ops.reshape(node, shape), t.session) }
        return PyTFTensor(try numpyCall { try t.ndarray.copy().reshaped(shape) }, t.session)
    }

    /// A selection of a tensor's elements as numpy computes it on the positions (transposes).
    static func select(_ t: PyTFTensor, _ view: (NDArray) throws -> NDArray) throws -> PyTFTensor {
        if let node = t.node {
            let positions = NDArray((0..<node.value.count).map(Double.init), shape: node.shape, dtype: .int64)
            let selected = try numpyCall { try view(positions) }
            return PyTFTensor(
                Ops.gather(node, offsets: selected.elements.map { Int($0) }, shape: selected.shape), t.session)
        }
        return PyTFTensor(try numpyCall { try view(t.ndarray).copy() }, t.session)
    }

    static func concat(_ tensors: [PyTFTensor], axis: Int, _ session: KerasSession) throws -> PyTFTensor {
        guard let first = tensors.first else { throw ScriptError(.valueError, "tf.concat needs at least one tensor") }
        let rank = first.shape.count
        guard axis >= -rank && axis < rank else {
            throw TFTypes.invalidArgument(
                "ConcatOp : Expected concatenating dimensions in the range [\(-rank), \(rank)), but got \(axis) [Op:ConcatV2]"
            )
        }
        let a = axis < 0 ? axis + rank : axis
        for t in tensors
        where t.shape.count != rank || t.shape.indices.contains(where: { $0 != a && t.shape[$0] != first.shape[$0] }) {
            throw TFTypes.invalidArgument(
                "ConcatOp : Dimension mismatch: \(describeShape(first.shape)) vs. \(describeShape(t.shape)) [Op:ConcatV2]"
            )
        }
        let nodes = tensors.compactMap(\.node)
        if nodes.count == tensors.count { return PyTFTensor(Ops.concatenate(nodes, axis: a), session) }
        return PyTFTensor(try numpyCall { try Joining.concatenate(tensors.map(\.ndarray), axis: a) }, session)
    }

    /// The activation of each value (softmax over the last axis), as tf.nn and keras.activations give it.
    static func activation(_ a: Activation, _ x: Value, _ session: KerasSession) throws -> Value {
        let t = try TFConvert.tensor(x, session)
        return .object(TFConvert.result(Ops.activation(a, try TFConvert.floatNode(t, a.rawValue)), like: t))
    }

    static func random(_ a: Bound, _ session: KerasSession) throws -> KerasRandom {
        guard let seed = try a.optionalInt("seed") else { return session.random }
        return KerasRandom(seed: UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15)
    }

    static func shapeArgument(_ v: Value, allowUnknown: Bool = false) throws -> [Int] {
        if let t = TFConvert.existing(v) { return t.ndarray.elements.map { Int($0) } }
        if case .object(let s as PyTensorShape) = v {
            if !allowUnknown, s.dims.contains(nil) {
                throw ScriptError(
                    .valueError, "Cannot convert a partially known TensorShape \(describeShape(s.dims)) to a Tensor.")
            }
            return s.dims.map { $0 ?? -1 }
        }
        return try NumpyConvert.shape(v, allowUnknown: allowUnknown)
    }

    /// Installs the functions in `tf` (and the same ones under `tf.math`).
    static func install(_ tf: inout ModuleBuilder, math: inout ModuleBuilder, _ session: KerasSession) {
        func both(_ declaration: String, refusing: Set<String> = [], _ body: @escaping Body) {
            tf.def(declaration, refusing: refusing, body)
            math.def(declaration, refusing: refusing, body)
        }
        func tensor(_ v: Value) throws -> PyTFTensor { try TFConvert.tensor(v, session) }

        tf.def(
            """
            constant(value, dtype=None, shape=None, name=None)  A tensor of fixed values.
            value: a number, a (nested) list, a numpy array or a tensor.
            dtype: the element type (Python floats give float32, ints int32, arrays keep theirs).
            shape: the result's shape: value is repeated (one value) or reshaped to it.
            """
        ) { a, _ in
            var t = try tensor(a["value"])
            if let dtype = try TFConvert.optionalDType(a.optional("dtype")) {
                t = try TFConvert.tensor(a["value"], session, dtype: dtype)
            }
            guard let shapeValue = a.optional("shape") else { return result(t) }
            let shape = try shapeArgument(shapeValue)
            let values = t.ndarray
            if values.size == 1 {
                return result(
                    PyTFTensor(
                        NDArray(
                            [Double](repeating: values.elements[0], count: shape.reduce(1, *)), shape: shape,
                            dtype: values.dtype), session))
            }
            return result(try reshape(t, shape))
        }
        tf.def(
            """
            convert_to_tensor(value, dtype=None, dtype_hint=None, name=None)  The value as a tensor.
            dtype: the element type it must have.
            dtype_hint: the element type to use when the value has none of its own.
            """
        ) { a, _ in
            if let dtype = try TFConvert.optionalDType(a.optional("dtype")) {
                return result(try TFConvert.tensor(a["value"], session, dtype: dtype))
            }
            let hint = try TFConvert.optionalDType(a.optional("dtype_hint"))
            return result(try TFConvert.tensor(a["value"], session, preferring: hint))
        }
        both("cast(x, dtype, name=None)  The values converted to dtype (float to int truncates).") { a, _ in
            result(try TFConvert.tensor(a["x"], session, dtype: try TFConvert.dtype(a["dtype"])))
        }
        for (name, kind) in [
            ("reduce_sum", ReduceKind.sum), ("reduce_mean", .mean), ("reduce_max", .max), ("reduce_min", .min),
        ] {
            both(
                """
                \(name)(input_tensor, axis=None, keepdims=False, name=None)  The \(kind) over axis (every axis when None).
                keepdims: keep the reduced axes with length 1.
                """
            ) { a, _ in
                let t = try tensor(a["input_tensor"])
                return result(
                    try reduce(
                        kind, t, axes: try axes(a.optional("axis"), rank: t.shape.count),
                        keepDims: try a.bool("keepdims")))
            }
        }
        let unary: [(String, Ops.Unary, String)] = [
            ("square", .square, "Square"), ("sqrt", .sqrt, "Sqrt"), ("exp", .exp, "Exp"), ("abs", .abs, "Abs"),
            ("sin", .sin, "Sin"), ("cos", .cos, "Cos"), ("sign", .sign, "Sign"), ("negative", .negative, "Neg"),
            ("reciprocal", .reciprocal, "Reciprocal"), ("floor", .floor, "Floor"), ("round", .round, "Round"),
            ("log", .log, "Log"),
        ]
        for (name, f, op) in unary {
            let declaration = "\(name)(x, name=None)  The \(name) of each value."
            let body: Body = { a, _ in result(try TFOperators.unary(f, try tensor(a["x"]), op)) }
            if name == "log" { math.def(declaration, body) } else { both(declaration, body) }
        }
        for a in [Activation.sigmoid, .tanh] {
            both("\(a.rawValue)(x, name=None)  The \(a.rawValue) of each value.") { b, _ in
                try activation(a, b["x"], session)
            }
        }
        let binary: [(String, BinaryOperator)] = [
            ("add", .add), ("subtract", .subtract), ("multiply", .multiply), ("divide", .divide), ("pow", .power),
            ("floordiv", .floorDivide), ("floormod", .modulo),
        ]
        for (name, op) in binary {
            both("\(name)(x, y, name=None)  x \(name) y, element by element with broadcasting.") { a, _ in
                let opName = TFOperators.name(op) ?? name
                let t = try TFOperators.tensors([a["x"], a["y"]], session, op: opName)
                return result(try TFOperators.binary(op, opName, t, session))
            }
        }
        for (name, largest) in [("maximum", true), ("minimum", false)] {
            both("\(name)(x, y, name=None)  The \(largest ? "larger" : "smaller") of x and y, element by element.") {
                a, _ in
                let t = try TFOperators.tensors([a["x"], a["y"]], session, op: largest ? "Maximum" : "Minimum")
                if let x = t[0].node, let y = t[1].node {
                    return result(PyTFTensor(try kerasCall { try Ops.extremum(x, y, largest: largest) }, session))
                }
                let op: Elementwise.Operation = largest ? .maximum : .minimum
                return result(
                    PyTFTensor(try numpyCall { try Elementwise.apply(op, t[0].ndarray, t[1].ndarray) }, session))
            }
        }
        for (name, op) in [
            ("equal", Elementwise.Operation.equal), ("not_equal", .notEqual), ("less", .less),
            ("less_equal", .lessEqual), ("greater", .greater), ("greater_equal", .greaterEqual),
        ] {
            both(
                "\(name)(x, y, name=None)  Whether x is \(name.replacingOccurrences(of: "_", with: " ")) y, element by element."
            ) {
                a, _ in
                let t = try TFOperators.tensors([a["x"], a["y"]], session)
                return result(try TFOperators.compare(op, t[0], t[1], session))
            }
        }
        tf.def(
            """
            clip_by_value(t, clip_value_min, clip_value_max, name=None)  The values limited to [min, max].
            """
        ) { a, _ in
            let t = try TFOperators.tensors(
                [a["t"], a["clip_value_min"], a["clip_value_max"]], session, op: "ClipByValue")
            if let x = t[0].node, let low = t[1].node, let high = t[2].node {
                return result(
                    PyTFTensor(
                        try kerasCall {
                            try Ops.extremum(try Ops.extremum(x, low, largest: true), high, largest: false)
                        },
                        session))
            }
            let low = try numpyCall { try Elementwise.apply(.maximum, t[0].ndarray, t[1].ndarray) }
            return result(PyTFTensor(try numpyCall { try Elementwise.apply(.minimum, low, t[2].ndarray) }, session))
        }
        let matmul: Body = { a, _ in
            let t = try TFOperators.tensors([a["a"], a["b"]], session, op: "MatMul")
            let (ta, tb) = (try a.bool("transpose_a"), try a.bool("transpose_b"))
            if let x = t[0].node, let y = t[1].node {
                return result(
                    PyTFTensor(try kerasCall { try Ops.matrixProduct(x, y, transposeA: ta, transposeB: tb) }, session))
            }
            let x = ta ? try t[0].ndarray.transposed() : t[0].ndarray,
                y = tb ? try t[1].ndarray.transposed() : t[1].ndarray
            return result(PyTFTensor(try numpyCall { try LinearAlgebra.matmul(x, y) }, session))
        }
        let matmulDeclaration = """
            matmul(a, b, transpose_a=False, transpose_b=False, name=None)  The matrix product a·b.
            transpose_a: use the transpose of a.
            transpose_b: use the transpose of b.
            """
        both(matmulDeclaration, matmul)
        tf.def("reshape(tensor, shape, name=None)  The same values in another shape (one axis may be -1).") { a, _ in
            result(try reshape(try tensor(a["tensor"]), try shapeArgument(a["shape"], allowUnknown: true)))
        }
        tf.def("transpose(a, perm=None, conjugate=False, name=None)  The axes permuted (reversed when perm is None).") {
            a, _ in
            let perm = try a.optional("perm").map { try NumpyConvert.shape($0) }
            return result(try select(try tensor(a["a"])) { try $0.transposed(perm) })
        }
        tf.def("expand_dims(input, axis, name=None)  A new axis of length 1 at axis.") { a, _ in
            let t = try tensor(a["input"])
            var axis = try a.int("axis")
            let rank = t.shape.count
            guard axis >= -rank - 1 && axis <= rank else {
                throw TFTypes.invalidArgument(
                    "Tried to expand dim index \(axis) for tensor with \(rank) dimensions. [Op:ExpandDims]")
            }
            if axis < 0 { axis += rank + 1 }
            var shape = t.shape
            shape.insert(1, at: axis)
            return result(try reshape(t, shape))
        }
        tf.def("squeeze(input, axis=None, name=None)  The axes of length 1 removed (those of axis when given).") {
            a, _ in
            let t = try tensor(a["input"])
            let chosen = try axes(a.optional("axis"), rank: t.shape.count)
            for axis in chosen ?? [] where t.shape[axis] != 1 {
                throw TFTypes.invalidArgument(
                    "Can not squeeze dim[\(axis)], expected a dimension of 1, got \(t.shape[axis]) [Op:Squeeze]")
            }
            let shape = t.shape.indices.filter { i in chosen.map { !$0.contains(i) } ?? (t.shape[i] != 1) }.map {
                t.shape[$0]
            }
            return result(try reshape(t, shape))
        }
        tf.def("concat(values, axis, name=None)  The tensors joined along axis.") { a, interp in
            result(try concat(try interp.collect(a["values"]).map(tensor), axis: try a.int("axis"), session))
        }
        tf.def("stack(values, axis=0, name=None)  The tensors (of one shape) stacked along a new axis.") { a, interp in
            let tensors = try interp.collect(a["values"]).map(tensor)
            let rank = (tensors.first?.shape.count ?? 0) + 1
            var axis = try a.int("axis")
            if axis < 0 { axis += rank }
            let expanded = try tensors.map { t -> PyTFTensor in
                var shape = t.shape
                shape.insert(1, at: min(max(axis, 0), shape.count))
                return try reshape(t, shape)
            }
            return result(try concat(expanded, axis: axis, session))
        }
        for (name, fill) in [("zeros", 0.0), ("ones", 1.0)] {
            tf.def("\(name)(shape, dtype=None, name=None)  A tensor of \(name).") { a, _ in
                let shape = try shapeArgument(a["shape"])
                let dtype = try TFConvert.optionalDType(a.optional("dtype")) ?? .float32
                return result(
                    PyTFTensor(
                        NDArray([Double](repeating: fill, count: shape.reduce(1, *)), shape: shape, dtype: dtype),
                        session))
            }
            tf.def("\(name)_like(input, dtype=None, name=None)  A tensor of \(name) of input's shape (and dtype).") {
                a, _ in
                let t = try tensor(a["input"])
                let dtype = try TFConvert.optionalDType(a.optional("dtype")) ?? t.dtype
                return result(
                    PyTFTensor(
                        NDArray([Double](repeating: fill, count: t.shape.reduce(1, *)), shape: t.shape, dtype: dtype),
                        session))
            }
        }
        tf.def("fill(dims, value, name=None)  A tensor of one value.") { a, _ in
            let shape = try shapeArgument(a["dims"])
            let v = try TFConvert.array(a["value"])
            return result(
                PyTFTensor(
                    NDArray(
                        [Double](repeating: v.elements.first ?? 0, count: shape.reduce(1, *)), shape: shape,
                        dtype: v.dtype), session))
        }
        tf.def(
            """
            range(start, limit=None, delta=1, dtype=None, name=None)  start, start + delta, … up to limit (as range()).
            """
        ) { a, _ in
            var (start, limit) = (a["start"], a["limit"])
            if limit.isNone { (start, limit) = (.int(0), start) }
            let parts = try [start, limit, a["delta"]].map { try TFConvert.array($0) }
            let inferred: DType = parts.contains { $0.dtype.isFloat } ? .float32 : .int32
            let dtype = try TFConvert.optionalDType(a.optional("dtype")) ?? inferred
            let (s, l, d) = (parts[0].elements[0], parts[1].elements[0], parts[2].elements[0])
            guard d != 0 else { throw TFTypes.invalidArgument("Requires delta != 0: 0 [Op:Range]") }
            let count = max(0, Int(((l - s) / d).rounded(.up)))
            guard count <= NumpyConvert.maxElements else {
                throw ScriptError(.memoryError, "tf.range: too many values")
            }
            return result(
                PyTFTensor(NDArray((0..<count).map { s + Double($0) * d }, shape: [count], dtype: dtype), session))
        }
        for (name, best) in [("argmax", Reduction.argmax), ("argmin", .argmin)] {
            both(
                "\(name)(input, axis=None, output_type=None, name=None)  Where the \(name == "argmax" ? "largest" : "smallest") value is along axis (0 when None)."
            ) {
                a, _ in
                let t = try tensor(a["input"])
                let axis = try a.optionalInt("axis") ?? 0
                let out = try numpyCall { try t.ndarray.reduce(best, axis: axis) }
                return result(
                    PyTFTensor(out.astype(try TFConvert.optionalDType(a.optional("output_type")) ?? .int64), session))
            }
        }
        tf.def(
            """
            one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None)  A row of depth \
            values per index, on_value (1) at the index and off_value (0) elsewhere.
            """, refusing: ["axis"]
        ) { a, _ in
            let indices = try TFConvert.array(a["indices"])
            let depth = try a.int("depth")
            guard depth >= 0 else {
                throw TFTypes.invalidArgument("depth must be non-negative, got: \(depth) [Op:OneHot]")
            }
            let on = try a.optional("on_value").map { try Conversions.double($0) } ?? 1
            let off = try a.optional("off_value").map { try Conversions.double($0) } ?? 0
            let dtype = try TFConvert.optionalDType(a.optional("dtype")) ?? .float32
            let labels = indices.elements.map { Int($0) }
            var out = [Double](repeating: off, count: labels.count * depth)
            for (row, label) in labels.enumerated() where label >= 0 && label < depth { out[row * depth + label] = on }
            return result(PyTFTensor(NDArray(out, shape: indices.shape + [depth], dtype: dtype), session))
        }
        tf.def("shape(input, out_type=None, name=None)  The shape as a 1-D tensor.") { a, _ in
            let t = try tensor(a["input"])
            let dtype = try TFConvert.optionalDType(a.optional("out_type")) ?? .int32
            return result(PyTFTensor(NDArray(t.shape.map(Double.init), shape: [t.shape.count], dtype: dtype), session))
        }
        tf.def("size(input, out_type=None, name=None)  The number of elements.") { a, _ in
            let t = try tensor(a["input"])
            let dtype = try TFConvert.optionalDType(a.optional("out_type")) ?? .int32
            return result(PyTFTensor(NDArray(scalar: Double(t.shape.reduce(1, *)), dtype: dtype), session))
        }
        tf.def("rank(input, name=None)  The number of axes.") { a, _ in
            result(PyTFTensor(NDArray(scalar: Double(try tensor(a["input"]).shape.count), dtype: .int32), session))
        }
    }

    /// `tf.random.normal` and `tf.random.uniform`, float32 unless asked otherwise.
    static func installRandom(_ random: inout ModuleBuilder, _ session: KerasSession) {
        random.def(
            """
            normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None, name=None)  Values from a normal distribution.
            seed: makes this call's values repeatable on its own (nn's generator, not TensorFlow's numbers).
            """
        ) { a, _ in
            let shape = try shapeArgument(a["shape"])
            let (mean, deviation) = (try a.double("mean"), try a.double("stddev"))
            let generator = try TFFunctions.random(a, session)
            let values = (0..<shape.reduce(1, *)).map { _ -> Double in
                let u = Double(max(generator.uniform(), 1e-7)), v = Double(generator.uniform())
                return mean + deviation * (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
            }
            let dtype = try TFConvert.optionalDType(a.optional("dtype")) ?? .float32
            return .object(PyTFTensor(NDArray(values, shape: shape, dtype: dtype), session))
        }
        random.def(
            """
            uniform(shape, minval=0, maxval=None, dtype=None, seed=None, name=None)  Values spread evenly over \
            [minval, maxval) (maxval 1 for floats).
            seed: makes this call's values repeatable on its own (nn's generator, not TensorFlow's numbers).
            """
        ) { a, _ in
            let shape = try shapeArgument(a["shape"])
            let dtype = try TFConvert.optionalDType(a.optional("dtype")) ?? .float32
            let low = try a.double("minval")
            guard let high = try a.optionalDouble("maxval") ?? (dtype.isFloat ? 1 : nil) else {
                throw ScriptError(.valueError, "Must specify maxval for integer dtype \(dtype.rawValue)")
            }
            let generator = try TFFunctions.random(a, session)
            let values = (0..<shape.reduce(1, *)).map { _ -> Double in
                let x = low + Double(generator.uniform()) * (high - low)
                return dtype.isFloat ? x : x.rounded(.down)
            }
            return .object(PyTFTensor(NDArray(values, shape: shape, dtype: dtype), session))
        }
    }
}
