#if canImport(Glibc)
import Glibc
#endif
import NNInterrupt

/// Where printed text goes. The default writes to standard output through a buffer.
public protocol TextSink: AnyObject {
    func write(_ text: String)
    func flush()
}

/// Buffered standard output: by lines on a terminal, in 64 KiB blocks otherwise; flushed before
/// anything is written to standard error, so that output and tracebacks keep their order.
public final class StandardOutput: TextSink {
    private var buffer: [UInt8] = []
    private let byLines = isatty(1) != 0
    /// The one standard output text goes through (the last one made).
    nonisolated(unsafe) static weak var current: StandardOutput?

    public init() {
        buffer.reserveCapacity(1 << 16)
        StandardOutput.current = self
    }
    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 || (byLines && buffer.last == 10) { flush() }
    }
    public func flush() {
        guard !buffer.isEmpty else { return }
        writeAll(1, buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes bytes to a file descriptor, retrying short writes.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
}

/// Writes text to standard error (unbuffered).
public func writeStandardError(_ text: String) {
    StandardOutput.current?.flush()
    writeAll(2, Array(text.utf8))
}

/// The native stack of the running thread, so deep recursion stops before it overflows.
enum NativeStack {
    /// What stays free below the floor: room for the deepest native work between two frame checks.
    static let reserve: UInt = 1 << 20

    /// The running thread's lowest usable address plus the reserve; 0 when unknown (no check).
    static func floor() -> UInt {
        var attributes = pthread_attr_t()
        guard let getAttributes, getAttributes(pthread_self(), &attributes) == 0 else { return 0 }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address, size > Int(reserve) * 2 else {
            return 0
        }
        return UInt(bitPattern: address) + reserve
    }

    /// glibc's `pthread_getattr_np`, which Swift's Glibc module leaves out (it is a GNU extension).
    nonisolated(unsafe) static let getAttributes:
        (@convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32)? = {
            guard let symbol = dlsym(nil, "pthread_getattr_np") else { return nil }
            return unsafeBitCast(
                symbol, to: (@convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32).self)
        }()

    /// Whether the running thread's stack has grown below `floor`.
    @inline(__always)
    static func below(_ floor: UInt) -> Bool {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) } < floor
    }
}

/// Module-level variables, resolved to slots once; the table grows as new code (a REPL entry) is resolved.
public final class Globals {
    public private(set) var slotsByName: [String: Int] = [:]
    public private(set) var names: [String] = []
    var values: UnsafeMutablePointer<Value?>
    private var capacity: Int

    init() {
        capacity = 256
        values = .allocate(capacity: capacity)
        values.initialize(repeating: nil, count: capacity)
    }
    deinit {
        values.deinitialize(count: capacity)
        values.deallocate()
    }

    /// The slot of a global name, created when new.
    public func slot(_ name: String) -> Int {
        if let s = slotsByName[name] { return s }
        let s = names.count
        if s == capacity {
            let bigger = UnsafeMutablePointer<Value?>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: values, count: capacity)
            bigger.advanced(by: capacity).initialize(repeating: nil, count: capacity)
            values.deallocate()
            values = bigger
            capacity *= 2
        }
        names.append(name)
        slotsByName[name] = s
        return s
    }

    public subscript(name: String) -> Value? {
        get { slotsByName[name].flatMap { values[$0] } }
        set { values[slot(name)] = newValue }
    }

    /// Names that currently hold a value.
    public var definedNames: [String] { names.indices.filter { values[$0] != nil }.map { names[$0] } }
}

/// The state of one running program: globals, built-ins, loaded modules, the value stack and output.
/// Nothing else in the language keeps mutable state.
public final class Interpreter {
    public let globals = Globals()
    public private(set) var builtins: [String: Value] = [:]
    public let registry: ModuleRegistry
    var loadedModules: [String: PyModule] = [:]
    public var output: TextSink
    /// Reads a line for `input()`; nil at end of input.
    public var readLine: (String) -> String? = { prompt in
        writeAll(1, Array(prompt.utf8))
        return Swift.readLine()
    }
    /// Set from a signal handler to stop running code with KeyboardInterrupt.
    public static var interruptRequested: Bool {
        get { Interrupt.requested }
        set { Interrupt.requested = newValue }
    }

