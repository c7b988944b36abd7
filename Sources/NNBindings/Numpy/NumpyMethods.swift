import NNLang
import NNTensor

/// Methods of `ndarray` and of numpy scalars.
enum NumpyMethods {
    static func receiver(_ v: Value) throws -> PyArray {
        switch v {
        case .object(let a as PyArray): return a
        default: throw ScriptError(.typeError, "descriptor requires a 'numpy.ndarray' object but received a '\(v.typeName)'")
        }
    }

    /// `a.sum(axis=None, keepdims=False)` and the other reductions.
    static func reduction(_ name: String, _ r: Reduction) -> PyType.Method {
        { v, args, interp in
            let a = try receiver(v)
            let b = try args.bind(name, ["axis", "dtype", "out", "keepdims"])
            let axis = try b[0].flatMap { $0.isNone ? nil : try Conversions.int($0) }
            let keepdims = try b[3].map { try interp.isTruthy($0) } ?? false
            return NumpyConvert.wrap(try numpyCall { try a.array.reduce(r, axis: axis, keepdims: keepdims) }, a.state)
        }
    }

    static var table: [String: PyType.Method] {
        [
            "sum": reduction("sum", .sum),
            "mean": reduction("mean", .mean),
            "prod": reduction("prod", .prod),
            "min": reduction("min", .min),
            "max": reduction("max", .max),
            "argmin": reduction("argmin", .argmin),
            "argmax": reduction("argmax", .argmax),
            "var": reduction("var", .variance),
            "std": reduction("std", .standardDeviation),
            "any": { v, args, interp in
                let a = try receiver(v)
                return .object(PyNumpyScalar(a.array.elements.contains { $0 != 0 } ? 1 : 0, .bool, a.state))
            },
            "all": { v, args, interp in
                let a = try receiver(v)
                return .object(PyNumpyScalar(a.array.elements.allSatisfy { $0 != 0 } ? 1 : 0, .bool, a.state))
            },
            "cumsum": { v, args, _ in
                let a = try receiver(v)
                return .object(PyArray(a.array.cumulativeSum(), a.state))
            },
            "reshape": { v, args, _ in
                let a = try receiver(v)
                try args.noKeywords("reshape")
                let shape = args.count == 1 ? try NumpyConvert.shape(args[0], allowUnknown: true)
                    : try NumpyConvert.checked(try args.positional.map { try Conversions.int($0) }, allowUnknown: true)
                return .object(PyArray(try numpyCall { try a.array.reshaped(shape) }, a.state))
            },
            "flatten": { v, _, _ in
                let a = try receiver(v)
                return .object(PyArray(NDArray(a.array.elements, shape: [a.array.size], dtype: a.array.dtype), a.state))
            },
            "ravel": { v, _, _ in
                let a = try receiver(v)
                return .object(PyArray(try numpyCall { try a.array.reshaped([a.array.size]) }, a.state))
            },
            "copy": { v, _, _ in
                let a = try receiver(v)
                return .object(PyArray(a.array.copy(), a.state))
            },
            "astype": { v, args, _ in
                let a = try receiver(v)
                let b = try args.bind("astype", ["dtype"], required: 1)
                let type = try NumpyConvert.dtype(b[0]!)
                return .object(PyArray(type == a.array.dtype ? a.array.copy() : a.array.astype(type), a.state))
            },
            "tolist": { v, _, _ in NumpyConvert.toList(try receiver(v).array) },
            "item": { v, _, _ in
                let a = try receiver(v)
                guard a.array.size == 1 else { throw ScriptError(.valueError, "can only convert an array of size 1 to a Python scalar") }
                return NumpyConvert.toList(NDArray(a.array.elements, shape: [], dtype: a.array.dtype))
            },
            "transpose": { v, args, _ in
                let a = try receiver(v)
                let axes = args.count == 0 ? nil : args.count == 1 ? try NumpyConvert.shape(args[0]) : try args.positional.map { try Conversions.int($0) }
                return .object(PyArray(try numpyCall { try a.array.transposed(axes) }, a.state))
            },
            "squeeze": { v, _, _ in
                let a = try receiver(v)
                return NumpyConvert.wrap(try numpyCall { try a.array.reshaped(a.array.shape.filter { $0 != 1 }) }, a.state)
            },
            "round": { v, args, _ in
                let a = try receiver(v)
                let b = try args.bind("round", ["decimals"])
                return .object(PyArray(Elementwise.round(a.array, decimals: try b[0].map { try Conversions.int($0) } ?? 0), a.state))
            },
            "dot": { v, args, interp in
                let a = try receiver(v)
                try args.expect("dot", 1...1)
                return NumpyConvert.wrap(try numpyCall { try LinearAlgebra.matmul(a.array, try NumpyModule.array(args[0], interp)) }, a.state)
            },
            "sort": { v, _, _ in
                let a = try receiver(v)
                let sorted = try Sorting.sorted(a.array)
                for (offset, x) in zip(offsets(a.array), sorted.elements) { a.array.buffer.data[offset] = x }
                return .none
            },
            "argsort": { v, _, _ in
                let a = try receiver(v)
                return .object(PyArray(try Sorting.argsort(a.array), a.state))
            },
        ]
    }

    static func offsets(_ a: NDArray) -> [Int] {
        var out: [Int] = []
        a.forEachOffset { out.append($0) }
        return out
    }

    /// Methods of numpy scalars (`x.item()`, `x.astype(...)`).
    static var scalarTable: [String: PyType.Method] {
        [
            "item": { v, _, _ in
                guard case .object(let s as PyNumpyScalar) = v, let n = s.asNumber else { return v }
                return n
            },
            "astype": { v, args, _ in
                guard case .object(let s as PyNumpyScalar) = v else { return v }
                let b = try args.bind("astype", ["dtype"], required: 1)
                return .object(PyNumpyScalar(s.value, try NumpyConvert.dtype(b[0]!), s.state))
            },
        ]
    }
}
