import BigInt

/// Expression rules, from the loosest (`star_expressions`) to the tightest (`atom`).
extension Parser {
    /// starExpressions = starExpression { "," starExpression } [ "," ] ;
    /// `star_expressions`: one expression, or a tuple when commas follow (`a, b = b, a`).
    mutating func starExpressions() throws -> Expr {
        let start = current.start
        let first = try starExpression()
        guard current.isOp(",") else {
            if case .starred = first.kind { throw error("can't use starred expression here", at: first.range.start) }
            return first
        }
        var items = [first]
        while accept(",") {
            if atExpressionEnd { break }
            items.append(try starExpression())
        }
        return Expr(.tuple(items), range(from: start))
    }

    /// True where an expression list may end: before `=`, `)`, a newline and the like.
    var atExpressionEnd: Bool {
        switch current.kind {
        case .newline, .end, .dedent: return true
        case .op(let o):
            return ["=", ")", "]", "}", ";", ":"].contains(o)
                || (o.hasSuffix("=") && o.count >= 2 && o != "==" && o != "<=" && o != ">=" && o != "!=")
        case .keyword(let k): return k == "in"
        default: return false
        }
    }

    /// starExpression = "*" bitwiseOr | namedExpression ;
    mutating func starExpression() throws -> Expr {
        let start = current.start
        if accept("*") { return Expr(.starred(try bitwiseOr()), range(from: start)) }
        return try expression()
    }

    /// namedExpression = NAME ":=" expression | expression ;
    /// `named_expression`: `name := expression` or an expression.
    mutating func namedExpression() throws -> Expr {
        if case .name(let name) = current.kind, peek().isOp(":=") {
            let start = current.start
            index += 2
            let value = try expression()
            return Expr(.assignExpression(name, value), range(from: start))
        }
        return try expression()
    }

    /// expression = disjunction [ "if" disjunction "else" expression ] | lambda ;
    /// `expression`: a conditional expression or a lambda.
    mutating func expression() throws -> Expr {
        try nest()
        defer { depth -= 1 }
        if current.isKeyword("lambda") { return try lambda() }
        let start = current.start
        let body = try disjunction()
        guard acceptKeyword("if") else { return body }
        let test = try disjunction()
        guard acceptKeyword("else") else { throw error("expected 'else' after 'if' expression", current) }
        let otherwise = try expression()
        return Expr(.conditional(test: test, then: body, otherwise: otherwise), range(from: start))
    }

    /// lambda = "lambda" [ parameterList ] ":" expression ;
    mutating func lambda() throws -> Expr {
        let start = advance().start
        let parameters = try parameterList(closing: ":")
        try expect(":", "expected ':'")
        let body = try expression()
        return Expr(.lambda(parameters, body), range(from: start))
    }

    /// disjunction = conjunction { "or" conjunction } ;
    mutating func disjunction() throws -> Expr {
        try booleanChain("or", Expr.Kind.or) { try $0.conjunction() }
    }

    /// conjunction = inversion { "and" inversion } ;
    mutating func conjunction() throws -> Expr {
        try booleanChain("and", Expr.Kind.and) { try $0.inversion() }
    }

    /// Operands joined by `keyword`, kept flat as CPython's BoolOp keeps them: a chain of any length
    /// adds no depth.
    mutating func booleanChain(
        _ keyword: String, _ kind: ([Expr]) -> Expr.Kind, _ operand: (inout Parser) throws -> Expr
    ) throws -> Expr {
        var operands = [try operand(&self)]
        while acceptKeyword(keyword) { operands.append(try operand(&self)) }
        if operands.count == 1 { return operands[0] }
        return Expr(kind(operands), operands[0].range.union(operands[operands.count - 1].range))
    }

    /// inversion = "not" inversion | comparison ;
    mutating func inversion() throws -> Expr {
        let start = current.start
        if acceptKeyword("not") {
            try nest()
            defer { depth -= 1 }
            return Expr(.unary(.not, try inversion()), range(from: start))
        }
        return try comparison()
    }

