import NNLang
import NNTensor
#if canImport(Glibc)
import Glibc
#endif

/// Carries an interpreter's numpy state to the other modules that make arrays (tensorflow).
final class NumpyStateHandle: PyObject {
    let state: NumpyState
    init(_ state: NumpyState) { self.state = state }
}

/// `numpy`: arrays from the NNTensor runtime, seen from the language.
enum NumpyModule {
    /// The numpy state of an interpreter, loading numpy if needed.
    static func state(_ interp: Interpreter) throws -> NumpyState {
        guard case .object(let handle as NumpyStateHandle)? = try interp.importModule(["numpy"]).members["_nn_state"] else {
            throw ScriptError(.importError, "nn's numpy module is missing its state")
        }
        return handle.state
    }

    static func make(_ interp: Interpreter) throws -> PyModule {
        let state = NumpyState(arrayMethods: NumpyMethods.table)
        var m = ModuleBuilder("numpy")
        m.members["__version__"] = .string("2.2.0")
        m.members["nan"] = .float(.nan)
        m.members["inf"] = .float(.infinity)
        m.members["pi"] = .float(Double.pi)
        m.members["e"] = .float(M_E)
        m.members["newaxis"] = .none
        m.members["ndarray"] = .object(state.arrayType)
        m.members["_nn_state"] = .object(NumpyStateHandle(state))
        addScalarTypes(&m, state)
        addConstructors(&m, state)
        addMath(&m, state)
        addReductions(&m, state)
        addShapeFunctions(&m, state)
        m.function("set_printoptions", "set_printoptions(precision=None, suppress=None, threshold=None, edgeitems=None, linewidth=None)") { args, _ in
            let b = try args.bind("set_printoptions", ["precision", "threshold", "edgeitems", "linewidth", "suppress"])
            func count(_ v: Value?, _ name: String, limit: Int = 1 << 30) throws -> Int? {
                guard let v, !v.isNone else { return nil }
                let n = try Conversions.int(v)
                guard n >= 0 && n <= limit else { throw ScriptError(.valueError, "\(name) must be a non-negative integer") }
                return n
            }
            if let p = try count(b[0], "precision", limit: 300) { state.printOptions.precision = p }
            if let t = try count(b[1], "threshold") { state.printOptions.threshold = t }
            if let e = try count(b[2], "edgeitems") { state.printOptions.edgeItems = e }
            if let w = try count(b[3], "linewidth") { state.printOptions.lineWidth = w }
            if let s = b[4], !s.isNone { state.printOptions.suppress = try interp.isTruthy(s) }
            return .none
        }
        m.members["random"] = .object(NumpyRandomModule.make(state))
        return m.build()
    }

    static func addScalarTypes(_ m: inout ModuleBuilder, _ state: NumpyState) {
        for (name, dtype) in [("float64", DType.float64), ("float32", .float32), ("int64", .int64), ("bool_", .bool)] {
            let type = PyType(name, base: .object, methods: NumpyMethods.scalarTable) { args, interp in
                try args.expect(name, 0...1)
                guard args.count == 1 else { return .object(PyNumpyScalar(0, dtype, state)) }
                if case .str(let s) = args[0], let d = Conversions.parseFloat(s.value) {
                    return .object(PyNumpyScalar(d, dtype, state))
                }
                let a = try NumpyConvert.array(args[0], dtype: dtype)
                return NumpyConvert.wrap(a, state)
            }
            type.moduleName = "numpy"
            state.scalarTypes[dtype] = type
            m.members[name] = .object(type)
        }
        m.members["float_"] = m.members["float64"]
        m.members["double"] = m.members["float64"]
        m.members["single"] = m.members["float32"]
        m.members["int_"] = m.members["int64"]
        m.members["int32"] = m.members["int64"]
        m.members["bool"] = m.members["bool_"]
        m.members["True_"] = .object(PyNumpyScalar(1, .bool, state))
        m.members["False_"] = .object(PyNumpyScalar(0, .bool, state))
    }

