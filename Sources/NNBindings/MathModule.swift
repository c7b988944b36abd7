import NNLang
#if canImport(Glibc)
import Glibc
#endif

/// `math`: CPython's functions over floats and ints. Small named functions, then the module's
/// table (`make`), as Lua's `lmathlib.c` lays out its library.
enum MathModule {
    static func log(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let x = try a.double("x")
        guard x > 0 || x.isNaN else { throw ScriptError(.valueError, "math domain error") }
        guard a.isGiven("base") else { return .float(Glibc.log(x)) }
        let base = try a.double("base")
        if base == 1 { throw ScriptError(.zeroDivisionError, "float division by zero") }
        guard base > 0 else { throw ScriptError(.valueError, "math domain error") }
        return .float(Glibc.log(x) / Glibc.log(base))
    }

    static func pow(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let x = try a.double("x"), y = try a.double("y")
        if x == 0 && y < 0 { throw ScriptError(.valueError, "math domain error") }
        if x < 0 && y != y.rounded() && y.isFinite { throw ScriptError(.valueError, "math domain error") }
        return .float(Glibc.pow(x, y))
    }

    /// `floor`, `ceil` and `trunc`: an int, from a float rounded by `rule` or from an int as it is.
    static func rounding(_ rule: FloatingPointRoundingRule) -> (Bound, Interpreter) throws -> Value {
        { a, interp in
            let x = a["x"]
            if case .float(let d) = x {
                if d.isNaN { throw ScriptError(.valueError, "cannot convert float NaN to integer") }
                if d.isInfinite { throw ScriptError(.overflowError, "cannot convert float infinity to integer") }
                return try interp.call(.object(PyType.int), .float(d.rounded(rule)))
            }
            _ = try Conversions.double(x, a.signature.name)
            return try interp.call(.object(PyType.int), x)
        }
    }

    static func isclose(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let x = try a.double("a"), y = try a.double("b")
        let rel = try a.double("rel_tol"), absTol = try a.double("abs_tol")
        if rel < 0 || absTol < 0 { throw ScriptError(.valueError, "tolerances must be non-negative") }
        if x == y { return .true }
        if x.isInfinite || y.isInfinite { return .false }
        let diff = abs(y - x)
        return .bool(diff <= abs(rel * y) || diff <= abs(rel * x) || diff <= absTol)
    }

    static func factorial(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let n = try a.int("n")
        guard n >= 0 else { throw ScriptError(.valueError, "factorial() not defined for negative values") }
        guard n <= 5000 else { throw ScriptError(.overflowError, "factorial() argument too large for nn") }
        var result = Value.int(1)
        for i in stride(from: 2, through: n, by: 1) {
            result = try Operators.binary(.multiply, result, .int(i), interp)
        }
        return result
    }

    static func gcd(_ a: Bound, _ interp: Interpreter) throws -> Value {
        var g = 0
        for v in a.rest {
            var x = abs(try Conversions.int(v)), y = g
            while y != 0 { (x, y) = (y, x % y) }
            g = x
        }
        return .int(g)
    }

    /// Shewchuk's algorithm, as CPython's fsum, for an exactly rounded sum.
    static func fsum(_ a: Bound, _ interp: Interpreter) throws -> Value {
        var partials: [Double] = []
        for v in try interp.collect(a["seq"]) {
            var x = try Conversions.double(v)
            var i = 0
            for var y in partials {
                if abs(x) < abs(y) { swap(&x, &y) }
                let hi = x + y
                let lo = y - (hi - x)
                if lo != 0 { partials[i] = lo; i += 1 }
                x = hi
            }
            partials.removeSubrange(i...)
            partials.append(x)
        }
        return .float(partials.reduce(0, +))
    }

    static func comb(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let n = try a.int("n"), k = try a.int("k")
        guard n >= 0, k >= 0 else { throw ScriptError(.valueError, "n must be a non-negative integer") }
        if k > n { return .int(0) }
        var result = Value.int(1)
        for i in 0..<min(k, n - k) {
            result = try Operators.binary(.multiply, result, .int(n - i), interp)
            result = try Operators.binary(.floorDivide, result, .int(i + 1), interp)
        }
        return result
    }

