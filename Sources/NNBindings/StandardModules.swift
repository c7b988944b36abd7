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
        registry.register("os.path", OSModule.makePath)
        registry.register("logging", LoggingModule.make)
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
            (["keras", "layers"], ["Dense", "Input", "Flatten", "Dropout", "Activation", "BatchNormalization"]),
            (["keras", "models"], ["Sequential", "Model"]),
            (["keras", "optimizers"], ["SGD", "Adam", "RMSprop", "Adagrad"]),
        ]
        for (path, members) in groups {
            for member in members {
                names[member] = .object(PyBuiltinFunction(member, doc: "\(member)(...)  nn's short name for tf.\(path.joined(separator: ".")).\(member) in .nn files; help(tf.\(path.joined(separator: ".")).\(member)) shows its arguments.") { args, interp in
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

/// Builds a module from named Swift functions.
struct ModuleBuilder {
    var members: [String: Value] = [:]
    let name: String

    init(_ name: String) { self.name = name }

    mutating func function(_ function: String, _ doc: String = "", _ body: @escaping PyBuiltinFunction.Body) {
        members[function] = .object(PyBuiltinFunction(function, doc: doc, module: name, body))
    }

    /// A function of one float returning a float, raising "math domain error" where `valid` fails.
    mutating func unary(_ function: String, valid: @escaping (Double) -> Bool = { _ in true }, _ f: @escaping (Double) -> Double) {
        self.function(function, "\(function)(x)") { args, _ in
            try args.expect(function, 1...1)
            let x = try Conversions.double(args[0])
            guard valid(x) else { throw ScriptError(.valueError, "math domain error") }
            return .float(f(x))
        }
    }

    func build() -> PyModule { PyModule(name, members) }
}
