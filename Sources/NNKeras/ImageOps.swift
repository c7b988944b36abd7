import NNTensor

/// How a window (a convolution's kernel, a pooling window) slides over images in NHWC layout, with
/// TensorFlow's padding rules: 'valid' keeps the windows that fit; 'same' gives ⌈size / stride⌉
/// outputs, padding by the shortfall, half before (rounded down) and the rest after.
public struct Window: Equatable, Sendable {
    public let size: (Int, Int)
    public let strides: (Int, Int)
    public let same: Bool

    public init(size: (Int, Int), strides: (Int, Int), same: Bool) {
        (self.size, self.strides, self.same) = (size, strides, same)
    }

    public static func == (a: Window, b: Window) -> Bool {
        a.size == b.size && a.strides == b.strides && a.same == b.same
    }

    /// The output length and the padding before, along one axis; nil when no window fits.
    func along(_ length: Int, size k: Int, stride s: Int) -> (count: Int, before: Int)? {
        if same {
            let count = (length + s - 1) / s
            let total = max((count - 1) * s + k - length, 0)
            return (count, total / 2)
        }
        guard length >= k else { return nil }
        return ((length - k) / s + 1, 0)
    }

    /// (height, width) of the output for inputs of `height` × `width`.
    public func output(_ height: Int, _ width: Int) -> (Int, Int)? {
        guard let h = along(height, size: size.0, stride: strides.0),
            let w = along(width, size: size.1, stride: strides.1)
        else { return nil }
        return (h.count, w.count)
    }

    /// Calls `body(outputIndex, inputOffset or nil for padding, windowIndex)` for every window
    /// position of every output pixel of one image with `channels` channels (offsets in pixels).
    func forEach(
        height: Int, width: Int, _ body: (_ output: Int, _ pixel: Int?, _ tap: Int) -> Void
    ) {
        guard let h = along(height, size: size.0, stride: strides.0),
            let w = along(width, size: size.1, stride: strides.1)
        else { return }
        for oy in 0..<h.count {
            for ox in 0..<w.count {
                let output = oy * w.count + ox
                for i in 0..<size.0 {
                    let y = oy * strides.0 - h.before + i
                    for j in 0..<size.1 {
                        let x = ox * strides.1 - w.before + j
                        let inside = y >= 0 && y < height && x >= 0 && x < width
                        body(output, inside ? y * width + x : nil, i * size.1 + j)
                    }
                }
            }
        }
    }
}

extension Ops {
    /// The patches under each window position as rows (im2col): (images · outputs) × (taps · channels),
    /// zeros where the window covers padding. The gather map is computed once per image size.
    static func patchMap(_ window: Window, height: Int, width: Int) -> [Int] {
        let taps = window.size.0 * window.size.1
        guard let (oh, ow) = window.output(height, width) else { return [] }
        var map = [Int](repeating: -1, count: oh * ow * taps)
        window.forEach(height: height, width: width) { output, pixel, tap in
            map[output * taps + tap] = pixel ?? -1
        }
        return map
    }

    /// A 2-D convolution (NHWC input, kernel kh × kw × in × out, as Keras's Conv2D): im2col, then one
    /// matrix product; the gradient is the product's gradient scattered back through the same map.
    public static func conv2d(_ x: Node, _ kernel: Node, _ window: Window) -> Node {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let filters = kernel.shape[3]
        let (oh, ow) = window.output(h, w) ?? (0, 0)
        let map = patchMap(window, height: h, width: w)
        let taps = window.size.0 * window.size.1, depth = taps * c, rows = n * oh * ow
        var patches = [Float](repeating: 0, count: rows * depth)
        x.value.data.withUnsafeBufferPointer { X in
            patches.withUnsafeMutableBufferPointer { P in
                map.withUnsafeBufferPointer { M in
                    for image in 0..<n {
                        let source = image * h * w * c, first = image * M.count
                        for slot in 0..<M.count where M[slot] >= 0 {
                            let from = source + M[slot] * c, to = (first + slot) * c
                            for ch in 0..<c { P[to + ch] = X[from + ch] }
                        }
                    }
                }
            }
        }
        let out = product(patches, kernel.value.data, m: rows, k: depth, n: filters)
        return Node(Tensor(shape: [n, oh, ow, filters], data: out), [x, kernel]) { g in
            var dx: Tensor?
            if x.needsGradient {
                let dPatches = product(g.data, kernel.value.data, m: rows, k: filters, n: depth, transposeB: true)
                var d = [Float](repeating: 0, count: x.value.count)
                d.withUnsafeMutableBufferPointer { D in
                    dPatches.withUnsafeBufferPointer { P in
                        map.withUnsafeBufferPointer { M in
                            for image in 0..<n {
                                let target = image * h * w * c, first = image * M.count
                                for slot in 0..<M.count where M[slot] >= 0 {
                                    let to = target + M[slot] * c, from = (first + slot) * c
                                    for ch in 0..<c { D[to + ch] += P[from + ch] }
                                }
                            }
                        }
                    }
                }
                dx = Tensor(shape: x.shape, data: d)
            }
            let dk =
                kernel.needsGradient
                ? Tensor(
                    shape: kernel.shape, data: product(patches, g.data, m: depth, k: rows, n: filters, transposeA: true)
                )
                : nil
            return [dx, dk]
        }
    }

