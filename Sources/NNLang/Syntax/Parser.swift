import BigInt

/// A recursive-descent parser for nn's Python subset; each method is named after the grammar rule
/// in `grammar/nn.ebnf` that it implements.
public struct Parser {
    var tokens: [Token]
    var index = 0
    let source: Source
    /// Nesting depth of expressions and blocks, bounded so hostile input cannot exhaust the stack;
    /// CPython's parser gives up between 2000 and 3000 levels.
    var depth = 0
    static let maxDepth = 2500
    /// Links of chains in the statement being parsed: left-associative binary operators and
    /// attribute, call and subscript suffixes. Each can deepen the expression's tree by a level
    /// (`1+1+…+1` nests to the left), which resolving, running and freeing the tree walk
    /// recursively; past `maxLinks` the statement is refused with RecursionError, as CPython
    /// refuses one (near 3000 operators).
    var links = 0
    static let maxLinks = 100_000

    public init(tokens: [Token], source: Source) {
        self.tokens = tokens
        self.source = source
    }

    /// Parses a whole module.
    public static func parse(_ source: Source) throws -> [Stmt] {
        var lexer = Lexer(source)
        var parser = Parser(tokens: try lexer.run(), source: source)
        guard let unclosed = lexer.unclosed else { return try parser.file() }
        do {
            _ = try parser.file()
        } catch let e as ScriptError {
            // CPython's rule: the open bracket is the error when the parser ran into the end of the
            // input or failed on a later line; a failure on the bracket's own line is reported as such.
            if let (_, at) = e.exception.syntaxLocation, at.line <= unclosed.line, parser.index < unclosed.tailStart {
                throw e
            }
        }
        throw unclosed.error
    }

    /// Parses a single expression (used for f-string fields).
    public static func parseExpression(_ text: String, at: SourceLocation, in source: Source) throws -> Expr {
        var lexer = Lexer(source, text: "(" + text + ")", startLine: at.line, startColumn: at.column - 1)
        var parser = Parser(tokens: try lexer.run(), source: source)
        if let unclosed = lexer.unclosed { throw unclosed.error }
        let expr = try parser.starExpressions()
        while parser.current.kind == .newline { parser.index += 1 }
        guard parser.current.kind == .end else { throw parser.error("f-string: invalid syntax", parser.current) }
        return expr
    }

    // MARK: token helpers

    var current: Token { tokens[index] }
    var previous: Token { tokens[max(index - 1, 0)] }
    func peek(_ n: Int = 1) -> Token { tokens[min(index + n, tokens.count - 1)] }

    mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    mutating func accept(_ op: String) -> Bool {
        if current.isOp(op) { index += 1; return true }
        return false
    }

    mutating func acceptKeyword(_ word: String) -> Bool {
        if current.isKeyword(word) { index += 1; return true }
        return false
    }

    mutating func expect(_ op: String, _ message: String? = nil) throws {
        guard accept(op) else { throw error(message ?? "expected '\(op)'", current) }
    }

    mutating func expectName() throws -> String {
        if case .name(let n) = current.kind { index += 1; return n }
        throw error("invalid syntax", current)
    }

    func error(_ message: String, _ token: Token, kind: ExceptionType = .syntaxError) -> ScriptError {
        var at = token.start
        if token.kind == .newline || token.kind == .end, index > 0 {
            // CPython points just past the last real token when a line ends too early.
            at = previous.kind == .newline ? previous.start : previous.range.end
        }
        if case .dedent = token.kind { at = token.start }
        return ScriptError.syntax(message, at: at, source: source, kind: kind)
    }

    func error(_ message: String, at: SourceLocation) -> ScriptError {
        ScriptError.syntax(message, at: at, source: source)
    }

    /// Counts one more link of a chain (see `links`).
    mutating func link() throws {
        links += 1
        if links > Parser.maxLinks {
            throw ScriptError(.recursionError, "maximum recursion depth exceeded during compilation")
        }
    }

