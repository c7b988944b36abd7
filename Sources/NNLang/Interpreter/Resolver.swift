/// The result of resolving module-level code.
struct ResolvedModule {
    let body: [StmtNode]
    let slotCount: Int
}

/// Turns the AST into executable nodes, resolving every name once to a local slot, a cell, a free
/// variable of the enclosing function, or a global slot, so the interpreter never searches by name.
struct Resolver {
    let source: Source
    let globals: Globals
    let scope: Scope
    /// What qualifies the names defined here: `Class.` in a class body, `f.<locals>.` in a function.
    var prefix = ""

    static func resolveModule(
        _ body: [Stmt], source: Source, globals: Globals, displayLast: Bool
    ) throws -> ResolvedModule {
        let module = Scope(.module, parent: nil)
        try ScopeBuilder(source: source).block(body, module)
        try module.resolveFreeVariables(source)
        let resolver = Resolver(source: source, globals: globals, scope: module)
        var nodes = try resolver.block(body)
        if displayLast, let last = body.last, case .expression(let e) = last.kind {
            nodes[nodes.count - 1] = DisplayStatement(try resolver.expression(e))
        }
        return ResolvedModule(body: nodes, slotCount: 0)
    }

    func error(_ message: String, _ range: SourceRange) -> ScriptError {
        ScriptError.syntax(message, at: range.start, source: source)
    }

    // MARK: names

    func load(_ name: String, _ range: SourceRange) -> ExprNode {
        if scope.kind != .module {
            if scope.isLocal(name), let slot = scope.slots[name] {
                return scope.cells.contains(name) ? CellNode(slot, name, range) : LocalNode(slot, name, range)
            }
            let outer: ExprNode =
                scope.freeSlot(name).map { FreeNode($0, name, range) }
                ?? GlobalNode(
                    globals.slot(name), name, range, localNames: scope.kind == .function ? scope.localNames : [])
            return scope.bindsInNamespace(name) ? NamespaceNode(name, outer: outer) : outer
        }
        return GlobalNode(globals.slot(name), name, range, localNames: [])
    }

    func store(_ name: String, _ range: SourceRange) -> TargetNode {
        if scope.kind != .module {
            if scope.bindsInNamespace(name) { return NamespaceTarget(name, range) }
            if scope.isLocal(name), let slot = scope.slots[name] {
                return scope.cells.contains(name) ? CellTarget(slot, name, range) : LocalTarget(slot, name, range)
            }
            if let i = scope.freeSlot(name) { return FreeTarget(i, name, range) }
        }
        return GlobalTarget(globals.slot(name), name, range)
    }

    func target(_ e: Expr) throws -> TargetNode {
        switch e.kind {
        case .name(let n): return store(n, e.range)
        case .attribute(let o, let name): return AttributeTarget(try expression(o), name, e.range)
        case .subscripted(let o, let k): return SubscriptTarget(try expression(o), try expression(k), e.range)
        case .tuple(let items), .list(let items):
            var star: Int? = nil
            var targets: [TargetNode] = []
            for (i, item) in items.enumerated() {
                if case .starred(let inner) = item.kind {
                    if star != nil { throw error("multiple starred expressions in assignment", item.range) }
                    star = i
                    targets.append(try target(inner))
                } else {
                    targets.append(try target(item))
                }
            }
            return UnpackTarget(targets, starIndex: star, e.range)
        case .starred: throw error("starred assignment target must be in a list or tuple", e.range)
        default: throw error("cannot assign to expression", e.range)
        }
    }

    // MARK: statements

    func block(_ body: [Stmt]) throws -> [StmtNode] {
        try body.compactMap { try statement($0) }
    }