    /// comparison = bitwiseOr { compareOperator bitwiseOr } ;
    mutating func comparison() throws -> Expr {
        let left = try bitwiseOr()
        var rest: [(CompareOperator, Expr)] = []
        while let op = compareOperator() {
            rest.append((op, try bitwiseOr()))
        }
        if rest.isEmpty { return left }
        return Expr(.compare(left, rest), left.range.union(rest.last!.1.range))
    }

    /// compareOperator = "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in" | "is" [ "not" ] ;
    mutating func compareOperator() -> CompareOperator? {
        switch current.kind {
        case .op(let o):
            guard let op = CompareOperator(rawValue: o) else { return nil }
            index += 1
            return op
        case .keyword("in"):
            index += 1
            return .contains
        case .keyword("not") where peek().isKeyword("in"):
            index += 2
            return .notContains
        case .keyword("is"):
            index += 1
            return acceptKeyword("not") ? .isNot : .isSame
        default:
            return nil
        }
    }

    // The operators of each binary level, built once (a literal in each call would build a
    // dictionary per operand parsed).
    static let bitOrOperators: [String: BinaryOperator] = ["|": .bitOr]
    static let bitXorOperators: [String: BinaryOperator] = ["^": .bitXor]
    static let bitAndOperators: [String: BinaryOperator] = ["&": .bitAnd]
    static let shiftOperators: [String: BinaryOperator] = ["<<": .leftShift, ">>": .rightShift]
    static let sumOperators: [String: BinaryOperator] = ["+": .add, "-": .subtract]
    static let termOperators: [String: BinaryOperator] = [
        "*": .multiply, "/": .divide, "//": .floorDivide, "%": .modulo, "@": .matrixMultiply,
    ]

    mutating func binaryLevel(_ ops: [String: BinaryOperator], _ next: (inout Parser) throws -> Expr) throws -> Expr {
        var left = try next(&self)
        while case .op(let o) = current.kind, let op = ops[o] {
            index += 1
            try link()
            let right = try next(&self)
            left = Expr(.binary(op, left, right), left.range.union(right.range))
        }
        return left
    }

    /// bitwiseOr = bitwiseXor { "|" bitwiseXor } ;
    mutating func bitwiseOr() throws -> Expr { try binaryLevel(Parser.bitOrOperators) { try $0.bitwiseXor() } }
    /// bitwiseXor = bitwiseAnd { "^" bitwiseAnd } ;
    mutating func bitwiseXor() throws -> Expr { try binaryLevel(Parser.bitXorOperators) { try $0.bitwiseAnd() } }
    /// bitwiseAnd = shiftExpression { "&" shiftExpression } ;
    mutating func bitwiseAnd() throws -> Expr { try binaryLevel(Parser.bitAndOperators) { try $0.shiftExpression() } }
    /// shiftExpression = sum { ( "<<" | ">>" ) sum } ;
    mutating func shiftExpression() throws -> Expr {
        try binaryLevel(Parser.shiftOperators) { try $0.sum() }
    }
    /// sum = term { ( "+" | "-" ) term } ;
    mutating func sum() throws -> Expr { try binaryLevel(Parser.sumOperators) { try $0.term() } }
    /// term = factor { ( "*" | "/" | "//" | "%" | "@" ) factor } ;
    mutating func term() throws -> Expr {
        try binaryLevel(Parser.termOperators) {
            try $0.factor()
        }
    }

    /// factor = ( "+" | "-" | "~" ) factor | power ;
    /// `factor`: unary `+`, `-`, `~`, binding looser than `**` (`-2 ** 2 == -4`).
    mutating func factor() throws -> Expr {
        let start = current.start
        let op: UnaryOperator? =
            current.isOp("-") ? .negate : current.isOp("+") ? .plus : current.isOp("~") ? .invert : nil
        guard let op else { return try power() }
        index += 1
        try nest()
        defer { depth -= 1 }
        let operand = try factor()
        return Expr(.unary(op, operand), range(from: start))
    }

