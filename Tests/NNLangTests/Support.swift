import NNBindings
@testable import NNLang

/// Collects printed text in memory.
final class StringSink: TextSink {
    var text = ""
    func write(_ s: String) { text += s }
    func flush() {}
}

/// Runs code in a fresh interpreter; returns what it printed, and the error report if it failed.
func run(_ code: String) -> (output: String, error: String?) {
    let sink = StringSink()
    let interp = Interpreter(registry: StandardModules.registry(), output: sink)
    do {
        try interp.run(Source(name: "<test>", text: code))
        return (sink.text, nil)
    } catch let e as ScriptError {
        return (sink.text, e.report(interp))
    } catch {
        return (sink.text, "\(error)")
    }
}

/// The last line of the error report for code that must fail.
func errorLine(_ code: String) -> String {
    guard let report = run(code).error else { return "<no error>" }
    return String(report.split(separator: "\n").last ?? "")
}
