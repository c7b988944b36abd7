/// A `class` statement: the bases are evaluated here, the body runs in its own frame whose slot 0
/// holds the namespace it fills, then the class is made and put in the `__class__` cell (slot 1)
/// that the methods' zero-argument `super()` reads.
final class ClassNode: ExprNode {
    let name: String
    let code: FunctionCode
    let bases: [ArgumentNode]
    let decorators: [ExprNode]
    let captures: [CaptureSource]
    let range: SourceRange

    init(
        name: String, code: FunctionCode, bases: [ArgumentNode], decorators: [ExprNode], captures: [CaptureSource],
        range: SourceRange
    ) {
        (self.name, self.code, self.bases, self.decorators, self.captures, self.range) = (
            name, code, bases, decorators, captures, range
        )
    }

    func eval(_ f: Frame) throws -> Value {
        let interp = f.interp
        let decoratorValues = try decorators.map { try $0.eval(f) }
        let arguments = try evaluateArguments(bases, f)
        if let keyword = arguments.keywords.first {
            let message =
                keyword.name == "metaclass"
                ? "nn does not support metaclasses, for now"
                : "\(name).__init_subclass__() takes no keyword arguments"
            throw located(range, ScriptError(keyword.name == "metaclass" ? .notImplementedError : .typeError, message))
        }
        let baseTypes = try arguments.positional.map { base -> PyType in
            guard case .object(let t as PyType) = base else {
                throw located(range, ScriptError(.typeError, "bases must be types"))
            }
            return t
        }
        let namespace = PyDict()
        namespace.set("__module__", .string("__main__"))
        namespace.set("__qualname__", .string(code.qualifiedName))
        let function = PyFunction(
            code: code, defaults: [], keywordDefaults: [:], closure: FunctionNode.capture(captures, f))
        let slots = try located(range) { try interp.pushFrame(code) }
        defer { interp.popFrame(code, slots) }
        slots[0] = .dict(namespace)
        _ = try interp.runBody(function, slots)
        let cls = try located(range) { try PyType.makeClass(name, bases: baseTypes, namespace: namespace) }
        if case .object(let cell as Cell)? = slots[1] { cell.value = .object(cls) }
        var result = Value.object(cls)
        for decorator in decoratorValues.reversed() {
            result = try located(range) { try interp.call(decorator, result) }
        }
        return result
    }
}

/// A name a class body binds, read there: the namespace first, then where the name would be
/// found without it (the globals, the built-ins).
final class NamespaceNode: ExprNode {
    let key: Value
    let outer: ExprNode
    var range: SourceRange { outer.range }

    init(_ name: String, outer: ExprNode) {
        key = .string(name)
        self.outer = outer
    }

    func eval(_ f: Frame) throws -> Value {
        if case .dict(let namespace)? = f.slots[0], let v = namespace.get(name: key) { return v }
        return try outer.eval(f)
    }
}

/// A name a class body binds, assigned or deleted there: an entry of the namespace.
final class NamespaceTarget: TargetNode {
    let name: String, range: SourceRange
    init(_ name: String, _ range: SourceRange) {
        self.name = name
        self.range = range
    }

    private func namespace(_ f: Frame) throws -> PyDict {
        guard case .dict(let d)? = f.slots[0] else {
            throw ScriptError(.runtimeError, "class body without a namespace")
        }
        return d
    }

    func assign(_ value: Value, _ f: Frame) throws { try namespace(f).set(name, value) }

    func delete(_ f: Frame) throws {
        guard try namespace(f).remove(.string(name)) != nil else {
            throw located(range, ScriptError(.nameError, "name '\(name)' is not defined"))
        }
    }
}

/// `super()` without arguments in a method: `super(__class__, first argument)`.
final class SuperNode: ExprNode {
    let classCell: ExprNode
    let first: ExprNode?
    let range: SourceRange

    init(classCell: ExprNode, first: ExprNode?, _ range: SourceRange) {
        (self.classCell, self.first, self.range) = (classCell, first, range)
    }

    func eval(_ f: Frame) throws -> Value {
        guard let first else { throw located(range, ScriptError(.runtimeError, "super(): no arguments")) }
        let object = try first.eval(f)
        guard case .object(let cls as PyType) = try classCell.eval(f) else {
            throw located(range, ScriptError(.runtimeError, "super(): __class__ cell not found"))
        }
        return .object(try located(range) { try PySuper(cls, object) })
    }
}

/// `name: annotation` or `name: annotation = value` in a class body: the annotation goes into the
/// namespace's `__annotations__`, the value (when given) into the name.
final class AnnotationStatement: StmtNode {
    let name: String
    let annotation: ExprNode
    let value: ExprNode?
    let target: TargetNode?

    init(_ name: String, _ annotation: ExprNode, _ value: ExprNode?, _ target: TargetNode?) {
        (self.name, self.annotation, self.value, self.target) = (name, annotation, value, target)
    }

    func exec(_ f: Frame) throws -> Completion {
        let a = try annotation.eval(f)
        if case .dict(let namespace)? = f.slots[0] {
            let key = Interned.key("__annotations__")
            if case .dict(let annotations)? = namespace.get(name: key) {
                annotations.set(name, a)
            } else {
                let annotations = PyDict()
                annotations.set(name, a)
                try namespace.set(key, .dict(annotations))
            }
        }
        if let value, let target { try target.assign(try value.eval(f), f) }
        return .normal
    }
}
