import NNLang
import NNKeras
import NNTensor

/// `tensorflow` and its `keras`: layers, models, optimizers, losses, utilities, and the Keras 2
/// names learners still paste (`tf.logging.set_verbosity`, `lr=`) as harmless equivalents.
enum KerasModule {
    static func makeTensorflow(_ interp: Interpreter) throws -> PyModule {
        let numpy = try interp.importModule(["numpy"])
        let session = KerasSession(numpy: try NumpyModule.state(interp))
        interp.moduleState["tensorflow"] = session
        let keras = makeKeras(session)
        var tf = ModuleBuilder("tensorflow", style: .python(countsSelf: false))
        tf.members["__version__"] = .string("2.21.0")
        tf.members["keras"] = .object(keras)
        // tf.nn's activations are Keras's (`activation=tf.nn.relu`).
        var nn = ModuleBuilder("tensorflow.nn", style: .python(countsSelf: false))
        for (name, f) in activations(keras)?.members ?? [:] where name != "linear" { nn.members[name] = f }
        tf.members["nn"] = .object(nn.build())
        for dtype in [DType.float32, .float64, .int32, .int64, .uint8, .bool] {
            tf.members[dtype.rawValue] = .object(PyTFDType(dtype))
        }
        var dtypes = ModuleBuilder("tensorflow.dtypes", style: .python(countsSelf: false))
        for dtype in [DType.float32, .float64, .int32, .int64, .uint8, .bool] {
            dtypes.members[dtype.rawValue] = tf.members[dtype.rawValue]
        }
        dtypes.members["DType"] = .object(PyTFDType.pyType)
        tf.members["dtypes"] = .object(dtypes.build())
        tf.members["DType"] = .object(PyTFDType.pyType)
        tf.members["Tensor"] = .object(TFTypes.tensor)
        tf.members["TensorShape"] = .object(PyTensorShape.pyType)
        tf.members["Variable"] = .object(TFVariables.install(session))
        tf.members["GradientTape"] = .object(PyGradientTape.install(session))
        tf.members["data"] = .object(TFData.make(session))
        TFImage.install(&tf, session)
        tf.members["TensorSpec"] = .object(PyTensorSpec.pyType)
        var math = ModuleBuilder("tensorflow.math", style: .python(countsSelf: false))
        TFFunctions.install(&tf, math: &math, session)
        tf.members["math"] = .object(math.build())
        var linalg = ModuleBuilder("tensorflow.linalg", style: .python(countsSelf: false))
        linalg.members["matmul"] = tf.members["matmul"]
        tf.members["linalg"] = .object(linalg.build())
        var errors = ModuleBuilder("tensorflow.errors", style: .python(countsSelf: false))
        errors.members["InvalidArgumentError"] = .object(TFTypes.invalidArgumentError)
        tf.members["errors"] = .object(errors.build())
        var random = ModuleBuilder("tensorflow.random", style: .python(countsSelf: false))
        TFFunctions.installRandom(&random, session)
        random.def("set_seed(seed)  Makes weight initialisation and dropout repeatable.") { a, _ in
            session.random.reseed(UInt64(truncatingIfNeeded: try a.int("seed")))
            return .none
        }
        tf.members["random"] = .object(random.build())
        var logging = ModuleBuilder("tensorflow.logging", style: .python(countsSelf: false))
        for (level, value) in [("DEBUG", 10), ("INFO", 20), ("WARN", 30), ("ERROR", 40), ("FATAL", 50)] {
            logging.members[level] = .int(value)
        }
        logging.def("set_verbosity(v)  Sets the level of the \"tensorflow\" logger (TensorFlow 1's name for it).") {
            a, interp in
            let logger = try LoggingModule.tensorflowLogger(interp)
            return try interp.call(try interp.getAttribute(logger, "setLevel"), a["v"])
        }
        tf.members["logging"] = .object(logging.build())
        tf.def("get_logger()  logging's \"tensorflow\" logger; nn's TensorFlow logs nothing to it.") { _, interp in
            try LoggingModule.tensorflowLogger(interp)
        }
        tf.def(
            """
            function(func=None, input_signature=None, autograph=True, jit_compile=None, reduce_retracing=False)
            The function itself: TensorFlow compiles it to a graph; nn runs every function eagerly, \
            which computes the same values (so the options change nothing). As a decorator, bare or with options.
            """
        ) { a, _ in
            if !a["func"].isNone { return a["func"] }
            return .object(
                PyBuiltinFunction("function", doc: "Returns the function it decorates.") { args, _ in
                    guard args.count == 1, let f = args.positional.first else {
                        throw ScriptError(.typeError, "tf.function's decorator takes the function only")
                    }
                    return f
                })
        }
        return tf.build()
    }

