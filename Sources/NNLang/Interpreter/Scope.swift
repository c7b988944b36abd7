/// The variables of one scope, as Python decides them: names bound in a function are its locals,
/// unless declared `global` or `nonlocal`; names a nested function reads from an enclosing one
/// become cells there and free variables in between. A class body's names live in the class's
/// namespace, which the functions defined in it do not see: they look past it to the enclosing
/// function or the globals. Its two slots hold the namespace and the `__class__` cell that
/// zero-argument `super()` reads.
final class Scope {
    enum Kind { case module, function, classBody }

    /// A class body's slots: its namespace, and the cell the class is put in once made.
    static let namespaceSlotName = ".namespace", classCellName = "__class__"

    let kind: Kind
    let parent: Scope?
    /// Bound names in first-binding order.
    private(set) var bound: [String] = []
    private var boundSet: Set<String> = []
    var declaredGlobal: Set<String> = []
    var declaredNonlocal: Set<String> = []
    var used: Set<String> = []
    var children: [String: Scope] = [:]
    var parameters: [String] = []

    var cells: Set<String> = []
    /// A function containing `yield`.
    var isGenerator = false
    /// What a comprehension's scope is called in errors (`list comprehension`); nil for other scopes.
    var comprehension: String?
    static let generatorSlotName = ".generator"
    private(set) var free: [String] = []
    private var freeIndex: [String: Int] = [:]
    private(set) var slots: [String: Int] = [:]

    init(_ kind: Kind, parent: Scope?) {
        self.kind = kind
        self.parent = parent
    }

    func bind(_ name: String) {
        if boundSet.insert(name).inserted { bound.append(name) }
    }

    /// Whether the name is one of this scope's slots: a function's local; a class body's internal slots.
    func isLocal(_ name: String) -> Bool {
        switch kind {
        case .module: return false
        case .function:
            return boundSet.contains(name) && !declaredGlobal.contains(name) && !declaredNonlocal.contains(name)
        case .classBody: return name == Scope.namespaceSlotName || name == Scope.classCellName
        }
    }

    /// Whether a class body binds the name in its namespace.
    func bindsInNamespace(_ name: String) -> Bool {
        kind == .classBody && boundSet.contains(name) && !isLocal(name) && !declaredGlobal.contains(name)
            && !declaredNonlocal.contains(name)
    }

    func addFree(_ name: String) {
        if freeIndex[name] == nil {
            freeIndex[name] = free.count
            free.append(name)
        }
    }

    func freeSlot(_ name: String) -> Int? { freeIndex[name] }

    /// Decides cells and free variables for this scope and, first, its children.
    func resolveFreeVariables(_ source: Source) throws {
        for child in children.values { try child.resolveFreeVariables(source) }
        guard kind != .module else { return }
        for name in used.union(declaredNonlocal)
        where !isLocal(name) && !declaredGlobal.contains(name) && !bindsInNamespace(name) {
            var path: [Scope] = [self]
            var candidate = parent
            var found = false
            while let p = candidate, p.kind != .module {
                if p.declaredGlobal.contains(name) { break }
                if p.kind == .classBody && name != Scope.classCellName {
                    // A class body's names are not visible inside it: look further out.
                    path.append(p)
                    candidate = p.parent
                    continue
                }
                if p.isLocal(name) {
                    p.cells.insert(name)
                    for s in path { s.addFree(name) }
                    found = true
                    break
                }
                path.append(p)
                candidate = p.parent
            }
            if !found && declaredNonlocal.contains(name) {
                throw ScriptError.syntax(
                    "no binding for nonlocal '\(name)' found", at: SourceLocation(line: 1, column: 0), source: source)
            }
        }
    }

    /// Gives parameters the first slots, then the other locals.
    func assignSlots() {
        for name in parameters where slots[name] == nil { slots[name] = slots.count }
        for name in bound where isLocal(name) && slots[name] == nil { slots[name] = slots.count }
    }

    var slotCount: Int { slots.count }
    var localNames: [String] { Array(slots.keys) }
}

/// Builds the scope tree: which names each scope binds, declares and uses.
struct ScopeBuilder {
    let source: Source