    func statement(_ s: Stmt) throws -> StmtNode? {
        switch s.kind {
        case .expression(let e): return ExpressionStatement(try expression(e))
        case .assign(let targets, let value):
            return AssignStatement(try targets.map(target), try expression(value))
        case .augmentedAssign(let t, let op, let value):
            return try augmented(t, op, value, s.range)
        case .annotatedAssign(let t, let annotation, let value):
            if scope.kind == .classBody, case .name(let name) = t.kind {
                // A class records its annotations (dataclasses read the fields from them).
                return AnnotationStatement(
                    name, try expression(annotation), try value.map(expression),
                    value == nil ? nil : store(name, t.range))
            }
            guard let value else { return nil }
            return AssignStatement([try target(t)], try expression(value))
        case .pass: return PassStatement()
        case .breakLoop: return BreakStatement()
        case .continueLoop: return ContinueStatement()
        case .returnValue(let v): return ReturnStatement(try v.map(expression))
        case .delete(let targets): return DeleteStatement(try targets.map(target))
        case .global, .nonlocal: return nil
        case .assert(let test, let message):
            return AssertStatement(try expression(test), try message.map(expression), s.range)
        case .raise(let e, _): return RaiseStatement(try e.map(expression), s.range)
        case .importModules(let modules):
            let statements = modules.map { m in
                ImportStatement(
                    m.path, store(m.alias ?? m.path[0], s.range), bindsTop: m.alias == nil && m.path.count > 1, s.range)
            }
            return statements.count == 1 ? statements[0] : Block(statements)
        case .importFrom(let path, let names):
            return ImportFromStatement(path, names.map { ($0.name, store($0.alias ?? $0.name, s.range)) }, s.range)
        case .ifElse(let test, let body, let orElse):
            return IfStatement(try expression(test), try block(body), try block(orElse))
        case .whileLoop(let test, let body, let orElse):
            return WhileStatement(try expression(test), try block(body), try block(orElse))
        case .forLoop(let t, let iterable, let body, let orElse):
            return ForStatement(try target(t), try expression(iterable), try block(body), try block(orElse))
        case .tryExcept(let body, let handlers, let orElse, let finally):
            let resolved = try handlers.map {
                TryStatement.Handler(
                    type: try $0.type.map(expression), target: $0.name.map { store($0, s.range) },
                    body: try block($0.body))
            }
            return TryStatement(try block(body), resolved, try block(orElse), try block(finally))
        case .with(let items, let body):
            var inner = try block(body)
            for item in items.reversed() {
                inner = [WithStatement(try expression(item.context), try item.target.map(target), inner, s.range)]
            }
            return inner[0]
        case .functionDefinition(let def):
            let node = try function(
                name: def.name, parameters: def.parameters, range: s.range, key: "def",
                decorators: def.decorators
            ) { resolver, code in
                code.body = try resolver.block(def.body)
                if case .expression(let e)? = def.body.first?.kind, case .constant(.string(let doc)) = e.kind {
                    code.docstring = .string(doc)
                }
            }
            return AssignStatement([store(def.name, s.range)], node)
        case .classDefinition(let def):
            let bases = try def.arguments.map(argument)
            let decorators = try def.decorators.map(expression)
            var parameters = Parameters()
            parameters.positional = [.init(name: Scope.namespaceSlotName, defaultValue: nil, range: s.range)]
            let (code, captures) = try child(
                ScopeBuilder.key(s.range, "class"), name: def.name, parameters: parameters, range: s.range
            ) { resolver, code in
                code.body = try resolver.block(def.body)
            }
            let node = ClassNode(
                name: def.name, code: code, bases: bases, decorators: decorators, captures: captures, range: s.range)
            return AssignStatement([store(def.name, s.range)], node)
        }
    }

    func augmented(_ t: Expr, _ op: BinaryOperator, _ value: Expr, _ range: SourceRange) throws -> StmtNode {
        let v = try expression(value)
        switch t.kind {
        case .name(let n):
            let read = load(n, t.range)
            if let local = read as? LocalNode {
                return AugmentedLocalStatement(slot: local.slot, op: op, value: v, read: read, range: range)
            }
            return AugmentedStatement(.name(read: read, write: store(n, t.range)), op, v, range)
        case .attribute(let o, let name):
            return AugmentedStatement(.attribute(try expression(o), name), op, v, range)
        case .subscripted(let o, let k):
            return AugmentedStatement(.item(try expression(o), try expression(k)), op, v, range)
        default:
            throw error("illegal expression for augmented assignment", t.range)
        }
    }

