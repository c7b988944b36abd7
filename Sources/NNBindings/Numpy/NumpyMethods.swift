import NNLang
import NNTensor

/// The members of `ndarray` and of numpy scalars. Functions that numpy offers both as an array
/// method and as a module function (`a.sum(axis=0)`, `np.sum(a, axis=0)`) are declared once here,
/// with the array as the module function's first parameter.
enum NumpyMethods {
    static func receiver(_ v: Value) throws -> PyArray {
        switch v {
        case .object(let a as PyArray): return a
        default:
            throw ScriptError(.typeError, "descriptor requires a 'numpy.ndarray' object but received a '\(v.typeName)'")
        }
    }

    typealias ArrayBody = (_ a: PyArray, _ args: Bound, _ interp: Interpreter) throws -> Value

    /// A method and module function: its name, the parameters after the array, what it does, the
    /// parameters nn refuses, and its body.
    struct Shared {
        let name: String
        let parameters: String
        let summary: String
        var refusing: Set<String> = []
        let body: ArrayBody
    }

    static func reduction(_ name: String, _ r: Reduction, _ summary: String) -> Shared {
        Shared(
            name: name, parameters: "axis=None, dtype=None, out=None, keepdims=False", summary: summary,
            refusing: ["dtype", "out"]
        ) { a, b, _ in
            try reduce(a, r, b)
        }
    }

    static func reduce(_ a: PyArray, _ r: Reduction, _ b: Bound) throws -> Value {
        let keepdims = try b.bool("keepdims")
        return NumpyConvert.wrap(
            try numpyCall { try a.array.reduce(r, axis: try b.optionalInt("axis"), keepdims: keepdims) }, a.state)
    }

    /// `any` and `all`: whether any (every) element is non-zero, over the whole array or an axis.
    static func truth(_ name: String, every: Bool) -> Shared {
        Shared(
            name: name, parameters: "axis=None, out=None, keepdims=False",
            summary: every ? "Whether every element is true." : "Whether any element is true.", refusing: ["out"]
        ) { a, b, _ in
            let nonZero = Elementwise.map(a.array, to: .float64) { $0 != 0 ? 1 : 0 }
            let result = try numpyCall {
                try nonZero.reduce(
                    every ? .min : .max, axis: try b.optionalInt("axis"), keepdims: try b.bool("keepdims"))
            }
            return NumpyConvert.wrap(result.astype(.bool), a.state)
        }
    }