    let stack: UnsafeMutablePointer<Value?>
    let stackCapacity = 1 << 20
    var stackTop = 0
    /// Slots below this index hold a value or nil; those above are raw memory.
    var initializedTop = 0
    var callDepth = 0
    public var recursionLimit = 1000
    /// The lowest address the running thread's calls may reach (see NativeStack): a recursion limit
    /// raised past what the thread's stack holds ends in RecursionError, not a crash.
    var nativeStackFloor: UInt = 0
    /// The program's `sys.argv`: its path (or `-c`, or '' in the session), then its arguments.
    public var argv: [String] = [""]
    /// The exception being handled by the innermost `except` block, for a bare `raise`.
    var handling: [ScriptError] = []
    var reprInProgress = Set<ObjectIdentifier>()

    public init(registry: ModuleRegistry = ModuleRegistry(), output: TextSink = StandardOutput()) {
        self.registry = registry
        self.output = output
        stack = .allocate(capacity: stackCapacity)
        builtins = Builtins.make()
        for kind in ExceptionType.allCases where kind != .unsupportedOperation {
            builtins[kind.rawValue] = .object(kind.pyType)
        }
        for (name, value) in registry.builtinNames { builtins[name] = value }
    }

    deinit {
        stack.deinitialize(count: initializedTop)
        stack.deallocate()
    }

    /// Makes the stack's slots below `top` usable: they are initialized on first use, so a short
    /// script does not pay for touching the whole stack.
    @inline(__always)
    func prepareSlots(upTo top: Int) {
        if top > initializedTop {
            stack.advanced(by: initializedTop).initialize(repeating: nil, count: top - initializedTop)
            initializedTop = top
        }
    }

    /// Writes text to the program's standard output.
    public func write(_ text: String) { output.write(text) }

    /// State that built-in modules keep for this interpreter, by module name (numpy's print options
    /// and random generator, which tensorflow and pandas share); scripts never see it.
    public var moduleState: [String: AnyObject] = [:]

    /// Run when a script or a notebook cell has finished without error: pyplot shows the figures
    /// not yet shown there, as notebooks' inline backend does.
    public var finishHooks: [(Interpreter) throws -> Void] = []

    /// Runs the finish hooks (see `finishHooks`).
    public func finish() throws {
        for hook in finishHooks { try hook(self) }
    }

    /// Adds names every script of this interpreter sees without import (nn's short names).
    public func addBuiltins(_ values: [String: Value]) {
        for (name, value) in values { builtins[name] = value }
    }

    // MARK: running code

    /// Parses, resolves and runs a module's source in this interpreter's globals.
    public func run(_ source: Source) throws {
        let body = try Parser.parse(source)
        try execute(body, source: source)
    }

    /// Resolves and runs already parsed statements at module level; returns the value of a final bare
    /// expression when `displayLast` is set (for notebooks and the REPL).
    @discardableResult
    public func execute(_ body: [Stmt], source: Source, displayLast: Bool = false) throws -> Value? {
        if callDepth == 0 { nativeStackFloor = NativeStack.floor() }
        let module = try Resolver.resolveModule(body, source: source, globals: globals, displayLast: displayLast)
        if stackTop + module.slotCount > stackCapacity {
            throw ScriptError(.recursionError, "maximum recursion depth exceeded")
        }
        prepareSlots(upTo: stackTop + module.slotCount)
        let frame = Frame(slots: stack.advanced(by: stackTop), closure: [], interp: self)
        let base = stackTop
        stackTop += module.slotCount
        defer {
            for i in 0..<module.slotCount { stack[base + i] = nil }
            stackTop = base
        }
        do {
            var last: Value? = nil
            for statement in module.body {
                if let display = statement as? DisplayStatement {
                    last = try display.value.eval(frame)
                } else if case .returnValue = try statement.exec(frame) {
                    break
                }
            }
            return last
        } catch var e as ScriptError {
            if e.exception.syntaxLocation == nil {
                e.record(
                    TraceEntry(
                        source: source,
                        range: e.range ?? SourceRange(.init(line: 1, column: 0), .init(line: 1, column: 0)),
                        function: "<module>"))
                e.range = nil
            }
            throw e
        }
    }

