import Foundation
import NNLang

/// `re.Match`: where a pattern matched, and its groups' spans in code points.
final class PyMatch: PyObject {
    /// Each group's (start, end), group 0 the whole match; nil for a group that took no part.
    let spans: [(Int, Int)?]
    let string: PyString
    let pattern: PyPattern
    let pos: Int, endpos: Int

    init(_ result: NSTextCheckingResult, _ text: TextIndex, _ pattern: PyPattern, pos: Int, endpos: Int) {
        spans = (0..<result.numberOfRanges).map { i in
            let r = result.range(at: i)
            return r.location == NSNotFound ? nil : (text.codePoint(r.location), text.codePoint(r.location + r.length))
        }
        string = text.string
        self.pattern = pattern
        (self.pos, self.endpos) = (pos, endpos)
    }

    /// The text of group `i`; nil when it took no part in the match.
    func text(_ i: Int) -> Value? {
        guard i < spans.count, let (start, end) = spans[i] else { return nil }
        return .string(string.slice(start..<end))
    }

    /// A group's number from its number or name; IndexError "no such group" otherwise.
    func groupNumber(_ key: Value) throws -> Int {
        switch key {
        case .int(let i) where i >= 0 && i < spans.count: return i
        case .bool(let b) where spans.count > 1 || !b: return b ? 1 : 0
        case .str(let s):
            if let n = pattern.groupIndex[s.value] { return n }
        default: break
        }
        throw ScriptError(.indexError, "no such group")
    }

    /// `m.group(g)`, `m[g]`.
    func group(_ key: Value) throws -> Value { text(try groupNumber(key)) ?? .none }

    static let matchType: PyType = {
        var m = Members("Match")
        func match(_ v: Value) throws -> PyMatch { try v.receiver(PyMatch.self, "re.Match") }
        m.method("group(*groups)  The text of a group (0, the default, is the whole match); several give a tuple.") {
            v, a, _ in
            let r = try match(v)
            let keys = a.rest.isEmpty ? [Value.int(0)] : a.rest
            let values = try keys.map { try r.group($0) }
            return values.count == 1 ? values[0] : .tuple(PyTuple(values))
        }
        m.method("groups(default=None)  The text of every group (default for those that took no part).") { v, a, _ in
            let r = try match(v)
            return .tuple(PyTuple(r.spans.indices.dropFirst().map { r.text($0) ?? a["default"] }))
        }
        m.method("groupdict(default=None)  The named groups' text by name.") { v, a, _ in
            let r = try match(v)
            let d = PyDict()
            for (name, number) in r.pattern.syntax.groupNames { d.set(name, r.text(number) ?? a["default"]) }
            return .dict(d)
        }
        m.method("start(group=0, /)  Where the group starts (-1 when it took no part).") { v, a, _ in
            let r = try match(v)
            return .int(r.spans[try r.groupNumber(a["group"])]?.0 ?? -1)
        }
        m.method("end(group=0, /)  Where the group ends (-1 when it took no part).") { v, a, _ in
            let r = try match(v)
            return .int(r.spans[try r.groupNumber(a["group"])]?.1 ?? -1)
        }
        m.method("span(group=0, /)  (start, end) of the group ((-1, -1) when it took no part).") { v, a, _ in
            let r = try match(v)
            let span = r.spans[try r.groupNumber(a["group"])] ?? (-1, -1)
            return .tuple(PyTuple([.int(span.0), .int(span.1)]))
        }
        m.method("expand(template)  The template with \\1 and \\g<name> replaced by the groups' text.") { v, a, _ in
            let r = try match(v)
            return .string(try ReplacementTemplate(try a.string("template"), r.pattern).expand(r))
        }
        m.property("string", "The string searched.") { v, _ in .str(try match(v).string) }
        m.property("re", "The pattern that matched.") { v, _ in .object(try match(v).pattern) }
        m.property("pos", "Where the search started.") { v, _ in .int(try match(v).pos) }
        m.property("endpos", "Where the search stopped.") { v, _ in .int(try match(v).endpos) }
        m.property("lastindex", "The number of the last group that matched (the one closing last), or None.") { v, _ in
            try match(v).lastIndex.map { .int($0) } ?? .none
        }
        m.property("lastgroup", "The name of the last group that matched, or None.") { v, _ in
            let r = try match(v)
            guard let last = r.lastIndex, let name = r.pattern.syntax.groupNames.first(where: { $0.number == last })
            else { return .none }
            return .string(name.name)
        }
        m.property("regs", "The spans of every group.") { v, _ in
            .tuple(PyTuple(try match(v).spans.map { s in .tuple(PyTuple([.int(s?.0 ?? -1), .int(s?.1 ?? -1)])) }))
        }
        let t = PyType("Match", base: .object, members: m.table)
        t.moduleName = "re"
        return t
    }()

