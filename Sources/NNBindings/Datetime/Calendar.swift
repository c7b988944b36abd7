import NNLang

/// The proleptic Gregorian calendar as Python's datetime counts it: day 1 is 0001-01-01.
enum Calendar {
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    static func isLeap(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        month == 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].contains(month) ? 30 : 31
    }

    static func daysBefore(year y: Int) -> Int {
        let p = y - 1
        return p * 365 + p / 4 - p / 100 + p / 400
    }

    static func daysBefore(month: Int, year: Int) -> Int {
        (1..<month).reduce(0) { $0 + daysIn(month: $1, year: year) }
    }

    static func ordinal(_ y: Int, _ m: Int, _ d: Int) -> Int { daysBefore(year: y) + daysBefore(month: m, year: y) + d }

    /// (year, month, day) of a day number.
    static func date(ordinal n: Int) -> (Int, Int, Int) {
        var y = max(1, n / 366)
        while daysBefore(year: y + 1) < n { y += 1 }
        while daysBefore(year: y) >= n { y -= 1 }
        var rest = n - daysBefore(year: y), m = 1
        while rest > daysIn(month: m, year: y) {
            rest -= daysIn(month: m, year: y)
            m += 1
        }
        return (y, m, rest)
    }

    /// ValueError unless the fields name a real day (and time), with Python's messages.
    static func check(_ y: Int, _ m: Int, _ d: Int) throws {
        guard (1...9999).contains(y) else { throw ScriptError(.valueError, "year \(y) is out of range") }
        guard (1...12).contains(m) else { throw ScriptError(.valueError, "month must be in 1..12") }
        guard (1...daysIn(month: m, year: y)).contains(d) else {
            throw ScriptError(.valueError, "day is out of range for month")
        }
    }

    static func check(hour: Int, minute: Int, second: Int, microsecond: Int) throws {
        guard (0...23).contains(hour) else { throw ScriptError(.valueError, "hour must be in 0..23") }
        guard (0...59).contains(minute) else { throw ScriptError(.valueError, "minute must be in 0..59") }
        guard (0...59).contains(second) else { throw ScriptError(.valueError, "second must be in 0..59") }
        guard (0...999_999).contains(microsecond) else {
            throw ScriptError(.valueError, "microsecond must be in 0..999999")
        }
    }
}