    static func key(_ range: SourceRange, _ kind: String) -> String {
        "\(range.start.line):\(range.start.column):\(kind)"
    }

    func block(_ body: [Stmt], _ scope: Scope) throws {
        for s in body { try statement(s, scope) }
    }

    func statement(_ s: Stmt, _ scope: Scope) throws {
        switch s.kind {
        case .expression(let e): try expression(e, scope)
        case .assign(let targets, let value):
            try expression(value, scope)
            for t in targets { try target(t, scope) }
        case .augmentedAssign(let t, _, let value):
            try expression(value, scope)
            try target(t, scope)
            if case .name(let n) = t.kind { scope.used.insert(n) }
        case .annotatedAssign(let t, let annotation, let value):
            try expression(annotation, scope)
            if let value { try expression(value, scope); try target(t, scope) }
        case .pass, .breakLoop, .continueLoop: break
        case .returnValue(let v):
            if scope.kind != .function {
                throw ScriptError.syntax("'return' outside function", at: s.range.start, source: source)
            }
            if let v { try expression(v, scope) }
        case .delete(let targets): for t in targets { try target(t, scope) }
        case .global(let names):
            for n in names {
                if scope.parameters.contains(n) {
                    throw ScriptError.syntax("name '\(n)' is parameter and global", at: s.range.start, source: source)
                }
                scope.declaredGlobal.insert(n)
            }
        case .nonlocal(let names):
            if scope.kind == .module {
                throw ScriptError.syntax(
                    "nonlocal declaration not allowed at module level", at: s.range.start, source: source)
            }
            for n in names { scope.declaredNonlocal.insert(n) }
        case .assert(let test, let message):
            try expression(test, scope)
            if let message { try expression(message, scope) }
        case .raise(let e, let cause):
            if let e { try expression(e, scope) }
            if let cause { try expression(cause, scope) }
        case .importModules(let modules):
            for m in modules { scope.bind(m.alias ?? m.path[0]) }
        case .importFrom(_, let names):
            if names.isEmpty && scope.kind != .module {
                throw ScriptError.syntax("import * only allowed at module level", at: s.range.start, source: source)
            }
            for n in names { scope.bind(n.alias ?? n.name) }
        case .ifElse(let test, let body, let orElse):
            try expression(test, scope)
            try block(body, scope)
            try block(orElse, scope)
        case .whileLoop(let test, let body, let orElse):
            try expression(test, scope)
            try block(body, scope)
            try block(orElse, scope)
        case .forLoop(let t, let iterable, let body, let orElse):
            try expression(iterable, scope)
            try target(t, scope)
            try block(body, scope)
            try block(orElse, scope)
        case .tryExcept(let body, let handlers, let orElse, let finally):
            try block(body, scope)
            for h in handlers {
                if let t = h.type { try expression(t, scope) }
                if let n = h.name { scope.bind(n) }
                try block(h.body, scope)
            }
            try block(orElse, scope)
            try block(finally, scope)
        case .with(let items, let body):
            for item in items {
                try expression(item.context, scope)
                if let t = item.target { try target(t, scope) }
            }
            try block(body, scope)
        case .functionDefinition(let def):
            for d in def.decorators { try expression(d, scope) }
            try function(def.parameters, key: ScopeBuilder.key(s.range, "def"), scope) { child in
                try block(def.body, child)
                // Zero-argument super() reads the class the method is defined in from `__class__`.
                if scope.kind == .classBody && child.used.contains("super") { child.used.insert(Scope.classCellName) }
            }
            scope.bind(def.name)
        case .classDefinition(let def):
            for d in def.decorators { try expression(d, scope) }
            for a in def.arguments {
                switch a {
                case .positional(let x), .star(let x), .keyword(_, let x), .doubleStar(let x): try expression(x, scope)
                }
            }
            let child = Scope(.classBody, parent: scope)
            child.parameters = [Scope.namespaceSlotName]
            child.bind(Scope.namespaceSlotName)
            child.bind(Scope.classCellName)
            try block(def.body, child)
            scope.children[ScopeBuilder.key(s.range, "class")] = child
            scope.bind(def.name)
        }
    }