    /// The Keras session of an interpreter, loading tensorflow if needed.
    static func session(_ interp: Interpreter) throws -> KerasSession {
        _ = try interp.importModule(["tensorflow"])
        guard let session = interp.moduleState["tensorflow"] as? KerasSession else {
            throw ScriptError(.importError, "nn's tensorflow module is missing its state")
        }
        return session
    }

    static func activations(_ keras: PyModule) -> PyModule? {
        guard case .object(let activations as PyModule)? = keras.members["activations"] else { return nil }
        return activations
    }

    /// Registers `tensorflow`, `keras` and the dotted paths scripts import from.
    static func register(_ registry: ModuleRegistry) {
        registry.register("tensorflow", makeTensorflow)
        registry.register("tensorflow_datasets", TFDSModule.make)
        func alias(_ path: String, _ members: [String]) {
            registry.register(path) { interp in
                var value: Value = .object(try interp.importModule(["tensorflow"]))
                for name in members {
                    guard case .object(let m as PyModule) = value, let next = m.members[name] else {
                        throw ScriptError(.moduleNotFoundError, "No module named '\(path)'")
                    }
                    value = next
                }
                guard case .object(let module as PyModule) = value else {
                    throw ScriptError(.moduleNotFoundError, "No module named '\(path)'")
                }
                return module
            }
        }
        alias("tensorflow.keras", ["keras"])
        alias("tensorflow.data", ["data"])
        alias("keras", ["keras"])
        for sub in [
            "layers", "models", "optimizers", "losses", "utils", "activations", "metrics", "callbacks", "datasets",
            "preprocessing",
        ] {
            alias("tensorflow.keras.\(sub)", ["keras", sub])
            alias("keras.\(sub)", ["keras", sub])
        }
        alias("tensorflow.keras.preprocessing.image", ["keras", "preprocessing", "image"])
        alias("keras.preprocessing.image", ["keras", "preprocessing", "image"])
        for dataset in ["mnist", "fashion_mnist", "boston_housing", "cifar10", "cifar100", "imdb", "reuters"] {
            alias("tensorflow.keras.datasets.\(dataset)", ["keras", "datasets", dataset])
            alias("keras.datasets.\(dataset)", ["keras", "datasets", dataset])
        }
    }

