import XCTest
import NNBindings
@testable import NNLang

/// The declaration mechanism: every built-in is declared once (Signature), and binding a call to
/// the declaration gives CPython's and Keras's argument errors.
final class BindingTests: XCTestCase {
    func testUnexpectedKeywordSuggestsTheParameter() {
        XCTAssertEqual(
            errorLine("round(1.5, ndigit=2)"),
            "TypeError: 'ndigit' is an invalid keyword argument for round(). Did you mean 'ndigits'?")
        XCTAssertEqual(
            errorLine("import numpy as np\nnp.zeros(3, dtyp=float)"),
            "TypeError: zeros() got an unexpected keyword argument 'dtyp'. Did you mean 'dtype'?")
        XCTAssertEqual(
            errorLine("import tensorflow as tf\ntf.keras.layers.Dense(1, unit=3)"),
            "ValueError: Unrecognized keyword arguments passed to Dense: {'unit': 3}. Did you mean 'units'?")
        XCTAssertEqual(
            errorLine("import tensorflow as tf\ntf.keras.optimizers.Adam(beta1=0.9)"),
            "ValueError: Argument(s) not recognized: {'beta1': 0.9}. Did you mean 'beta_1'?")
        XCTAssertEqual(
            errorLine("def f(units=1):\n    pass\nf(unit=2)"),
            "TypeError: f() got an unexpected keyword argument 'unit'. Did you mean 'units'?")
        // No suggestion when nothing is close.
        XCTAssertEqual(
            errorLine("import pandas as pd\npd.DataFrame({'a': [1]}).head(m=2)"),
            "TypeError: NDFrame.head() got an unexpected keyword argument 'm'")
    }

    func testMissingRequiredArgument() {
        XCTAssertEqual(
            errorLine("import tensorflow as tf\ntf.keras.layers.Dense()"),
            "TypeError: Dense.__init__() missing 1 required positional argument: 'units'")
        XCTAssertEqual(
            errorLine("import tensorflow as tf\nm = tf.keras.Sequential()\nm.predict()"),
            "TypeError: TensorFlowTrainer.predict() missing 1 required positional argument: 'x'")
        XCTAssertEqual(errorLine("round()"), "TypeError: round() missing required argument 'number' (pos 1)")
        XCTAssertEqual(errorLine("len()"), "TypeError: len() takes exactly one argument (0 given)")
        XCTAssertEqual(errorLine("divmod(1)"), "TypeError: divmod expected 2 arguments, got 1")
        XCTAssertEqual(
            errorLine("import random\nrandom.randint(1)"),
            "TypeError: Random.randint() missing 1 required positional argument: 'b'")
        XCTAssertEqual(
            errorLine("import math\nmath.isclose(1)"), "TypeError: isclose() missing required argument 'b' (pos 2)")
    }

    func testTooManyPositionalArguments() {
        XCTAssertEqual(
            errorLine("import tensorflow as tf\nm = tf.keras.Sequential()\nm.summary(1, 2, 3, 4, 5, 6, 7, 8, 9)"),
            "TypeError: Model.summary() takes from 1 to 7 positional arguments but 10 were given")
        XCTAssertEqual(errorLine("round(1, 2, 3)"), "TypeError: round() takes at most 2 arguments (3 given)")
        XCTAssertEqual(errorLine("[].append(1, 2)"), "TypeError: list.append() takes exactly one argument (2 given)")
        XCTAssertEqual(errorLine("[].pop(1, 2)"), "TypeError: pop expected at most 1 argument, got 2")
        XCTAssertEqual(errorLine("import math\nmath.sqrt(x=1)"), "TypeError: math.sqrt() takes no keyword arguments")
        XCTAssertEqual(errorLine("'a'.split(1, 2, 3)"), "TypeError: split() takes at most 2 arguments (3 given)")
    }

    func testKeywordGivenTwice() {
        XCTAssertEqual(
            errorLine("import tensorflow as tf\ntf.keras.layers.Dense(1, units=2)"),
            "TypeError: Dense.__init__() got multiple values for argument 'units'")
        XCTAssertEqual(
            errorLine("round(1, number=2)"), "TypeError: argument for round() given by name ('number') and position (1)"
        )
        XCTAssertEqual(
            errorLine("import tensorflow as tf\ntf.keras.optimizers.Adam(0.1, learning_rate=0.2)"),
            "TypeError: Adam.__init__() got multiple values for argument 'learning_rate'")
    }

    func testArgumentsAreReadByNameWithDefaults() {
        XCTAssertEqual(
            NNLangTests.run("print(sorted([3, 1, 2], reverse=True), 'a-b-c'.split('-', maxsplit=1), int('z', base=36))")
                .output,
            "[3, 2, 1] ['a', 'b-c'] 35\n")
        XCTAssertEqual(
            NNLangTests.run("import tensorflow as tf\no = tf.keras.optimizers.Adam()\nprint(o.learning_rate, o.name)")
                .output,
            "0.0010000000474974513 adam\n")
    }