    /// Resolves a `def` or `lambda`: a child resolver fills the code's body.
    func function(
        name: String, parameters: Parameters, range: SourceRange, key: String, decorators: [Expr],
        body: (Resolver, FunctionCode) throws -> Void
    ) throws -> FunctionNode {
        let decoratorNodes = try decorators.map(expression)
        var defaults: [ExprNode] = []
        for p in parameters.positional { if let d = p.defaultValue { defaults.append(try expression(d)) } }
        var keywordDefaults: [(String, ExprNode)] = []
        for p in parameters.keywordOnly {
            if let d = p.defaultValue { keywordDefaults.append((p.name, try expression(d))) }
        }
        let (code, captures) = try child(
            ScopeBuilder.key(range, key), name: name, parameters: parameters, range: range, body: body)
        return FunctionNode(
            code: code, defaults: defaults, keywordDefaults: keywordDefaults, captures: captures,
            decorators: decoratorNodes, range: range)
    }

    /// Resolves a nested scope and says where its free variables come from in this one.
    func child(
        _ key: String, name: String, parameters: Parameters, range: SourceRange,
        body: (Resolver, FunctionCode) throws -> Void
    ) throws -> (FunctionCode, [CaptureSource]) {
        guard let childScope = scope.children[key] else { throw error("internal error: unresolved scope", range) }
        childScope.assignSlots()
        let code = FunctionCode(name: name, source: source, range: range, parameters: parameters)
        code.qualifiedName = prefix + name
        if childScope.isGenerator { code.generatorSlot = childScope.slots[Scope.generatorSlotName] }
        let inner = childScope.kind == .classBody ? code.qualifiedName + "." : code.qualifiedName + ".<locals>."
        let resolver = Resolver(source: source, globals: globals, scope: childScope, prefix: inner)
        try body(resolver, code)
        code.slotCount = childScope.slotCount
        for name in childScope.cells {
            guard let slot = childScope.slots[name] else { continue }
            if childScope.parameters.contains(name) {
                code.cellParameterSlots.append(slot)
            } else {
                code.cellLocalSlots.append(slot)
            }
        }
        let captures: [CaptureSource] = try childScope.free.map { name in
            if scope.kind != .module, scope.isLocal(name), let slot = scope.slots[name], scope.cells.contains(name) {
                return .cell(slot)
            }
            if let i = scope.freeSlot(name) { return .free(i) }
            throw error("internal error: free variable '\(name)' has no source", range)
        }
        return (code, captures)
    }

    // MARK: expressions

    func expression(_ e: Expr) throws -> ExprNode {
        let r = e.range
        switch e.kind {
        case .name(let n): return load(n, r)
        case .constant(let c): return ConstantNode(constant(c), r)
        case .formatted(let parts): return try formatted(parts, r)
        case .list(let items): return ListNode(try itemsNode(items), r)
        case .tuple(let items): return TupleNode(try itemsNode(items), r)
        case .set(let items): return SetNode(try itemsNode(items), r)
        case .dict(let entries):
            return DictNode(try entries.map { (try $0.key.map(expression), try expression($0.value)) }, r)
        case .starred: throw error("can't use starred expression here", r)
        case .unary(let op, let x):
            if op == .negate, case .constant(.int(let v)) = x.kind { return ConstantNode(.integer(-v), r) }
            if op == .negate, case .constant(.float(let v)) = x.kind { return ConstantNode(.float(-v), r) }
            return UnaryNode(op, try expression(x), r)
        case .binary(let op, let a, let b): return BinaryNode(op, try expression(a), try expression(b), r)
        case .and(let operands): return BooleanNode(try operands.map(expression), stopsWhen: false, r)
        case .or(let operands): return BooleanNode(try operands.map(expression), stopsWhen: true, r)
        case .compare(let first, let rest):
            return CompareNode(try expression(first), try rest.map { ($0.0, try expression($0.1)) }, r)
        case .conditional(let test, let then, let otherwise):
            return ConditionalNode(try expression(test), try expression(then), try expression(otherwise), r)
        case .lambda(let parameters, let body):
            return try function(name: "<lambda>", parameters: parameters, range: r, key: "lambda", decorators: []) {
                resolver, code in
                code.expressionBody = try resolver.expression(body)
            }
        case .call(let callee, let args):
            if case .name("super") = callee.kind, args.isEmpty, scope.kind == .function,
                scope.freeSlot(Scope.classCellName) != nil, !scope.isLocal("super")
            {
                return SuperNode(
                    classCell: load(Scope.classCellName, r), first: scope.parameters.first.map { load($0, r) }, r)
            }
            let argNodes = try args.map(argument)
            if case .attribute(let receiver, let name) = callee.kind {
                return MethodCallNode(try expression(receiver), name, argNodes, r)
            }
            return CallNode(try expression(callee), argNodes, r)
        case .attribute(let o, let name): return AttributeNode(try expression(o), name, r)
        case .subscripted(let o, let k): return SubscriptNode(try expression(o), try expression(k), r)
        case .slice(let a, let b, let c):
            return SliceNode(try a.map(expression), try b.map(expression), try c.map(expression), r)
        case .comprehension(let kind, let element, let value, let clauses):
            return try comprehension(kind, element, value, clauses, r)
        case .assignExpression(let name, let value):
            return AssignExpressionNode(store(name, r), try expression(value), r)
        case .yield(let value):
            return YieldNode(try value.map(expression), slot: try generatorSlot(r), r)
        case .yieldFrom(let source):
            return YieldFromNode(try expression(source), slot: try generatorSlot(r), r)
        }
    }

