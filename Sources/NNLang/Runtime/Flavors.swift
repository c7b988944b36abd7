/// What makes a dict or a tuple a value of a library subclass (collections' Counter, defaultdict,
/// OrderedDict and namedtuple classes): its type, and the few places it behaves differently. The
/// value stays a `.dict` or `.tuple`, so everything that takes a dict or a tuple takes it, as Python's
/// subclasses are taken.
open class ContainerFlavor {
    public let type: PyType

    public init(type: PyType) { self.type = type }

    /// `d[key]` for a key the dict lacks (`__missing__`); nil raises KeyError.
    open func missing(_ key: Value, in dict: PyDict, _ interp: Interpreter) throws -> Value? { nil }

    /// The value's repr; nil gives the dict's or tuple's own.
    open func repr(_ value: Value, _ interp: Interpreter) throws -> String? { nil }

    /// `a op b` with this flavor on either side; nil when the flavor does not define it.
    open func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, _ interp: Interpreter) throws -> Value? { nil }

    /// The flavor a copy gets (`d.copy()`): this one, unless it holds state the copy must not share.
    open func copied() -> ContainerFlavor { self }
}

extension Value {
    /// The flavor of a dict or tuple of a library subclass.
    var flavor: ContainerFlavor? {
        switch self {
        case .dict(let d): return d.flavor
        case .tuple(let t): return t.flavor
        default: return nil
        }
    }
}
