/// A literal.
final class ConstantNode: ExprNode {
    let value: Value, range: SourceRange
    init(_ value: Value, _ range: SourceRange) {
        self.value = value
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value { value }
}

/// `left op right`, with inline fast paths for ints and floats.
final class BinaryNode: ExprNode {
    let op: BinaryOperator, left: ExprNode, right: ExprNode, range: SourceRange
    init(_ op: BinaryOperator, _ left: ExprNode, _ right: ExprNode, _ range: SourceRange) {
        self.op = op
        self.left = left
        self.right = right
        self.range = range
    }

    func eval(_ f: Frame) throws -> Value {
        let a = try left.eval(f)
        let b = try right.eval(f)
        return try BinaryNode.apply(op, a, b, f, range)
    }

    @inline(__always)
    static func apply(_ op: BinaryOperator, _ a: Value, _ b: Value, _ f: Frame, _ range: SourceRange) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            switch op {
            case .add:
                let (r, o) = x.addingReportingOverflow(y)
                if !o { return .int(r) }
            case .subtract:
                let (r, o) = x.subtractingReportingOverflow(y)
                if !o { return .int(r) }
            case .multiply:
                let (r, o) = x.multipliedReportingOverflow(by: y)
                if !o { return .int(r) }
            case .modulo where y > 0:
                let m = x % y
                return .int(m < 0 ? m + y : m)
            case .floorDivide where y > 0:
                let d = x / y
                return .int(x % y < 0 ? d - 1 : d)
            default: break
            }
        case (.float(let x), .float(let y)):
            switch op {
            case .add: return .float(x + y)
            case .subtract: return .float(x - y)
            case .multiply: return .float(x * y)
            case .divide where y != 0: return .float(x / y)
            default: break
            }
        case (.float(let x), .int(let y)):
            switch op {
            case .add: return .float(x + Double(y))
            case .subtract: return .float(x - Double(y))
            case .multiply: return .float(x * Double(y))
            case .divide where y != 0: return .float(x / Double(y))
            default: break
            }
        case (.int(let x), .float(let y)):
            switch op {
            case .add: return .float(Double(x) + y)
            case .subtract: return .float(Double(x) - y)
            case .multiply: return .float(Double(x) * y)
            case .divide where y != 0: return .float(Double(x) / y)
            default: break
            }
        default: break
        }
        do {
            return try Operators.binary(op, a, b, f.interp)
        } catch var e as ScriptError {
            e.locate(range)
            throw e
        }
    }
}

/// `-x`, `+x`, `~x`, `not x`.
final class UnaryNode: ExprNode {
    let op: UnaryOperator, operand: ExprNode, range: SourceRange
    init(_ op: UnaryOperator, _ operand: ExprNode, _ range: SourceRange) {
        self.op = op
        self.operand = operand
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value {
        let v = try operand.eval(f)
        if op == .not { return .bool(!(try located(range) { try f.interp.isTruthy(v) })) }
        if case .int(let i) = v, op == .negate, i != Int.min { return .int(-i) }
        if case .float(let d) = v, op == .negate { return .float(-d) }
        return try located(range) { try Operators.unary(op, v, f.interp) }
    }
}

/// `a < b`, and chains `a < b < c` evaluating each operand once.
final class CompareNode: ExprNode {
    let first: ExprNode
    let rest: [(CompareOperator, ExprNode)]
    let range: SourceRange
    init(_ first: ExprNode, _ rest: [(CompareOperator, ExprNode)], _ range: SourceRange) {
        self.first = first
        self.rest = rest
        self.range = range
    }

    func eval(_ f: Frame) throws -> Value {
        var left = try first.eval(f)
        var result = Value.true
        for (i, (op, node)) in rest.enumerated() {
            let right = try node.eval(f)
            result = try CompareNode.apply(op, left, right, f, range)
            if i < rest.count - 1 {
                guard try f.interp.isTruthy(result) else { return result }
                left = right
            }
        }
        return result
    }

    @inline(__always)
    static func apply(_ op: CompareOperator, _ a: Value, _ b: Value, _ f: Frame, _ range: SourceRange) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            switch op {
            case .less: return .bool(x < y)
            case .lessEqual: return .bool(x <= y)
            case .greater: return .bool(x > y)
            case .greaterEqual: return .bool(x >= y)
            case .equal: return .bool(x == y)
            case .notEqual: return .bool(x != y)
            default: break
            }
        case (.float(let x), .float(let y)):
            switch op {
            case .less: return .bool(x < y)
            case .lessEqual: return .bool(x <= y)
            case .greater: return .bool(x > y)
            case .greaterEqual: return .bool(x >= y)
            case .equal: return .bool(x == y)
            case .notEqual: return .bool(x != y)
            default: break
            }
        default: break
        }
        return try located(range) { try Operators.compare(op, a, b, f.interp) }
    }
}

