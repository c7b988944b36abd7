import NNFloatText

/// A built-in's Python signature, declared once as text; binding a call, `help()`, `dir()`, Tab
/// completion and the argument errors all come from it (swift-argument-parser's "the declaration is
/// the documentation"). The text has this shape:
///
///     Dense(units, activation=None, use_bias=True, *, name=None)
///     A fully connected layer: outputs = activation(inputs @ kernel + bias).
///     units: how many outputs each sample gets.
///     activation: 'relu', 'sigmoid', 'softmax', 'tanh' or None.
///
/// The first line is the signature in Python's syntax: `/` ends the positional-only parameters,
/// `*` or `*args` starts the keyword-only ones, `**kwargs` takes any other keyword; defaults are
/// literals (None, True, False, numbers, strings, tuples and lists of them), and `name=<unset>`
/// marks a parameter that may be left out but has no value a script could write. The next lines
/// are the summary, except that `name: text` explains the parameter `name`.
public final class Signature: @unchecked Sendable {
    public enum Kind: Sendable { case positionalOnly, positionalOrKeyword, keywordOnly, varPositional, varKeyword }

    /// How a missing argument is filled.
    public enum Default {
        case required
        case value(Value)
        case unset
    }

    public struct Parameter {
        public let name: String
        public let kind: Kind
        public let defaultValue: Default
        /// The default as declared (`'glorot_uniform'`), for help.
        public let defaultText: String?
        public internal(set) var help: String
    }

    /// Whose wording the argument errors follow.
    public enum Style: Sendable {
        /// Functions written in C in CPython or numpy (Argument Clinic's wording: `round() missing
        /// required argument 'number' (pos 1)`).
        case builtin
        /// Functions written in Python (`Dense.__init__() missing 1 required positional argument:
        /// 'units'`); methods and constructors count `self` among the positional arguments.
        case python(countsSelf: Bool)
        /// Keras layers and models: unknown keywords are Keras's ValueError
        /// (`Unrecognized keyword arguments passed to Dense: {'unit': 3}`).
        case kerasLayer
        /// Keras optimizers: `Argument(s) not recognized: {'beta1': 0.9}`.
        case kerasOptimizer
    }

    /// The name help shows and calls use (`Dense`, `append`).
    public let name: String
    /// The name errors use: `Dense.__init__`, `list.append`, `TensorFlowTrainer.fit`.
    public let errorName: String
    public let style: Style
    /// Parameters the reference accepts and nn does not implement yet: passing anything but the
    /// default raises NotImplementedError naming them.
    public let refused: Set<String>
    private let text: String
    private var parsed: Layout?

    /// What the declaration says, parsed on the first call or look (importing a module declares
    /// hundreds of functions a script never calls).
    final class Layout {
        let summary: String
        let parameters: [Parameter]
        let names: [String]
        /// How many parameters a call may fill by position.
        let positionalCapacity: Int
        let varPositional: Int?
        let varKeyword: Int?
        /// Each parameter's default, nil where there is none; what a call that leaves it out gets.
        let defaults: [Value?]
        /// How many leading positional parameters are required.
        let requiredPositional: Int
        /// Whether a call with positional arguments only, enough of them and not too many (or any
        /// number, with `*args`), needs nothing but the arguments themselves: no required
        /// keyword-only parameter.
        let simple: Bool
        let refusedIndices: [Int]

