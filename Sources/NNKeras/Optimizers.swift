import Foundation

/// Keras 3's optimizer base: the learning rate, the step count, and per-parameter slots that a
/// subclass makes in `build` and updates in `updateStep` (Keras's `optimizers/optimizer.py`).
/// The defaults live with the declarations scripts see (the bindings); these types take every
/// hyper-parameter explicitly.
open class Optimizer {
    /// Keras's class name (`Adam`).
    open var kerasName: String { "Optimizer" }
    public var learningRate: Float
    /// The name scripts gave it (Keras's `name=`).
    public var name = ""
    /// Steps taken so far (Keras's `iterations`).
    public private(set) var iterations = 0
    /// Per-parameter state (momentum, moments, accumulators), in buffers a step updates in place.
    public final class Slots {
        let buffers: [UnsafeMutableBufferPointer<Float>]
        init(_ values: [[Float]]) {
            buffers = values.map { v in
                let b = UnsafeMutableBufferPointer<Float>.allocate(capacity: v.count)
                _ = b.initialize(from: v)
                return b
            }
        }
        deinit { for b in buffers { b.deallocate() } }
        public subscript(_ i: Int) -> UnsafeMutableBufferPointer<Float> { buffers[i] }
    }
    var slots: [ObjectIdentifier: Slots] = [:]

    public init(learningRate: Float) {
        self.learningRate = learningRate
    }

    /// The slots of one parameter with `count` values (momentum, moments, accumulators).
    open func build(_ count: Int) -> [[Float]] { [] }

    /// The update rule for one parameter; `t` is the 1-based step number.
    open func updateStep(_ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: Slots, t: Float)
    {}

    /// Keras builds an optimizer's variables at the first training step.
    public var isBuilt: Bool { iterations > 0 }

    /// The optimizer's variables for these parameters, as Keras counts them in `summary()`: the slots
    /// of each trainable parameter (float32), the step counter (int64) and the learning rate (float32).
    public func variables(for parameters: [Parameter]) -> (count: Int, bytes: Int) {
        let slotValues = parameters.filter(\.trainable).reduce(0) { $0 + build($1.value.count).count * $1.value.count }
        return (slotValues + 2, slotValues * 4 + 8 + 4)
    }

    /// One step on every trainable parameter, from the gradients they hold.
    public func step(_ parameters: [Parameter]) {
        let t = Float(iterations + 1)
        for p in parameters where p.trainable {
            let state = slots[ObjectIdentifier(p)] ?? Slots(build(p.value.count))
            slots[ObjectIdentifier(p)] = state
            p.gradient.withUnsafeBufferPointer { g in
                p.value.withUnsafeMutableBufferPointer { w in updateStep(w, g, state, t: t) }
            }
        }
        iterations += 1
    }
}

/// Stochastic gradient descent, with momentum and Nesterov momentum (`optimizers/sgd.py`).
public final class SGD: Optimizer {
    public let momentum: Float
    public let nesterov: Bool
    public override var kerasName: String { "SGD" }

    public init(learningRate: Float, momentum: Float, nesterov: Bool) {
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(learningRate: learningRate)
    }

    public override func build(_ count: Int) -> [[Float]] { momentum == 0 ? [] : [[Float](repeating: 0, count: count)] }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: Slots, t: Float
    ) {
        let lr = learningRate, momentum = self.momentum
        guard momentum != 0 else {
            for i in 0..<w.count { w[i] -= lr * g[i] }
            return
        }
        let m = s[0]
        for i in 0..<w.count {
            m[i] = momentum * m[i] - lr * g[i]
            w[i] += nesterov ? momentum * m[i] - lr * g[i] : m[i]
        }
    }
}

/// Adam, and AMSGrad with `amsgrad` (`optimizers/adam.py`).
public final class Adam: Optimizer {
    public let beta1: Float, beta2: Float, epsilon: Float
    public let amsgrad: Bool
    public override var kerasName: String { "Adam" }

    public init(learningRate: Float, beta1: Float, beta2: Float, epsilon: Float, amsgrad: Bool) {
        (self.beta1, self.beta2, self.epsilon, self.amsgrad) = (beta1, beta2, epsilon, amsgrad)
        super.init(learningRate: learningRate)
    }