    /// An argument as an array.
    static func array(_ v: Value, _ interp: Interpreter) throws -> NDArray {
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
        m.function("array", "array(object, dtype=None) makes an array from nested lists.") { args, _ in
            let b = try args.bind("array", ["object", "dtype", "copy"], required: 1)
            return .object(PyArray(try NumpyConvert.array(b[0]!, dtype: try dtypeArgument(b[1])), state))
        }
        m.members["asarray"] = m.members["array"]
        for (name, fill) in [("zeros", 0.0), ("ones", 1.0)] {
            m.function(name, "\(name)(shape, dtype=float) makes an array of \(fill == 0 ? "zeros" : "ones").") { args, _ in
                let b = try args.bind(name, ["shape", "dtype"], required: 1)
                let shape = try NumpyConvert.shape(b[0]!)
                return .object(PyArray(NDArray([Double](repeating: fill, count: shape.reduce(1, *)), shape: shape, dtype: try dtypeArgument(b[1]) ?? .float64), state))
            }
            m.function(name + "_like") { args, interp in
                let b = try args.bind(name + "_like", ["a", "dtype"], required: 1)
                let a = try array(b[0]!, interp)
                return .object(PyArray(NDArray([Double](repeating: fill, count: a.size), shape: a.shape, dtype: try dtypeArgument(b[1]) ?? a.dtype), state))
            }
        }
        m.function("full", "full(shape, fill_value, dtype=None)") { args, _ in
            let b = try args.bind("full", ["shape", "fill_value", "dtype"], required: 2)
            let shape = try NumpyConvert.shape(b[0]!)
            let dtype = try dtypeArgument(b[2]) ?? NumpyConvert.scalarType(b[1]!) ?? .float64
            return .object(PyArray(NDArray([Double](repeating: try Conversions.double(b[1]!), count: shape.reduce(1, *)), shape: shape, dtype: dtype), state))
        }
        m.function("arange", "arange(start, stop, step, dtype=None)") { args, _ in
            let b = try args.bind("arange", ["start", "stop", "step", "dtype"], required: 1)
            let numbers = b[0..<3].compactMap { $0 }.filter { !$0.isNone }
            let isFloat = numbers.contains { if case .float = $0 { return true }; return false }
            var start = 0.0, stop = try Conversions.double(b[0]!), step = 1.0
            if let s = b[1], !s.isNone { start = stop; stop = try Conversions.double(s) }
            if let s = b[2], !s.isNone { step = try Conversions.double(s) }
            guard step != 0 else { throw ScriptError(.zeroDivisionError, "division by zero") }
            let length = ((stop - start) / step).rounded(.up)
            guard !length.isNaN else { throw ScriptError(.valueError, "arange: cannot compute length") }
            guard length.isFinite, length <= Double(NumpyConvert.maxElements) else {
                throw ScriptError(.valueError, "Maximum allowed size exceeded")
            }
            let count = length > 0 ? Int(length) : 0
            let dtype = try dtypeArgument(b[3]) ?? (isFloat ? .float64 : .int64)
            return .object(PyArray(NDArray((0..<count).map { start + Double($0) * step }, shape: [count], dtype: dtype), state))
        }
        m.function("linspace", "linspace(start, stop, num=50, endpoint=True)") { args, interp in
            let b = try args.bind("linspace", ["start", "stop", "num", "endpoint", "dtype"], required: 2)
            let start = try Conversions.double(b[0]!), stop = try Conversions.double(b[1]!)
            let num = try b[2].map { try Conversions.int($0) } ?? 50
            guard num >= 0 else { throw ScriptError(.valueError, "Number of samples, \(num), must be non-negative.") }
            _ = try NumpyConvert.checked([num])
            let endpoint = try b[3].map { try interp.isTruthy($0) } ?? true
            let divisions = Double(endpoint ? num - 1 : num)
            let step = (stop - start) / divisions
            var values = (0..<num).map { start + Double($0) * step }
            if endpoint && num > 1 { values[num - 1] = stop }
            return .object(PyArray(NDArray(values, shape: [num], dtype: try dtypeArgument(b[4]) ?? .float64), state))
        }
        m.function("eye", "eye(N, M=None, k=0, dtype=float)") { args, _ in
            let b = try args.bind("eye", ["N", "M", "k", "dtype"], required: 1)
            let n = try Conversions.int(b[0]!)
            let cols = try b[1].flatMap { $0.isNone ? nil : try Conversions.int($0) } ?? n
            let k = try b[2].map { try Conversions.int($0) } ?? 0
            _ = try NumpyConvert.checked([n, cols])
            var values = [Double](repeating: 0, count: n * cols)
            for i in 0..<n where i + k >= 0 && i + k < cols { values[i * cols + i + k] = 1 }
            return .object(PyArray(NDArray(values, shape: [n, cols], dtype: try dtypeArgument(b[3]) ?? .float64), state))
        }
    }

