import BigInt

/// Binary arithmetic and bitwise operators.
public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%"
    case power = "**", matrixMultiply = "@", leftShift = "<<", rightShift = ">>"
    case bitAnd = "&", bitOr = "|", bitXor = "^"
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+", invert = "~", not = "not"
}

/// Comparison operators, which chain (`a < b < c`).
public enum CompareOperator: String, Sendable {
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
    case isSame = "is", isNot = "is not", contains = "in", notContains = "not in"
}

/// A literal value written in the source.
public enum Constant: Sendable {
    case none, ellipsis
    case bool(Bool)
    case int(BigInt)
    case float(Double)
    case string(String)
}

/// One argument at a call site.
public enum Argument: Sendable {
    case positional(Expr)
    case star(Expr)
    case keyword(String, Expr)
    case doubleStar(Expr)
}

/// One `for … in … if …` clause of a comprehension.
public struct ComprehensionClause: Sendable {
    public var target: Expr
    public var iterable: Expr
    public var conditions: [Expr]
}

/// What a comprehension builds.
public enum ComprehensionKind: Sendable {
    case list, set, dict, generator

    /// As CPython's messages name them.
    static let names: [ComprehensionKind: String] = [
        .list: "list comprehension", .set: "set comprehension", .dict: "dict comprehension",
        .generator: "generator expression",
    ]
}

/// A piece of an f-string after parsing: text, or an expression with its conversion and spec.
public enum FormattedPart: Sendable {
    case text(String)
    case value(Expr, conversion: Character?, spec: [FormattedPart]?)
}

/// A function's parameter list.
public struct Parameters: Sendable {
    public struct Parameter: Sendable {
        public var name: String
        public var defaultValue: Expr?
        public var range: SourceRange
    }
    /// Positional-or-keyword parameters.
    public var positional: [Parameter] = []
    /// `*args`
    public var varArgs: String?
    /// Parameters after `*` or `*args`.
    public var keywordOnly: [Parameter] = []
    /// `**kwargs`
    public var varKeywords: String?

    public var allNames: [String] {
        positional.map(\.name) + (varArgs.map { [$0] } ?? []) + keywordOnly.map(\.name)
            + (varKeywords.map { [$0] } ?? [])
    }
}

/// An expression node with its source range.
public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case name(String)
        case constant(Constant)
        case formatted([FormattedPart])
        case list([Expr])
        case tuple([Expr])
        case set([Expr])
        /// Entries with a nil key are `**mapping` spreads.
        case dict([(key: Expr?, value: Expr)])
        case starred(Expr)
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// `a and b and …`, `a or b or …`: two or more operands.
        case and([Expr])
        case or([Expr])
        case compare(Expr, [(CompareOperator, Expr)])
        case conditional(test: Expr, then: Expr, otherwise: Expr)
        case lambda(Parameters, Expr)
        case call(Expr, [Argument])
        case attribute(Expr, String)
        case subscripted(Expr, Expr)
        case slice(Expr?, Expr?, Expr?)
        case comprehension(ComprehensionKind, element: Expr, value: Expr?, clauses: [ComprehensionClause])
        case assignExpression(String, Expr)
        /// `yield value` (nil: `yield` alone), `yield from iterable`.
        case yield(Expr?)
        case yieldFrom(Expr)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

/// One `except` clause.
public struct ExceptHandler: Sendable {
    public var type: Expr?
    public var name: String?
    public var body: [Stmt]
    public var range: SourceRange
}

/// A `def` statement.
public struct FunctionDefinition: Sendable {
    public var name: String
    public var parameters: Parameters
    public var body: [Stmt]
    public var decorators: [Expr]
}

/// A `class` statement.
public struct ClassDefinition: Sendable {
    public var name: String
    /// The bases and keywords in the parentheses, as a call's arguments.
    public var arguments: [Argument]
    public var body: [Stmt]
    public var decorators: [Expr]
}

/// A statement node with its source range.
public struct Stmt: Sendable {
    public indirect enum Kind: Sendable {
        case expression(Expr)
        /// `a = b = value`: every target receives the value.
        case assign(targets: [Expr], value: Expr)
        case augmentedAssign(Expr, BinaryOperator, Expr)
        /// `x: T` or `x: T = value`; the annotation is evaluated and ignored.
        case annotatedAssign(Expr, annotation: Expr, value: Expr?)
        case pass
        case breakLoop
        case continueLoop
        case returnValue(Expr?)
        case delete([Expr])
        case global([String])
        case nonlocal([String])
        case assert(Expr, message: Expr?)
        case raise(Expr?, cause: Expr?)
        /// `import a.b as c`: each dotted path with an optional alias.
        case importModules([(path: [String], alias: String?)])
        /// `from a.b import c as d`; `names` is empty for `*`.
        case importFrom(path: [String], names: [(name: String, alias: String?)])
        case ifElse(Expr, [Stmt], [Stmt])
        case whileLoop(Expr, [Stmt], orElse: [Stmt])
        case forLoop(target: Expr, iterable: Expr, body: [Stmt], orElse: [Stmt])
        case tryExcept(body: [Stmt], handlers: [ExceptHandler], orElse: [Stmt], finally: [Stmt])
        case with(items: [(context: Expr, target: Expr?)], body: [Stmt])
        case functionDefinition(FunctionDefinition)
        case classDefinition(ClassDefinition)
    }

    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}
