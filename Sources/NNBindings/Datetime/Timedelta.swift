import NNFloatText
import NNLang

/// `datetime.timedelta`: a duration in days and microseconds (0 ≤ micros < a day, as Python
/// normalises it: `-1 day, 23:59:59` is minus one second).
final class PyTimedelta: PyObject {
    static let dayMicros = 86_400_000_000
    let days: Int
    let micros: Int

    init(days: Int, micros: Int) throws {
        var d = days + micros / PyTimedelta.dayMicros
        var us = micros % PyTimedelta.dayMicros
        if us < 0 {
            us += PyTimedelta.dayMicros
            d -= 1
        }
        guard abs(d) <= 999_999_999 else {
            throw ScriptError(.overflowError, "days=\(d); must have magnitude <= 999999999")
        }
        (self.days, self.micros) = (d, us)
    }

    /// The duration in microseconds, as a double (exact up to 2**53 µs, about 285 years).
    var totalMicros: Double { Double(days) * Double(PyTimedelta.dayMicros) + Double(micros) }

    static func from(totalMicros t: Double) throws -> PyTimedelta {
        guard t.isFinite, abs(t) < 1e20 else { throw ScriptError(.overflowError, "date value out of range") }
        let rounded = t.rounded(.toNearestOrEven)
        let day = Double(dayMicros)
        let d = (rounded / day).rounded(.down)
        return try PyTimedelta(days: Int(d), micros: Int(rounded - d * day))
    }

    static let type: PyType = {
        var m = Members("timedelta")
        func delta(_ v: Value) throws -> PyTimedelta { try v.receiver(PyTimedelta.self, "datetime.timedelta") }
        m.method("total_seconds()  The duration in seconds.") { v, _, _ in .float(try delta(v).totalMicros / 1e6) }
        m.property("days", "Whole days (negative for negative durations).") { v, _ in .int(try delta(v).days) }
        m.property("seconds", "Seconds within the day (0 to 86399).") { v, _ in .int(try delta(v).micros / 1_000_000) }
        m.property("microseconds", "Microseconds within the second.") { v, _ in .int(try delta(v).micros % 1_000_000) }
        let t = PyType(
            "timedelta", base: .object, members: m.table,
            signature: Signature(
                """
                timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)  A duration.
                """, errorName: "timedelta")
        ) { a, _ in
            let scale: [(String, Int)] = [
                ("days", dayMicros), ("seconds", 1_000_000), ("microseconds", 1), ("milliseconds", 1000),
                ("minutes", 60_000_000), ("hours", 3_600_000_000), ("weeks", 7 * dayMicros),
            ]
            var days = 0, micros = 0, fraction = 0.0
            for (name, unit) in scale {
                switch a[name] {
                case .int(let i):
                    if unit == dayMicros || unit == 7 * dayMicros {
                        days += i * (unit / dayMicros)
                    } else {
                        let (p, o) = i.multipliedReportingOverflow(by: unit)
                        if o { throw ScriptError(.overflowError, "Python int too large to convert to C int") }
                        micros += p
                    }
                case .float(let f): fraction += f * Double(unit)
                case .bool(let b): micros += b ? unit : 0
                case let other:
                    throw ScriptError(.typeError, "unsupported type for timedelta \(name) component: \(other.typeName)")
                }
            }
            if fraction == 0 { return .object(try PyTimedelta(days: days, micros: micros)) }
            let base = try PyTimedelta(days: days, micros: micros)
            return .object(try from(totalMicros: base.totalMicros + fraction))
        }
        t.moduleName = "datetime"
        return t
    }()

    override var type: PyType { PyTimedelta.type }

    override func str(_ interp: Interpreter) throws -> String {
        let seconds = micros / 1_000_000, us = micros % 1_000_000
        var clock = "\(seconds / 3600):" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if us != 0 { clock += "." + pad(us, 6) }
        return days == 0 ? clock : "\(days) day\(abs(days) == 1 ? "" : "s"), \(clock)"
    }

    override func repr(_ interp: Interpreter) throws -> String {
        let parts = [("days", days), ("seconds", micros / 1_000_000), ("microseconds", micros % 1_000_000)]
            .filter { $0.1 != 0 }.map { "\($0.0)=\($0.1)" }
        return "datetime.timedelta(\(parts.isEmpty ? "0" : parts.joined(separator: ", ")))"
    }

    override func isTruthy(_ interp: Interpreter) throws -> Bool { days != 0 || micros != 0 }
    override func isEqual(_ other: Value) -> Bool {
        guard case .object(let o as PyTimedelta) = other else { return false }
        return o.days == days && o.micros == micros
    }
    override func hashValue(into hasher: inout Hasher) {
        hasher.combine(days)
        hasher.combine(micros)
    }

    override func compare(_ op: CompareOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard case .object(let o as PyTimedelta) = other else { return nil }
        return orderedComparison(op, (days, micros) < (o.days, o.micros), isEqual(other))
    }

    override func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        switch op {
        case .negate: return .object(try PyTimedelta(days: -days, micros: -micros))
        case .plus: return .object(self)
        default: return nil
        }
    }

    override func absolute(_ interp: Interpreter) throws -> Value? {
        days < 0 ? .object(try PyTimedelta(days: -days, micros: -micros)) : .object(self)
    }

    override func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    {
        if case .object(let o as PyTimedelta) = other {
            let (a, b) = reflected ? (o, self) : (self, o)
            switch op {
            case .add: return .object(try PyTimedelta(days: a.days + b.days, micros: a.micros + b.micros))
            case .subtract: return .object(try PyTimedelta(days: a.days - b.days, micros: a.micros - b.micros))
            case .divide:
                guard b.totalMicros != 0 else { throw ScriptError(.zeroDivisionError, "division by zero") }
                return .float(a.totalMicros / b.totalMicros)
            case .floorDivide:
                guard b.totalMicros != 0 else {
                    throw ScriptError(.zeroDivisionError, "integer division or modulo by zero")
                }
                return .int(Int((a.totalMicros / b.totalMicros).rounded(.down)))
            default: return nil
            }
        }
        let number: Double
        switch other {
        case .int(let i): number = Double(i)
        case .float(let f) where op != .floorDivide: number = f
        case .bool(let b): number = b ? 1 : 0
        default: return nil
        }
        switch op {
        case .multiply: return .object(try PyTimedelta.from(totalMicros: totalMicros * number))
        case .divide where !reflected, .floorDivide where !reflected:
            guard number != 0 else { throw ScriptError(.zeroDivisionError, "division by zero") }
            let q = totalMicros / number
            return .object(try PyTimedelta.from(totalMicros: op == .floorDivide ? q.rounded(.down) : q))
        default: return nil
        }
    }
}

/// `<`, `<=`, `>`, `>=`, `==`, `!=` from whether the left side is less and whether both are equal.
func orderedComparison(_ op: CompareOperator, _ less: Bool, _ equal: Bool) -> Value? {
    switch op {
    case .less: return .bool(less)
    case .lessEqual: return .bool(less || equal)
    case .greater: return .bool(!less && !equal)
    case .greaterEqual: return .bool(!less)
    case .equal: return .bool(equal)
    case .notEqual: return .bool(!equal)
    default: return nil
    }
}

/// A number as decimal digits, zero-padded to `width`.
func pad(_ n: Int, _ width: Int) -> String { String(n).leftPadded(to: width, with: "0") }