    static func makeKeras(_ session: KerasSession) -> PyModule {
        let layers = KerasLayers.make(session)
        let models = KerasModels.make(session)
        var keras = ModuleBuilder("keras", style: .python(countsSelf: false))
        keras.members["__version__"] = .string("3.15.1")
        keras.members["layers"] = .object(layers)
        keras.members["models"] = .object(models)
        keras.members["Sequential"] = models.members["Sequential"]
        keras.members["Model"] = models.members["Model"]
        keras.members["Input"] = layers.members["Input"]
        keras.members["optimizers"] = .object(makeOptimizers(session))
        keras.members["losses"] = .object(KerasLosses.make(session))
        keras.members["callbacks"] = .object(KerasCallbacks.make(session))
        var activations = ModuleBuilder("keras.activations", style: .python(countsSelf: false))
        for a in Activation.allCases {
            activations.def(
                """
                \(a.rawValue)(x)  The \(a.rawValue) activation of each value (softmax over the last axis), as a \
                tensor; pass it as activation= to a layer.
                """
            ) { b, _ in try TFFunctions.activation(a, b["x"], session) }
        }
        keras.members["activations"] = .object(activations.build())
        var metrics = ModuleBuilder("keras.metrics", style: .python(countsSelf: false))
        PyMetric.install(&metrics, session)
        if case .object(let losses as PyModule)? = keras.members["losses"] {
            for name in ["mae", "mse", "MAE", "MSE", "mean_absolute_error", "mean_squared_error"] {
                metrics.members[name] = losses.members[name]
            }
        }
        keras.members["metrics"] = .object(metrics.build())
        var utils = ModuleBuilder("keras.utils", style: .python(countsSelf: false))
        utils.def("set_random_seed(seed)  Makes weight initialisation, dropout and numpy repeatable.") { a, _ in
            let seed = try a.int("seed")
            session.random.reseed(UInt64(truncatingIfNeeded: seed))
            session.numpy.random.seed(UInt32(truncatingIfNeeded: seed))
            return .none
        }
        utils.def(
            """
            to_categorical(x, num_classes=None)  One-hot rows for integer class labels, as a float64 numpy array.
            x: the labels, integers from 0 to num_classes - 1 (a trailing axis of length 1 is dropped).
            num_classes: how many classes; the largest label + 1 when None.
            """, toCategorical(session))
        KerasDatasets.addGetFile(&utils)
        KerasImageFolders.add(&utils, session)
        keras.members["utils"] = .object(utils.build())
        var preprocessing = ModuleBuilder("keras.preprocessing", style: .python(countsSelf: false))
        preprocessing.members["image_dataset_from_directory"] = utils.members["image_dataset_from_directory"]
        var image = ModuleBuilder("keras.preprocessing.image", style: .python(countsSelf: false))
        image.members["ImageDataGenerator"] = .object(PyImageDataGenerator.pyType)
        preprocessing.members["image"] = .object(image.build())
        keras.members["preprocessing"] = .object(preprocessing.build())
        keras.members["datasets"] = .object(KerasDatasets.make(session))
        return keras.build()
    }

    /// Keras's `to_categorical`: labels as int64, a one at each label's column (negative labels
    /// count from the end, as numpy's indexing does).
    static func toCategorical(_ session: KerasSession) -> (Bound, Interpreter) throws -> Value {
        { a, _ in
            let labels = try NumpyConvert.array(a["x"]).astype(.int64)
            var shape = labels.shape
            if shape.count > 1 && shape.last == 1 { shape.removeLast() }
            let values = labels.elements.map { Int($0) }
            let given = try a.optionalInt("num_classes") ?? 0
            let classes = given != 0 ? given : (values.max() ?? -1) + 1
            guard classes >= 0 else { throw ScriptError(.valueError, "negative dimensions are not allowed") }
            _ = try NumpyConvert.checked(shape + [classes])
            var out = [Double](repeating: 0, count: values.count * classes)
            for (row, label) in values.enumerated() {
                guard label < classes && label >= -classes else {
                    throw ScriptError(.indexError, "index \(label) is out of bounds for axis 1 with size \(classes)")
                }
                out[row * classes + (label < 0 ? label + classes : label)] = 1
            }
            return .object(PyArray(NDArray(out, shape: shape + [classes], dtype: .float64), session.numpy))
        }
    }

    /// The keywords of Keras 3's base optimizer that nn does not implement.
    static let optimizerRefused: Set<String> = [
        "weight_decay", "clipnorm", "clipvalue", "global_clipnorm", "use_ema", "ema_momentum",
        "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps",
    ]
    static let optimizerKeywords = """
        weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99, \
        ema_overwrite_frequency=None, loss_scale_factor=None, gradient_accumulation_steps=None, name=None, *, lr=None
        """
    static let optimizerHelp = """
        name: the optimizer's name.
        lr: the learning rate under its Keras 2 name.
        """

