import NNTensor

/// A value in a computation, with how it was computed: reverse-mode automatic differentiation.
/// Each op makes a node holding its result, its input nodes, and its gradient rule beside it (the
/// rule maps the gradient of the result to the gradients of the inputs). `backward` then visits the
/// nodes from the loss back to the weights in reverse topological order, so every rule runs once,
/// after all the gradients flowing into its result have been added up.
public final class Node {
    public let value: Tensor
    public internal(set) var gradient: Tensor?
    let inputs: [Node]
    /// The gradient rule: one gradient per input, nil for inputs that need none.
    let rule: ((Tensor) -> [Tensor?])?
    /// The weight this node reads, whose gradient it collects.
    public let parameter: Parameter?
    /// Whether any weight is upstream (only then is a gradient worth computing).
    public let needsGradient: Bool
    /// What made this node, for losses that read through a final activation (softmax, sigmoid).
    let kind: Kind

    enum Kind { case value, softmax, sigmoid, other }

    /// When the node was made: every node is made after its inputs, so ascending serials are a
    /// topological order.
    let serial: UInt64
    /// The last traversal that reached the node (see `reachable`).
    private var visit: UInt64 = 0
    nonisolated(unsafe) private static var made: UInt64 = 0
    nonisolated(unsafe) private static var traversals: UInt64 = 0
    private static func nextSerial() -> UInt64 {
        made &+= 1
        return made
    }

    /// A constant: data, targets.
    public init(_ value: Tensor) {
        (self.value, inputs, rule, parameter, needsGradient, kind) = (value, [], nil, nil, false, .value)
        serial = Node.nextSerial()
    }

    /// A weight's current value.
    public init(_ parameter: Parameter) {
        value = Tensor(shape: parameter.shape, data: parameter.value)
        (inputs, rule, self.parameter, kind) = ([], nil, parameter, .value)
        needsGradient = parameter.trainable
        serial = Node.nextSerial()
    }

    /// The result of an op on `inputs`.
    init(_ value: Tensor, _ inputs: [Node], kind: Kind = .other, rule: @escaping (Tensor) -> [Tensor?]) {
        self.value = value
        self.inputs = inputs
        self.kind = kind
        parameter = nil
        needsGradient = inputs.contains { $0.needsGradient }
        self.rule = needsGradient ? rule : nil
        serial = Node.nextSerial()
    }

    /// The nodes this one reaches through inputs that need a gradient, itself included, inputs
    /// before the nodes made from them; marks instead of a set of seen nodes, a stack instead of
    /// recursion.
    func reachable() -> [Node] {
        Node.traversals &+= 1
        let mark = Node.traversals
        visit = mark
        var order: [Node] = [], stack = [self]
        while let node = stack.popLast() {
            order.append(node)
            for input in node.inputs where input.needsGradient && input.visit != mark {
                input.visit = mark
                stack.append(input)
            }
        }
        order.sort { $0.serial < $1.serial }
        return order
    }

    public var shape: [Int] { value.shape }

    func accumulate(_ g: Tensor) {
        if gradient == nil { gradient = g } else { gradient!.add(g) }
    }

    /// Back-propagates from this node (a scalar loss, or seeded with `seed`), adding each weight's
    /// gradient to its parameter's and leaving every node's own gradient in `gradient` (a node that
    /// earlier passes went through starts again from nothing). Returns the nodes it went through.
    @discardableResult
    public func backward(seed: Tensor? = nil) -> [Node] {
        let order = needsGradient ? reachable() : []
        for node in order { node.gradient = nil }
        accumulate(seed ?? Tensor(repeating: 1, shape: value.shape))
        for node in order.reversed() {
            guard let g = node.gradient else { continue }
            if let p = node.parameter {
                p.addGradient(g.data)
                continue
            }
            guard let rule = node.rule else { continue }
            for (input, gi) in zip(node.inputs, rule(g)) where input.needsGradient {
                if let gi { input.accumulate(gi) }
            }
        }
        return order
    }
}

/// The nodes reachable from `roots` through `inputs`, each after all of its inputs (depth-first
/// post-order, without recursion so that deep graphs cannot overflow the stack). Only nodes that
/// `include` accepts are visited; it may refuse the traversal by throwing.
func postOrder<T: AnyObject>(
    _ roots: [T], inputs: (T) -> [T], include: (T) throws -> Bool
) rethrows -> [T] {
    var order: [T] = []
    var seen = Set<ObjectIdentifier>()
    var stack: [(T, Bool)] = roots.reversed().map { ($0, false) }
    while let (node, expanded) = stack.popLast() {
        if expanded {
            order.append(node)
            continue
        }
        guard !seen.contains(ObjectIdentifier(node)), try include(node) else { continue }
        seen.insert(ObjectIdentifier(node))
        stack.append((node, true))
        for input in inputs(node).reversed() { stack.append((input, false)) }
    }
    return order
}
