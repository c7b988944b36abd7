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

/// "Type: message" of a ScriptError, with "@line:column" for syntax errors.
func describe(_ e: ScriptError) -> String {
    var text = e.exception.type.name
    if case .str(let s)? = e.exception.args.first { text += ": " + s.value }
    if let (_, at) = e.exception.syntaxLocation { text += " @\(at.line):\(at.column)" }
    return text
}

/// The tokens of `code`, each as compact text (`name:x`, `op:+`, `int:1`, `NEWLINE`, …).
func tokens(_ code: String) throws -> [String] {
    try Lexer.tokenize(Source(name: "<test>", text: code)).map { token in
        switch token.kind {
        case .name(let n): return "name:\(n)"
        case .keyword(let k): return "kw:\(k)"
        case .int(let i): return "int:\(i)"
        case .float(let d): return "float:\(d)"
        case .string(let parts, let isF):
            let text = parts.map { part -> String in
                switch part {
                case .text(let t): return t
                case .field(let source, _, let conversion, let spec, let selfDoc):
                    let conv = conversion.map { "!\($0)" } ?? ""
                    let specText =
                        spec.map {
                            ":" + $0.map { if case .text(let t) = $0 { return t } else { return "{…}" } }.joined()
                        } ?? ""
                    return "{\(selfDoc ?? "")\(source)\(conv)\(specText)}"
                }
            }.joined()
            return (isF ? "fstr:" : "str:") + text
        case .op(let o): return "op:\(o)"
        case .newline: return "NEWLINE"
        case .indent: return "INDENT"
        case .dedent: return "DEDENT"
        case .end: return "END"
        }
    }
}

/// The error a piece of code raises when lexed and parsed (not run), or "<parsed>".
func parseError(_ code: String) -> String {
    do {
        _ = try Parser.parse(Source(name: "<test>", text: code))
        return "<parsed>"
    } catch let e as ScriptError {
        return describe(e)
    } catch {
        return "\(error)"
    }
}

/// An expression's tree as an S-expression, to check precedence and associativity.
func tree(_ code: String) throws -> String {
    let statements = try Parser.parse(Source(name: "<test>", text: code))
    guard case .expression(let e)? = statements.first?.kind else { return "<not an expression>" }
    return sexpr(e)
}

func sexpr(_ e: Expr) -> String {
    func list(_ items: [Expr]) -> String { items.map(sexpr).joined(separator: " ") }
    switch e.kind {
    case .name(let n): return n
    case .constant(let c):
        switch c {
        case .none: return "None"
        case .ellipsis: return "..."
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return "\(i)"
        case .float(let d): return "\(d)"
        case .string(let s): return "'\(s)'"
        }
    case .formatted: return "f''"
    case .list(let items): return "[\(list(items))]"
    case .tuple(let items): return "(tuple \(list(items)))"
    case .set(let items): return "{\(list(items))}"
    case .dict(let entries):
        return "{dict " + entries.map { ($0.key.map(sexpr) ?? "**") + ":" + sexpr($0.value) }.joined(separator: " ")
            + "}"
    case .starred(let inner): return "*\(sexpr(inner))"
    case .unary(let op, let x): return "(\(op.rawValue) \(sexpr(x)))"
    case .binary(let op, let a, let b): return "(\(op.rawValue) \(sexpr(a)) \(sexpr(b)))"
    case .and(let operands): return "(and \(list(operands)))"
    case .or(let operands): return "(or \(list(operands)))"
    case .compare(let first, let rest):
        return "(cmp \(sexpr(first))" + rest.map { " \($0.0.rawValue) \(sexpr($0.1))" }.joined() + ")"
    case .conditional(let test, let then, let otherwise):
        return "(if \(sexpr(test)) \(sexpr(then)) \(sexpr(otherwise)))"
    case .lambda(let p, let body): return "(lambda (\(p.allNames.joined(separator: " "))) \(sexpr(body)))"
    case .call(let f, let args):
        let parts = args.map { a -> String in
            switch a {
            case .positional(let x): return sexpr(x)
            case .star(let x): return "*" + sexpr(x)
            case .keyword(let n, let x): return "\(n)=" + sexpr(x)
            case .doubleStar(let x): return "**" + sexpr(x)
            }
        }
        return "(call \(sexpr(f))" + parts.map { " " + $0 }.joined() + ")"
    case .attribute(let x, let n): return "(. \(sexpr(x)) \(n))"
    case .subscripted(let x, let i): return "(sub \(sexpr(x)) \(sexpr(i)))"
    case .slice(let a, let b, let c):
        return "(slice \(a.map(sexpr) ?? "_") \(b.map(sexpr) ?? "_") \(c.map(sexpr) ?? "_"))"
    case .comprehension(let kind, let element, _, let clauses):
        return "(\(kind) \(sexpr(element))"
            + clauses.map {
                " for \(sexpr($0.target)) in \(sexpr($0.iterable))" + $0.conditions.map { " if " + sexpr($0) }.joined()
            }.joined() + ")"
    case .assignExpression(let n, let x): return "(:= \(n) \(sexpr(x)))"
    case .yield(let x): return "(yield\(x.map { " " + sexpr($0) } ?? ""))"
    case .yieldFrom(let x): return "(yield-from \(sexpr(x)))"
    }
}
