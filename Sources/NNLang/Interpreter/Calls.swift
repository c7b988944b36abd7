/// A call's arguments as nodes.
enum ArgumentNode {
    case positional(ExprNode)
    case star(ExprNode)
    case keyword(String, ExprNode)
    case doubleStar(ExprNode)
}

/// Evaluates call-site arguments into `Arguments`, expanding `*` and `**`.
func evaluateArguments(_ args: [ArgumentNode], _ f: Frame) throws -> Arguments {
    var result = Arguments()
    for arg in args {
        switch arg {
        case .positional(let e): result.positional.append(try e.eval(f))
        case .star(let e):
            let v = try e.eval(f)
            result.positional += try located(e.range) {
                do { return try f.interp.collect(v) } catch let error as ScriptError where error.isA(.typeError) {
                    throw ScriptError(.typeError, "Value after * must be an iterable, not \(v.typeName)")
                }
            }
        case .keyword(let name, let e): result.keywords.append((name, try e.eval(f)))
        case .doubleStar(let e):
            let v = try e.eval(f)
            guard case .dict(let d) = v else {
                throw located(
                    e.range, ScriptError(.typeError, "argument after ** must be a mapping, not \(v.typeName)"))
            }
            for (k, value) in d.items {
                guard case .str(let key) = k else {
                    throw located(e.range, ScriptError(.typeError, "keywords must be strings"))
                }
                result.keywords.append((key.value, value))
            }
        }
    }
    return result
}

/// `callee(args)`. Calls of script functions with plain positional arguments evaluate them
/// straight into the new frame's slots.
final class CallNode: ExprNode {
    let callee: ExprNode
    let arguments: [ArgumentNode]
    /// The arguments when all are plain positional ones.
    let positional: [ExprNode]?
    let range: SourceRange

    init(_ callee: ExprNode, _ arguments: [ArgumentNode], _ range: SourceRange) {
        self.callee = callee
        self.arguments = arguments
        self.range = range
        var plain: [ExprNode] = []
        for a in arguments {
            if case .positional(let e) = a { plain.append(e) }
        }
        positional = plain.count == arguments.count ? plain : nil
    }

    func eval(_ f: Frame) throws -> Value {
        let c = try callee.eval(f)
        do {
            if let positional, case .object(let o) = c, let function = o as? PyFunction,
                function.code.isSimple, positional.count == function.code.parameters.positional.count
            {
                return try CallNode.callDirect(function, positional, f)
            }
            return try f.interp.call(c, try evaluateArguments(arguments, f))
        } catch var e as ScriptError {
            e.locate(range)
            throw e
        }
    }

    @inline(__always)
    static func callDirect(_ function: PyFunction, _ args: [ExprNode], _ f: Frame) throws -> Value {
        let interp = f.interp
        let code = function.code
        try interp.checkInterrupt()
        let slots = try interp.pushFrame(code)
        defer { interp.popFrame(code, slots) }
        for i in 0..<args.count { slots[i] = try args[i].eval(f) }
        return try interp.runBody(function, slots)
    }
}

/// `receiver.name(args)` without creating a bound method for built-in types.
final class MethodCallNode: ExprNode {
    let receiver: ExprNode
    let name: String
    let key: Value
    let arguments: [ArgumentNode]
    /// The arguments when all are plain positional ones.
    let positional: [ExprNode]?
    let range: SourceRange
    private var cachedType: PyType?
    private var cachedMember: Member?
    private var classCache = ClassAttributeCache()

    init(_ receiver: ExprNode, _ name: String, _ arguments: [ArgumentNode], _ range: SourceRange) {
        self.receiver = receiver
        self.name = name
        self.arguments = arguments
        self.range = range
        key = Interned.key(name)
        let plain = arguments.compactMap { a -> ExprNode? in
            if case .positional(let e) = a { return e }
            return nil
        }
        positional = plain.count == arguments.count ? plain : nil
    }

    func eval(_ f: Frame) throws -> Value {
        let r = try receiver.eval(f)
        let interp = f.interp
        do {
            if case .object(let instance as PyInstance) = r, !instance.cls.hasLibraryMembers {
                return try callOnInstance(instance, f)
            }
            let type = r.type
            let member: Member?
            if type === cachedType {
                member = cachedMember
            } else {
                member = type.lookupMember(name)
                cachedType = type
                cachedMember = member
            }
            if case .method(let signature, let body)? = member {
                return try body(r, try signature.bind(try evaluateArguments(arguments, f), interp), interp)
            }
            let callee = try interp.getAttribute(r, name)
            return try interp.call(callee, try evaluateArguments(arguments, f))
        } catch var e as ScriptError {
            e.locate(range)
            throw e
        }
    }
}

