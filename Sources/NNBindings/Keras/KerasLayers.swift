import NNLang
import NNKeras

/// `keras.layers`: each layer a class whose constructor is declared with Keras 3's signature.
/// Arguments Keras accepts and nn does not implement are refused by name (see Signature).
enum KerasLayers {
    /// The keywords every Keras layer takes through `**kwargs` (Keras's `Layer.__init__`).
    static let layerKeywords = """
        input_shape=None, input_dim=None, batch_size=None, dtype=None, trainable=True, name=None
        """
    static let layerKeywordHelp = """
        input_shape: the shape of one sample, for the first layer of a Sequential model ([1] for one number).
        input_dim: the number of features of one sample, the older way to give input_shape.
        dtype: the type of the layer's numbers; nn trains in float32, as Keras does by default.
        trainable: whether fit updates the layer's weights.
        name: the layer's name in summary(); made unique when not given.
        """
    static let layerRefused: Set<String> = ["batch_size", "trainable"]

    /// A layer class: its declaration (the layer's own parameters, then Keras's layer keywords) and
    /// the body that makes the runtime layer from the bound arguments and the layer's name.
    static func layerClass(
        _ session: KerasSession, _ base: PyType, _ declaration: String, refusing: Set<String> = [],
        members: [String: Member] = [:], _ make: @escaping (Bound, String) throws -> Layer
    ) -> PyType {
        let name = String(declaration.prefix { $0 != "(" })
        let open = declaration.firstIndex(of: "(") ?? declaration.startIndex
        let close = Signature.closingParenthesis(declaration, from: open) ?? declaration.endIndex
        let own = declaration[declaration.index(after: open)..<close]
        let text =
            name + "(" + own + (own.isEmpty ? "" : ", ") + "*, " + layerKeywords + ")"
            + declaration[close...].dropFirst()
            + "\n" + layerKeywordHelp
        let signature = Signature(
            text, style: .kerasLayer, errorName: "\(name).__init__", refusing: refusing.union(layerRefused))
        let snake = snakeCase(name)
        let type = PyType(name, base: base, members: members, signature: signature) { a, _ in
            try checkDType(a)
            let layer = try make(a, try a.optionalString("name") ?? session.uniqueName(snake))
            return .object(PyLayer(layer, declaredInputShape: try inputShape(a), session))
        }
        type.moduleName = "keras.layers"
        session.layerTypes[name] = type
        return type
    }

    /// `BatchNormalization` → `batch_normalization`, `Conv2D` → `conv2d`, `MaxPooling2D` →
    /// `max_pooling2d`, as Keras names layers: an underscore before each capitalised word, and between
    /// a lower-case letter and a capital.
    static func snakeCase(_ name: String) -> String {
        let c = Array(name)
        var out = ""
        for i in c.indices {
            let word = i > 0 && c[i].isUppercase && i + 1 < c.count && c[i + 1].isLowercase
            let hump = i > 0 && c[i].isUppercase && c[i - 1].isLowercase
            if word || hump { out += "_" }
            out += c[i].lowercased()
        }
        return out
    }

    /// nn trains in float32: dtype may be left out or say so.
    static func checkDType(_ a: Bound) throws {
        guard let dtype = a.optional("dtype") else { return }
        if case .str(let s) = dtype, s.value == "float32" { return }
        throw ScriptError(
            .notImplementedError, "nn does not support \(a.signature.name)(dtype=...) other than 'float32' yet")
    }

    /// `input_shape=` or `input_dim=`, for a layer that starts a Sequential model.
    static func inputShape(_ a: Bound) throws -> [Int]? {
        if let s = a.optional("input_shape") { return try KerasConvert.shape(s) }
        if let d = try a.optionalInt("input_dim") { return [d] }
        return nil
    }

    /// An initializer given by name.
    static func initializer(_ a: Bound, _ name: String) throws -> String {
        guard case .str(let s) = a[name] else {
            throw ScriptError(
                .notImplementedError,
                "nn takes initializers by name, such as 'glorot_uniform', not \(a[name].typeName) objects")
        }
        return s.value
    }

