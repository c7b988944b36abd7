/// The one door through which built-in modules reach scripts. Each module is registered by name
/// with a loader that builds it on first import.
public final class ModuleRegistry {
    public typealias Loader = (Interpreter) throws -> PyModule
    private var loaders: [String: Loader] = [:]
    /// Names every script sees without importing (nn's short names such as `Dense`).
    public private(set) var builtinNames: [String: Value] = [:]

    public init() {
        register("__future__") { _ in
            PyModule(
                "__future__",
                Dictionary(
                    uniqueKeysWithValues: [
                        "absolute_import", "division", "print_function",
                        "unicode_literals", "generators", "nested_scopes", "with_statement", "annotations",
                    ].map { ($0, Value.true) }))
        }
    }

    /// Registers a module; a dotted name (`os.path`) becomes an attribute of its parent when both are loaded.
    public func register(_ name: String, _ loader: @escaping Loader) {
        loaders[name] = loader
    }

    /// Adds a name visible everywhere without import.
    public func addBuiltin(_ name: String, _ value: Value) {
        builtinNames[name] = value
    }

    public var moduleNames: [String] { loaders.keys.sorted() }

    func load(_ name: String, _ interp: Interpreter) throws -> PyModule? {
        guard let loader = loaders[name] else { return nil }
        let module = try loader(interp)
        if let dot = name.lastIndex(of: ".") {
            let parent = try interp.importModule(name[..<dot].split(separator: ".").map(String.init))
            let child = String(name[name.index(after: dot)...])
            if parent.members[child] == nil { parent.members[child] = .object(module) }
        }
        return module
    }
}
