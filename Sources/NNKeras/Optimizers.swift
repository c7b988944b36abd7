import Foundation

/// Keras 3's optimizers with their exact update rules and defaults.
public final class Optimizer {
    public enum Kind: String, Sendable {
        case sgd = "SGD", adam = "Adam", rmsprop = "RMSprop", adagrad = "Adagrad"
    }

    public let kind: Kind
    public var learningRate: Float
    public var momentum: Float = 0
    public var nesterov = false
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var rho: Float = 0.9
    public var epsilon: Float = 1e-7
    public var initialAccumulator: Float = 0.1
    /// Steps taken so far (Keras's `iterations`).
    public private(set) var iterations = 0
    var slots: [ObjectIdentifier: [[Float]]] = [:]

    public init(_ kind: Kind, learningRate: Float? = nil) {
        self.kind = kind
        self.learningRate = learningRate ?? (kind == .sgd ? 0.01 : 0.001)
    }

    /// Optimizer names `compile(optimizer='adam')` accepts.
    public static func named(_ name: String) -> Optimizer? {
        switch name.lowercased() {
        case "sgd": return Optimizer(.sgd)
        case "adam": return Optimizer(.adam)
        case "rmsprop": return Optimizer(.rmsprop)
        case "adagrad": return Optimizer(.adagrad)
        default: return nil
        }
    }

    /// One step on every trainable parameter, from the gradients they hold.
    public func step(_ parameters: [Parameter]) {
        let t = Float(iterations + 1)
        for p in parameters where p.trainable {
            var state = slots[ObjectIdentifier(p)] ?? initialState(p.value.count)
            update(&p.value, p.gradient, &state, t)
            slots[ObjectIdentifier(p)] = state
        }
        iterations += 1
    }

    func initialState(_ n: Int) -> [[Float]] {
        switch kind {
        case .sgd: return [[Float](repeating: 0, count: n)]
        case .adam: return [[Float](repeating: 0, count: n), [Float](repeating: 0, count: n)]
        case .rmsprop: return [[Float](repeating: 0, count: n)]
        case .adagrad: return [[Float](repeating: initialAccumulator, count: n)]
        }
    }

    func update(_ w: inout [Float], _ g: [Float], _ s: inout [[Float]], _ t: Float) {
        let lr = learningRate
        switch kind {
        case .sgd:
            if momentum == 0 {
                for i in w.indices { w[i] -= lr * g[i] }
                return
            }
            for i in w.indices {
                s[0][i] = momentum * s[0][i] - lr * g[i]
                w[i] += nesterov ? momentum * s[0][i] - lr * g[i] : s[0][i]
            }
        case .adam:
            let alpha = lr * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
            for i in w.indices {
                s[0][i] += (g[i] - s[0][i]) * (1 - beta1)
                s[1][i] += (g[i] * g[i] - s[1][i]) * (1 - beta2)
                w[i] -= alpha * s[0][i] / (s[1][i].squareRoot() + epsilon)
            }
        case .rmsprop:
            for i in w.indices {
                s[0][i] = rho * s[0][i] + (1 - rho) * g[i] * g[i]
                w[i] -= lr * g[i] / (s[0][i] + epsilon).squareRoot()
            }
        case .adagrad:
            for i in w.indices {
                s[0][i] += g[i] * g[i]
                w[i] -= lr * g[i] / (s[0][i] + epsilon).squareRoot()
            }
        }
    }
}
