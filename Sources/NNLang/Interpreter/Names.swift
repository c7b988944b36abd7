/// Reads a function's own variable.
final class LocalNode: ExprNode {
    let slot: Int, name: String, range: SourceRange
    init(_ slot: Int, _ name: String, _ range: SourceRange) {
        self.slot = slot
        self.name = name
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value {
        if let v = f.slots[slot] { return v }
        var e = ScriptError(
            .unboundLocalError, "cannot access local variable '\(name)' where it is not associated with a value")
        e.range = range
        throw e
    }
}

/// Reads a function's own variable that inner functions capture.
final class CellNode: ExprNode {
    let slot: Int, name: String, range: SourceRange
    init(_ slot: Int, _ name: String, _ range: SourceRange) {
        self.slot = slot
        self.name = name
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value {
        if case .object(let o)? = f.slots[slot], let v = unsafeDowncast(o, to: Cell.self).value { return v }
        var e = ScriptError(
            .unboundLocalError, "cannot access local variable '\(name)' where it is not associated with a value")
        e.range = range
        throw e
    }
}

/// Reads a variable of an enclosing function.
final class FreeNode: ExprNode {
    let index: Int, name: String, range: SourceRange
    init(_ index: Int, _ name: String, _ range: SourceRange) {
        self.index = index
        self.name = name
        self.range = range
    }
    func eval(_ f: Frame) throws -> Value {
        if let v = f.closure[index].value { return v }
        var e = ScriptError(
            .nameError,
            "cannot access free variable '\(name)' where it is not associated with a value in enclosing scope")
        e.range = range
        throw e
    }
}

/// Reads a module-level variable, falling back to the built-ins.
final class GlobalNode: ExprNode {
    let slot: Int, name: String, range: SourceRange
    /// Names of the enclosing function's variables, for the "Did you mean" hint.
    let localNames: [String]
    private var builtin: Value?

    init(_ slot: Int, _ name: String, _ range: SourceRange, localNames: [String]) {
        self.slot = slot
        self.name = name
        self.range = range
        self.localNames = localNames
    }

    func eval(_ f: Frame) throws -> Value {
        let interp = f.interp
        if let v = interp.globals.values[slot] { return v }
        if let b = builtin { return b }
        if let b = interp.builtins[name] {
            builtin = b
            return b
        }
        throw nameError(interp)
    }

