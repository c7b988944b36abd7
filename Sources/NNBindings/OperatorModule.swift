import NNLang

/// `operator`: Python's operators as functions (`operator.mul` for reduce and accumulate), and
/// itemgetter / attrgetter / methodcaller for sort keys.
enum OperatorModule {
    static func make(_ interp: Interpreter) throws -> PyModule {
        var m = ModuleBuilder("operator")
        let binary: [(String, BinaryOperator)] = [
            ("add", .add), ("sub", .subtract), ("mul", .multiply), ("truediv", .divide),
            ("floordiv", .floorDivide), ("mod", .modulo), ("pow", .power), ("matmul", .matrixMultiply),
            ("lshift", .leftShift), ("rshift", .rightShift), ("and_", .bitAnd), ("or_", .bitOr), ("xor", .bitXor),
        ]
        for (name, op) in binary {
            m.def("\(name)(a, b, /)  a \(op.rawValue) b.") { a, interp in
                try Operators.binary(op, a["a"], a["b"], interp)
            }
        }
        let comparisons: [(String, CompareOperator)] = [
            ("lt", .less), ("le", .lessEqual), ("gt", .greater), ("ge", .greaterEqual), ("eq", .equal),
            ("ne", .notEqual),
        ]
        for (name, op) in comparisons {
            m.def("\(name)(a, b, /)  a \(op.rawValue) b.") { a, interp in
                try Operators.compare(op, a["a"], a["b"], interp)
            }
        }
        let unary: [(String, UnaryOperator)] = [("neg", .negate), ("pos", .plus), ("invert", .invert), ("not_", .not)]
        for (name, op) in unary {
            m.def("\(name)(a, /)  \(op.rawValue) a.") { a, interp in try Operators.unary(op, a["a"], interp) }
        }
        m.def("truth(a, /)  Whether a is true.") { a, interp in .bool(try interp.isTruthy(a["a"])) }
        m.def("contains(a, b, /)  b in a.") { a, interp in try Operators.compare(.contains, a["b"], a["a"], interp) }
        m.def("getitem(a, b, /)  a[b].") { a, interp in try interp.getItem(a["a"], a["b"]) }
        m.def("is_(a, b, /)  a is b.") { a, interp in try Operators.compare(.isSame, a["a"], a["b"], interp) }
        m.def("is_not(a, b, /)  a is not b.") { a, interp in try Operators.compare(.isNot, a["a"], a["b"], interp) }
        m.def("abs(a, /)  abs(a).") { a, interp in try interp.call(interp.builtins["abs"]!, a["a"]) }
        m.def("itemgetter(item, /, *items)  A function that gives x[item] (a tuple of x[i] for several items).") {
            a, _ in
            let keys = [a["item"]] + a.rest
            return .object(
                PyBuiltinFunction("itemgetter") { args, interp in
                    guard args.count == 1 else {
                        throw ScriptError(.typeError, "itemgetter expected 1 argument, got \(args.count)")
                    }
                    let values = try keys.map { try interp.getItem(args.positional[0], $0) }
                    return values.count == 1 ? values[0] : .tuple(PyTuple(values))
                })
        }
        m.def("attrgetter(attr, /, *attrs)  A function that gives x.attr (dotted names follow attributes).") { a, _ in
            let names = try ([a["attr"]] + a.rest).map {
                try Conversions.string($0, "attribute name must be a string")
            }
            return .object(
                PyBuiltinFunction("attrgetter") { args, interp in
                    guard args.count == 1 else {
                        throw ScriptError(.typeError, "attrgetter expected 1 argument, got \(args.count)")
                    }
                    let values = try names.map { name in
                        try name.split(separator: ".").reduce(args.positional[0]) {
                            try interp.getAttribute($0, String($1))
                        }
                    }
                    return values.count == 1 ? values[0] : .tuple(PyTuple(values))
                })
        }
        m.def("methodcaller(name, /, *args, **kwargs)  A function that calls x.name(*args, **kwargs).") { a, _ in
            let name = try a.string("name")
            let args = Arguments(a.rest, a.keywords)
            return .object(
                PyBuiltinFunction("methodcaller") { given, interp in
                    guard given.count == 1 else {
                        throw ScriptError(.typeError, "methodcaller expected 1 argument, got \(given.count)")
                    }
                    return try interp.call(try interp.getAttribute(given.positional[0], name), args)
                })
        }
        return m.build()
    }
}