    // MARK: calling

    /// Calls any callable value.
    public func call(_ callee: Value, _ args: Arguments) throws -> Value {
        try checkInterrupt()
        switch callee {
        case .object(let f as PyFunction): return try callFunction(f, args)
        case .object(let o): return try o.call(args, self)
        default: throw ScriptError(.typeError, "'\(callee.typeName)' object is not callable")
        }
    }

    /// Calls with positional arguments only.
    public func call(_ callee: Value, _ positional: Value...) throws -> Value {
        try call(callee, Arguments(positional))
    }

    @inline(__always)
    public func checkInterrupt() throws {
        if Interpreter.interruptRequested {
            Interpreter.interruptRequested = false
            throw ScriptError(PyException(ExceptionType.keyboardInterrupt.pyType, []))
        }
    }

    /// Pushes a frame for `code`, binds nothing, and returns its slots.
    @inline(__always)
    func pushFrame(_ code: FunctionCode) throws -> UnsafeMutablePointer<Value?> {
        if callDepth >= recursionLimit || stackTop + code.slotCount > stackCapacity
            || (callDepth > 64 && NativeStack.below(nativeStackFloor))
        {
            throw ScriptError(.recursionError, "maximum recursion depth exceeded")
        }
        callDepth += 1
        let slots = stack.advanced(by: stackTop)
        stackTop += code.slotCount
        prepareSlots(upTo: stackTop)
        return slots
    }

    @inline(__always)
    func popFrame(_ code: FunctionCode, _ slots: UnsafeMutablePointer<Value?>) {
        for i in 0..<code.slotCount { slots[i] = nil }
        stackTop -= code.slotCount
        callDepth -= 1
    }

    /// Runs a function whose arguments are already in `slots`.
    @inline(__always)
    func runBody(_ function: PyFunction, _ slots: UnsafeMutablePointer<Value?>) throws -> Value {
        let code = function.code
        for slot in code.cellParameterSlots { slots[slot] = .object(Cell(slots[slot])) }
        for slot in code.cellLocalSlots { slots[slot] = .object(Cell()) }
        if code.generatorSlot != nil {
            // The frame moves to the heap with the generator; the body runs when it is iterated.
            let heap = UnsafeMutablePointer<Value?>.allocate(capacity: code.slotCount)
            heap.initialize(from: slots, count: code.slotCount)
            return .object(PyGenerator(function, slots: heap, self))
        }
        return try execute(function, Frame(slots: slots, closure: function.closure, interp: self))
    }

    /// Runs a function's body in its frame (a generator's on the heap); an error leaving it gains
    /// the function's traceback line.
    @inline(__always)
    func execute(_ function: PyFunction, _ frame: Frame) throws -> Value {
        let code = function.code
        do {
            if let expression = code.expressionBody { return try expression.eval(frame) }
            for statement in code.body {
                if case .returnValue(let v) = try statement.exec(frame) { return v }
            }
            return .none
        } catch var e as ScriptError {
            e.record(TraceEntry(source: code.source, range: e.range ?? code.range, function: code.name))
            e.range = nil
            throw e
        }
    }

    /// Calls `function` with `receiver` before the arguments (a method): a script function taking
    /// exactly those positional arguments gets them straight into its frame.
    func callMethod(_ function: Value, receiver: Value, _ args: Arguments) throws -> Value {
        if case .object(let f as PyFunction) = function, f.code.isSimple, args.keywords.isEmpty,
            args.positional.count + 1 == f.code.parameters.positional.count
        {
            try checkInterrupt()
            let code = f.code
            let slots = try pushFrame(code)
            defer { popFrame(code, slots) }
            slots[0] = receiver
            for (i, v) in args.positional.enumerated() { slots[i + 1] = v }
            return try runBody(f, slots)
        }
        var positional = args.positional
        positional.insert(receiver, at: 0)
        return try call(function, Arguments(positional, args.keywords))
    }

