import Dispatch
import NNInterrupt

/// The element types the matrix product serves, each with the SIMD vector that holds one row of a
/// micro-kernel's block: 16 floats or 8 doubles, two AVX2 registers either way.
public protocol GEMMScalar: BinaryFloatingPoint, SIMDScalar {
    associatedtype Vector: SIMD where Vector.Scalar == Self
    /// Half a vector: one AVX register, for products whose rows are that short.
    associatedtype HalfVector: SIMD where HalfVector.Scalar == Self
}
extension Float: GEMMScalar {
    public typealias Vector = SIMD16<Float>
    public typealias HalfVector = SIMD8<Float>
}
extension Double: GEMMScalar {
    public typealias Vector = SIMD8<Double>
    public typealias HalfVector = SIMD4<Double>
}

/// A matrix operand read in place: element (i, j) is `base[i * rowStride + j * columnStride]`, so a
/// transposed operand is the same memory with its strides swapped.
public struct MatrixOperand<T>: @unchecked Sendable {
    public let base: UnsafePointer<T>
    public let rowStride: Int, columnStride: Int
    public init(_ base: UnsafePointer<T>, rowStride: Int, columnStride: Int) {
        (self.base, self.rowStride, self.columnStride) = (base, rowStride, columnStride)
    }
    /// A row-major matrix with `columns` columns, or its transpose.
    public init(_ base: UnsafePointer<T>, columns: Int, transposed: Bool = false) {
        self.init(base, rowStride: transposed ? 1 : columns, columnStride: transposed ? columns : 1)
    }
    func offset(_ i: Int, _ j: Int) -> MatrixOperand {
        MatrixOperand(base + i * rowStride + j * columnStride, rowStride: rowStride, columnStride: columnStride)
    }
}

/// The one matrix product of numpy's `@` and of training: C (m×n, row-major, `ldc` apart) = A·B, or
/// C += A·B with `accumulate`. It follows the GotoBLAS/BLIS design: B is packed in panels of one
/// vector's width and A in panels of six rows, sized to stay in cache, and a micro-kernel keeps a
/// 6-row block of C in twelve registers while the shared dimension streams by. Large products split
/// C between the two cores.
public enum MatrixProduct {
    static let rowsPerBlock = 6
    static let depthBlock = 256
    static let rowBlock = 96
    static let columnBlock = 2048

    // Exported specializations: callers in other modules (the training runtime) get the compiled
    // float32 and float64 kernels, not the generic code.
    @_specialize(exported:true,where T == Float)
    @_specialize(exported:true,where T == Double)
    /// With `interruptible`, a Ctrl-C (`Interrupt.requested`) ends the product between blocks, C left
    /// unfinished: for numpy's `@`, whose caller then raises KeyboardInterrupt; training never asks.
    public static func gemm<T: GEMMScalar>(
        m: Int, n: Int, k: Int, _ a: MatrixOperand<T>, _ b: MatrixOperand<T>,
        _ c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool = false, interruptible: Bool = false
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        let work = m * n * k
        if work <= 1 << 15 && k <= depthBlock {
            direct(m: m, n: n, k: k, a, b, c, ldc, accumulate)
            return
        }
        let width = T.Vector.scalarCount
        if n < width && m >= 4 * width {
            // A tall, narrow C (a convolution's few filters over many pixels) would fill a fraction
            // of each micro-kernel's vector: compute Cᵀ = Bᵀ·Aᵀ, whose rows are long, and transpose it back.
            let ct = UnsafeMutablePointer<T>.allocate(capacity: n * m)
            defer { ct.deallocate() }
            gemm(
                m: n, n: m, k: k, MatrixOperand(b.base, rowStride: b.columnStride, columnStride: b.rowStride),
                MatrixOperand(a.base, rowStride: a.columnStride, columnStride: a.rowStride), ct, ldc: m,
                interruptible: interruptible)
            for i in 0..<m {
                let row = c + i * ldc
                for j in 0..<n { row[j] = accumulate ? row[j] + ct[j * m + i] : ct[j * m + i] }
            }
            return
        }
        if work >= 1 << 21 && (m >= 2 * rowsPerBlock || n >= 2 * width) {
            // Two halves of C, along its longer side in whole blocks; each half packs its own panels.
            let out = SendablePointer(c)
            if m / rowsPerBlock >= n / width {
                let half = (m / 2 + rowsPerBlock - 1) / rowsPerBlock * rowsPerBlock
                WorkerPair.shared.run { t in
                    let (first, count) = t == 0 ? (0, half) : (half, m - half)
                    serial(
                        m: count, n: n, k: k, a.offset(first, 0), b, out.pointer + first * ldc, ldc, accumulate,
                        interruptible)
                }
            } else {
                let half = (n / 2 + width - 1) / width * width
                WorkerPair.shared.run { t in
                    let (first, count) = t == 0 ? (0, half) : (half, n - half)
                    serial(
                        m: m, n: count, k: k, a, b.offset(0, first), out.pointer + first, ldc, accumulate, interruptible
                    )
                }
            }
        } else {
            serial(m: m, n: n, k: k, a, b, c, ldc, accumulate, interruptible)
        }
    }