    mutating func nest() throws {
        depth += 1
        if depth > Parser.maxDepth {
            throw ScriptError(.memoryError, "Parser stack overflowed - Python source too complex to parse")
        }
    }

    func range(from start: SourceLocation) -> SourceRange { SourceRange(start, previous.range.end) }

    // MARK: statements

    /// file = { NEWLINE | statement } END ;
    mutating func file() throws -> [Stmt] {
        var body: [Stmt] = []
        while current.kind != .end {
            if current.kind == .newline { index += 1; continue }
            if current.kind == .indent { throw error("unexpected indent", current, kind: .indentationError) }
            body += try statement()
        }
        return body
    }

    /// statement = compoundStatement | simpleStatements ;
    mutating func statement() throws -> [Stmt] {
        links = 0
        if let compound = try compoundStatement() { return [compound] }
        return try simpleStatements()
    }

    /// simpleStatements = simpleStatement { ";" simpleStatement } [ ";" ] NEWLINE ;
    mutating func simpleStatements() throws -> [Stmt] {
        var result = [try simpleStatement()]
        while accept(";") {
            if current.kind == .newline { break }
            result.append(try simpleStatement())
        }
        guard current.kind == .newline || current.kind == .end else {
            throw invalidSyntaxAfter(result.last!)
        }
        if current.kind == .newline { index += 1 }
        return result
    }

    /// The error for stray tokens after a complete statement, with CPython's hints.
    func invalidSyntaxAfter(_ stmt: Stmt) -> ScriptError {
        if case .expression(let e) = stmt.kind, case .name(let n) = e.kind, n == "print" || n == "exec" {
            return error("Missing parentheses in call to '\(n)'. Did you mean \(n)(...)?", at: e.range.start)
        }
        if case .name = current.kind, case .expression = stmt.kind {
            return error("invalid syntax. Perhaps you forgot a comma?", at: stmt.range.start)
        }
        return error("invalid syntax", current)
    }

    /// simpleStatement = "pass" | "break" | "continue" | "return" [ starExpressions ] | "del" targetList | (
    ///     "global" | "nonlocal" ) NAME { "," NAME } | "assert" expression [ "," expression ] | "raise" [
    ///     expression [ "from" expression ] ] | importStatement | fromImportStatement | expressionStatement ;
    mutating func simpleStatement() throws -> Stmt {
        let start = current.start
        if case .keyword(let word) = current.kind {
            switch word {
            case "pass": index += 1; return Stmt(.pass, range(from: start))
            case "break": index += 1; return Stmt(.breakLoop, range(from: start))
            case "continue": index += 1; return Stmt(.continueLoop, range(from: start))
            case "return":
                index += 1
                let value = atStatementEnd ? nil : try starExpressions()
                return Stmt(.returnValue(value), range(from: start))
            case "del":
                index += 1
                let targets = try targetList()
                for t in targets { try checkTarget(t, deleting: true) }
                return Stmt(.delete(targets), range(from: start))
            case "global", "nonlocal":
                index += 1
                var names = [try expectName()]
                while accept(",") { names.append(try expectName()) }
                return Stmt(word == "global" ? .global(names) : .nonlocal(names), range(from: start))
            case "assert":
                index += 1
                let test = try expression()
                let message = accept(",") ? try expression() : nil
                return Stmt(.assert(test, message: message), range(from: start))
            case "raise":
                index += 1
                if atStatementEnd { return Stmt(.raise(nil, cause: nil), range(from: start)) }
                let exc = try expression()
                let cause = acceptKeyword("from") ? try expression() : nil
                return Stmt(.raise(exc, cause: cause), range(from: start))
            case "import": return try importStatement()
            case "from": return try fromImportStatement()
            default: break
            }
        }
        return try expressionStatement()
    }

    var atStatementEnd: Bool {
        current.kind == .newline || current.kind == .end || current.isOp(";")
    }

