import Foundation
import NNFloatText

/// numpy's print options (`np.set_printoptions`).
public struct PrintOptions: Sendable {
    public var precision = 8
    public var suppress = false
    public var threshold = 1000
    public var edgeItems = 3
    public var lineWidth = 75
    public init() {}
}

/// numpy's `str` and `repr` of arrays and scalars, digit for digit: the rules of numpy's
/// `arrayprint` (FloatingFormat in 'maxprec' mode, IntegerFormat, BoolFormat, `_formatArray`).
public struct ArrayFormatter {
    public var options: PrintOptions
    public init(options: PrintOptions = PrintOptions()) { self.options = options }

    /// `str(array)`.
    public func str(_ a: NDArray) -> String {
        if a.ndim == 0 { return scalarString(a.scalarValue, a.dtype) }
        return body(a, separator: " ", prefix: "", suffixLength: 0)
    }

    /// `repr(array)`: `array([...])`, then `dtype=` unless the values imply the type, on a new
    /// line when it would not fit on the last one (numpy's `_array_repr_implementation`).
    public func repr(_ a: NDArray) -> String {
        let impliedType = a.dtype == .float64 || a.dtype == .int64 || a.dtype == .bool
        var extras: [String] = []
        if a.size == 0 && a.shape != [0] { extras.append("shape=\(NDArray.describe(a.shape))") }
        if !impliedType || a.size == 0 { extras.append("dtype=\(a.dtype.rawValue)") }
        let body =
            a.ndim == 0
            ? scalarString(a.scalarValue, a.dtype) : self.body(a, separator: ", ", prefix: "array(", suffixLength: 1)
        if extras.isEmpty { return "array(" + body + ")" }
        let text = "array(" + body + ","
        let extra = extras.joined(separator: ", ") + ")"
        let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0
        let spacer = lastLine + extra.count + 1 > options.lineWidth ? "\n      " : " "
        return text + spacer + extra
    }

    /// A numpy scalar's `str` (`np.float32(0.1)` prints `0.1`).
    public func scalarString(_ x: Double, _ dtype: DType) -> String {
        switch dtype {
        case .bool: return x != 0 ? "True" : "False"
        case .int64, .int32, .uint8: return String(Int64(x))
        case .float64: return FloatText.pythonRepr(x)
        case .float32:
            // numpy prints float32 scalars positionally only for 1e-4 <= |x| < 1e6.
            let magnitude = abs(Double(Float(x)))
            if magnitude == 0 || !magnitude.isFinite || (magnitude >= 1e-4 && magnitude < 1e6) {
                return FloatText.pythonRepr(x, float32: true)
            }
            return FloatDigits.scientific(x, float32: true, precision: 17, minDigits: 0)
                .replacingOccurrences(of: ".e", with: "e")
        }
    }

    /// A numpy scalar's `repr` in numpy 2's style: `np.float64(5.0)`.
    public func scalarRepr(_ x: Double, _ dtype: DType) -> String {
        let name = dtype == .bool ? "True_" : dtype.rawValue
        if dtype == .bool { return x != 0 ? "np.True_" : "np.False_" }
        return "np.\(name)(\(scalarString(x, dtype)))"
    }

    func body(_ a: NDArray, separator: String, prefix: String, suffixLength: Int) -> String {
        if a.size == 0 { return "[]" }
        let summarize = a.size > options.threshold
        let format = elementFormat(summarize ? edgeValues(a) : a.elements, a.dtype)
        var lines = Lines(
            format: format, array: a, separator: separator, summarize: summarize, edgeItems: options.edgeItems)
        let hanging = " " + String(repeating: " ", count: prefix.count)
        return lines.recurse(index: [], hangingIndent: hanging, width: options.lineWidth - suffixLength)
    }

    /// The elements that a summarized array shows (numpy computes the column width from these only).
    func edgeValues(_ a: NDArray) -> [Double] {
        var out: [Double] = []
        func visit(_ index: [Int]) {
            if index.count == a.ndim { out.append(a.element(index)); return }
            let n = a.shape[index.count]
            let shown =
                n > 2 * options.edgeItems
                ? Array(0..<options.edgeItems) + Array((n - options.edgeItems)..<n) : Array(0..<n)
            for i in shown { visit(index + [i]) }
        }
        visit([])
        return out
    }

    func elementFormat(_ values: [Double], _ dtype: DType) -> (Double) -> String {
        switch dtype {
        case .bool:
            return { ($0 != 0 ? "True" : "False").leftPadded(to: 5) }
        case .int64, .int32, .uint8:
            let width = values.map { String(Int64($0)).count }.max() ?? 1
            return { String(Int64($0)).leftPadded(to: width) }
        case .float64, .float32:
            return FloatingFormat(values, float32: dtype == .float32, options: options).format
        }
    }