    /// Calls a plain script function (positional parameters only) of two arguments.
    @inline(__always)
    func callDirect(_ f: PyFunction, _ first: Value, _ second: Value) throws -> Value {
        try checkInterrupt()
        let code = f.code
        let slots = try pushFrame(code)
        defer { popFrame(code, slots) }
        slots[0] = first
        slots[1] = second
        return try runBody(f, slots)
    }

    /// Calls a script function with general arguments.
    func callFunction(_ function: PyFunction, _ args: Arguments) throws -> Value {
        let code = function.code
        let slots = try pushFrame(code)
        defer { popFrame(code, slots) }
        try bindArguments(function, args, slots)
        return try runBody(function, slots)
    }

    /// Places call arguments in a frame's parameter slots with Python's rules and messages.
    func bindArguments(_ function: PyFunction, _ args: Arguments, _ slots: UnsafeMutablePointer<Value?>) throws {
        let code = function.code
        let p = code.parameters
        let positionalCount = p.positional.count
        let name = code.qualifiedName
        if args.positional.count > positionalCount && p.varArgs == nil {
            let given = args.positional.count
            let takes: String
            let required = positionalCount - function.defaults.count
            takes = required == positionalCount ? "\(positionalCount)" : "from \(required) to \(positionalCount)"
            throw ScriptError(
                .typeError,
                "\(name)() takes \(takes) positional argument\(positionalCount == 1 ? "" : "s") but \(given) \(given == 1 ? "was" : "were") given"
            )
        }
        for i in 0..<min(args.positional.count, positionalCount) { slots[i] = args.positional[i] }
        if p.varArgs != nil {
            let extra = args.positional.count > positionalCount ? Array(args.positional[positionalCount...]) : []
            slots[code.varArgsSlot] = .tuple(PyTuple(extra))
        }
        var extraKeywords: PyDict? = p.varKeywords != nil ? PyDict() : nil
        for (key, value) in args.keywords {
            if let i = code.parameterSlots[key] {
                if slots[i] != nil {
                    throw ScriptError(.typeError, "\(name)() got multiple values for argument '\(key)'")
                }
                slots[i] = value
            } else if let extra = extraKeywords {
                extra.set(key, value)
            } else {
                let hint =
                    Suggestions.closest(to: key, in: Array(code.parameterSlots.keys)).map { ". Did you mean '\($0)'?" }
                    ?? ""
                throw ScriptError(.typeError, "\(name)() got an unexpected keyword argument '\(key)'\(hint)")
            }
        }
        if let extra = extraKeywords { slots[code.varKeywordsSlot] = .dict(extra); extraKeywords = nil }
        let firstDefault = positionalCount - function.defaults.count
        var missing: [String] = []
        for i in 0..<positionalCount where slots[i] == nil {
            if i >= firstDefault {
                slots[i] = function.defaults[i - firstDefault]
            } else {
                missing.append(p.positional[i].name)
            }
        }
        if !missing.isEmpty { throw ArgumentErrors.missing(name, missing, "positional") }
        for (k, parameter) in p.keywordOnly.enumerated() {
            let slot = code.keywordOnlySlot + k
            if slots[slot] == nil {
                if let d = function.keywordDefaults[parameter.name] {
                    slots[slot] = d
                } else {
                    missing.append(parameter.name)
                }
            }
        }
        if !missing.isEmpty { throw ArgumentErrors.missing(name, missing, "keyword-only") }
    }

    // MARK: modules

    /// Imports a built-in module by dotted name, loading it once.
    public func importModule(_ path: [String]) throws -> PyModule {
        let name = path.joined(separator: ".")
        if let m = loadedModules[name] { return m }
        guard let m = try registry.load(name, self) else {
            throw ScriptError(.moduleNotFoundError, "No module named '\(name)'")
        }
        loadedModules[name] = m
        return m
    }
}

/// The variables of one running function (or of module-level code): its slots on the value stack
/// and the cells it closed over.
public struct Frame {
    let slots: UnsafeMutablePointer<Value?>
    let closure: [Cell]
    unowned(unsafe) let interp: Interpreter
}