    /// targetList = bitwiseOr { "," bitwiseOr } [ "," ] ;
    mutating func targetList() throws -> [Expr] {
        var targets = [try bitwiseOr()]
        while accept(",") {
            if atStatementEnd { break }
            targets.append(try bitwiseOr())
        }
        return targets
    }

    /// expressionStatement = starExpressions ( { "=" assignmentValue } | augmentedOperator assignmentValue | ":"
    ///     expression [ "=" assignmentValue ] ) ;
    mutating func expressionStatement() throws -> Stmt {
        let start = current.start
        if current.isKeyword("yield") {
            let e = try yieldExpression()
            return Stmt(.expression(e), e.range)
        }
        let first = try starExpressions()
        if accept("=") {
            var targets = [first]
            var value = try assignmentValue()
            while accept("=") {
                targets.append(value)
                value = try assignmentValue()
            }
            for t in targets { try checkTarget(t) }
            return Stmt(.assign(targets: targets, value: value), range(from: start))
        }
        if case .op(let op) = current.kind, op.count >= 2, op.hasSuffix("="),
            let binary = BinaryOperator(rawValue: String(op.dropLast()))
        {
            index += 1
            try checkAugmentedTarget(first)
            let value = try assignmentValue()
            return Stmt(.augmentedAssign(first, binary, value), range(from: start))
        }
        if current.isOp(":") {
            index += 1
            try checkTarget(first)
            let annotation = try expression()
            let value = accept("=") ? try assignmentValue() : nil
            return Stmt(.annotatedAssign(first, annotation: annotation, value: value), range(from: start))
        }
        return Stmt(.expression(first), first.range)
    }

    /// assignmentValue = starExpressions ;
    mutating func assignmentValue() throws -> Expr {
        if current.isKeyword("yield") { return try yieldExpression() }
        return try starExpressions()
    }

    /// yieldExpression = "yield" [ "from" expression | starExpressions ] ;
    mutating func yieldExpression() throws -> Expr {
        let keyword = advance()
        if acceptKeyword("from") {
            let source = try expression()
            return Expr(.yieldFrom(source), range(from: keyword.start))
        }
        if current.kind == .newline || current.isOp(")") || current.isOp(";") || current.isOp("=")
            || current.kind == .end
        {
            return Expr(.yield(nil), keyword.range)
        }
        let value = try starExpressions()
        return Expr(.yield(value), range(from: keyword.start))
    }

    /// Rejects expressions that cannot be assigned to, with CPython's wording.
    func checkTarget(_ e: Expr, deleting: Bool = false) throws {
        let verb = deleting ? "delete" : "assign to"
        switch e.kind {
        case .name, .attribute, .subscripted: return
        case .tuple(let items), .list(let items):
            for item in items { try checkTarget(item, deleting: deleting) }
        case .starred(let inner) where !deleting: try checkTarget(inner)
        default:
            let hint = deleting ? "" : " here. Maybe you meant '==' instead of '='?"
            throw error("cannot \(verb) \(describe(e))\(hint)", at: e.range.start)
        }
    }

    func checkAugmentedTarget(_ e: Expr) throws {
        switch e.kind {
        case .name, .attribute, .subscripted: return
        default: throw error("'\(describe(e))' is an illegal expression for augmented assignment", at: e.range.start)
        }
    }

    /// How CPython names an expression kind in assignment errors.
    func describe(_ e: Expr) -> String {
        switch e.kind {
        case .constant(.none): return "None"
        case .constant(.bool(let b)): return b ? "True" : "False"
        case .constant(.ellipsis): return "ellipsis"
        case .constant: return "literal"
        case .formatted: return "f-string expression"
        case .call: return "function call"
        case .binary, .unary: return "expression"
        case .and, .or: return "expression"
        case .compare: return "comparison"
        case .conditional: return "conditional expression"
        case .lambda: return "lambda"
        case .dict: return "dict literal"
        case .set: return "set display"
        case .comprehension(let k, _, _, _):
            switch k {
            case .list: return "list comprehension"
            case .set: return "set comprehension"
            case .dict: return "dict comprehension"
            case .generator: return "generator expression"
            }
        case .assignExpression: return "named expression"
        default: return "expression"
        }
    }

