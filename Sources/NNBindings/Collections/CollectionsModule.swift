import NNLang

/// `collections`: Counter, defaultdict and OrderedDict (dicts with a flavor, so everything that
/// takes a dict takes them), namedtuple classes (tuples with a flavor) and deque.
enum CollectionsModule {
    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("collections", style: .python(countsSelf: false))
        m.members["Counter"] = .object(CounterFlavor.type)
        m.members["defaultdict"] = .object(DefaultDictFlavor.type)
        m.members["OrderedDict"] = .object(OrderedDictFlavor.type)
        m.members["deque"] = .object(PyDeque.dequeType)
        m.def(
            """
            namedtuple(typename, field_names, *, rename=False, defaults=None, module=None)  A tuple class whose items are also attributes.
            field_names: the names as a list or as one string separated by commas or spaces.
            rename: replace invalid or repeated names by _0, _1, … instead of raising.
            defaults: values for the rightmost fields.
            """
        ) { a, interp in try NamedTupleFlavor.makeClass(a, interp) }
        return m.build()
    }

    /// The dict of a flavored dict value, or TypeError naming the method.
    static func dict(_ v: Value, _ method: String, _ owner: String) throws -> PyDict {
        guard case .dict(let d) = v else {
            throw ScriptError(.typeError, "descriptor '\(method)' requires a '\(owner)' object")
        }
        return d
    }

    /// `repr` of a dict's items as `{k: v, ...}` (the part inside a Counter's or defaultdict's repr).
    static func itemsRepr(_ pairs: [(Value, Value)], _ interp: Interpreter) throws -> String {
        "{" + (try pairs.map { try interp.repr($0.0) + ": " + interp.repr($0.1) }.joined(separator: ", ")) + "}"
    }

    /// Fills a new flavored dict through its type's `update` (a Counter's counts, a dict's pairs).
    static func fill(_ d: PyDict, _ a: Bound, source: String, _ interp: Interpreter) throws -> Value {
        let args = Arguments(a.given(source).map { [$0] } ?? [], a.keywords)
        _ = try interp.call(try interp.getAttribute(.dict(d), "update"), args)
        return .dict(d)
    }
}
