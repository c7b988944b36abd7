import NNLang
#if canImport(Glibc)
import Glibc
#endif

/// `datetime`: date, datetime (naive, in local time) and timedelta.
enum DatetimeModule {
    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("datetime")
        m.members["date"] = .object(PyDate.dateType)
        m.members["datetime"] = .object(PyDate.datetimeType)
        m.members["timedelta"] = .object(PyTimedelta.type)
        m.members["MINYEAR"] = .int(1)
        m.members["MAXYEAR"] = .int(9999)
        return m.build()
    }
}

/// A `datetime.date` or (with `hasTime`) a `datetime.datetime`: a day number and the microseconds
/// into that day.
final class PyDate: PyObject {
    let day: Int
    let micros: Int
    let hasTime: Bool
    let year: Int, month: Int, dayOfMonth: Int

    init(day: Int, micros: Int = 0, hasTime: Bool) throws {
        guard (1...Calendar.ordinal(9999, 12, 31)).contains(day) else {
            throw ScriptError(.overflowError, "date value out of range")
        }
        (self.day, self.micros, self.hasTime) = (day, micros, hasTime)
        (year, month, dayOfMonth) = Calendar.date(ordinal: day)
    }

    convenience init(
        _ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0, _ us: Int = 0, hasTime: Bool
    )
        throws
    {
        try Calendar.check(y, m, d)
        try Calendar.check(hour: h, minute: mi, second: s, microsecond: us)
        try self.init(
            day: Calendar.ordinal(y, m, d), micros: ((h * 60 + mi) * 60 + s) * 1_000_000 + us, hasTime: hasTime)
    }

    var hour: Int { micros / 3_600_000_000 }
    var minute: Int { micros / 60_000_000 % 60 }
    var second: Int { micros / 1_000_000 % 60 }
    var microsecond: Int { micros % 1_000_000 }
    var weekday: Int { (day + 6) % 7 }

