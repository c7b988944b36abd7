/// The built-in exception classes, with CPython's hierarchy.
public enum ExceptionType: String, CaseIterable, Sendable {
    case baseException = "BaseException"
    case systemExit = "SystemExit"
    case keyboardInterrupt = "KeyboardInterrupt"
    case generatorExit = "GeneratorExit"
    case exception = "Exception"
    case stopIteration = "StopIteration"
    case arithmeticError = "ArithmeticError"
    case zeroDivisionError = "ZeroDivisionError"
    case overflowError = "OverflowError"
    case assertionError = "AssertionError"
    case attributeError = "AttributeError"
    case importError = "ImportError"
    case moduleNotFoundError = "ModuleNotFoundError"
    case lookupError = "LookupError"
    case indexError = "IndexError"
    case keyError = "KeyError"
    case nameError = "NameError"
    case unboundLocalError = "UnboundLocalError"
    case osError = "OSError"
    case fileNotFoundError = "FileNotFoundError"
    case fileExistsError = "FileExistsError"
    case isADirectoryError = "IsADirectoryError"
    case permissionError = "PermissionError"
    case notADirectoryError = "NotADirectoryError"
    case runtimeError = "RuntimeError"
    case recursionError = "RecursionError"
    case notImplementedError = "NotImplementedError"
    case syntaxError = "SyntaxError"
    case indentationError = "IndentationError"
    case tabError = "TabError"
    case typeError = "TypeError"
    case valueError = "ValueError"
    case memoryError = "MemoryError"
    case eofError = "EOFError"
    case unicodeError = "UnicodeError"
    case unicodeDecodeError = "UnicodeDecodeError"
    case unicodeEncodeError = "UnicodeEncodeError"
    case unsupportedOperation = "UnsupportedOperation"

    /// The parent class in CPython's hierarchy.
    public var parent: ExceptionType? {
        switch self {
        case .baseException: return nil
        case .systemExit, .keyboardInterrupt, .generatorExit, .exception: return .baseException
        case .zeroDivisionError, .overflowError: return .arithmeticError
        case .moduleNotFoundError: return .importError
        case .indexError, .keyError: return .lookupError
        case .unboundLocalError: return .nameError
        case .fileNotFoundError, .fileExistsError, .isADirectoryError, .permissionError, .notADirectoryError,
            .unsupportedOperation:
            return .osError
        case .recursionError, .notImplementedError: return .runtimeError
        case .indentationError: return .syntaxError
        case .tabError: return .indentationError
        case .unicodeError: return .valueError
        case .unicodeDecodeError, .unicodeEncodeError: return .unicodeError
        default: return .exception
        }
    }

    /// The type object for this exception class.
    public var pyType: PyType { PyType.exceptionTypes[self]! }
}

/// An exception instance: its class and constructor arguments; an instance of a script's exception
/// class also has attributes and the class's `__str__` / `__repr__`.
public final class PyException: PyObject {
    public let exceptionType: PyType
    public var args: [Value]
    /// For SyntaxError: where in which source the error is.
    public var syntaxLocation: (source: Source, location: SourceLocation)?
    /// The attributes a script's exception class gives its instances.
    public private(set) lazy var dict = PyDict()

    public init(_ type: PyType, _ args: [Value]) {
        self.exceptionType = type
        self.args = args
    }

    public override var type: PyType { exceptionType }

    /// The script class's special method, bound to this exception.
    private func special(_ key: Value, _ interp: Interpreter) throws -> String? {
        guard exceptionType.namespace != nil, let method = exceptionType.lookupClassAttribute(key) else { return nil }
        let r = try interp.call(PyType.bind(method, to: .object(self), of: exceptionType), Arguments())
        guard case .str(let s) = r else {
            throw ScriptError(.typeError, "__str__ returned non-string (type \(r.typeName))")
        }
        return s.value
    }

    /// `str(e)`: empty, the single argument's str, or the tuple of arguments (KeyError shows the key's repr).
    public override func str(_ interp: Interpreter) throws -> String {
        if let s = try special(Dunder.str, interp) { return s }
        switch args.count {
        case 0: return ""
        case 1:
            if exceptionType.isSubtype(of: .keyError) { return try interp.repr(args[0]) }
            return try interp.str(args[0])
        default: return try interp.repr(.tuple(PyTuple(args)))
        }
    }

    public override func repr(_ interp: Interpreter) throws -> String {
        if let s = try special(Dunder.repr, interp) { return s }
        let inner = try args.map { try interp.repr($0) }.joined(separator: ", ")
        return "\(exceptionType.name)(\(inner))"
    }

    public override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "value" && exceptionType.isSubtype(of: ExceptionType.stopIteration.pyType) {
            return args.first ?? Value.none
        }
        if name == "code" && exceptionType.isSubtype(of: ExceptionType.systemExit.pyType) {
            return args.count == 1 ? args[0] : args.isEmpty ? Value.none : .tuple(PyTuple(args))
        }
        guard exceptionType.namespace != nil else { return nil }
        return try InstanceAttributes.get(.object(self), exceptionType, dict, name, interp)
    }

    public override func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws {
        guard exceptionType.namespace != nil else { return try super.setAttribute(name, value, interp) }
        try InstanceAttributes.set(.object(self), exceptionType, dict, name, value, interp)
    }
}

/// One line of a traceback: where execution was in one frame.
public struct TraceEntry {
    public let source: Source
    public let range: SourceRange
    public let function: String
}

final class TraceFrames {
    var entries: [TraceEntry] = []
}

/// The one error type for script errors: a Python exception and the traceback gathered while it
/// propagated. Every runtime failure of a script travels as this error.
public struct ScriptError: Error {
    public var exception: PyException
    /// Frames from innermost outwards, in storage that copies of the error share: each frame the
    /// error leaves adds one entry in place (a copied array would make unwinding quadratic).
    private let frames = TraceFrames()
    public var traceback: [TraceEntry] { frames.entries }

    /// Adds the frame the error is leaving.
    public func record(_ entry: TraceEntry) { frames.entries.append(entry) }
    /// Where the error arose in the frame that has not yet been recorded in `traceback`.
    public var range: SourceRange?

    public init(_ exception: PyException) { self.exception = exception }

    /// The exception's message when its one argument is a string (as errors nn raises are).
    public var message: String? {
        guard case .str(let s)? = exception.args.first else { return nil }
        return s.value
    }

    public init(_ kind: ExceptionType, _ message: String) {
        exception = PyException(kind.pyType, [.string(message)])
    }

    /// An error whose argument is an arbitrary value (KeyError's key).
    public init(_ kind: ExceptionType, value: Value) {
        exception = PyException(kind.pyType, [value])
    }

    /// A SyntaxError (or subclass) at a position in a source.
    public static func syntax(
        _ message: String, at: SourceLocation, source: Source, kind: ExceptionType = .syntaxError
    ) -> ScriptError {
        let e = ScriptError(kind, message)
        e.exception.syntaxLocation = (source, at)
        return e
    }

    /// True when the exception is of `kind` or a subclass.
    public func isA(_ kind: ExceptionType) -> Bool { exception.exceptionType.isSubtype(of: kind.pyType) }

    /// Records where the error arose unless a more precise place is already known.
    public mutating func locate(_ range: SourceRange) {
        if self.range == nil { self.range = range }
    }
}

/// Helpers that locate errors thrown from inside an evaluation.
@inline(__always)
func located<T>(_ range: SourceRange, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch var e as ScriptError {
        e.locate(range)
        throw e
    }
}
