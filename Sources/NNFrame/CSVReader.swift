import Foundation
import NNTensor
import NNFloatText

/// `pd.read_csv`'s parser: quoted fields, a BOM, a missing final newline, and pandas' type inference
/// (int64, then float64 with empty fields as NaN, then bool, else object; spaces around numbers
/// are allowed, as pandas' C parser allows them).
public enum CSVReader {
    public struct Options {
        public var separator: Character = ","
        /// The header row, or nil for none.
        public var header: Int? = 0
        public var names: [String]? = nil
        public var indexColumn: Int? = nil
        public var useColumns: [String]? = nil
        public init() {}
    }

    public static func read(text: String, options: Options = Options()) throws -> DataFrame {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        var rows = try records(body, separator: options.separator)
        while let last = rows.last, last.count == 1, last[0].isEmpty { rows.removeLast() }
        rows.removeAll { $0.count == 1 && $0[0].isEmpty }
        var names: [String]
        if let header = options.header {
            guard rows.count > header else { throw FrameError(.value, "No columns to parse from file") }
            names = rows[header]
            rows.removeSubrange(0...header)
        } else {
            names = (0..<(rows.first?.count ?? 0)).map(String.init)
        }
        if let given = options.names { names = given }
        for (i, row) in rows.enumerated() where row.count > names.count {
            let line = i + 1 + (options.header.map { $0 + 1 } ?? 0)
            throw FrameError(
                .value,
                "Error tokenizing data. C error: Expected \(names.count) fields in line \(line), saw \(row.count)")
        }
        var columns: [Column] = []
        for (c, name) in names.enumerated() {
            columns.append(infer(name: name, values: rows.map { c < $0.count ? $0[c] : "" }))
        }
        var frame = DataFrame(columns: columns)
        if let use = options.useColumns { frame = try frame.selecting(use) }
        if let i = options.indexColumn, i < frame.columns.count {
            let labels = frame.columns.remove(at: i)
            frame.index = labels.type == .int64 ? labels.numbers.map { Int($0) } : frame.index
        }
        return frame
    }

    /// Splits text into records of fields, honouring double quotes (with "" as a quote inside).
    static func records(_ text: Substring, separator: Character) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false, wasQuoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let ch = next() {
            if quoted {
                if ch == "\"" {
                    if let after = next() {
                        if after == "\"" { field.append("\"") } else { quoted = false; pending = after }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(ch)
                }
                continue
            }
            switch ch {
            case "\"" where field.trimmingSpaces().isEmpty:
                quoted = true
                wasQuoted = true
                field = ""
            case separator:
                row.append(field)
                field = ""
                wasQuoted = false
            case "\n", "\r\n", "\r":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                wasQuoted = false
            default:
                field.append(ch)
            }
        }
        if quoted {
            throw FrameError(.value, "Error tokenizing data. C error: EOF inside string starting at row \(rows.count)")
        }
        if !field.isEmpty || !row.isEmpty || wasQuoted {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    /// pandas' inference for one column: int64 when every value is an integer, float64 when every
    /// value present is a number, bool for True/False, text otherwise.
    static func infer(name: String, values: [String]) -> Column {
        let trimmed = values.map { $0.trimmingSpaces() }
        let missing = trimmed.map(isMissing)
        guard missing.contains(false) else {
            return Column(name: name, numbers: [Double](repeating: .nan, count: values.count), type: .float64)
        }
        if !missing.contains(true) {
            var integers: [Double] = []
            integers.reserveCapacity(trimmed.count)
            for t in trimmed {
                guard let i = Int64(t) else { break }
                integers.append(DType.int64.store(Double(i)))
            }
            if integers.count == trimmed.count { return Column(name: name, numbers: integers, type: .int64) }
        }
        var numbers: [Double] = []
        numbers.reserveCapacity(trimmed.count)
        for (t, m) in zip(trimmed, missing) {
            guard !m else { numbers.append(.nan); continue }
            guard !t.hasPrefix("0x"), !t.hasPrefix("0X"), let d = Double(t) else { numbers = []; break }
            numbers.append(d)
        }
        if numbers.count == trimmed.count { return Column(name: name, numbers: numbers, type: .float64) }
        if !missing.contains(true), trimmed.allSatisfy({ booleans[$0] != nil }) {
            return Column(name: name, numbers: trimmed.map { booleans[$0]! ? 1 : 0 }, type: .bool)
        }
        return Column(name: name, texts: zip(values, missing).map { v, m in m ? nil : v })
    }

    static let booleans = ["True": true, "False": false, "TRUE": true, "FALSE": false, "true": true, "false": false]

    /// Whether a (trimmed) field is missing: empty or one of pandas' markers.
    static func isMissing(_ text: String) -> Bool {
        text.isEmpty || (text.utf8.count <= 4 && missingMarkers.contains(text))
    }

    /// The texts pandas reads as missing values.
    static let missingMarkers: Set<String> = [
        "NA", "N/A", "NaN", "nan", "NULL", "null", "n/a", "-NaN", "-nan", "<NA>", "None", "#N/A",
    ]
}
