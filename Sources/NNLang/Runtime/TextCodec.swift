#if canImport(Glibc)
import Glibc
#endif

/// Python's text encodings: how a file's bytes become str and back, with Python's names, error
/// handlers and error messages. UTF-8 (with or without a byte-order mark), ASCII and Latin-1 are
/// coded here; every other encoding — cp949 and euc-kr for Korean files, utf-16, shift_jis,
/// cp1252, … — goes through glibc's iconv.
public struct TextCodec: Sendable {
    /// The encoding's name as Python's messages give it: 'utf-8', 'cp949'.
    public let name: String
    private let kind: Kind
    private enum Kind: Sendable { case utf8, utf8Signature, ascii, latin1, iconv(String) }

    public static let utf8 = TextCodec(name: "utf-8", kind: .utf8)

    private init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The codec for an encoding as Python spells it (any case, with `-`, `_` or spaces); LookupError
    /// when neither Python's names nor iconv know it.
    public init(_ encoding: String) throws {
        let key = encoding.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(
            of: " ", with: "_")
        switch key {
        case "utf_8", "utf8", "u8", "utf", "cp65001": self = .utf8
        case "utf_8_sig", "utf8_sig": self.init(name: "utf-8-sig", kind: .utf8Signature)
        case "ascii", "us_ascii", "646": self.init(name: "ascii", kind: .ascii)
        case "latin_1", "latin1", "latin", "l1", "iso_8859_1", "iso8859_1", "8859", "cp819":
            self.init(name: "latin-1", kind: .latin1)
        default:
            let iconvName = TextCodec.iconvAliases[key] ?? key.uppercased().replacingOccurrences(of: "_", with: "-")
            let probe = iconv_open("UTF-8", iconvName)
            guard probe != iconv_t(bitPattern: -1) else {
                throw ScriptError(.lookupError, "unknown encoding: \(encoding)")
            }
            iconv_close(probe)
            self.init(name: key, kind: .iconv(iconvName))
        }
    }

    /// Python's names that iconv spells differently (Korean files' encodings among them).
    private static let iconvAliases: [String: String] = [
        "ks_c_5601_1987": "CP949", "ksc5601": "CP949", "ks_c_5601": "CP949", "ms949": "CP949", "uhc": "CP949",
        "euckr": "EUC-KR", "korean": "EUC-KR", "ksx1001": "EUC-KR", "ks_x_1001": "EUC-KR",
        "utf_16": "UTF-16", "utf_16_le": "UTF-16LE", "utf_16_be": "UTF-16BE", "u16": "UTF-16LE",
        "sjis": "SHIFT_JIS", "shift_jis": "SHIFT_JIS", "windows_1252": "CP1252",
    ]

    /// What Python's `errors=` argument names: how to go on past bytes (or characters) the codec
    /// cannot take. As in Python, a name is looked up only when it is needed.
    public enum ErrorHandler: Sendable {
        case strict, ignore, replace, backslashreplace, xmlcharrefreplace, namereplace
        case unknown(String)

        public init(_ name: String?) {
            switch name {
            case nil, "strict"?: self = .strict
            case "ignore"?: self = .ignore
            case "replace"?: self = .replace
            case "backslashreplace"?: self = .backslashreplace
            case "xmlcharrefreplace"?: self = .xmlcharrefreplace
            case "namereplace"?: self = .namereplace
            case let other?: self = .unknown(other)
            }
        }

        public var name: String {
            switch self {
            case .strict: return "strict"
            case .ignore: return "ignore"
            case .replace: return "replace"
            case .backslashreplace: return "backslashreplace"
            case .xmlcharrefreplace: return "xmlcharrefreplace"
            case .namereplace: return "namereplace"
            case .unknown(let name): return name
            }
        }

        /// The error for a handler that cannot be used here (`error` is what it was called for).
        func refusal(_ error: String) -> ScriptError {
            switch self {
            case .unknown(let name) where name == "surrogateescape" || name == "surrogatepass":
                return ScriptError(
                    .notImplementedError,
                    "nn's strings cannot hold lone surrogates, so errors='\(name)' is not supported")
            case .unknown(let name): return ScriptError(.lookupError, "unknown error handler name '\(name)'")
            default: return ScriptError(.typeError, "don't know how to handle \(error) in error callback")
            }
        }
    }

    // MARK: Decoding

