/// Methods of `str`.
enum StringMethods {
    static func text(_ v: Value) -> String {
        if case .str(let s) = v { return s.value }
        return ""
    }

    static func pyString(_ v: Value) -> PyString {
        if case .str(let s) = v { return s }
        return PyString("")
    }

    /// The string argument `name`, with CPython's error naming its position.
    static func arg(_ a: Bound, _ name: String) throws -> String {
        let v = a[name]
        guard case .str(let s) = v else {
            let position = (a.signature.parameters.firstIndex { $0.name == name } ?? 0) + 1
            throw ScriptError(.typeError, "\(a.signature.name)() argument \(position) must be str, not \(v.typeName)")
        }
        return s.value
    }

    /// Characters to strip: whitespace by default.
    static func stripSet(_ a: Bound) throws -> (Character) -> Bool {
        guard a.optional("chars") != nil else { return { $0.isWhitespace } }
        let chars = Set(try arg(a, "chars"))
        return { chars.contains($0) }
    }

    static func split(_ s: String, _ a: Bound, fromRight: Bool) throws -> Value {
        let maxSplit = try a.int("maxsplit")
        var parts: [String]
        if let sepValue = a.optional("sep") {
            let sep = try Conversions.string(sepValue, "must be str or None, not \(sepValue.typeName)")
            if sep.isEmpty { throw ScriptError(.valueError, "empty separator") }
            parts = s.components(separatedBy: sep)
            if maxSplit >= 0 && parts.count > maxSplit + 1 {
                if fromRight {
                    let keep = parts.suffix(maxSplit)
                    parts = [parts.dropLast(maxSplit).joined(separator: sep)] + keep
                } else {
                    parts = Array(parts.prefix(maxSplit)) + [parts.dropFirst(maxSplit).joined(separator: sep)]
                }
            }
        } else {
            let words = s.split(whereSeparator: { $0.isWhitespace }).map(String.init)
            if maxSplit >= 0 && words.count > maxSplit + 1 {
                // Re-split keeping the remainder's inner whitespace, as Python does.
                var rest = Substring(s)
                parts = []
                if fromRight {
                    for _ in 0..<maxSplit {
                        rest =
                            rest[
                                ..<(rest.lastIndex(where: { !$0.isWhitespace }).map { rest.index(after: $0) }
                                    ?? rest.startIndex)]
                        let start =
                            rest.lastIndex(where: { $0.isWhitespace }).map { rest.index(after: $0) } ?? rest.startIndex
                        parts.insert(String(rest[start...]), at: 0)
                        rest = rest[..<start]
                    }
                    let trimmed = rest.trimmingTrailingWhitespace().drop(while: { $0.isWhitespace })
                    if !trimmed.isEmpty { parts.insert(String(trimmed), at: 0) }
                } else {
                    for _ in 0..<maxSplit {
                        rest = rest.drop(while: { $0.isWhitespace })
                        let end = rest.firstIndex(where: { $0.isWhitespace }) ?? rest.endIndex
                        parts.append(String(rest[..<end]))
                        rest = rest[end...]
                    }
                    let remainder = rest.drop(while: { $0.isWhitespace })
                    if !remainder.isEmpty { parts.append(String(remainder)) }
                }
            } else {
                parts = words
            }
        }
        return .list(PyList(parts.map { .string($0) }))
    }

    /// Finds `sub` in `s` restricted to code point positions [start, end); returns a code point index.
    static func find(_ s: PyString, _ a: Bound, last: Bool = false) throws -> Int {
        let sub = Array(try arg(a, "sub").unicodeScalars)
        let hay = s.isASCII ? Array(s.value.unicodeScalars) : s.scalars
        let slice = PySlice(a["start"], a["end"], .none)
        let (start, stop, _) = try slice.indices(hay.count)
        guard stop - start >= sub.count else { return -1 }
        let positions = Array(start...(stop - sub.count))
        for i in (last ? positions.reversed() : positions) where hay[i..<(i + sub.count)].elementsEqual(sub) {
            return i
        }
        return -1
    }