    static func addMath(_ m: inout ModuleBuilder, _ state: NumpyState) {
        let functions: [(String, (Double) -> Double)] = [
            ("exp", { Glibc.exp($0) }), ("log", { Glibc.log($0) }), ("sqrt", { $0.squareRoot() }),
            ("log10", { Glibc.log10($0) }), ("log2", { Glibc.log2($0) }), ("log1p", { Glibc.log1p($0) }),
            ("sin", { Glibc.sin($0) }), ("cos", { Glibc.cos($0) }), ("tan", { Glibc.tan($0) }),
            ("tanh", { Glibc.tanh($0) }), ("arctan", { Glibc.atan($0) }), ("floor", { $0.rounded(.down) }),
            ("ceil", { $0.rounded(.up) }),
        ]
        for (name, f) in functions {
            m.function(name, "\(name)(x) applies \(name) to every element.") { args, interp in
                try args.expect(name, 1...1)
                let a = try array(args[0], interp)
                let type = Elementwise.floatType(a.dtype)
                return NumpyConvert.wrap(Elementwise.map(a.astype(type), to: type, f), state)
            }
        }
        for name in ["abs", "absolute"] {
            m.function(name, "abs(x) is the absolute value of every element.") { args, interp in
                try args.expect(name, 1...1)
                return NumpyConvert.wrap(Elementwise.map(try array(args[0], interp)) { Swift.abs($0) }, state)
            }
        }
        for name in ["round", "around"] {
            m.function(name, "round(a, decimals=0) rounds half to even.") { args, interp in
                let b = try args.bind(name, ["a", "decimals"], required: 1)
                let decimals = try b[1].map { try Conversions.int($0) } ?? 0
                return NumpyConvert.wrap(Elementwise.round(try array(b[0]!, interp), decimals: decimals), state)
            }
        }
        m.function("clip", "clip(a, a_min, a_max)") { args, interp in
            let b = try args.bind("clip", ["a", "a_min", "a_max"], required: 3)
            var a = try array(b[0]!, interp)
            if !b[1]!.isNone { a = try numpyCall { try Elementwise.apply(.maximum, a, try array(b[1]!, interp)) } }
            if !b[2]!.isNone { a = try numpyCall { try Elementwise.apply(.minimum, a, try array(b[2]!, interp)) } }
            return NumpyConvert.wrap(a, state)
        }
        for (name, op) in [("maximum", Elementwise.Operation.maximum), ("minimum", .minimum), ("add", .add),
                           ("subtract", .subtract), ("multiply", .multiply), ("divide", .divide), ("power", .power)] {
            m.function(name, "\(name)(x1, x2) element by element.") { args, interp in
                try args.expect(name, 2...2)
                guard let x = try NumpyOperators.operand(args[0], interp), let y = try NumpyOperators.operand(args[1], interp) else {
                    throw ScriptError(.typeError, "unsupported operand types for \(name)")
                }
                let type = NumpyOperators.commonType(x, y)
                return NumpyConvert.wrap(try numpyCall {
                    try Elementwise.apply(op, x.array.astype(type), y.array.astype(type), resultType: Elementwise.resultType(op, type, type))
                }, state)
            }
        }
        m.function("where", "where(condition, x, y) picks from x where the condition holds, else from y.") { args, interp in
            try args.expect("where", 1...3)
            let condition = try array(args[0], interp)
            if args.count == 1 {
                let indices = condition.elements.enumerated().filter { $0.element != 0 }.map { Double($0.offset) }
                return .tuple(PyTuple([.object(PyArray(NDArray(indices, shape: [indices.count], dtype: .int64), state))]))
            }
            guard args.count == 3, let x = try NumpyOperators.operand(args[1], interp), let y = try NumpyOperators.operand(args[2], interp) else {
                throw ScriptError(.valueError, "either both or neither of x and y should be given")
            }
            let type = NumpyOperators.commonType(x, y)
            return NumpyConvert.wrap(try numpyCall { try Elementwise.select(condition, x.array.astype(type), y.array.astype(type)) }, state)
        }
        for name in ["dot", "matmul"] {
            m.function(name, "\(name)(a, b) is the matrix product.") { args, interp in
                try args.expect(name, 2...2)
                let a = try array(args[0], interp), b = try array(args[1], interp)
                if name == "dot" && (a.ndim == 0 || b.ndim == 0) {
                    return try NumpyOperators.binary(.multiply, args[0], args[1], reflected: false, state, interp) ?? .none
                }
                return NumpyConvert.wrap(try numpyCall { try LinearAlgebra.matmul(a, b) }, state)
            }
        }
    }