    /// The text of `bytes`; UnicodeDecodeError (with the position, as Python words it) where they
    /// are not valid in this encoding, unless `errors` says to go on.
    public func decode(_ bytes: [UInt8], errors: ErrorHandler = .strict) throws -> String {
        switch kind {
        case .utf8: return try decodeUTF8(bytes[...], errors)
        case .utf8Signature:
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            return try decodeUTF8(bytes.starts(with: bom) ? bytes.dropFirst(3) : bytes[...], errors)
        case .ascii:
            if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            var out = String.UnicodeScalarView()
            for (i, b) in bytes.enumerated() {
                if b < 0x80 {
                    out.append(Unicode.Scalar(b))
                } else {
                    try recover(bytes[...], i..<(i + 1), "ordinal not in range(128)", errors, into: &out)
                }
            }
            return String(out)
        case .latin1:
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case .iconv(let iconvName): return try decodeIconv(bytes, iconvName, errors)
        }
    }

    /// UTF-8 with Python's reasons for a bad sequence: each maximal invalid part is one error.
    private func decodeUTF8(_ bytes: ArraySlice<UInt8>, _ errors: ErrorHandler) throws -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var out = String.UnicodeScalarView()
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let (length, problem) = TextCodec.utf8Sequence(bytes, at: i)
            if let problem {
                try recover(bytes, i..<(i + length), problem, errors, into: &out)
            } else {
                out.append(contentsOf: String(decoding: bytes[i..<(i + length)], as: UTF8.self).unicodeScalars)
            }
            i += length
        }
        return String(out)
    }

    /// The length of the UTF-8 sequence at `i` and, when it is invalid, why (the length is then
    /// that of the maximal invalid part).
    static func utf8Sequence(_ bytes: ArraySlice<UInt8>, at i: Int) -> (Int, String?) {
        let lead = bytes[i]
        let need: Int, second: ClosedRange<UInt8>
        switch lead {
        case 0..<0x80: return (1, nil)
        case 0xC2...0xDF: (need, second) = (1, 0x80...0xBF)
        case 0xE0: (need, second) = (2, 0xA0...0xBF)
        case 0xED: (need, second) = (2, 0x80...0x9F)
        case 0xE1...0xEF: (need, second) = (2, 0x80...0xBF)
        case 0xF0: (need, second) = (3, 0x90...0xBF)
        case 0xF4: (need, second) = (3, 0x80...0x8F)
        case 0xF1...0xF3: (need, second) = (3, 0x80...0xBF)
        default: return (1, "invalid start byte")
        }
        for k in 1...need {
            guard i + k < bytes.endIndex else { return (k, "unexpected end of data") }
            let range = k == 1 ? second : 0x80...0xBF
            if !range.contains(bytes[i + k]) { return (k, "invalid continuation byte") }
        }
        return (need + 1, nil)
    }

    /// Bytes `bad` cannot be decoded: the error, or what `errors` puts in their place.
    private func recover(
        _ bytes: ArraySlice<UInt8>, _ bad: Range<Int>, _ reason: String, _ errors: ErrorHandler,
        into out: inout String.UnicodeScalarView
    ) throws {
        switch errors {
        case .ignore: return
        case .replace: out.append("\u{FFFD}")
        case .backslashreplace:
            for b in bytes[bad] { out.append(contentsOf: StringRepr.escaped(Unicode.Scalar(b)).unicodeScalars) }
        case .strict:
            let start = bad.lowerBound - bytes.startIndex
            let which =
                bad.count == 1
                ? "byte 0x\(String(bytes[bad.lowerBound], radix: 16).leftPadded(to: 2, with: "0")) in position \(start)"
                : "bytes in position \(start)-\(start + bad.count - 1)"
            throw ScriptError(.unicodeDecodeError, "'\(name)' codec can't decode \(which): \(reason)")
        default: throw errors.refusal("UnicodeDecodeError")
        }
    }

    private func decodeIconv(_ bytes: [UInt8], _ iconvName: String, _ errors: ErrorHandler) throws -> String {
        guard let converter = Iconv(from: iconvName, to: "UTF-8") else {
            throw ScriptError(.lookupError, "unknown encoding: \(name)")
        }
        var out = String.UnicodeScalarView()
        var start = 0
        while start < bytes.count {
            let (converted, stop) = converter.convert(bytes[start...])
            out.append(contentsOf: String(decoding: converted, as: UTF8.self).unicodeScalars)
            guard let stop else { break }
            let reason = stop.incomplete ? "incomplete multibyte sequence" : "illegal multibyte sequence"
            let at = start + stop.at
            try recover(bytes[...], at..<(at + 1), reason, errors, into: &out)
            start = at + 1
        }
        return String(out)
    }

    // MARK: Encoding

    /// The bytes of `text`; UnicodeEncodeError (naming the characters and their position) for
    /// characters this encoding has no bytes for, unless `errors` says to go on.
    public func encode(_ text: String, errors: ErrorHandler = .strict) throws -> [UInt8] {
        switch kind {
        case .utf8: return Array(text.utf8)
        case .utf8Signature: return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case .ascii, .latin1:
            let limit: UInt32 = { if case .ascii = kind { return 0x80 } else { return 0x100 } }()
            let scalars = Array(text.unicodeScalars)
            if scalars.allSatisfy({ $0.value < limit }) { return scalars.map { UInt8($0.value) } }
            var out: [UInt8] = []
            var i = 0
            while i < scalars.count {
                guard scalars[i].value >= limit else {
                    out.append(UInt8(scalars[i].value))
                    i += 1
                    continue
                }
                var end = i + 1
                while end < scalars.count && scalars[end].value >= limit { end += 1 }
                out += try substitute(scalars, i..<end, "ordinal not in range(\(limit))", errors)
                i = end
            }
            return out
        case .iconv(let iconvName):
            guard let converter = Iconv(from: "UTF-8", to: iconvName) else {
                throw ScriptError(.lookupError, "unknown encoding: \(name)")
            }
            let scalars = Array(text.unicodeScalars)
            var out: [UInt8] = []
            var rest = Substring(text)
            while !rest.isEmpty {
                let utf8 = Array(rest.utf8)
                let (converted, stop) = converter.convert(utf8[...])
                out += converted
                guard let stop else { break }
                // The character iconv stopped at, counted in characters of the whole text.
                let done = String(decoding: utf8[..<stop.at], as: UTF8.self).unicodeScalars.count
                let position = scalars.count - rest.unicodeScalars.count + done
                out += try substitute(scalars, position..<(position + 1), "illegal multibyte sequence", errors)
                rest = Substring(String(String.UnicodeScalarView(scalars[(position + 1)...])))
            }
            return out
        }
    }

    /// Characters `bad` cannot be encoded: the error, or the bytes `errors` puts in their place.
    private func substitute(
        _ scalars: [Unicode.Scalar], _ bad: Range<Int>, _ reason: String, _ errors: ErrorHandler
    ) throws -> [UInt8] {
        let chosen = scalars[bad]
        switch errors {
        case .ignore: return []
        case .replace: return try encode(String(repeating: "?", count: bad.count))
        case .backslashreplace: return Array(chosen.map(StringRepr.escaped).joined().utf8)
        case .xmlcharrefreplace: return Array(chosen.map { "&#\($0.value);" }.joined().utf8)
        case .namereplace:
            return Array(
                chosen.map { s in s.properties.name.map { "\\N{\($0)}" } ?? StringRepr.escaped(s) }.joined().utf8)
        case .strict:
            let which =
                bad.count == 1
                ? "character '\(chosen.map(StringRepr.escaped).joined())' in position \(bad.lowerBound)"
                : "characters in position \(bad.lowerBound)-\(bad.upperBound - 1)"
            throw ScriptError(.unicodeEncodeError, "'\(name)' codec can't encode \(which): \(reason)")
        case .unknown: throw errors.refusal("UnicodeEncodeError")
        }
    }
}

