import NNLang
import NNTensor

/// numpy's order statistics, histograms and NaN-skipping reductions.
extension NumpyModule {
    /// numpy's linear interpolation between neighbours a and b at t, which computes from the
    /// nearer end (`b - (b - a) * (1 - t)` for t ≥ 0.5), as numpy's percentile does.
    static func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double {
        let d = b - a
        return t >= 0.5 ? b - d * (1 - t) : a + d * t
    }

    /// The q-th quantile (0 ≤ q ≤ 1) of one run, by numpy's default 'linear' method; NaN when the run holds one.
    static func quantile(_ run: UnsafeBufferPointer<Double>, _ q: Double) -> Double {
        if run.isEmpty || run.contains(where: \.isNaN) { return .nan }
        let v = run.sorted()
        let position = q * Double(v.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, v.count - 1)
        return lerp(v[low], v[high], position - Double(low))
    }

    /// The middle value of a run, the mean of the two middle ones for an even count; NaN when empty.
    static func median(_ run: UnsafeBufferPointer<Double>) -> Double {
        if run.isEmpty { return .nan }
        let v = run.sorted(), n = v.count
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
    }

    static func addStatistics(_ m: inout ModuleBuilder, _ state: NumpyState) {
        for (name, scale) in [("percentile", 100.0), ("quantile", 1.0)] {
            m.def(
                """
                \(name)(a, q, axis=None, out=None, overwrite_input=False, method='linear', keepdims=False, *, weights=None, interpolation=None)  \
                The q-th \(name)\(scale == 100 ? " (0 to 100)" : " (0 to 1)") of the elements, interpolating linearly between neighbours.
                q: one \(name) or a sequence of them (the result then has an axis for them first).
                axis: the axis along which to compute; None, the flattened array.
                """, refusing: ["out", "overwrite_input", "weights", "interpolation"]
            ) { a, interp in
                guard try a.string("method") == "linear" else {
                    throw ScriptError(.notImplementedError, "nn's \(name) has only method='linear'")
                }
                let x = try array(a["a"], interp)
                let qs = try array(a["q"], interp)
                guard qs.elements.allSatisfy({ $0 >= 0 && $0 <= scale }) else {
                    throw ScriptError(
                        .valueError,
                        scale == 100
                            ? "Percentiles must be in the range [0, 100]" : "Quantiles must be in the range [0, 1]")
                }
                let type = Elementwise.floatType(x.dtype)
                let results = try qs.elements.map { q in
                    try numpyCall {
                        try x.reduceRuns(axis: try a.optionalInt("axis"), keepdims: try a.bool("keepdims"), to: type) {
                            quantile($0, q / scale)
                        }
                    }
                }
                if qs.ndim == 0 { return NumpyConvert.wrap(results[0], state) }
                let stacked = try numpyCall { try Joining.stack(results, axis: 0) }
                return NumpyConvert.wrap(try stacked.reshaped(qs.shape + results[0].shape), state)
            }
        }
        m.def(
            "median(a, axis=None, out=None, overwrite_input=False, keepdims=False)  The middle value (the mean of the two middle ones for an even count).",
            refusing: ["out", "overwrite_input"]
        ) { a, interp in
            let x = try array(a["a"], interp)
            return NumpyConvert.wrap(
                try numpyCall {
                    try x.reduceRuns(
                        axis: try a.optionalInt("axis"), keepdims: try a.bool("keepdims"),
                        to: Elementwise.floatType(x.dtype)
                    ) { $0.contains(where: \.isNaN) ? .nan : median($0) }
                }, state)
        }
        m.def(
            "average(a, axis=None, weights=None, returned=False, *, keepdims=False)  The mean, or the weighted mean with weights.",
            refusing: ["returned"]
        ) { a, interp in
            let x = try array(a["a"], interp)
            let axis = try a.optionalInt("axis"), keepdims = try a.bool("keepdims")
            guard let w = a.optional("weights") else {
                return NumpyConvert.wrap(try numpyCall { try x.reduce(.mean, axis: axis, keepdims: keepdims) }, state)
            }
            let weights = try array(w, interp)
            guard weights.shape == x.shape || (axis != nil && weights.ndim == 1) else {
                throw ScriptError(.typeError, "Axis must be specified when shapes of a and weights differ.")
            }
            let type = Elementwise.floatType(x.dtype)
            var full = weights
            if weights.shape != x.shape, let axis {
                let k = try x.normalizeAxis(axis)
                var shape = [Int](repeating: 1, count: x.ndim)
                shape[k] = weights.size
                full = Elementwise.broadcast(try weights.reshaped(shape), to: x.shape)
            }
            let product = try numpyCall { try Elementwise.apply(.multiply, x.astype(type), full.astype(type)) }
            let total = try numpyCall { try product.reduce(.sum, axis: axis, keepdims: keepdims) }
            let norm = try numpyCall { try full.astype(type).reduce(.sum, axis: axis, keepdims: keepdims) }
            if norm.elements.contains(0) {
                throw ScriptError(.zeroDivisionError, "Weights sum to zero, can't be normalized")
            }
            return NumpyConvert.wrap(try numpyCall { try Elementwise.apply(.divide, total, norm) }, state)
        }
        m.def(
            "ptp(a, axis=None, out=None, keepdims=False)  The range of the values: maximum minus minimum.",
            refusing: ["out"]
        ) {
            a, interp in
            let x = try array(a["a"], interp)
            return NumpyConvert.wrap(
                try numpyCall {
                    try x.reduceRuns(axis: try a.optionalInt("axis"), keepdims: try a.bool("keepdims"), to: x.dtype) {
                        $0.contains(where: \.isNaN) ? .nan : ($0.max() ?? .nan) - ($0.min() ?? .nan)
                    }
                }, state)
        }
        // Each ignores NaN; nanmedian has no Reduction of its own (nil).
        let skipping: [(String, Reduction?, String)] = [
            ("nansum", .sum, "The sum, NaN counting as zero."),
            ("nanmean", .mean, "The mean of the values that are not NaN."),
            ("nanmax", .max, "The largest value that is not NaN."),
            ("nanmin", .min, "The smallest value that is not NaN."),
            ("nanstd", .standardDeviation, "The standard deviation of the values that are not NaN."),
            ("nanvar", .variance, "The variance of the values that are not NaN."),
            ("nanmedian", nil, "The median of the values that are not NaN."),
        ]
        for (name, reduction, summary) in skipping {
            m.def("\(name)(a, axis=None, out=None, keepdims=False)  \(summary)", refusing: ["out"]) { a, interp in
                let x = try array(a["a"], interp)
                let type = reduction == .sum ? Reduction.sum.resultType(x.dtype) : Elementwise.floatType(x.dtype)
                return NumpyConvert.wrap(
                    try numpyCall {
                        try x.reduceRuns(axis: try a.optionalInt("axis"), keepdims: try a.bool("keepdims"), to: type) {
                            run in
                            let kept = run.filter { !$0.isNaN }
                            guard let reduction else { return kept.withUnsafeBufferPointer(median) }
                            if kept.isEmpty && reduction != .sum { return .nan }
                            return kept.withUnsafeBufferPointer { reduction.reduce($0) }
                        }
                    }, state)
            }
        }
        m.def(
            """
            histogram(a, bins=10, range=None, density=None, weights=None)  How many values fall in each bin, and the bins' edges.
            bins: the number of equal bins, or the edges themselves (the last bin includes its right edge).
            range: (low, high) the equal bins span; the data's minimum and maximum when None.
            density: give each bin's share divided by its width instead of counts.
            weights: add each value's weight to its bin instead of 1.
            """
        ) { a, interp in try histogram(a, state, interp) }
        m.def("bincount(x, /, weights=None, minlength=0)  How often each non-negative integer occurs in x.") {
            a, interp in
            let x = try array(a["x"], interp)
            guard x.ndim <= 1, !x.dtype.isFloat || x.size == 0 else {
                throw ScriptError(
                    .typeError,
                    "Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'safe'")
            }
            guard x.elements.allSatisfy({ $0 >= 0 }) else {
                throw ScriptError(.valueError, "'list' argument must have no negative elements")
            }
            let weights = try a.optional("weights").map { try array($0, interp).elements }
            let length = max(Int(x.elements.max() ?? -1) + 1, try a.int("minlength"))
            var counts = [Double](repeating: 0, count: length)
            for (i, v) in x.elements.enumerated() { counts[Int(v)] += weights?[i] ?? 1 }
            return .object(PyArray(NDArray(counts, shape: [length], dtype: weights == nil ? .int64 : .float64), state))
        }
        m.def("count_nonzero(a, axis=None, *, keepdims=False)  How many elements are not zero.") { a, interp in
            let x = try array(a["a"], interp)
            return NumpyConvert.wrap(
                try numpyCall {
                    try x.reduceRuns(axis: try a.optionalInt("axis"), keepdims: try a.bool("keepdims"), to: .int64) {
                        Double($0.filter { $0 != 0 }.count)
                    }
                }, state)
        }
    }