    static let members: [String: Member] = {
        var m = Members("str")
        m.method("upper()  A copy in upper case.") { v, _, _ in .string(text(v).uppercased()) }
        m.method("lower()  A copy in lower case.") { v, _, _ in .string(text(v).lowercased()) }
        m.method("strip(chars=None, /)  A copy without leading and trailing whitespace (or chars).") { v, a, _ in
            let f = try stripSet(a)
            return .string(String(text(v).drop(while: f).reversed().drop(while: f).reversed()))
        }
        m.method("lstrip(chars=None, /)  A copy without leading whitespace (or chars).") { v, a, _ in
            .string(String(text(v).drop(while: try stripSet(a))))
        }
        m.method("rstrip(chars=None, /)  A copy without trailing whitespace (or chars).") { v, a, _ in
            .string(String(text(v).reversed().drop(while: try stripSet(a)).reversed()))
        }
        m.method("split(sep=None, maxsplit=-1)  The words, split at sep (or runs of whitespace).") { v, a, _ in
            try split(text(v), a, fromRight: false)
        }
        m.method("rsplit(sep=None, maxsplit=-1)  The words, split at sep from the right.") { v, a, _ in
            try split(text(v), a, fromRight: true)
        }
        m.method("splitlines(keepends=False)  The lines, with their line breaks when keepends is true.") { v, a, _ in
            .list(PyList(lines(text(v), keepends: try a.bool("keepends")).map { .string($0) }))
        }
        m.method("join(iterable, /)  The strings of the iterable, with this string between them.") { v, a, interp in
            var parts: [String] = []
            for (i, item) in try interp.collect(a["iterable"]).enumerated() {
                guard case .str(let s) = item else {
                    throw ScriptError(.typeError, "sequence item \(i): expected str instance, \(item.typeName) found")
                }
                parts.append(s.value)
            }
            return .string(parts.joined(separator: text(v)))
        }
        m.method("replace(old, new, count=-1, /)  A copy with occurrences of old replaced by new (at most count).") {
            v, a, _ in
            let old = try arg(a, "old"), new = try arg(a, "new")
            let count = try a.int("count")
            var pieces = text(v).components(separatedBy: old)
            if old.isEmpty { pieces = [""] + text(v).map { String($0) } + [""] }
            if count < 0 || count >= pieces.count - 1 { return .string(pieces.joined(separator: new)) }
            return .string(
                pieces.prefix(count + 1).joined(separator: new) + old
                    + pieces.dropFirst(count + 1).joined(separator: old))
        }
        m.method(
            "startswith(prefix, start=None, end=None, /)  Whether the string starts with prefix (or one of a tuple)."
        ) { v, a, _ in
            try affix(v, a, "prefix") { $0.hasPrefix($1) }
        }
        m.method("endswith(suffix, start=None, end=None, /)  Whether the string ends with suffix (or one of a tuple).")
        { v, a, _ in
            try affix(v, a, "suffix") { $0.hasSuffix($1) }
        }
        m.method("find(sub, start=None, end=None, /)  The lowest index of sub, or -1.") { v, a, _ in
            .int(try find(pyString(v), a))
        }
        m.method("rfind(sub, start=None, end=None, /)  The highest index of sub, or -1.") { v, a, _ in
            .int(try find(pyString(v), a, last: true))
        }
        m.method("index(sub, start=None, end=None, /)  The lowest index of sub; ValueError when missing.") { v, a, _ in
            let i = try find(pyString(v), a)
            if i < 0 { throw ScriptError(.valueError, "substring not found") }
            return .int(i)
        }
        m.method("rindex(sub, start=None, end=None, /)  The highest index of sub; ValueError when missing.") {
            v, a, _ in
            let i = try find(pyString(v), a, last: true)
            if i < 0 { throw ScriptError(.valueError, "substring not found") }
            return .int(i)
        }
        m.method("count(sub, start=None, end=None, /)  How many times sub occurs, without overlaps.") { v, a, _ in
            let sub = try arg(a, "sub")
            let s = pyString(v)
            let (start, stop, _) = try PySlice(a["start"], a["end"], .none).indices(s.count)
            let part = start < stop ? s.slice(start..<stop) : ""
            if sub.isEmpty { return .int(part.unicodeScalars.count + 1) }
            return .int(part.components(separatedBy: sub).count - 1)
        }
        m.method("format(*args, **kwargs)  The string with its {} fields replaced by the arguments.") { v, a, interp in
            .string(try StrFormat.format(pyString(v), Arguments(a.rest, a.keywords), interp))
        }
        m.method("title()  A copy with each word capitalised.") { v, _, _ in
            var out = ""
            var previousCased = false
            for c in text(v) {
                out += previousCased ? c.lowercased() : c.uppercased()
                previousCased = c.isLetter
            }
            return .string(out)
        }
        m.method("capitalize()  A copy with the first character in upper case and the rest in lower case.") { v, _, _ in
            let s = text(v)
            return .string(s.prefix(1).uppercased() + s.dropFirst().lowercased())
        }
        m.method("swapcase()  A copy with upper and lower case swapped.") { v, _, _ in
            .string(String(text(v).map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) }))
        }
        let tests: [(String, (String) -> Bool)] = [
            ("isupper", { s in s.contains { $0.isCased } && !s.contains { $0.isLowercase } }),
            ("islower", { s in s.contains { $0.isCased } && !s.contains { $0.isUppercase } }),
            (
                "isdigit",
                { s in
                    !s.isEmpty
                        && s.unicodeScalars.allSatisfy { [.decimal, .digit].contains($0.properties.numericType) }
                }
            ),
            ("isdecimal", { s in !s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal } }),
            ("isnumeric", { s in !s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType != nil } }),
            ("isalpha", { s in !s.isEmpty && s.allSatisfy { $0.isLetter } }),
            ("isalnum", { s in !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber } }),
            ("isspace", { s in !s.isEmpty && s.allSatisfy { $0.isWhitespace } }),
            ("isidentifier", { $0.isIdentifier }),
        ]
        for (name, test) in tests {
            m.method("\(name)()  Whether the string \(name.dropFirst(2)) (see Python's str.\(name)).") { v, _, _ in
                .bool(test(text(v)))
            }
        }
        for name in ["center", "ljust", "rjust"] {
            m.method("\(name)(width, fillchar=' ', /)  The string padded to width with fillchar.") { v, a, _ in
                try justify(v, a, name)
            }
        }
        m.method("expandtabs(tabsize=8)  A copy with tabs expanded to the next multiple of tabsize columns.") {
            v, a, _ in
            let tabsize = try a.int("tabsize")
            var out = ""
            var column = 0
            for c in text(v).unicodeScalars {
                if c == "\t" {
                    let spaces = tabsize > 0 ? tabsize - column % tabsize : 0
                    out += String(repeating: " ", count: spaces)
                    column += spaces
                } else {
                    out.unicodeScalars.append(c)
                    column = c == "\n" || c == "\r" ? 0 : column + 1
                }
            }
            return .string(out)
        }
        m.method("zfill(width, /)  The string padded with zeros on the left to width, after any sign.") { v, a, _ in
            let width = try a.int("width")
            var s = text(v)
            var sign = ""
            if let c = s.first, c == "+" || c == "-" { sign = String(c); s.removeFirst() }
            let pad = max(0, width - s.count - sign.count)
            return .string(sign + String(repeating: "0", count: pad) + s)
        }
        m.method("partition(sep, /)  (before, sep, after) around the first sep.") { v, a, _ in
            let sep = try arg(a, "sep"), s = text(v)
            guard let r = s.range(of: sep) else { return .tuple(PyTuple([v, .string(""), .string("")])) }
            return .tuple(
                PyTuple([.string(String(s[..<r.lowerBound])), .string(sep), .string(String(s[r.upperBound...]))]))
        }
        m.method("removeprefix(prefix, /)  The string without prefix, when it starts with it.") { v, a, _ in
            let p = try arg(a, "prefix"), s = text(v)
            return .string(s.hasPrefix(p) ? String(s.dropFirst(p.count)) : s)
        }
        m.method("removesuffix(suffix, /)  The string without suffix, when it ends with it.") { v, a, _ in
            let p = try arg(a, "suffix"), s = text(v)
            return .string(s.hasSuffix(p) && !p.isEmpty ? String(s.dropLast(p.count)) : s)
        }
        return m.table
    }()

    /// The lines of `s` as `splitlines` splits them.
    static func lines(_ s: String, keepends: Bool) -> [String] {
        var result: [String] = [], current = ""
        for c in s {
            if c.isNewline {
                result.append(keepends ? current + String(c) : current)
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    static func affix(_ v: Value, _ a: Bound, _ parameter: String, _ test: (String, String) -> Bool) throws -> Value {
        let string = pyString(v)
        let (start, stop, _) = try PySlice(a["start"], a["end"], .none).indices(string.count)
        let s = start <= stop ? string.slice(start..<stop) : ""
        switch a[parameter] {
        case .str(let p): return .bool(test(s, p.value))
        case .tuple(let t):
            for item in t.items { if case .str(let p) = item, test(s, p.value) { return .true } }
            return .false
        default:
            throw ScriptError(
                .typeError, "\(a.signature.name) first arg must be str or a tuple of str, not \(a[parameter].typeName)")
        }
    }

    static func justify(_ v: Value, _ a: Bound, _ name: String) throws -> Value {
        let width = try a.int("width")
        let f = try arg(a, "fillchar")
        guard f.count == 1, let fill = f.first else {
            throw ScriptError(.typeError, "The fill character must be exactly one character long")
        }
        let s = text(v)
        let pad = max(0, width - s.unicodeScalars.count)
        switch name {
        case "ljust": return .string(s + String(repeating: fill, count: pad))
        case "rjust": return .string(String(repeating: fill, count: pad) + s)
        default:
            let left = pad / 2 + (pad & width & 1)
            return .string(String(repeating: fill, count: left) + s + String(repeating: fill, count: pad - left))
        }
    }
}

extension String {
    /// Whether the text is a valid Python name (`str.isidentifier`).
    public var isIdentifier: Bool {
        guard let first = unicodeScalars.first else { return false }
        return (first.properties.isXIDStart || first == "_")
            && unicodeScalars.allSatisfy { $0.properties.isXIDContinue || $0 == "_" }
    }
}

extension Substring {
    func trimmingTrailingWhitespace() -> Substring {
        var s = self
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return s
    }
}

extension String {
    /// Pieces between occurrences of `separator` (which is non-empty).
    func components(separatedBy separator: String) -> [String] {
        guard !separator.isEmpty else { return [self] }
        var parts: [String] = []
        var rest = self[...]
        while let r = rest.range(of: separator) {
            parts.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}

extension StringProtocol {
    /// The first range of `other` in the string, comparing code points.
    func range(of other: String) -> Range<Index>? {
        let needle = Array(other.unicodeScalars)
        guard let first = needle.first else { return startIndex..<startIndex }
        let scalars = unicodeScalars
        var i = scalars.startIndex
        while i != scalars.endIndex {
            if scalars[i] == first {
                var j = i, k = 0
                while k < needle.count, j != scalars.endIndex, scalars[j] == needle[k] {
                    j = scalars.index(after: j)
                    k += 1
                }
                if k == needle.count { return i..<j }
            }
            i = scalars.index(after: i)
        }
        return nil
    }

    func contains(_ other: String) -> Bool { range(of: other) != nil }
}
