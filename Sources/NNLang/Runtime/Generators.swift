#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// A generator: the suspended call of a function that contains `yield`. The tree-walking
/// interpreter keeps its place in Swift's own stack, so the generator's body runs on a thread of
/// its own, and the generator and its consumer take turns, handing values back and forth: exactly
/// one of them runs at any time, so the interpreter's state is never shared between two running
/// threads. The body's frame lives on the heap; the calls it makes use the interpreter's stack above
/// the consumer's frames and return before it yields again.
public final class PyGenerator: PyIterator {
    let function: PyFunction
    let channel: GeneratorChannel
    private var started = false
    /// What the function returned, once it has (StopIteration's value; `yield from`'s result).
    public private(set) var returnValue: Value = .none

    init(_ function: PyFunction, slots: UnsafeMutablePointer<Value?>, _ interp: Interpreter) {
        self.function = function
        channel = GeneratorChannel(slots: slots, count: function.code.slotCount, interp: interp)
    }

    deinit {
        // A generator dropped before it finished is closed: GeneratorExit unwinds its body (its
        // `finally` blocks run) and its thread ends.
        if started && !channel.finished { _ = try? resume(.none, closing: true) }
        channel.release()
    }

    public override var type: PyType { .generator }
    public override func repr(_ interp: Interpreter) throws -> String {
        "<generator object \(function.code.qualifiedName) at \(address)>"
    }

    public override func next() throws -> Value? { try resume(.none) }

    /// Runs the body until its next `yield` (sending `value` as the paused `yield`'s result); nil
    /// when it has finished. An exception in the body propagates to the caller.
    func resume(_ value: Value, closing: Bool = false) throws -> Value? {
        if channel.finished { return nil }
        if channel.running { throw ScriptError(.valueError, "generator already executing") }
        if !started {
            if !value.isNone && !closing {
                throw ScriptError(.typeError, "can't send non-None value to a just-started generator")
            }
            started = true
            if closing {
                channel.finished = true
                return nil
            }
            channel.start(function)
        } else {
            channel.sent = value
            channel.closing = closing
            channel.running = true
            channel.toGenerator.signal()
        }
        let floor = channel.interp.nativeStackFloor
        channel.toConsumer.wait()
        channel.interp.nativeStackFloor = floor
        channel.running = false
        if let error = channel.error {
            channel.error = nil
            // Closing ends the body with GeneratorExit, which close() swallows.
            if closing, let e = error as? ScriptError, e.isA(.generatorExit) { return nil }
            throw error
        }
        if channel.finished {
            returnValue = channel.returnValue
            return nil
        }
        return channel.yielded
    }

    static let members: [String: Member] = {
        var m = Members("generator")
        func generator(_ v: Value) throws -> PyGenerator {
            guard case .object(let g as PyGenerator) = v else { throw ScriptError(.typeError, "expected a generator") }
            return g
        }
        m.method("send(value, /)  Resumes the generator, the paused yield returning value; the next value yielded.") {
            v, a, _ in
            let g = try generator(v)
            guard let next = try g.resume(a["value"]) else { throw StopIterationError.with(g.returnValue) }
            return next
        }
        m.method("close()  Stops the generator, running its finally blocks.") { v, _, _ in
            let g = try generator(v)
            if g.started && !g.channel.finished {
                if try g.resume(.none, closing: true) != nil {
                    throw ScriptError(.runtimeError, "generator ignored GeneratorExit")
                }
            } else {
                g.started = true
                g.channel.finished = true
            }
            return .none
        }
        m.method("__next__()  The next value yielded.") { v, _, _ in
            let g = try generator(v)
            guard let next = try g.next() else { throw StopIterationError.with(g.returnValue) }
            return next
        }
        m.method("__iter__()  The generator itself.") { v, _, _ in v }
        return m.table
    }()
}

enum StopIterationError {
    /// StopIteration carrying a generator's return value (none for None, as Python's).
    static func with(_ value: Value) -> ScriptError {
        ScriptError(PyException(ExceptionType.stopIteration.pyType, value.isNone ? [] : [value]))
    }
}

/// What a generator and its consumer hand each other, and the two semaphores they wait on.
final class GeneratorChannel: @unchecked Sendable {
    let toGenerator = Handoff()
    let toConsumer = Handoff()
    let slots: UnsafeMutablePointer<Value?>
    let count: Int
    unowned let interp: Interpreter
    var sent: Value = .none
    var closing = false
    var running = false
    var yielded: Value = .none
    var finished = false
    var error: Error?
    var returnValue: Value = .none
    /// The native stack floor of the generator's thread (see NativeStack).
    var floor: UInt = 0

    init(slots: UnsafeMutablePointer<Value?>, count: Int, interp: Interpreter) {
        (self.slots, self.count, self.interp) = (slots, count, interp)
    }

