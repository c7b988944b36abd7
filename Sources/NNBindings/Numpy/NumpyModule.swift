import NNLang
import NNTensor
#if canImport(Glibc)
import Glibc
#endif

/// `numpy`: arrays from the NNTensor runtime, seen from the language.
enum NumpyModule {
    /// The numpy state of an interpreter, loading numpy if needed.
    static func state(_ interp: Interpreter) throws -> NumpyState {
        _ = try interp.importModule(["numpy"])
        guard let state = interp.moduleState["numpy"] as? NumpyState else {
            throw ScriptError(.importError, "nn's numpy module is missing its state")
        }
        return state
    }

    static func make(_ interp: Interpreter) throws -> PyModule {
        let state = NumpyState()
        // numpy's functions are mostly written in Python: their errors read as Python functions' do.
        var m = ModuleBuilder("numpy", style: .python(countsSelf: false))
        m.members["__version__"] = .string("2.2.0")
        m.members["nan"] = .float(.nan)
        m.members["inf"] = .float(.infinity)
        m.members["pi"] = .float(Double.pi)
        m.members["e"] = .float(M_E)
        m.members["newaxis"] = .none
        m.members["ndarray"] = .object(state.arrayType)
        interp.moduleState["numpy"] = state
        addScalarTypes(&m, state)
        addConstructors(&m, state)
        addMath(&m, state)
        addReductions(&m, state)
        addShapeFunctions(&m, state)
        addStatistics(&m, state)
        addArrangements(&m, state)
        addUfuncs(&m, state)
        addFiles(&m, state)
        m.def(
            """
            set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None, nanstr=None, \
            infstr=None, formatter=None, sign=None, floatmode=None, *, legacy=None, override_repr=None)
            How arrays print from now on.
            precision: digits after the decimal point (8 by default).
            threshold: arrays with more elements print summarised with '...'.
            edgeitems: how many items a summarised axis shows at each end.
            linewidth: the width lines wrap at.
            suppress: print small numbers in fixed notation instead of scientific.
            """, refusing: ["nanstr", "infstr", "formatter", "sign", "floatmode", "legacy", "override_repr"]
        ) { a, interp in
            func count(_ name: String, limit: Int = 1 << 30) throws -> Int? {
                guard let n = try a.optionalInt(name) else { return nil }
                guard n >= 0 && n <= limit else {
                    throw ScriptError(.valueError, "\(name) must be a non-negative integer")
                }
                return n
            }
            if let p = try count("precision", limit: 300) { state.printOptions.precision = p }
            if let t = try count("threshold") { state.printOptions.threshold = t }
            if let e = try count("edgeitems") { state.printOptions.edgeItems = e }
            if let w = try count("linewidth") { state.printOptions.lineWidth = w }
            if let s = a.optional("suppress") { state.printOptions.suppress = try interp.isTruthy(s) }
            return .none
        }
        m.members["random"] = .object(NumpyRandomModule.make(state))
        return m.build()
    }

    static func addScalarTypes(_ m: inout ModuleBuilder, _ state: NumpyState) {
        for (name, dtype) in [
            ("float64", DType.float64), ("float32", .float32), ("int64", .int64), ("int32", .int32), ("uint8", .uint8),
            ("bool_", .bool),
        ] {
            let signature = Signature("\(name)(x=0, /)  A numpy \(name) scalar (an array, from a sequence).")
            let type = PyType(name, base: .object, members: NumpyMethods.scalarMembers, signature: signature) { a, _ in
                let x = a["x"]
                if case .str(let s) = x, let d = Conversions.parseFloat(s.value) {
                    return .object(PyNumpyScalar(d, dtype, state))
                }
                return NumpyConvert.wrap(try NumpyConvert.array(x, dtype: dtype), state)
            }
            type.moduleName = "numpy"
            state.scalarTypes[dtype] = type
            m.members[name] = .object(type)
        }
        m.members["float_"] = m.members["float64"]
        m.members["double"] = m.members["float64"]
        m.members["single"] = m.members["float32"]
        m.members["int_"] = m.members["int64"]
        m.members["bool"] = m.members["bool_"]
        m.members["True_"] = .object(PyNumpyScalar(1, .bool, state))
        m.members["False_"] = .object(PyNumpyScalar(0, .bool, state))
    }