        init(_ text: String, name: String, refused: Set<String>) {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            while lines.last?.trimmingSpaces().isEmpty == true { lines.removeLast() }
            let first = lines.isEmpty ? "" : lines.removeFirst()
            var parameters: [Parameter] = []
            var summary = ""
            if let open = first.firstIndex(of: "("), let close = Signature.closingParenthesis(String(first), from: open)
            {
                parameters = Signature.parseParameters(String(first[first.index(after: open)..<close]))
                summary = first[first.index(after: close)...].trimmingSpaces()
            }
            for line in lines {
                let trimmed = line.trimmingSpaces()
                if let colon = trimmed.firstIndex(of: ":"),
                    let i = parameters.firstIndex(where: { $0.name == trimmed[..<colon] })
                {
                    parameters[i].help = trimmed[trimmed.index(after: colon)...].trimmingSpaces()
                } else {
                    summary += (summary.isEmpty ? "" : " ") + trimmed
                }
            }
            self.summary = summary
            self.parameters = parameters
            names = parameters.map(\.name)
            positionalCapacity = parameters.filter(\.isPositional).count
            varPositional = parameters.firstIndex { $0.kind == .varPositional }
            varKeyword = parameters.firstIndex { $0.kind == .varKeyword }
            defaults = parameters.map { if case .value(let v) = $0.defaultValue { return v } else { return nil } }
            requiredPositional = parameters.filter { $0.isPositional && $0.isRequired }.count
            simple = !parameters.contains { $0.kind == .keywordOnly && $0.isRequired }
            refusedIndices = refused.compactMap { r in parameters.firstIndex { $0.name == r } }
            assert(refusedIndices.count == refused.count, "\(name): refused parameters must be declared")
        }
    }

    var layout: Layout {
        if let parsed { return parsed }
        let layout = Layout(text, name: name, refused: refused)
        parsed = layout
        return layout
    }
    public var summary: String { layout.summary }
    public var parameters: [Parameter] { layout.parameters }
    var names: [String] { layout.names }
    var positionalCapacity: Int { layout.positionalCapacity }
    var varPositional: Int? { layout.varPositional }
    var varKeyword: Int? { layout.varKeyword }
    var defaults: [Value?] { layout.defaults }
    var requiredPositional: Int { layout.requiredPositional }
    var simple: Bool { layout.simple }
    var refusedIndices: [Int] { layout.refusedIndices }

    /// Takes a declaration (see the type's documentation), parsed when first needed. `errorName`
    /// defaults to the name.
    public init(_ text: String, style: Style = .builtin, errorName: String? = nil, refusing refused: Set<String> = []) {
        let head = text.prefix { $0 != "(" && $0 != "\n" }
        name = String(head)
        self.text = text
        self.style = style
        self.errorName = errorName ?? name
        self.refused = refused
    }

    /// `(units, activation=None, *, name=None)` as help shows it.
    public var parameterList: String {
        var parts: [String] = []
        for (i, p) in parameters.enumerated() {
            switch p.kind {
            case .varPositional: parts.append("*" + p.name)
            case .varKeyword: parts.append("**" + p.name)
            case .keywordOnly where i == 0 || ![.keywordOnly, .varPositional].contains(parameters[i - 1].kind):
                parts.append("*")
                fallthrough
            default: parts.append(p.name + (p.defaultText.map { "=" + $0 } ?? ""))
            }
            if p.kind == .positionalOnly && (i + 1 == parameters.count || parameters[i + 1].kind != .positionalOnly) {
                parts.append("/")
            }
        }
        return "(" + parts.joined(separator: ", ") + ")"
    }

    /// The index of a declared parameter; a name that is not declared is a mistake in the binding.
    @inline(__always)
    func index(_ name: String) -> Int? {
        for i in names.indices where names[i] == name { return i }
        return nil
    }
}

// MARK: - Binding

extension Signature {
    /// Matches a call's arguments to the parameters with Python's rules; errors are worded in the
    /// signature's style.
    public func bind(_ args: Arguments, _ interp: Interpreter) throws -> Bound {
        let count = args.positional.count, l = layout
        if l.simple && args.keywords.isEmpty && count >= l.requiredPositional
            && (count <= l.positionalCapacity || l.varPositional != nil)
        {
            let bound = Bound(signature: self, given: args.positional, interp: interp)
            for i in l.refusedIndices where i < count { try bound.refuseUnlessDefault(i) }
            return bound
        }
        return try bindInGeneral(args, interp)
    }

