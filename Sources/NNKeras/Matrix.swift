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
        Matrix(
            rows: range.count, columns: columns,
            data: Array(data[(range.lowerBound * columns)..<(range.upperBound * columns)]))
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
        Kernels.gemm(
            data, other.data, &out.data, m: rows, k: columns, n: other.columns, transposeA: false, transposeB: false)
        return out
    }

    /// `selfᵀ · other` (weight gradients: inputsᵀ · output gradients).
    public func transposedTimes(_ other: Matrix) -> Matrix {
        var out = Matrix(zeros: columns, other.columns)
        Kernels.gemm(
            data, other.data, &out.data, m: columns, k: rows, n: other.columns, transposeA: true, transposeB: false)
        return out
    }

    /// `self · otherᵀ` (input gradients: output gradients · weightsᵀ).
    public func timesTransposed(_ other: Matrix) -> Matrix {
        var out = Matrix(zeros: rows, other.rows)
        Kernels.gemm(
            data, other.data, &out.data, m: rows, k: columns, n: other.rows, transposeA: false, transposeB: true)
        return out
    }

    /// Sums over the rows (bias gradients).
    public func columnSums() -> [Float] {
        var sums = [Float](repeating: 0, count: columns)
        let (rows, columns) = (self.rows, self.columns)
        data.withUnsafeBufferPointer { d in
            sums.withUnsafeMutableBufferPointer { s in
                for r in 0..<rows {
                    for c in 0..<columns { s[c] += d[r * columns + c] }
                }
            }
        }
        return sums
    }
}

/// The hot loops of training.
enum Kernels {
    /// C += op(A) · op(B) for row-major A (m×k, or k×m when transposed) and B (k×n, or n×k).
    /// Transposed operands are copied once into row-major order, then one blocked kernel runs.
    static func gemm(
        _ a: [Float], _ b: [Float], _ c: inout [Float], m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool
    ) {
        if m * n * k < 32_768 {
            // The course's layers are small: index arithmetic beats copying transposes. Row pointers
            // are hoisted so the inner loops run over plain memory (and vectorise).
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        guard let A = ap.baseAddress, let B = bp.baseAddress, let C = cp.baseAddress else { return }
                        if transposeB {
                            for i in 0..<m {
                                let out = C + i &* n
                                for j in 0..<n {
                                    let row = B + j &* k
                                    var sum: Float = 0
                                    if transposeA {
                                        for p in 0..<k { sum += A[p &* m &+ i] * row[p] }
                                    } else {
                                        let left = A + i &* k
                                        for p in 0..<k { sum += left[p] * row[p] }
                                    }
                                    out[j] += sum
                                }
                            }
                        } else {
                            for i in 0..<m {
                                let out = C + i &* n
                                for p in 0..<k {
                                    let scale = transposeA ? A[p &* m &+ i] : A[i &* k &+ p]
                                    let row = B + p &* n
                                    for j in 0..<n { out[j] += scale * row[j] }
                                }
                            }
                        }
                    }
                }
            }
            return
        }
        let left = transposeA ? transpose(a, rows: k, columns: m) : a
        let right = transposeB ? transpose(b, rows: n, columns: k) : b
        multiply(left, right, &c, m: m, k: k, n: n)
    }

    static func transpose(_ x: [Float], rows: Int, columns: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: x.count) { out, count in
            x.withUnsafeBufferPointer { xp in
                for r in 0..<rows {
                    for c in 0..<columns { out[c * rows + r] = xp[r * columns + c] }
                }
            }
            count = x.count
        }
    }

    /// Blocks of 4 rows × 16 columns of C stay in SIMD registers while the shared dimension
    /// streams by; the edges take a plain loop.
    static func multiply(_ a: [Float], _ b: [Float], _ c: inout [Float], m: Int, k: Int, n: Int) {
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    guard let A = ap.baseAddress, let B = bp.baseAddress, let C = cp.baseAddress else { return }
                    let rowBlocks = m / 4 * 4, columnBlocks = n / 16 * 16
                    for i in stride(from: 0, to: rowBlocks, by: 4) {
                        let a0 = A + i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k
                        for j in stride(from: 0, to: columnBlocks, by: 16) {
                            var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>(), c3 = SIMD16<Float>()
                            var row = UnsafeRawPointer(B + j)
                            for p in 0..<k {
                                let v = row.loadUnaligned(as: SIMD16<Float>.self)
                                c0 += a0[p] * v
                                c1 += a1[p] * v
                                c2 += a2[p] * v
                                c3 += a3[p] * v
                                row += n * MemoryLayout<Float>.stride
                            }
                            for (r, block) in [c0, c1, c2, c3].enumerated() {
                                let target = UnsafeMutableRawPointer(C + (i + r) * n + j)
                                target.storeBytes(
                                    of: target.loadUnaligned(as: SIMD16<Float>.self) + block, as: SIMD16<Float>.self)
                            }
                        }
                    }
                    for i in 0..<m {
                        let firstColumn = i < rowBlocks ? columnBlocks : 0
                        if firstColumn == n { continue }
                        for p in 0..<k {
                            let scale = A[i * k + p]
                            for j in firstColumn..<n { C[i * n + j] += scale * B[p * n + j] }
                        }
                    }
                }
            }
        }
    }
}

extension Matrix {
    /// A batch of samples shaped (…, width) as one row per sample and position of the last axis:
    /// the layout is the same, so only the row count changes.
    public func lastAxisRows(_ width: Int) -> Matrix {
        columns == width || width == 0 ? self : Matrix(rows: rows * (columns / width), columns: width, data: data)
    }

    /// Rows of the last axis back as one row per sample.
    public func sampleRows(_ count: Int) -> Matrix {
        rows == count ? self : Matrix(rows: count, columns: data.count / Swift.max(count, 1), data: data)
    }
}
