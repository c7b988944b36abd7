import Foundation

/// Keras's activation functions, each with its derivative beside it.
public enum Activation: String, CaseIterable, Sendable {
    case linear, relu, sigmoid, tanh, softmax, swish, silu, elu, selu, softplus, gelu
    case leakyRelu = "leaky_relu"

    /// The names Keras accepts, for the error listing them.
    public static var names: [String] { allCases.map(\.rawValue) }

    static let seluAlpha: Float = 1.6732632423543772
    static let seluScale: Float = 1.0507009873554805

    /// `y = f(x)` element by element, for every activation but softmax (which works row by row) and
    /// linear (the identity). The switch is outside the loops, so each activation's loop compiles on
    /// its own (a closure called per element cost a tenth of a small network's training step).
    func values(_ x: UnsafeBufferPointer<Float>, _ y: UnsafeMutableBufferPointer<Float>) {
        @inline(__always) func map(_ f: (Float) -> Float) { for i in 0..<x.count { y[i] = f(x[i]) } }
        switch self {
        case .linear, .softmax: for i in 0..<x.count { y[i] = x[i] }
        case .relu: map { max($0, 0) }
        case .sigmoid: map(Activation.sigmoid)
        case .tanh: map { Foundation.tanh($0) }
        case .swish, .silu: map { $0 * Activation.sigmoid($0) }
        // As TensorFlow's kernels: exp(x) - 1 in float32 (not expm1), so a tiny negative x gives exactly 0.
        case .elu: map { $0 < 0 ? Foundation.exp($0) - 1 : $0 }
        case .selu:
            let (a, s) = (Activation.seluAlpha, Activation.seluScale)
            map { $0 < 0 ? s * a * (Foundation.exp($0) - 1) : s * $0 }
        case .softplus: map(Activation.softplus)
        case .gelu: map { 0.5 * $0 * (1 + Foundation.erf($0 / Float(2).squareRoot())) }
        case .leakyRelu: map { $0 > 0 ? $0 : 0.2 * $0 }
        }
    }

    /// The backward pass of `values`: each gradient `g` times the derivative, from the input `x` and
    /// the output `y` (whichever the formula reads more simply from).
    func gradients(
        _ x: UnsafeBufferPointer<Float>, _ y: UnsafeBufferPointer<Float>, _ g: UnsafeMutableBufferPointer<Float>
    ) {
        @inline(__always) func scale(_ d: (_ x: Float, _ y: Float) -> Float) {
            for i in 0..<g.count { g[i] *= d(x[i], y[i]) }
        }
        switch self {
        case .linear, .softmax: break
        case .relu: scale { x, _ in x > 0 ? 1 : 0 }
        case .sigmoid: scale { _, y in y * (1 - y) }
        case .tanh: scale { _, y in 1 - y * y }
        case .swish, .silu:
            scale { x, _ in
                let s = Activation.sigmoid(x)
                return s + x * s * (1 - s)
            }
        // EluGrad and SeluGrad choose the branch by the sign of the output.
        case .elu: scale { _, y in y < 0 ? y + 1 : 1 }
        case .selu:
            let (a, s) = (Activation.seluAlpha, Activation.seluScale)
            scale { _, y in y < 0 ? y + s * a : s }
        case .softplus: scale { x, _ in Activation.sigmoid(x) }
        case .gelu:
            scale { x, _ in
                let cdf = 0.5 * (1 + Foundation.erf(x / Float(2).squareRoot()))
                return cdf + x * Foundation.exp(-0.5 * x * x) / Float(2 * Double.pi).squareRoot()
            }
        case .leakyRelu: scale { x, _ in x > 0 ? 1 : 0.2 }
        }
    }

    static func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }

    static func softplus(_ x: Float) -> Float {
        // log(1 + e^x) without overflow for large x.
        x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x))
    }
}
