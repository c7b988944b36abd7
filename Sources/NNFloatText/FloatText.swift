#if canImport(Glibc)
import Glibc
#endif

/// Decimal text of binary floating-point numbers, shared by the language (Python's float repr)
/// and the array printer (numpy's digits).
public enum FloatText {
    /// The shortest digits that round-trip for the value's own type, and the position of the
    /// decimal point (`123.45` → ([1, 2, 3, 4, 5], 3); `0.001` → ([1], -2); `0` → ([0], 1)).
    public static func shortestDigits<F: BinaryFloatingPoint & LosslessStringConvertible>(
        _ value: F
    ) -> (digits: [UInt8], point: Int) {
        var text = Substring(value.magnitude.description)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = pieces[0], fraction = pieces.count > 1 ? pieces[1] : ""
        var digits = Array((whole + fraction).utf8).map { $0 - 48 }
        var point = whole.count + exponent
        while digits.count > 1 && digits.first == 0 { digits.removeFirst(); point -= 1 }
        while digits.count > 1 && digits.last == 0 { digits.removeLast() }
        if digits == [0] { point = 1 }
        return (digits, point)
    }

    /// Python's `repr(float)`: shortest round-trip digits, exponent form outside 1e-4 ≤ |x| < 1e16.
    /// With `float32`, the digits are those of the nearest float32, as numpy prints its scalars.
    public static func pythonRepr(_ x: Double, float32: Bool = false) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        let (digits, point) = float32 ? shortestDigits(Float(x)) : shortestDigits(x)
        let sign = x.sign == .minus ? "-" : ""
        let text = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
        if point > 16 || point < -3 {
            let mantissa = text.count > 1 ? String(text.prefix(1)) + "." + text.dropFirst() : text
            return sign + mantissa + exponentSuffix(point - 1)
        }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + text }
        if point >= text.count { return sign + text + String(repeating: "0", count: point - text.count) + ".0" }
        return sign + text.prefix(point) + "." + text.dropFirst(point)
    }

    /// `e+05`-style exponent with at least two digits.
    public static func exponentSuffix(_ e: Int) -> String {
        let magnitude = String(abs(e))
        return "e" + (e < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" + magnitude : magnitude)
    }

    /// C's printf conversion of one double (`%.*f`, `%.*e`, `%.*g`): glibc rounds correctly, as
    /// Python's and numpy's fixed and exponent forms do.
    public static func printf(_ d: Double, precision: Int, _ conversion: Character, alternate: Bool = false) -> String {
        let p = min(precision, 400)
        if !alternate, let strfromd = strfromdFunction {
            // C23's strfromd takes no variable arguments, which makes it several times cheaper than vsnprintf.
            let format = "%." + String(p) + String(conversion)
            var small = (
                0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64
            )
            let fits = withUnsafeMutableBytes(of: &small) { raw -> String? in
                let buffer = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
                let n = Int(strfromd(buffer, raw.count, format, d))
                return n < raw.count ? String(cString: buffer) : nil
            }
            if let fits { return fits }
        }
        let format = "%" + (alternate ? "#" : "") + ".*" + String(conversion)
        var buffer = [CChar](repeating: 0, count: 512)
        let n = withVaList([Int32(p), d]) { vsnprintf(&buffer, buffer.count, format, $0) }
        if n >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(n) + 1)
            _ = withVaList([Int32(p), d]) { vsnprintf(&buffer, buffer.count, format, $0) }
        }
        return String(cString: buffer)
    }

    private typealias StrFromD =
        @convention(c) (UnsafeMutablePointer<CChar>?, Int, UnsafePointer<CChar>?, Double) -> Int32

    /// glibc's `strfromd`, looked up at run time because Swift's Glibc module does not declare it.
    private static let strfromdFunction: StrFromD? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "strfromd") else { return nil }
        return unsafeBitCast(symbol, to: StrFromD.self)
        #else
        return nil
        #endif
    }()
}

extension StringProtocol {
    /// The text without leading and trailing tabs and spaces (Unicode's space separators, such as
    /// U+00A0 and U+3000, included), what Foundation's `.whitespaces` trims, without bridging.
    public func trimmingSpaces() -> String {
        func isSpace(_ c: Unicode.Scalar) -> Bool {
            c == " " || c == "\t" || (!c.isASCII && c.properties.generalCategory == .spaceSeparator)
        }
        let scalars = unicodeScalars
        if let a = scalars.first, let b = scalars.last, !isSpace(a), !isSpace(b) { return String(self) }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}

extension String {
    /// The text padded on the left to `width` characters.
    public func leftPadded(to width: Int, with pad: Character = " ") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
