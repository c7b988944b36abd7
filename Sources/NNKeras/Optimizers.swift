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
    /// Per-parameter state (momentum, Adam's moments, accumulators), held by reference so that
    /// a step updates it in place.
    final class Slots {
        var first: [Float]
        var second: [Float]
        init(_ first: [Float], _ second: [Float]) {
            self.first = first
            self.second = second
        }
    }
    var slots: [ObjectIdentifier: Slots] = [:]

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
            let state = slots[ObjectIdentifier(p)] ?? initialState(p.value.count)
            slots[ObjectIdentifier(p)] = state
            update(p, state, t)
        }
        iterations += 1
    }

    func initialState(_ n: Int) -> Slots {
        let zeros = [Float](repeating: 0, count: n)
        switch kind {
        case .sgd, .rmsprop: return Slots(zeros, [])
        case .adam: return Slots(zeros, zeros)
        case .adagrad: return Slots([Float](repeating: initialAccumulator, count: n), [])
        }
    }

    func update(_ p: Parameter, _ s: Slots, _ t: Float) {
        let lr = learningRate, n = p.value.count
        let (momentum, nesterov, beta1, beta2, rho, epsilon) = (self.momentum, self.nesterov, self.beta1, self.beta2, self.rho, self.epsilon)
        let alpha = lr * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
        p.gradient.withUnsafeBufferPointer { g in
            p.value.withUnsafeMutableBufferPointer { w in
                s.first.withUnsafeMutableBufferPointer { m in
                    switch kind {
                    case .sgd where momentum == 0:
                        for i in 0..<n { w[i] -= lr * g[i] }
                    case .sgd:
                        for i in 0..<n {
                            m[i] = momentum * m[i] - lr * g[i]
                            w[i] += nesterov ? momentum * m[i] - lr * g[i] : m[i]
                        }
                    case .adam:
                        s.second.withUnsafeMutableBufferPointer { v in
                            for i in 0..<n {
                                m[i] += (g[i] - m[i]) * (1 - beta1)
                                v[i] += (g[i] * g[i] - v[i]) * (1 - beta2)
                                w[i] -= alpha * m[i] / (v[i].squareRoot() + epsilon)
                            }
                        }
                    case .rmsprop:
                        for i in 0..<n {
                            m[i] = rho * m[i] + (1 - rho) * g[i] * g[i]
                            w[i] -= lr * g[i] / (m[i] + epsilon).squareRoot()
                        }
                    case .adagrad:
                        for i in 0..<n {
                            m[i] += g[i] * g[i]
                            w[i] -= lr * g[i] / (m[i] + epsilon).squareRoot()
                        }
                    }
                }
            }
        }
    }
}
