import NNLang
import NNTensor
#if canImport(Glibc)
import Glibc
#endif

/// numpy's element-wise functions of two arrays beyond the operators, its logical functions and
/// its comparisons with a tolerance.
extension NumpyModule {
    /// Both arguments as arrays of their common type.
    static func operands(
        _ a: Bound, _ x: String, _ y: String, _ interp: Interpreter
    ) throws -> (NDArray, NDArray, DType) {
        guard let p = try NumpyOperators.operand(a[x], interp), let q = try NumpyOperators.operand(a[y], interp) else {
            throw ScriptError(.typeError, "unsupported operand types: '\(a[x].typeName)' and '\(a[y].typeName)'")
        }
        let type = NumpyOperators.commonType(p, q)
        return (p.array.astype(type), q.array.astype(type), type)
    }

    static func addUfuncs(_ m: inout ModuleBuilder, _ state: NumpyState) {
        let aliases: [(String, Elementwise.Operation)] = [
            ("floor_divide", .floorDivide), ("mod", .modulo), ("remainder", .modulo), ("true_divide", .divide),
        ]
        for (name, op) in aliases {
            m.def(
                "\(name)(x1, x2, /, out=None, *, where=True, dtype=None)  x1 \(op == .divide ? "/" : op == .modulo ? "%" : "//") x2, element by element.",
                refusing: ufuncRefused
            ) { a, interp in
                let (x, y, type) = try operands(a, "x1", "x2", interp)
                return NumpyConvert.wrap(
                    try numpyCall {
                        try Elementwise.apply(op, x, y, resultType: Elementwise.resultType(op, type, type))
                    }, state)
            }
        }
        let floating: [(String, String, (Double, Double) -> Double)] = [
            ("arctan2", "The angle of the point (x2, x1), in radians.", { Glibc.atan2($0, $1) }),
            ("hypot", "The hypotenuse sqrt(x1**2 + x2**2).", { Glibc.hypot($0, $1) }),
            (
                "logaddexp", "log(exp(x1) + exp(x2)), without overflow.",
                { x, y in
                    let m = max(x, y)
                    return m.isInfinite ? m : m + Glibc.log1p(Glibc.exp(-Swift.abs(x - y)))
                }
            ),
        ]
        for (name, summary, f) in floating {
            m.def("\(name)(x1, x2, /, out=None, *, where=True, dtype=None)  \(summary)", refusing: ufuncRefused) {
                a, interp in
                let (x, y, type) = try operands(a, "x1", "x2", interp)
                return NumpyConvert.wrap(
                    try numpyCall { try Elementwise.zip(x, y, to: Elementwise.floatType(type), f) }, state)
            }
        }
        m.def(
            "fmod(x1, x2, /, out=None, *, where=True, dtype=None)  The remainder of division, with the sign of x1 (C's fmod).",
            refusing: ufuncRefused
        ) { a, interp in
            let (x, y, type) = try operands(a, "x1", "x2", interp)
            let integer = !type.isFloat
            return NumpyConvert.wrap(
                try numpyCall {
                    try Elementwise.zip(x, y, to: type == .bool ? .int64 : type) {
                        integer && $1 == 0 ? 0 : Glibc.fmod($0, $1)
                    }
                }, state)
        }
        let logical: [(String, (Bool, Bool) -> Bool)] = [
            ("logical_and", { $0 && $1 }), ("logical_or", { $0 || $1 }), ("logical_xor", { $0 != $1 }),
        ]
        for (name, f) in logical {
            m.def(
                "\(name)(x1, x2, /, out=None, *, where=True, dtype=None)  The truth of x1 \(name.dropFirst(8)) x2, element by element.",
                refusing: ufuncRefused
            ) { a, interp in
                let (x, y, _) = try operands(a, "x1", "x2", interp)
                return NumpyConvert.wrap(
                    try numpyCall { try Elementwise.zip(x, y, to: .bool) { f($0 != 0, $1 != 0) ? 1 : 0 } }, state)
            }
        }
        m.def(
            "logical_not(x, /, out=None, *, where=True, dtype=None)  The negated truth of every element.",
            refusing: ufuncRefused
        ) {
            a, interp in
            NumpyConvert.wrap(Elementwise.map(try array(a["x"], interp), to: .bool) { $0 == 0 ? 1 : 0 }, state)
        }
        m.def(
            "isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)  Whether each pair is equal within |a - b| <= atol + rtol * |b|."
        ) {
            a, interp in
            let (x, y, _) = try operands(a, "a", "b", interp)
            let test = try closeness(a)
            return NumpyConvert.wrap(
                try numpyCall { try Elementwise.zip(x, y, to: .bool) { test($0, $1) ? 1 : 0 } }, state)
        }
        m.def(
            "allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)  Whether every pair is equal within |a - b| <= atol + rtol * |b|."
        ) {
            a, interp in
            let (x, y, _) = try operands(a, "a", "b", interp)
            let test = try closeness(a)
            return .bool(
                try numpyCall { try Elementwise.zip(x, y, to: .bool) { test($0, $1) ? 1 : 0 } }.elements.allSatisfy {
                    $0 != 0
                })
        }
        m.def("array_equal(a1, a2, equal_nan=False)  Whether the arrays have the same shape and elements.") {
            a, interp in
            let x = try array(a["a1"], interp), y = try array(a["a2"], interp)
            let nanEqual = try a.bool("equal_nan")
            guard x.shape == y.shape else { return .bool(false) }
            return .bool(zip(x.elements, y.elements).allSatisfy { $0 == $1 || (nanEqual && $0.isNaN && $1.isNaN) })
        }
        m.def(
            "nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None)  NaN and infinities replaced by numbers (the largest float for infinity).",
            refusing: ["copy"]
        ) { a, interp in
            let x = try array(a["x"], interp)
            let big = x.dtype == .float32 ? Double(Float.greatestFiniteMagnitude) : Double.greatestFiniteMagnitude
            let nan = try a.double("nan")
            let high = try a.optionalDouble("posinf") ?? big, low = try a.optionalDouble("neginf") ?? -big
            return NumpyConvert.wrap(
                Elementwise.map(x) { $0.isNaN ? nan : $0 == .infinity ? high : $0 == -.infinity ? low : $0 }, state)
        }
    }

    /// numpy's isclose test: |a - b| <= atol + rtol * |b|, infinities equal only to themselves.
    static func closeness(_ a: Bound) throws -> (Double, Double) -> Bool {
        let rtol = try a.double("rtol"), atol = try a.double("atol"), nanEqual = try a.bool("equal_nan")
        return { x, y in
            if x.isNaN || y.isNaN { return nanEqual && x.isNaN && y.isNaN }
            if x.isInfinite || y.isInfinite { return x == y }
            return Swift.abs(x - y) <= atol + rtol * Swift.abs(y)
        }
    }
}