    /// The local date and time now, or at a POSIX timestamp.
    static func local(_ timestamp: Double, hasTime: Bool) throws -> PyDate {
        var seconds = time_t(timestamp.rounded(.down))
        var parts = tm()
        localtime_r(&seconds, &parts)
        let us = Int(((timestamp - timestamp.rounded(.down)) * 1e6).rounded())
        return try PyDate(
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min),
            Int(parts.tm_sec), hasTime ? min(us, 999_999) : 0, hasTime: hasTime)
    }

    /// Seconds since the epoch of this local time.
    var timestamp: Double {
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(dayOfMonth)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        parts.tm_isdst = -1
        return Double(mktime(&parts)) + Double(microsecond) / 1e6
    }

    func isoformat(_ sep: String = "T") -> String {
        let date = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(dayOfMonth, 2)
        guard hasTime else { return date }
        let time = pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        return date + sep + time + (microsecond == 0 ? "" : "." + pad(microsecond, 6))
    }

    static let dateType: PyType = makeType(hasTime: false)
    static let datetimeType: PyType = makeType(hasTime: true)

    static func makeType(hasTime: Bool) -> PyType {
        let name = hasTime ? "datetime" : "date"
        var m = Members(name)
        func date(_ v: Value) throws -> PyDate { try v.receiver(PyDate.self, "datetime.\(name)") }
        var fields: [(String, String, (PyDate) -> Int)] = [
            ("year", "The year.", \.year), ("month", "The month, 1 to 12.", \.month),
            ("day", "The day of the month.", \.dayOfMonth),
        ]
        if hasTime {
            fields += [
                ("hour", "The hour, 0 to 23.", \.hour), ("minute", "The minute.", \.minute),
                ("second", "The second.", \.second), ("microsecond", "The microsecond.", \.microsecond),
            ]
        }
        for (field, doc, get) in fields { m.property(field, doc) { v, _ in .int(get(try date(v))) } }
        m.method("weekday()  The day of the week: Monday 0 to Sunday 6.") { v, _, _ in .int(try date(v).weekday) }
        m.method("isoweekday()  The day of the week: Monday 1 to Sunday 7.") { v, _, _ in .int(try date(v).weekday + 1)
        }
        m.method("toordinal()  The day's number, 0001-01-01 being day 1.") { v, _, _ in .int(try date(v).day) }
        m.method("strftime(format)  The date formatted by % codes (%Y-%m-%d %H:%M:%S …).") { v, a, _ in
            .string(DateFormat.format(try date(v), try a.string("format")))
        }
        m.method(
            "isoformat(\(hasTime ? "sep='T'" : ""))  The date in ISO 8601 form (2024-05-17\(hasTime ? "T10:30:00" : ""))."
        ) {
            v, a, _ in .string(try date(v).isoformat(hasTime ? try a.string("sep") : "T"))
        }
        let replaceParameters = fields.map { "\($0.0)=None" }.joined(separator: ", ")
        m.method("replace(\(replaceParameters))  A copy with the given fields changed.") { v, a, _ in
            let d = try date(v)
            let values = try fields.map { try a.optionalInt($0.0) ?? $0.2(d) }
            return .object(try build(values, hasTime: hasTime))
        }
        if hasTime {
            m.method("date()  The date part.") { v, _, _ in .object(try PyDate(day: try date(v).day, hasTime: false)) }
            m.method("timestamp()  Seconds since the epoch (the datetime read as local time).") { v, _, _ in
                .float(try date(v).timestamp)
            }
        }
        let signature = Signature(
            "\(name)(\(fields.enumerated().map { $0.offset < 3 ? $0.element.0 : "\($0.element.0)=0" }.joined(separator: ", ")))  A \(hasTime ? "date and time" : "calendar date").",
            errorName: name)
        let t = PyType(name, base: hasTime ? dateType : .object, members: m.table, signature: signature) { a, _ in
            .object(try build(try fields.map { try a.int($0.0) }, hasTime: hasTime))
        }
        t.moduleName = "datetime"
        func classMethod(_ method: String, _ body: @escaping (Arguments, Interpreter) throws -> Value) {
            t.classValues[method] = .object(PyBuiltinFunction(method) { args, interp in try body(args, interp) })
        }
        let now: (Arguments, Interpreter) throws -> Value = { args, _ in
            guard args.count == 0, args.keywords.allSatisfy({ $0.name == "tz" && $0.value.isNone }) else {
                throw ScriptError(
                    .notImplementedError, "nn's datetime has no time zones: call \(name).now() without tz")
            }
            return .object(try local(TimeModule.now(CLOCK_REALTIME), hasTime: hasTime))
        }
        classMethod("today", now)
        if hasTime { classMethod("now", now) }
        classMethod("fromtimestamp") { args, _ in
            guard args.count == 1, let t = args.positional.first else {
                throw ScriptError(.typeError, "fromtimestamp() takes exactly 1 argument (\(args.count) given)")
            }
            return .object(try local(try Conversions.double(t), hasTime: hasTime))
        }
        classMethod("fromordinal") { args, _ in
            guard args.count == 1 else { throw ScriptError(.typeError, "fromordinal() takes exactly 1 argument") }
            return .object(try PyDate(day: try Conversions.int(args.positional[0]), hasTime: hasTime))
        }
        classMethod("fromisoformat") { args, _ in
            guard args.count == 1, let s = args.positional[0].stringValue else {
                throw ScriptError(.typeError, "fromisoformat: argument must be str")
            }
            return .object(try DateFormat.parseISO(s, hasTime: hasTime))
        }
        if hasTime {
            classMethod("strptime") { args, _ in
                guard args.count == 2, let s = args.positional[0].stringValue, let f = args.positional[1].stringValue
                else { throw ScriptError(.typeError, "strptime() argument 1 must be str") }
                return .object(try DateFormat.parse(s, f))
            }
        }
        return t
    }

    static func build(_ v: [Int], hasTime: Bool) throws -> PyDate {
        hasTime
            ? try PyDate(v[0], v[1], v[2], v[3], v[4], v[5], v[6], hasTime: true)
            : try PyDate(v[0], v[1], v[2], hasTime: false)
    }

    override var type: PyType { hasTime ? PyDate.datetimeType : PyDate.dateType }
    override func str(_ interp: Interpreter) throws -> String { isoformat(" ") }
    override func repr(_ interp: Interpreter) throws -> String {
        var parts = [year, month, dayOfMonth]
        if hasTime {
            parts += [hour, minute]
            if second != 0 || microsecond != 0 { parts.append(second) }
            if microsecond != 0 { parts.append(microsecond) }
        }
        return "datetime.\(hasTime ? "datetime" : "date")(\(parts.map(String.init).joined(separator: ", ")))"
    }

    override func isEqual(_ other: Value) -> Bool {
        guard case .object(let o as PyDate) = other, o.hasTime == hasTime else { return false }
        return o.day == day && o.micros == micros
    }
    override func hashValue(into hasher: inout Hasher) {
        hasher.combine(day)
        hasher.combine(micros)
    }

    override func compare(_ op: CompareOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        guard case .object(let o as PyDate) = other else { return nil }
        guard o.hasTime == hasTime else {
            if op == .equal || op == .notEqual { return .bool(op == .notEqual) }
            throw ScriptError(.typeError, "can't compare \(type.name) to \(o.type.name)")
        }
        return orderedComparison(op, (day, micros) < (o.day, o.micros), isEqual(other))
    }

    override func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    {
        switch (op, other) {
        case (.add, .object(let d as PyTimedelta)),
            (.subtract, .object(let d as PyTimedelta)) where op == .add || !reflected:
            let sign = op == .add ? 1 : -1
            let micros = hasTime ? self.micros + sign * d.micros : 0
            let shifted = try PyTimedelta(days: day + sign * d.days, micros: micros)
            return .object(try PyDate(day: shifted.days, micros: shifted.micros, hasTime: hasTime))
        case (.subtract, .object(let o as PyDate)) where o.hasTime == hasTime:
            let (a, b) = reflected ? (o, self) : (self, o)
            return .object(try PyTimedelta(days: a.day - b.day, micros: a.micros - b.micros))
        default: return nil
        }
    }
}