    /// Every signature the bindings declare, with where it is declared.
    static func declarations() throws -> [(String, Signature)] {
        let sink = StringSink()
        let interp = Interpreter(registry: StandardModules.registry(), output: sink)
        var found: [(String, Signature)] = []
        var seen = Set<ObjectIdentifier>()
        func visitType(_ t: PyType, _ path: String) {
            guard seen.insert(ObjectIdentifier(t)).inserted else { return }
            if let s = t.constructorSignature { found.append((path, s)) }
            for (name, member) in t.members {
                if case .method(let s, _) = member { found.append((path + "." + name, s)) }
            }
            if let base = t.base { visitType(base, path + ".__base__") }
        }
        func visit(_ v: Value, _ path: String) {
            switch v {
            case .object(let f as PyBuiltinFunction): if let s = f.signature { found.append((path, s)) }
            case .object(let t as PyType): visitType(t, path)
            case .object(let m as PyModule):
                guard seen.insert(ObjectIdentifier(m)).inserted else { return }
                for (name, member) in m.members.sorted(by: { $0.key < $1.key }) { visit(member, path + "." + name) }
            default: break
            }
        }
        for (name, value) in Builtins.make() { visit(value, name) }
        for name in StandardModules.registry().moduleNames {
            visit(.object(try interp.importModule(name.split(separator: ".").map(String.init))), name)
        }
        // Types reached only through values: arrays, frames, models, layers, plots.
        try interp.run(
            Source(
                name: "<test>",
                text: """
                    import numpy as np, pandas as pd, tensorflow as tf, matplotlib.pyplot as plt
                    values = [np.zeros(2), np.float64(1), np.zeros(2).dtype, pd.DataFrame({'a': [1]}), pd.DataFrame({'a': [1]})['a'],
                              pd.DataFrame({'a': [1]}).columns, tf.keras.Sequential([tf.keras.layers.Dense(1)]), tf.keras.layers.Dense(1),
                              plt.plot([1])[0], plt.title('t'), plt.figure(), open('/dev/null'), [], {}, (), set(), '', 1, 1.0]
                    """))
        if case .list(let l)? = interp.globals["values"] { for v in l.items { visitType(v.type, v.typeName) } }
        return found
    }

    /// Each declaration parses (parsing asserts on the text in debug builds), and every
    /// parameter nn refuses raises NotImplementedError naming it when a call passes anything else.
    func testEveryRefusedArgumentIsRefusedByName() throws {
        let interp = Interpreter(registry: StandardModules.registry(), output: StringSink())
        let declarations = try BindingTests.declarations()
        XCTAssertGreaterThan(declarations.count, 300)
        var refused: [String] = []
        for (path, s) in declarations {
            XCTAssertFalse(s.name.isEmpty, path)
            _ = s.parameters  // parsed on first use
            for name in s.refused.sorted() {
                let required = s.parameters.filter {
                    $0.isRequired && $0.kind != .varPositional && $0.kind != .varKeyword
                }
                let positional = required.filter { $0.kind != .keywordOnly }.map { _ in Value.none }
                let keywords = required.filter { $0.kind == .keywordOnly }.map { ($0.name, Value.none) }
                let args = Arguments(positional, keywords + [(name, .string("nn-test"))])
                XCTAssertThrowsError(try s.bind(args, interp), "\(path)(\(name)=...)") { error in
                    let e = error as? ScriptError
                    XCTAssertEqual(
                        e.map(describe), "NotImplementedError: nn does not support \(s.name)(\(name)=...) yet", path)
                }
                refused.append("\(path)(\(name)=)")
            }
        }
        // The count and the list go to the test log, for the note.
        print("refused arguments: \(refused.count) in \(declarations.count) declarations")
        if ProcessInfo.processInfo.environment["NN_LIST_REFUSED"] != nil { print(refused.joined(separator: "\n")) }
    }

    /// What dir() lists, getattr serves; misspelled members get a suggestion.
    func testDirListsWhatAttributesServe() {
        let code = """
            import numpy as np, pandas as pd, tensorflow as tf
            df = pd.DataFrame({'a': [1, 2], 'b c': [3.0, 4.0]})
            model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1)])
            model.compile(loss='mse')
            history = model.fit(np.zeros((2, 1)), np.zeros((2, 1)), verbose=0)
            for x in [df, df['a'], df.columns, np.zeros(2), np.float64(1), model, model.layers[0], history, model.optimizer, [], 'x', 1]:
                for name in dir(x):
                    getattr(x, name)
            print('head' in dir(df), 'describe' in dir(df), 'a' in dir(df), 'b c' in dir(df), 'value_counts' in dir(df['a']))
            """
        XCTAssertEqual(NNLangTests.run(code).output, "True True True False True\n", NNLangTests.run(code).error ?? "")
        XCTAssertEqual(
            errorLine("import pandas as pd\npd.DataFrame({'a': [1]}).hed()"),
            "AttributeError: 'DataFrame' object has no attribute 'hed'. Did you mean: 'head'?")
        XCTAssertEqual(
            errorLine("import pandas as pd\npd.DataFrame({'a': [1]})['a'].valu_counts()"),
            "AttributeError: 'Series' object has no attribute 'valu_counts'. Did you mean: 'value_counts'?")
        // Two swapped letters are beyond CPython's suggestion distance, as in CPython.
        XCTAssertEqual(
            errorLine("import pandas as pd\npd.DataFrame({'a': [1]}).haed()"),
            "AttributeError: 'DataFrame' object has no attribute 'haed'")
        XCTAssertEqual(
            errorLine("import tensorflow as tf\ntf.keras.Sequential().fitt"),
            "AttributeError: 'Sequential' object has no attribute 'fitt'. Did you mean: 'fit'?")
    }