/// `a and b and …` (stops at the first false operand) or `a or b or …` (at the first true one):
/// the value is the operand it stopped at, or the last.
final class BooleanNode: ExprNode {
    let operands: [ExprNode], stopsWhen: Bool, range: SourceRange
    init(_ operands: [ExprNode], stopsWhen: Bool, _ range: SourceRange) {
        self.operands = operands
        self.stopsWhen = stopsWhen
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value {
        for operand in operands.dropLast() {
            let a = try operand.eval(f)
            if try f.interp.isTruthy(a) == stopsWhen { return a }
        }
        return try operands[operands.count - 1].eval(f)
    }
}

/// `then if test else otherwise`.
final class ConditionalNode: ExprNode {
    let test: ExprNode, then: ExprNode, otherwise: ExprNode, range: SourceRange
    init(_ test: ExprNode, _ then: ExprNode, _ otherwise: ExprNode, _ range: SourceRange) {
        self.test = test
        self.then = then
        self.otherwise = otherwise
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value {
        try f.interp.isTruthy(try test.eval(f)) ? try then.eval(f) : try otherwise.eval(f)
    }
}

/// `name := value`.
final class AssignExpressionNode: ExprNode {
    let target: TargetNode, value: ExprNode, range: SourceRange
    init(_ target: TargetNode, _ value: ExprNode, _ range: SourceRange) {
        self.target = target
        self.value = value
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value {
        let v = try value.eval(f)
        try target.assign(v, f)
        return v
    }
}

/// `obj.name`.
final class AttributeNode: ExprNode {
    let object: ExprNode, name: String, range: SourceRange
    let key: Value
    var cache = ClassAttributeCache()
    init(_ object: ExprNode, _ name: String, _ range: SourceRange) {
        self.object = object
        self.name = name
        self.range = range
        key = Interned.key(name)
    }
    func eval(_ f: Frame) throws -> Value {
        let o = try object.eval(f)
        return try located(range) {
            if case .object(let instance as PyInstance) = o, !instance.cls.hasLibraryMembers {
                // A plain instance attribute, when the class holds nothing of that name.
                if cache.holdsNothing(instance.cls, key), let v = instance.dict.get(name: key) { return v }
                if let v = try instance.attribute(name, key: key) { return v }
                throw f.interp.attributeError(o, name)
            }
            return try f.interp.getAttribute(o, name)
        }
    }
}

/// `container[key]`.
final class SubscriptNode: ExprNode {
    let container: ExprNode, key: ExprNode, range: SourceRange
    init(_ container: ExprNode, _ key: ExprNode, _ range: SourceRange) {
        self.container = container
        self.key = key
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value {
        let c = try container.eval(f)
        let k = try key.eval(f)
        if case .list(let l) = c, case .int(let i) = k {
            let j = i < 0 ? i + l.items.count : i
            if j >= 0 && j < l.items.count { return l.items[j] }
        }
        return try located(range) { try f.interp.getItem(c, k) }
    }
}

/// `start:stop:step` inside brackets.
final class SliceNode: ExprNode {
    let start: ExprNode?, stop: ExprNode?, step: ExprNode?, range: SourceRange
    init(_ start: ExprNode?, _ stop: ExprNode?, _ step: ExprNode?, _ range: SourceRange) {
        self.start = start
        self.stop = stop
        self.step = step
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value {
        .object(PySlice(try start?.eval(f) ?? .none, try stop?.eval(f) ?? .none, try step?.eval(f) ?? .none))
    }
}

/// The items of a list, tuple or set display, expanding `*iterable`.
final class ItemsNode {
    let items: [ExprNode]
    let starred: [Bool]
    let hasStar: Bool
    init(_ items: [ExprNode], starred: [Bool]) {
        self.items = items
        self.starred = starred
        hasStar = starred.contains(true)
    }
    func values(_ f: Frame) throws -> [Value] {
        if !hasStar { return try items.map { try $0.eval(f) } }
        var result: [Value] = []
        for (item, star) in zip(items, starred) {
            let v = try item.eval(f)
            if star { result += try located(item.range) { try f.interp.collect(v) } } else { result.append(v) }
        }
        return result
    }
}

final class ListNode: ExprNode {
    let items: ItemsNode, range: SourceRange
    init(_ items: ItemsNode, _ range: SourceRange) {
        self.items = items
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value { .list(PyList(try items.values(f))) }
}

final class TupleNode: ExprNode {
    let items: ItemsNode, range: SourceRange
    init(_ items: ItemsNode, _ range: SourceRange) {
        self.items = items
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value { .tuple(PyTuple(try items.values(f))) }
}

final class SetNode: ExprNode {
    let items: ItemsNode, range: SourceRange
    init(_ items: ItemsNode, _ range: SourceRange) {
        self.items = items
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value {
        let s = PySet()
        for v in try items.values(f) { try located(range) { try s.add(v) } }
        return .object(s)
    }
}

/// `{k: v, **other}`.
final class DictNode: ExprNode {
    let entries: [(key: ExprNode?, value: ExprNode)], range: SourceRange
    init(_ entries: [(key: ExprNode?, value: ExprNode)], _ range: SourceRange) {
        self.entries = entries
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value {
        let d = PyDict()
        for (keyNode, valueNode) in entries {
            if let keyNode {
                let k = try keyNode.eval(f)
                let v = try valueNode.eval(f)
                try located(keyNode.range) { try d.set(k, v) }
            } else {
                let other = try valueNode.eval(f)
                guard case .dict(let o) = other else {
                    throw located(
                        valueNode.range, ScriptError(.typeError, "'\(other.typeName)' object is not a mapping"))
                }
                for (k, v) in o.items { try d.set(k, v) }
            }
        }
        return .dict(d)
    }
}

/// An f-string: text and formatted values.
final class FormattedNode: ExprNode {
    enum Part {
        case text(String)
        case value(ExprNode, conversion: Character?, spec: FormattedNode?)
    }
    let parts: [Part], range: SourceRange
    init(_ parts: [Part], _ range: SourceRange) {
        self.parts = parts
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value { .string(try text(f)) }

    func text(_ f: Frame) throws -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .value(let node, let conversion, let spec):
                var v = try node.eval(f)
                let interp = f.interp
                try located(node.range) {
                    if conversion == "r" || conversion == "a" {
                        v = .string(try interp.repr(v))
                    } else if conversion == "s" {
                        v = .string(try interp.str(v))
                    }
                    let specText = try spec?.text(f) ?? ""
                    if specText.isEmpty, case .str(let s) = v {
                        out += s.value
                    } else {
                        out += try interp.format(v, specText)
                    }
                }
            }
        }
        return out
    }
}
