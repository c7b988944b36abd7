extension ScriptError {
    /// The report CPython prints on standard error: the traceback (or a syntax error's position),
    /// then `Type: message`.
    public func report(_ interp: Interpreter) -> String {
        var lines: [String] = []
        if !traceback.isEmpty {
            lines.append("Traceback (most recent call last):")
            // Like CPython, a run of identical frames shows three times, then a count of the rest.
            let entries = Array(traceback.reversed())
            var i = 0
            while i < entries.count {
                var j = i + 1
                while j < entries.count && entries[j].source === entries[i].source
                    && entries[j].range == entries[i].range && entries[j].function == entries[i].function
                { j += 1 }
                for entry in entries[i..<min(j, i + 3)] {
                    lines.append(
                        "  File \"\(entry.source.name)\", line \(entry.range.start.line), in \(entry.function)")
                    lines += ScriptError.quote(entry.source, entry.range)
                }
                if j - i > 3 {
                    let more = j - i - 3
                    lines.append("  [Previous line repeated \(more) more time\(more == 1 ? "" : "s")]")
                }
                i = j
            }
        }
        if let (source, location) = exception.syntaxLocation {
            lines.append("  File \"\(source.name)\", line \(location.line)")
            let text = Array(source.line(location.line).unicodeScalars)
            let indent = text.prefix(while: { $0 == " " || $0 == "\t" }).count
            if indent < text.count {
                lines.append("    " + ScriptError.shown(text[indent...]))
                let before = ScriptError.shown(text[indent..<min(max(location.column, indent), text.count)])
                lines.append("    " + String(repeating: " ", count: before.unicodeScalars.count) + "^")
            }
        }
        let message = (try? exception.str(interp)) ?? ""
        // As Python's traceback module: the module is named, unless it is __main__ or builtins.
        let type = exception.exceptionType
        let name = type.moduleName == "__main__" ? type.name : type.qualifiedName
        lines.append(message.isEmpty ? name : "\(name): \(message)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Source text as a report shows it: control characters, which a terminal would act on, as
    /// `\x01` (tabs stay).
    static func shown(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        for s in scalars {
            if s.properties.generalCategory == .control && s != "\t" {
                out.append(contentsOf: StringRepr.escaped(s).unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// The source line of a range, and carets under the range when it is not the whole line.
    static func quote(_ source: Source, _ range: SourceRange) -> [String] {
        let text = source.line(range.start.line)
        let scalars = Array(text.unicodeScalars)
        let indent = scalars.prefix(while: { $0 == " " || $0 == "\t" }).count
        guard indent < scalars.count else { return [] }
        var lines = ["    " + shown(scalars[indent...])]
        let lineLength = scalars.count
        let start = range.start.column
        let end = range.end.line == range.start.line ? range.end.column : lineLength
        let trimmedEnd = text.unicodeScalars.count - String(text.reversed().drop(while: { $0 == " " })).count
        if end > start, start >= indent, !(start == indent && end >= lineLength - trimmedEnd) {
            let before = shown(scalars[indent..<start]).unicodeScalars.count
            let under = shown(scalars[start..<min(end, scalars.count)]).unicodeScalars.count
            lines.append("    " + String(repeating: " ", count: before) + String(repeating: "^", count: under))
        }
        return lines
    }

    /// The exit status for this error: SystemExit's code, otherwise 1.
    public var exitStatus: Int32 {
        // CPython exits with 128 + SIGINT after an uncaught KeyboardInterrupt.
        if exception.exceptionType === ExceptionType.keyboardInterrupt.pyType { return 130 }
        guard exception.exceptionType === ExceptionType.systemExit.pyType else { return 1 }
        switch exception.args.first {
        case nil, .none?: return 0
        case .int(let i)?: return Int32(truncatingIfNeeded: i)
        default: return 1
        }
    }

    public var isSystemExit: Bool { exception.exceptionType === ExceptionType.systemExit.pyType }
}
