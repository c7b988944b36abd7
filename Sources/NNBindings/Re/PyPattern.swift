import Foundation
import NNLang

/// `re.Pattern`: a compiled regular expression.
final class PyPattern: PyObject {
    let pattern: String
    let flags: Int
    let syntax: RegexSyntax
    let regex: NSRegularExpression
    /// The pattern that must match up to the end (fullmatch), made on first use.
    private lazy var whole: NSRegularExpression? = try? NSRegularExpression(
        pattern: "(?:" + syntax.icu + ")\\z", options: regex.options)

    init(_ pattern: String, flags: Int) throws {
        self.pattern = pattern
        // A str pattern is Unicode unless ASCII is asked for, and says so in its flags.
        self.flags = flags & ReModule.Flag.ascii != 0 ? flags : flags | ReModule.Flag.unicode
        syntax = try RegexSyntax(pattern, asciiOnly: flags & ReModule.Flag.ascii != 0)
        var options: NSRegularExpression.Options = []
        if flags & ReModule.Flag.ignoreCase != 0 { options.insert(.caseInsensitive) }
        if flags & ReModule.Flag.multiline != 0 { options.insert(.anchorsMatchLines) }
        if flags & ReModule.Flag.dotAll != 0 { options.insert(.dotMatchesLineSeparators) }
        if flags & ReModule.Flag.verbose != 0 { options.insert(.allowCommentsAndWhitespace) }
        do {
            regex = try NSRegularExpression(pattern: syntax.icu, options: options)
        } catch {
            throw ReModule.error("invalid regular expression", pattern, 0)
        }
    }

    var groupIndex: [String: Int] { Dictionary(uniqueKeysWithValues: syntax.groupNames.map { ($0.name, $0.number) }) }

    /// The text to search (cut at `endpos`, which `$` then matches) and the range from `pos`.
    func prepare(_ string: Value, _ pos: Int, _ endpos: Int) throws -> (TextIndex, NSString, NSRange, Int, Int) {
        guard case .str(let s) = string else {
            throw ScriptError(.typeError, "expected string or bytes-like object, got '\(string.typeName)'")
        }
        let text = TextIndex(s)
        let end = min(max(endpos, 0), text.count)
        let start = min(max(pos, 0), end)
        let ns = end == text.count ? text.ns : text.ns.substring(to: text.utf16(end)) as NSString
        let range = NSRange(location: text.utf16(start), length: ns.length - text.utf16(start))
        return (text, ns, range, start, end)
    }

    static let bounds: NSRegularExpression.MatchingOptions = [.withTransparentBounds, .withoutAnchoringBounds]

    /// match (anchored at pos), fullmatch (anchored, to the end) or search.
    func find(_ string: Value, _ pos: Int, _ endpos: Int, anchored: Bool, full: Bool) throws -> Value {
        let (text, ns, range, start, end) = try prepare(string, pos, endpos)
        let engine = full ? (whole ?? regex) : regex
        let options = anchored ? PyPattern.bounds.union(.anchored) : PyPattern.bounds
        guard let result = engine.firstMatch(in: ns as String, options: options, range: range) else { return .none }
        return .object(PyMatch(result, text, self, pos: start, endpos: end))
    }

    /// Every non-overlapping match from pos to endpos.
    func all(_ string: Value, _ pos: Int = 0, _ endpos: Int = Int.max) throws -> [PyMatch] {
        let (text, ns, range, start, end) = try prepare(string, pos, endpos)
        return regex.matches(in: ns as String, options: PyPattern.bounds, range: range).map {
            PyMatch($0, text, self, pos: start, endpos: end)
        }
    }

    /// sub and subn.
    func substitute(_ repl: Value, _ string: Value, count: Int, counting: Bool, _ interp: Interpreter) throws -> Value {
        let template = try repl.stringValue.map { try ReplacementTemplate($0, self) }
        guard case .str(let s) = string else {
            throw ScriptError(.typeError, "expected string or bytes-like object, got '\(string.typeName)'")
        }
        var out = "", last = 0, n = 0
        for match in try all(string) {
            if count > 0 && n >= count { break }
            out += s.slice(last..<match.spans[0]!.0)
            if let template {
                out += template.expand(match)
            } else {
                let replaced = try interp.call(repl, .object(match))
                out += try Conversions.string(replaced, "expected str instance, \(replaced.typeName) found")
            }
            last = match.spans[0]!.1
            n += 1
        }
        out += s.slice(last..<s.count)
        return counting ? .tuple(PyTuple([.string(out), .int(n)])) : .string(out)
    }

