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

    static func arg(_ args: Arguments, _ i: Int, _ method: String) throws -> String {
        guard case .str(let s) = args[i] else {
            throw ScriptError(.typeError, "\(method)() argument \(i + 1) must be str, not \(args[i].typeName)")
        }
        return s.value
    }

    /// Characters to strip: whitespace by default.
    static func stripSet(_ args: Arguments, _ name: String) throws -> (Character) -> Bool {
        try args.expect(name, 0...1)
        if args.count == 1, !args[0].isNone {
            let chars = Set(try arg(args, 0, name))
            return { chars.contains($0) }
        }
        return { $0.isWhitespace }
    }

    static func split(_ s: String, _ args: Arguments, fromRight: Bool) throws -> Value {
        let name = fromRight ? "rsplit" : "split"
        let bound = try args.bind(name, ["sep", "maxsplit"])
        let maxSplit = try bound[1].map { try Conversions.int($0) } ?? -1
        var parts: [String]
        if let sepValue = bound[0], !sepValue.isNone {
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
                        rest = rest[..<(rest.lastIndex(where: { !$0.isWhitespace }).map { rest.index(after: $0) } ?? rest.startIndex)]
                        let start = rest.lastIndex(where: { $0.isWhitespace }).map { rest.index(after: $0) } ?? rest.startIndex
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
    static func find(_ s: PyString, _ args: Arguments, _ name: String, last: Bool = false) throws -> Int {
        try args.expect(name, 1...3)
        let sub = Array(try arg(args, 0, name).unicodeScalars)
        let hay = s.isASCII ? Array(s.value.unicodeScalars) : s.scalars
        let slice = PySlice(args.count > 1 ? args[1] : .none, args.count > 2 ? args[2] : .none, .none)
        let (start, stop, _) = try slice.indices(hay.count)
        guard stop - start >= sub.count else { return -1 }
        let positions = Array(start...(stop - sub.count))
        for i in (last ? positions.reversed() : positions) where hay[i..<(i + sub.count)].elementsEqual(sub) {
            return i
        }
        return -1
    }

    static var table: [String: PyType.Method] { [
        "upper": { v, a, _ in try a.expect("upper", 0...0); return .string(text(v).uppercased()) },
        "lower": { v, a, _ in try a.expect("lower", 0...0); return .string(text(v).lowercased()) },
        "strip": { v, a, _ in
            let f = try stripSet(a, "strip")
            let s = text(v)
            return .string(String(s.drop(while: f).reversed().drop(while: f).reversed()))
        },
        "lstrip": { v, a, _ in .string(String(text(v).drop(while: try stripSet(a, "lstrip")))) },
        "rstrip": { v, a, _ in .string(String(text(v).reversed().drop(while: try stripSet(a, "rstrip")).reversed())) },
        "split": { v, a, _ in try split(text(v), a, fromRight: false) },
        "rsplit": { v, a, _ in try split(text(v), a, fromRight: true) },
        "splitlines": { v, a, _ in
            .list(PyList(text(v).split(omittingEmptySubsequences: false, whereSeparator: { $0.isNewline }).map { .string(String($0)) }.dropLastIfEmpty(text(v))))
        },
        "join": { v, a, interp in
            try a.expect("join", 1...1)
            var parts: [String] = []
            for (i, item) in try interp.collect(a[0]).enumerated() {
                guard case .str(let s) = item else {
                    throw ScriptError(.typeError, "sequence item \(i): expected str instance, \(item.typeName) found")
                }
                parts.append(s.value)
            }
            return .string(parts.joined(separator: text(v)))
        },
        "replace": { v, a, _ in
            try a.expect("replace", 2...3)
            let old = try arg(a, 0, "replace"), new = try arg(a, 1, "replace")
            let count = a.count == 3 ? try Conversions.int(a[2]) : -1
            var pieces = text(v).components(separatedBy: old)
            if old.isEmpty { pieces = [""] + text(v).map { String($0) } + [""] }
            if count < 0 || count >= pieces.count - 1 { return .string(pieces.joined(separator: new)) }
            return .string(pieces.prefix(count + 1).joined(separator: new) + old + pieces.dropFirst(count + 1).joined(separator: old))
        },
        "startswith": { v, a, _ in try affix(v, a, "startswith") { $0.hasPrefix($1) } },
        "endswith": { v, a, _ in try affix(v, a, "endswith") { $0.hasSuffix($1) } },
        "find": { v, a, _ in guard case .str(let s) = v else { return .int(-1) }; return .int(try find(s, a, "find")) },
        "rfind": { v, a, _ in guard case .str(let s) = v else { return .int(-1) }; return .int(try find(s, a, "rfind", last: true)) },
        "index": { v, a, _ in
            guard case .str(let s) = v else { return .int(-1) }
            let i = try find(s, a, "index")
            if i < 0 { throw ScriptError(.valueError, "substring not found") }
            return .int(i)
        },
        "rindex": { v, a, _ in
            guard case .str(let s) = v else { return .int(-1) }
            let i = try find(s, a, "rindex", last: true)
            if i < 0 { throw ScriptError(.valueError, "substring not found") }
            return .int(i)
        },
        "count": { v, a, _ in
            try a.expect("count", 1...1)
            let sub = try arg(a, 0, "count")
            if sub.isEmpty { return .int(text(v).unicodeScalars.count + 1) }
            return .int(text(v).components(separatedBy: sub).count - 1)
        },
        "format": { v, a, interp in .string(try StrFormat.format(pyString(v), a, interp)) },
        "title": { v, a, _ in
            var out = ""
            var previousCased = false
            for c in text(v) {
                out += previousCased ? c.lowercased() : c.uppercased()
                previousCased = c.isLetter
            }
            return .string(out)
        },
        "capitalize": { v, a, _ in
            let s = text(v)
            return .string(s.prefix(1).uppercased() + s.dropFirst().lowercased())
        },
        "swapcase": { v, a, _ in .string(String(text(v).map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) })) },
        "isupper": { v, a, _ in let s = text(v); return .bool(s.contains { $0.isCased } && !s.contains { $0.isLowercase }) },
        "islower": { v, a, _ in let s = text(v); return .bool(s.contains { $0.isCased } && !s.contains { $0.isUppercase }) },
        "isdigit": { v, a, _ in let s = text(v); return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal || $0.properties.numericType == .digit }) },
        "isdecimal": { v, a, _ in let s = text(v); return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType == .decimal }) },
        "isnumeric": { v, a, _ in let s = text(v); return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType != nil }) },
        "isalpha": { v, a, _ in let s = text(v); return .bool(!s.isEmpty && s.allSatisfy { $0.isLetter }) },
        "isalnum": { v, a, _ in let s = text(v); return .bool(!s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber }) },
        "isspace": { v, a, _ in let s = text(v); return .bool(!s.isEmpty && s.allSatisfy { $0.isWhitespace }) },
        "isidentifier": { v, a, _ in
            let s = text(v).unicodeScalars
            guard let first = s.first else { return .false }
            return .bool((first.properties.isXIDStart || first == "_") && s.allSatisfy { $0.properties.isXIDContinue || $0 == "_" })
        },
        "center": { v, a, _ in try justify(v, a, "center") },
        "ljust": { v, a, _ in try justify(v, a, "ljust") },
        "rjust": { v, a, _ in try justify(v, a, "rjust") },
        "expandtabs": { v, a, _ in
            let tabsize = try a.bind("expandtabs", ["tabsize"])[0].map { try Conversions.int($0) } ?? 8
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
        },
        "zfill": { v, a, _ in
            try a.expect("zfill", 1...1)
            let width = try Conversions.int(a[0])
            var s = text(v)
            var sign = ""
            if let c = s.first, c == "+" || c == "-" { sign = String(c); s.removeFirst() }
            let pad = max(0, width - s.count - sign.count)
            return .string(sign + String(repeating: "0", count: pad) + s)
        },
        "partition": { v, a, _ in
            try a.expect("partition", 1...1)
            let sep = try arg(a, 0, "partition"), s = text(v)
            guard let r = s.range(of: sep) else { return .tuple(PyTuple([v, .string(""), .string("")])) }
            return .tuple(PyTuple([.string(String(s[..<r.lowerBound])), .string(sep), .string(String(s[r.upperBound...]))]))
        },
        "encode": { v, a, _ in v },
        "removeprefix": { v, a, _ in
            try a.expect("removeprefix", 1...1)
            let p = try arg(a, 0, "removeprefix"), s = text(v)
            return .string(s.hasPrefix(p) ? String(s.dropFirst(p.count)) : s)
        },
        "removesuffix": { v, a, _ in
            try a.expect("removesuffix", 1...1)
            let p = try arg(a, 0, "removesuffix"), s = text(v)
            return .string(s.hasSuffix(p) && !p.isEmpty ? String(s.dropLast(p.count)) : s)
        },
    ] }

    static func affix(_ v: Value, _ a: Arguments, _ name: String, _ test: (String, String) -> Bool) throws -> Value {
        try a.expect(name, 1...3)
        let s = text(v)
        switch a[0] {
        case .str(let p): return .bool(test(s, p.value))
        case .tuple(let t):
            for item in t.items { if case .str(let p) = item, test(s, p.value) { return .true } }
            return .false
        default:
            throw ScriptError(.typeError, "\(name) first arg must be str or a tuple of str, not \(a[0].typeName)")
        }
    }

    static func justify(_ v: Value, _ a: Arguments, _ name: String) throws -> Value {
        try a.expect(name, 1...2)
        let width = try Conversions.int(a[0])
        var fill: Character = " "
        if a.count == 2 {
            let f = try arg(a, 1, name)
            guard f.count == 1 else { throw ScriptError(.typeError, "The fill character must be exactly one character long") }
            fill = f.first!
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

extension Array where Element == Value {
    /// `splitlines` drops the empty piece after a final line break.
    func dropLastIfEmpty(_ original: String) -> [Value] {
        if let last = original.last, last.isNewline { return Array(dropLast()) }
        if original.isEmpty { return [] }
        return self
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
