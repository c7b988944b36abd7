import XCTest
@testable import NNLang

/// help() and dir(): signatures, arguments with defaults, one line each, as Python's help shows them.
final class HelpTests: XCTestCase {
    func testABuiltinShowsItsSignatureAndSummary() {
        XCTAssertEqual(NNLangTests.run("help(len)").output,
                       "Help on built-in function len in module builtins:\n\nlen(obj)\n    Returns the number of items in a container.\n\n")
    }

    func testALayerShowsEachArgumentWithItsDefault() {
        let text = NNLangTests.run("import tensorflow as tf\nhelp(tf.keras.layers.Dense)").output
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], "Help on built-in function Dense in module keras.layers:")
        XCTAssertTrue(lines[2].hasPrefix("Dense(units, activation=None, use_bias=True, kernel_initializer='glorot_uniform'"), lines[2])
        XCTAssertEqual(lines[3], "    A fully connected layer: outputs = activation(inputs @ kernel + bias).")
        XCTAssertTrue(lines.contains("    Arguments:"), text)
        XCTAssertTrue(lines.contains("        units: how many outputs each sample gets (the layer's width)."), text)
        // Long explanations wrap at 80 columns under their argument.
        XCTAssertTrue(lines.allSatisfy { $0.count <= 80 || $0.hasPrefix("Dense(") }, text)
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
        XCTAssertTrue(text.hasPrefix("Help on Sequential object:\n\nMETHODS\n    add(layer)\n        Appends a layer to a Sequential model.\n"), text)
        XCTAssertTrue(text.contains("\nDATA\n    layers = [<Dense name=dense, built=True>]\n    name = 'sequential'\n"), text)
        XCTAssertTrue(text.contains("Help on built-in function fit:\n\nfit(x=None, y=None, batch_size=None, epochs=1, verbose='auto'"), text)
        XCTAssertTrue(text.contains("        epochs: how many passes over the data.\n"), text)
        XCTAssertTrue(text.hasSuffix("['add', 'compile', 'count_params', 'evaluate', 'fit', 'get_weights', 'layers', 'name', 'predict', 'set_weights', 'summary']\n"), text)
    }

    func testAScriptFunctionShowsItsDefaults() {
        XCTAssertEqual(NNLangTests.run("def f(a, b=2, *c, d='x', **e):\n    pass\nhelp(f)").output, "Help on function f:\n\nf(a, b=2, *c, d='x', **e)\n\n")
    }

    func testAModuleListsFunctionsAndData() {
        let text = NNLangTests.run("help('math')").output
        XCTAssertTrue(text.hasPrefix("Help on module math:\n\nNAME\n    math\n\nFUNCTIONS\n    acos(x)\n"), text)
        XCTAssertTrue(text.contains("\nDATA\n    e = 2.718281828459045\n"), text)
        XCTAssertEqual(NNLangTests.run("help('nothing.here')").output, "No documentation found for 'nothing.here': help('numpy') explains a module, help(len) an object.\n")
    }

    func testDocTextIsSplitIntoSignatureSummaryAndArguments() {
        let doc = FunctionDoc(name: "f", text: "f(a=(1, 2), b=')')  does things\nwith care.\na: the first.\nb: the second.")
        XCTAssertEqual(doc.signature, "f(a=(1, 2), b=')')")
        XCTAssertEqual(doc.summary, "Does things with care.")
        XCTAssertEqual(doc.arguments.map(\.name), ["a", "b"])
        XCTAssertEqual(FunctionDoc(name: "g", text: nil).signature, "g(...)")
    }
}
