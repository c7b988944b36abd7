final class ExpressionStatement: StmtNode {
    let expression: ExprNode
    init(_ expression: ExprNode) { self.expression = expression }
    func exec(_ f: Frame) throws -> Completion {
        _ = try expression.eval(f)
        return .normal
    }
}

/// A module's final bare expression whose value a notebook or the REPL displays.
final class DisplayStatement: StmtNode {
    let value: ExprNode
    init(_ value: ExprNode) { self.value = value }
    func exec(_ f: Frame) throws -> Completion {
        _ = try value.eval(f)
        return .normal
    }
}

final class AssignStatement: StmtNode {
    let targets: [TargetNode]
    let value: ExprNode
    init(_ targets: [TargetNode], _ value: ExprNode) {
        self.targets = targets
        self.value = value
    }
    func exec(_ f: Frame) throws -> Completion {
        let v = try value.eval(f)
        for t in targets { try t.assign(v, f) }
        return .normal
    }
}

/// `x op= value` on a local variable, the common case in loops.
final class AugmentedLocalStatement: StmtNode {
    let slot: Int, op: BinaryOperator, value: ExprNode, read: ExprNode, range: SourceRange
    init(slot: Int, op: BinaryOperator, value: ExprNode, read: ExprNode, range: SourceRange) {
        self.slot = slot
        self.op = op
        self.value = value
        self.read = read
        self.range = range
    }
    func exec(_ f: Frame) throws -> Completion {
        let current = try read.eval(f)
        let v = try value.eval(f)
        f.slots[slot] = try AugmentedStatement.combine(op, current, v, f, range)
        return .normal
    }
}

/// `target op= value` for any target: reads, combines in place where the type allows, writes back.
final class AugmentedStatement: StmtNode {
    enum Place {
        case name(read: ExprNode, write: TargetNode)
        case attribute(ExprNode, String)
        case item(ExprNode, ExprNode)
    }
    let place: Place, op: BinaryOperator, value: ExprNode, range: SourceRange
    init(_ place: Place, _ op: BinaryOperator, _ value: ExprNode, _ range: SourceRange) {
        self.place = place
        self.op = op
        self.value = value
        self.range = range
    }

    func exec(_ f: Frame) throws -> Completion {
        let interp = f.interp
        switch place {
        case .name(let read, let write):
            var current = try read.eval(f)
            let v = try value.eval(f)
            if op == .add, case .str(let tail) = v, case .str = current {
                // As CPython does, `s += t` grows the string in place when the variable holds the only
                // reference, so building a string in a loop is linear rather than quadratic.
                current = .none
                if var taken = write.take(f) {
                    PyString.append(tail, to: &taken)
                    try write.assign(taken, f)
                    return .normal
                }
                current = try read.eval(f)
            }
            try write.assign(try AugmentedStatement.combine(op, current, v, f, range), f)
        case .attribute(let objectNode, let name):
            let object = try objectNode.eval(f)
            let current = try located(range) { try interp.getAttribute(object, name) }
            let v = try value.eval(f)
            let result = try AugmentedStatement.combine(op, current, v, f, range)
            try located(range) { try interp.setAttribute(object, name, result) }
        case .item(let containerNode, let keyNode):
            let container = try containerNode.eval(f)
            let key = try keyNode.eval(f)
            let current = try located(range) { try interp.getItem(container, key) }
            let v = try value.eval(f)
            let result = try AugmentedStatement.combine(op, current, v, f, range)
            try located(range) { try interp.setItem(container, key, result) }
        }
        return .normal
    }

    /// `current op= v`: lists extend in place, as Python's `list.__iadd__` does.
    @inline(__always)
    static func combine(
        _ op: BinaryOperator, _ current: Value, _ v: Value, _ f: Frame, _ range: SourceRange
    ) throws -> Value {
        if op == .add, case .list(let l) = current {
            if case .list(let other) = v { l.items += other.items; return current }
            l.items += try located(range) { try f.interp.collect(v) }
            return current
        }
        if case .object(let o) = current, let r = try located(range, { try o.inPlace(op, v, f.interp) }) { return r }
        return try BinaryNode.apply(op, current, v, f, range)
    }
}

final class IfStatement: StmtNode {
    let test: ExprNode, body: [StmtNode], orElse: [StmtNode]
    init(_ test: ExprNode, _ body: [StmtNode], _ orElse: [StmtNode]) {
        self.test = test
        self.body = body
        self.orElse = orElse
    }
    func exec(_ f: Frame) throws -> Completion {
        let t = try test.eval(f)
        let truth: Bool
        if case .bool(let b) = t { truth = b } else { truth = try located(test.range) { try f.interp.isTruthy(t) } }
        return try execBlock(truth ? body : orElse, f)
    }
}