    /// numpy's `_formatArray`: nested brackets, rows wrapped at the line width, `...` summaries.
    struct Lines {
        let format: (Double) -> String
        let array: NDArray
        let separator: String
        let summarize: Bool
        let edgeItems: Int

        mutating func recurse(index: [Int], hangingIndent: String, width: Int) -> String {
            let axis = index.count
            if axis == array.ndim { return format(array.element(index)) }
            let nextIndent = hangingIndent + " "
            let nextWidth = width - 1
            let length = array.shape[axis]
            let showSummary = summarize && 2 * edgeItems < length
            let leading = showSummary ? edgeItems : 0
            let trailing = showSummary ? edgeItems : length
            var s = ""
            if array.ndim - axis == 1 {
                let elementWidth = width - max(separator.trimmingTrailingSpaces.count, 1)
                var line = hangingIndent
                for i in 0..<leading {
                    let word = recurse(index: index + [i], hangingIndent: nextIndent, width: nextWidth)
                    extend(&s, &line, word, elementWidth, hangingIndent)
                    line += separator
                }
                if showSummary {
                    extend(&s, &line, "...", elementWidth, hangingIndent)
                    line += separator
                }
                for i in stride(from: trailing, to: 1, by: -1) {
                    let word = recurse(index: index + [length - i], hangingIndent: nextIndent, width: nextWidth)
                    extend(&s, &line, word, elementWidth, hangingIndent)
                    line += separator
                }
                let word = recurse(index: index + [length - 1], hangingIndent: nextIndent, width: nextWidth)
                extend(&s, &line, word, elementWidth, hangingIndent)
                s += line
            } else {
                let lineSeparator =
                    separator.trimmingTrailingSpaces + String(repeating: "\n", count: array.ndim - axis - 1)
                for i in 0..<leading {
                    s +=
                        hangingIndent + recurse(index: index + [i], hangingIndent: nextIndent, width: nextWidth)
                        + lineSeparator
                }
                if showSummary { s += hangingIndent + "..." + lineSeparator }
                for i in stride(from: trailing, to: 1, by: -1) {
                    s +=
                        hangingIndent
                        + recurse(index: index + [length - i], hangingIndent: nextIndent, width: nextWidth)
                        + lineSeparator
                }
                s += hangingIndent + recurse(index: index + [length - 1], hangingIndent: nextIndent, width: nextWidth)
            }
            return "[" + s.dropFirst(hangingIndent.count) + "]"
        }

        func extend(_ s: inout String, _ line: inout String, _ word: String, _ width: Int, _ indent: String) {
            if line.count + word.count > width && line.count > indent.count {
                s += line.trimmingTrailingSpaces + "\n"
                line = indent
            }
            line += word
        }
    }
}

/// numpy's FloatingFormat in its default 'maxprec' mode: every value with its shortest unique
/// digits up to `precision` decimals, aligned on the decimal point, in exponent form when the
/// magnitudes are too far apart.
struct FloatingFormat {
    let float32: Bool
    let options: PrintOptions
    var exponentFormat = false
    var precision: Int
    var minDigits = 0
    var padLeft = 0
    var padRight = 0
    var exponentSize = -1

    init(_ values: [Double], float32: Bool, options: PrintOptions) {
        self.float32 = float32
        self.options = options
        precision = options.precision
        let finite = values.filter { $0.isFinite }
        let nonZero = finite.filter { $0 != 0 }.map(abs)
        if let maxValue = nonZero.max(), let minValue = nonZero.min() {
            // numpy 2.4 lowers the cutoff to the type's decimal precision: 1e6 for float32.
            exponentFormat =
                maxValue >= (float32 ? 1e6 : 1e8)
                || (!options.suppress && (minValue < 0.0001 || maxValue / minValue > 1000))
        }
        if finite.isEmpty {
            padLeft = 0
            padRight = 0
        } else if exponentFormat {
            let texts = finite.map {
                FloatDigits.scientific($0, float32: float32, precision: options.precision, minDigits: 0)
            }
            let parts = texts.map { t -> (Substring, Substring, Substring) in
                let e = (t.firstIndex(of: "e") ?? t.endIndex)
                let mantissa = t[..<e]
                let dot = (mantissa.firstIndex(of: ".") ?? mantissa.endIndex)
                return (mantissa[..<dot], mantissa[mantissa.index(after: dot)...], t[t.index(after: e)...])
            }
            exponentSize = (parts.map { $0.2.count }.max() ?? 3) - 1
            precision = parts.map { $0.1.count }.max() ?? 0
            minDigits = precision
            padLeft = parts.map { $0.0.count }.max() ?? 1
            padRight = exponentSize + 2 + precision
        } else {
            let texts = finite.map {
                FloatDigits.positional($0, float32: float32, precision: options.precision, minDigits: 0)
            }
            let parts = texts.map { t -> (Int, Int) in
                let dot = (t.firstIndex(of: ".") ?? t.endIndex)
                return (t.distance(from: t.startIndex, to: dot), t.distance(from: dot, to: t.endIndex) - 1)
            }
            padLeft = parts.map { $0.0 }.max() ?? 1
            padRight = parts.map { $0.1 }.max() ?? 0
        }
        if finite.count != values.count {
            let negativeInfinity = values.contains { $0.isInfinite && $0 < 0 }
            let offset = padRight + 1
            padLeft = max(padLeft, 3 - offset, 3 + (negativeInfinity ? 1 : 0) - offset)
        }
    }