/// One iconv conversion descriptor.
private final class Iconv {
    private let descriptor: iconv_t

    init?(from: String, to: String) {
        let d = iconv_open(to, from)
        guard d != iconv_t(bitPattern: -1), let d else { return nil }
        descriptor = d
    }
    deinit { iconv_close(descriptor) }

    /// Where a conversion stopped: the offset of the byte it could not take, and whether the input
    /// ended inside a sequence (rather than holding an invalid one).
    struct Stop { var at: Int, incomplete: Bool }

    /// Converts `input` up to its end or its first bad sequence.
    func convert(_ input: ArraySlice<UInt8>) -> ([UInt8], Stop?) {
        guard !input.isEmpty else { return ([], nil) }
        iconv(descriptor, nil, nil, nil, nil)  // a fresh shift state
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        var produced = 0
        var consumed = 0
        var input = Array(input)
        while true {
            var stopped: Int32 = 0
            input.withUnsafeMutableBufferPointer { inBuffer in
                output.withUnsafeMutableBufferPointer { outBuffer in
                    var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!)
                        .advanced(by: consumed).assumingMemoryBound(to: CChar.self)
                    var inLeft = inBuffer.count - consumed
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                        .advanced(by: produced).assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count - produced
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    if result == -1 { stopped = errno }
                    consumed = inBuffer.count - inLeft
                    produced = outBuffer.count - outLeft
                }
            }
            switch stopped {
            case 0: return (Array(output[..<produced]), nil)
            case E2BIG: output += [UInt8](repeating: 0, count: output.count)
            default: return (Array(output[..<produced]), Stop(at: consumed, incomplete: stopped == EINVAL))
            }
        }
    }
}
