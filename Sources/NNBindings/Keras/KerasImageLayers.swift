import NNKeras
import NNLang

/// The image layers (NHWC, Keras's default channels_last) and the layers that merge branches.
extension KerasLayers {
    static func addImageLayers(_ m: inout ModuleBuilder, _ session: KerasSession, _ base: PyType) {
        m.members["Conv2D"] = .object(
            layerClass(
                session, base,
                """
                Conv2D(filters, kernel_size, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1), \
                groups=1, activation=None, use_bias=True, kernel_initializer='glorot_uniform', bias_initializer='zeros', \
                kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, \
                bias_constraint=None, lora_rank=None, lora_alpha=None)
                A 2-D convolution: each filter slid over the image, (batch, height, width, channels) in and out.
                filters: how many output channels.
                kernel_size: the window's height and width, one number for a square.
                strides: how far the window moves each step, one number for both axes.
                padding: 'valid' (only windows that fit) or 'same' (pad so each stride gives one output).
                data_format: 'channels_last' (the default); nn takes channels_last only.
                dilation_rate: gaps between the kernel's taps; nn takes 1 only.
                groups: split channels into groups; nn takes 1 only.
                activation: 'relu', 'sigmoid', 'softmax', 'tanh', … or None (linear).
                use_bias: whether to add a learned bias to each filter's output.
                kernel_initializer: how the weights start: 'glorot_uniform', 'he_normal', …
                bias_initializer: how the bias starts.
                """,
                refusing: [
                    "kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint",
                    "bias_constraint", "lora_rank", "lora_alpha",
                ]
            ) { a, name in
                try channelsLast(a)
                guard try pair(a, "dilation_rate") == (1, 1) else {
                    throw ScriptError(
                        .notImplementedError, "nn does not support Conv2D(dilation_rate=...) other than 1 yet")
                }
                guard try a.int("groups") == 1 else {
                    throw ScriptError(.notImplementedError, "nn does not support Conv2D(groups=...) other than 1 yet")
                }
                let filters = try a.int("filters")
                guard filters > 0 else {
                    throw ScriptError(
                        .valueError,
                        "Invalid value for argument `filters`. Expected a strictly positive value. Received filters=\(filters)."
                    )
                }
                return Conv2D(
                    filters: filters, window: try window(a, size: "kernel_size"),
                    activation: try KerasConvert.activation(a["activation"]), useBias: try a.bool("use_bias"),
                    kernelInitializer: try initializer(a, "kernel_initializer"),
                    biasInitializer: try initializer(a, "bias_initializer"), name: name)
            })
        for (names, average) in [(["MaxPooling2D", "MaxPool2D"], false), (["AveragePooling2D", "AvgPool2D"], true)] {
            let type = layerClass(
                session, base,
                """
                \(names[0])(pool_size=(2, 2), strides=None, padding='valid', data_format=None)
                Keeps the \(average ? "mean" : "largest") value of each window of each channel: a smaller image.
                pool_size: the window's height and width, one number for a square.
                strides: how far the window moves each step; pool_size when None.
                padding: 'valid' (only windows that fit) or 'same' (pad so each stride gives one output).
                data_format: 'channels_last' (the default); nn takes channels_last only.
                """
            ) { a, name in
                try channelsLast(a)
                return Pooling2D(window: try window(a, size: "pool_size"), average: average, name: name)
            }
            for n in names { m.members[n] = .object(type) }
        }
        m.members["GlobalAveragePooling2D"] = .object(
            layerClass(
                session, base,
                """
                GlobalAveragePooling2D(data_format=None, keepdims=False)  Each channel's mean over the whole image.
                data_format: 'channels_last' (the default); nn takes channels_last only.
                keepdims: keep the height and width axes, as 1 each.
                """
            ) { a, name in
                try channelsLast(a)
                return GlobalAveragePooling2D(keepDims: try a.bool("keepdims"), name: name)
            })
        m.members["GlobalAvgPool2D"] = m.members["GlobalAveragePooling2D"]
        addMergeLayers(&m, session, base)
    }

    /// `Concatenate`, `Add` and their functional forms `concatenate([a, b])`, `add([a, b])`.
    static func addMergeLayers(_ m: inout ModuleBuilder, _ session: KerasSession, _ base: PyType) {
        let concatenate = layerClass(
            session, base,
            """
            Concatenate(axis=-1)  Joins its inputs (a list of tensors) along an axis.
            axis: the axis to join along; -1 is the last (the features).
            """
        ) { a, name in Merge(.concatenate(axis: try a.int("axis")), name: name) }
        let add = layerClass(
            session, base,
            """
            Add()  Adds its inputs (a list of tensors of one shape) element by element.
            """
        ) { _, name in Merge(.add, name: name) }
        m.members["Concatenate"] = .object(concatenate)
        m.members["Add"] = .object(add)
        m.def(
            """
            concatenate(inputs, axis=-1, **kwargs)  Concatenate(axis=axis)(inputs): the inputs joined along an axis.
            inputs: a list of tensors from Input(...) or other layers.
            axis: the axis to join along; -1 is the last.
            """
        ) { a, interp in
            let layer = try concatenate.call(Arguments([], [("axis", a["axis"])] + a.keywords), interp)
            return try interp.call(layer, Arguments([a["inputs"]]))
        }
        m.def(
            """
            add(inputs, **kwargs)  Add()(inputs): the inputs added element by element.
            inputs: a list of tensors from Input(...) or other layers.
            """
        ) { a, interp in
            let layer = try add.call(Arguments([], a.keywords), interp)
            return try interp.call(layer, Arguments([a["inputs"]]))
        }
    }

    static func channelsLast(_ a: Bound) throws {
        if let format = try a.optionalString("data_format"), format != "channels_last" {
            throw ScriptError(
                .notImplementedError, "nn does not support \(a.signature.name)(data_format='\(format)') yet")
        }
    }

    /// A size or stride argument: one number for both axes, or a tuple of two.
    static func pair(_ a: Bound, _ name: String) throws -> (Int, Int) {
        let dims = try NumpyConvert.shape(a[name])
        let pair = dims.count == 1 ? [dims[0], dims[0]] : dims
        guard pair.count == 2, pair.allSatisfy({ $0 > 0 }) else {
            throw ScriptError(
                .valueError,
                "The `\(name)` argument must be a tuple of 2 positive integers. Received \(name)=\(describeShape(dims))"
            )
        }
        return (pair[0], pair[1])
    }

    /// The window of a convolution or pooling layer from its size, `strides` and `padding`.
    static func window(_ a: Bound, size: String) throws -> Window {
        let s = try pair(a, size)
        let strides = a["strides"].isNone ? s : try pair(a, "strides")
        let padding = try a.string("padding").lowercased()
        guard padding == "valid" || padding == "same" else {
            throw ScriptError(
                .valueError,
                "The `padding` argument must be a list/tuple or one of \"valid\", \"same\" (or \"causal\", only for `Conv1D). Received: padding=\(try a.string("padding"))"
            )
        }
        return Window(size: s, strides: strides, same: padding == "same")
    }
}