    /// `bind` for calls with keywords, *args, **kwargs or missing arguments.
    func bindInGeneral(_ args: Arguments, _ interp: Interpreter) throws -> Bound {
        var values = [Value?](repeating: nil, count: parameters.count)
        let given = args.positional.count
        var passed = [Bool](repeating: false, count: parameters.count)
        if given > positionalCapacity && varPositional == nil {
            throw tooManyPositional(given, keywords: args.keywords.count)
        }
        for i in 0..<min(given, positionalCapacity) {
            values[i] = args.positional[i]
            passed[i] = true
        }
        let rest = given > positionalCapacity ? Array(args.positional[positionalCapacity...]) : []
        var extra: [(name: String, value: Value)] = []
        var unknown: [(name: String, value: Value)] = []
        var positionalOnlyByName: [String] = []
        for (key, value) in args.keywords {
            guard let i = index(key), parameters[i].isKeyword
            else {
                if varKeyword != nil {
                    extra.append((key, value))
                } else if let i = index(key), parameters[i].kind == .positionalOnly {
                    positionalOnlyByName.append(key)
                } else {
                    unknown.append((key, value))
                }
                continue
            }
            if values[i] != nil { throw duplicate(key, position: i) }
            values[i] = value
            passed[i] = true
        }
        if !positionalOnlyByName.isEmpty { throw positionalOnlyPassedByName(positionalOnlyByName) }
        if !unknown.isEmpty { throw try unexpected(unknown, interp) }
        var missing: [Int] = []
        for (i, p) in parameters.enumerated() where values[i] == nil {
            switch p.defaultValue {
            case .value(let v): values[i] = v
            case .required where p.kind != .varPositional && p.kind != .varKeyword: missing.append(i)
            default: break
            }
        }
        if !missing.isEmpty { throw self.missing(missing, given: given) }
        let bound = Bound(signature: self, values: values, passed: passed, rest: rest, keywords: extra, interp: interp)
        for i in refusedIndices { try bound.refuseUnlessDefault(i) }
        return bound
    }

    /// The parameters errors count: `self` too for Python methods.
    private var selfCount: Int {
        if case .python(countsSelf: true) = style { return 1 }
        if case .kerasLayer = style { return 1 }
        if case .kerasOptimizer = style { return 1 }
        return 0
    }

    private var isBuiltin: Bool { if case .builtin = style { return true } else { return false } }
    private var shortName: String { String(errorName.split(separator: ".").last ?? Substring(errorName)) }
    private var allPositionalOnly: Bool { parameters.allSatisfy { $0.kind == .positionalOnly } }

    private func tooManyPositional(_ given: Int, keywords: Int) -> ScriptError {
        let most = positionalCapacity, least = requiredPositional
        guard isBuiltin else {
            let s = selfCount
            let takes = least == most ? "\(most + s)" : "from \(least + s) to \(most + s)"
            return ScriptError(
                .typeError,
                "\(errorName)() takes \(takes) positional argument\(plural(most + s)) "
                    + "but \(given + s) \(given + s == 1 ? "was" : "were") given")
        }
        if allPositionalOnly { return countError(given, keywords: keywords) }
        let kind = parameters.contains { $0.kind == .keywordOnly } ? " positional" : ""
        return ScriptError(
            .typeError, "\(shortName)() takes at most \(most)\(kind) argument\(plural(most)) (\(given) given)")
    }

    /// CPython's wording for functions whose parameters are all positional-only.
    private func countError(_ given: Int, keywords: Int) -> ScriptError {
        if keywords > 0 { return ScriptError(.typeError, "\(errorName)() takes no keyword arguments") }
        let most = positionalCapacity, least = requiredPositional
        if most == 0 { return ScriptError(.typeError, "\(errorName)() takes no arguments (\(given) given)") }
        if most == 1 && least == 1 {
            return ScriptError(.typeError, "\(errorName)() takes exactly one argument (\(given) given)")
        }
        if most == least {
            return ScriptError(.typeError, "\(shortName) expected \(most) argument\(plural(most)), got \(given)")
        }
        if given < least {
            return ScriptError(
                .typeError, "\(shortName) expected at least \(least) argument\(plural(least)), got \(given)")
        }
        return ScriptError(.typeError, "\(shortName) expected at most \(most) argument\(plural(most)), got \(given)")
    }

    private func duplicate(_ name: String, position: Int) -> ScriptError {
        if isBuiltin {
            return ScriptError(
                .typeError, "argument for \(shortName)() given by name ('\(name)') and position (\(position + 1))")
        }
        return ScriptError(.typeError, "\(errorName)() got multiple values for argument '\(name)'")
    }