    /// The members every layer has.
    static let layerMembers: [String: Member] = {
        var m = Members("Layer", style: .python(countsSelf: true))
        m.property("name", "The layer's name.") { v, _ in .string(try layer(v).layer.name) }
        m.property("trainable", "Whether fit updates the layer's weights.") { _, _ in .true }
        m.property("built", "Whether the layer has made its weights.") { v, _ in .bool(try layer(v).layer.isBuilt) }
        for (name, about) in [
            ("weights", "The layer's weights (variables)."), ("variables", "The layer's weights (variables)."),
            ("trainable_weights", "The weights fit updates."), ("trainable_variables", "The weights fit updates."),
        ] {
            m.property(name, about) { v, _ in
                let l = try layer(v)
                return .list(
                    PyList(
                        KerasEager.variables(l.layer.parameters, trainableOnly: name.hasPrefix("trainable"), l.session))
                )
            }
        }
        m.property("output_shape", "The shape of the layer's output, None for the batch.") { v, _ in
            .tuple(PyTuple([.none] + (try layer(v).layer.outputShape).map { .int($0) }))
        }
        m.method(
            "get_weights()  The weights as a list of numpy arrays (for Dense: kernel, then bias).", errorOwner: "Layer"
        ) { v, _, _ in
            let l = try layer(v)
            return .list(PyList(l.layer.parameters.map { KerasConvert.array($0, l.session) }))
        }
        m.method(
            "set_weights(weights)  Replaces the weights with arrays shaped as get_weights() returns them.",
            errorOwner: "Layer"
        ) { v, a, interp in
            let values = try KerasConvert.weightList(a["weights"], interp)
            try kerasCall { try layer(v).layer.setWeights(values) }
            return .none
        }
        m.method("count_params()  How many numbers the layer learns.", errorOwner: "Layer") { v, _, _ in
            .int(try layer(v).layer.parameterCount)
        }
        return m.table
    }()

    /// A layer, or the layer of an instance of a class derived from Layer.
    static func pyLayer(_ v: Value) -> PyLayer? {
        switch v {
        case .object(let l as PyLayer): return l
        case .object(let i as PyInstance): return i.native as? PyLayer
        default: return nil
        }
    }

    static func layer(_ v: Value) throws -> PyLayer {
        if let l = pyLayer(v) { return l }
        if case .object(let i as PyInstance) = v, i.native == nil { throw KerasSubclassing.notInitialized(v) }
        throw ScriptError(.typeError, "expected a Keras layer, not \(v.typeName)")
    }