    func testClassesAreTypes() {
        let code = """
            import tensorflow as tf, pandas as pd
            layer = tf.keras.layers.Dense(2)
            print(type(layer).__name__, isinstance(layer, tf.keras.layers.Dense), isinstance(layer, tf.keras.layers.Layer))
            print(isinstance(pd.DataFrame({'a': [1]}), pd.DataFrame), type(tf.keras.optimizers.Adam()).__name__)
            """
        XCTAssertEqual(NNLangTests.run(code).output, "Dense True True\nTrue Adam\n", NNLangTests.run(code).error ?? "")
    }

    /// Subclasses of Layer and Model fail clearly where Keras does, and where nn stops short of Keras.
    func testSubclassedLayersExplainWhatTheyLack() {
        let prelude = "import tensorflow as tf\nimport numpy as np\nx = np.ones((2, 3), dtype='float32')\n"
        XCTAssertEqual(
            errorLine(prelude + "class L(tf.keras.layers.Layer):\n    pass\nL()(x)"),
            "NotImplementedError: Layer L does not have a `call` method implemented.")
        XCTAssertEqual(
            errorLine(prelude + "class L(tf.keras.layers.Layer):\n    def __init__(self):\n        self.k = 1\nL()(x)"),
            "RuntimeError: L has no layer of its own: call `super().__init__()` first in the __init__ of a class derived from Layer or Model"
        )
        XCTAssertEqual(
            errorLine(prelude + "class M(tf.keras.Model):\n    def call(self, x):\n        return x, x\nM()(x)"),
            "NotImplementedError: nn's layers and models return one tensor from call(), for now; M.call returned a tuple"
        )
        XCTAssertEqual(
            errorLine(prelude + "tf.keras.layers.Dense(1).add_weight(shape=(2,))"),
            "NotImplementedError: nn adds weights to layers of classes derived from Layer, not to Dense")
        // A class without __init__ gets the library's, and a layer counts its weights once it is built.
        let code =
            prelude + """
                class Scale(tf.keras.layers.Layer):
                    def build(self, input_shape):
                        self.s = self.add_weight(shape=(input_shape[-1],), initializer='ones', name='s')
                    def call(self, inputs):
                        return inputs * self.s
                s = Scale(name='scale')
                print(s.count_params(), s(x).numpy().sum(), s.count_params(), s.s.path, callable(s))
                """
        XCTAssertEqual(NNLangTests.run(code).output, "0 6.0 3 scale/s True\n", NNLangTests.run(code).error ?? "")
    }

    /// `exit` explains itself as CPython's does; the bindings' own state is not among a module's names.
    func testQuitterAndModuleNames() {
        XCTAssertEqual(
            NNLangTests.run(
                "print(repr(exit), callable(quit))\nimport numpy as np\nprint([n for n in dir(np) if n.startswith('_')])"
            ).output,
            "Use exit() or Ctrl-D (i.e. EOF) to exit True\n['__version__']\n")
        XCTAssertEqual(
            errorLine("exit(1, 2)"),
            "TypeError: Quitter.__call__() takes from 1 to 2 positional arguments but 3 were given")
    }

    /// fit refuses a batch size that is not positive, and on no data at all (after Keras's warning,
    /// which goes to standard error) records no loss.
    func testFitRefusesNoBatchesAndWarnsOnNoData() {
        let model = """
            import numpy as np, tensorflow as tf
            m = tf.keras.Sequential([tf.keras.layers.Input(shape=(1,)), tf.keras.layers.Dense(1)])
            m.compile(loss='mse')

            """
        XCTAssertEqual(
            errorLine(model + "m.fit(np.arange(4.0), np.arange(4.0), batch_size=0, verbose=0)"),
            "ValueError: Expected `batch_size` to be a positive integer, got 0")
        XCTAssertEqual(
            NNLangTests.run(model + "h = m.fit(np.zeros((0, 1)), np.zeros((0, 1)), verbose=0)\nprint(h.history)")
                .output,
            "{}\n")
    }
}