    struct SendablePointer<T>: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<T>; init(_ p: UnsafeMutablePointer<T>) { pointer = p }
    }

    static func serial<T: GEMMScalar>(
        m: Int, n: Int, k: Int, _ a: MatrixOperand<T>, _ b: MatrixOperand<T>,
        _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool, _ interruptible: Bool
    ) {
        let width = T.Vector.scalarCount, mr = rowsPerBlock
        let nc = min(columnBlock, roundUp(n, width)), kc = min(depthBlock, k), mc = min(rowBlock, roundUp(m, mr))
        let packedB = UnsafeMutablePointer<T>.allocate(capacity: nc * kc)
        let packedA = UnsafeMutablePointer<T>.allocate(capacity: mc * kc)
        defer {
            packedB.deallocate()
            packedA.deallocate()
        }
        for jc in stride(from: 0, to: n, by: nc) {
            let columns = min(nc, n - jc)
            for pc in stride(from: 0, to: k, by: kc) {
                if interruptible && Interrupt.requested { return }
                let depth = min(kc, k - pc)
                pack(b.offset(pc, jc), rows: depth, columns: columns, panel: width, into: packedB, alongRows: false)
                let add = accumulate || pc > 0
                for ic in stride(from: 0, to: m, by: mc) {
                    let rows = min(mc, m - ic)
                    pack(a.offset(ic, pc), rows: rows, columns: depth, panel: mr, into: packedA, alongRows: true)
                    for jr in stride(from: 0, to: columns, by: width) {
                        for ir in stride(from: 0, to: rows, by: mr) {
                            microKernel(
                                depth, packedA + ir * depth, packedB + jr * depth, c + (ic + ir) * ldc + jc + jr,
                                ldc, rows: min(mr, rows - ir), columns: min(width, columns - jr), accumulate: add)
                        }
                    }
                }
            }
        }
    }

    /// A product too small to repay the blocked path's packing of A (a small network's training step
    /// multiplies 32×13 by 13×8): B is copied into rows of whole vectors (zero-padded; half vectors
    /// when C's rows are that short), and four rows of C at a time are summed a vector at a time in
    /// the micro-kernel's order (fused multiply-adds along the shared dimension from zero, then
    /// added to C), so that both paths give the same bits.
    static func direct<T: GEMMScalar>(
        m: Int, n: Int, k: Int, _ a: MatrixOperand<T>, _ b: MatrixOperand<T>,
        _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool
    ) {
        if n <= T.HalfVector.scalarCount {
            direct(m: m, n: n, k: k, a, b, c, ldc, accumulate, T.HalfVector.self)
        } else {
            direct(m: m, n: n, k: k, a, b, c, ldc, accumulate, T.Vector.self)
        }
    }

    static func direct<T: GEMMScalar, V: SIMD>(
        m: Int, n: Int, k: Int, _ a: MatrixOperand<T>, _ b: MatrixOperand<T>,
        _ c: UnsafeMutablePointer<T>, _ ldc: Int, _ accumulate: Bool, _: V.Type
    ) where V.Scalar == T {
        let width = V.scalarCount, padded = roundUp(n, width)
        withUnsafeTemporaryAllocation(of: T.self, capacity: k * padded + 4 * width) { buffer in
            let rowsB = buffer.baseAddress!
            for p in 0..<k {
                let row = rowsB + p * padded, source = b.base + p * b.rowStride
                for j in 0..<n { row[j] = source[j * b.columnStride] }
                for j in n..<padded { row[j] = 0 }
            }
            let packed = UnsafeRawPointer(rowsB), stride = MemoryLayout<T>.stride
            let lanes = UnsafeMutableRawPointer(rowsB + k * padded)  // four vectors' lanes, to store part of them
            func vectorB(_ p: Int, _ jb: Int) -> V {
                packed.loadUnaligned(fromByteOffset: (p * padded + jb) * stride, as: V.self)
            }
            func store(_ sum: V, row i: Int, _ jb: Int, slot: Int) {
                let out = c + i * ldc + jb, count = min(width, n - jb)
                if count == width && !accumulate {
                    UnsafeMutableRawPointer(out).storeBytes(of: sum, as: V.self)
                    return
                }
                let at = lanes + slot * width * stride
                at.storeBytes(of: sum, as: V.self)
                let sums = at.assumingMemoryBound(to: T.self)
                for j in 0..<count { out[j] = accumulate ? out[j] + sums[j] : sums[j] }
            }
            var i = 0
            while i + 4 <= m {
                let r0 = a.base + i * a.rowStride, r1 = r0 + a.rowStride, r2 = r1 + a.rowStride, r3 = r2 + a.rowStride
                for jb in Swift.stride(from: 0, to: n, by: width) {
                    var s0 = V(), s1 = V(), s2 = V(), s3 = V()
                    for p in 0..<k {
                        let v = vectorB(p, jb), o = p * a.columnStride
                        s0.addProduct(V(repeating: r0[o]), v)
                        s1.addProduct(V(repeating: r1[o]), v)
                        s2.addProduct(V(repeating: r2[o]), v)
                        s3.addProduct(V(repeating: r3[o]), v)
                    }
                    store(s0, row: i, jb, slot: 0)
                    store(s1, row: i + 1, jb, slot: 1)
                    store(s2, row: i + 2, jb, slot: 2)
                    store(s3, row: i + 3, jb, slot: 3)
                }
                i += 4
            }
            while i < m {
                let rowA = a.base + i * a.rowStride
                for jb in Swift.stride(from: 0, to: n, by: width) {
                    var sum = V()
                    for p in 0..<k { sum.addProduct(V(repeating: rowA[p * a.columnStride]), vectorB(p, jb)) }
                    store(sum, row: i, jb, slot: 0)
                }
                i += 1
            }
        }
    }

    static func roundUp(_ x: Int, _ step: Int) -> Int { (x + step - 1) / step * step }

    /// Copies a block into panels of `panel` rows of A (each stored depth-major: the panel's values
    /// for one k together) or `panel` columns of B, padding the last panel with zeros.
    static func pack<T: GEMMScalar>(
        _ x: MatrixOperand<T>, rows: Int, columns: Int, panel: Int, into out: UnsafeMutablePointer<T>,
        alongRows: Bool
    ) {
        // A is split by rows (its depth runs along columns); B is split by columns (depth along rows).
        let (across, depth) = alongRows ? (rows, columns) : (columns, rows)
        let (acrossStride, depthStride) = alongRows ? (x.rowStride, x.columnStride) : (x.columnStride, x.rowStride)
        var target = out
        for first in stride(from: 0, to: across, by: panel) {
            let count = min(panel, across - first)
            let source = x.base + first * acrossStride
            if acrossStride == 1 && count == panel {
                for p in 0..<depth { (target + p * panel).update(from: source + p * depthStride, count: panel) }
            } else {
                for p in 0..<depth {
                    let row = target + p * panel, from = source + p * depthStride
                    for q in 0..<count { row[q] = from[q * acrossStride] }
                    for q in count..<panel { row[q] = 0 }
                }
            }
            target += panel * depth
        }
    }

    /// A 6 × width block of C from a packed panel of A and one of B; partial blocks at the edges of C
    /// are computed whole and only their valid part written.
    @inline(__always)
    static func microKernel<T: GEMMScalar>(
        _ depth: Int, _ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ c: UnsafeMutablePointer<T>, _ ldc: Int,
        rows: Int, columns: Int, accumulate: Bool
    ) {
        typealias V = T.Vector
        var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
        var pa = a
        var pb = UnsafeRawPointer(b)
        for _ in 0..<depth {
            let v = pb.loadUnaligned(as: V.self)
            c0.addProduct(V(repeating: pa[0]), v)
            c1.addProduct(V(repeating: pa[1]), v)
            c2.addProduct(V(repeating: pa[2]), v)
            c3.addProduct(V(repeating: pa[3]), v)
            c4.addProduct(V(repeating: pa[4]), v)
            c5.addProduct(V(repeating: pa[5]), v)
            pa += 6
            pb += MemoryLayout<V>.stride
        }
        let width = V.scalarCount
        func store(_ block: V, _ row: Int) {
            guard row < rows else { return }
            let target = c + row * ldc
            if columns == width {
                let raw = UnsafeMutableRawPointer(target)
                raw.storeBytes(of: accumulate ? raw.loadUnaligned(as: V.self) + block : block, as: V.self)
            } else {
                for j in 0..<columns { target[j] = accumulate ? target[j] + block[j] : block[j] }
            }
        }
        store(c0, 0)
        store(c1, 1)
        store(c2, 2)
        store(c3, 3)
        store(c4, 4)
        store(c5, 5)
    }
}
