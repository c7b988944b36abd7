import NNLang
import NNKeras
import NNTensor

/// `tensorflow` and its `keras`: layers, models, optimizers, losses, utilities, and the Keras 2
/// names learners still paste (`tf.logging.set_verbosity`, `lr=`) as harmless equivalents.
enum KerasModule {
    static func makeTensorflow(_ interp: Interpreter) throws -> PyModule {
        let numpy = try interp.importModule(["numpy"])
        let session = KerasSession(numpy: try NumpyModule.state(interp))
        let keras = makeKeras(session)
        var tf = ModuleBuilder("tensorflow")
        tf.members["__version__"] = .string("2.21.0")
        tf.members["keras"] = .object(keras)
        tf.members["float32"] = numpy.members["float32"]
        tf.members["float64"] = numpy.members["float64"]
        var random = ModuleBuilder("tensorflow.random")
        random.function("set_seed", "set_seed(seed) makes weight initialisation and dropout repeatable.") { args, _ in
            try args.expect("set_seed", 1...1)
            session.random.reseed(UInt64(truncatingIfNeeded: try Conversions.int(args[0])))
            return .none
        }
        tf.members["random"] = .object(random.build())
        var logging = ModuleBuilder("tensorflow.logging")
        for (level, value) in [("DEBUG", 10), ("INFO", 20), ("WARN", 30), ("ERROR", 40), ("FATAL", 50)] {
            logging.members[level] = .int(value)
        }
        logging.function("set_verbosity", "set_verbosity(level): accepted for Keras 2 scripts; nn logs nothing.") { _, _ in .none }
        tf.members["logging"] = .object(logging.build())
        tf.function("get_logger", "get_logger()  logging's \"tensorflow\" logger; nn's TensorFlow logs nothing to it.") { _, interp in
            try LoggingModule.tensorflowLogger(interp)
        }
        return tf.build()
    }

    /// Registers `tensorflow`, `keras` and the dotted paths scripts import from.
    static func register(_ registry: ModuleRegistry) {
        registry.register("tensorflow", makeTensorflow)
        func alias(_ path: String, _ members: [String]) {
            registry.register(path) { interp in
                var value: Value = .object(try interp.importModule(["tensorflow"]))
                for name in members {
                    guard case .object(let m as PyModule) = value, let next = m.members[name] else {
                        throw ScriptError(.moduleNotFoundError, "No module named '\(path)'")
                    }
                    value = next
                }
                guard case .object(let module as PyModule) = value else { throw ScriptError(.moduleNotFoundError, "No module named '\(path)'") }
                return module
            }
        }
        alias("tensorflow.keras", ["keras"])
        alias("keras", ["keras"])
        for sub in ["layers", "models", "optimizers", "losses", "utils", "activations", "metrics"] {
            alias("tensorflow.keras.\(sub)", ["keras", sub])
            alias("keras.\(sub)", ["keras", sub])
        }
    }

    static func makeKeras(_ session: KerasSession) -> PyModule {
        let layers = makeLayers(session)
        let models = makeModels(session)
        var keras = ModuleBuilder("keras")
        keras.members["__version__"] = .string("3.15.1")
        keras.members["layers"] = .object(layers)
        keras.members["models"] = .object(models)
        keras.members["Sequential"] = models.members["Sequential"]
        keras.members["Model"] = models.members["Model"]
        keras.members["Input"] = layers.members["Input"]
        keras.members["optimizers"] = .object(makeOptimizers())
        keras.members["losses"] = .object(makeLosses())
        var activations = ModuleBuilder("keras.activations")
        for a in Activation.allCases { activations.function(a.rawValue) { _, _ in throw ScriptError(.typeError, "nn applies activations inside layers; pass activation='\(a.rawValue)'") } }
        keras.members["activations"] = .object(activations.build())
        var metrics = ModuleBuilder("keras.metrics")
        for name in ["accuracy", "mae", "mse"] { metrics.function(name) { _, _ in throw ScriptError(.typeError, "nn computes metrics inside fit; pass metrics=['\(name)']") } }
        keras.members["metrics"] = .object(metrics.build())
        var utils = ModuleBuilder("keras.utils")
        utils.function("set_random_seed", "set_random_seed(seed) makes weight initialisation, dropout and numpy repeatable.") { args, _ in
            try args.expect("set_random_seed", 1...1)
            let seed = try Conversions.int(args[0])
            session.random.reseed(UInt64(truncatingIfNeeded: seed))
            session.numpy.random.seed(UInt32(truncatingIfNeeded: seed))
            return .none
        }
        keras.members["utils"] = .object(utils.build())
        return keras.build()
    }

