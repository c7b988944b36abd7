import NNLang
import NNTensor

/// `a[key]` and `a[key] = value`: ints, slices, tuples of them, `...`, `None`, boolean masks and
/// integer index arrays, with numpy's views (basic indexing) and copies (masks, index arrays).
enum NumpyIndexing {
    static func get(_ a: PyArray, _ key: Value) throws -> Value {
        if let positions = try selection(a.array, key) {
            let values = positions.offsets.map { a.array.buffer.data[$0] }
            return NumpyConvert.wrap(NDArray(values, shape: positions.shape, dtype: a.array.dtype), a.state)
        }
        return NumpyConvert.wrap(try view(a.array, key), a.state)
    }

    /// The buffer offsets `a[key]` reads, and the shape of the result.
    static func offsets(_ a: NDArray, _ key: Value) throws -> (offsets: [Int], shape: [Int]) {
        if let positions = try selection(a, key) { return positions }
        let v = try view(a, key)
        var offsets: [Int] = []
        offsets.reserveCapacity(v.size)
        v.forEachOffset { offsets.append($0) }
        return (offsets, v.shape)
    }

    static func set(_ a: PyArray, _ key: Value, _ value: Value, _ interp: Interpreter) throws {
        let target = try offsets(a.array, key)
        guard let source = try NumpyOperators.operand(value, interp)?.array else {
            throw ScriptError(.typeError, "float() argument must be a string or a real number, not '\(value.typeName)'")
        }
        let values = try numpyCall { () throws -> [Double] in
            _ = try Elementwise.broadcastShape(source.shape, target.shape)
            guard source.ndim <= target.shape.count else {
                throw ArrayError(
                    .value,
                    "could not broadcast input array from shape \(NDArray.describe(source.shape)) into shape \(NDArray.describe(target.shape))"
                )
            }
            return Elementwise.broadcast(source, to: target.shape).elements
        }
        let dtype = a.array.dtype
        for (offset, x) in zip(target.offsets, values) { a.array.buffer.data[offset] = dtype.store(x) }
    }

    /// The buffer offsets picked by a boolean mask or an integer index array; nil for basic indexing.
    static func selection(_ a: NDArray, _ key: Value) throws -> (offsets: [Int], shape: [Int])? {
        let index: NDArray
        switch key {
        case .object(let k as PyArray): index = k.array
        case .list(let l)
        where !l.items.isEmpty
            && l.items.allSatisfy({
                if case .int = $0 { return true }; if case .bool = $0 { return true }; return false
            }):
            index = try NumpyConvert.array(key)
        default: return nil
        }
        var all: [Int] = []
        all.reserveCapacity(a.size)
        a.forEachOffset { all.append($0) }
        if index.dtype == .bool {
            guard index.shape == Array(a.shape.prefix(index.ndim)) else {
                throw ScriptError(
                    .indexError,
                    "boolean index did not match indexed array along axis 0; size of axis is \(a.shape.first ?? 0) but size of corresponding boolean axis is \(index.shape.first ?? 0)"
                )
            }
            let inner = a.shape.dropFirst(index.ndim).reduce(1, *)
            var offsets: [Int] = []
            for (i, flag) in index.elements.enumerated() where flag != 0 {
                offsets += all[(i * inner)..<((i + 1) * inner)]
            }
            return (offsets, [offsets.count / max(inner, 1)] + a.shape.dropFirst(index.ndim))
        }
        guard index.dtype == .int64, let length = a.shape.first else {
            throw ScriptError(.indexError, "arrays used as indices must be of integer (or boolean) type")
        }
        let inner = a.size / max(length, 1)
        var offsets: [Int] = []
        for x in index.elements {
            let i = Int(x) < 0 ? Int(x) + length : Int(x)
            guard i >= 0 && i < length else {
                throw ScriptError(.indexError, "index \(Int(x)) is out of bounds for axis 0 with size \(length)")
            }
            offsets += all[(i * inner)..<((i + 1) * inner)]
        }
        return (offsets, index.shape + a.shape.dropFirst())
    }

    /// Basic indexing: a view of the same buffer.
    static func view(_ a: NDArray, _ key: Value) throws -> NDArray {
        var items: [Value]
        if case .tuple(let t) = key { items = t.items } else { items = [key] }
        let consuming = items.filter {
            if case .none = $0 { return false }; return !isEllipsis($0)
        }.count
        if consuming > a.ndim {
            throw ScriptError(
                .indexError, "too many indices for array: array is \(a.ndim)-dimensional, but \(consuming) were indexed"
            )
        }
        if let e = items.firstIndex(where: isEllipsis) {
            items.replaceSubrange(
                e...e, with: [Value](repeating: .object(PySlice(.none, .none, .none)), count: a.ndim - consuming))
        }
        var shape: [Int] = [], strides: [Int] = []
        var offset = a.offset
        var axis = 0
        for item in items {
            switch item {
            case .none:
                shape.append(1)
                strides.append(0)
            case .object(let s as PySlice):
                let (start, stop, step) = try s.indices(a.shape[axis])
                let count =
                    step > 0
                    ? (stop > start ? (stop - start - 1) / step + 1 : 0)
                    : (start > stop ? (start - stop - 1) / -step + 1 : 0)
                shape.append(count)
                // With one element or none the stride is never used; skipping it avoids overflow for huge steps.
                strides.append(count > 1 ? a.strides[axis] * step : a.strides[axis])
                offset += start * a.strides[axis]
                axis += 1
            default:
                guard let i = try? Conversions.int(item) else {
                    throw ScriptError(
                        .indexError,
                        "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices"
                    )
                }
                let length = a.shape[axis]
                let index = i < 0 ? i + length : i
                guard index >= 0 && index < length else {
                    throw ScriptError(.indexError, "index \(i) is out of bounds for axis \(axis) with size \(length)")
                }
                offset += index * a.strides[axis]
                axis += 1
            }
        }
        shape += a.shape[axis...]
        strides += a.strides[axis...]
        return NDArray(view: a.buffer, offset: offset, shape: shape, strides: strides, dtype: a.dtype)
    }

    static func isEllipsis(_ v: Value) -> Bool {
        if case .object(let o) = v { return o is PyEllipsis }
        return false
    }
}
