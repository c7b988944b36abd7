import Foundation

/// TFDS's split strings: `train`, `train+test`, `train[:80%]`, `train[10:20]`, `train[-5:]`,
/// `train[2shard]` … resolved to ranges of examples of named splits, with TFDS's rounding of
/// percentages (to the closest example, ties to even).
public enum SplitSpec {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The parts of a spec: each a split's name and the range of its examples.
    public static func resolve(_ spec: String, counts: [(name: String, shards: [Int])]) throws -> [(String, Range<Int>)]
    {
        let parts = spec.split(separator: "+", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        return try parts.flatMap { part -> [(String, Range<Int>)] in
            if part == "all" { return counts.map { ($0.name, 0..<$0.shards.reduce(0, +)) } }
            do {
                return [try range(part, counts: counts, spec: spec)]
            } catch let e as Syntax {
                // As TFDS, which re-raises what its parser raises with this first line.
                throw Failure(
                    description:
                        "Error parsing split '\(spec)'. See format at: https://www.tensorflow.org/datasets/splits\n\(e.message)"
                )
            }
        }
    }

    /// A part that does not parse.
    private struct Syntax: Error { let message: String }

    private static func range(
        _ part: String, counts: [(name: String, shards: [Int])], spec: String
    ) throws -> (
        String, Range<Int>
    ) {
        let unrecognized = Syntax(
            message: "Unrecognized split format: '\(part)'. See format at https://www.tensorflow.org/datasets/splits")
        var name = Substring(part), selector: Substring? = nil
        if let open = part.firstIndex(of: "[") {
            guard part.hasSuffix("]") else { throw unrecognized }
            name = part[..<open]
            selector = part[part.index(after: open)..<part.index(before: part.endIndex)]
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw unrecognized
        }
        guard let split = counts.first(where: { $0.name == name }) else {
            throw Failure(
                description:
                    "Unknown split '\(name)'. Should be one of [\(counts.map { "'\($0.name)'" }.joined(separator: ", "))]."
            )
        }
        let n = split.shards.reduce(0, +)
        guard let selector else { return (String(name), 0..<n) }
        let bounds = selector.split(separator: ":", omittingEmptySubsequences: false)
        guard bounds.count == 2 || bounds.count == 1, bounds.contains(where: { !$0.isEmpty }) else {
            throw unrecognized
        }
        func parse(_ s: Substring) throws -> (value: Double, unit: String)? {
            if s.isEmpty { return nil }
            let unit = s.hasSuffix("%") ? "%" : s.hasSuffix("shard") ? "shard" : "abs"
            let number = s.dropLast(unit == "%" ? 1 : unit == "shard" ? 5 : 0).replacingOccurrences(of: "_", with: "")
            guard let v = Double(number), unit == "%" || v == v.rounded() else { throw unrecognized }
            return (v, unit)
        }
        let from = try parse(bounds[0]), to = bounds.count == 2 ? try parse(bounds[1]) : nil
        let unit = from?.unit ?? to?.unit ?? "abs"
        if bounds.count == 1 && unit != "shard" {
            throw Syntax(message: "Absolute or percent only support slice syntax.")
        }
        func absolute(_ b: (value: Double, unit: String)?, _ missing: Int) -> Int {
            guard let b else { return missing }
            switch unit {
            case "%": return Int((b.value * Double(n) / 100).rounded(.toNearestOrEven))
            case "shard":
                let i = Int(b.value)
                let k = i < 0 ? split.shards.count + i : i
                return split.shards.prefix(max(0, k)).reduce(0, +)
            default: return Int(b.value)
            }
        }
        if unit == "%", [from, to].contains(where: { abs($0?.value ?? 0) > 100 }) {
            // %g of the bounds, as TFDS's ReadInstruction prints them.
            let text = [from, to].map { $0.map { String(format: "%g%%", $0.value) } ?? "" }.joined(separator: ":")
            throw Syntax(
                message:
                    "When unit=%, percent slice boundaries should be in [-100, 100]. Got: ReadInstruction('\(name)[\(text)]', rounding='closest')"
            )
        }
        var start = absolute(from, 0)
        var end = bounds.count == 1 ? absolute((from!.value + 1, unit), n) : absolute(to, n)
        guard abs(start) <= n, abs(end) <= n else {
            throw Failure(
                description:
                    "Requested slice [\(start == 0 ? "" : String(start)):\(end == 0 ? "" : String(end))] incompatible with \(n) examples."
            )
        }
        if start < 0 { start += n }
        if end < 0 { end += n }
        return (String(name), start..<max(start, end))
    }
}
