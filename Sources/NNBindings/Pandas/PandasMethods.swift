import Foundation
import NNFrame
import NNLang
import NNTensor

/// The attributes and methods of DataFrame and Series.
enum PandasMethods {
    static func method(_ name: String, _ body: @escaping (Arguments, Interpreter) throws -> Value) -> Value {
        .object(PyBuiltinFunction(name) { args, interp in try body(args, interp) })
    }

    static func count(_ args: Arguments, _ name: String) throws -> Int {
        let b = try args.bind(name, ["n"])
        return try b[0].map { try Conversions.int($0) } ?? 5
    }

    /// Positions of the first or last `n` rows.
    static func headPositions(_ total: Int, _ n: Int, tail: Bool) -> [Int] {
        let k = n >= 0 ? min(n, total) : max(0, total + n)
        return tail ? Array((total - k)..<total) : Array(0..<k)
    }

    static func dtypeName(_ c: Column) -> String { c.type.rawValue }

    /// A Series of one value per column (`mean()`, `sum()`, `isna().sum()`, `dtypes`).
    static func perColumn(_ frame: PyDataFrame, _ name: String, _ columns: [Column], type: ColumnType, _ f: (Column) -> Double) -> PySeries {
        PySeries(Column(name: name, numbers: columns.map(f), type: type), labels: columns.map { .string($0.name) }, frame.state)
    }

    static func frameAttribute(_ df: PyDataFrame, _ name: String, _ interp: Interpreter) throws -> Value? {
        let frame = df.frame, state = df.state
        switch name {
        case "shape": return .tuple(PyTuple([.int(frame.rowCount), .int(frame.columns.count)]))
        case "columns": return .object(PyIndex(frame.columnNames))
        case "dtypes":
            return .object(PySeries(Column(name: "", texts: frame.columns.map { dtypeName($0) }), labels: frame.columnNames.map { .string($0) }, state))
        case "values": return .object(PyArray(try PandasConvert.array(frame), state.numpy))
        case "size": return .int(frame.rowCount * frame.columns.count)
        case "empty": return .bool(frame.rowCount == 0 || frame.columns.isEmpty)
        case "iloc": return .object(PyIndexer(df, byLabel: false))
        case "loc": return .object(PyIndexer(df, byLabel: true))
        case "index": return .list(PyList(frame.index.map { .int($0) }))
        case "to_numpy": return method(name) { _, _ in .object(PyArray(try PandasConvert.array(frame), state.numpy)) }
        case "head", "tail":
            return method(name) { args, _ in .object(PyDataFrame(frame.rows(headPositions(frame.rowCount, try count(args, name), tail: name == "tail")), state)) }
        case "copy": return method(name) { _, _ in .object(PyDataFrame(frame, state)) }
        case "describe":
            return method(name) { _, _ in
                let numeric = frame.columns.filter { $0.type == .int64 || $0.type == .float64 }
                let columns = numeric.map { Column(name: $0.name, numbers: Statistics.describe($0), type: .float64) }
                var table = DataFrame(columns: columns, index: Array(0..<Statistics.describeRows.count))
                table.rowNames = Statistics.describeRows
                return .object(PyDataFrame(table, state))
            }
        case "mean", "sum", "max", "min", "std":
            return method(name) { _, _ in
                let numeric = frame.columns.filter { $0.type.isNumeric }
                let type: ColumnType = name == "sum" && numeric.allSatisfy({ $0.type != .float64 }) ? .int64 : (name == "max" || name == "min") && numeric.allSatisfy({ $0.type == .int64 }) ? .int64 : .float64
                return .object(perColumn(df, "", numeric, type: type) { c in
                    switch name {
                    case "mean": return Statistics.mean(c)
                    case "sum": return Statistics.sum(c)
                    case "max": return Statistics.present(c).max() ?? .nan
                    case "min": return Statistics.present(c).min() ?? .nan
                    default: return Statistics.std(c)
                    }
                })
            }
        case "isna", "isnull":
            return method(name) { _, _ in
                .object(PyDataFrame(DataFrame(columns: frame.columns.map { c in
                    Column(name: c.name, numbers: (0..<c.count).map { c.isMissing($0) ? 1 : 0 }, type: .bool)
                }, index: frame.index), state))
            }
        case "drop":
            return method(name) { args, interp in
                let b = try args.bind("drop", ["labels", "axis", "index", "columns"])
                guard let v = b[3] ?? b[0] else { throw ScriptError(.typeError, "Need to specify at least one of 'labels', 'index' or 'columns'") }
                let names = try { () throws -> [String] in
                    if case .str(let s) = v { return [s.value] }
                    return try interp.collect(v).map { try Conversions.string($0, "column names must be str") }
                }()
                for n in names where !frame.columnNames.contains(n) {
                    throw ScriptError(.keyError, value: .string("['\(n)'] not found in axis"))
                }
                return .object(PyDataFrame(DataFrame(columns: frame.columns.filter { !names.contains($0.name) }, index: frame.index), state))
            }
        case "fillna":
            return method(name) { args, interp in
                let b = try args.bind("fillna", ["value"], required: 1)
                let x = try Conversions.double(b[0]!)
                return .object(PyDataFrame(DataFrame(columns: frame.columns.map { c in
                    var c = c
                    if c.type == .float64 { c.numbers = c.numbers.map { $0.isNaN ? x : $0 } }
                    return c
                }, index: frame.index), state))
            }
        case "astype":
            return method(name) { args, _ in
                let b = try args.bind("astype", ["dtype"], required: 1)
                let type = try columnType(b[0]!)
                return .object(PyDataFrame(DataFrame(columns: try frameCall { try frame.columns.map { try $0.converted(to: type) } }, index: frame.index), state))
            }
        default:
            if let c = frame.columns.first(where: { $0.name == name }) { return .object(df.series(c)) }
            return nil
        }
    }

