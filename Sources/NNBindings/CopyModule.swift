import NNLang

/// `copy`: shallow and deep copies (see Copier).
enum CopyModule {
    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("copy", style: .python(countsSelf: false))
        m.def("copy(x)  A shallow copy: a new container or instance holding the same items.") { a, interp in
            var copier = Copier(interp, deep: false)
            return try copier.copy(a["x"])
        }
        m.def(
            """
            deepcopy(x, memo=None)  A deep copy: the items copied too, each object once.
            memo: the copies made so far by id(), as a __deepcopy__(memo) method passes it on.
            """
        ) { a, interp in
            var memo: PyDict?
            switch a["memo"] {
            case .none: memo = nil
            case .dict(let d): memo = d
            case let other: throw ScriptError(.typeError, "memo must be a dict, not '\(other.typeName)'")
            }
            var copier = Copier(interp, deep: true, memo: memo)
            return try copier.copy(a["x"])
        }
        m.members["Error"] = .object(PyType.libraryException("Error", module: "copy", base: .exception))
        return m.build()
    }
}
