#if canImport(Glibc)
import Glibc
#endif

/// An open text file, as Python's TextIOWrapper: text is decoded with the file's encoding and
/// error handler, and newlines are translated as `newline=` says.
public final class PyFile: PyObject {
    public let path: String
    public let mode: String
    /// The encoding as the script named it (`UTF-8` when it named none), for the repr.
    let encodingName: String
    let codec: TextCodec
    let errors: TextCodec.ErrorHandler
    /// `newline=`: nil reads `\r\n` and `\r` as `\n`; otherwise nothing is translated on reading and
    /// lines end at it (`''`: at any of the three). On writing, `\n` becomes it (nil and `''`: `\n`).
    let newline: String?
    var handle: UnsafeMutablePointer<FILE>?
    /// What has been decoded but not yet read: the first read decodes the rest of the file.
    private var unread: Substring?

    init(
        path: String, mode: String, handle: UnsafeMutablePointer<FILE>, encoding: String?,
        errors: TextCodec.ErrorHandler, newline: String?
    ) throws {
        self.path = path
        self.mode = mode
        self.handle = handle
        encodingName = encoding ?? "UTF-8"
        codec = try encoding.map { try TextCodec($0) } ?? .utf8
        self.errors = errors
        self.newline = newline
    }
    deinit { if let handle { fclose(handle) } }
    public override var type: PyType { .file }
    public override func repr(_ interp: Interpreter) throws -> String {
        "<_io.TextIOWrapper name=\(StringRepr.quote(path)) mode='\(mode)' encoding='\(encodingName)'>"
    }
    public override func makeIterator(_ interp: Interpreter) throws -> PyIterator {
        SequenceIterator(try readLines().map { .string($0) })
    }
    func open() throws -> UnsafeMutablePointer<FILE> {
        guard let handle else { throw ScriptError(.valueError, "I/O operation on closed file.") }
        return handle
    }
    public func close() { if let handle { fclose(handle) }; handle = nil }

    /// The text not yet read, decoding the rest of the file the first time.
    private func pending() throws -> Substring {
        if let unread { return unread }
        guard mode.contains("r") || mode.contains("+") else { throw ScriptError(.unsupportedOperation, "not readable") }
        var text = try codec.decode(FileMethods.rest(of: try open()), errors: errors)
        if newline == nil && text.utf8.contains(13) {
            text = text.replacingOccurrences("\r\n", "\n").replacingOccurrences("\r", "\n")
        }
        return Substring(text)
    }

    /// The rest of the file.
    public func readAll() throws -> String { try read(-1) }

    /// At most `count` characters (all of the rest when negative).
    func read(_ count: Int) throws -> String {
        let text = try pending()
        let scalars = text.unicodeScalars
        let end =
            count < 0
            ? scalars.endIndex
            : scalars.index(scalars.startIndex, offsetBy: count, limitedBy: scalars.endIndex) ?? scalars.endIndex
        unread = Substring(scalars[end...])
        return String(scalars[..<end])
    }

    /// The next line with its ending (at most `limit` characters when that is not negative); empty
    /// at the end of the file.
    func readLine(_ limit: Int = -1) throws -> String {
        let text = try pending()
        let scalars = text.unicodeScalars
        var end = scalars.startIndex, count = 0
        var previous: Unicode.Scalar? = nil
        while end < scalars.endIndex && (limit < 0 || count < limit) {
            let c = scalars[end]
            end = scalars.index(after: end)
            count += 1
            defer { previous = c }
            if endsLine(c, after: previous) {
                if c == "\r" && newline == "" && end < scalars.endIndex && scalars[end] == "\n" {
                    end = scalars.index(after: end)
                }
                break
            }
        }
        unread = Substring(scalars[end...])
        return String(scalars[..<end])
    }

    /// Whether character `c` (after `previous`) ends a line under `newline`.
    private func endsLine(_ c: Unicode.Scalar, after previous: Unicode.Scalar?) -> Bool {
        switch newline {
        case nil, "\n"?: return c == "\n"
        case ""?: return c == "\n" || c == "\r"
        case "\r"?: return c == "\r"
        default: return c == "\n" && previous == "\r"
        }
    }

    func readLines() throws -> [String] {
        var lines: [String] = []
        while true {
            let line = try readLine()
            if line.isEmpty { return lines }
            lines.append(line)
        }
    }

    public func write(_ s: String) throws -> Int {
        let h = try open()
        guard mode.contains("w") || mode.contains("a") || mode.contains("+") || mode.contains("x") else {
            throw ScriptError(.unsupportedOperation, "not writable")
        }
        let text = newline.map { $0.isEmpty || $0 == "\n" ? s : s.replacingOccurrences("\n", $0) } ?? s
        // utf-8-sig's byte-order mark starts the file, not every write.
        let signed = codec.name == "utf-8-sig" && ftell(h) > 0
        let bytes = try (signed ? TextCodec.utf8 : codec).encode(text, errors: errors)
        fwrite(bytes, 1, bytes.count, h)
        return s.unicodeScalars.count
    }
}