    /// dottedName = NAME { "." NAME } ;
    mutating func dottedName() throws -> [String] {
        var path = [try expectName()]
        while accept(".") { path.append(try expectName()) }
        return path
    }

    /// importStatement = "import" dottedName [ "as" NAME ] { "," dottedName [ "as" NAME ] } ;
    mutating func importStatement() throws -> Stmt {
        let start = advance().start
        var modules: [(path: [String], alias: String?)] = []
        repeat {
            let path = try dottedName()
            let alias = acceptKeyword("as") ? try expectName() : nil
            modules.append((path, alias))
        } while accept(",")
        return Stmt(.importModules(modules), range(from: start))
    }

    /// fromImportStatement = "from" dottedName "import" ( "*" | importNames | "(" importNames [ "," ] ")" ) ;
    mutating func fromImportStatement() throws -> Stmt {
        let start = advance().start
        if current.isOp(".") || current.isOp("...") { throw error("relative imports are not supported", current) }
        let path = try dottedName()
        guard acceptKeyword("import") else { throw error("invalid syntax", current) }
        if accept("*") { return Stmt(.importFrom(path: path, names: []), range(from: start)) }
        let parenthesized = accept("(")
        var names: [(name: String, alias: String?)] = []
        repeat {
            if parenthesized && current.isOp(")") { break }
            let name = try expectName()
            names.append((name, acceptKeyword("as") ? try expectName() : nil))
        } while accept(",")
        if parenthesized { try expect(")") }
        if !parenthesized && previous.isOp(",") {
            throw error("trailing comma not allowed without surrounding parentheses", previous)
        }
        return Stmt(.importFrom(path: path, names: names), range(from: start))
    }

    // MARK: compound statements

    /// compoundStatement = ifStatement | whileStatement | forStatement | tryStatement | withStatement |
    ///     functionDefinition | classDefinition | decorated ;
    mutating func compoundStatement() throws -> Stmt? {
        if current.isOp("@") { return try decorated() }
        guard case .keyword(let word) = current.kind else { return nil }
        switch word {
        case "if": return try ifStatement()
        case "while": return try whileStatement()
        case "for": return try forStatement()
        case "try": return try tryStatement()
        case "with": return try withStatement()
        case "def": return try functionDefinition(decorators: [])
        case "class": return try classDefinition(decorators: [])
        default: return nil
        }
    }

    /// block = NEWLINE INDENT statement { statement } DEDENT | simpleStatements ;
    /// `':' (simple_stmts | NEWLINE INDENT statement+ DEDENT)`
    mutating func block(after what: String, line: Int) throws -> [Stmt] {
        try expect(":", "expected ':'")
        if current.kind != .newline {
            return try simpleStatements()
        }
        index += 1
        guard current.kind == .indent else {
            throw error("expected an indented block after \(what) on line \(line)", current, kind: .indentationError)
        }
        index += 1
        try nest()
        defer { depth -= 1 }
        var body: [Stmt] = []
        while current.kind != .dedent && current.kind != .end {
            if current.kind == .indent { throw error("unexpected indent", current, kind: .indentationError) }
            body += try statement()
        }
        if current.kind == .dedent { index += 1 }
        return body
    }

    /// ifStatement = "if" namedExpression ":" block { "elif" namedExpression ":" block } [ "else" ":" block ] ;
    mutating func ifStatement() throws -> Stmt {
        let keyword = advance()
        let test = try namedExpression()
        let body = try block(after: "'\(keyword.isKeyword("if") ? "if" : "elif")' statement", line: keyword.start.line)
        var orElse: [Stmt] = []
        if current.isKeyword("elif") {
            orElse = [try ifStatement()]
        } else if current.isKeyword("else") {
            let e = advance()
            orElse = try block(after: "'else' statement", line: e.start.line)
        }
        return Stmt(.ifElse(test, body, orElse), range(from: keyword.start))
    }