    /// The functions numpy offers both ways.
    static var shared: [Shared] {
        [
            reduction("sum", .sum, "The sum of the elements, over an axis or all of them."),
            reduction("mean", .mean, "The mean of the elements, over an axis or all of them."),
            reduction("prod", .prod, "The product of the elements, over an axis or all of them."),
            reduction("min", .min, "The smallest element, over an axis or all of them."),
            reduction("max", .max, "The largest element, over an axis or all of them."),
            Shared(
                name: "argmin", parameters: "axis=None, out=None, keepdims=False",
                summary: "The position of the smallest element.",
                refusing: ["out"]
            ) { a, b, _ in try reduce(a, .argmin, b) },
            Shared(
                name: "argmax", parameters: "axis=None, out=None, keepdims=False",
                summary: "The position of the largest element.",
                refusing: ["out"]
            ) { a, b, _ in try reduce(a, .argmax, b) },
            Shared(
                name: "var", parameters: "axis=None, dtype=None, out=None, ddof=0, keepdims=False",
                summary: "The variance of the elements.", refusing: ["dtype", "out", "ddof"]
            ) { a, b, _ in try reduce(a, .variance, b) },
            Shared(
                name: "std", parameters: "axis=None, dtype=None, out=None, ddof=0, keepdims=False",
                summary: "The standard deviation of the elements.", refusing: ["dtype", "out", "ddof"]
            ) { a, b, _ in
                try reduce(a, .standardDeviation, b)
            },
            truth("any", every: false),
            truth("all", every: true),
            Shared(
                name: "cumsum", parameters: "axis=None, dtype=None, out=None",
                summary: "The running sums of the flattened elements.",
                refusing: ["axis", "dtype", "out"]
            ) { a, _, _ in .object(PyArray(a.array.cumulativeSum(), a.state)) },
            Shared(
                name: "argsort", parameters: "axis=-1, kind=None, order=None",
                summary: "The positions that sort each row along the last axis.", refusing: ["kind", "order"]
            ) { a, b, _ in
                try lastAxis(b, a.array)
                return .object(PyArray(try numpyCall { try Sorting.argsort(a.array) }, a.state))
            },
            Shared(
                name: "round", parameters: "decimals=0, out=None",
                summary: "The elements rounded half to even to that many decimals.",
                refusing: ["out"]
            ) { a, b, _ in
                NumpyConvert.wrap(Elementwise.round(a.array, decimals: try b.int("decimals")), a.state)
            },
            Shared(
                name: "transpose", parameters: "*axes",
                summary: "The array with its axes reversed (or in the order given)."
            ) { a, b, _ in
                let axes =
                    b.rest.isEmpty
                    ? nil
                    : b.rest.count == 1
                        ? try NumpyConvert.shape(b.rest[0])
                        : try b.rest.map { try Conversions.int($0) }
                return .object(PyArray(try numpyCall { try a.array.transposed(axes) }, a.state))
            },
            Shared(
                name: "squeeze", parameters: "axis=None", summary: "The array without its axes of length one.",
                refusing: ["axis"]
            ) { a, _, _ in
                NumpyConvert.wrap(try numpyCall { try a.array.reshaped(a.array.shape.filter { $0 != 1 }) }, a.state)
            },
        ]
    }

    /// Sorting works along the last axis only.
    static func lastAxis(_ b: Bound, _ a: NDArray) throws {
        guard let axis = try b.optionalInt("axis"), axis == -1 || axis == a.ndim - 1 else {
            throw ScriptError(.notImplementedError, "nn sorts along the last axis only (axis=-1)")
        }
    }

    static func offsets(_ a: NDArray) -> [Int] {
        var out: [Int] = []
        a.forEachOffset { out.append($0) }
        return out
    }