    /// An argument as an array.
    static func array(_ v: Value, _ interp: Interpreter) throws -> NDArray {
        if case .object(let t as ArrayConvertible) = v { return t.ndarray }
        guard let operand = try NumpyOperators.operand(v, interp) else {
            throw ScriptError(.typeError, "nn cannot make an array of '\(v.typeName)'")
        }
        return operand.array
    }

    static func dtypeArgument(_ v: Value?) throws -> DType? {
        guard let v, !v.isNone else { return nil }
        return try NumpyConvert.dtype(v)
    }

    static func addConstructors(_ m: inout ModuleBuilder, _ state: NumpyState) {
        m.def(
            """
            array(object, dtype=None, *, copy=True, order='K', subok=False, ndmin=0, like=None)
            An array made from nested lists, tuples, arrays or numbers.
            dtype: the element type; found from the data when None.
            """, refusing: ["copy", "order", "subok", "ndmin", "like"]
        ) { a, _ in
            .object(PyArray(try NumpyConvert.array(a["object"], dtype: try dtypeArgument(a["dtype"])), state))
        }
        m.def(
            """
            asarray(a, dtype=None, order=None, *, device=None, copy=None, like=None)
            The data as an array (nn always makes a new one).
            """, refusing: ["order", "device", "copy", "like"]
        ) { a, _ in
            .object(PyArray(try NumpyConvert.array(a["a"], dtype: try dtypeArgument(a["dtype"])), state))
        }
        for (name, fill) in [("zeros", 0.0), ("ones", 1.0)] {
            let what = fill == 0 ? "zeros" : "ones"
            m.def(
                """
                \(name)(shape, dtype=None, order='C', *, device=None, like=None)  An array of \(what).
                shape: the length of each axis: 3 or (2, 3).
                dtype: the element type; float64 when None.
                """, refusing: ["order", "device", "like"]
            ) { a, _ in
                let shape = try NumpyConvert.shape(a["shape"])
                let values = [Double](repeating: fill, count: shape.reduce(1, *))
                return .object(
                    PyArray(NDArray(values, shape: shape, dtype: try dtypeArgument(a["dtype"]) ?? .float64), state))
            }
            m.def(
                "\(name)_like(a, dtype=None, order='K', subok=True, shape=None, *, device=None)  An array of \(what) shaped as a.",
                refusing: ["order", "subok", "shape", "device"]
            ) { a, interp in
                let x = try array(a["a"], interp)
                let values = [Double](repeating: fill, count: x.size)
                return .object(
                    PyArray(NDArray(values, shape: x.shape, dtype: try dtypeArgument(a["dtype"]) ?? x.dtype), state))
            }
        }
        m.def(
            "full(shape, fill_value, dtype=None, order='C', *, device=None, like=None)  An array filled with fill_value.",
            refusing: ["order", "device", "like"]
        ) { a, _ in
            let shape = try NumpyConvert.shape(a["shape"])
            let dtype = try dtypeArgument(a["dtype"]) ?? NumpyConvert.scalarType(a["fill_value"]) ?? .float64
            let values = [Double](repeating: try a.double("fill_value"), count: shape.reduce(1, *))
            return .object(PyArray(NDArray(values, shape: shape, dtype: dtype), state))
        }
        m.def(
            """
            arange(start, stop=None, step=None, dtype=None, *, device=None, like=None)
            Evenly spaced values from start (0 when only one number is given) up to, not including, stop.
            """, refusing: ["device", "like"]
        ) { a, _ in
            let numbers = [a["start"], a["stop"], a["step"]].filter { !$0.isNone }
            let isFloat = numbers.contains {
                if case .float = $0 { return true }; return false
            }
            var start = 0.0, stop = try a.double("start"), step = 1.0
            if let s = try a.optionalDouble("stop") { start = stop; stop = s }
            if let s = try a.optionalDouble("step") { step = s }
            guard step != 0 else { throw ScriptError(.zeroDivisionError, "division by zero") }
            let length = ((stop - start) / step).rounded(.up)
            guard !length.isNaN else { throw ScriptError(.valueError, "arange: cannot compute length") }
            guard length.isFinite, length <= Double(NumpyConvert.maxElements) else {
                throw ScriptError(.valueError, "Maximum allowed size exceeded")
            }
            let count = length > 0 ? Int(length) : 0
            let dtype = try dtypeArgument(a["dtype"]) ?? (isFloat ? .float64 : .int64)
            return .object(
                PyArray(NDArray((0..<count).map { start + Double($0) * step }, shape: [count], dtype: dtype), state))
        }
        m.def(
            """
            linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0, *, device=None)
            num evenly spaced values from start to stop.
            endpoint: whether stop is the last value.
            """, refusing: ["retstep", "axis", "device"]
        ) { a, _ in
            let start = try a.double("start"), stop = try a.double("stop")
            let num = try a.int("num")
            guard num >= 0 else { throw ScriptError(.valueError, "Number of samples, \(num), must be non-negative.") }
            _ = try NumpyConvert.checked([num])
            let endpoint = try a.bool("endpoint")
            let step = (stop - start) / Double(endpoint ? num - 1 : num)
            var values = (0..<num).map { start + Double($0) * step }
            if endpoint && num > 1 { values[num - 1] = stop }
            return .object(
                PyArray(NDArray(values, shape: [num], dtype: try dtypeArgument(a["dtype"]) ?? .float64), state))
        }
        m.def(
            "eye(N, M=None, k=0, dtype=None, order='C', *, device=None, like=None)  A 2-d array with ones on the k-th diagonal.",
            refusing: ["order", "device", "like"]
        ) { a, _ in
            let n = try a.int("N")
            let cols = try a.optionalInt("M") ?? n
            let k = try a.int("k")
            _ = try NumpyConvert.checked([n, cols])
            var values = [Double](repeating: 0, count: n * cols)
            for i in 0..<n where i + k >= 0 && i + k < cols { values[i * cols + i + k] = 1 }
            return .object(
                PyArray(NDArray(values, shape: [n, cols], dtype: try dtypeArgument(a["dtype"]) ?? .float64), state))
        }
    }

