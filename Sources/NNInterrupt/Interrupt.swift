/// The Ctrl-C flag: set by the signal handler, read by the interpreter between statements and by
/// long-running kernels (matrix products, range loops) so that one Ctrl-C stops any of them
/// within a fraction of a second. Its own module, beneath both the language and the numeric runtime.
public enum Interrupt {
    public nonisolated(unsafe) static var requested = false
}