    static let patternType: PyType = {
        var m = Members("Pattern")
        func pattern(_ v: Value) throws -> PyPattern { try v.receiver(PyPattern.self, "re.Pattern") }
        for (name, anchored, full) in [("match", true, false), ("fullmatch", true, true), ("search", false, false)] {
            m.method("\(name)(string, pos=0, endpos=9223372036854775807)  A Match, or None (see re.\(name)).") {
                v, a, _ in
                try pattern(v).find(a["string"], try a.int("pos"), try a.int("endpos"), anchored: anchored, full: full)
            }
        }
        m.method("findall(string, pos=0, endpos=9223372036854775807)  Every non-overlapping match (see re.findall).") {
            v, a, _ in
            let p = try pattern(v)
            let matches = try p.all(a["string"], try a.int("pos"), try a.int("endpos"))
            return .list(
                PyList(
                    matches.map { match in
                        let groups = (1...max(1, p.syntax.groups)).map { match.text($0) ?? .string("") }
                        if p.syntax.groups == 0 { return match.text(0)! }
                        return p.syntax.groups == 1 ? groups[0] : .tuple(PyTuple(groups))
                    }))
        }
        m.method("finditer(string, pos=0, endpos=9223372036854775807)  An iterator of Match objects (see re.finditer).")
        {
            v, a, _ in
            let matches = try pattern(v).all(a["string"], try a.int("pos"), try a.int("endpos"))
            var i = 0
            return .object(
                GeneratedIterator("callable_iterator") {
                    guard i < matches.count else { return nil }
                    defer { i += 1 }
                    return .object(matches[i])
                })
        }
        m.method("split(string, maxsplit=0)  The string split where the pattern matches (see re.split).") { v, a, _ in
            let p = try pattern(v)
            guard case .str(let s) = a["string"] else {
                throw ScriptError(.typeError, "expected string or bytes-like object, got '\(a["string"].typeName)'")
            }
            let maxsplit = try a.int("maxsplit")
            var parts: [Value] = [], last = 0
            for (n, match) in try p.all(a["string"]).enumerated() {
                if maxsplit > 0 && n >= maxsplit { break }
                parts.append(.string(s.slice(last..<match.spans[0]!.0)))
                if p.syntax.groups > 0 { parts += (1...p.syntax.groups).map { match.text($0) ?? .none } }
                last = match.spans[0]!.1
            }
            parts.append(.string(s.slice(last..<s.count)))
            return .list(PyList(parts))
        }
        for name in ["sub", "subn"] {
            m.method("\(name)(repl, string, count=0)  The string with the matches replaced (see re.\(name)).") {
                v, a, interp in
                try pattern(v).substitute(
                    a["repl"], a["string"], count: try a.int("count"), counting: name == "subn", interp)
            }
        }
        m.property("pattern", "The pattern's text.") { v, _ in .string(try pattern(v).pattern) }
        m.property("flags", "The flags it was compiled with.") { v, _ in .int(try pattern(v).flags) }
        m.property("groups", "The number of capturing groups.") { v, _ in .int(try pattern(v).syntax.groups) }
        m.property("groupindex", "The named groups' numbers by name.") { v, _ in
            let d = PyDict()
            for (name, number) in try pattern(v).syntax.groupNames { d.set(name, .int(number)) }
            return .dict(d)
        }
        let t = PyType("Pattern", base: .object, members: m.table)
        t.moduleName = "re"
        return t
    }()

    override var type: PyType { PyPattern.patternType }

    override func repr(_ interp: Interpreter) throws -> String {
        let names: [(Int, String)] = [
            (ReModule.Flag.ignoreCase, "re.IGNORECASE"), (ReModule.Flag.locale, "re.LOCALE"),
            (ReModule.Flag.multiline, "re.MULTILINE"), (ReModule.Flag.dotAll, "re.DOTALL"),
            (ReModule.Flag.verbose, "re.VERBOSE"), (ReModule.Flag.ascii, "re.ASCII"),
        ]
        let shown = names.filter { flags & $0.0 != 0 }.map(\.1)
        let text = StringRepr.quote(pattern)
        return shown.isEmpty ? "re.compile(\(text))" : "re.compile(\(text), \(shown.joined(separator: "|")))"
    }

    override func isEqual(_ other: Value) -> Bool {
        guard case .object(let p as PyPattern) = other else { return false }
        return p.pattern == pattern && p.flags == flags
    }
    override func hashValue(into hasher: inout Hasher) {
        hasher.combine(pattern)
        hasher.combine(flags)
    }
}