    /// power = primary [ "**" factor ] ;
    /// `power`: right-associative, and its right operand may carry a sign (`2 ** -1`).
    mutating func power() throws -> Expr {
        let base = try primary()
        guard accept("**") else { return base }
        try nest()  // `**` nests to the right, as parentheses do
        defer { depth -= 1 }
        let exponent = try factor()
        return Expr(.binary(.power, base, exponent), base.range.union(exponent.range))
    }

    /// primary = atom { "." NAME | "(" [ arguments ] ")" | "[" slices "]" } ;
    /// `primary`: an atom followed by calls, subscripts and attribute accesses.
    mutating func primary() throws -> Expr {
        if current.isKeyword("await") { throw error("'await' is not supported", current) }
        var e = try atom()
        while true {
            if current.isOp(".") || current.isOp("(") || current.isOp("[") { try link() }
            if accept(".") {
                guard case .name(let name) = current.kind else { throw error("invalid syntax", current) }
                index += 1
                e = Expr(.attribute(e, name), range(from: e.range.start))
            } else if accept("(") {
                let args = try arguments()
                try expect(")")
                e = Expr(.call(e, args), range(from: e.range.start))
            } else if accept("[") {
                let subscriptExpr = try slices()
                try expect("]")
                e = Expr(.subscripted(e, subscriptExpr), range(from: e.range.start))
            } else {
                return e
            }
        }
    }

    /// arguments = argument { "," argument } [ "," ] ;
    /// Call arguments; `name=value` and nn's `name: value` are both keyword arguments.
    mutating func arguments() throws -> [Argument] {
        var args: [Argument] = []
        var sawKeyword = false
        while !current.isOp(")") {
            let token = current
            if accept("*") {
                args.append(.star(try expression()))
            } else if accept("**") {
                args.append(.doubleStar(try expression()))
                sawKeyword = true
            } else if case .name(let name) = current.kind, peek().isOp("=") || peek().isOp(":") {
                index += 2
                args.append(.keyword(name, try expression()))
                sawKeyword = true
            } else {
                let value = try namedExpression()
                if current.isKeyword("for") {
                    let generator = try comprehension(.generator, element: value, value: nil, start: value.range.start)
                    args.append(.positional(generator))
                } else {
                    if sawKeyword {
                        let message =
                            args.contains(where: { if case .doubleStar = $0 { return true } else { return false } })
                            ? "positional argument follows keyword argument unpacking"
                            : "positional argument follows keyword argument"
                        throw error(message, token)
                    }
                    args.append(.positional(value))
                }
            }
            if !accept(",") {
                if !current.isOp(")"), let last = args.last, case .positional(let e) = last, startsExpression(current) {
                    throw forgotComma(after: e)
                }
                break
            }
        }
        if case .positional(let e)? = args.first, case .comprehension(.generator, _, _, _) = e.kind, args.count > 1 {
            throw error("Generator expression must be parenthesized", at: e.range.start)
        }
        return args
    }