    func release() {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// Starts the body on its own thread (64 MiB of stack, as deep as the consumer's calls may go).
    func start(_ function: PyFunction) {
        running = true
        final class Work {
            let body: () -> Void
            init(_ body: @escaping () -> Void) { self.body = body }
        }
        let work = Work { [self] in
            floor = NativeStack.floor()
            interp.nativeStackFloor = floor
            do {
                returnValue = try interp.runGenerator(function, slots, self)
            } catch {
                self.error = error
            }
            finished = true
            toConsumer.signal()
        }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 64 << 20)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let box = Unmanaged.passRetained(work).toOpaque()
        let created = pthread_create(
            &thread, &attributes,
            { raw in
                Unmanaged<Work>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, box)
        pthread_attr_destroy(&attributes)
        if created != 0 {
            Unmanaged<Work>.fromOpaque(box).release()
            error = ScriptError(.memoryError, "cannot start a generator: no thread")
            finished = true
            toConsumer.signal()
        }
    }

    /// `yield value` inside the body: hands the value over and waits to be resumed; the resumer's
    /// sent value comes back, or GeneratorExit when the generator is being closed.
    func yield(_ value: Value) throws -> Value {
        if closing { throw ScriptError(.runtimeError, "generator ignored GeneratorExit") }
        yielded = value
        toConsumer.signal()
        toGenerator.wait()
        interp.nativeStackFloor = floor
        if closing { throw ScriptError(PyException(ExceptionType.generatorExit.pyType, [])) }
        return sent
    }
}

extension Interpreter {
    /// Runs a generator's body in its heap frame, on the generator's thread.
    func runGenerator(
        _ function: PyFunction, _ slots: UnsafeMutablePointer<Value?>, _ channel: GeneratorChannel
    ) throws
        -> Value
    {
        if let slot = function.code.generatorSlot { slots[slot] = .object(GeneratorHandle(channel)) }
        return try execute(function, Frame(slots: slots, closure: function.closure, interp: self))
    }
}

/// The channel, as the value in a generator frame's hidden slot that its `yield`s read.
final class GeneratorHandle: PyObject {
    unowned let channel: GeneratorChannel
    init(_ channel: GeneratorChannel) { self.channel = channel }
}

/// `yield value` and `x = yield value`.
final class YieldNode: ExprNode {
    let value: ExprNode?
    let slot: Int
    let range: SourceRange
    init(_ value: ExprNode?, slot: Int, _ range: SourceRange) {
        (self.value, self.slot, self.range) = (value, slot, range)
    }

    func eval(_ f: Frame) throws -> Value {
        let v = try value?.eval(f) ?? .none
        guard case .object(let handle as GeneratorHandle)? = f.slots[slot] else { return .none }
        return try located(range) { try handle.channel.yield(v) }
    }
}

/// `yield from iterable`: yields each item (sending values on to a generator), and is the
/// generator's return value.
final class YieldFromNode: ExprNode {
    let source: ExprNode
    let slot: Int
    let range: SourceRange
    init(_ source: ExprNode, slot: Int, _ range: SourceRange) {
        (self.source, self.slot, self.range) = (source, slot, range)
    }

    func eval(_ f: Frame) throws -> Value {
        let iterable = try source.eval(f)
        guard case .object(let handle as GeneratorHandle)? = f.slots[slot] else { return .none }
        return try located(range) {
            let iterator = try f.interp.makeIterator(iterable)
            if let inner = iterator as? PyGenerator {
                var sent = Value.none
                while let item = try inner.resume(sent) { sent = try handle.channel.yield(item) }
                return inner.returnValue
            }
            while let item = try iterator.next() { _ = try handle.channel.yield(item) }
            return .none
        }
    }
}

/// One direction of a generator's turn-taking: `signal` passes the turn, `wait` takes it. The
/// waiter spins a while first (a yield usually comes back within microseconds, and waking a
/// sleeping thread costs tens of them), then sleeps on a semaphore. State: 1 signalled, 0 idle,
/// -1 a waiter asleep.
final class Handoff: @unchecked Sendable {
    private let state = Atomic<Int>(0)
    private let semaphore = DispatchSemaphore(value: 0)

    func signal() {
        if state.exchange(1, ordering: .acquiringAndReleasing) == -1 { semaphore.signal() }
    }

    func wait() {
        for _ in 0..<20_000 {
            if state.compareExchange(expected: 1, desired: 0, ordering: .acquiringAndReleasing).exchanged { return }
        }
        if state.compareExchange(expected: 0, desired: -1, ordering: .acquiringAndReleasing).exchanged {
            semaphore.wait()
        }
        state.store(0, ordering: .releasing)
    }
}