    /// An optimizer class: `name(own parameters, Keras's base keywords)`; `make` builds it from the
    /// bound arguments and the learning rate (given as `learning_rate` or Keras 2's `lr`).
    static func optimizerClass(
        _ session: KerasSession, _ name: String, _ own: String, _ help: String,
        _ make: @escaping (Bound, Float) throws -> Optimizer
    ) -> PyType {
        let signature = Signature(
            "\(name)(\(own), \(optimizerKeywords))\n\(help)\n\(optimizerHelp)", style: .kerasOptimizer,
            errorName: "\(name).__init__", refusing: optimizerRefused)
        let type = PyType(name, base: session.optimizerType, signature: signature) { a, _ in
            let optimizer = try make(a, try a.optionalFloat("lr") ?? a.float("learning_rate"))
            optimizer.name = try a.optionalString("name") ?? KerasLayers.snakeCase(name)
            return .object(PyOptimizer(optimizer, session))
        }
        type.moduleName = "keras.optimizers"
        session.optimizerClasses[name] = type
        return type
    }

    static func makeOptimizers(_ session: KerasSession) -> PyModule {
        var m = ModuleBuilder("keras.optimizers", style: .python(countsSelf: false))
        m.members["Optimizer"] = .object(session.optimizerType)
        m.members["SGD"] = .object(
            optimizerClass(
                session, "SGD", "learning_rate=0.01, momentum=0.0, nesterov=False",
                """
                Stochastic gradient descent: each step moves the weights against their gradient.
                learning_rate: the size of each step.
                momentum: the fraction of the previous step added to this one.
                nesterov: whether to use Nesterov momentum.
                """
            ) { a, rate in SGD(learningRate: rate, momentum: try a.float("momentum"), nesterov: try a.bool("nesterov"))
            })
        m.members["Adam"] = .object(
            optimizerClass(
                session, "Adam", "learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False",
                """
                Adam: steps scaled by moving averages of the gradient and of its square.
                learning_rate: the size of each step (Adam(0.1) in the celsius exercise).
                beta_1: how much of the gradient's moving average each step keeps.
                beta_2: how much of the squared gradient's moving average each step keeps.
                epsilon: keeps the scaling from dividing by 0.
                amsgrad: scale by the largest squared-gradient average so far (AMSGrad).
                """
            ) { a, rate in
                Adam(
                    learningRate: rate, beta1: try a.float("beta_1"), beta2: try a.float("beta_2"),
                    epsilon: try a.float("epsilon"),
                    amsgrad: try a.bool("amsgrad"))
            })
        m.members["RMSprop"] = .object(
            optimizerClass(
                session, "RMSprop", "learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False",
                """
                Steps divided by a moving root mean square of the gradient.
                learning_rate: the size of each step.
                rho: how much of the moving average each step keeps.
                momentum: the fraction of the previous step added to this one.
                epsilon: keeps the scaling from dividing by 0.
                centered: divide by the gradient's moving variance instead of its moving mean square.
                """
            ) { a, rate in
                RMSprop(
                    learningRate: rate, rho: try a.float("rho"), momentum: try a.float("momentum"),
                    epsilon: try a.float("epsilon"),
                    centered: try a.bool("centered"))
            })
        m.members["Adagrad"] = .object(
            optimizerClass(
                session, "Adagrad", "learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07",
                """
                Steps divided by the root of all squared gradients so far.
                learning_rate: the size of each step.
                initial_accumulator_value: where the sum of squares starts.
                epsilon: keeps the scaling from dividing by 0.
                """
            ) { a, rate in
                Adagrad(
                    learningRate: rate, initialAccumulator: try a.float("initial_accumulator_value"),
                    epsilon: try a.float("epsilon"))
            })
        return m.build()
    }
}