    /// The keywords of numpy's element-wise functions (ufuncs) that nn does not implement.
    static let ufuncRefused: Set<String> = ["out", "where", "dtype"]

    static func addMath(_ m: inout ModuleBuilder, _ state: NumpyState) {
        let functions: [(String, (Double) -> Double)] = [
            ("exp", { Glibc.exp($0) }), ("log", { Glibc.log($0) }), ("sqrt", { $0.squareRoot() }),
            ("log10", { Glibc.log10($0) }), ("log2", { Glibc.log2($0) }), ("log1p", { Glibc.log1p($0) }),
            ("sin", { Glibc.sin($0) }), ("cos", { Glibc.cos($0) }), ("tan", { Glibc.tan($0) }),
            ("tanh", { Glibc.tanh($0) }), ("arctan", { Glibc.atan($0) }), ("arcsin", { Glibc.asin($0) }),
            ("arccos", { Glibc.acos($0) }), ("sinh", { Glibc.sinh($0) }), ("cosh", { Glibc.cosh($0) }),
            ("arctanh", { Glibc.atanh($0) }), ("expm1", { Glibc.expm1($0) }), ("exp2", { Glibc.exp2($0) }),
            ("cbrt", { Glibc.cbrt($0) }), ("deg2rad", { $0 * .pi / 180 }), ("radians", { $0 * .pi / 180 }),
            ("rad2deg", { $0 * 180 / .pi }), ("degrees", { $0 * 180 / .pi }), ("fabs", { Swift.abs($0) }),
            ("rint", { $0.rounded(.toNearestOrEven) }),
        ]
        for (name, f) in functions {
            m.def(
                "\(name)(x, /, out=None, *, where=True, dtype=None)  \(name) of every element.", refusing: ufuncRefused
            ) { a, interp in
                let x = try array(a["x"], interp)
                let type = Elementwise.floatType(x.dtype)
                return NumpyConvert.wrap(Elementwise.map(x.astype(type), to: type, f), state)
            }
        }
        // These keep an integer array's dtype (numpy 2's floor, ceil and trunc included).
        let typePreserving: [(String, String, (Double) -> Double)] = [
            ("floor", "The largest integer not above each element.", { $0.rounded(.down) }),
            ("ceil", "The smallest integer not below each element.", { $0.rounded(.up) }),
            ("trunc", "Each element with its fraction dropped.", { $0.rounded(.towardZero) }),
            ("fix", "Each element rounded toward zero.", { $0.rounded(.towardZero) }),
            ("square", "The square of every element.", { $0 * $0 }),
            ("negative", "Every element negated.", { -$0 }),
            ("positive", "Every element as it is.", { $0 }),
            (
                "sign", "-1, 0 or 1 by each element's sign (NaN stays NaN).",
                { $0.isNaN ? .nan : $0 > 0 ? 1 : $0 < 0 ? -1 : 0 }
            ),
            ("reciprocal", "1 divided by every element (integer division for integers).", { 1 / $0 }),
        ]
        for (name, summary, f) in typePreserving {
            m.def("\(name)(x, /, out=None, *, where=True, dtype=None)  \(summary)", refusing: ufuncRefused) {
                a, interp in
                let x = try array(a["x"], interp)
                let type = x.dtype == .bool ? DType.int64 : x.dtype
                if name == "negative" && x.dtype == .bool {
                    throw ScriptError(
                        .typeError,
                        "The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead."
                    )
                }
                let g: (Double) -> Double =
                    type.isFloat || name != "reciprocal" ? f : { $0 == 0 ? 0 : (1 / $0).rounded(.towardZero) }
                return NumpyConvert.wrap(Elementwise.map(x.astype(type), to: type, g), state)
            }
        }
        let tests: [(String, String, (Double) -> Bool)] = [
            ("isnan", "is NaN", { $0.isNaN }), ("isinf", "is infinite", { $0.isInfinite }),
            ("isfinite", "is neither infinite nor NaN", { $0.isFinite }),
        ]
        for (name, what, test) in tests {
            m.def(
                "\(name)(x, /, out=None, *, where=True, dtype=None)  Whether each element \(what).",
                refusing: ufuncRefused
            ) { a, interp in
                NumpyConvert.wrap(Elementwise.map(try array(a["x"], interp), to: .bool) { test($0) ? 1 : 0 }, state)
            }
        }
        for name in ["abs", "absolute"] {
            m.def(
                "\(name)(x, /, out=None, *, where=True, dtype=None)  The absolute value of every element.",
                refusing: ufuncRefused
            ) { a, interp in
                NumpyConvert.wrap(Elementwise.map(try array(a["x"], interp)) { Swift.abs($0) }, state)
            }
        }
        for name in ["round", "around"] {
            m.def(
                "\(name)(a, decimals=0, out=None)  Every element rounded half to even to that many decimals.",
                refusing: ["out"]
            ) { a, interp in
                NumpyConvert.wrap(Elementwise.round(try array(a["a"], interp), decimals: try a.int("decimals")), state)
            }
        }
        m.def("clip(a, a_min=None, a_max=None, out=None)  The elements limited to [a_min, a_max].", refusing: ["out"]) {
            a, interp in
            var x = try array(a["a"], interp)
            if let low = a.optional("a_min") {
                x = try numpyCall { try Elementwise.apply(.maximum, x, try array(low, interp)) }
            }
            if let high = a.optional("a_max") {
                x = try numpyCall { try Elementwise.apply(.minimum, x, try array(high, interp)) }
            }
            return NumpyConvert.wrap(x, state)
        }
        for (name, op) in [
            ("maximum", Elementwise.Operation.maximum), ("minimum", .minimum), ("add", .add),
            ("subtract", .subtract), ("multiply", .multiply), ("divide", .divide), ("power", .power),
        ] {
            m.def(
                "\(name)(x1, x2, /, out=None, *, where=True, dtype=None)  \(name) of the elements, pair by pair.",
                refusing: ufuncRefused
            ) { a, interp in
                guard let x = try NumpyOperators.operand(a["x1"], interp),
                    let y = try NumpyOperators.operand(a["x2"], interp)
                else {
                    throw ScriptError(.typeError, "unsupported operand types for \(name)")
                }
                let type = NumpyOperators.commonType(x, y)
                return NumpyConvert.wrap(
                    try numpyCall {
                        try Elementwise.apply(
                            op, x.array.astype(type), y.array.astype(type),
                            resultType: Elementwise.resultType(op, type, type))
                    }, state)
            }
        }
        m.def("where(condition, x=<unset>, y=<unset>, /)  Elements of x where the condition holds, else of y.") {
            a, interp in
            let condition = try array(a["condition"], interp)
            guard let xv = a.given("x"), let yv = a.given("y") else {
                guard a.given("x") == nil && a.given("y") == nil else {
                    throw ScriptError(.valueError, "either both or neither of x and y should be given")
                }
                let indices = condition.elements.enumerated().filter { $0.element != 0 }.map { Double($0.offset) }
                return .tuple(
                    PyTuple([.object(PyArray(NDArray(indices, shape: [indices.count], dtype: .int64), state))]))
            }
            guard let x = try NumpyOperators.operand(xv, interp), let y = try NumpyOperators.operand(yv, interp) else {
                throw ScriptError(.typeError, "nn cannot make arrays of where's x and y")
            }
            let type = NumpyOperators.commonType(x, y)
            return NumpyConvert.wrap(
                try numpyCall { try Elementwise.select(condition, x.array.astype(type), y.array.astype(type)) }, state)
        }
        m.def("dot(a, b, out=None)  The matrix product (for scalars, the plain product).", refusing: ["out"]) {
            a, interp in
            let x = try array(a["a"], interp), y = try array(a["b"], interp)
            if x.ndim == 0 || y.ndim == 0 {
                return try NumpyOperators.binary(.multiply, a["a"], a["b"], reflected: false, state, interp) ?? .none
            }
            return NumpyConvert.wrap(try numpyCall { try LinearAlgebra.matmul(x, y) }, state)
        }
        m.def("matmul(x1, x2, /, out=None, *, dtype=None)  The matrix product.", refusing: ["out", "dtype"]) {
            a, interp in
            NumpyConvert.wrap(
                try numpyCall { try LinearAlgebra.matmul(try array(a["x1"], interp), try array(a["x2"], interp)) },
                state)
        }
    }