    /// whileStatement = "while" namedExpression ":" block [ "else" ":" block ] ;
    mutating func whileStatement() throws -> Stmt {
        let keyword = advance()
        let test = try namedExpression()
        let body = try block(after: "'while' statement", line: keyword.start.line)
        let orElse = try elseBlock()
        return Stmt(.whileLoop(test, body, orElse: orElse), range(from: keyword.start))
    }

    mutating func elseBlock() throws -> [Stmt] {
        guard current.isKeyword("else") else { return [] }
        let e = advance()
        return try block(after: "'else' statement", line: e.start.line)
    }

    /// forStatement = "for" forTarget "in" starExpressions ":" block [ "else" ":" block ] ;
    mutating func forStatement() throws -> Stmt {
        let keyword = advance()
        let target = try forTarget()
        guard acceptKeyword("in") else { throw error("invalid syntax", current) }
        let iterable = try starExpressions()
        let body = try block(after: "'for' statement", line: keyword.start.line)
        let orElse = try elseBlock()
        return Stmt(
            .forLoop(target: target, iterable: iterable, body: body, orElse: orElse), range(from: keyword.start))
    }

    /// forTarget = starTarget { "," starTarget } [ "," ] ;
    /// A `for` target: a comma-separated list of targets, a tuple when there is more than one.
    mutating func forTarget() throws -> Expr {
        let start = current.start
        var items = [try starTarget()]
        var trailingComma = false
        while accept(",") {
            if current.isKeyword("in") { trailingComma = true; break }
            items.append(try starTarget())
        }
        let target = items.count == 1 && !trailingComma ? items[0] : Expr(.tuple(items), range(from: start))
        try checkTarget(target)
        return target
    }

    /// starTarget = [ "*" ] bitwiseOr ;
    mutating func starTarget() throws -> Expr {
        let start = current.start
        if accept("*") { return Expr(.starred(try bitwiseOr()), range(from: start)) }
        return try bitwiseOr()
    }

    /// tryStatement = "try" ":" block ( exceptClause { exceptClause } [ "else" ":" block ] [ "finally" ":" block ]
    ///     | "finally" ":" block ) ;
    mutating func tryStatement() throws -> Stmt {
        let keyword = advance()
        let body = try block(after: "'try' statement", line: keyword.start.line)
        var handlers: [ExceptHandler] = []
        while current.isKeyword("except") {
            let e = advance()
            var type: Expr? = nil
            var name: String? = nil
            if !current.isOp(":") {
                type = try expression()
                if current.isOp(",") {
                    throw error("multiple exception types must be parenthesized", at: type!.range.start)
                }
                if acceptKeyword("as") { name = try expectName() }
            }
            let handlerBody = try block(after: "'except' statement", line: e.start.line)
            handlers.append(ExceptHandler(type: type, name: name, body: handlerBody, range: range(from: e.start)))
        }
        let orElse = try elseBlock()
        var finallyBody: [Stmt] = []
        if current.isKeyword("finally") {
            let f = advance()
            finallyBody = try block(after: "'finally' statement", line: f.start.line)
        }
        if handlers.isEmpty && finallyBody.isEmpty {
            throw error("expected 'except' or 'finally' block", current)
        }
        return Stmt(
            .tryExcept(body: body, handlers: handlers, orElse: orElse, finally: finallyBody), range(from: keyword.start)
        )
    }

    /// withStatement = "with" withItem { "," withItem } ":" block ;
    mutating func withStatement() throws -> Stmt {
        let keyword = advance()
        var items: [(context: Expr, target: Expr?)] = []
        repeat {
            let context = try expression()
            var target: Expr? = nil
            if acceptKeyword("as") {
                target = try starTarget()
                try checkTarget(target!)
            }
            items.append((context, target))
        } while accept(",")
        let body = try block(after: "'with' statement", line: keyword.start.line)
        return Stmt(.with(items: items, body: body), range(from: keyword.start))
    }

