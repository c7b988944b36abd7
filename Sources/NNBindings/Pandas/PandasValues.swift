import Foundation
import NNFrame
import NNLang
import NNTensor

/// One interpreter's pandas state: the numpy state its arrays use.
final class PandasState {
    let numpy: NumpyState
    /// The classes, made with the `pandas` module (their constructors use this state).
    var frameType = PyType("DataFrame"), seriesType = PyType("Series")
    static let indexType: PyType = {
        let t = PyType("Index", base: .object, members: PandasMethods.indexMembers)
        t.moduleName = "pandas"
        return t
    }()
    init(numpy: NumpyState) { self.numpy = numpy }
}

/// Runs table-runtime code, turning its errors into Python exceptions.
func frameCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as FrameError {
        switch e.kind {
        case .key: throw ScriptError(.keyError, value: .string(e.message))
        case .value: throw ScriptError(.valueError, e.message)
        case .type: throw ScriptError(.typeError, e.message)
        case .index: throw ScriptError(.indexError, e.message)
        case .fileNotFound: throw ScriptError(.fileNotFoundError, e.message)
        }
    }
}

/// A cell as a script value: numpy scalars for numbers, str for texts, nan for missing texts.
func cellValue(_ c: Column, _ i: Int, _ state: PandasState) -> Value {
    switch c.type {
    case .int64: return .object(PyNumpyScalar(c.numbers[i], .int64, state.numpy))
    case .float64: return .object(PyNumpyScalar(c.numbers[i], .float64, state.numpy))
    case .bool: return .object(PyNumpyScalar(c.numbers[i], .bool, state.numpy))
    case .object, .category: return c.texts[i].map { .string($0) } ?? .float(.nan)
    }
}

/// `df.columns`: `Index([...], dtype='object')`.
final class PyIndex: PyObject {
    let names: [String]
    init(_ names: [String]) { self.names = names }
    override var type: PyType { PandasState.indexType }
    override func repr(_ interp: Interpreter) throws -> String { FrameFormat.index(names) }
    override func length(_ interp: Interpreter) throws -> Int { names.count }
    override func makeIterator(_ interp: Interpreter) throws -> PyIterator {
        SequenceIterator(names.map { .string($0) })
    }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        let i = try Conversions.int(key)
        let k = i < 0 ? i + names.count : i
        guard k >= 0 && k < names.count else {
            throw ScriptError(.indexError, "index \(i) is out of bounds for axis 0 with size \(names.count)")
        }
        return .string(names[k])
    }
    override func contains(_ item: Value, _ interp: Interpreter) throws -> Bool? {
        if case .str(let s) = item { return names.contains(s.value) }
        return false
    }
}

/// A Series: one column with its row labels and name.
final class PySeries: PyObject {
    var column: Column
    let labels: [Value]
    let indexName: String?
    let state: PandasState

    init(_ column: Column, labels: [Value], indexName: String? = nil, _ state: PandasState) {
        self.column = column
        self.labels = labels
        self.indexName = indexName
        self.state = state
    }

    var name: String? { column.name.isEmpty ? nil : column.name }
    override var type: PyType { state.seriesType }
    override func repr(_ interp: Interpreter) throws -> String {
        FrameFormat.series(column, index: try labels.map { try interp.str($0) }, name: name, indexName: indexName)
    }
    override func length(_ interp: Interpreter) throws -> Int { column.count }
    override func makeIterator(_ interp: Interpreter) throws -> PyIterator {
        SequenceIterator((0..<column.count).map { cellValue(column, $0, state) })
    }
    override func isTruthy(_ interp: Interpreter) throws -> Bool {
        throw ScriptError(
            .valueError,
            "The truth value of a Series is ambiguous. Use a.empty, a.bool(), a.item(), a.any() or a.all().")
    }
    override var isHashable: Bool { false }