    static func columnType(_ v: Value) throws -> ColumnType {
        if case .str(let s) = v {
            switch s.value {
            case "category": return .category
            case "str", "object", "string": return .object
            default: break
            }
        }
        if case .object(let t as PyType) = v, t.name == "str" { return .object }
        switch try NumpyConvert.dtype(v) {
        case .float64, .float32: return .float64
        case .int64: return .int64
        case .bool: return .bool
        }
    }

    static func seriesAttribute(_ s: PySeries, _ name: String, _ interp: Interpreter) throws -> Value? {
        let c = s.column, state = s.state
        switch name {
        case "name": return s.name.map { .string($0) } ?? .none
        case "shape": return .tuple(PyTuple([.int(c.count)]))
        case "dtype": return c.type.isNumeric ? .object(PyDType(PandasConvert.dtype(of: c.type)!)) : .string(c.type.rawValue)
        case "values", "to_numpy":
            let array: Value = c.type.isNumeric
                ? .object(PyArray(NDArray(c.numbers, shape: [c.count], dtype: PandasConvert.dtype(of: c.type)!), state.numpy))
                : .list(PyList(c.texts.map { $0.map { .string($0) } ?? .none }))
            return name == "values" ? array : method(name) { _, _ in array }
        case "tolist": return method(name) { _, _ in .list(PyList((0..<c.count).map { i in
            c.type == .int64 ? .int(Int(c.numbers[i])) : c.type == .float64 ? .float(c.numbers[i]) : c.type == .bool ? .bool(c.numbers[i] != 0) : (c.texts[i].map { .string($0) } ?? .none)
        })) }
        case "head", "tail":
            return method(name) { args, _ in
                let positions = headPositions(c.count, try count(args, name), tail: name == "tail")
                return .object(PySeries(c.rows(positions), labels: positions.map { s.labels[$0] }, state))
            }
        case "mean", "sum", "max", "min", "std":
            return method(name) { _, _ in
                guard c.type.isNumeric else { throw ScriptError(.typeError, "nn computes \(name) of numeric columns only") }
                switch name {
                case "mean": return .object(PyNumpyScalar(Statistics.mean(c), .float64, state.numpy))
                case "std": return .object(PyNumpyScalar(Statistics.std(c), .float64, state.numpy))
                case "sum": return .object(PyNumpyScalar(Statistics.sum(c), c.type == .float64 ? .float64 : .int64, state.numpy))
                default:
                    let v = Statistics.present(c)
                    return .object(PyNumpyScalar((name == "max" ? v.max() : v.min()) ?? .nan, c.type == .bool ? .bool : PandasConvert.dtype(of: c.type)!, state.numpy))
                }
            }
        case "describe":
            return method(name) { _, _ in
                .object(PySeries(Column(name: c.name, numbers: Statistics.describe(c), type: .float64), labels: Statistics.describeRows.map { .string($0) }, state))
            }
        case "unique":
            return method(name) { _, _ in
                var seen = Set<String>(), positions: [Int] = []
                for i in 0..<c.count where seen.insert(c.text(i) ?? "NaN").inserted { positions.append(i) }
                let u = c.rows(positions)
                if c.type.isNumeric { return .object(PyArray(NDArray(u.numbers, shape: [u.count], dtype: PandasConvert.dtype(of: c.type)!), state.numpy)) }
                return .list(PyList(u.texts.map { $0.map { .string($0) } ?? .none }))
            }
        case "value_counts":
            return method(name) { _, _ in
                var order: [String] = [], counts: [String: Int] = [:]
                for i in 0..<c.count { if let t = c.text(i) { if counts[t] == nil { order.append(t) }; counts[t, default: 0] += 1 } }
                let sorted = order.enumerated().sorted { a, b in
                    counts[a.element]! != counts[b.element]! ? counts[a.element]! > counts[b.element]! : a.offset < b.offset
                }.map(\.element)
                return .object(PySeries(Column(name: "count", numbers: sorted.map { Double(counts[$0]!) }, type: .int64),
                                        labels: sorted.map { .string($0) }, indexName: c.name, state))
            }
        case "isna", "isnull":
            return method(name) { _, _ in
                .object(PySeries(Column(name: c.name, numbers: (0..<c.count).map { c.isMissing($0) ? 1 : 0 }, type: .bool), labels: s.labels, state))
            }
        case "fillna":
            return method(name) { args, _ in
                let b = try args.bind("fillna", ["value"], required: 1)
                var filled = c
                if c.type.isNumeric {
                    let x = try Conversions.double(b[0]!)
                    filled.numbers = c.numbers.map { $0.isNaN ? x : $0 }
                } else if case .str(let t) = b[0]! {
                    filled.texts = c.texts.map { $0 ?? t.value }
                }
                return .object(PySeries(filled, labels: s.labels, state))
            }
        case "astype":
            return method(name) { args, _ in
                let b = try args.bind("astype", ["dtype"], required: 1)
                return .object(PySeries(try frameCall { try c.converted(to: try columnType(b[0]!)) }, labels: s.labels, state))
            }
        default: return nil
        }
    }
}

