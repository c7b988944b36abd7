import NNLang

/// Python's regular-expression syntax translated to ICU's (which NSRegularExpression runs), with
/// the errors Python's parser reports for the mistakes learners make. Where the two differ:
/// - named groups `(?P<name>…)` become plain groups (ICU's names allow no `_`), their numbers
///   kept in `groupNames`; `(?P=name)` becomes a numbered back reference;
/// - `\Z` is ICU's `\z`; `\d`, `\w` and `\s` match ASCII only under re.ASCII;
/// - a `[` inside a set, a `]` first in a set and a `{` that starts no repetition are literals,
///   as in Python; `{,n}` is `{0,n}`.
struct RegexSyntax {
    let icu: String
    let groups: Int
    let groupNames: [(name: String, number: Int)]

    static let ascii: [Unicode.Scalar: String] = [
        "d": "[0-9]", "D": "[^0-9]", "w": "[A-Za-z0-9_]", "W": "[^A-Za-z0-9_]", "s": "[ \\t\\n\\r\\f\\v]",
        "S": "[^ \\t\\n\\r\\f\\v]",
    ]
    static let asciiInSet: [Unicode.Scalar: String] = ["d": "0-9", "w": "A-Za-z0-9_", "s": " \\t\\n\\r\\f\\v"]

    /// What the element before a quantifier is.
    private enum Last { case nothing, atom, repeated, modified }

    init(_ pattern: String, asciiOnly: Bool) throws {
        let p = Array(pattern.unicodeScalars)
        var out = "", i = 0, groups = 0
        var names: [(name: String, number: Int)] = []
        var open: [Int] = []  // where the unclosed groups start
        var last = Last.nothing
        func fail(_ message: String, _ at: Int) -> ScriptError { ReModule.error(message, pattern, at) }
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(p[range])) }
        func starts(_ s: String, at j: Int) -> Bool {
            let w = Array(s.unicodeScalars)
            return j + w.count <= p.count && Array(p[j..<j + w.count]) == w
        }
        /// A quantifier at i: checks what it repeats.
        func quantifier(_ at: Int, lazyMark: Bool) throws {
            switch last {
            case .nothing: throw fail("nothing to repeat", at)
            case .repeated where lazyMark: last = .modified
            case .repeated, .modified: throw fail("multiple repeat", at)
            case .atom: last = .repeated
            }
        }
        while i < p.count {
            let c = p[i]
            switch c {
            case "\\":
                guard i + 1 < p.count else { throw fail("bad escape (end of pattern)", i) }
                let e = p[i + 1]
                if asciiOnly, let set = RegexSyntax.ascii[e] {
                    out += set
                } else {
                    out += e == "Z" ? "\\z" : "\\" + String(e)
                }
                last = "AbBZ".unicodeScalars.contains(e) ? .nothing : .atom
                i += 2
            case "[":
                let start = i
                out += "["
                i += 1
                if i < p.count && p[i] == "^" {
                    out += "^"
                    i += 1
                }
                var first = true
                while true {
                    guard i < p.count else { throw fail("unterminated character set", start) }
                    let s = p[i]
                    if s == "]" && !first { break }
                    if s == "\\", i + 1 < p.count {
                        let e = p[i + 1]
                        out += asciiOnly ? RegexSyntax.asciiInSet[e] ?? "\\" + String(e) : "\\" + String(e)
                        i += 2
                    } else {
                        // ICU reads `[` as a nested set and `&&` as an intersection; Python, as literals.
                        out += s == "[" || s == "]" || s == "&" ? "\\" + String(s) : String(s)
                        i += 1
                    }
                    first = false
                }
                out += "]"
                i += 1
                last = .atom
            case "(":
                open.append(i)
                last = .nothing
                if starts("(?P<", at: i) {
                    guard let close = p[(i + 4)...].firstIndex(of: ">") else {
                        throw fail("missing >, unterminated name", i + 4)
                    }
                    let name = text((i + 4)..<close)
                    guard name.isIdentifier else { throw fail("bad character in group name '\(name)'", i + 4) }
                    if let earlier = names.first(where: { $0.name == name }) {
                        throw fail(
                            "redefinition of group name '\(name)' as group \(groups + 1); was group \(earlier.number)",
                            i + 4)
                    }
                    groups += 1
                    names.append((name, groups))
                    out += "("
                    i = close + 1
                } else if starts("(?P=", at: i) {
                    guard let close = p[(i + 4)...].firstIndex(of: ")") else {
                        throw fail("missing ), unterminated name", i + 4)
                    }
                    let name = text((i + 4)..<close)
                    guard let number = names.first(where: { $0.name == name })?.number else {
                        throw fail("unknown group name '\(name)'", i + 4)
                    }
                    out += "(?:\\\(number))"
                    open.removeLast()
                    last = .atom
                    i = close + 1
                } else if starts("(?", at: i) {
                    if starts("(?<", at: i) && !starts("(?<=", at: i) && !starts("(?<!", at: i) {
                        throw fail("unknown extension ?<\(i + 3 < p.count ? String(p[i + 3]) : "")", i + 1)
                    }
                    out += "("
                    i += 1
                } else {
                    groups += 1
                    out += "("
                    i += 1
                }
            case ")":
                guard open.popLast() != nil else { throw fail("unbalanced parenthesis", i) }
                out += ")"
                last = .atom
                i += 1
            case "|", "^", "$":
                out.unicodeScalars.append(c)
                last = .nothing
                i += 1
            case "*", "+", "?":
                try quantifier(i, lazyMark: c != "*")
                out.unicodeScalars.append(c)
                i += 1
            case "{":
                // `{m}`, `{m,}`, `{,n}` and `{m,n}` repeat; any other `{` is a literal.
                var j = i + 1
                while j < p.count, ("0"..."9").contains(p[j]) || p[j] == "," { j += 1 }
                let body = text((i + 1)..<j)
                if j < p.count, p[j] == "}", !body.isEmpty, body != ",", body.filter({ $0 == "," }).count <= 1 {
                    try quantifier(i, lazyMark: false)
                    out += "{" + (body.hasPrefix(",") ? "0" : "") + body + "}"
                    i = j + 1
                } else {
                    out += "\\{"
                    last = .atom
                    i += 1
                }
            case "}":
                out += "\\}"
                last = .atom
                i += 1
            default:
                out.unicodeScalars.append(c)
                last = .atom
                i += 1
            }
        }
        if let unclosed = open.last { throw fail("missing ), unterminated subpattern", unclosed) }
        icu = out
        self.groups = groups
        groupNames = names
    }
}
