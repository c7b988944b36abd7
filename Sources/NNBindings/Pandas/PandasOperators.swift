import Foundation
import NNFrame
import NNLang
import NNTensor

/// Conversions between script values and table columns.
enum PandasConvert {
    /// A column from a Series, a list, an array or a scalar repeated `count` times.
    static func column(_ v: Value, count: Int, _ interp: Interpreter) throws -> Column {
        switch v {
        case .object(let s as PySeries): return s.column
        case .object(let a as PyArray):
            return Column(name: "", numbers: a.array.elements, type: type(of: a.array.dtype))
        case .list, .tuple:
            let items = try interp.collect(v)
            if items.allSatisfy({
                if case .str = $0 { return true }; return false
            }) {
                return Column(
                    name: "",
                    texts: items.map {
                        if case .str(let s) = $0 { return s.value }; return nil
                    })
            }
            let a = try NumpyConvert.array(v)
            return Column(name: "", numbers: a.elements, type: type(of: a.dtype))
        case .str(let s): return Column(name: "", texts: [String?](repeating: s.value, count: count))
        default:
            guard let t = NumpyConvert.scalarType(v) else {
                throw ScriptError(.typeError, "nn cannot make a column of '\(v.typeName)'")
            }
            return Column(
                name: "", numbers: [Double](repeating: try Conversions.double(v), count: count), type: type(of: t))
        }
    }

    static func type(of dtype: DType) -> ColumnType {
        switch dtype {
        case .float64, .float32: return .float64
        case .int64, .int32, .uint8: return .int64
        case .bool: return .bool
        }
    }

    static func dtype(of type: ColumnType) -> DType? {
        switch type {
        case .float64: return .float64
        case .int64: return .int64
        case .bool: return .bool
        case .object, .category: return nil
        }
    }

    /// The numbers of a frame as a (rows, columns) array, as `.values` and `fit` see them.
    static func array(_ frame: DataFrame) throws -> NDArray {
        guard let bad = frame.columns.first(where: { !$0.type.isNumeric }) else {
            let type =
                frame.columns.reduce(nil as DType?) { acc, c in
                    let t = dtype(of: c.type)!
                    return acc.map { DType.promote($0, t) } ?? t
                } ?? .float64
            var values = [Double]()
            values.reserveCapacity(frame.rowCount * frame.columns.count)
            for r in 0..<frame.rowCount { for c in frame.columns { values.append(c.numbers[r]) } }
            return NDArray(values, shape: [frame.rowCount, frame.columns.count], dtype: type)
        }
        throw ScriptError(
            .valueError,
            "could not convert string to float: column '\(bad.name)' holds text; encode it first, for example with pd.get_dummies"
        )
    }
}

/// Arithmetic and comparisons on Series, element by element, with pandas' result types.
enum PandasOperators {
    static func operands(_ s: PySeries, _ other: Value, _ interp: Interpreter) throws -> (Column, Column)? {
        guard s.column.type.isNumeric else { return nil }
        switch other {
        case .object(let o as PySeries):
            guard o.column.type.isNumeric else { return nil }
            guard o.column.count == s.column.count else {
                throw ScriptError(.valueError, "Can only compare identically-labeled Series objects")
            }
            return (s.column, o.column)
        case .int, .float, .bool, .object(is PyNumpyScalar):
            return (s.column, try PandasConvert.column(other, count: s.column.count, interp))
        default: return nil
        }
    }

    static func binary(
        _ op: BinaryOperator, _ s: PySeries, _ other: Value, reflected: Bool, _ interp: Interpreter
    ) throws -> Value? {
        guard let (mine, theirs) = try operands(s, other, interp) else { return nil }
        let (a, b) = reflected ? (theirs, mine) : (mine, theirs)
        let integer = a.type != .float64 && b.type != .float64
        let f: (Double, Double) -> Double
        switch op {
        case .add: f = (+)
        case .subtract: f = (-)
        case .multiply: f = (*)
        case .divide: f = (/)
        case .floorDivide: f = { ($0 / $1).rounded(.down) }
        case .modulo:
            f = { x, y in
                let r = fmod(x, y); return r != 0 && (r < 0) != (y < 0) ? r + y : r
            }
        case .power: f = { pow($0, $1) }
        default: return nil
        }
        let type: ColumnType = op == .divide || !integer ? .float64 : .int64
        // Integer results saturate as int64 does in nn's arrays, so printing never meets an out-of-range value.
        let values = zip(a.numbers, b.numbers).map(f)
        var c = Column(
            name: s.column.name, numbers: type == .int64 ? values.map(DType.int64.store) : values, type: type)
        if case .object(let o as PySeries) = other, o.column.name != s.column.name { c.name = "" }
        return .object(PySeries(c, labels: s.labels, s.state))
    }

    static func compare(_ op: CompareOperator, _ s: PySeries, _ other: Value, _ interp: Interpreter) throws -> Value? {
        let f: (Double, Double) -> Bool
        switch op {
        case .less: f = (<)
        case .lessEqual: f = (<=)
        case .greater: f = (>)
        case .greaterEqual: f = (>=)
        case .equal: f = (==)
        case .notEqual: f = (!=)
        default: return nil
        }
        if !s.column.type.isNumeric, case .str(let text) = other, op == .equal || op == .notEqual {
            let flags = s.column.texts.map { ($0 == text.value) == (op == .equal) ? 1.0 : 0 }
            return .object(
                PySeries(Column(name: s.column.name, numbers: flags, type: .bool), labels: s.labels, s.state))
        }
        guard let (a, b) = try operands(s, other, interp) else { return nil }
        let flags = zip(a.numbers, b.numbers).map { f($0, $1) ? 1.0 : 0 }
        return .object(PySeries(Column(name: s.column.name, numbers: flags, type: .bool), labels: s.labels, s.state))
    }
}