    static let arrayMembers: [String: Member] = {
        var m = Members("ndarray", style: .python(countsSelf: true))
        for f in shared {
            m.method("\(f.name)(\(f.parameters))  \(f.summary)", errorOwner: "ndarray", refusing: f.refusing) {
                v, b, interp in
                try f.body(try receiver(v), b, interp)
            }
        }
        m.property("shape", "The length of each axis, as a tuple.") { v, _ in
            .tuple(PyTuple(try receiver(v).array.shape.map { .int($0) }))
        }
        m.property("ndim", "The number of axes.") { v, _ in .int(try receiver(v).array.ndim) }
        m.property("size", "The number of elements.") { v, _ in .int(try receiver(v).array.size) }
        m.property("dtype", "The type of the elements.") { v, _ in .object(PyDType(try receiver(v).array.dtype)) }
        m.property("T", "The transposed array.") { v, _ in
            let a = try receiver(v)
            return .object(PyArray(try numpyCall { try a.array.transposed() }, a.state))
        }
        m.method(
            "reshape(*shape, order='C')  The same elements in a new shape (one axis may be -1).", refusing: ["order"]
        ) { v, b, _ in
            let a = try receiver(v)
            let shape =
                b.rest.count == 1
                ? try NumpyConvert.shape(b.rest[0], allowUnknown: true)
                : try NumpyConvert.checked(try b.rest.map { try Conversions.int($0) }, allowUnknown: true)
            return .object(PyArray(try numpyCall { try a.array.reshaped(shape) }, a.state))
        }
        for (name, about) in [
            ("flatten", "A copy of the elements in one axis."), ("ravel", "The elements in one axis."),
        ] {
            m.method("\(name)(order='C')  \(about)", refusing: ["order"]) { v, _, _ in
                let a = try receiver(v)
                return .object(PyArray(NDArray(a.array.elements, shape: [a.array.size], dtype: a.array.dtype), a.state))
            }
        }
        m.method("copy(order='C')  A copy of the array.", refusing: ["order"]) { v, _, _ in
            let a = try receiver(v)
            return .object(PyArray(a.array.copy(), a.state))
        }
        // copy.copy and copy.deepcopy: numeric elements hold nothing to copy deeper.
        m.method("__copy__()  A copy of the array (copy.copy).") { v, _, _ in
            let a = try receiver(v)
            return .object(PyArray(a.array.copy(), a.state))
        }
        m.method("__deepcopy__(memo, /)  A copy of the array (copy.deepcopy).") { v, _, _ in
            let a = try receiver(v)
            return .object(PyArray(a.array.copy(), a.state))
        }
        m.method(
            "astype(dtype, order='K', casting='unsafe', subok=True, copy=True)  The elements converted to dtype.",
            refusing: ["order", "casting", "subok", "copy"]
        ) { v, b, _ in
            let a = try receiver(v)
            let type = try NumpyConvert.dtype(b["dtype"])
            return .object(PyArray(type == a.array.dtype ? a.array.copy() : a.array.astype(type), a.state))
        }
        m.method("tolist()  The elements as nested Python lists.") { v, _, _ in
            NumpyConvert.toList(try receiver(v).array)
        }
        m.method("item(*args)  The only element as a Python number.") { v, b, _ in
            let a = try receiver(v)
            guard b.rest.isEmpty else { throw ScriptError(.notImplementedError, "nn does not support item(index) yet") }
            guard a.array.size == 1 else {
                throw ScriptError(.valueError, "can only convert an array of size 1 to a Python scalar")
            }
            return NumpyConvert.toList(NDArray(a.array.elements, shape: [], dtype: a.array.dtype))
        }
        m.method("dot(b, out=None)  The matrix product with b.", refusing: ["out"]) { v, b, interp in
            let a = try receiver(v)
            return NumpyConvert.wrap(
                try numpyCall { try LinearAlgebra.matmul(a.array, try NumpyModule.array(b["b"], interp)) }, a.state)
        }
        m.method(
            "sort(axis=-1, kind=None, order=None)  Sorts the array in place along the last axis.",
            refusing: ["kind", "order"]
        ) { v, b, _ in
            let a = try receiver(v)
            try lastAxis(b, a.array)
            let sorted = try numpyCall { try Sorting.sorted(a.array) }
            for (offset, x) in zip(offsets(a.array), sorted.elements) { a.array.buffer.data[offset] = x }
            return .none
        }
        return m.table
    }()

    static func scalar(_ v: Value) throws -> PyNumpyScalar {
        guard case .object(let s as PyNumpyScalar) = v else {
            throw ScriptError(.typeError, "descriptor requires a numpy scalar but received a '\(v.typeName)'")
        }
        return s
    }

    /// Members of numpy scalars (`x.item()`, `x.astype(...)`, `x.dtype`).
    static let scalarMembers: [String: Member] = {
        var m = Members("generic", style: .python(countsSelf: true))
        m.method("item()  The value as a Python number.") { v, _, _ in try scalar(v).asNumber ?? v }
        m.method("astype(dtype)  The value converted to dtype.") { v, b, _ in
            let s = try scalar(v)
            return .object(PyNumpyScalar(s.value, try NumpyConvert.dtype(b["dtype"]), s.state))
        }
        m.property("dtype", "The scalar's type.") { v, _ in .object(PyDType(try scalar(v).dtype)) }
        m.property("shape", "() for a scalar.") { _, _ in .tuple(PyTuple([])) }
        m.property("ndim", "0 for a scalar.") { _, _ in .int(0) }
        return m.table
    }()
}
