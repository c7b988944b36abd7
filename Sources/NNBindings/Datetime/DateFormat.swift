import NNLang

/// strftime's and strptime's % codes (the C library's in the POSIX locale), and ISO 8601 text.
enum DateFormat {
    static func format(_ d: PyDate, _ format: String) -> String {
        var out = ""
        var chars = format.makeIterator()
        while let c = chars.next() {
            guard c == "%", let code = chars.next() else {
                out.append(c)
                continue
            }
            switch code {
            case "Y": out += String(d.year)
            case "y": out += pad(d.year % 100, 2)
            case "m": out += pad(d.month, 2)
            case "d": out += pad(d.dayOfMonth, 2)
            case "e": out += (d.dayOfMonth < 10 ? " " : "") + String(d.dayOfMonth)
            case "H": out += pad(d.hour, 2)
            case "I": out += pad((d.hour + 11) % 12 + 1, 2)
            case "M": out += pad(d.minute, 2)
            case "S": out += pad(d.second, 2)
            case "f": out += pad(d.microsecond, 6)
            case "p": out += d.hour < 12 ? "AM" : "PM"
            case "b", "h": out += String(Calendar.monthNames[d.month - 1].prefix(3))
            case "B": out += Calendar.monthNames[d.month - 1]
            case "a": out += String(Calendar.dayNames[d.weekday].prefix(3))
            case "A": out += Calendar.dayNames[d.weekday]
            case "w": out += String((d.weekday + 1) % 7)
            case "u": out += String(d.weekday + 1)
            case "j": out += pad(d.day - Calendar.ordinal(d.year, 1, 1) + 1, 3)
            case "D": out += DateFormat.format(d, "%m/%d/%y")
            case "F": out += DateFormat.format(d, "%Y-%m-%d")
            case "T": out += DateFormat.format(d, "%H:%M:%S")
            case "R": out += DateFormat.format(d, "%H:%M")
            case "c": out += DateFormat.format(d, "%a %b %e %H:%M:%S %Y")
            case "x": out += DateFormat.format(d, "%m/%d/%y")
            case "X": out += DateFormat.format(d, "%H:%M:%S")
            case "z", "Z": break
            case "%": out += "%"
            default: out += "%" + String(code)
            }
        }
        return out
    }

    /// `datetime.strptime(text, format)`.
    static func parse(_ text: String, _ format: String) throws -> PyDate {
        let t = Array(text), f = Array(format)
        var i = 0, j = 0
        var year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, micro = 0
        var pm: Bool?
        let mismatch = ScriptError(
            .valueError, "time data \(StringRepr.quote(text)) does not match format \(StringRepr.quote(format))")
        /// Up to maxDigits digits; fewer when more would pass `limit` (strptime's patterns: `%m` reads
        /// one digit of `99`).
        func number(_ maxDigits: Int, limit: Int = .max) throws -> Int {
            var k = i
            while k < t.count, k - i < maxDigits, t[k].isASCII, t[k].isNumber { k += 1 }
            while k > i + 1, let n = Int(String(t[i..<k])), n > limit { k -= 1 }
            guard k > i, let n = Int(String(t[i..<k])) else { throw mismatch }
            defer { i = k }
            return n
        }
        func name(_ names: [String]) throws -> Int {
            for (index, full) in names.enumerated() {
                for candidate in [full, String(full.prefix(3))] {
                    let c = Array(candidate)
                    if i + c.count <= t.count, String(t[i..<i + c.count]).lowercased() == candidate.lowercased() {
                        i += c.count
                        return index
                    }
                }
            }
            throw mismatch
        }
        while j < f.count {
            if f[j] == "%", j + 1 < f.count {
                let code = f[j + 1]
                j += 2
                switch code {
                case "Y": year = try number(4)
                case "y":
                    let y = try number(2)
                    year = y < 69 ? 2000 + y : 1900 + y
                case "m": month = try number(2, limit: 12)
                case "d": day = try number(2, limit: 31)
                case "H": hour = try number(2, limit: 23)
                case "I": hour = try number(2, limit: 12)
                case "M": minute = try number(2, limit: 59)
                case "S": second = try number(2, limit: 61)
                case "f":
                    let start = i
                    let digits = try number(6)
                    micro = digits * [1, 100_000, 10_000, 1000, 100, 10, 1][i - start]
                case "p":
                    guard i + 2 <= t.count else { throw mismatch }
                    let s = String(t[i..<i + 2]).uppercased()
                    guard s == "AM" || s == "PM" else { throw mismatch }
                    pm = s == "PM"
                    i += 2
                case "b", "B", "h": month = try name(Calendar.monthNames) + 1
                case "a", "A": _ = try name(Calendar.dayNames)
                case "%":
                    guard i < t.count, t[i] == "%" else { throw mismatch }
                    i += 1
                default:
                    throw ScriptError(.valueError, "'\(code)' is a bad directive in format '\(format)'")
                }
            } else if f[j].isWhitespace {
                while i < t.count, t[i].isWhitespace { i += 1 }
                j += 1
            } else {
                guard i < t.count, t[i] == f[j] else { throw mismatch }
                i += 1
                j += 1
            }
        }
        if i < t.count { throw ScriptError(.valueError, "unconverted data remains: \(String(t[i...]))") }
        if let pm { hour = hour % 12 + (pm ? 12 : 0) }
        return try PyDate(year, month, day, hour, minute, second, micro, hasTime: true)
    }

    /// `fromisoformat`: YYYY-MM-DD, then for a datetime optionally [T or space]HH[:MM[:SS[.ffffff]]].
    static func parseISO(_ text: String, hasTime: Bool) throws -> PyDate {
        let invalid = ScriptError(.valueError, "Invalid isoformat string: \(StringRepr.quote(text))")
        let t = Array(text)
        func field(_ range: Range<Int>) throws -> Int {
            guard range.upperBound <= t.count, let n = Int(String(t[range])), t[range].allSatisfy(\.isNumber) else {
                throw invalid
            }
            return n
        }
        guard t.count >= 10, t[4] == "-", t[7] == "-" else { throw invalid }
        let (y, m, d) = (try field(0..<4), try field(5..<7), try field(8..<10))
        guard hasTime else {
            guard t.count == 10 else { throw invalid }
            return try PyDate(y, m, d, hasTime: false)
        }
        var values = [0, 0, 0]
        var micro = 0
        if t.count > 10 {
            guard t[10] == "T" || t[10] == " " else { throw invalid }
            var i = 11
            for k in 0..<3 where i < t.count {
                if k > 0 {
                    guard t[i] == ":" else { throw invalid }
                    i += 1
                }
                values[k] = try field(i..<i + 2)
                i += 2
            }
            if i < t.count {
                guard t[i] == "." || t[i] == ",", t.count - i - 1 == 3 || t.count - i - 1 == 6 else { throw invalid }
                let digits = try field((i + 1)..<t.count)
                micro = t.count - i - 1 == 3 ? digits * 1000 : digits
            }
        }
        return try PyDate(y, m, d, values[0], values[1], values[2], micro, hasTime: true)
    }
}
