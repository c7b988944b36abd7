/// How a script file's bytes become its text, as CPython reads source (PEP 263): UTF-8, with a
/// leading byte-order mark dropped, unless a `coding:` comment on one of the first two lines names
/// another encoding (`# -*- coding: cp949 -*-`). Bytes the encoding cannot take are a SyntaxError.
public enum SourceEncoding {
    /// The text of the script file `name`.
    public static func text(of bytes: [UInt8], name: String) throws -> String {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let body = bytes.starts(with: bom) ? Array(bytes.dropFirst(3)) : bytes
        guard let declared = declaration(body) else {
            if let text = String(validating: body, as: UTF8.self) { return text }
            let bad = firstInvalid(body)
            let line = body[..<bad].reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
            throw ScriptError(
                .syntaxError,
                "Non-UTF-8 code starting with '\(StringRepr.escaped(Unicode.Scalar(body[bad])))' in file \(name) on line "
                    + "\(line), but no encoding declared; see https://peps.python.org/pep-0263/ for details")
        }
        let codec: TextCodec
        do { codec = try TextCodec(declared) } catch {
            throw ScriptError(.syntaxError, "unknown encoding: \(declared)")
        }
        do { return try codec.decode(body) } catch let error as ScriptError {
            throw ScriptError(.syntaxError, "(unicode error) " + (error.message ?? ""))
        }
    }

    /// The encoding a `coding[:=]` comment on the first or second line names.
    static func declaration(_ bytes: [UInt8]) -> String? {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        while lines.count < 2 && start < bytes.count {
            let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
            lines.append(bytes[start..<end])
            start = end + 1
        }
        for line in lines {
            let text = String(decoding: line, as: UTF8.self)
            let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "\u{0C}" }
            guard trimmed.hasPrefix("#"), let found = trimmed.firstRange(of: "coding") else {
                // A line of code before the declaration ends the search, as in CPython.
                if !trimmed.isEmpty && !trimmed.hasPrefix("#") { return nil }
                continue
            }
            var rest = trimmed[found.upperBound...]
            guard rest.first == ":" || rest.first == "=" else { continue }
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
            if !name.isEmpty { return String(name) }
        }
        return nil
    }

    /// The offset of the first byte that does not begin valid UTF-8.
    static func firstInvalid(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let (length, problem) = TextCodec.utf8Sequence(bytes[...], at: i)
            if problem != nil { return i }
            i += length
        }
        return 0
    }
}
