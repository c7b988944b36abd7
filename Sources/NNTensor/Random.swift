import Foundation

/// The Mersenne Twister MT19937 with CPython's seeding (`random.seed(n)` gives Python's sequence)
/// and numpy's legacy seeding (`np.random.seed(n)` gives numpy's).
public final class MersenneTwister {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 625

    public init(seed: UInt64) { self.seed(words: MersenneTwister.words(seed)) }

    public static func words(_ n: UInt64) -> [UInt32] {
        n >> 32 == 0 ? [UInt32(truncatingIfNeeded: n)] : [UInt32(truncatingIfNeeded: n), UInt32(n >> 32)]
    }

    /// numpy's legacy `np.random.seed(n)`: the state filled from one 32-bit word.
    public func seed(single s: UInt32) { initGenrand(s) }

    private func initGenrand(_ s: UInt32) {
        state[0] = s
        for i in 1..<624 {
            state[i] = 1812433253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    /// CPython's `init_by_array`.
    public func seed(words key: [UInt32]) {
        initGenrand(19650218)
        var i = 1, j = 0
        for _ in 0..<max(624, key.count) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1664525)) &+ key[j] &+ UInt32(j)
            i += 1
            j += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >> 30)) &* 1566083941)) &- UInt32(i)
            i += 1
            if i >= 624 { state[0] = state[623]; i = 1 }
        }
        state[0] = 0x8000_0000
    }

    /// The next 624 words of the state, in place (the reference's three runs, without index wrapping).
    private func regenerate() {
        state.withUnsafeMutableBufferPointer { s in
            func twist(_ k: Int, _ next: Int, _ far: Int) {
                let y = (s[k] & 0x8000_0000) | (s[next] & 0x7fff_ffff)
                s[k] = s[far] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_b0df)
            }
            for k in 0..<227 { twist(k, k + 1, k + 397) }
            for k in 227..<623 { twist(k, k + 1, k - 227) }
            twist(623, 0, 396)
        }
        index = 0
    }

    public func next32() -> UInt32 {
        if index >= 624 { regenerate() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// A float in [0, 1) with 53 random bits, as CPython's `random()`.
    public func nextDouble() -> Double {
        let a = Double(next32() >> 5), b = Double(next32() >> 6)
        return (a * 67108864 + b) / 9007199254740992
    }

    /// `getrandbits(k)` for k ≤ 64.
    public func bits(_ k: Int) -> UInt64 {
        if k <= 32 { return UInt64(next32() >> (32 - k)) }
        let low = UInt64(next32())
        let high = UInt64(next32() >> (64 - k))
        return high << 32 | low
    }

    /// CPython's `_randbelow`: rejection sampling on `n.bit_length()` bits.
    public func below(_ n: Int) -> Int {
        guard n > 0 else { return 0 }
        let k = Int.bitWidth - n.leadingZeroBitCount
        var r = Int(bits(k))
        while r >= n { r = Int(bits(k)) }
        return r
    }
}

/// numpy's legacy `RandomState` draws on top of the Mersenne Twister, so seeded sequences match numpy's.
public struct NumpyRandom {
    public let generator: MersenneTwister
    var spareGauss: Double?

    public init(seed: UInt32) {
        generator = MersenneTwister(seed: 0)
        generator.seed(single: seed)
    }

    public mutating func seed(_ s: UInt32) {
        generator.seed(single: s)
        spareGauss = nil
    }

    /// `random_sample`: uniform in [0, 1).
    public func uniform() -> Double { generator.nextDouble() }

    /// `standard_normal` by the polar method, keeping the second value for the next call.
    public mutating func gauss() -> Double {
        if let spare = spareGauss {
            spareGauss = nil
            return spare
        }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2 * generator.nextDouble() - 1
            x2 = 2 * generator.nextDouble() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let f = (-2 * log(r2) / r2).squareRoot()
        spareGauss = f * x1
        return f * x2
    }

    /// A value in 0...max by masked rejection (`random_interval`, `randint`'s bounded draw).
    public func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        // The smallest all-ones mask covering max.
        let mask = UInt64.max >> max.leadingZeroBitCount
        if max <= 0xFFFF_FFFF {
            while true {
                let v = UInt64(generator.next32()) & mask
                if v <= max { return v }
            }
        }
        while true {
            let high = UInt64(generator.next32())
            let v = (high << 32 | UInt64(generator.next32())) & mask
            if v <= max { return v }
        }
    }

    /// `shuffle`: Fisher–Yates from the end, as numpy's legacy shuffle.
    public func shuffledOrder(_ n: Int) -> [Int] {
        var order = Array(0..<n)
        var i = n - 1
        while i > 0 {
            let j = Int(interval(UInt64(i)))
            order.swapAt(i, j)
            i -= 1
        }
        return order
    }
}