    static func histogram(_ a: Bound, _ state: NumpyState, _ interp: Interpreter) throws -> Value {
        let x = try array(a["a"], interp).elements
        let weights = try a.optional("weights").map { try array($0, interp).elements }
        var edges: [Double]
        var edgeType = DType.float64
        var uniform = false
        if case .int(let n) = a["bins"] {
            guard n > 0 else { throw ScriptError(.valueError, "`bins` must be positive, when an integer") }
            var (low, high) = (x.min() ?? 0, x.max() ?? 1)
            if let range = a.optional("range") {
                let r = try interp.collect(range).map { try Conversions.double($0) }
                guard r.count == 2, r[0] <= r[1] else {
                    throw ScriptError(.valueError, "max must be larger than min in range parameter.")
                }
                (low, high) = (r[0], r[1])
            } else if x.contains(where: { !$0.isFinite }) {
                throw ScriptError(.valueError, "autodetected range of [\(low), \(high)] is not finite")
            }
            if low == high { (low, high) = (low - 0.5, high + 0.5) }
            let step = (high - low) / Double(n)
            edges = (0...n).map { Double($0) * step + low }
            edges[n] = high
            uniform = true
        } else {
            let given = try array(a["bins"], interp)
            guard given.ndim == 1, given.size >= 2 else {
                throw ScriptError(.valueError, "`bins` must be 1d, when an array")
            }
            edges = given.elements
            edgeType = given.dtype
            guard zip(edges, edges.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                throw ScriptError(.valueError, "`bins` must increase monotonically, when an array")
            }
        }
        let bins = edges.count - 1
        var counts = [Double](repeating: 0, count: bins)
        let (first, last) = (edges[0], edges[bins])
        for (i, v) in x.enumerated() where v >= first && v <= last {
            var k: Int
            if uniform {
                // numpy's: the bin from the scaled value, then corrected against the edges.
                k = min(Int((v - first) * (Double(bins) / (last - first))), bins - 1)
                if v < edges[k] { k -= 1 }
                if k + 1 < bins && v >= edges[k + 1] { k += 1 }
            } else {
                k = (edges.lastIndex { $0 <= v } ?? 0)
                k = min(k, bins - 1)
            }
            counts[k] += weights?[i] ?? 1
        }
        var type: DType = weights == nil ? .int64 : .float64
        if try interp.isTruthy(a["density"]) {
            let total = counts.reduce(0, +)
            counts = counts.indices.map { counts[$0] / total / (edges[$0 + 1] - edges[$0]) }
            type = .float64
        }
        return .tuple(
            PyTuple([
                .object(PyArray(NDArray(counts, shape: [bins], dtype: type), state)),
                .object(PyArray(NDArray(edges, shape: [bins + 1], dtype: edgeType), state)),
            ]))
    }
}