    static func make(_ session: KerasSession) -> PyModule {
        let base = PyType(
            "Layer", base: .object, members: layerMembers.merging(KerasSubclassing.layerMembers(session)) { $1 })
        base.moduleName = "keras.layers"
        base.allowsSubclasses = true
        session.layerTypes["Layer"] = base
        session.layerTypes["InputLayer"] = PyType("InputLayer", base: base)
        var m = ModuleBuilder("keras.layers", style: .python(countsSelf: false))
        m.members["Layer"] = .object(base)
        var dense = Members("Dense")
        dense.property("units", "How many outputs each sample gets.") { v, _ in
            guard let d = try layer(v).layer as? Dense else { return .none }
            return .int(d.units)
        }
        m.members["Dense"] = .object(
            layerClass(
                session, base,
                """
                Dense(units, activation=None, use_bias=True, kernel_initializer='glorot_uniform', bias_initializer='zeros', \
                kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, \
                bias_constraint=None, lora_rank=None, lora_alpha=None, quantization_config=None)
                A fully connected layer: outputs = activation(inputs @ kernel + bias).
                units: how many outputs each sample gets (the layer's width).
                activation: 'relu', 'sigmoid', 'softmax', 'tanh', 'swish', … or None (linear).
                use_bias: whether to add a learned bias to each output.
                kernel_initializer: how the weights start: 'glorot_uniform', 'he_normal', 'zeros', 'ones'…
                bias_initializer: how the bias starts.
                """,
                refusing: [
                    "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                    "bias_constraint",
                    "lora_rank", "lora_alpha", "quantization_config",
                ], members: dense.table
            ) { a, name in
                let units = try a.int("units")
                guard units > 0 else {
                    throw ScriptError(
                        .valueError,
                        "Received an invalid value for `units`, expected a positive integer. Received: units=\(units)")
                }
                return Dense(
                    units: units, activation: try KerasConvert.activation(a["activation"]),
                    useBias: try a.bool("use_bias"),
                    kernelInitializer: try initializer(a, "kernel_initializer"),
                    biasInitializer: try initializer(a, "bias_initializer"), name: name)
            })
        m.members["Flatten"] = .object(
            layerClass(
                session, base,
                """
                Flatten(data_format=None)  Makes each sample one row of features, whatever its shape.
                data_format: 'channels_last' (the default) or 'channels_first'; nn takes channels_last only.
                """
            ) { a, name in
                if let format = try a.optionalString("data_format"), format != "channels_last" {
                    throw ScriptError(.notImplementedError, "nn does not support Flatten(data_format='\(format)') yet")
                }
                return Flatten(name: name)
            })
        m.members["Reshape"] = .object(
            layerClass(
                session, base,
                """
                Reshape(target_shape)  The same values of each sample in another shape.
                target_shape: the new shape of one sample, as a tuple; one axis may be -1 (what is left).
                """
            ) { a, name in
                try kerasCall {
                    try Reshape(targetShape: try NumpyConvert.shape(a["target_shape"], allowUnknown: true), name: name)
                }
            })
        m.members["Dropout"] = .object(
            layerClass(
                session, base,
                """
                Dropout(rate, noise_shape=None, seed=None)
                Sets that fraction of its inputs to 0 in each training step (scaling the rest up); does nothing in \
                predict and evaluate.
                rate: the fraction to drop, between 0 and 1.
                """, refusing: ["noise_shape", "seed"]
            ) { a, name in
                let rate = try a.double("rate")
                guard rate >= 0 && rate <= 1 else {
                    throw ScriptError(
                        .valueError,
                        "Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=\(rate)"
                    )
                }
                return Dropout(rate: Float(rate), name: name)
            })
        m.members["Activation"] = .object(
            layerClass(
                session, base,
                """
                Activation(activation)  Applies an activation function on its own, as a layer.
                activation: 'relu', 'sigmoid', 'softmax', 'tanh', 'swish', 'linear', …
                """
            ) { a, name in
                ActivationLayer(try KerasConvert.activation(a["activation"]), name: name)
            })
        m.members["Rescaling"] = .object(
            layerClass(
                session, base,
                """
                Rescaling(scale, offset=0.0)  Multiplies every value by scale and adds offset (Rescaling(1./255) \
                takes images' 0…255 to 0…1).
                """
            ) { a, name in
                Rescaling(scale: Float(try a.double("scale")), offset: Float(try a.double("offset")), name: name)
            })
        m.members["BatchNormalization"] = .object(
            layerClass(
                session, base,
                """
                BatchNormalization(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, beta_initializer='zeros', \
                gamma_initializer='ones', moving_mean_initializer='zeros', moving_variance_initializer='ones', beta_regularizer=None, \
                gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, renorm=False, renorm_clipping=None, \
                renorm_momentum=0.99, synchronized=False)
                Normalises each feature over the batch while training, and with moving averages of mean and variance in \
                predict.
                axis: the axis of the features; nn normalises the last one.
                momentum: how much of the old moving average each training step keeps.
                epsilon: added to the variance before its square root, so it never divides by 0.
                center: whether to learn an offset (beta) added after normalising.
                scale: whether to learn a factor (gamma) applied after normalising.
                """,
                refusing: [
                    "beta_initializer", "gamma_initializer", "moving_mean_initializer", "moving_variance_initializer",
                    "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint", "renorm",
                    "renorm_clipping", "renorm_momentum", "synchronized",
                ]
            ) { a, name in
                BatchNormalization(
                    axis: try a.int("axis"), momentum: try a.float("momentum"), epsilon: try a.float("epsilon"),
                    center: try a.bool("center"), scale: try a.bool("scale"), name: name)
            })
        m.def(
            """
            Input(shape=None, batch_size=None, dtype=None, sparse=None, ragged=None, batch_shape=None, name=None, tensor=None, \
            optional=False)
            The start of a functional model: a symbolic input, one sample of the given shape.
            shape: the shape of one sample, as a list or tuple: [13] for thirteen columns.
            batch_shape: the shape with the batch size first (None for any).
            name: the input's name in summary().
            """, refusing: ["batch_size", "sparse", "ragged", "tensor", "optional"]
        ) { a, interp in
            try checkDType(a)
            var given = a.optional("shape")
            if let batchShape = a.optional("batch_shape") {
                let items = try interp.collect(batchShape)
                guard let first = items.first, first.isNone else {
                    throw ScriptError(
                        .notImplementedError, "nn does not support a fixed batch size in Input(batch_shape=...) yet")
                }
                given = .tuple(PyTuple(Array(items.dropFirst())))
            }
            guard let s = given else { throw ScriptError(.valueError, "You must pass a `shape` argument.") }
            let shape = try KerasConvert.shape(s)
            let layer = InputLayer(
                shape: shape, name: try a.optionalString("name") ?? session.uniqueName("input_layer"))
            return .object(PyKerasTensor(KerasTensor(input: layer)))
        }
        addImageLayers(&m, session, base)
        return m.build()
    }
}
