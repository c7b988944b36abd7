import Dispatch
import Foundation

/// Runs two halves of a computation at once: one on the calling thread, one on a worker thread that
/// lives as long as the process. Dispatch's concurrentPerform wakes its pool lazily, and on a
/// virtual machine its worker often arrived after the caller had done both halves (half the speed,
/// at random); a dedicated worker woken by a semaphore starts within microseconds.
public final class WorkerPair: @unchecked Sendable {
    public static let shared = WorkerPair()

    private let start = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let busy = NSLock()
    private var task: ((Int) -> Void)?
    private var environment = Denormals.Environment()
    private var thread: Thread?

    /// `body(0)` here and `body(1)` on the worker, returning when both have finished. A call made
    /// while another is running (from another thread) runs both halves here, one after the other.
    public func run(_ body: (Int) -> Void) {
        guard busy.try() else {
            body(0)
            body(1)
            return
        }
        defer { busy.unlock() }
        withoutActuallyEscaping(body) { body in
            if thread == nil {
                let t = Thread { [unowned self] in self.serve() }
                t.stackSize = 1 << 20
                t.start()
                thread = t
            }
            task = body
            environment = Denormals.current()
            start.signal()
            body(0)
            done.wait()
            task = nil
        }
    }

    private func serve() {
        while true {
            start.wait()
            environment.install()  // the caller's rounding and denormal handling
            task?(1)
            done.signal()
        }
    }
}