    static func inputShape(_ b: [Value?], shapeIndex: Int, dimIndex: Int) throws -> [Int]? {
        if let s = b[shapeIndex], !s.isNone { return try KerasConvert.shape(s) }
        if let d = b[dimIndex], !d.isNone { return [try Conversions.int(d)] }
        return nil
    }

    static func name(_ v: Value?, _ base: String, _ session: KerasSession) throws -> String {
        if let v, case .str(let s) = v { return s.value }
        return session.uniqueName(base)
    }

    static func makeLayers(_ session: KerasSession) -> PyModule {
        var m = ModuleBuilder("keras.layers")
        m.function("Dense", """
            Dense(units, activation=None, use_bias=True, kernel_initializer='glorot_uniform', bias_initializer='zeros', input_shape=None, name=None)  A fully connected layer: outputs = activation(inputs @ kernel + bias).
            units: how many outputs each sample gets (the layer's width).
            activation: 'relu', 'sigmoid', 'softmax', 'tanh', 'linear' or None (None is linear).
            use_bias: whether to add a learned bias to each output.
            kernel_initializer: how the weights start: 'glorot_uniform', 'he_normal', 'zeros', 'ones'…
            bias_initializer: how the bias starts: 'zeros' by default.
            input_shape: the shape of one sample, for the first layer of a Sequential model ([1] for one number).
            name: the layer's name in summary(); made unique when not given.
            """) { args, interp in
            let b = try args.bind("Dense", ["units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
                                            "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                                            "bias_constraint", "input_shape", "input_dim", "name"], required: 1)
            let units = try Conversions.int(b[0]!)
            guard units > 0 else { throw ScriptError(.valueError, "Received an invalid value for `units`, expected a positive integer. Received: units=\(units)") }
            func initializer(_ v: Value?, _ fallback: String) throws -> String {
                guard let v, !v.isNone else { return fallback }
                guard case .str(let s) = v else { throw ScriptError(.valueError, "nn takes initializers by name, such as 'glorot_uniform'") }
                return s.value
            }
            let layer = Dense(units: units, activation: try KerasConvert.activation(b[1]), useBias: try b[2].map { try interp.isTruthy($0) } ?? true,
                              kernelInitializer: try initializer(b[3], "glorot_uniform"), biasInitializer: try initializer(b[4], "zeros"),
                              name: try name(b[12], "dense", session))
            return .object(PyLayer(layer, declaredInputShape: try inputShape(b, shapeIndex: 10, dimIndex: 11), session))
        }
        m.function("Input", """
            Input(shape=None, batch_size=None, dtype=None, name=None)  The start of a functional model: a symbolic input, one sample of the given shape.
            shape: the shape of one sample, as a list or tuple: [13] for thirteen columns.
            name: the input's name in summary().
            """) { args, _ in
            let b = try args.bind("Input", ["shape", "batch_size", "dtype", "sparse", "batch_shape", "name", "tensor"])
            guard let s = b[0], !s.isNone else { throw ScriptError(.valueError, "You must pass a `shape` argument.") }
            let shape = try KerasConvert.shape(s)
            let layer = InputLayer(shape: shape, name: try name(b[5], "input_layer", session))
            return .object(PyKerasTensor(shape: shape, input: layer, chain: []))
        }
        m.function("Flatten", """
            Flatten(input_shape=None, name=None)  Makes each sample one row of features, whatever its shape.
            input_shape: the shape of one sample, when this is a Sequential model's first layer.
            """) { args, _ in
            let b = try args.bind("Flatten", ["data_format", "input_shape", "name"])
            return .object(PyLayer(Flatten(name: try name(b[2], "flatten", session)), declaredInputShape: try inputShape(b, shapeIndex: 1, dimIndex: 1), session))
        }
        m.function("Dropout", """
            Dropout(rate, noise_shape=None, seed=None, name=None)  Sets that fraction of its inputs to 0 in each training step (scaling the rest up); does nothing in predict and evaluate.
            rate: the fraction to drop, between 0 and 1.
            """) { args, _ in
            let b = try args.bind("Dropout", ["rate", "noise_shape", "seed", "input_shape", "name"], required: 1)
            let rate = try Conversions.double(b[0]!)
            guard rate >= 0 && rate <= 1 else { throw ScriptError(.valueError, "Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=\(rate)") }
            return .object(PyLayer(Dropout(rate: Float(rate), name: try name(b[4], "dropout", session)), declaredInputShape: try inputShape(b, shapeIndex: 3, dimIndex: 3), session))
        }
        m.function("Activation", """
            Activation(activation, name=None)  Applies an activation function on its own, as a layer.
            activation: 'relu', 'sigmoid', 'softmax', 'tanh' or 'linear'.
            """) { args, _ in
            let b = try args.bind("Activation", ["activation", "input_shape", "name"], required: 1)
            return .object(PyLayer(ActivationLayer(try KerasConvert.activation(b[0]), name: try name(b[2], "activation", session)),
                                   declaredInputShape: try inputShape(b, shapeIndex: 1, dimIndex: 1), session))
        }
        m.function("BatchNormalization", """
            BatchNormalization(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, name=None)  Normalises each feature over the batch while training, and with moving averages of mean and variance in predict.
            momentum: how much of the old moving average each training step keeps.
            epsilon: added to the variance before its square root, so it never divides by 0.
            """) { args, _ in
            let b = try args.bind("BatchNormalization", ["axis", "momentum", "epsilon", "center", "scale", "input_shape", "name"])
            let layer = BatchNormalization(momentum: Float(try b[1].map { try Conversions.double($0) } ?? 0.99),
                                           epsilon: Float(try b[2].map { try Conversions.double($0) } ?? 1e-3),
                                           name: try name(b[6], "batch_normalization", session))
            return .object(PyLayer(layer, declaredInputShape: try inputShape(b, shapeIndex: 5, dimIndex: 5), session))
        }
        return m.build()
    }

    /// Adds a layer (or an `Input(...)`) to a Sequential model.
    static func append(_ v: Value, to model: Model, _ session: KerasSession) throws {
        switch v {
        case .object(let t as PyKerasTensor) where t.chain.isEmpty:
            try kerasCall { try model.add(t.input) }
        case .object(let l as PyLayer):
            try kerasCall { try model.add(l.layer, declaredInputShape: l.declaredInputShape) }
        default:
            throw ScriptError(.typeError, "Only instances of `keras.Layer` can be added to a Sequential model. Received: \(v.typeName)")
        }
    }

    static func makeModels(_ session: KerasSession) -> PyModule {
        var m = ModuleBuilder("keras.models")
        m.function("Sequential", """
            Sequential(layers=None, trainable=True, name=None)  A model that passes each sample through its layers in order.
            layers: the layers, first to last; more can be added with add().
            name: the model's name in summary().
            """) { args, interp in
            let b = try args.bind("Sequential", ["layers", "trainable", "name"])
            let model = Model(name: try name(b[2], "sequential", session), sequential: true, random: session.random)
            if let layers = b[0], !layers.isNone {
                for item in try interp.collect(layers) { try append(item, to: model, session) }
            }
            return .object(PyModel(model, session))
        }
        m.function("Model", """
            Model(inputs, outputs, name=None)  A functional model: from an Input to the output of the layers called on it.
            inputs: the Input(...) the model starts from.
            outputs: the result of calling layers on it, e.g. Dense(1)(hidden).
            name: the model's name in summary().
            """) { args, interp in
            let b = try args.bind("Model", ["inputs", "outputs", "name"], required: 2)
            func single(_ v: Value) throws -> PyKerasTensor {
                if case .object(let t as PyKerasTensor) = v { return t }
                let items = try interp.collect(v)
                guard items.count == 1, case .object(let t as PyKerasTensor) = items[0] else {
                    throw ScriptError(.valueError, "nn's Model takes one input and one output tensor")
                }
                return t
            }
            let input = try single(b[0]!), output = try single(b[1]!)
            guard input.chain.isEmpty, output.input === input.input else {
                throw ScriptError(.valueError, "The output of the model is not computed from its input: call the layers on the Input you pass as `inputs`")
            }
            let model = Model(name: try name(b[2], "functional", session), input: input.input, chain: output.chain, random: session.random)
            return .object(PyModel(model, session))
        }
        m.members["Functional"] = m.members["Model"]
        return m.build()
    }

    static func makeOptimizers() -> PyModule {
        var m = ModuleBuilder("keras.optimizers")
        func learningRate(_ b: [Value?], _ index: Int, legacy: Int) throws -> Float? {
            if let v = b[index], !v.isNone { return Float(try Conversions.double(v)) }
            if let v = b[legacy], !v.isNone { return Float(try Conversions.double(v)) }
            return nil
        }
        func float(_ v: Value?) throws -> Float? { try v.flatMap { $0.isNone ? nil : Float(try Conversions.double($0)) } }
        m.function("SGD", """
            SGD(learning_rate=0.01, momentum=0.0, nesterov=False)  Stochastic gradient descent: each step moves the weights against their gradient.
            learning_rate: the size of each step.
            momentum: the fraction of the previous step added to this one.
            nesterov: whether to use Nesterov momentum.
            """) { args, interp in
            let b = try args.bind("SGD", ["learning_rate", "momentum", "nesterov", "lr", "name"])
            let o = Optimizer(.sgd, learningRate: try learningRate(b, 0, legacy: 3))
            o.momentum = try float(b[1]) ?? 0
            o.nesterov = try b[2].map { try interp.isTruthy($0) } ?? false
            return .object(PyOptimizer(o))
        }
        m.function("Adam", """
            Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07)  Adam: steps scaled by moving averages of the gradient and of its square.
            learning_rate: the size of each step (Adam(0.1) in the celsius exercise).
            beta_1: how much of the gradient's moving average each step keeps.
            beta_2: how much of the squared gradient's moving average each step keeps.
            epsilon: keeps the scaling from dividing by 0.
            """) { args, _ in
            let b = try args.bind("Adam", ["learning_rate", "beta_1", "beta_2", "epsilon", "amsgrad", "lr", "name"])
            let o = Optimizer(.adam, learningRate: try learningRate(b, 0, legacy: 5))
            o.beta1 = try float(b[1]) ?? 0.9
            o.beta2 = try float(b[2]) ?? 0.999
            o.epsilon = try float(b[3]) ?? 1e-7
            return .object(PyOptimizer(o))
        }
        m.function("RMSprop", """
            RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07)  Steps divided by a moving root mean square of the gradient.
            learning_rate: the size of each step.
            rho: how much of the moving average each step keeps.
            epsilon: keeps the scaling from dividing by 0.
            """) { args, _ in
            let b = try args.bind("RMSprop", ["learning_rate", "rho", "momentum", "epsilon", "centered", "lr", "name"])
            let o = Optimizer(.rmsprop, learningRate: try learningRate(b, 0, legacy: 5))
            o.rho = try float(b[1]) ?? 0.9
            o.epsilon = try float(b[3]) ?? 1e-7
            return .object(PyOptimizer(o))
        }
        m.function("Adagrad", """
            Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07)  Steps divided by the root of all squared gradients so far.
            learning_rate: the size of each step.
            initial_accumulator_value: where the sum of squares starts.
            epsilon: keeps the scaling from dividing by 0.
            """) { args, _ in
            let b = try args.bind("Adagrad", ["learning_rate", "initial_accumulator_value", "epsilon", "lr", "name"])
            let o = Optimizer(.adagrad, learningRate: try learningRate(b, 0, legacy: 3))
            o.initialAccumulator = try float(b[1]) ?? 0.1
            o.epsilon = try float(b[2]) ?? 1e-7
            return .object(PyOptimizer(o))
        }
        return m.build()
    }

    static func makeLosses() -> PyModule {
        var m = ModuleBuilder("keras.losses")
        for (className, loss) in [("MeanSquaredError", Loss.meanSquaredError), ("MeanAbsoluteError", .meanAbsoluteError), ("Huber", .huber),
                                  ("BinaryCrossentropy", .binaryCrossentropy), ("CategoricalCrossentropy", .categoricalCrossentropy),
                                  ("SparseCategoricalCrossentropy", .sparseCategoricalCrossentropy)] {
            m.function(className, "\(className)() as a loss object for compile.") { _, _ in .object(PyLoss(loss)) }
            m.function(loss.name) { _, _ in throw ScriptError(.typeError, "nn computes losses inside fit; pass loss='\(loss.name)'") }
        }
        for short in ["mse", "mae"] {
            m.function(short) { _, _ in throw ScriptError(.typeError, "nn computes losses inside fit; pass loss='\(short)'") }
        }
        return m.build()
    }
}