    static func addReductions(_ m: inout ModuleBuilder, _ state: NumpyState) {
        for (name, method) in [("sum", "sum"), ("mean", "mean"), ("std", "std"), ("var", "var"), ("min", "min"),
                               ("max", "max"), ("amin", "min"), ("amax", "max"), ("argmin", "argmin"),
                               ("argmax", "argmax"), ("prod", "prod"), ("cumsum", "cumsum"),
                               ("argsort", "argsort"), ("any", "any"), ("all", "all")] {
            m.function(name, "\(name)(a, axis=None) as the array method.") { args, interp in
                guard let first = args.positional.first else { throw ScriptError(.typeError, "\(name)() missing required argument 'a' (pos 1)") }
                let receiver = Value.object(PyArray(try array(first, interp), state))
                let rest = Arguments(Array(args.positional.dropFirst()), args.keywords)
                return try NumpyMethods.table[method]!(receiver, rest, interp)
            }
        }
        m.function("sort", "sort(a) is a sorted copy, along the last axis.") { args, interp in
            try args.expect("sort", 1...1)
            return .object(PyArray(try numpyCall { try Sorting.sorted(try array(args[0], interp)) }, state))
        }
        m.function("unique", "unique(a) is the sorted distinct elements.") { args, interp in
            try args.expect("unique", 1...1)
            let a = try array(args[0], interp)
            let values = Array(Set(a.elements)).sorted()
            return .object(PyArray(NDArray(values, shape: [values.count], dtype: a.dtype), state))
        }
    }

    static func addShapeFunctions(_ m: inout ModuleBuilder, _ state: NumpyState) {
        m.function("reshape", "reshape(a, newshape)") { args, interp in
            let b = try args.bind("reshape", ["a", "newshape"], required: 2)
            return .object(PyArray(try numpyCall { try array(b[0]!, interp).reshaped(try NumpyConvert.shape(b[1]!, allowUnknown: true)) }, state))
        }
        m.function("transpose", "transpose(a, axes=None)") { args, interp in
            let b = try args.bind("transpose", ["a", "axes"], required: 1)
            let axes = try b[1].flatMap { $0.isNone ? nil : try NumpyConvert.shape($0) }
            return .object(PyArray(try numpyCall { try array(b[0]!, interp).transposed(axes) }, state))
        }
        m.function("squeeze", "squeeze(a) removes axes of length one.") { args, interp in
            try args.expect("squeeze", 1...1)
            let a = try array(args[0], interp)
            return NumpyConvert.wrap(try numpyCall { try a.reshaped(a.shape.filter { $0 != 1 }) }, state)
        }
        m.function("expand_dims", "expand_dims(a, axis) inserts an axis of length one.") { args, interp in
            let b = try args.bind("expand_dims", ["a", "axis"], required: 2)
            let a = try array(b[0]!, interp)
            var axis = try Conversions.int(b[1]!)
            if axis < 0 { axis += a.ndim + 1 }
            guard axis >= 0 && axis <= a.ndim else {
                throw ScriptError(.valueError, "axis \(try Conversions.int(b[1]!)) is out of bounds for array of dimension \(a.ndim + 1)")
            }
            var shape = a.shape
            shape.insert(1, at: axis)
            return .object(PyArray(try numpyCall { try a.reshaped(shape) }, state))
        }
        m.function("concatenate", "concatenate(arrays, axis=0) joins arrays along an axis.") { args, interp in
            let b = try args.bind("concatenate", ["arrays", "axis"], required: 1)
            let arrays = try interp.collect(b[0]!).map { try array($0, interp) }
            return .object(PyArray(try numpyCall { try Joining.concatenate(arrays, axis: try b[1].map { try Conversions.int($0) } ?? 0) }, state))
        }
        m.function("stack", "stack(arrays, axis=0) joins arrays along a new axis.") { args, interp in
            let b = try args.bind("stack", ["arrays", "axis"], required: 1)
            let arrays = try interp.collect(b[0]!).map { try array($0, interp) }
            return .object(PyArray(try numpyCall { try Joining.stack(arrays, axis: try b[1].map { try Conversions.int($0) } ?? 0) }, state))
        }
        for (name, axis) in [("vstack", 0), ("hstack", 1)] {
            m.function(name, "\(name)(arrays)") { args, interp in
                try args.expect(name, 1...1)
                var arrays = try interp.collect(args[0]).map { try array($0, interp) }
                if name == "vstack" { arrays = try arrays.map { $0.ndim == 1 ? try $0.reshaped([1, $0.size]) : $0 } }
                let joinAxis = name == "hstack" && arrays.first?.ndim == 1 ? 0 : axis
                return .object(PyArray(try numpyCall { try Joining.concatenate(arrays, axis: joinAxis) }, state))
            }
        }
        m.function("shape", "shape(a)") { args, interp in
            try args.expect("shape", 1...1)
            return .tuple(PyTuple(try array(args[0], interp).shape.map { .int($0) }))
        }
    }
}