    /// The hidden slot of the generator function being resolved.
    func generatorSlot(_ range: SourceRange) throws -> Int {
        guard let slot = scope.slots[Scope.generatorSlotName] else {
            throw error("internal error: 'yield' outside a generator", range)
        }
        return slot
    }

    func constant(_ c: Constant) -> Value {
        switch c {
        case .none: return .none
        case .ellipsis: return .object(PyEllipsis.shared)
        case .bool(let b): return .bool(b)
        case .int(let i): return .integer(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        }
    }

    func itemsNode(_ items: [Expr]) throws -> ItemsNode {
        var nodes: [ExprNode] = []
        var starred: [Bool] = []
        for item in items {
            if case .starred(let inner) = item.kind {
                nodes.append(try expression(inner))
                starred.append(true)
            } else {
                nodes.append(try expression(item))
                starred.append(false)
            }
        }
        return ItemsNode(nodes, starred: starred)
    }

    func argument(_ a: Argument) throws -> ArgumentNode {
        switch a {
        case .positional(let e): return .positional(try expression(e))
        case .star(let e): return .star(try expression(e))
        case .keyword(let n, let e): return .keyword(n, try expression(e))
        case .doubleStar(let e): return .doubleStar(try expression(e))
        }
    }

    func formatted(_ parts: [FormattedPart], _ range: SourceRange) throws -> FormattedNode {
        FormattedNode(
            try parts.map { part in
                switch part {
                case .text(let t): return .text(t)
                case .value(let e, let conversion, let spec):
                    return .value(
                        try expression(e), conversion: conversion, spec: try spec.map { try formatted($0, range) })
                }
            }, range)
    }

    func comprehension(
        _ kind: ComprehensionKind, _ element: Expr, _ value: Expr?, _ clauses: [ComprehensionClause],
        _ range: SourceRange
    ) throws -> ExprNode {
        let first = try expression(clauses[0].iterable)
        var parameters = Parameters()
        parameters.positional = [.init(name: ".0", defaultValue: nil, range: range)]
        let name =
            kind == .list ? "<listcomp>" : kind == .dict ? "<dictcomp>" : kind == .set ? "<setcomp>" : "<genexpr>"
        let (code, captures) = try child(
            ScopeBuilder.key(range, "comprehension"), name: name, parameters: parameters, range: range
        ) { resolver, code in
            let resolvedClauses = try clauses.enumerated().map { i, clause in
                ComprehensionBody.Clause(
                    target: try resolver.target(clause.target),
                    iterable: i == 0 ? nil : try resolver.expression(clause.iterable),
                    conditions: try clause.conditions.map(resolver.expression))
            }
            code.expressionBody = ComprehensionBody(
                kind: kind, element: try resolver.expression(element),
                value: try value.map(resolver.expression), clauses: resolvedClauses, range: range)
        }
        return ComprehensionNode(code: code, firstIterable: first, captures: captures, range: range)
    }
}

/// Several statements that run as one (`import a, b`).
final class Block: StmtNode {
    let statements: [StmtNode]
    init(_ statements: [StmtNode]) { self.statements = statements }
    func exec(_ f: Frame) throws -> Completion { try execBlock(statements, f) }
}

/// The `...` singleton.
public final class PyEllipsis: PyObject, @unchecked Sendable {
    public static let shared = PyEllipsis()
    public override var type: PyType { .ellipsisType }
    public override func repr(_ interp: Interpreter) throws -> String { "Ellipsis" }
}
