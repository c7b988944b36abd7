/// An expression ready to evaluate: names already resolved to slots.
protocol ExprNode: AnyObject {
    var range: SourceRange { get }
    func eval(_ f: Frame) throws -> Value
}

/// How a statement finished.
enum Completion {
    case normal
    case breakLoop
    case continueLoop
    case returnValue(Value)
}

/// A statement ready to execute.
protocol StmtNode: AnyObject {
    func exec(_ f: Frame) throws -> Completion
}

/// Something that can be assigned to and deleted: a variable, attribute, item or unpacking pattern.
protocol TargetNode: AnyObject {
    func assign(_ value: Value, _ f: Frame) throws
    func delete(_ f: Frame) throws
    /// Moves the value out of a plain variable, leaving it unbound, so that the caller may hold the
    /// only reference; nil for every other kind of target.
    func take(_ f: Frame) -> Value?
}

extension TargetNode {
    func take(_ f: Frame) -> Value? { nil }
}

/// Runs statements in order until one does not complete normally.
@inline(__always)
func execBlock(_ body: [StmtNode], _ f: Frame) throws -> Completion {
    for statement in body {
        let c = try statement.exec(f)
        if case .normal = c { continue }
        return c
    }
    return .normal
}

/// What the resolver knows of a function: its parameters, slots, cells and body.
public final class FunctionCode {
    let name: String
    /// The dotted path to it (`Model.fit`, `outer.<locals>.inner`), as errors and repr name it.
    var qualifiedName: String
    let source: Source
    let range: SourceRange
    let parameters: Parameters
    /// Slot of every parameter by name, for keyword arguments.
    let parameterSlots: [String: Int]
    let varArgsSlot: Int
    let keywordOnlySlot: Int
    let varKeywordsSlot: Int
    var slotCount = 0
    var cellParameterSlots: [Int] = []
    var cellLocalSlots: [Int] = []
    var body: [StmtNode] = []
    var expressionBody: ExprNode?
    /// The docstring: the body's first statement when it is a string.
    var docstring: Value?
    /// For a generator function (one that contains `yield`): the hidden slot its yields reach the
    /// generator through. Calling it makes a generator instead of running the body.
    var generatorSlot: Int?
    /// True when a call with exactly `positional.count` positional arguments needs no further binding.
    var isSimple: Bool { parameters.varArgs == nil && parameters.varKeywords == nil && parameters.keywordOnly.isEmpty }

    init(name: String, source: Source, range: SourceRange, parameters: Parameters) {
        self.name = name
        self.qualifiedName = name
        self.source = source
        self.range = range
        self.parameters = parameters
        var slots: [String: Int] = [:]
        for (i, n) in parameters.allNames.enumerated() { slots[n] = i }
        parameterSlots = slots
        let p = parameters.positional.count
        varArgsSlot = p
        keywordOnlySlot = p + (parameters.varArgs == nil ? 0 : 1)
        varKeywordsSlot = keywordOnlySlot + parameters.keywordOnly.count
    }
}

/// A function defined by the script.
public final class PyFunction: PyObject {
    let code: FunctionCode
    let defaults: [Value]
    let keywordDefaults: [String: Value]
    let closure: [Cell]

    init(code: FunctionCode, defaults: [Value], keywordDefaults: [String: Value], closure: [Cell]) {
        self.code = code
        self.defaults = defaults
        self.keywordDefaults = keywordDefaults
        self.closure = closure
    }

    /// Attributes set on the function (`f.calls = 0`, functools.wraps's `__name__` and `__wrapped__`).
    public private(set) lazy var dict = PyDict()

    public var name: String { dict.get(name: Interned.key("__name__"))?.stringValue ?? code.name }
    var qualifiedName: String { dict.get(name: Interned.key("__qualname__"))?.stringValue ?? code.qualifiedName }
    public override var type: PyType { .function }
    public override func repr(_ interp: Interpreter) throws -> String { "<function \(qualifiedName) at \(address)>" }

    public override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        if name == "__dict__" { return .dict(dict) }
        return dict.get(name: Interned.key(name))
    }

    public override func setAttribute(_ name: String, _ value: Value, _ interp: Interpreter) throws {
        if ["__name__", "__qualname__"].contains(name), value.stringValue == nil {
            throw ScriptError(.typeError, "\(name) must be set to a string object")
        }
        dict.set(name, value)
    }
    public override func call(_ args: Arguments, _ interp: Interpreter) throws -> Value {
        try interp.callFunction(self, args)
    }

    /// Whether a call may pass the keyword `name` (a parameter of that name, or `**kwargs`).
    public func accepts(keyword name: String) -> Bool {
        code.parameterSlots[name] != nil || code.parameters.varKeywords != nil
    }

}
