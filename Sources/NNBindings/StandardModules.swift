import NNLang
#if canImport(Glibc)
import Glibc
#endif

/// Registers every module nn provides.
public enum StandardModules {
    /// A registry holding all of nn's built-in modules.
    public static func registry() -> ModuleRegistry {
        let registry = ModuleRegistry()
        registry.register("math", MathModule.make)
        registry.register("random", RandomModule.make)
        registry.register("time", TimeModule.make)
        registry.register("os", OSModule.make)
        // `import os` gives os.path too, as in Python: the two imports share one module.
        registry.register("os.path") { interp in
            guard case .object(let path as PyModule)? = try interp.importModule(["os"]).members["path"] else {
                return try OSModule.makePath(interp)
            }
            return path
        }
        registry.register("logging", LoggingModule.make)
        registry.register("functools", FunctoolsModule.make)
        registry.register("dataclasses", DataclassesModule.make)
        registry.register("collections", CollectionsModule.make)
        registry.register("itertools", ItertoolsModule.make)
        registry.register("operator", OperatorModule.make)
        registry.register("sys", SysModule.make)
        registry.register("json", JsonModule.make)
        registry.register("copy", CopyModule.make)
        registry.register("string", StringModule.make)
        registry.register("re", ReModule.make)
        registry.register("datetime", DatetimeModule.make)
        registry.register("glob", GlobModule.make)
        registry.register("fnmatch", GlobModule.makeFnmatch)
        registry.register("shutil", ShutilModule.make)
        registry.register("pathlib", PathlibModule.make)
        registry.register("numpy", NumpyModule.make)
        KerasModule.register(registry)
        registry.register("pandas", PandasModule.make)
        PyplotModule.register(registry)
        return registry
    }
}

extension StandardModules {
    /// nn's short names for `.nn` scripts: `Dense`, `Input`, `Sequential`, `Model`, `Adam`, … each
    /// standing for the Keras name, which it imports on first use.
    public static func shortNames() -> [String: Value] {
        var names: [String: Value] = [:]
        let groups: [([String], [String])] = [
            (
                ["keras", "layers"],
                ["Dense", "Input", "Flatten", "Reshape", "Dropout", "Activation", "BatchNormalization"]
            ),
            (["keras", "models"], ["Sequential", "Model"]),
            (["keras", "optimizers"], ["SGD", "Adam", "RMSprop", "Adagrad"]),
        ]
        for (path, members) in groups {
            for member in members {
                names[member] = .object(
                    PyBuiltinFunction(
                        member,
                        doc:
                            "\(member)(...)  nn's short name for tf.\(path.joined(separator: ".")).\(member) in .nn files; help(tf.\(path.joined(separator: ".")).\(member)) shows its arguments."
                    ) { args, interp in
                        guard let target = try interp.importModule(path).members[member] else {
                            throw ScriptError(.nameError, "name '\(member)' is not defined")
                        }
                        return try interp.call(target, args)
                    })
            }
        }
        return names
    }
}

/// Builds a module from named Swift functions, each declared by its signature (see Signature).
struct ModuleBuilder {
    var members: [String: Value] = [:]
    let name: String
    /// Whose wording the module's argument errors follow.
    let style: Signature.Style

    init(_ name: String, style: Signature.Style = .builtin) {
        self.name = name
        self.style = style
    }

    /// A function declared as `name(parameters)  summary` with its parameter lines.
    mutating func def(
        _ declaration: String, errorName: String? = nil, refusing: Set<String> = [],
        _ body: @escaping (Bound, Interpreter) throws -> Value
    ) {
        let signature = Signature(declaration, style: style, errorName: errorName, refusing: refusing)
        members[signature.name] = .object(PyBuiltinFunction(signature, module: name, body))
    }

    /// A function of one float returning a float, raising "math domain error" where `valid` fails.
    mutating func unary(
        _ function: String, _ summary: String, valid: @escaping (Double) -> Bool = { _ in true },
        _ f: @escaping (Double) -> Double
    ) {
        def("\(function)(x, /)  \(summary)", errorName: "\(name).\(function)") { a, _ in
            let x = try a.double("x")
            guard valid(x) else { throw ScriptError(.valueError, "math domain error") }
            return .float(f(x))
        }
    }

    func build() -> PyModule { PyModule(name, members) }
}

extension Value {
    /// The receiver of a library type's method as its Swift object; TypeError for any other value.
    func receiver<T: PyObject>(_: T.Type, _ typeName: String) throws -> T {
        guard case .object(let o as T) = self else {
            throw ScriptError(.typeError, "expected a '\(typeName)' object, not '\(self.typeName)'")
        }
        return o
    }
}
