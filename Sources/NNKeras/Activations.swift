import Foundation

/// Keras's activation functions, each with its derivative beside it.
public enum Activation: String, CaseIterable, Sendable {
    case linear, relu, sigmoid, tanh, softmax, swish, silu, elu, selu, softplus, gelu
    case leakyRelu = "leaky_relu"

    /// The names Keras accepts, for the error listing them.
    public static var names: [String] { allCases.map(\.rawValue) }

    static let seluAlpha: Float = 1.6732632423543772
    static let seluScale: Float = 1.0507009873554805

    /// Applies the activation to a batch (softmax works row by row).
    public func apply(_ x: Matrix) -> Matrix {
        switch self {
        case .softmax:
            var out = x
            for r in 0..<x.rows {
                let row = r * x.columns
                var largest = -Float.infinity
                for c in 0..<x.columns { largest = max(largest, x.data[row + c]) }
                var total: Float = 0
                for c in 0..<x.columns {
                    let e = Foundation.exp(x.data[row + c] - largest)
                    out.data[row + c] = e
                    total += e
                }
                for c in 0..<x.columns { out.data[row + c] /= total }
            }
            return out
        case .linear:
            return x
        default:
            // One loop per activation, so the switch is not paid per element.
            var out = x
            out.data.withUnsafeMutableBufferPointer { y in
                switch self {
                case .relu: for i in 0..<y.count { y[i] = max(y[i], 0) }
                case .sigmoid: for i in 0..<y.count { y[i] = Activation.sigmoid(y[i]) }
                case .swish, .silu: for i in 0..<y.count { y[i] = y[i] * Activation.sigmoid(y[i]) }
                case .tanh: for i in 0..<y.count { y[i] = Foundation.tanh(y[i]) }
                default: for i in 0..<y.count { y[i] = scalar(y[i]) }
                }
            }
            return out
        }
    }

    func scalar(_ x: Float) -> Float {
        switch self {
        case .linear, .softmax: return x
        case .relu: return max(x, 0)
        case .sigmoid: return Activation.sigmoid(x)
        case .tanh: return Foundation.tanh(x)
        case .swish, .silu: return x * Activation.sigmoid(x)
        // As TensorFlow's kernels: exp(x) - 1 in float32 (not expm1), so a tiny negative x gives exactly 0.
        case .elu: return x < 0 ? Foundation.exp(x) - 1 : x
        case .selu: return x < 0 ? Activation.seluScale * Activation.seluAlpha * (Foundation.exp(x) - 1) : Activation.seluScale * x
        case .softplus: return Activation.softplus(x)
        case .gelu: return 0.5 * x * (1 + Foundation.erf(x / Float(2).squareRoot()))
        case .leakyRelu: return x > 0 ? x : 0.2 * x
        }
    }

    static func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }

    static func softplus(_ x: Float) -> Float {
        // log(1 + e^x) without overflow for large x.
        x > 0 ? x + Foundation.log1p(Foundation.exp(-x)) : Foundation.log1p(Foundation.exp(x))
    }

    /// The gradient with respect to the input, given the input `x`, the output `y` and the
    /// gradient `g` with respect to the output.
    public func backward(input x: Matrix, output y: Matrix, gradient g: Matrix) -> Matrix {
        switch self {
        case .linear: return g
        case .softmax:
            var out = g
            for r in 0..<y.rows {
                let row = r * y.columns
                var dot: Float = 0
                for c in 0..<y.columns { dot += g.data[row + c] * y.data[row + c] }
                for c in 0..<y.columns { out.data[row + c] = y.data[row + c] * (g.data[row + c] - dot) }
            }
            return out
        default:
            var out = g
            x.data.withUnsafeBufferPointer { X in
                y.data.withUnsafeBufferPointer { Y in
                    out.data.withUnsafeMutableBufferPointer { G in
                        switch self {
                        case .relu: for i in 0..<G.count where X[i] <= 0 { G[i] = 0 }
                        case .sigmoid: for i in 0..<G.count { G[i] *= Y[i] * (1 - Y[i]) }
                        case .tanh: for i in 0..<G.count { G[i] *= 1 - Y[i] * Y[i] }
                        case .swish, .silu:
                            for i in 0..<G.count {
                                let s = Activation.sigmoid(X[i])
                                G[i] *= s + X[i] * s * (1 - s)
                            }
                        default: for i in 0..<G.count { G[i] *= derivative(X[i], Y[i]) }
                        }
                    }
                }
            }
            return out
        }
    }

    func derivative(_ x: Float, _ y: Float) -> Float {
        switch self {
        case .linear, .softmax: return 1
        case .relu: return x > 0 ? 1 : 0
        case .sigmoid: return y * (1 - y)
        case .tanh: return 1 - y * y
        case .swish, .silu:
            let s = Activation.sigmoid(x)
            return s + x * s * (1 - s)
        // TensorFlow's EluGrad and SeluGrad choose the branch by the sign of the output.
        case .elu: return y < 0 ? y + 1 : 1
        case .selu: return y < 0 ? y + Activation.seluScale * Activation.seluAlpha : Activation.seluScale
        case .softplus: return Activation.sigmoid(x)
        case .gelu:
            let cdf = 0.5 * (1 + Foundation.erf(x / Float(2).squareRoot()))
            return cdf + x * Foundation.exp(-0.5 * x * x) / Float(2 * Double.pi).squareRoot()
        case .leakyRelu: return x > 0 ? 1 : 0.2
        }
    }
}
