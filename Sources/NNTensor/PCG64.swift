import Foundation

/// numpy's `Generator` bit source: SeedSequence seeding and the PCG64 generator (a 128-bit LCG
/// with the XSL-RR output), with numpy's ways of drawing doubles, bounded integers (Lemire's
/// method on 32-bit halves when the range fits) and shuffling positions, so `default_rng(seed)`
/// gives numpy's numbers.
public struct PCG64 {
    var state: UInt128 = 0
    var increment: UInt128 = 0
    /// The upper half of a 64-bit draw, kept for the next 32-bit draw.
    var pendingHalf: UInt32?

    static let multiplier: UInt128 = 0x2360_ED05_1FC6_5DA4_4385_DF64_9FCC_F645

    /// Seeded as numpy seeds it: SeedSequence(entropy).generate_state(4, uint64).
    public init(entropy: [UInt32]) {
        let words = SeedSequence.state(entropy, words: 8)
        let w = (0..<4).map { UInt64(words[2 * $0]) | UInt64(words[2 * $0 + 1]) << 32 }
        let initial = UInt128(w[0]) << 64 | UInt128(w[1])
        let sequence = UInt128(w[2]) << 64 | UInt128(w[3])
        increment = sequence << 1 | 1
        step()
        state &+= initial
        step()
    }

    /// The words of a non-negative integer seed, lowest first (numpy's _int_to_uint32_array).
    public static func entropy(_ seed: UInt64) -> [UInt32] {
        var words: [UInt32] = []
        var x = seed
        repeat {
            words.append(UInt32(truncatingIfNeeded: x))
            x >>= 32
        } while x > 0
        return words
    }

    mutating func step() { state = state &* PCG64.multiplier &+ increment }

    public mutating func next64() -> UInt64 {
        step()
        let x = UInt64(truncatingIfNeeded: state >> 64) ^ UInt64(truncatingIfNeeded: state)
        let rotation = UInt64(truncatingIfNeeded: state >> 122)
        return x >> rotation | x << ((64 - rotation) & 63)
    }

    /// The lower half of a 64-bit draw, then its upper half.
    public mutating func next32() -> UInt32 {
        if let half = pendingHalf {
            pendingHalf = nil
            return half
        }
        let n = next64()
        pendingHalf = UInt32(truncatingIfNeeded: n >> 32)
        return UInt32(truncatingIfNeeded: n)
    }

