import NNLang

/// `json`: dumps / dump (JsonEncoder) and loads / load (JsonDecoder), with CPython's options,
/// output and error messages.
enum JsonModule {
    static let decodeError = PyType.libraryException("JSONDecodeError", module: "json.decoder", base: .valueError)

    static let encodeOptions = """
        skipkeys: leave out dict keys that are not str, int, float, bool or None (instead of TypeError).
        ensure_ascii: escape every non-ASCII character as \\uXXXX.
        allow_nan: write NaN and Infinity (False: ValueError).
        indent: a number of spaces or a string to indent nested items by; None writes one line.
        separators: the (item, key) separators; default (', ', ': '), or (',', ': ') with indent.
        default: a function giving a serializable value for any other object.
        sort_keys: write dicts' keys in sorted order.
        """

    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("json", style: .python(countsSelf: false))
        let options =
            "skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None, indent=None, separators=None, default=None, sort_keys=False"
        m.def("dumps(obj, *, \(options))  The object as JSON text.\n\(encodeOptions)", refusing: ["cls"]) {
            a, interp in .string(try dumps(a, interp))
        }
        m.def(
            "dump(obj, fp, *, \(options))  Writes the object as JSON text to a file.\n\(encodeOptions)",
            refusing: ["cls"]
        ) {
            a, interp in
            let text = try dumps(a, interp)
            _ = try interp.call(try interp.getAttribute(a["fp"], "write"), .string(text))
            return .none
        }
        let decodeOptions =
            "cls=None, object_hook=None, parse_float=None, parse_int=None, parse_constant=None, object_pairs_hook=None, strict=True"
        let decodeHelp = """
            object_hook: a function applied to each decoded dict, whose result replaces it.
            object_pairs_hook: a function applied to each object's list of (key, value) pairs.
            parse_float, parse_int, parse_constant: functions given the text of each float, int, or NaN/Infinity.
            strict: False allows control characters inside strings.
            """
        m.def("loads(s, *, \(decodeOptions))  The value the JSON text describes.\n\(decodeHelp)", refusing: ["cls"]) {
            a, interp in
            let s = a["s"]
            let text = try Conversions.string(s, "the JSON object must be str, bytes or bytearray, not \(s.typeName)")
            return try loads(text, a, interp)
        }
        m.def(
            "load(fp, *, \(decodeOptions))  The value the JSON text read from a file describes.\n\(decodeHelp)",
            refusing: ["cls"]
        ) {
            a, interp in
            let read = try interp.call(try interp.getAttribute(a["fp"], "read"))
            let text = try Conversions.string(
                read, "the JSON object must be str, bytes or bytearray, not \(read.typeName)")
            return try loads(text, a, interp)
        }
        m.members["JSONDecodeError"] = .object(decodeError)
        return m.build()
    }

    static func dumps(_ a: Bound, _ interp: Interpreter) throws -> String {
        var encoder = try JsonEncoder(a, interp)
        return try encoder.encode(a["obj"])
    }

    static func loads(_ text: String, _ a: Bound, _ interp: Interpreter) throws -> Value {
        var decoder = try JsonDecoder(text, a, interp)
        return try decoder.decodeDocument()
    }
}