    /// Positions of a label, for `s[label]`.
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        if case .object(let mask as PySeries) = key, mask.column.type == .bool {
            let positions = mask.column.numbers.enumerated().filter { $0.element != 0 }.map(\.offset)
            return .object(PySeries(column.rows(positions), labels: positions.map { labels[$0] }, state))
        }
        if case .object(let s as PySlice) = key {
            let (start, stop, step) = try s.indices(column.count)
            let positions = Array(stride(from: start, to: stop, by: step))
            return .object(PySeries(column.rows(positions), labels: positions.map { labels[$0] }, state))
        }
        guard let i = labels.firstIndex(where: { valuesEqual($0, key) }) else {
            throw ScriptError(.keyError, value: key)
        }
        return cellValue(column, i, state)
    }

    override func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool, _ interp: Interpreter) throws -> Value?
    {
        try PandasOperators.binary(op, self, other, reflected: reflected, interp)
    }
    override func compare(_ op: CompareOperator, _ other: Value, _ interp: Interpreter) throws -> Value? {
        try PandasOperators.compare(op, self, other, interp)
    }
    override func unary(_ op: UnaryOperator, _ interp: Interpreter) throws -> Value? {
        guard op == .negate, column.type == .int64 || column.type == .float64 else { return nil }
        var c = column
        c.numbers = c.numbers.map { -$0 }
        return .object(PySeries(c, labels: labels, state))
    }
}

/// A DataFrame as scripts see it.
final class PyDataFrame: PyObject {
    var frame: DataFrame
    let state: PandasState

    init(_ frame: DataFrame, _ state: PandasState) {
        self.frame = frame
        self.state = state
    }

    override var type: PyType { state.frameType }
    override func repr(_ interp: Interpreter) throws -> String { FrameFormat.frame(frame) }
    override func length(_ interp: Interpreter) throws -> Int { frame.rowCount }
    override func makeIterator(_ interp: Interpreter) throws -> PyIterator {
        SequenceIterator(frame.columnNames.map { .string($0) })
    }
    override func isTruthy(_ interp: Interpreter) throws -> Bool {
        throw ScriptError(
            .valueError,
            "The truth value of a DataFrame is ambiguous. Use a.empty, a.bool(), a.item(), a.any() or a.all().")
    }
    override var isHashable: Bool { false }
    override func contains(_ item: Value, _ interp: Interpreter) throws -> Bool? {
        if case .str(let s) = item { return frame.columnNames.contains(s.value) }
        return false
    }

    func series(_ c: Column) -> PySeries {
        PySeries(c, labels: frame.rowNames.map { $0.map { .string($0) } } ?? frame.index.map { .int($0) }, state)
    }

    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value {
        switch key {
        case .str(let s):
            guard let c = frame.columns.first(where: { $0.name == s.value }) else {
                throw ScriptError(.keyError, value: key)
            }
            return .object(series(c))
        case .list(let l):
            let names = try l.items.map { try Conversions.string($0, "column names must be str") }
            return .object(PyDataFrame(try frameCall { try frame.selecting(names) }, state))
        case .object(let s as PySlice):
            let (start, stop, step) = try s.indices(frame.rowCount)
            return .object(PyDataFrame(frame.rows(Array(stride(from: start, to: stop, by: step))), state))
        case .object(let mask as PySeries) where mask.column.type == .bool:
            guard mask.column.count == frame.rowCount else {
                throw ScriptError(.valueError, "Item wrong length \(mask.column.count) instead of \(frame.rowCount).")
            }
            return .object(
                PyDataFrame(
                    frame.rows(mask.column.numbers.enumerated().filter { $0.element != 0 }.map(\.offset)), state))
        default:
            throw ScriptError(.keyError, value: key)
        }
    }

    override func setItem(_ key: Value, _ value: Value, _ interp: Interpreter) throws {
        guard case .str(let name) = key else { throw ScriptError(.typeError, "nn sets DataFrame columns by name") }
        var column = try PandasConvert.column(value, count: frame.rowCount, interp)
        column.name = name.value
        try frameCall { try frame.set(column) }
    }

    /// `df.column_name`, as pandas offers each column as an attribute.
    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        frame.columns.first { $0.name == name }.map { .object(series($0)) }
    }
    override var attributeNames: [String] { frame.columnNames.filter(\.isIdentifier) }
}