    /// slices = sliceItem { "," sliceItem } [ "," ] ;
    /// The inside of `[...]` after an expression: an index, a slice, or a tuple of them.
    mutating func slices() throws -> Expr {
        let start = current.start
        let first = try sliceItem()
        guard current.isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if current.isOp("]") { break }
            items.append(try sliceItem())
        }
        return Expr(.tuple(items), range(from: start))
    }

    /// sliceItem = [ expression ] ":" [ expression ] [ ":" [ expression ] ] | starExpression ;
    mutating func sliceItem() throws -> Expr {
        let start = current.start
        var lower: Expr? = nil
        if !current.isOp(":") {
            lower = try starExpression()
            guard current.isOp(":") else { return lower! }
        }
        index += 1
        let upper = current.isOp(":") || current.isOp("]") || current.isOp(",") ? nil : try expression()
        var step: Expr? = nil
        if accept(":") && !current.isOp("]") && !current.isOp(",") { step = try expression() }
        return Expr(.slice(lower, upper, step), range(from: start))
    }

    /// atom = NAME | INT | FLOAT | STRING { STRING } | "None" | "True" | "False" | "..." | "(" [ starOrNamed (
    ///     comprehension | { "," starOrNamed } [ "," ] ) ] ")" | "[" [ starOrNamed ( comprehension | { ","
    ///     starOrNamed } [ "," ] ) ] "]" | "{" [ dictOrSet ] "}" ;
    mutating func atom() throws -> Expr {
        let token = current
        let start = token.start
        switch token.kind {
        case .name(let n):
            index += 1
            return Expr(.name(n), token.range)
        case .int(let v):
            index += 1
            return Expr(.constant(.int(v)), token.range)
        case .float(let v):
            index += 1
            return Expr(.constant(.float(v)), token.range)
        case .string:
            return try strings()
        case .keyword("None"):
            index += 1
            return Expr(.constant(.none), token.range)
        case .keyword("True"), .keyword("False"):
            index += 1
            return Expr(.constant(.bool(token.isKeyword("True"))), token.range)
        case .op("..."):
            index += 1
            return Expr(.constant(.ellipsis), token.range)
        case .op("("):
            index += 1
            try nest()
            defer { depth -= 1 }
            if accept(")") { return Expr(.tuple([]), range(from: start)) }
            if current.isKeyword("yield") {
                let e = try yieldExpression()
                try expect(")")
                return e
            }
            let first = try starOrNamed()
            if current.isKeyword("for") {
                let gen = try comprehension(.generator, element: first, value: nil, start: start)
                try expect(")")
                return Expr(gen.kind, range(from: start))
            }
            if accept(")") {
                if case .starred = first.kind {
                    throw error("cannot use starred expression here", at: first.range.start)
                }
                return Expr(first.kind, range(from: start))
            }
            var items = [first]
            while accept(",") {
                if current.isOp(")") { break }
                items.append(try starOrNamed())
            }
            try close(")", after: items.last)
            return Expr(.tuple(items), range(from: start))
        case .op("["):
            index += 1
            try nest()
            defer { depth -= 1 }
            if accept("]") { return Expr(.list([]), range(from: start)) }
            let first = try starOrNamed()
            if current.isKeyword("for") {
                let comp = try comprehension(.list, element: first, value: nil, start: start)
                try expect("]")
                return Expr(comp.kind, range(from: start))
            }
            var items = [first]
            while accept(",") {
                if current.isOp("]") { break }
                items.append(try starOrNamed())
            }
            try close("]", after: items.last)
            return Expr(.list(items), range(from: start))
        case .op("{"):
            index += 1
            try nest()
            defer { depth -= 1 }
            return try dictOrSet(start)
        case .keyword("lambda"):
            return try lambda()
        case .newline, .end:
            throw error("invalid syntax", token)
        case .indent:
            throw error("unexpected indent", token, kind: .indentationError)
        default:
            throw error("invalid syntax", token)
        }
    }

    /// Consumes the closing bracket of a display; when an expression follows the last item instead,
    /// gives CPython's hint at the start of that item.
    mutating func close(_ bracket: String, after last: Expr?) throws {
        if accept(bracket) { return }
        if let last, startsExpression(current) { throw forgotComma(after: last) }
        throw error("invalid syntax", current)
    }

    /// CPython's hint for `a b` inside brackets. CPython reads past `b` (as an expression or a
    /// keyword argument) first, so when the input ends there this parser moves to the end as well
    /// and `parse` reports the unclosed bracket instead.
    mutating func forgotComma(after item: Expr) -> ScriptError {
        var probe = self
        if (try? probe.expression()) != nil {
            if probe.accept("=") || probe.accept(":") { _ = try? probe.expression() }
            if probe.current.kind == .newline || probe.current.kind == .end { index = probe.index }
        }
        return error("invalid syntax. Perhaps you forgot a comma?", at: item.range.start)
    }

    /// True when `token` can begin an expression.
    func startsExpression(_ token: Token) -> Bool {
        switch token.kind {
        case .name, .int, .float, .string: return true
        case .keyword(let k): return ["None", "True", "False", "not", "lambda"].contains(k)
        case .op(let o): return ["(", "[", "{", "-", "+", "~", "..."].contains(o)
        default: return false
        }
    }

    /// starOrNamed = "*" bitwiseOr | namedExpression ;
    mutating func starOrNamed() throws -> Expr {
        current.isOp("*") ? try starExpression() : try namedExpression()
    }

    /// dictOrSet = ( expression ":" expression | "**" bitwiseOr ) ( comprehension | dictRest ) | starOrNamed (
    ///     comprehension | { "," starOrNamed } [ "," ] ) ;
    mutating func dictOrSet(_ start: SourceLocation) throws -> Expr {
        if accept("}") { return Expr(.dict([]), range(from: start)) }
        if accept("**") {
            var entries: [(key: Expr?, value: Expr)] = [(nil, try bitwiseOr())]
            try dictRest(&entries)
            return Expr(.dict(entries), range(from: start))
        }
        let first = try starOrNamed()
        if accept(":") {
            let value = try expression()
            if current.isKeyword("for") {
                let comp = try comprehension(.dict, element: first, value: value, start: start)
                try expect("}")
                return Expr(comp.kind, range(from: start))
            }
            var entries: [(key: Expr?, value: Expr)] = [(first, value)]
            try dictRest(&entries)
            return Expr(.dict(entries), range(from: start))
        }
        if current.isKeyword("for") {
            let comp = try comprehension(.set, element: first, value: nil, start: start)
            try expect("}")
            return Expr(comp.kind, range(from: start))
        }
        var items = [first]
        while accept(",") {
            if current.isOp("}") { break }
            items.append(try starOrNamed())
        }
        try close("}", after: items.last)
        return Expr(.set(items), range(from: start))
    }

    /// dictRest = { "," ( expression ":" expression | "**" bitwiseOr ) } [ "," ] ;
    mutating func dictRest(_ entries: inout [(key: Expr?, value: Expr)]) throws {
        while accept(",") {
            if current.isOp("}") { break }
            if accept("**") {
                entries.append((nil, try bitwiseOr()))
                continue
            }
            let key = try expression()
            try expect(":", "':' expected after dictionary key")
            entries.append((key, try expression()))
        }
        try close("}", after: entries.last?.value)
    }

    /// comprehension = "for" forTarget "in" disjunction { "if" disjunction } { "for" forTarget "in" disjunction {
    ///     "if" disjunction } } ;
    mutating func comprehension(
        _ kind: ComprehensionKind, element: Expr, value: Expr?, start: SourceLocation
    ) throws -> Expr {
        if case .starred = element.kind {
            throw error("iterable unpacking cannot be used in comprehension", at: element.range.start)
        }
        var clauses: [ComprehensionClause] = []
        while acceptKeyword("for") {
            let target = try forTarget()
            guard acceptKeyword("in") else { throw error("invalid syntax", current) }
            let iterable = try disjunction()
            var conditions: [Expr] = []
            while acceptKeyword("if") { conditions.append(try disjunction()) }
            clauses.append(ComprehensionClause(target: target, iterable: iterable, conditions: conditions))
        }
        return Expr(.comprehension(kind, element: element, value: value, clauses: clauses), range(from: start))
    }

    /// Adjacent string literals, concatenated; any f-string among them makes the whole formatted.
    mutating func strings() throws -> Expr {
        let start = current.start
        var parts: [FormattedPart] = []
        var anyFormatted = false
        while case .string(let pieces, let isF) = current.kind {
            index += 1
            anyFormatted = anyFormatted || isF
            for piece in pieces { parts += try formattedParts(piece) }
        }
        if !anyFormatted {
            let text = parts.map { if case .text(let t) = $0 { return t } else { return "" } }.joined()
            return Expr(.constant(.string(text)), range(from: start))
        }
        return Expr(.formatted(parts), range(from: start))
    }

    func formattedParts(_ piece: FStringPart) throws -> [FormattedPart] {
        switch piece {
        case .text(let t):
            return [.text(t)]
        case .field(let text, let at, let conversion, let spec, let selfDocumenting):
            let expr = try Parser.parseExpression(text, at: at, in: source)
            let value = FormattedPart.value(
                expr, conversion: conversion, spec: try spec.map { try $0.flatMap(formattedParts) })
            return selfDocumenting.map { [.text($0), value] } ?? [value]
        }
    }
}