    /// decorated = "@" namedExpression NEWLINE { "@" namedExpression NEWLINE } ( functionDefinition | classDefinition ) ;
    mutating func decorated() throws -> Stmt {
        var decorators: [Expr] = []
        while accept("@") {
            decorators.append(try namedExpression())
            guard current.kind == .newline else { throw error("invalid syntax", current) }
            index += 1
        }
        if current.isKeyword("class") { return try classDefinition(decorators: decorators) }
        guard current.isKeyword("def") else { throw error("invalid syntax", current) }
        return try functionDefinition(decorators: decorators)
    }

    /// classDefinition = "class" NAME [ "(" [ arguments ] ")" ] ":" block ;
    mutating func classDefinition(decorators: [Expr]) throws -> Stmt {
        let keyword = advance()
        let name = try expectName()
        var arguments: [Argument] = []
        if accept("(") {
            arguments = try self.arguments()
            try expect(")")
        }
        let body = try block(after: "class definition", line: keyword.start.line)
        let definition = ClassDefinition(name: name, arguments: arguments, body: body, decorators: decorators)
        return Stmt(.classDefinition(definition), range(from: keyword.start))
    }

    /// functionDefinition = "def" NAME "(" [ parameterList ] ")" [ "->" expression ] ":" block ;
    mutating func functionDefinition(decorators: [Expr]) throws -> Stmt {
        let keyword = advance()
        let name = try expectName()
        try expect("(", "expected '('")
        let parameters = try parameterList(closing: ")")
        try expect(")")
        if accept("->") { _ = try expression() }
        let body = try block(after: "function definition", line: keyword.start.line)
        let definition = FunctionDefinition(name: name, parameters: parameters, body: body, decorators: decorators)
        return Stmt(.functionDefinition(definition), range(from: keyword.start))
    }

    /// parameterList = parameter { "," parameter } [ "," ] ;
    /// Parameters of a `def` (closing ")", with annotations) or a `lambda` (closing ":").
    mutating func parameterList(closing: String) throws -> Parameters {
        var p = Parameters()
        var seenDefault = false
        var afterStar = false
        var seen = Set<String>()
        func record(_ name: String, _ token: Token) throws {
            guard seen.insert(name).inserted else {
                throw error("duplicate argument '\(name)' in function definition", token)
            }
        }
        while !current.isOp(closing) {
            let token = current
            if accept("/") {
                if !accept(",") { break } else { continue }
            }
            if accept("**") {
                let name = try expectName()
                try record(name, token)
                if closing == ")" && accept(":") { _ = try expression() }
                p.varKeywords = name
                _ = accept(",")
                if !current.isOp(closing) { throw error("arguments cannot follow var-keyword argument", current) }
                break
            }
            if accept("*") {
                if afterStar { throw error("* argument may appear only once", token) }
                afterStar = true
                if case .name(let name) = current.kind {
                    index += 1
                    try record(name, token)
                    if closing == ")" && accept(":") { _ = try expression() }
                    p.varArgs = name
                } else if current.isOp(closing) || peek(0).isOp(",") && peek(1).isOp(closing) {
                    throw error("named arguments must follow bare *", token)
                }
                if !accept(",") { break }
                continue
            }
            let name = try expectName()
            try record(name, token)
            if closing == ")" && accept(":") { _ = try expression() }
            var defaultValue: Expr? = nil
            if accept("=") {
                defaultValue = try expression()
                if !afterStar { seenDefault = true }
            } else if seenDefault && !afterStar {
                throw error("non-default argument follows default argument", token)
            }
            let parameter = Parameters.Parameter(
                name: name, defaultValue: defaultValue, range: range(from: token.start))
            if afterStar { p.keywordOnly.append(parameter) } else { p.positional.append(parameter) }
            if !accept(",") { break }
        }
        return p
    }
}
