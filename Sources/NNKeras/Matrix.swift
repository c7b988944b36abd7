/// A batch of float32 rows: `rows` samples of `columns` features each, row-major.
public struct Matrix {
    public var rows: Int
    public var columns: Int
    public var data: [Float]

    public init(rows: Int, columns: Int, data: [Float]) {
        self.rows = rows
        self.columns = columns
        self.data = data
    }

    public init(zeros rows: Int, _ columns: Int) {
        self.init(rows: rows, columns: columns, data: [Float](repeating: 0, count: rows * columns))
    }

    public subscript(row: Int, column: Int) -> Float {
        get { data[row * columns + column] }
        set { data[row * columns + column] = newValue }
    }

    /// Rows `range` of this batch.
    public func rows(_ range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, columns: columns, data: Array(data[(range.lowerBound * columns)..<(range.upperBound * columns)]))
    }

    /// Rows picked by index, in that order.
    public func rows(_ indices: [Int]) -> Matrix {
        var out = [Float]()
        out.reserveCapacity(indices.count * columns)
        for i in indices { out += data[(i * columns)..<((i + 1) * columns)] }
        return Matrix(rows: indices.count, columns: columns, data: out)
    }

    public func map(_ f: (Float) -> Float) -> Matrix {
        Matrix(rows: rows, columns: columns, data: data.map(f))
    }

    public static func zip(_ a: Matrix, _ b: Matrix, _ f: (Float, Float) -> Float) -> Matrix {
        Matrix(rows: a.rows, columns: a.columns, data: (0..<a.data.count).map { f(a.data[$0], b.data[$0]) })
    }

    /// `self · other`.
    public func times(_ other: Matrix) -> Matrix {
        var out = Matrix(zeros: rows, other.columns)
        Kernels.gemm(data, other.data, &out.data, m: rows, k: columns, n: other.columns, transposeA: false, transposeB: false)
        return out
    }

    /// `selfᵀ · other` (weight gradients: inputsᵀ · output gradients).
    public func transposedTimes(_ other: Matrix) -> Matrix {
        var out = Matrix(zeros: columns, other.columns)
        Kernels.gemm(data, other.data, &out.data, m: columns, k: rows, n: other.columns, transposeA: true, transposeB: false)
        return out
    }

    /// `self · otherᵀ` (input gradients: output gradients · weightsᵀ).
    public func timesTransposed(_ other: Matrix) -> Matrix {
        var out = Matrix(zeros: rows, other.rows)
        Kernels.gemm(data, other.data, &out.data, m: rows, k: columns, n: other.rows, transposeA: false, transposeB: true)
        return out
    }

    /// Sums over the rows (bias gradients).
    public func columnSums() -> [Float] {
        var sums = [Float](repeating: 0, count: columns)
        for r in 0..<rows {
            for c in 0..<columns { sums[c] += data[r * columns + c] }
        }
        return sums
    }
}

/// The hot loops of training.
enum Kernels {
    /// C += op(A) · op(B) for row-major A (m×k, or k×m when transposed) and B (k×n, or n×k).
    static func gemm(_ a: [Float], _ b: [Float], _ c: inout [Float], m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool) {
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    if transposeB {
                        // Rows of A against rows of B: dot products over contiguous memory.
                        for i in 0..<m {
                            for j in 0..<n {
                                var sum: Float = 0
                                for p in 0..<k { sum += ap[i * k + p] * bp[j * k + p] }
                                cp[i * n + j] += sum
                            }
                        }
                        return
                    }
                    for i in 0..<m {
                        for p in 0..<k {
                            let scale = transposeA ? ap[p * m + i] : ap[i * k + p]
                            let row = p * n, out = i * n
                            for j in 0..<n { cp[out + j] += scale * bp[row + j] }
                        }
                    }
                }
            }
        }
    }
}
