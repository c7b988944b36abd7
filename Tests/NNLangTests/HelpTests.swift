import XCTest
@testable import NNLang

/// help() and dir(): signatures, arguments with defaults, one line each, as Python's help shows them.
final class HelpTests: XCTestCase {
    func testABuiltinShowsItsSignatureAndSummary() {
        XCTAssertEqual(
            NNLangTests.run("help(len)").output,
            "Help on built-in function len in module builtins:\n\nlen(obj, /)\n    The number of items in a container.\n\n"
        )
    }

    func testALayerShowsEachArgumentWithItsDefault() {
        let text = NNLangTests.run("import tensorflow as tf\nhelp(tf.keras.layers.Dense)").output
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], "Help on class Dense:")
        XCTAssertEqual(lines[2], "class Dense")
        XCTAssertTrue(
            lines[3].hasPrefix("    Dense(units, activation=None, use_bias=True, kernel_initializer='glorot_uniform'"),
            lines[3])
        XCTAssertEqual(lines[4], "        A fully connected layer: outputs = activation(inputs @ kernel + bias).")
        XCTAssertTrue(lines.contains("        Arguments:"), text)
        XCTAssertTrue(lines.contains("            units: how many outputs each sample gets (the layer's width)."), text)
        // Arguments nn refuses say so.
        XCTAssertTrue(lines.contains("            kernel_regularizer: (nn does not support it yet)"), text)
        // The methods and properties every layer has are listed after the constructor.
        XCTAssertTrue(
            text.contains("\nMETHODS\n    add_weight(")
                && text.contains("\n    count_params()\n        How many numbers the layer learns.\n"),
            text)
        XCTAssertTrue(text.contains("\n    units\n        How many outputs each sample gets.\n"), text)
        // Long explanations wrap at 80 columns under their argument.
        XCTAssertTrue(
            lines.allSatisfy { $0.count <= 80 || $0.hasPrefix("    Dense(") || $0.hasPrefix("    add_weight(") }, text)
    }

    func testAModelListsItsMethodsAndAMethodItsArguments() {
        let code = """
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(units=1, input_shape=[1])])
            help(model)
            help(model.fit)
            print(dir(model))
            """
        let text = NNLangTests.run(code).output
        XCTAssertTrue(
            text.hasPrefix(
                "Help on Sequential object:\n\nMETHODS\n    add(layer, rebuild=True)\n        Appends a layer to a Sequential model.\n"
            ), text)
        XCTAssertTrue(text.contains("\n    layers = [<Dense name=dense, built=True>]\n    name = 'sequential'\n"), text)
        XCTAssertTrue(
            text.contains(
                "Help on method fit of Sequential object:\n\nfit(x=None, y=None, batch_size=None, epochs=1, verbose='auto'"
            ), text)
        XCTAssertTrue(text.contains("        epochs: the epoch to stop after (counting from 1).\n"), text)
        let listed =
            "['__call__', '__init__', '__repr__', 'add', 'add_weight', 'build', 'built', 'compile', 'count_params', "
            + "'evaluate', 'fit', 'get_layer', 'get_weights', 'input_shape', 'layers', 'name', "
            + "'optimizer', 'output_shape', 'predict', 'set_weights', 'stop_training', 'summary', 'trainable', "
            + "'trainable_variables', 'trainable_weights', 'variables', 'weights']\n"
        XCTAssertTrue(text.hasSuffix(listed), text)
    }

    func testAScriptFunctionShowsItsDefaults() {
        XCTAssertEqual(
            NNLangTests.run("def f(a, b=2, *c, d='x', **e):\n    pass\nhelp(f)").output,
            "Help on function f:\n\nf(a, b=2, *c, d='x', **e)\n\n")
    }

    func testAModuleListsFunctionsAndData() {
        let text = NNLangTests.run("help('math')").output
        XCTAssertTrue(
            text.hasPrefix(
                "Help on module math:\n\nNAME\n    math\n\nFUNCTIONS\n    acos(x, /)\n        The arc cosine of x, in radians.\n"
            ), text)
        XCTAssertTrue(text.contains("\nDATA\n    e = 2.718281828459045\n"), text)
        XCTAssertEqual(
            NNLangTests.run("help('nothing.here')").output,
            "No documentation found for 'nothing.here': help('numpy') explains a module, help(len) an object.\n")
    }

    func testDeclarationIsSplitIntoSignatureSummaryAndArguments() {
        let s = Signature(
            "f(a=(1, 2), b=')', /, c=None, *args, d=<unset>, **kw)  does things\nwith care.\na: the first.\nb: the second."
        )
        XCTAssertEqual(s.name, "f")
        XCTAssertEqual(s.parameterList, "(a=(1, 2), b=')', /, c=None, *args, d, **kw)")
        XCTAssertEqual(s.summary, "does things with care.")
        XCTAssertEqual(s.parameters.map(\.name), ["a", "b", "c", "args", "d", "kw"])
        XCTAssertEqual(s.parameters.map(\.help), ["the first.", "the second.", "", "", "", ""])
        XCTAssertEqual(Signature("g()").parameterList, "()")
        XCTAssertEqual(Signature("h(x, *, y=1)").parameterList, "(x, *, y=1)")
    }
}
