/// Keras's name scopes: while a model or a layer builds, its name prefixes the paths of the weights
/// made (`sequential/dense/kernel`), as Keras names each variable by the scopes it was created in.
/// A layer already innermost does not open its scope again (its build adding weights). One stack
/// serves the process: building is never concurrent.
public enum NameScope {
    nonisolated(unsafe) private static var scopes: [(name: String, owner: ObjectIdentifier)] = []

    /// Runs `body` with the scope of `owner`, named `name`, innermost.
    public static func with<T>(_ name: String, owner: AnyObject, _ body: () throws -> T) rethrows -> T {
        let id = ObjectIdentifier(owner)
        if scopes.last?.owner == id { return try body() }
        scopes.append((name, id))
        defer { scopes.removeLast() }
        return try body()
    }

    /// `name` under the current scopes.
    static func path(_ name: String) -> String { (scopes.map(\.name) + [name]).joined(separator: "/") }
}