final class WhileStatement: StmtNode {
    let test: ExprNode, body: [StmtNode], orElse: [StmtNode]
    init(_ test: ExprNode, _ body: [StmtNode], _ orElse: [StmtNode]) {
        self.test = test
        self.body = body
        self.orElse = orElse
    }
    func exec(_ f: Frame) throws -> Completion {
        let interp = f.interp
        while true {
            let t = try test.eval(f)
            if case .bool(let b) = t { if !b { break } } else if !(try interp.isTruthy(t)) { break }
            try interp.checkInterrupt()
            switch try execBlock(body, f) {
            case .normal, .continueLoop: continue
            case .breakLoop: return .normal
            case .returnValue(let v): return .returnValue(v)
            }
        }
        return try execBlock(orElse, f)
    }
}

final class ForStatement: StmtNode {
    let target: TargetNode, iterable: ExprNode, body: [StmtNode], orElse: [StmtNode]
    init(_ target: TargetNode, _ iterable: ExprNode, _ body: [StmtNode], _ orElse: [StmtNode]) {
        self.target = target
        self.iterable = iterable
        self.body = body
        self.orElse = orElse
    }

    func exec(_ f: Frame) throws -> Completion {
        let source = try iterable.eval(f)
        let interp = f.interp
        if case .object(let o) = source, let r = o as? PyRange {
            for k in 0..<r.count {
                try target.assign(.int(r.element(k)), f)
                try interp.checkInterrupt()
                switch try execBlock(body, f) {
                case .normal, .continueLoop: break
                case .breakLoop: return .normal
                case .returnValue(let v): return .returnValue(v)
                }
            }
            return try execBlock(orElse, f)
        }
        let iterator = try located(iterable.range) { try interp.makeIterator(source) }
        while let item = try iterator.next() {
            try target.assign(item, f)
            try interp.checkInterrupt()
            switch try execBlock(body, f) {
            case .normal, .continueLoop: continue
            case .breakLoop: return .normal
            case .returnValue(let v): return .returnValue(v)
            }
        }
        return try execBlock(orElse, f)
    }
}

final class BreakStatement: StmtNode {
    func exec(_ f: Frame) throws -> Completion { .breakLoop }
}

final class ContinueStatement: StmtNode {
    func exec(_ f: Frame) throws -> Completion { .continueLoop }
}

final class PassStatement: StmtNode {
    func exec(_ f: Frame) throws -> Completion { .normal }
}

final class ReturnStatement: StmtNode {
    let value: ExprNode?
    init(_ value: ExprNode?) { self.value = value }
    func exec(_ f: Frame) throws -> Completion { .returnValue(try value?.eval(f) ?? .none) }
}

final class DeleteStatement: StmtNode {
    let targets: [TargetNode]
    init(_ targets: [TargetNode]) { self.targets = targets }
    func exec(_ f: Frame) throws -> Completion {
        for t in targets { try t.delete(f) }
        return .normal
    }
}

final class AssertStatement: StmtNode {
    let test: ExprNode, message: ExprNode?, range: SourceRange
    init(_ test: ExprNode, _ message: ExprNode?, _ range: SourceRange) {
        self.test = test
        self.message = message
        self.range = range
    }
    func exec(_ f: Frame) throws -> Completion {
        if try f.interp.isTruthy(try test.eval(f)) { return .normal }
        let args = try message.map { [try $0.eval(f)] } ?? []
        var e = ScriptError(PyException(ExceptionType.assertionError.pyType, args))
        e.range = range
        throw e
    }
}

final class RaiseStatement: StmtNode {
    let exception: ExprNode?, range: SourceRange
    init(_ exception: ExprNode?, _ range: SourceRange) {
        self.exception = exception
        self.range = range
    }
    func exec(_ f: Frame) throws -> Completion {
        guard let exception else {
            guard let current = f.interp.handling.last else {
                throw located(range, ScriptError(.runtimeError, "No active exception to reraise"))
            }
            throw current
        }
        let v = try exception.eval(f)
        var e: ScriptError
        switch v {
        case .object(let instance as PyException): e = ScriptError(instance)
        case .object(let type as PyType) where type.exceptionKind != nil:
            e = ScriptError(PyException(type, []))
        default:
            e = ScriptError(.typeError, "exceptions must derive from BaseException")
        }
        e.range = range
        throw e
    }
}

/// `try` / `except` / `else` / `finally`.
final class TryStatement: StmtNode {
    struct Handler {
        let type: ExprNode?
        let target: TargetNode?
        let body: [StmtNode]
    }
    let body: [StmtNode], handlers: [Handler], orElse: [StmtNode], finally: [StmtNode]
    init(_ body: [StmtNode], _ handlers: [Handler], _ orElse: [StmtNode], _ finally: [StmtNode]) {
        self.body = body
        self.handlers = handlers
        self.orElse = orElse
        self.finally = finally
    }