    static func addReductions(_ m: inout ModuleBuilder, _ state: NumpyState) {
        let aliases = ["min": ["amin"], "max": ["amax"]]
        // These module functions have parameters of their own, declared below.
        let methodsOnly: Set = ["round", "transpose", "squeeze"]
        for f in NumpyMethods.shared where !methodsOnly.contains(f.name) {
            for name in [f.name] + (aliases[f.name] ?? []) {
                m.def("\(name)(a, \(f.parameters))  \(f.summary)", refusing: f.refusing) { b, interp in
                    try f.body(PyArray(try array(b["a"], interp), state), b, interp)
                }
            }
        }
        m.def(
            "sort(a, axis=-1, kind=None, order=None)  A sorted copy, along the last axis.", refusing: ["kind", "order"]
        ) { a, interp in
            let x = try array(a["a"], interp)
            try NumpyMethods.lastAxis(a, x)
            return .object(PyArray(try numpyCall { try Sorting.sorted(x) }, state))
        }
        m.def(
            """
            unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *, equal_nan=True)
            The sorted distinct elements.
            return_counts: also return how many times each occurs.
            """, refusing: ["return_index", "return_inverse", "axis", "equal_nan"]
        ) { a, interp in
            let x = try array(a["ar"], interp)
            var counts: [Double: Int] = [:]
            for v in x.elements { counts[v, default: 0] += 1 }
            let values = counts.keys.sorted()
            let unique = Value.object(PyArray(NDArray(values, shape: [values.count], dtype: x.dtype), state))
            guard try a.bool("return_counts") else { return unique }
            let n = values.map { Double(counts[$0] ?? 0) }
            return .tuple(PyTuple([unique, .object(PyArray(NDArray(n, shape: [n.count], dtype: .int64), state))]))
        }
    }