    /// The group that closed last: the one ending furthest, the outer one of nested groups ending together.
    var lastIndex: Int? {
        var best: Int?
        for i in spans.indices.dropFirst() {
            guard let (_, end) = spans[i] else { continue }
            if best == nil || end > spans[best!]!.1 { best = i }
        }
        return best
    }

    override var type: PyType { PyMatch.matchType }
    override func getItem(_ key: Value, _ interp: Interpreter) throws -> Value { try group(key) }
    override func repr(_ interp: Interpreter) throws -> String {
        let (start, end) = spans[0] ?? (0, 0)
        return "<re.Match object; span=(\(start), \(end)), match=\(try interp.repr(text(0) ?? .none))>"
    }
}

/// A replacement string of sub / expand: literal text with `\1` and `\g<name>` group references and
/// Python's escapes; an unknown escape of an ASCII letter is an error, as in Python.
struct ReplacementTemplate {
    enum Piece {
        case text(String)
        case group(Int)
    }
    let pieces: [Piece]

    init(_ template: String, _ pattern: PyPattern) throws {
        let t = Array(template.unicodeScalars)
        var pieces: [Piece] = [], literal = String.UnicodeScalarView(), i = 0
        func fail(_ message: String, _ at: Int) -> ScriptError { ReModule.error(message, template, at) }
        func reference(_ n: Int, _ at: Int) throws {
            guard n <= pattern.syntax.groups else { throw fail("invalid group reference \(n)", at) }
            pieces.append(.text(String(literal)))
            literal = String.UnicodeScalarView()
            pieces.append(.group(n))
        }
        let escapes: [Unicode.Scalar: Unicode.Scalar] = [
            "n": "\n", "t": "\t", "r": "\r", "f": "\u{c}", "v": "\u{b}", "a": "\u{7}", "b": "\u{8}", "\\": "\\",
        ]
        while i < t.count {
            guard t[i] == "\\", i + 1 < t.count else {
                literal.append(t[i])
                i += 1
                continue
            }
            let e = t[i + 1]
            if let digit = Int(String(e)), digit > 0 || (i + 2 < t.count && ("0"..."9").contains(t[i + 2])) {
                var j = i + 1
                while j < t.count, j < i + 3, ("0"..."9").contains(t[j]) { j += 1 }
                try reference(Int(String(String.UnicodeScalarView(t[(i + 1)..<j])))!, i + 1)
                i = j
            } else if e == "g" {
                guard i + 2 < t.count, t[i + 2] == "<", let close = t[(i + 3)...].firstIndex(of: ">") else {
                    throw fail("missing <", i + 2)
                }
                let name = String(String.UnicodeScalarView(t[(i + 3)..<close]))
                if let n = Int(name) {
                    try reference(n, i + 3)
                } else if let n = pattern.groupIndex[name] {
                    try reference(n, i + 3)
                } else if name.isIdentifier {
                    throw ScriptError(.indexError, "unknown group name '\(name)'")
                } else {
                    throw fail("bad character in group name '\(name)'", i + 3)
                }
                i = close + 1
            } else if let c = escapes[e] {
                literal.append(c)
                i += 2
            } else if e.isASCII && e.properties.isAlphabetic {
                throw fail("bad escape \\\(e)", i)
            } else {
                literal.append("\\")
                literal.append(e)
                i += 2
            }
        }
        pieces.append(.text(String(literal)))
        self.pieces = pieces
    }

    func expand(_ match: PyMatch) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let s): return s
            case .group(let n): return match.text(n)?.stringValue ?? ""
            }
        }.joined()
    }
}
