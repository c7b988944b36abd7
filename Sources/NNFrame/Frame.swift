import Foundation
import NNTensor
import NNFloatText

/// The column types of a table, named as pandas names them.
public enum ColumnType: String, Sendable {
    case int64, float64, bool, object, category

    public var isNumeric: Bool { self == .int64 || self == .float64 || self == .bool }
}

/// Errors of the table runtime; `kind` names the Python exception the bindings raise.
public struct FrameError: Error {
    public enum Kind: Sendable { case key, value, type, index, fileNotFound }
    public var kind: Kind
    public var message: String
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// One column: numbers (NaN where missing) for numeric and bool columns, texts for object and
/// category columns.
public struct Column {
    public var name: String
    public var type: ColumnType
    public var numbers: [Double]
    public var texts: [String?]
    /// A category column's categories, in order.
    public var categories: [String] = []

    public init(name: String, numbers: [Double], type: ColumnType) {
        self.name = name
        self.type = type
        self.numbers = numbers
        self.texts = []
    }

    public init(name: String, texts: [String?]) {
        self.name = name
        self.type = .object
        self.numbers = []
        self.texts = texts
    }

    public var count: Int { type.isNumeric ? numbers.count : texts.count }

    public func isMissing(_ i: Int) -> Bool { type.isNumeric ? numbers[i].isNaN : texts[i] == nil }

    /// The rows at `positions`, in that order.
    public func rows(_ positions: [Int]) -> Column {
        var c = self
        if type.isNumeric { c.numbers = positions.map { numbers[$0] } } else { c.texts = positions.map { texts[$0] } }
        return c
    }

    /// A value as text, as a cell of an object column shows it.
    public func text(_ i: Int) -> String? {
        if !type.isNumeric { return texts[i] }
        let x = numbers[i]
        if x.isNaN { return nil }
        switch type {
        case .bool: return x != 0 ? "True" : "False"
        case .int64: return String(Int64(x))
        default: return FrameFormat.shortFloat(x)
        }
    }

    /// `astype`: int64, float64, bool, str (object) or category.
    public func converted(to target: ColumnType) throws -> Column {
        var c = self
        c.type = target
        switch target {
        case .category:
            let values = (0..<count).map { text($0) }
            let present = Set(values.compactMap { $0 })
            if type.isNumeric {
                c.categories = present.sorted { (Double($0) ?? 0) < (Double($1) ?? 0) }
            } else {
                c.categories = present.sorted()
            }
            c.texts = values
            c.numbers = []
        case .object:
            c.texts = (0..<count).map { text($0) }
            c.numbers = []
        case .int64, .float64, .bool:
            if type.isNumeric {
                if target == .int64, numbers.contains(where: { !$0.isFinite }) {
                    throw FrameError(.value, "Cannot convert non-finite values (NA or inf) to integer")
                }
                c.numbers = numbers.map {
                    target == .int64 ? DType.int64.store($0) : target == .bool ? ($0 != 0 ? 1 : 0) : $0
                }
            } else {
                c.numbers = try texts.map { t in
                    guard let t else { return .nan }
                    guard let d = Double(t.trimmingSpaces()) else {
                        throw FrameError(.value, "could not convert string to float: '\(t)'")
                    }
                    return d
                }
            }
            c.texts = []
        }
        return c
    }
}

/// A table: named columns of equal length and the row labels (a RangeIndex, kept through slicing).
public struct DataFrame {
    public var columns: [Column]
    public var index: [Int]
    /// Row names that replace the numeric labels (`describe()`'s count, mean, …).
    public var rowNames: [String]? = nil

    public init(columns: [Column], index: [Int]? = nil) {
        self.columns = columns
        self.index = index ?? Array(0..<(columns.first?.count ?? 0))
    }

    public var rowCount: Int { index.count }
    public var columnNames: [String] { columns.map(\.name) }

    public func column(_ name: String) throws -> Column {
        guard let c = columns.first(where: { $0.name == name }) else { throw FrameError(.key, name) }
        return c
    }

    /// `df[['a', 'b']]`.
    public func selecting(_ names: [String]) throws -> DataFrame {
        let missing = names.filter { n in !columns.contains { $0.name == n } }
        if !missing.isEmpty {
            throw FrameError(
                .key,
                "\"None of [Index([\(missing.map { "'\($0)'" }.joined(separator: ", "))], dtype='object')] are in the [columns]\""
            )
        }
        return DataFrame(columns: try names.map { try column($0) }, index: index)
    }

    /// The rows at `positions`, keeping their labels.
    public func rows(_ positions: [Int]) -> DataFrame {
        var out = DataFrame(columns: columns.map { $0.rows(positions) }, index: positions.map { index[$0] })
        out.rowNames = rowNames.map { names in positions.map { names[$0] } }
        return out
    }

    /// The label each row shows.
    public var labels: [String] { rowNames ?? index.map(String.init) }

    /// Adds or replaces a column.
    public mutating func set(_ column: Column) throws {
        guard column.count == rowCount || columns.isEmpty else {
            throw FrameError(.value, "Length of values (\(column.count)) does not match length of index (\(rowCount))")
        }
        if let i = columns.firstIndex(where: { $0.name == column.name }) {
            columns[i] = column
        } else {
            columns.append(column)
        }
        if index.isEmpty { index = Array(0..<column.count) }
    }

    /// `pd.get_dummies`: object and category columns become one bool column per value.
    public func dummies() -> DataFrame {
        var kept: [Column] = [], encoded: [Column] = []
        for c in columns {
            guard !c.type.isNumeric else { kept.append(c); continue }
            let values = c.type == .category ? c.categories : Array(Set(c.texts.compactMap { $0 })).sorted()
            for v in values {
                encoded.append(Column(name: "\(c.name)_\(v)", numbers: c.texts.map { $0 == v ? 1 : 0 }, type: .bool))
            }
        }
        return DataFrame(columns: kept + encoded, index: index)
    }
}