extension MethodCallNode {
    /// `obj.method(args)` on an instance of a script class: a function of the class (not shadowed by
    /// an instance attribute) called with plain positional arguments runs with the instance in its
    /// first slot, without a bound method; anything else goes through the attribute.
    func callOnInstance(_ instance: PyInstance, _ f: Frame) throws -> Value {
        let interp = f.interp
        if let positional, case .object(let function as PyFunction)? = classCache.value(instance.cls, key),
            function.code.isSimple, positional.count + 1 == function.code.parameters.positional.count,
            instance.dict.get(name: key) == nil
        {
            let code = function.code
            try interp.checkInterrupt()
            let slots = try interp.pushFrame(code)
            defer { interp.popFrame(code, slots) }
            slots[0] = .object(instance)
            for i in 0..<positional.count { slots[i + 1] = try positional[i].eval(f) }
            return try interp.runBody(function, slots)
        }
        guard let callee = try instance.attribute(name, key: key) else {
            throw interp.attributeError(.object(instance), name)
        }
        return try interp.call(callee, try evaluateArguments(arguments, f))
    }
}

/// Where a new function finds each variable it closes over.
enum CaptureSource {
    /// A cell in a slot of the defining frame.
    case cell(Int)
    /// A cell the defining function itself closed over.
    case free(Int)
}

/// `def` or `lambda`: makes a function object, evaluating defaults now.
final class FunctionNode: ExprNode {
    let code: FunctionCode
    let defaults: [ExprNode]
    let keywordDefaults: [(String, ExprNode)]
    let captures: [CaptureSource]
    let decorators: [ExprNode]
    let range: SourceRange

    init(
        code: FunctionCode, defaults: [ExprNode], keywordDefaults: [(String, ExprNode)],
        captures: [CaptureSource], decorators: [ExprNode], range: SourceRange
    ) {
        self.code = code
        self.defaults = defaults
        self.keywordDefaults = keywordDefaults
        self.captures = captures
        self.decorators = decorators
        self.range = range
    }

    func eval(_ f: Frame) throws -> Value {
        let decoratorValues = try decorators.map { try $0.eval(f) }
        var keywordValues: [String: Value] = [:]
        for (name, node) in keywordDefaults { keywordValues[name] = try node.eval(f) }
        let closure = FunctionNode.capture(captures, f)
        var result = Value.object(
            PyFunction(
                code: code, defaults: try defaults.map { try $0.eval(f) },
                keywordDefaults: keywordValues, closure: closure))
        for decorator in decoratorValues.reversed() {
            result = try located(range) { try f.interp.call(decorator, result) }
        }
        return result
    }

    static func capture(_ captures: [CaptureSource], _ f: Frame) -> [Cell] {
        captures.map { source in
            switch source {
            case .cell(let slot):
                if case .object(let o)? = f.slots[slot] { return unsafeDowncast(o, to: Cell.self) }
                let c = Cell()
                f.slots[slot] = .object(c)
                return c
            case .free(let i):
                return f.closure[i]
            }
        }
    }
}

/// A comprehension: the first iterable is evaluated here, the rest runs in its own scope.
final class ComprehensionNode: ExprNode {
    let code: FunctionCode
    let firstIterable: ExprNode
    let captures: [CaptureSource]
    let range: SourceRange

    init(code: FunctionCode, firstIterable: ExprNode, captures: [CaptureSource], range: SourceRange) {
        self.code = code
        self.firstIterable = firstIterable
        self.captures = captures
        self.range = range
    }

    func eval(_ f: Frame) throws -> Value {
        let iterable = try firstIterable.eval(f)
        let interp = f.interp
        let function = PyFunction(
            code: code, defaults: [], keywordDefaults: [:], closure: FunctionNode.capture(captures, f))
        if let body = code.expressionBody as? ComprehensionBody, body.kind == .generator {
            // A generator expression is lazy; only its first iterable is taken at once, as Python's.
            let first = try located(firstIterable.range) { try interp.makeIterator(iterable) }
            return .object(LazyComprehension(function, body, first, interp))
        }
        let slots = try located(range) { try interp.pushFrame(code) }
        defer { interp.popFrame(code, slots) }
        slots[0] = iterable
        return try interp.runBody(function, slots)
    }
}

