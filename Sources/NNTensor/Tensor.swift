/// A contiguous float32 array of any rank: the values the training runtime computes on (float32, as
/// Keras trains). numpy's arrays (`NDArray`) convert to and from it at the edges of fit, predict
/// and the tensor functions; both go through the same matrix product.
public struct Tensor {
    public var shape: [Int]
    public var data: [Float]

    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "a tensor's data must fill its shape")
        self.shape = shape
        self.data = data
    }

    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, data: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    public init(scalar: Float) {
        self.init(shape: [], data: [scalar])
    }

    /// An array's values rounded to float32, in its shape.
    public init(_ array: NDArray) {
        self.init(shape: array.shape, data: array.elements.map { Float($0) })
    }

    public var count: Int { data.count }
    public var rank: Int { shape.count }

    /// The same values in another shape of the same size.
    public func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, data: data) }

    /// The values as a float32 numpy array.
    public var array: NDArray {
        NDArray(
            view: ArrayBuffer(data.map(Double.init)), offset: 0, shape: shape,
            strides: NDArray.contiguousStrides(shape), dtype: .float32)
    }

    /// Samples `range` along the first axis.
    public func samples(_ range: Range<Int>) -> Tensor {
        let size = shape.dropFirst().reduce(1, *)
        return Tensor(
            shape: [range.count] + shape.dropFirst(),
            data: Array(data[(range.lowerBound * size)..<(range.upperBound * size)]))
    }

    /// Samples picked by index along the first axis, in that order.
    public func samples(_ indices: [Int]) -> Tensor {
        let size = shape.dropFirst().reduce(1, *)
        var out = [Float]()
        out.reserveCapacity(indices.count * size)
        data.withUnsafeBufferPointer { d in
            for i in indices { out.append(contentsOf: d[(i * size)..<((i + 1) * size)]) }
        }
        return Tensor(shape: [indices.count] + shape.dropFirst(), data: out)
    }

    /// Samples of several tensors joined along the first axis.
    public static func joiningSamples(_ parts: [Tensor], sampleShape: [Int]) -> Tensor {
        Tensor(shape: [parts.reduce(0) { $0 + ($1.shape.first ?? 0) }] + sampleShape, data: parts.flatMap(\.data))
    }

    /// `self += other`, element by element (shapes of equal size).
    public mutating func add(_ other: Tensor) {
        data.withUnsafeMutableBufferPointer { d in
            other.data.withUnsafeBufferPointer { o in
                for i in 0..<d.count { d[i] += o[i] }
            }
        }
    }
}