    private func positionalOnlyPassedByName(_ names: [String]) -> ScriptError {
        if isBuiltin {
            if allPositionalOnly { return ScriptError(.typeError, "\(errorName)() takes no keyword arguments") }
            return ScriptError(.typeError, "'\(names[0])' is an invalid keyword argument for \(shortName)()")
        }
        return ScriptError(
            .typeError,
            "\(errorName)() got some positional-only arguments passed as keyword arguments: "
                + names.map { "'\($0)'" }.joined(separator: ", "))
    }

    /// The error for keywords no parameter takes, with a suggestion of the closest parameter name.
    private func unexpected(_ unknown: [(name: String, value: Value)], _ interp: Interpreter) throws -> ScriptError {
        let keywordNames = parameters.filter(\.isKeyword).map(\.name)
        let hint = Suggestions.closest(to: unknown[0].name, in: keywordNames).map { ". Did you mean '\($0)'?" } ?? ""
        let listed =
            "{" + (try unknown.map { "'\($0.name)': " + (try interp.repr($0.value)) }.joined(separator: ", ")) + "}"
        switch style {
        case .builtin:
            if allPositionalOnly { return ScriptError(.typeError, "\(errorName)() takes no keyword arguments") }
            return ScriptError(
                .typeError, "'\(unknown[0].name)' is an invalid keyword argument for \(shortName)()\(hint)")
        case .python:
            return ScriptError(
                .typeError, "\(errorName)() got an unexpected keyword argument '\(unknown[0].name)'\(hint)")
        case .kerasLayer:
            return ScriptError(.valueError, "Unrecognized keyword arguments passed to \(name): \(listed)\(hint)")
        case .kerasOptimizer:
            return ScriptError(.valueError, "Argument(s) not recognized: \(listed)\(hint)")
        }
    }

    private func missing(_ indices: [Int], given: Int) -> ScriptError {
        if isBuiltin {
            if allPositionalOnly { return countError(given, keywords: 0) }
            let i = indices[0]
            if parameters[i].kind == .keywordOnly {
                return ScriptError(
                    .typeError, "\(shortName)() missing required keyword argument '\(parameters[i].name)'")
            }
            return ScriptError(
                .typeError, "\(shortName)() missing required argument '\(parameters[i].name)' (pos \(i + 1))")
        }
        let positional = indices.filter { parameters[$0].kind != .keywordOnly }.map { parameters[$0].name }
        if !positional.isEmpty { return ArgumentErrors.missing(errorName, positional, "positional") }
        return ArgumentErrors.missing(errorName, indices.map { parameters[$0].name }, "keyword-only")
    }

    private func plural(_ n: Int) -> String { n == 1 ? "" : "s" }
}

extension Signature.Parameter {
    var isRequired: Bool { if case .required = defaultValue { return true } else { return false } }
    /// Whether a call may pass it by position.
    var isPositional: Bool { kind == .positionalOnly || kind == .positionalOrKeyword }
    /// Whether a call may pass it by name.
    var isKeyword: Bool { kind == .positionalOrKeyword || kind == .keywordOnly }
}

/// Argument errors shared by script functions and built-ins, worded as CPython words them.
enum ArgumentErrors {
    /// `f() missing 2 required positional arguments: 'b' and 'c'`.
    static func missing(_ function: String, _ names: [String], _ kind: String) -> ScriptError {
        let quoted = names.map { "'\($0)'" }
        let list =
            quoted.count == 1
            ? quoted[0]
            : quoted.dropLast().joined(separator: ", ") + (quoted.count > 2 ? "," : "") + " and "
                + quoted[quoted.count - 1]
        return ScriptError(
            .typeError,
            "\(function)() missing \(names.count) required \(kind) argument\(names.count == 1 ? "" : "s"): \(list)")
    }
}

/// The arguments of one call matched to a signature's parameters, read by name.
public struct Bound {
    public let signature: Signature
    /// The call's positional arguments, which fill the first parameters: the common case, with
    /// nothing else to record.
    let given: [Value]
    /// Every parameter's value, for calls with keywords, `*args`, `**kwargs` or defaults between.
    let general: General?
    unowned(unsafe) let interp: Interpreter