    func exec(_ f: Frame) throws -> Completion {
        if finally.isEmpty { return try runHandlers(f) }
        let completion: Completion
        do {
            completion = try runHandlers(f)
        } catch {
            if case let c = try execBlock(finally, f), !isNormal(c) { return c }
            throw error
        }
        let c = try execBlock(finally, f)
        return isNormal(c) ? completion : c
    }

    private func isNormal(_ c: Completion) -> Bool {
        if case .normal = c { return true }
        return false
    }

    private func runHandlers(_ f: Frame) throws -> Completion {
        let completion: Completion
        do {
            completion = try execBlock(body, f)
        } catch let error as ScriptError {
            for handler in handlers where try matches(error, handler, f) {
                let interp = f.interp
                try handler.target?.assign(.object(error.exception), f)
                interp.handling.append(error)
                defer { interp.handling.removeLast() }
                let c = try execBlock(handler.body, f)
                try? handler.target?.delete(f)
                return c
            }
            throw error
        }
        if case .normal = completion { return try execBlock(orElse, f) }
        return completion
    }

    private func matches(_ error: ScriptError, _ handler: Handler, _ f: Frame) throws -> Bool {
        guard let typeNode = handler.type else { return true }
        let t = try typeNode.eval(f)
        let candidates: [Value]
        if case .tuple(let items) = t { candidates = items.items } else { candidates = [t] }
        for c in candidates {
            guard case .object(let type as PyType) = c, type.exceptionKind != nil else {
                throw located(
                    typeNode.range,
                    ScriptError(.typeError, "catching classes that do not inherit from BaseException is not allowed"))
            }
            if error.exception.exceptionType.isSubtype(of: type) { return true }
        }
        return false
    }
}

/// `with context as target:` using `__enter__` / `__exit__`.
final class WithStatement: StmtNode {
    let context: ExprNode, target: TargetNode?, body: [StmtNode], range: SourceRange
    init(_ context: ExprNode, _ target: TargetNode?, _ body: [StmtNode], _ range: SourceRange) {
        self.context = context
        self.target = target
        self.body = body
        self.range = range
    }
    func exec(_ f: Frame) throws -> Completion {
        let interp = f.interp
        let manager = try context.eval(f)
        let (enter, exit) = try located(context.range) { () throws -> (Value, Value) in
            guard let enter = try? interp.getAttribute(manager, "__enter__"),
                let exit = try? interp.getAttribute(manager, "__exit__")
            else {
                throw ScriptError(
                    .typeError, "'\(manager.typeName)' object does not support the context manager protocol")
            }
            return (enter, exit)
        }
        let entered = try located(range) { try interp.call(enter) }
        let completion: Completion
        do {
            try target?.assign(entered, f)
            completion = try execBlock(body, f)
        } catch let error as ScriptError {
            let suppress = try interp.call(exit, .object(error.exception.type), .object(error.exception), .none)
            if try interp.isTruthy(suppress) { return .normal }
            throw error
        }
        _ = try located(range) { try interp.call(exit, .none, .none, .none) }
        return completion
    }
}

/// `import a.b as c` and `import a.b`.
final class ImportStatement: StmtNode {
    let path: [String], target: TargetNode, bindsTop: Bool, range: SourceRange
    init(_ path: [String], _ target: TargetNode, bindsTop: Bool, _ range: SourceRange) {
        self.path = path
        self.target = target
        self.bindsTop = bindsTop
        self.range = range
    }
    func exec(_ f: Frame) throws -> Completion {
        let interp = f.interp
        let module = try located(range) { try interp.importModule(path) }
        if bindsTop {
            try target.assign(.object(try located(range) { try interp.importModule([path[0]]) }), f)
        } else {
            try target.assign(.object(module), f)
        }
        return .normal
    }
}

/// `from a.b import c as d, …`; with no names, `import *`.
final class ImportFromStatement: StmtNode {
    let path: [String], names: [(name: String, target: TargetNode)], range: SourceRange
    init(_ path: [String], _ names: [(name: String, target: TargetNode)], _ range: SourceRange) {
        self.path = path
        self.names = names
        self.range = range
    }
    func exec(_ f: Frame) throws -> Completion {
        let interp = f.interp
        let module = try located(range) { try interp.importModule(path) }
        if names.isEmpty {
            for (name, value) in module.members where !name.hasPrefix("_") {
                interp.globals[name] = value
            }
            return .normal
        }
        for (name, target) in names {
            var value = try module.attribute(name, interp)
            if value == nil, let sub = try? interp.importModule(path + [name]) { value = .object(sub) }
            guard let value else {
                throw located(
                    range,
                    ScriptError(.importError, "cannot import name '\(name)' from '\(module.name)' (unknown location)"))
            }
            try target.assign(value, f)
        }
        return .normal
    }
}