    /// A double in [0, 1) from the top 53 bits.
    public mutating func nextDouble() -> Double { Double(next64() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    /// An integer in [0, range] (Lemire's multiply-and-reject, as numpy's integers()).
    public mutating func bounded(_ range: UInt64) -> UInt64 {
        if range == 0 { return 0 }
        if range <= UInt64(UInt32.max) {
            if range == UInt64(UInt32.max) { return UInt64(next32()) }
            let exclusive = range + 1
            var m = UInt64(next32()) * exclusive
            if UInt64(UInt32(truncatingIfNeeded: m)) < exclusive {
                let threshold = (UInt64(UInt32.max) - range) % exclusive
                while UInt64(UInt32(truncatingIfNeeded: m)) < threshold { m = UInt64(next32()) * exclusive }
            }
            return m >> 32
        }
        if range == UInt64.max { return next64() }
        let exclusive = range + 1
        var m = UInt128(next64()) * UInt128(exclusive)
        if UInt64(truncatingIfNeeded: m) < exclusive {
            let threshold = (UInt64.max - range) % exclusive
            while UInt64(truncatingIfNeeded: m) < threshold { m = UInt128(next64()) * UInt128(exclusive) }
        }
        return UInt64(truncatingIfNeeded: m >> 64)
    }

    /// An integer in [0, max] by masking and rejecting (numpy's random_interval, which its shuffles use).
    public mutating func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        var mask = max
        for shift in [1, 2, 4, 8, 16, 32] as [UInt64] { mask |= mask >> shift }
        while true {
            let value = max <= UInt64(UInt32.max) ? UInt64(next32()) & mask : next64() & mask
            if value <= max { return value }
        }
    }

    /// A standard normal draw by the ziggurat method, as numpy's Generator draws it.
    public mutating func nextNormal() -> Double {
        let t = Ziggurat.tables
        while true {
            var r = next64()
            let index = Int(r & 0xFF)
            r >>= 8
            let negative = r & 1 == 1
            let magnitude = (r >> 1) & 0x000F_FFFF_FFFF_FFFF
            var x = Double(magnitude) * t.w[index]
            if negative { x = -x }
            if magnitude < t.k[index] { return x }
            if index == 0 {
                while true {
                    let xx = -Ziggurat.inverseR * log(1 - nextDouble())
                    let yy = -log(1 - nextDouble())
                    if yy + yy > xx * xx { return (magnitude >> 8) & 1 == 1 ? -(Ziggurat.r + xx) : Ziggurat.r + xx }
                }
            } else if (t.f[index - 1] - t.f[index]) * nextDouble() + t.f[index] < exp(-0.5 * x * x) {
                return x
            }
        }
    }
}

/// numpy's SeedSequence: the entropy hashed into a pool of four words, and state words drawn from it.
enum SeedSequence {
    static let initA: UInt32 = 0x43b0_d7e5, multA: UInt32 = 0x931e_8875
    static let initB: UInt32 = 0x8b51_f9dd, multB: UInt32 = 0x58f3_8ded
    static let mixLeft: UInt32 = 0xca01_f9dd, mixRight: UInt32 = 0x4973_f715

    static func state(_ entropy: [UInt32], words: Int) -> [UInt32] {
        var hash = initA
        func hashmix(_ value: UInt32) -> UInt32 {
            var v = value ^ hash
            hash = hash &* multA
            v = v &* hash
            return v ^ (v >> 16)
        }
        func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            let r = mixLeft &* x &- mixRight &* y
            return r ^ (r >> 16)
        }
        var pool = (0..<4).map { hashmix($0 < entropy.count ? entropy[$0] : 0) }
        for source in 0..<4 {
            for target in 0..<4 where source != target { pool[target] = mix(pool[target], hashmix(pool[source])) }
        }
        for source in 4..<max(4, entropy.count) {
            for target in 0..<4 { pool[target] = mix(pool[target], hashmix(entropy[source])) }
        }
        var h = initB
        return (0..<words).map { i in
            var v = pool[i % 4] ^ h
            h = h &* multB
            v = v &* h
            return v ^ (v >> 16)
        }
    }
}

/// The ziggurat's 256 layers for the normal density exp(-x²/2) (Marsaglia and Tsang): the
/// rightmost layer starts at r, each holds area v. k is the acceptance threshold of each layer
/// (scaled by 2**52), w the scale from a 52-bit integer to x, f the density at each layer's edge.
/// Computed here from r and v; numpy ships its own table of these numbers, which agree with these
/// to about 1e-14 (so samples agree with numpy's to about that, not always to the last bit).
enum Ziggurat {
    static let r = 3.6541528853610088
    static let inverseR = 1 / r
    static let v = 0.0049286732339746553654

    static let tables: (k: [UInt64], w: [Double], f: [Double]) = {
        let density = { (x: Double) in exp(-0.5 * x * x) }
        var x = [Double](repeating: 0, count: 256)
        x[255] = r
        for i in stride(from: 255, to: 1, by: -1) { x[i - 1] = (-2 * log(v / x[i] + density(x[i]))).squareRoot() }
        let scale = 4_503_599_627_370_496.0  // 2**52
        var k = [UInt64(r * density(r) / v * scale), 0]
        for i in 2..<256 { k.append(UInt64(x[i - 1] / x[i] * scale)) }
        let w = [v / density(r) / scale] + (1..<256).map { x[$0] / scale }
        let f = [1.0] + (1..<256).map { density(x[$0]) }
        return (k, w, f)
    }()
}
