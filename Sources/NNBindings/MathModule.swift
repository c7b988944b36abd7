import NNLang
#if canImport(Glibc)
import Glibc
#endif

/// `math`: CPython's functions over floats and ints.
enum MathModule {
    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("math")
        m.members["pi"] = .float(Double.pi)
        m.members["e"] = .float(M_E)
        m.members["tau"] = .float(2 * Double.pi)
        m.members["inf"] = .float(.infinity)
        m.members["nan"] = .float(.nan)
        m.unary("sqrt", valid: { $0 >= 0 || $0.isNaN }) { $0.squareRoot() }
        m.unary("exp") { Glibc.exp($0) }
        m.unary("log10", valid: { $0 > 0 || $0.isNaN }) { Glibc.log10($0) }
        m.unary("log2", valid: { $0 > 0 || $0.isNaN }) { Glibc.log2($0) }
        m.unary("log1p", valid: { $0 > -1 || $0.isNaN }) { Glibc.log1p($0) }
        m.unary("sin", valid: { !$0.isInfinite }) { Glibc.sin($0) }
        m.unary("cos", valid: { !$0.isInfinite }) { Glibc.cos($0) }
        m.unary("tan", valid: { !$0.isInfinite }) { Glibc.tan($0) }
        m.unary("asin", valid: { abs($0) <= 1 || $0.isNaN }) { Glibc.asin($0) }
        m.unary("acos", valid: { abs($0) <= 1 || $0.isNaN }) { Glibc.acos($0) }
        m.unary("atan") { Glibc.atan($0) }
        m.unary("sinh") { Glibc.sinh($0) }
        m.unary("cosh") { Glibc.cosh($0) }
        m.unary("tanh") { Glibc.tanh($0) }
        m.unary("fabs") { abs($0) }
        m.unary("degrees") { $0 * 180 / Double.pi }
        m.unary("radians") { $0 * Double.pi / 180 }
        m.unary("erf") { Glibc.erf($0) }
        m.unary("gamma", valid: { !($0 <= 0 && $0 == $0.rounded()) }) { Glibc.tgamma($0) }
        m.function("log", "log(x, base=e) returns the logarithm of x.") { args, _ in
            try args.expect("log", 1...2)
            let x = try Conversions.double(args[0])
            guard x > 0 || x.isNaN else { throw ScriptError(.valueError, "math domain error") }
            guard args.count == 2 else { return .float(Glibc.log(x)) }
            let base = try Conversions.double(args[1])
            guard base > 0, base != 1 else { throw ScriptError(base == 1 ? .zeroDivisionError : .valueError, base == 1 ? "float division by zero" : "math domain error") }
            return .float(Glibc.log(x) / Glibc.log(base))
        }
        m.function("pow") { args, _ in
            try args.expect("pow", 2...2)
            let x = try Conversions.double(args[0]), y = try Conversions.double(args[1])
            if x == 0 && y < 0 { throw ScriptError(.valueError, "math domain error") }
            if x < 0 && y != y.rounded() && y.isFinite { throw ScriptError(.valueError, "math domain error") }
            return .float(Glibc.pow(x, y))
        }
        m.function("atan2") { args, _ in
            try args.expect("atan2", 2...2)
            return .float(Glibc.atan2(try Conversions.double(args[0]), try Conversions.double(args[1])))
        }
        m.function("hypot") { args, _ in
            .float(try args.positional.map { try Conversions.double($0) }.reduce(0) { Glibc.hypot($0, $1) })
        }
        m.function("copysign") { args, _ in
            try args.expect("copysign", 2...2)
            return .float(Glibc.copysign(try Conversions.double(args[0]), try Conversions.double(args[1])))
        }
        for (name, rule) in [("floor", FloatingPointRoundingRule.down), ("ceil", .up), ("trunc", .towardZero)] {
            m.function(name) { args, interp in
                try args.expect(name, 1...1)
                if case .float(let d) = args[0] {
                    guard d.isFinite else {
                        throw ScriptError(d.isNaN ? .valueError : .overflowError, d.isNaN ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer")
                    }
                    return try interp.call(.object(PyType.int), .float(d.rounded(rule)))
                }
                _ = try Conversions.double(args[0], name)
                return try interp.call(.object(PyType.int), args[0])
            }
        }
        m.function("isclose") { args, _ in
            let b = try args.bind("isclose", ["a", "b", "rel_tol", "abs_tol"], required: 2)
            let x = try Conversions.double(b[0]!), y = try Conversions.double(b[1]!)
            let rel = try b[2].map { try Conversions.double($0) } ?? 1e-9, absTol = try b[3].map { try Conversions.double($0) } ?? 0
            if rel < 0 || absTol < 0 { throw ScriptError(.valueError, "tolerances must be non-negative") }
            if x == y { return .true }
            if x.isInfinite || y.isInfinite { return .false }
            let diff = abs(y - x)
            return .bool(diff <= abs(rel * y) || diff <= abs(rel * x) || diff <= absTol)
        }
        m.function("isnan") { args, _ in try args.expect("isnan", 1...1); return .bool(try Conversions.double(args[0]).isNaN) }
        m.function("isinf") { args, _ in try args.expect("isinf", 1...1); return .bool(try Conversions.double(args[0]).isInfinite) }
        m.function("isfinite") { args, _ in try args.expect("isfinite", 1...1); return .bool(try Conversions.double(args[0]).isFinite) }
        m.function("factorial") { args, interp in
            try args.expect("factorial", 1...1)
            let n = try Conversions.int(args[0])
            guard n >= 0 else { throw ScriptError(.valueError, "factorial() not defined for negative values") }
            guard n <= 5000 else { throw ScriptError(.overflowError, "factorial() argument too large for nn") }
            var result = Value.int(1)
            for i in stride(from: 2, through: n, by: 1) { result = try Operators.binary(.multiply, result, .int(i), interp) }
            return result
        }
        m.function("gcd") { args, _ in
            var g = 0
            for a in args.positional {
                var x = abs(try Conversions.int(a)), y = g
                while y != 0 { (x, y) = (y, x % y) }
                g = x
            }
            return .int(g)
        }
        m.function("fsum") { args, interp in
            try args.expect("fsum", 1...1)
            // Shewchuk's algorithm, as CPython's fsum, for an exactly rounded sum.
            var partials: [Double] = []
            for v in try interp.collect(args[0]) {
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
        m.function("prod") { args, interp in
            try args.expect("prod", 1...1)
            return try interp.collect(args[0]).reduce(Value.int(1)) { try Operators.binary(.multiply, $0, $1, interp) }
        }
        m.function("comb") { args, interp in
            try args.expect("comb", 2...2)
            let n = try Conversions.int(args[0]), k = try Conversions.int(args[1])
            guard n >= 0, k >= 0 else { throw ScriptError(.valueError, "n must be a non-negative integer") }
            if k > n { return .int(0) }
            var result = Value.int(1)
            for i in 0..<min(k, n - k) {
                result = try Operators.binary(.multiply, result, .int(n - i), interp)
                result = try Operators.binary(.floorDivide, result, .int(i + 1), interp)
            }
            return result
        }
        return m.build()
    }
}