    public override func build(_ count: Int) -> [[Float]] {
        [[Float]](repeating: [Float](repeating: 0, count: count), count: amsgrad ? 3 : 2)
    }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: Slots, t: Float
    ) {
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon)
        let alpha = learningRate * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
        let amsgrad = self.amsgrad
        let (m, v) = (s[0], s[1])
        for i in 0..<w.count {
            m[i] += (g[i] - m[i]) * (1 - beta1)
            v[i] += (g[i] * g[i] - v[i]) * (1 - beta2)
        }
        guard amsgrad else {
            // Eight at a time: the compiler leaves the square root and division scalar otherwise.
            typealias V = SIMD8<Float>
            let whole = w.count / 8 * 8
            let (a, e) = (V(repeating: alpha), V(repeating: epsilon))
            let (wr, mr, vr) = (
                UnsafeMutableRawPointer(w.baseAddress), UnsafeRawPointer(m.baseAddress),
                UnsafeRawPointer(v.baseAddress)
            )
            for i in stride(from: 0, to: whole, by: 8) {
                let offset = i * 4
                let mi = mr!.loadUnaligned(fromByteOffset: offset, as: V.self)
                let vi = vr!.loadUnaligned(fromByteOffset: offset, as: V.self)
                let wi = wr!.loadUnaligned(fromByteOffset: offset, as: V.self)
                wr!.storeBytes(of: wi - a * mi / (vi.squareRoot() + e), toByteOffset: offset, as: V.self)
            }
            for i in whole..<w.count { w[i] -= alpha * m[i] / (v[i].squareRoot() + epsilon) }
            return
        }
        let vHat = s[2]
        for i in 0..<w.count {
            vHat[i] = max(vHat[i], v[i])
            w[i] -= alpha * m[i] / (vHat[i].squareRoot() + epsilon)
        }
    }
}

/// RMSprop, with momentum and the centered variant (`optimizers/rmsprop.py`).
public final class RMSprop: Optimizer {
    public let rho: Float, momentum: Float, epsilon: Float
    public let centered: Bool
    public override var kerasName: String { "RMSprop" }

    public init(learningRate: Float, rho: Float, momentum: Float, epsilon: Float, centered: Bool) {
        (self.rho, self.momentum, self.epsilon, self.centered) = (rho, momentum, epsilon, centered)
        super.init(learningRate: learningRate)
    }

    /// The velocity, then the momentum and the average gradient when they are used.
    public override func build(_ count: Int) -> [[Float]] {
        [[Float]](
            repeating: [Float](repeating: 0, count: count), count: 1 + (momentum > 0 ? 1 : 0) + (centered ? 1 : 0))
    }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: Slots, t: Float
    ) {
        let (lr, rho, momentum, epsilon) = (learningRate, self.rho, self.momentum, self.epsilon)
        let velocity = s[0], average = centered ? s[momentum > 0 ? 2 : 1] : nil
        let increments = momentum > 0 ? s[1] : nil
        if average == nil && increments == nil {
            // The default RMSprop, in a loop the compiler vectorises.
            for i in 0..<w.count {
                velocity[i] = rho * velocity[i] + (1 - rho) * g[i] * g[i]
                w[i] -= lr * g[i] / (velocity[i] + epsilon).squareRoot()
            }
            return
        }
        for i in 0..<w.count {
            velocity[i] = rho * velocity[i] + (1 - rho) * g[i] * g[i]
            var denominator = velocity[i] + epsilon
            if let average {
                average[i] = rho * average[i] + (1 - rho) * g[i]
                denominator -= average[i] * average[i]
            }
            let increment = lr * g[i] / denominator.squareRoot()
            if let increments {
                increments[i] = momentum * increments[i] + increment
                w[i] -= increments[i]
            } else {
                w[i] -= increment
            }
        }
    }
}

/// Adagrad (`optimizers/adagrad.py`).
public final class Adagrad: Optimizer {
    public let initialAccumulator: Float, epsilon: Float
    public override var kerasName: String { "Adagrad" }

    public init(learningRate: Float, initialAccumulator: Float, epsilon: Float) {
        (self.initialAccumulator, self.epsilon) = (initialAccumulator, epsilon)
        super.init(learningRate: learningRate)
    }

    public override func build(_ count: Int) -> [[Float]] { [[Float](repeating: initialAccumulator, count: count)] }

    public override func updateStep(
        _ w: UnsafeMutableBufferPointer<Float>, _ g: UnsafeBufferPointer<Float>, _ s: Slots, t: Float
    ) {
        let lr = learningRate, epsilon = self.epsilon
        let a = s[0]
        for i in 0..<w.count {
            a[i] += g[i] * g[i]
            w[i] -= lr * g[i] / (a[i] + epsilon).squareRoot()
        }
    }
}