    final class General {
        let values: [Value?]
        /// Which parameters the call passed, by position or by name.
        let passed: [Bool]
        let rest: [Value]
        let keywords: [(name: String, value: Value)]
        init(values: [Value?], passed: [Bool], rest: [Value], keywords: [(name: String, value: Value)]) {
            (self.values, self.passed, self.rest, self.keywords) = (values, passed, rest, keywords)
        }
    }

    init(signature: Signature, given: [Value], interp: Interpreter) {
        self.signature = signature
        self.given = given
        self.general = nil
        self.interp = interp
    }

    init(
        signature: Signature, values: [Value?], passed: [Bool], rest: [Value], keywords: [(name: String, value: Value)],
        interp: Interpreter
    ) {
        self.signature = signature
        self.given = []
        self.general = General(values: values, passed: passed, rest: rest, keywords: keywords)
        self.interp = interp
    }

    /// What `*args` collected.
    public var rest: [Value] {
        if let general { return general.rest }
        let capacity = signature.positionalCapacity
        if capacity == 0 { return given }
        return given.count > capacity ? Array(given[capacity...]) : []
    }
    /// What `**kwargs` collected, in call order.
    public var keywords: [(name: String, value: Value)] { general?.keywords ?? [] }

    @inline(__always)
    func value(at i: Int) -> Value? {
        if let general { return general.values[i] }
        return i < given.count && i < signature.positionalCapacity ? given[i] : signature.defaults[i]
    }

    @inline(__always)
    func wasPassed(_ i: Int) -> Bool {
        if let general { return general.passed[i] }
        return i < given.count && i < signature.positionalCapacity
    }

    private func slot(_ name: String) -> Value? {
        guard let i = signature.index(name) else {
            assertionFailure("\(signature.name) declares no parameter '\(name)'")
            return nil
        }
        return value(at: i)
    }

    /// The argument or its default; None for a parameter left out that has no default.
    public subscript(_ name: String) -> Value { slot(name) ?? .none }

    /// The argument or its default; nil when it is None or was left out without a default.
    public func optional(_ name: String) -> Value? {
        guard let v = slot(name), !v.isNone else { return nil }
        return v
    }

    /// The argument when the call passed it (by position or by name), else nil.
    public func given(_ name: String) -> Value? {
        guard let i = signature.index(name), wasPassed(i) else { return nil }
        return value(at: i)
    }

    /// True when the call passed the parameter (by position or by name).
    public func isGiven(_ name: String) -> Bool {
        guard let i = signature.index(name) else { return false }
        return wasPassed(i)
    }

    public func int(_ name: String) throws -> Int { try Conversions.int(self[name]) }
    public func double(_ name: String) throws -> Double { try Conversions.double(self[name]) }
    public func float(_ name: String) throws -> Float { Float(try Conversions.double(self[name])) }
    public func bool(_ name: String) throws -> Bool { try interp.isTruthy(self[name]) }
    public func string(_ name: String) throws -> String {
        let v = self[name]
        return try Conversions.string(v, "\(signature.name)() argument '\(name)' must be str, not \(v.typeName)")
    }
    public func optionalInt(_ name: String) throws -> Int? { try optional(name).map { try Conversions.int($0) } }
    public func optionalDouble(_ name: String) throws -> Double? {
        try optional(name).map { try Conversions.double($0) }
    }
    public func optionalFloat(_ name: String) throws -> Float? { try optionalDouble(name).map { Float($0) } }
    public func optionalString(_ name: String) throws -> String? { try optional(name).map { _ in try string(name) } }

    /// NotImplementedError unless parameter `i` holds its default.
    func refuseUnlessDefault(_ i: Int) throws {
        guard let v = value(at: i) else { return }
        if let d = signature.defaults[i], Bound.identical(v, d) || (d.isNone && v.isNone) { return }
        throw ScriptError(
            .notImplementedError, "nn does not support \(signature.name)(\(signature.parameters[i].name)=...) yet")
    }

    /// The same literal default (the bound value is the declared one, or equal to it).
    static func identical(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.object(let x), .object(let y)): return x === y
        default: return valuesEqual(a, b) && a.typeName == b.typeName
        }
    }
}