    /// The functions of one float, each with the inputs outside its domain.
    static var unaryFunctions: [(String, String, (Double) -> Bool, (Double) -> Double)] {
        [
            ("sqrt", "The square root of x.", { $0 >= 0 || $0.isNaN }, { $0.squareRoot() }),
            ("exp", "e raised to the power x.", { _ in true }, { Glibc.exp($0) }),
            ("log10", "The base-10 logarithm of x.", { $0 > 0 || $0.isNaN }, { Glibc.log10($0) }),
            ("log2", "The base-2 logarithm of x.", { $0 > 0 || $0.isNaN }, { Glibc.log2($0) }),
            ("log1p", "The natural logarithm of 1+x, accurate near 0.", { $0 > -1 || $0.isNaN }, { Glibc.log1p($0) }),
            ("sin", "The sine of x radians.", { !$0.isInfinite }, { Glibc.sin($0) }),
            ("cos", "The cosine of x radians.", { !$0.isInfinite }, { Glibc.cos($0) }),
            ("tan", "The tangent of x radians.", { !$0.isInfinite }, { Glibc.tan($0) }),
            ("asin", "The arc sine of x, in radians.", { abs($0) <= 1 || $0.isNaN }, { Glibc.asin($0) }),
            ("acos", "The arc cosine of x, in radians.", { abs($0) <= 1 || $0.isNaN }, { Glibc.acos($0) }),
            ("atan", "The arc tangent of x, in radians.", { _ in true }, { Glibc.atan($0) }),
            ("sinh", "The hyperbolic sine of x.", { _ in true }, { Glibc.sinh($0) }),
            ("cosh", "The hyperbolic cosine of x.", { _ in true }, { Glibc.cosh($0) }),
            ("tanh", "The hyperbolic tangent of x.", { _ in true }, { Glibc.tanh($0) }),
            ("fabs", "The absolute value of x, as a float.", { _ in true }, { abs($0) }),
            ("degrees", "x radians in degrees.", { _ in true }, { $0 * 180 / Double.pi }),
            ("radians", "x degrees in radians.", { _ in true }, { $0 * Double.pi / 180 }),
            ("erf", "The error function at x.", { _ in true }, { Glibc.erf($0) }),
            ("gamma", "The gamma function at x.", { !($0 <= 0 && $0 == $0.rounded()) }, { Glibc.tgamma($0) }),
        ]
    }

    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("math")
        m.members["pi"] = .float(Double.pi)
        m.members["e"] = .float(M_E)
        m.members["tau"] = .float(2 * Double.pi)
        m.members["inf"] = .float(.infinity)
        m.members["nan"] = .float(.nan)
        for (name, summary, valid, f) in unaryFunctions { m.unary(name, summary, valid: valid, f) }
        m.def("log(x, base=<unset>, /)  The logarithm of x to the base (e when not given).", errorName: "math.log", log)
        m.def("pow(x, y, /)  x raised to the power y, as a float.", errorName: "math.pow", pow)
        m.def("atan2(y, x, /)  The arc tangent of y/x, in radians, in the right quadrant.", errorName: "math.atan2") {
            a, _ in
            .float(Glibc.atan2(try a.double("y"), try a.double("x")))
        }
        m.def("hypot(*coordinates)  The Euclidean distance from the origin.", errorName: "math.hypot") { a, _ in
            .float(try a.rest.map { try Conversions.double($0) }.reduce(0) { Glibc.hypot($0, $1) })
        }
        m.def("copysign(x, y, /)  x with the sign of y.", errorName: "math.copysign") { a, _ in
            .float(Glibc.copysign(try a.double("x"), try a.double("y")))
        }
        m.def("floor(x, /)  The largest integer <= x.", errorName: "math.floor", rounding(.down))
        m.def("ceil(x, /)  The smallest integer >= x.", errorName: "math.ceil", rounding(.up))
        m.def("trunc(x, /)  x truncated towards 0, as an int.", errorName: "math.trunc", rounding(.towardZero))
        m.def("isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)  Whether a and b are close within the tolerances.", isclose)
        for (name, test) in [
            ("isnan", { (d: Double) in d.isNaN }), ("isinf", { $0.isInfinite }), ("isfinite", { $0.isFinite }),
        ] {
            m.def("\(name)(x, /)  Whether x is \(name.dropFirst(2)).", errorName: "math.\(name)") { a, _ in
                .bool(test(try a.double("x")))
            }
        }
        m.def("factorial(n, /)  n!, as an int.", errorName: "math.factorial", factorial)
        m.def("gcd(*integers)  The greatest common divisor of the integers.", errorName: "math.gcd", gcd)
        m.def("fsum(seq, /)  The exactly rounded sum of the values.", errorName: "math.fsum", fsum)
        m.def("prod(iterable, /, *, start=1)  The product of the items, times start.") { a, interp in
            try interp.collect(a["iterable"]).reduce(a["start"]) { try Operators.binary(.multiply, $0, $1, interp) }
        }
        m.def("comb(n, k, /)  The number of ways to choose k items from n.", errorName: "math.comb", comb)
        return m.build()
    }
}
