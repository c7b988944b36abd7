import Foundation

/// Tick positions and labels chosen as matplotlib's default locator (MaxNLocator with steps
/// 1, 2, 2.5, 5, 10) and formatter (ScalarFormatter) choose them.
public enum Ticks {
    static let steps: [Double] = [1, 2, 2.5, 5, 10]

    /// The ticks inside [lo, hi], at most about `bins` intervals apart: the smallest "nice" step
    /// (1, 2, 2.5 or 5 times a power of ten) not below the range / bins that still gives two ticks.
    public static func locate(_ lo: Double, _ hi: Double, bins: Int) -> [Double] {
        let (vmin, vmax) = nonsingular(lo, hi)
        guard (vmax - vmin).isFinite else { return [] }
        let nbins = Double(max(bins, 1))
        let (scale, offset) = scaleRange(vmin, vmax, bins: nbins)
        let low = vmin - offset, high = vmax - offset
        // matplotlib's staircase: the steps a tenth as large, the steps, and twice ten.
        let extended = steps.dropLast().map { $0 / 10 } + steps + [20]
        let candidates = extended.map { $0 * scale }
        let rawStep = (high - low) / nbins
        let first = candidates.firstIndex { $0 >= rawStep } ?? candidates.count - 1
        var ticks: [Double] = []
        for step in candidates[...first].reversed() {
            let base = (low / step).rounded(.down) * step
            let edge = Edge(step: step, offset: offset)
            guard let from = edge.lower(low - base), let to = edge.upper(high - base) else { return [] }
            ticks = (from...max(from, to)).map { Double($0) * step + base }
            if ticks.filter({ $0 >= low && $0 <= high }).count >= 2 { break }
        }
        let tolerance = (vmax - vmin) * 1e-10
        return ticks.map { $0 + offset }.filter { $0 >= lo - tolerance && $0 <= hi + tolerance }
    }

    /// matplotlib's `_Edge_integer`: how many whole steps fit, forgiving rounding error.
    struct Edge {
        let step: Double
        let tolerance: Double

        init(step: Double, offset: Double) {
            self.step = step
            if offset > 0 {
                let digits = log10(offset / step)
                tolerance = min(0.4999, max(1e-10, pow(10, digits - 12)))
            } else {
                tolerance = 1e-10
            }
        }

        func lower(_ x: Double) -> Int? {
            let d = (x / step).rounded(.down), m = x - d * step
            return Edge.whole(abs(m / step - 1) < tolerance ? d + 1 : d)
        }

        func upper(_ x: Double) -> Int? {
            let d = (x / step).rounded(.down), m = x - d * step
            return Edge.whole(abs(m / step) < tolerance ? d : d + 1)
        }

        /// A step count as an Int, nil when it is not a sensible one.
        static func whole(_ d: Double) -> Int? { d.isFinite && abs(d) < 1e6 ? Int(d) : nil }
    }

    /// The power of ten near range / bins, and an offset when the range is tiny next to its values.
    static func scaleRange(_ vmin: Double, _ vmax: Double, bins: Double) -> (scale: Double, offset: Double) {
        let dv = abs(vmax - vmin)
        let mean = (vmax + vmin) / 2
        var offset = 0.0
        if abs(mean) / dv >= 100 {
            offset = (mean < 0 ? -1 : 1) * pow(10, log10(abs(mean)).rounded(.down))
        }
        return (pow(10, log10(dv / bins).rounded(.down)), offset)
    }

    /// A range widened when it is empty or nearly so, as matplotlib's `nonsingular` does.
    public static func nonsingular(_ lo: Double, _ hi: Double) -> (Double, Double) {
        let expander = 0.05
        guard lo.isFinite && hi.isFinite, lo != 0 || hi != 0 else { return (-expander, expander) }
        var (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
        let largest = max(abs(a), abs(b))
        if largest < 1e6 / 1e-15 * Double.leastNormalMagnitude { return (-expander, expander) }
        if b - a <= largest * 1e-15 {
            a -= expander * abs(a)
            b += expander * abs(b)
        }
        return (a, b)
    }

    /// Labels as matplotlib's ScalarFormatter writes them: enough decimals to tell the ticks apart,
    /// no more, and a minus sign (U+2212) for negatives. Ticks beyond 1e6 or below 1e-5 in size
    /// are written as multiples of a power of ten, returned as the multiplier text (`1e6`).
    public static func labels(_ ticks: [Double]) -> (labels: [String], multiplier: String?) {
        guard !ticks.isEmpty else { return ([], nil) }
        let largest = ticks.map(abs).max() ?? 0
        var order = 0
        if largest > 0 {
            let magnitude = Int(log10(largest).rounded(.down))
            if magnitude >= 6 || magnitude <= -5 { order = magnitude }
        }
        let scaled = ticks.map { $0 / pow(10, Double(order)) }
        var range = (scaled.max() ?? 0) - (scaled.min() ?? 0)
        if ticks.count < 2 || range == 0 { range = scaled.map(abs).max() ?? 1 }
        if range == 0 { range = 1 }
        let rangeOrder = Int(log10(range).rounded(.down))
        var decimals = max(0, 3 - rangeOrder)
        let threshold = 1e-3 * pow(10, Double(rangeOrder))
        while decimals >= 0 {
            let p = pow(10, Double(decimals))
            if scaled.map({ abs($0 - ($0 * p).rounded(.toNearestOrEven) / p) }).max() ?? 0 < threshold {
                decimals -= 1
            } else {
                break
            }
        }
        decimals += 1
        let labels = scaled.map { value -> String in
            var text = String(format: "%.\(decimals)f", value)
            if text.hasPrefix("-") {
                // "-0.0" is shown as 0, as matplotlib does.
                text =
                    text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." })
                    ? String(text.dropFirst()) : "\u{2212}" + text.dropFirst()
            }
            return text
        }
        return (labels, order == 0 ? nil : "1e\(order)")
    }
}
