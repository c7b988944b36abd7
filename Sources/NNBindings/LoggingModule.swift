import NNLang

/// `logging`: levels, loggers whose level can be set, and messages at or above the level written to
/// standard error as Python's default handler writes them (`WARNING:root:message`). The course
/// silences TensorFlow with `tf.get_logger().setLevel(logging.ERROR)`.
enum LoggingModule {
    static let levels: [(String, Int)] = [
        ("CRITICAL", 50), ("FATAL", 50), ("ERROR", 40), ("WARNING", 30), ("WARN", 30),
        ("INFO", 20), ("DEBUG", 10), ("NOTSET", 0),
    ]
    /// The methods that write a message, with their levels; each writes its own name in capitals.
    static let methods: [(String, Int)] = [
        ("debug", 10), ("info", 20), ("warning", 30), ("error", 40), ("critical", 50),
    ]

    /// A logger's level: WARNING unless set.
    final class Level {
        var value = 30
    }

    static func make(_ interp: Interpreter) throws -> PyModule {
        var loggers: [String: (module: PyModule, level: Level)] = [:]
        func logger(_ name: String) -> (module: PyModule, level: Level) {
            if let existing = loggers[name] { return existing }
            let level = Level()
            var l = ModuleBuilder("logging.Logger", style: .python(countsSelf: true))
            l.members["name"] = .string(name)
            l.def("setLevel(level)  Sets the least severe level this logger writes.", errorName: "Logger.setLevel") {
                a, _ in
                level.value = try LoggingModule.level(a["level"])
                return .none
            }
            for (method, severity) in methods {
                l.def(
                    "\(method)(msg, *args)  Writes msg % args to standard error when the logger's level allows.",
                    errorName: "Logger.\(method)"
                ) { a, interp in
                    if severity >= level.value {
                        let text =
                            a.rest.isEmpty
                            ? try interp.str(a["msg"])
                            : try interp.str(try Operators.binary(.modulo, a["msg"], .tuple(PyTuple(a.rest)), interp))
                        interp.output.flush()
                        writeStandardError("\(method.uppercased()):\(name):\(text)\n")
                    }
                    return .none
                }
            }
            let made = (l.build(), level)
            loggers[name] = made
            return made
        }
        var m = ModuleBuilder("logging", style: .python(countsSelf: false))
        for (name, value) in levels { m.members[name] = .int(value) }
        m.def("getLogger(name=None)  The logger of that name (the root logger without one).") { a, interp in
            .object(logger(try a.optional("name").map { try interp.str($0) } ?? "root").module)
        }
        m.def(
            "basicConfig(*, level=None, format=None, force=False)  Sets the root logger's level.",
            refusing: ["format", "force"]
        ) { a, _ in
            if let value = a.optional("level") { logger("root").level.value = try level(value) }
            return .none
        }
        for (method, _) in methods { m.members[method] = logger("root").module.members[method] }
        return m.build()
    }

    /// The logger scripts reach by `tf.get_logger()`: logging's "tensorflow" logger.
    static func tensorflowLogger(_ interp: Interpreter) throws -> Value {
        guard let getLogger = try interp.importModule(["logging"]).members["getLogger"] else {
            throw ScriptError(.attributeError, "module 'logging' has no attribute 'getLogger'")
        }
        return try interp.call(getLogger, Arguments([.string("tensorflow")]))
    }

    /// A level given as a number or a name ('ERROR').
    static func level(_ v: Value) throws -> Int {
        if case .str(let s) = v {
            guard let found = levels.first(where: { $0.0 == s.value }) else {
                throw ScriptError(.valueError, "Unknown level: '\(s.value)'")
            }
            return found.1
        }
        return try Conversions.int(v)
    }
}
