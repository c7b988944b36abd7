import Foundation
import NNTensor

/// Column statistics as pandas computes them (missing values skipped, sample deviation).
public enum Statistics {
    public static func present(_ c: Column) -> [Double] { c.numbers.filter { !$0.isNaN } }

    /// numpy's pairwise sum with missing values as zeros, as pandas' nan-aware reductions sum.
    static func zeroFilledSum(_ values: [Double]) -> Double {
        values.map { $0.isNaN ? 0 : $0 }.withUnsafeBufferPointer { Reduction.pairwiseSum($0) }
    }

    public static func sum(_ c: Column) -> Double { zeroFilledSum(c.numbers) }

    public static func mean(_ c: Column) -> Double {
        let n = present(c).count
        return n == 0 ? .nan : zeroFilledSum(c.numbers) / Double(n)
    }

    /// The sample standard deviation (ddof = 1), as pandas' `std`.
    public static func std(_ c: Column) -> Double {
        let n = present(c).count
        guard n > 1 else { return .nan }
        let m = zeroFilledSum(c.numbers) / Double(n)
        return (zeroFilledSum(c.numbers.map { $0.isNaN ? .nan : ($0 - m) * ($0 - m) }) / Double(n - 1)).squareRoot()
    }

    /// Linear interpolation between order statistics, as pandas' default quantile.
    public static func quantile(_ c: Column, _ q: Double) -> Double {
        let v = present(c).sorted()
        guard !v.isEmpty else { return .nan }
        let position = q * Double(v.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, v.count - 1)
        return v[low] + (v[high] - v[low]) * (position - Double(low))
    }

    /// `describe()` rows: count, mean, std, min, 25%, 50%, 75%, max.
    public static let describeRows = ["count", "mean", "std", "min", "25%", "50%", "75%", "max"]

    public static func describe(_ c: Column) -> [Double] {
        let v = present(c)
        return [
            Double(v.count), mean(c), std(c), v.min() ?? .nan, quantile(c, 0.25), quantile(c, 0.5), quantile(c, 0.75),
            v.max() ?? .nan,
        ]
    }
}