    func format(_ x: Double) -> String {
        if !x.isFinite {
            let text = x.isNaN ? "nan" : x < 0 ? "-inf" : "inf"
            return text.leftPadded(to: padLeft + padRight + 1)
        }
        if exponentFormat {
            var t = FloatDigits.scientific(x, float32: float32, precision: precision, minDigits: minDigits)
            // numpy pads the exponent to the widest one shown.
            let e = (t.firstIndex(of: "e") ?? t.endIndex)
            let sign = t[t.index(after: e)]
            let digits = t[t.index(e, offsetBy: 2)...]
            t = String(t[..<e]) + "e" + String(sign) + String(digits).leftPadded(to: exponentSize, with: "0")
            let dot = (t.firstIndex(of: ".") ?? t.endIndex)
            return String(repeating: " ", count: max(0, padLeft - t.distance(from: t.startIndex, to: dot))) + t
        }
        let t = FloatDigits.positional(x, float32: float32, precision: precision, minDigits: minDigits)
        let dot = (t.firstIndex(of: ".") ?? t.endIndex)
        let left = t.distance(from: t.startIndex, to: dot), right = t.distance(from: dot, to: t.endIndex) - 1
        return String(repeating: " ", count: max(0, padLeft - left)) + t
            + String(repeating: " ", count: max(0, padRight - right))
    }
}

/// Decimal digits of doubles and floats, as numpy's Dragon4 produces them.
public enum FloatDigits {
    static func shortest(_ x: Double, float32: Bool) -> (digits: [UInt8], point: Int) {
        float32 ? FloatText.shortestDigits(Float(x)) : FloatText.shortestDigits(x)
    }

    /// Positional form with at most `precision` decimals (shortest digits when they fit, else the
    /// exact value rounded), trailing zeros trimmed but the point kept, then zero-padded to `minDigits`.
    public static func positional(_ x: Double, float32: Bool, precision: Int, minDigits: Int) -> String {
        let (digits, point) = shortest(x, float32: float32)
        var text: String
        if digits.count - point <= precision {
            let chars = digits.map { Character(Unicode.Scalar($0 + 48)) }
            if point <= 0 {
                text = "0." + String(repeating: "0", count: -point) + String(chars)
            } else if point >= chars.count {
                text = String(chars) + String(repeating: "0", count: point - chars.count) + "."
            } else {
                text = String(chars[..<point]) + "." + String(chars[point...])
            }
        } else {
            text = FloatText.printf(abs(x), precision: min(precision, 300), "f")
            if !text.contains(".") { text += "." }
            while text.hasSuffix("0") { text.removeLast() }
        }
        let decimals =
            text.count - 1 - text.distance(from: text.startIndex, to: (text.firstIndex(of: ".") ?? text.endIndex))
        if decimals < minDigits { text += String(repeating: "0", count: minDigits - decimals) }
        return (x.sign == .minus ? "-" : "") + text
    }

    /// Scientific form `d.ddde+XX` with the same digit rules.
    public static func scientific(_ x: Double, float32: Bool, precision: Int, minDigits: Int) -> String {
        let (digits, point) = shortest(x, float32: float32)
        var mantissa: String
        var exponent: Int
        if digits.count - 1 <= precision {
            let chars = digits.map { Character(Unicode.Scalar($0 + 48)) }
            mantissa = String(chars[0]) + "." + String(chars.dropFirst())
            exponent = x == 0 ? 0 : point - 1
        } else {
            let t = FloatText.printf(abs(x), precision: min(precision, 300), "e")
            let e = t.firstIndex(of: "e") ?? t.endIndex
            mantissa = String(t[..<e])
            exponent = e < t.endIndex ? Int(t[t.index(after: e)...]) ?? 0 : 0
            if !mantissa.contains(".") { mantissa += "." }
            while mantissa.hasSuffix("0") { mantissa.removeLast() }
        }
        let decimals = mantissa.count - 2
        if decimals < minDigits { mantissa += String(repeating: "0", count: minDigits - decimals) }
        let sign = x.sign == .minus ? "-" : ""
        return sign + mantissa + FloatText.exponentSuffix(exponent)
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