/// The loops of a comprehension, run inside its own frame; slot 0 holds the first iterable.
final class ComprehensionBody: ExprNode {
    struct Clause {
        let target: TargetNode
        /// nil for the first clause, whose iterable is in slot 0.
        let iterable: ExprNode?
        let conditions: [ExprNode]
    }
    let kind: ComprehensionKind
    let element: ExprNode
    let value: ExprNode?
    let clauses: [Clause]
    let range: SourceRange

    init(kind: ComprehensionKind, element: ExprNode, value: ExprNode?, clauses: [Clause], range: SourceRange) {
        self.kind = kind
        self.element = element
        self.value = value
        self.clauses = clauses
        self.range = range
    }

    func eval(_ f: Frame) throws -> Value {
        var items: [Value] = []
        let dict = kind == .dict ? PyDict() : nil
        let set = kind == .set ? PySet() : nil
        try loop(0, f) {
            if let dict {
                let k = try element.eval(f)
                try located(element.range) { try dict.set(k, try value!.eval(f)) }
            } else if let set {
                let v = try element.eval(f)
                try located(element.range) { try set.add(v) }
            } else {
                items.append(try element.eval(f))
            }
        }
        switch kind {
        case .list: return .list(PyList(items))
        case .generator: return .object(SequenceIterator(items))
        case .dict: return .dict(dict!)
        case .set: return .object(set!)
        }
    }

    private func loop(_ depth: Int, _ f: Frame, _ body: () throws -> Void) throws {
        let clause = clauses[depth]
        let source = try clause.iterable?.eval(f) ?? f.slots[0]!
        let iterator = try located(clause.iterable?.range ?? range) { try f.interp.makeIterator(source) }
        var count = 0
        outer: while let item = try iterator.next() {
            count += 1
            if count & 0x3FFF == 0 { try f.interp.checkInterrupt() }
            try clause.target.assign(item, f)
            for condition in clause.conditions where !(try f.interp.isTruthy(try condition.eval(f))) {
                continue outer
            }
            if depth + 1 < clauses.count { try loop(depth + 1, f, body) } else { try body() }
        }
    }
}

/// A generator expression's iterator: the comprehension's loops run one item at a time, in a frame
/// of its own on the heap (a stack of one iterator per `for` clause).
final class LazyComprehension: PyIterator {
    let function: PyFunction
    let body: ComprehensionBody
    let slots: UnsafeMutablePointer<Value?>
    let count: Int
    unowned let interp: Interpreter
    var iterators: [PyIterator]
    var finished = false

    init(_ function: PyFunction, _ body: ComprehensionBody, _ first: PyIterator, _ interp: Interpreter) {
        let code = function.code
        (self.function, self.body, self.interp, count) = (function, body, interp, code.slotCount)
        slots = .allocate(capacity: code.slotCount)
        slots.initialize(repeating: nil, count: code.slotCount)
        for slot in code.cellParameterSlots + code.cellLocalSlots { slots[slot] = .object(Cell()) }
        iterators = [first]
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    override var type: PyType { .generator }
    override func repr(_ interp: Interpreter) throws -> String {
        "<generator object \(function.code.qualifiedName) at \(address)>"
    }

    override func next() throws -> Value? {
        guard !finished else { return nil }
        let f = Frame(slots: slots, closure: function.closure, interp: interp)
        do {
            outer: while let iterator = iterators.last {
                let depth = iterators.count - 1, clause = body.clauses[depth]
                guard let item = try iterator.next() else {
                    iterators.removeLast()
                    continue
                }
                try clause.target.assign(item, f)
                for condition in clause.conditions where !(try interp.isTruthy(try condition.eval(f))) {
                    continue outer
                }
                if depth + 1 < body.clauses.count {
                    let inner = body.clauses[depth + 1]
                    let source = try inner.iterable!.eval(f)
                    iterators.append(try located(inner.iterable!.range) { try interp.makeIterator(source) })
                    continue
                }
                return try body.element.eval(f)
            }
            finished = true
            return nil
        } catch var e as ScriptError {
            finished = true
            let code = function.code
            e.record(TraceEntry(source: code.source, range: e.range ?? code.range, function: code.name))
            e.range = nil
            throw e
        }
    }
}