/// `df.iloc[...]` and `df.loc[...]`.
final class PyIndexer: PyObject {
    let df: PyDataFrame
    let byLabel: Bool
    init(_ df: PyDataFrame, byLabel: Bool) {
        self.df = df
        self.byLabel = byLabel
    }

    func positions(_ key: Value, _ interp: Interpreter) throws -> (rows: [Int], single: Bool) {
        let frame = df.frame
        switch key {
        case .object(let s as PySlice):
            if byLabel {
                // Label slices include their end, as pandas' loc does.
                let start = s.start.isNone ? 0 : frame.index.firstIndex(of: try Conversions.int(s.start)) ?? 0
                let stop = s.stop.isNone ? frame.rowCount - 1 : frame.index.firstIndex(of: try Conversions.int(s.stop)) ?? frame.rowCount - 1
                return (start <= stop ? Array(start...stop) : [], false)
            }
            let (start, stop, step) = try s.indices(frame.rowCount)
            return (Array(stride(from: start, to: stop, by: step)), false)
        case .object(let mask as PySeries) where mask.column.type == .bool:
            return (mask.column.numbers.enumerated().filter { $0.element != 0 }.map(\.offset), false)
        case .list(let l):
            return (try l.items.map { try position(try Conversions.int($0)) }, false)
        default:
            return ([try position(try Conversions.int(key))], true)
        }
    }

    func position(_ i: Int) throws -> Int {
        let frame = df.frame
        if byLabel {
            guard let p = frame.index.firstIndex(of: i) else { throw ScriptError(.keyError, value: .int(i)) }
            return p
        }
        let p = i < 0 ? i + frame.rowCount : i
        guard p >= 0 && p < frame.rowCount else { throw ScriptError(.indexError, "single positional indexer is out-of-bounds") }
        return p
    }

    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        var rowKey = key, columnKey: Value? = nil
        if case .tuple(let t) = key, t.items.count == 2 { rowKey = t.items[0]; columnKey = t.items[1] }
        let (rows, single) = try positions(rowKey, interp)
        var frame = df.frame.rows(rows)
        if let columnKey {
            switch columnKey {
            case .str(let s):
                let c = try frameCall { try frame.column(s.value) }
                if single { return cellValue(c, 0, df.state) }
                return .object(PySeries(c, labels: frame.index.map { .int($0) }, df.state))
            case .int(let i) where !byLabel:
                let p = i < 0 ? i + frame.columns.count : i
                guard p >= 0 && p < frame.columns.count else { throw ScriptError(.indexError, "single positional indexer is out-of-bounds") }
                if single { return cellValue(frame.columns[p], 0, df.state) }
                return .object(PySeries(frame.columns[p], labels: frame.index.map { .int($0) }, df.state))
            case .list(let l):
                let names = try l.items.map { try Conversions.string($0, "column names must be str") }
                frame = try frameCall { try frame.selecting(names) }
            case .object(let s as PySlice):
                let (start, stop, step) = try s.indices(frame.columns.count)
                frame = DataFrame(columns: stride(from: start, to: stop, by: step).map { frame.columns[$0] }, index: frame.index)
            default:
                throw ScriptError(.keyError, value: columnKey)
            }
        }
        if single {
            // One row: a Series indexed by the column names, named by the row's label.
            let row = df.frame.index[rows[0]]
            let allInt = frame.columns.allSatisfy { $0.type == .int64 }
            let allNumeric = frame.columns.allSatisfy { $0.type.isNumeric }
            let column = allNumeric
                ? Column(name: String(row), numbers: frame.columns.map { $0.numbers[0] }, type: allInt ? .int64 : .float64)
                : Column(name: String(row), texts: frame.columns.map { $0.text(0) })
            return .object(PySeries(column, labels: frame.columnNames.map { .string($0) }, df.state))
        }
        return .object(PyDataFrame(frame, df.state))
    }
}
