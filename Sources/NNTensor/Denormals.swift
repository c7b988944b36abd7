#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Denormal floats (below 1.2e-38 in float32) take the processor's slow path, a hundred times the
/// cost of a normal multiply. Training makes many of them: Adam's moment estimates of a unit that
/// stopped learning shrink by 0.9 a step towards zero, and an epoch of MNIST went 40% slower after
/// its first 800 steps. TensorFlow runs its kernels with denormals taken as zero (its thread pools
/// set the processor's flush-to-zero and denormals-are-zero bits), and so does the training runtime.
public enum Denormals {
    /// Runs `body` on this thread with denormal inputs read as zero and denormal results flushed to
    /// zero, then restores the floating-point environment (Python code run in between is unaffected).
    public static func flushed<T>(_ body: () throws -> T) rethrows -> T {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
        var saved = fenv_t()
        fegetenv(&saved)
        var flushing = saved
        #if arch(x86_64)
        flushing.__mxcsr |= 0x8040  // FTZ (bit 15) and DAZ (bit 6)
        #else
        flushing.__fpcr |= 1 << 24  // FZ
        #endif
        fesetenv(&flushing)
        defer { fesetenv(&saved) }
        #endif
        return try body()
    }

    /// The calling thread's floating-point environment, to be set on a worker that computes for it.
    static func current() -> Environment {
        #if os(Linux)
        var environment = fenv_t()
        fegetenv(&environment)
        return Environment(value: environment)
        #else
        return Environment()
        #endif
    }

    struct Environment {
        #if os(Linux)
        var value = fenv_t()
        #endif

        func install() {
            #if os(Linux)
            var value = value
            fesetenv(&value)
            #endif
        }
    }
}
