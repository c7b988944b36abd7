import NNLang

/// `logging`: levels, loggers whose level can be set, and messages at or above the level written to
/// standard error as Python's default handler writes them (`WARNING:root:message`). The course
/// silences TensorFlow with `tf.get_logger().setLevel(logging.ERROR)`.
enum LoggingModule {
    static let levels: [(String, Int)] = [("CRITICAL", 50), ("FATAL", 50), ("ERROR", 40), ("WARNING", 30), ("WARN", 30),
                                          ("INFO", 20), ("DEBUG", 10), ("NOTSET", 0)]

    /// A logger: its name and level (WARNING unless set).
    final class Logger {
        let name: String
        var level = 30
        init(_ name: String) { self.name = name }
    }

    static func make(_ interp: Interpreter) throws -> PyModule {
        var loggers: [String: PyModule] = [:]
        func logger(_ name: String) -> PyModule {
            if let existing = loggers[name] { return existing }
            let state = Logger(name)
            var l = ModuleBuilder("logging.Logger")
            l.members["name"] = .string(name)
            l.function("setLevel", "setLevel(level)  Sets the least severe level this logger writes.") { args, _ in
                try args.expect("setLevel", 1...1)
                state.level = try level(args[0])
                return .none
            }
            for (method, severity) in [("debug", 10), ("info", 20), ("warning", 30), ("error", 40), ("critical", 50)] {
                l.function(method, "\(method)(msg)  Writes the message to standard error when the logger's level allows.") { args, interp in
                    try args.expect(method, 1...1)
                    if severity >= state.level {
                        let label = levels.first { $0.1 == severity && $0.0 != "FATAL" && $0.0 != "WARN" }?.0 ?? ""
                        interp.output.flush()
                        writeStandardError("\(label):\(name):\(try interp.str(args[0]))\n")
                    }
                    return .none
                }
            }
            let made = l.build()
            loggers[name] = made
            return made
        }
        var m = ModuleBuilder("logging")
        for (name, value) in levels { m.members[name] = .int(value) }
        m.function("getLogger", "getLogger(name=None)  The logger of that name (the root logger without one).") { args, interp in
            try args.expect("getLogger", 0...1)
            let name = args.count == 1 && !args[0].isNone ? try interp.str(args[0]) : "root"
            return .object(logger(name))
        }
        m.function("basicConfig", "basicConfig(level=None, format=None)  Sets the root logger's level; nn keeps Python's message format.") { args, _ in
            if let value = args.keywords.first(where: { $0.name == "level" })?.value {
                _ = try (logger("root").members["setLevel"]).map { try interp.call($0, Arguments([value])) }
            }
            return .none
        }
        for (method, _) in [("debug", 10), ("info", 20), ("warning", 30), ("error", 40), ("critical", 50)] {
            m.members[method] = logger("root").members[method]
        }
        return m.build()
    }

    /// A level given as a number or a name ('ERROR').
    static func level(_ v: Value) throws -> Int {
        if case .str(let s) = v {
            guard let found = levels.first(where: { $0.0 == s.value }) else { throw ScriptError(.valueError, "Unknown level: '\(s.value)'") }
            return found.1
        }
        return try Conversions.int(v)
    }
}