    static func addShapeFunctions(_ m: inout ModuleBuilder, _ state: NumpyState) {
        m.def(
            """
            reshape(a, shape=None, order='C', *, newshape=None)  The same elements in a new shape (one axis may be -1).
            newshape: the shape, under its older name.
            """, refusing: ["order"]
        ) { a, interp in
            guard let shape = a.optional("shape") ?? a.optional("newshape") else {
                throw ScriptError(.typeError, "reshape() missing 1 required positional argument: 'shape'")
            }
            return .object(
                PyArray(
                    try numpyCall {
                        try array(a["a"], interp).reshaped(try NumpyConvert.shape(shape, allowUnknown: true))
                    }, state))
        }
        m.def("transpose(a, axes=None)  The array with its axes reversed (or in the order given).") { a, interp in
            let axes = try a.optional("axes").map { try NumpyConvert.shape($0) }
            return .object(PyArray(try numpyCall { try array(a["a"], interp).transposed(axes) }, state))
        }
        m.def("squeeze(a, axis=None)  The array without its axes of length one.", refusing: ["axis"]) { a, interp in
            let x = try array(a["a"], interp)
            return NumpyConvert.wrap(try numpyCall { try x.reshaped(x.shape.filter { $0 != 1 }) }, state)
        }
        m.def("expand_dims(a, axis)  The array with an axis of length one inserted at axis.") { a, interp in
            let x = try array(a["a"], interp)
            let given = try a.int("axis")
            let axis = given < 0 ? given + x.ndim + 1 : given
            guard axis >= 0 && axis <= x.ndim else {
                throw ScriptError(.valueError, "axis \(given) is out of bounds for array of dimension \(x.ndim + 1)")
            }
            var shape = x.shape
            shape.insert(1, at: axis)
            return .object(PyArray(try numpyCall { try x.reshaped(shape) }, state))
        }
        let joinRefused: Set<String> = ["out", "dtype", "casting"]
        m.def(
            "concatenate(arrays, /, axis=0, out=None, *, dtype=None, casting='same_kind')  The arrays joined along an axis.",
            refusing: joinRefused
        ) { a, interp in
            let arrays = try interp.collect(a["arrays"]).map { try array($0, interp) }
            return .object(PyArray(try numpyCall { try Joining.concatenate(arrays, axis: try a.int("axis")) }, state))
        }
        m.def(
            "stack(arrays, axis=0, out=None, *, dtype=None, casting='same_kind')  The arrays joined along a new axis.",
            refusing: joinRefused
        ) { a, interp in
            let arrays = try interp.collect(a["arrays"]).map { try array($0, interp) }
            return .object(PyArray(try numpyCall { try Joining.stack(arrays, axis: try a.int("axis")) }, state))
        }
        for (name, axis, about) in [("vstack", 0, "as rows"), ("hstack", 1, "side by side")] {
            m.def(
                "\(name)(tup, *, dtype=None, casting='same_kind')  The arrays joined \(about).",
                refusing: ["dtype", "casting"]
            ) { a, interp in
                var arrays = try interp.collect(a["tup"]).map { try array($0, interp) }
                if name == "vstack" { arrays = try arrays.map { $0.ndim == 1 ? try $0.reshaped([1, $0.size]) : $0 } }
                let joinAxis = name == "hstack" && arrays.first?.ndim == 1 ? 0 : axis
                return .object(PyArray(try numpyCall { try Joining.concatenate(arrays, axis: joinAxis) }, state))
            }
        }
        m.def("shape(a)  The length of each axis, as a tuple.") { a, interp in
            .tuple(PyTuple(try array(a["a"], interp).shape.map { .int($0) }))
        }
    }
}