    /// Max pooling over each window (padding never wins); the gradient goes to the maximum.
    public static func maxPool2d(_ x: Node, _ window: Window) -> Node {
        pool(x, window, average: false)
    }

    /// Average pooling; with 'same' padding the average is over the window's part inside the image,
    /// as TensorFlow's is.
    public static func averagePool2d(_ x: Node, _ window: Window) -> Node {
        pool(x, window, average: true)
    }

    /// Pooling, channels innermost: each window's taps visited in turn, every channel at once.
    static func pool(_ x: Node, _ window: Window, average: Bool) -> Node {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow) = window.output(h, w) ?? (0, 0)
        let map = patchMap(window, height: h, width: w)
        let taps = window.size.0 * window.size.1, outputs = oh * ow
        var out = [Float](repeating: average ? 0 : -.infinity, count: n * outputs * c)
        // For max pooling, the input offset each output came from; for averages, the pixels counted.
        var source = [Int](repeating: average ? 0 : -1, count: average ? outputs : out.count)
        x.value.data.withUnsafeBufferPointer { X in
            out.withUnsafeMutableBufferPointer { Y in
                source.withUnsafeMutableBufferPointer { S in
                    map.withUnsafeBufferPointer { M in
                        if average {
                            for o in 0..<outputs {
                                S[o] = (0..<taps).reduce(0) { $0 + (M[o * taps + $1] >= 0 ? 1 : 0) }
                            }
                        }
                        for image in 0..<n {
                            let base = image * h * w * c
                            for o in 0..<outputs {
                                let y = (image * outputs + o) * c
                                for t in 0..<taps where M[o * taps + t] >= 0 {
                                    let from = base + M[o * taps + t] * c
                                    for ch in 0..<c {
                                        if average {
                                            Y[y + ch] += X[from + ch]
                                        } else if X[from + ch] > Y[y + ch] || S[y + ch] < 0 {
                                            (Y[y + ch], S[y + ch]) = (X[from + ch], from + ch)
                                        }
                                    }
                                }
                                if average {
                                    let scale = 1 / Float(max(S[o], 1))
                                    for ch in 0..<c { Y[y + ch] *= scale }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Node(Tensor(shape: [n, oh, ow, c], data: out), [x]) { g in
            var d = [Float](repeating: 0, count: x.value.count)
            d.withUnsafeMutableBufferPointer { D in
                g.data.withUnsafeBufferPointer { G in
                    if !average {
                        for i in 0..<G.count where source[i] >= 0 { D[source[i]] += G[i] }
                        return
                    }
                    map.withUnsafeBufferPointer { M in
                        for image in 0..<n {
                            let base = image * h * w * c
                            for o in 0..<outputs {
                                let y = (image * outputs + o) * c, scale = 1 / Float(max(source[o], 1))
                                for t in 0..<taps where M[o * taps + t] >= 0 {
                                    let to = base + M[o * taps + t] * c
                                    for ch in 0..<c { D[to + ch] += G[y + ch] * scale }
                                }
                            }
                        }
                    }
                }
            }
            return [Tensor(shape: x.shape, data: d)]
        }
    }
}