    func function(_ parameters: Parameters, key: String, _ scope: Scope, body: (Scope) throws -> Void) throws {
        for p in parameters.positional + parameters.keywordOnly {
            if let d = p.defaultValue { try expression(d, scope) }
        }
        let child = Scope(.function, parent: scope)
        child.parameters = parameters.allNames
        for name in child.parameters { child.bind(name) }
        try body(child)
        if child.isGenerator { child.bind(Scope.generatorSlotName) }
        scope.children[key] = child
    }

    func target(_ t: Expr, _ scope: Scope) throws {
        switch t.kind {
        case .name(let n): scope.bind(n)
        case .tuple(let items), .list(let items): for i in items { try target(i, scope) }
        case .starred(let inner): try target(inner, scope)
        case .attribute(let o, _): try expression(o, scope)
        case .subscripted(let o, let k):
            try expression(o, scope)
            try expression(k, scope)
        default: try expression(t, scope)
        }
    }

    func expression(_ e: Expr, _ scope: Scope) throws {
        switch e.kind {
        case .name(let n): scope.used.insert(n)
        case .constant: break
        case .formatted(let parts): try formatted(parts, scope)
        case .list(let items), .tuple(let items), .set(let items):
            for i in items { try expression(i, scope) }
        case .dict(let entries):
            for entry in entries {
                if let k = entry.key { try expression(k, scope) }
                try expression(entry.value, scope)
            }
        case .starred(let inner): try expression(inner, scope)
        case .unary(_, let x): try expression(x, scope)
        case .binary(_, let a, let b):
            try expression(a, scope)
            try expression(b, scope)
        case .and(let operands), .or(let operands):
            for operand in operands { try expression(operand, scope) }
        case .compare(let first, let rest):
            try expression(first, scope)
            for (_, r) in rest { try expression(r, scope) }
        case .conditional(let test, let then, let otherwise):
            try expression(test, scope)
            try expression(then, scope)
            try expression(otherwise, scope)
        case .lambda(let parameters, let body):
            try function(parameters, key: ScopeBuilder.key(e.range, "lambda"), scope) { try expression(body, $0) }
        case .call(let callee, let args):
            try expression(callee, scope)
            for a in args {
                switch a {
                case .positional(let x), .star(let x), .keyword(_, let x), .doubleStar(let x): try expression(x, scope)
                }
            }
        case .attribute(let o, _): try expression(o, scope)
        case .subscripted(let o, let k):
            try expression(o, scope)
            try expression(k, scope)
        case .slice(let a, let b, let c):
            for x in [a, b, c] { if let x { try expression(x, scope) } }
        case .comprehension(let kind, let element, let value, let clauses):
            try expression(clauses[0].iterable, scope)
            let child = Scope(.function, parent: scope)
            child.parameters = [".0"]
            child.bind(".0")
            child.comprehension = ComprehensionKind.names[kind]
            for (i, clause) in clauses.enumerated() {
                if i > 0 { try expression(clause.iterable, child) }
                try target(clause.target, child)
                for c in clause.conditions { try expression(c, child) }
            }
            try expression(element, child)
            if let value { try expression(value, child) }
            scope.children[ScopeBuilder.key(e.range, "comprehension")] = child
        case .assignExpression(let name, let value):
            try expression(value, scope)
            scope.bind(name)
        case .yield(let value):
            try yieldIn(scope, e.range)
            if let value { try expression(value, scope) }
        case .yieldFrom(let value):
            try yieldIn(scope, e.range)
            try expression(value, scope)
        }
    }

    /// Marks a function as a generator; `yield` elsewhere is a SyntaxError, as in CPython.
    func yieldIn(_ scope: Scope, _ range: SourceRange) throws {
        if let name = scope.comprehension {
            throw ScriptError.syntax("'yield' inside \(name)", at: range.start, source: source)
        }
        guard scope.kind == .function else {
            throw ScriptError.syntax("'yield' outside function", at: range.start, source: source)
        }
        scope.isGenerator = true
    }

    func formatted(_ parts: [FormattedPart], _ scope: Scope) throws {
        for part in parts {
            if case .value(let e, _, let spec) = part {
                try expression(e, scope)
                if let spec { try formatted(spec, scope) }
            }
        }
    }
}