    func nameError(_ interp: Interpreter) -> ScriptError {
        let candidates = localNames + interp.globals.definedNames + interp.builtins.keys
        let hint = Suggestions.closest(to: name, in: candidates).map { ". Did you mean: '\($0)'?" } ?? ""
        var e = ScriptError(.nameError, "name '\(name)' is not defined\(hint)")
        e.range = range
        return e
    }
}

/// Assigns a function's own variable.
final class LocalTarget: TargetNode {
    let slot: Int, name: String, range: SourceRange
    init(_ slot: Int, _ name: String, _ range: SourceRange) {
        self.slot = slot
        self.name = name
        self.range = range
    }
    func assign(_ value: Value, _ f: Frame) throws { f.slots[slot] = value }
    func take(_ f: Frame) -> Value? {
        defer { f.slots[slot] = nil }
        return f.slots[slot]
    }
    func delete(_ f: Frame) throws {
        guard f.slots[slot] != nil else {
            var e = ScriptError(
                .unboundLocalError, "cannot access local variable '\(name)' where it is not associated with a value")
            e.range = range
            throw e
        }
        f.slots[slot] = nil
    }
}

/// Assigns a captured variable of this function (its cell lives in the slot).
final class CellTarget: TargetNode {
    let slot: Int, name: String, range: SourceRange
    init(_ slot: Int, _ name: String, _ range: SourceRange) {
        self.slot = slot
        self.name = name
        self.range = range
    }
    func cell(_ f: Frame) -> Cell {
        if case .object(let o)? = f.slots[slot] { return unsafeDowncast(o, to: Cell.self) }
        let c = Cell()
        f.slots[slot] = .object(c)
        return c
    }
    func assign(_ value: Value, _ f: Frame) throws { cell(f).value = value }
    func delete(_ f: Frame) throws {
        let c = cell(f)
        guard c.value != nil else {
            var e = ScriptError(
                .unboundLocalError, "cannot access local variable '\(name)' where it is not associated with a value")
            e.range = range
            throw e
        }
        c.value = nil
    }
}

/// Assigns an enclosing function's variable (`nonlocal`).
final class FreeTarget: TargetNode {
    let index: Int, name: String, range: SourceRange
    init(_ index: Int, _ name: String, _ range: SourceRange) {
        self.index = index
        self.name = name
        self.range = range
    }
    func assign(_ value: Value, _ f: Frame) throws { f.closure[index].value = value }
    func delete(_ f: Frame) throws { f.closure[index].value = nil }
}

/// Assigns a module-level variable.
final class GlobalTarget: TargetNode {
    let slot: Int, name: String, range: SourceRange
    init(_ slot: Int, _ name: String, _ range: SourceRange) {
        self.slot = slot
        self.name = name
        self.range = range
    }
    func assign(_ value: Value, _ f: Frame) throws { f.interp.globals.values[slot] = value }
    func take(_ f: Frame) -> Value? {
        defer { f.interp.globals.values[slot] = nil }
        return f.interp.globals.values[slot]
    }
    func delete(_ f: Frame) throws {
        guard f.interp.globals.values[slot] != nil else {
            var e = ScriptError(.nameError, "name '\(name)' is not defined")
            e.range = range
            throw e
        }
        f.interp.globals.values[slot] = nil
    }
}

/// `obj.name = value`.
final class AttributeTarget: TargetNode {
    let object: ExprNode, name: String, range: SourceRange
    let key: Value
    var cache = ClassAttributeCache()
    /// `__class__` and `__dict__` are never plain attributes.
    let isPlain: Bool
    init(_ object: ExprNode, _ name: String, _ range: SourceRange) {
        self.object = object
        self.name = name
        self.range = range
        key = Interned.key(name)
        isPlain = name != "__class__" && name != "__dict__"
    }
    func assign(_ value: Value, _ f: Frame) throws {
        let o = try object.eval(f)
        try located(range) {
            if case .object(let instance as PyInstance) = o, !instance.cls.hasLibraryMembers {
                // No property of that name on the class: the value goes straight into the instance.
                if isPlain && cache.holdsNothing(instance.cls, key) {
                    return instance.dict.table.insertHashable(HashKey(unchecked: key), value)
                }
                return try instance.setAttribute(name, key: key, value)
            }
            try f.interp.setAttribute(o, name, value)
        }
    }
    func delete(_ f: Frame) throws {
        let o = try object.eval(f)
        try located(range) { try f.interp.deleteAttribute(o, name) }
    }
}

/// `container[key] = value`.
final class SubscriptTarget: TargetNode {
    let container: ExprNode, key: ExprNode, range: SourceRange
    init(_ container: ExprNode, _ key: ExprNode, _ range: SourceRange) {
        self.container = container
        self.key = key
        self.range = range
    }
    func assign(_ value: Value, _ f: Frame) throws {
        let c = try container.eval(f)
        let k = try key.eval(f)
        if case .list(let l) = c, case .int(let i) = k {
            let j = i < 0 ? i + l.items.count : i
            if j >= 0 && j < l.items.count { l.items[j] = value; return }
        }
        try located(range) { try f.interp.setItem(c, k, value) }
    }
    func delete(_ f: Frame) throws {
        let c = try container.eval(f)
        let k = try key.eval(f)
        try located(range) { try f.interp.deleteItem(c, k) }
    }
}

/// `a, *rest, b = iterable`.
final class UnpackTarget: TargetNode {
    let targets: [TargetNode]
    let starIndex: Int?
    let range: SourceRange
    init(_ targets: [TargetNode], starIndex: Int?, _ range: SourceRange) {
        self.targets = targets
        self.starIndex = starIndex
        self.range = range
    }

    func assign(_ value: Value, _ f: Frame) throws {
        let items: [Value]
        switch value {
        case .tuple(let t): items = t.items
        case .list(let l): items = l.items
        case .none, .bool, .int, .float:
            throw located(range, ScriptError(.typeError, "cannot unpack non-iterable \(value.typeName) object"))
        default: items = try located(range) { try f.interp.collect(value) }
        }
        if let star = starIndex {
            let after = targets.count - star - 1
            guard items.count >= targets.count - 1 else {
                throw located(
                    range,
                    ScriptError(
                        .valueError,
                        "not enough values to unpack (expected at least \(targets.count - 1), got \(items.count))"))
            }
            for i in 0..<star { try targets[i].assign(items[i], f) }
            try targets[star].assign(.list(PyList(Array(items[star..<(items.count - after)]))), f)
            for i in 0..<after { try targets[star + 1 + i].assign(items[items.count - after + i], f) }
            return
        }
        guard items.count == targets.count else {
            if items.count > targets.count {
                throw located(range, ScriptError(.valueError, "too many values to unpack (expected \(targets.count))"))
            }
            throw located(
                range,
                ScriptError(.valueError, "not enough values to unpack (expected \(targets.count), got \(items.count))"))
        }
        for (t, v) in zip(targets, items) { try t.assign(v, f) }
    }

    func delete(_ f: Frame) throws {
        for t in targets { try t.delete(f) }
    }
}

/// An error with its location set.
func located(_ range: SourceRange, _ error: ScriptError) -> ScriptError {
    var e = error
    e.locate(range)
    return e
}
