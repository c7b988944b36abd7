import Foundation
import NNFrame
import NNLang
import NNTensor

/// The members of DataFrame, Series and Index, declared with pandas 2.2's signatures; their errors
/// name the class that defines each method in pandas (`NDFrame.head()`).
enum PandasMethods {
    static func frame(_ v: Value) throws -> PyDataFrame {
        guard case .object(let df as PyDataFrame) = v else {
            throw ScriptError(.typeError, "expected a DataFrame, not \(v.typeName)")
        }
        return df
    }

    static func series(_ v: Value) throws -> PySeries {
        guard case .object(let s as PySeries) = v else {
            throw ScriptError(.typeError, "expected a Series, not \(v.typeName)")
        }
        return s
    }

    /// Positions of the first or last `n` rows.
    static func headPositions(_ total: Int, _ n: Int, tail: Bool) -> [Int] {
        let k = n >= 0 ? min(n, total) : max(0, total + n)
        return tail ? Array((total - k)..<total) : Array(0..<k)
    }

    /// A Series of one value per column (`mean()`, `sum()`, `isna().sum()`, `dtypes`).
    static func perColumn(
        _ frame: PyDataFrame, _ name: String, _ columns: [Column], type: ColumnType, _ f: (Column) -> Double
    ) -> PySeries {
        PySeries(
            Column(name: name, numbers: columns.map(f), type: type), labels: columns.map { .string($0.name) },
            frame.state)
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
        case .int64, .int32, .uint8: return .int64
        case .bool: return .bool
        }
    }

    /// The reductions both classes have, with the parameters nn implements.
    static let reductions = ["mean", "sum", "max", "min", "std"]

    static func reductionDeclaration(_ name: String, axis: String) -> String {
        let extra = name == "sum" ? ", min_count=0" : name == "std" ? ", ddof=1" : ""
        return
            "\(name)(axis=\(axis), skipna=True, numeric_only=False\(extra))  The \(name) of each numeric column (missing values skipped)."
    }

    /// What nn does not implement of a reduction: other axes, keeping missing values, min_count, ddof.
    static func reductionRefused(_ name: String) -> Set<String> {
        Set(["axis", "skipna"]).union(name == "sum" ? ["min_count"] : name == "std" ? ["ddof"] : [])
    }

    static func statistic(_ name: String, _ c: Column) -> Double {
        switch name {
        case "mean": return Statistics.mean(c)
        case "sum": return Statistics.sum(c)
        case "max": return Statistics.present(c).max() ?? .nan
        case "min": return Statistics.present(c).min() ?? .nan
        default: return Statistics.std(c)
        }
    }

    static let frameMembers: [String: Member] = {
        var m = Members("DataFrame", style: .python(countsSelf: true))
        m.property("plot", "Plots the columns with pyplot: df.plot(), df.plot(x=, y=, kind='scatter'), df.plot.hist().")
        {
            v, _ in .object(PyPlotAccessor(frame: try frame(v).frame))
        }
        m.property("shape", "(rows, columns).") { v, _ in
            let f = try frame(v).frame
            return .tuple(PyTuple([.int(f.rowCount), .int(f.columns.count)]))
        }
        m.property("columns", "The column names, as an Index.") { v, _ in
            .object(PyIndex(try frame(v).frame.columnNames))
        }
        m.property("dtypes", "The type of each column, as a Series.") { v, _ in
            let df = try frame(v)
            let types = Column(name: "", texts: df.frame.columns.map { $0.type.rawValue })
            return .object(PySeries(types, labels: df.frame.columnNames.map { .string($0) }, df.state))
        }
        m.property("values", "The table as a 2-d numpy array.") { v, _ in
            let df = try frame(v)
            return .object(PyArray(try PandasConvert.array(df.frame), df.state.numpy))
        }
        m.property("size", "rows × columns.") { v, _ in
            let f = try frame(v).frame
            return .int(f.rowCount * f.columns.count)
        }
        m.property("empty", "Whether the table has no rows or no columns.") { v, _ in
            let f = try frame(v).frame
            return .bool(f.rowCount == 0 || f.columns.isEmpty)
        }
        m.property("iloc", "Rows and columns by position: df.iloc[0], df.iloc[:, 1:3].") { v, _ in
            .object(PyIndexer(try frame(v), byLabel: false))
        }
        m.property("loc", "Rows and columns by label: df.loc[0:2, ['a', 'b']].") { v, _ in
            .object(PyIndexer(try frame(v), byLabel: true))
        }
        m.property("index", "The row labels.") { v, _ in .list(PyList(try frame(v).frame.index.map { .int($0) })) }
        m.method(
            "to_numpy(dtype=None, copy=False, na_value=<unset>)  The table as a 2-d numpy array.",
            refusing: ["dtype", "na_value"]
        ) { v, _, _ in
            let df = try frame(v)
            return .object(PyArray(try PandasConvert.array(df.frame), df.state.numpy))
        }
        for name in ["head", "tail"] {
            m.method("\(name)(n=5)  The \(name == "head" ? "first" : "last") n rows.", errorOwner: "NDFrame") {
                v, a, _ in
                let df = try frame(v)
                return .object(
                    PyDataFrame(
                        df.frame.rows(headPositions(df.frame.rowCount, try a.int("n"), tail: name == "tail")), df.state)
                )
            }
        }
        m.method("copy(deep=True)  A copy of the table.", errorOwner: "NDFrame", refusing: ["deep"]) { v, _, _ in
            let df = try frame(v)
            return .object(PyDataFrame(df.frame, df.state))
        }
        // copy.copy and copy.deepcopy copy the table, as pandas' __copy__ and __deepcopy__ do.
        m.method("__copy__(deep=True)  A copy of the table (copy.copy).", refusing: ["deep"]) { v, _, _ in
            let df = try frame(v)
            return .object(PyDataFrame(df.frame, df.state))
        }
        m.method("__deepcopy__(memo=None)  A copy of the table (copy.deepcopy).") { v, _, _ in
            let df = try frame(v)
            return .object(PyDataFrame(df.frame, df.state))
        }
        m.method(
            "describe(percentiles=None, include=None, exclude=None)  Count, mean, std, min, quartiles and max of each numeric column.",
            errorOwner: "NDFrame", refusing: ["percentiles", "include", "exclude"]
        ) { v, _, _ in
            let df = try frame(v)
            let numeric = df.frame.columns.filter { $0.type == .int64 || $0.type == .float64 }
            let columns = numeric.map { Column(name: $0.name, numbers: Statistics.describe($0), type: .float64) }
            var table = DataFrame(columns: columns, index: Array(0..<Statistics.describeRows.count))
            table.rowNames = Statistics.describeRows
            return .object(PyDataFrame(table, df.state))
        }
        for name in reductions {
            m.method(reductionDeclaration(name, axis: "0"), refusing: reductionRefused(name)) { v, a, _ in
                let df = try frame(v)
                let numeric = df.frame.columns.filter { $0.type.isNumeric }
                if numeric.count < df.frame.columns.count, !(try a.bool("numeric_only")) {
                    throw ScriptError(
                        .notImplementedError,
                        "nn computes DataFrame.\(name)() over numeric columns only; pass numeric_only=True")
                }
                let allInt = numeric.allSatisfy { $0.type != .float64 }
                let type: ColumnType =
                    (name == "sum" && allInt)
                        || ((name == "max" || name == "min") && numeric.allSatisfy { $0.type == .int64 })
                    ? .int64 : .float64
                return .object(perColumn(df, "", numeric, type: type) { statistic(name, $0) })
            }
        }
        for name in ["isna", "isnull"] {
            m.method("\(name)()  A table of bools, True where a value is missing.") { v, _, _ in
                let df = try frame(v)
                let columns = df.frame.columns.map { c in
                    Column(name: c.name, numbers: (0..<c.count).map { c.isMissing($0) ? 1 : 0 }, type: .bool)
                }
                return .object(PyDataFrame(DataFrame(columns: columns, index: df.frame.index), df.state))
            }
        }
        m.method(
            """
            drop(labels=None, *, axis=0, index=None, columns=None, level=None, inplace=False, errors='raise')
            The table without the named columns.
            labels: the columns to drop, with axis=1.
            axis: 1 (or 'columns') to drop columns; nn drops columns only.
            columns: the columns to drop.
            """, refusing: ["index", "level", "inplace", "errors"]
        ) { v, a, interp in
            let df = try frame(v)
            let axis = a["axis"]
            let byColumns =
                a.optional("columns") != nil || valuesEqual(axis, .int(1)) || valuesEqual(axis, .string("columns"))
            guard let given = a.optional("columns") ?? a.optional("labels") else {
                throw ScriptError(.typeError, "Need to specify at least one of 'labels', 'index' or 'columns'")
            }
            guard byColumns else {
                throw ScriptError(.notImplementedError, "nn drops columns only (axis=1 or columns=...) for now")
            }
            let names: [String]
            if case .str(let s) = given {
                names = [s.value]
            } else {
                names = try interp.collect(given).map { try Conversions.string($0, "column names must be str") }
            }
            for n in names where !df.frame.columnNames.contains(n) {
                throw ScriptError(.keyError, value: .string("['\(n)'] not found in axis"))
            }
            return .object(
                PyDataFrame(
                    DataFrame(columns: df.frame.columns.filter { !names.contains($0.name) }, index: df.frame.index),
                    df.state))
        }
        m.method(
            """
            fillna(value=None, *, method=None, axis=None, inplace=False, limit=None, downcast=None)
            The table with missing numbers replaced by value.
            """, errorOwner: "NDFrame", refusing: ["method", "axis", "inplace", "limit", "downcast"]
        ) { v, a, _ in
            let df = try frame(v)
            let x = try a.double("value")
            let columns = df.frame.columns.map { c -> Column in
                var c = c
                if c.type == .float64 { c.numbers = c.numbers.map { $0.isNaN ? x : $0 } }
                return c
            }
            return .object(PyDataFrame(DataFrame(columns: columns, index: df.frame.index), df.state))
        }
        m.method(
            "astype(dtype, copy=None, errors='raise')  The table with every column converted to dtype ('category', float, …).",
            errorOwner: "NDFrame", refusing: ["errors"]
        ) { v, a, _ in
            let df = try frame(v)
            let type = try columnType(a["dtype"])
            return .object(
                PyDataFrame(
                    DataFrame(
                        columns: try frameCall { try df.frame.columns.map { try $0.converted(to: type) } },
                        index: df.frame.index), df.state))
        }
        return m.table
    }()

    static func seriesArray(_ s: PySeries) -> Value {
        let c = s.column
        guard c.type.isNumeric, let dtype = PandasConvert.dtype(of: c.type) else {
            return .list(PyList(c.texts.map { $0.map { .string($0) } ?? .none }))
        }
        return .object(PyArray(NDArray(c.numbers, shape: [c.count], dtype: dtype), s.state.numpy))
    }

    static let seriesMembers: [String: Member] = {
        var m = Members("Series", style: .python(countsSelf: true))
        m.property("name", "The Series' name (its column's name).") { v, _ in
            try series(v).name.map { .string($0) } ?? .none
        }
        m.property("shape", "(length,).") { v, _ in .tuple(PyTuple([.int(try series(v).column.count)])) }
        m.property(
            "plot", "Plots the values against the index with pyplot: s.plot(), s.plot(kind='hist'), s.plot.bar()."
        ) {
            v, interp in .object(try PyPlotAccessor(series: try series(v), interp))
        }
        m.property("dtype", "The type of the values.") { v, _ in
            let c = try series(v).column
            guard c.type.isNumeric, let dtype = PandasConvert.dtype(of: c.type) else { return .string(c.type.rawValue) }
            return .object(PyDType(dtype))
        }
        m.property("values", "The values as a numpy array.") { v, _ in seriesArray(try series(v)) }
        m.method(
            "to_numpy(dtype=None, copy=False, na_value=<unset>, **kwargs)  The values as a numpy array.",
            errorOwner: "IndexOpsMixin",
            refusing: ["dtype", "na_value"]
        ) { v, a, _ in
            guard a.keywords.isEmpty else {
                throw ScriptError(.notImplementedError, "nn does not support to_numpy(\(a.keywords[0].name)=...) yet")
            }
            return seriesArray(try series(v))
        }
        m.method("tolist()  The values as a Python list.", errorOwner: "IndexOpsMixin") { v, _, _ in
            let c = try series(v).column
            return .list(
                PyList(
                    (0..<c.count).map { i in
                        switch c.type {
                        case .int64: return .int(Int(c.numbers[i]))
                        case .float64: return .float(c.numbers[i])
                        case .bool: return .bool(c.numbers[i] != 0)
                        case .object, .category: return c.texts[i].map { .string($0) } ?? .none
                        }
                    }))
        }
        for name in ["head", "tail"] {
            m.method("\(name)(n=5)  The \(name == "head" ? "first" : "last") n values.", errorOwner: "NDFrame") {
                v, a, _ in
                let s = try series(v)
                let positions = headPositions(s.column.count, try a.int("n"), tail: name == "tail")
                return .object(PySeries(s.column.rows(positions), labels: positions.map { s.labels[$0] }, s.state))
            }
        }
        for name in reductions {
            let axis = name == "sum" || name == "std" ? "None" : "0"
            m.method(reductionDeclaration(name, axis: axis), refusing: reductionRefused(name)) { v, _, _ in
                let s = try series(v), c = s.column
                guard c.type.isNumeric, let dtype = PandasConvert.dtype(of: c.type) else {
                    throw ScriptError(.notImplementedError, "nn computes \(name) of numeric columns only")
                }
                let result: DType
                switch name {
                case "mean", "std": result = .float64
                case "sum": result = c.type == .float64 ? .float64 : .int64
                default: result = c.type == .bool ? .bool : dtype
                }
                return .object(PyNumpyScalar(statistic(name, c), result, s.state.numpy))
            }
        }
        m.method(
            "describe(percentiles=None, include=None, exclude=None)  Count, mean, std, min, quartiles and max.",
            errorOwner: "NDFrame", refusing: ["percentiles", "include", "exclude"]
        ) { v, _, _ in
            let s = try series(v)
            let stats = Column(name: s.column.name, numbers: Statistics.describe(s.column), type: .float64)
            return .object(PySeries(stats, labels: Statistics.describeRows.map { .string($0) }, s.state))
        }
        m.method("unique()  The distinct values, in order of appearance.") { v, _, _ in
            let s = try series(v), c = s.column
            var seen = Set<String>(), positions: [Int] = []
            for i in 0..<c.count where seen.insert(c.text(i) ?? "NaN").inserted { positions.append(i) }
            let u = c.rows(positions)
            if c.type.isNumeric, let dtype = PandasConvert.dtype(of: c.type) {
                return .object(PyArray(NDArray(u.numbers, shape: [u.count], dtype: dtype), s.state.numpy))
            }
            return .list(PyList(u.texts.map { $0.map { .string($0) } ?? .none }))
        }
        m.method(
            """
            value_counts(normalize=False, sort=True, ascending=False, bins=None, dropna=True)
            How many times each value occurs, most frequent first.
            normalize: give fractions of the total instead of counts.
            """, errorOwner: "IndexOpsMixin", refusing: ["sort", "ascending", "bins", "dropna"]
        ) { v, a, _ in
            let s = try series(v), c = s.column
            var order: [String] = [], counts: [String: Int] = [:]
            for i in 0..<c.count {
                guard let t = c.text(i) else { continue }
                if counts[t] == nil { order.append(t) }
                counts[t, default: 0] += 1
            }
            let sorted = order.enumerated().sorted { x, y in
                let (p, q) = (counts[x.element] ?? 0, counts[y.element] ?? 0)
                return p != q ? p > q : x.offset < y.offset
            }.map(\.element)
            let total = Double(counts.values.reduce(0, +))
            let normalize = try a.bool("normalize")
            let numbers = sorted.map { Double(counts[$0] ?? 0) / (normalize ? total : 1) }
            return .object(
                PySeries(
                    Column(
                        name: normalize ? "proportion" : "count", numbers: numbers, type: normalize ? .float64 : .int64),
                    labels: sorted.map { .string($0) }, indexName: c.name, s.state))
        }
        for name in ["isna", "isnull"] {
            m.method("\(name)()  A Series of bools, True where a value is missing.") { v, _, _ in
                let s = try series(v), c = s.column
                return .object(
                    PySeries(
                        Column(name: c.name, numbers: (0..<c.count).map { c.isMissing($0) ? 1 : 0 }, type: .bool),
                        labels: s.labels, s.state))
            }
        }
        m.method(
            """
            fillna(value=None, *, method=None, axis=None, inplace=False, limit=None, downcast=None)
            The values with missing ones replaced by value.
            """, errorOwner: "NDFrame", refusing: ["method", "axis", "inplace", "limit", "downcast"]
        ) { v, a, _ in
            let s = try series(v)
            var filled = s.column
            if s.column.type.isNumeric {
                let x = try a.double("value")
                filled.numbers = s.column.numbers.map { $0.isNaN ? x : $0 }
            } else if case .str(let t) = a["value"] {
                filled.texts = s.column.texts.map { $0 ?? t.value }
            }
            return .object(PySeries(filled, labels: s.labels, s.state))
        }
        m.method(
            "astype(dtype, copy=None, errors='raise')  The values converted to dtype ('category', float, …).",
            errorOwner: "NDFrame", refusing: ["errors"]
        ) { v, a, _ in
            let s = try series(v)
            return .object(
                PySeries(
                    try frameCall { try s.column.converted(to: try columnType(a["dtype"])) }, labels: s.labels, s.state)
            )
        }
        return m.table
    }()

    static let indexMembers: [String: Member] = {
        var m = Members("Index", style: .python(countsSelf: true))
        func names(_ v: Value) throws -> [String] {
            guard case .object(let i as PyIndex) = v else { throw ScriptError(.typeError, "expected an Index") }
            return i.names
        }
        m.method("tolist()  The labels as a Python list.", errorOwner: "IndexOpsMixin") { v, _, _ in
            .list(PyList(try names(v).map { .string($0) }))
        }
        m.property("values", "The labels.") { v, _ in .list(PyList(try names(v).map { .string($0) })) }
        return m.table
    }()
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
                let stop =
                    s.stop.isNone
                    ? frame.rowCount - 1 : frame.index.firstIndex(of: try Conversions.int(s.stop)) ?? frame.rowCount - 1
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
        guard p >= 0 && p < frame.rowCount else {
            throw ScriptError(.indexError, "single positional indexer is out-of-bounds")
        }
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
                guard p >= 0 && p < frame.columns.count else {
                    throw ScriptError(.indexError, "single positional indexer is out-of-bounds")
                }
                if single { return cellValue(frame.columns[p], 0, df.state) }
                return .object(PySeries(frame.columns[p], labels: frame.index.map { .int($0) }, df.state))
            case .list(let l):
                let names = try l.items.map { try Conversions.string($0, "column names must be str") }
                frame = try frameCall { try frame.selecting(names) }
            case .object(let s as PySlice):
                let (start, stop, step) = try s.indices(frame.columns.count)
                frame = DataFrame(
                    columns: stride(from: start, to: stop, by: step).map { frame.columns[$0] }, index: frame.index)
            default:
                throw ScriptError(.keyError, value: columnKey)
            }
        }
        if single {
            // One row: a Series indexed by the column names, named by the row's label.
            let row = df.frame.index[rows[0]]
            let allInt = frame.columns.allSatisfy { $0.type == .int64 }
            let allNumeric = frame.columns.allSatisfy { $0.type.isNumeric }
            let column =
                allNumeric
                ? Column(
                    name: String(row), numbers: frame.columns.map { $0.numbers[0] }, type: allInt ? .int64 : .float64)
                : Column(name: String(row), texts: frame.columns.map { $0.text(0) })
            return .object(PySeries(column, labels: frame.columnNames.map { .string($0) }, df.state))
        }
        return .object(PyDataFrame(frame, df.state))
    }
}