// MARK: - Declaration text

extension Signature {
    /// The parameters of `units, activation=None, *, name=None, **kwargs`.
    static func parseParameters(_ text: String) -> [Parameter] {
        var result: [Parameter] = []
        var kind = Kind.positionalOrKeyword
        for part in splitTopLevel(text) {
            let item = part.trimmingSpaces()
            if item.isEmpty { continue }
            if item == "/" {
                result = result.map {
                    Parameter(
                        name: $0.name, kind: .positionalOnly, defaultValue: $0.defaultValue,
                        defaultText: $0.defaultText, help: "")
                }
                continue
            }
            if item == "*" { kind = .keywordOnly; continue }
            if item.hasPrefix("**") {
                result.append(
                    Parameter(
                        name: String(item.dropFirst(2)), kind: .varKeyword, defaultValue: .required, defaultText: nil,
                        help: ""))
                continue
            }
            if item.hasPrefix("*") {
                result.append(
                    Parameter(
                        name: String(item.dropFirst()), kind: .varPositional, defaultValue: .required, defaultText: nil,
                        help: ""))
                kind = .keywordOnly
                continue
            }
            guard let equals = item.firstIndex(of: "=") else {
                result.append(Parameter(name: item, kind: kind, defaultValue: .required, defaultText: nil, help: ""))
                continue
            }
            let name = item[..<equals].trimmingSpaces()
            let literal = item[item.index(after: equals)...].trimmingSpaces()
            let value: Default = literal == "<unset>" ? .unset : .value(Literal.parse(literal))
            result.append(
                Parameter(
                    name: name, kind: kind, defaultValue: value, defaultText: literal == "<unset>" ? nil : literal,
                    help: ""))
        }
        return result
    }

    /// Visits each character of `s` from `start` that is outside quotes, with the bracket depth
    /// after it (an opening bracket counts itself); stops when `visit` returns false.
    static func scan(_ s: String, from start: String.Index, _ visit: (String.Index, Character, Int) -> Bool) {
        var depth = 0
        var quote: Character? = nil
        var i = start
        while i < s.endIndex {
            let c = s[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else {
                if "([{".contains(c) { depth += 1 } else if ")]}".contains(c) { depth -= 1 }
                if !visit(i, c, depth) { return }
            }
            i = s.index(after: i)
        }
    }

    /// The `)` matching the `(` at `open`, skipping brackets and quoted text inside.
    public static func closingParenthesis(_ s: String, from open: String.Index) -> String.Index? {
        var close: String.Index? = nil
        scan(s, from: open) { i, c, depth in
            if depth == 0 && ")]}".contains(c) { close = i }
            return close == nil
        }
        return close
    }

    /// Splits at commas outside brackets and quotes.
    static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = []
        var start = text.startIndex
        scan(text, from: text.startIndex) { i, c, depth in
            if c == ",", depth == 0 {
                parts.append(String(text[start..<i]))
                start = text.index(after: i)
            }
            return true
        }
        parts.append(String(text[start...]))
        return parts
    }
}

/// The literals a declared default may be: None, True, False, ints, floats, strings, and tuples and
/// lists of them. A declaration is the project's own text, so anything else is a mistake in it.
enum Literal {
    static func parse(_ text: String) -> Value {
        let t = text.trimmingSpaces()
        switch t {
        case "None": return .none
        case "True": return .true
        case "False": return .false
        case "inf": return .float(.infinity)
        default: break
        }
        if let i = Int(t) { return .int(i) }
        if let d = Double(t) { return .float(d) }
        if let first = t.first, first == "'" || first == "\"", t.count >= 2, t.last == first {
            return .string(String(t.dropFirst().dropLast()).replacingOccurrences(of: "\\n", with: "\n"))
        }
        if let first = t.first, first == "(" || first == "[", t.count >= 2 {
            let items = Signature.splitTopLevel(String(t.dropFirst().dropLast()))
                .filter { !$0.trimmingSpaces().isEmpty }.map(parse)
            return first == "(" ? .tuple(PyTuple(items)) : .list(PyList(items))
        }
        assertionFailure("not a literal a declaration may use: \(t)")
        return .none
    }
}
