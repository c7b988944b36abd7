import Foundation

/// Keras's activation functions, each with its derivative beside it.
public enum Activation: String, CaseIterable, Sendable {
    case linear, relu, sigmoid, tanh, softmax, swish, silu, elu, selu, softplus, gelu
    case leakyRelu = "leaky_relu"

    /// The names Keras accepts, for the error listing them.
    public static var names: [String] { allCases.map(\.rawValue) }

    static let seluAlpha: Float = 1.6732632423543772
    static let seluScale: Float = 1.0507009873554805

    /// An element-wise activation: its value at `x`, and its derivative from the input `x` and the
    /// output `y` (whichever the formula reads more simply from).
    struct Pointwise {
        let value: (_ x: Float) -> Float
        let derivative: (_ x: Float, _ y: Float) -> Float
    }

    /// Every activation but softmax (which works row by row) and linear (which is the identity).
    var pointwise: Pointwise? {
        switch self {
        case .linear, .softmax: return nil
        case .relu: return Pointwise(value: { max($0, 0) }, derivative: { x, _ in x > 0 ? 1 : 0 })
        case .sigmoid: return Pointwise(value: Activation.sigmoid, derivative: { _, y in y * (1 - y) })
        case .tanh: return Pointwise(value: { Foundation.tanh($0) }, derivative: { _, y in 1 - y * y })
        case .swish, .silu:
            return Pointwise(
                value: { $0 * Activation.sigmoid($0) },
                derivative: { x, _ in
                    let s = Activation.sigmoid(x)
                    return s + x * s * (1 - s)
                })
        // As TensorFlow's kernels: exp(x) - 1 in float32 (not expm1), so a tiny negative x gives exactly 0;
        // EluGrad and SeluGrad choose the branch by the sign of the output.
        case .elu:
            return Pointwise(value: { $0 < 0 ? Foundation.exp($0) - 1 : $0 }, derivative: { _, y in y < 0 ? y + 1 : 1 })
        case .selu:
            let (a, s) = (Activation.seluAlpha, Activation.seluScale)
            return Pointwise(
                value: { $0 < 0 ? s * a * (Foundation.exp($0) - 1) : s * $0 },
                derivative: { _, y in y < 0 ? y + s * a : s })
        case .softplus: return Pointwise(value: Activation.softplus, derivative: { x, _ in Activation.sigmoid(x) })
        case .gelu:
            return Pointwise(
                value: { 0.5 * $0 * (1 + Foundation.erf($0 / Float(2).squareRoot())) },
                derivative: { x, _ in
                    let cdf = 0.5 * (1 + Foundation.erf(x / Float(2).squareRoot()))
                    return cdf + x * Foundation.exp(-0.5 * x * x) / Float(2 * Double.pi).squareRoot()
                })
        case .leakyRelu: return Pointwise(value: { $0 > 0 ? $0 : 0.2 * $0 }, derivative: { x, _ in x > 0 ? 1 : 0.2 })
        }
    }

    static func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }

    static func softplus(_ x: Float) -> Float {
        // log(1 + e^x) without overflow for large x.
        x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x))
    }
}
