import NNKeras
import NNLang
import NNTensor

/// Script classes deriving from `tf.keras.layers.Layer` and `tf.keras.Model`. The library's
/// `__init__` (reached by `super().__init__()`, or called for a class without one) gives the
/// instance a runtime layer whose build and call are the script's methods: `call` runs on tensors
/// that keep the graph, so fit trains what it computes through automatic differentiation. The
/// layers the instance keeps in its attributes are its sublayers, and their weights are its own.
enum KerasSubclassing {
    /// The runtime layer of a Layer subclass's instance, or of a Model subclass's call.
    static func customLayer(_ v: Value) throws -> CustomLayer {
        if case .object(let i as PyInstance) = v {
            if let l = (i.native as? PyLayer)?.layer as? CustomLayer { return l }
            if let body = (i.native as? PyModel)?.model.body { return body }
        }
        if case .object(let l as PyLayer) = v {
            throw ScriptError(
                .notImplementedError,
                "nn adds weights to layers of classes derived from Layer, not to \(l.layer.typeName)")
        }
        throw notInitialized(v)
    }

    /// The error for an instance whose class's `__init__` did not call the library's.
    static func notInitialized(_ v: Value) -> ScriptError {
        ScriptError(
            .runtimeError,
            "\(v.typeName) has no layer of its own: call `super().__init__()` first in the __init__ of a class derived from Layer or Model"
        )
    }

    /// `Layer.__init__` on a script's instance.
    static func initLayer(_ i: PyInstance, _ a: Bound, _ session: KerasSession, _ interp: Interpreter) throws {
        let layer = try makeLayer(i, a, session, interp)
        i.native = PyLayer(layer, declaredInputShape: try KerasLayers.inputShape(a), session, owner: i)
    }

    /// `Model.__init__` on a script's instance: a model built by its first call.
    static func initModel(_ i: PyInstance, _ a: Bound, _ session: KerasSession, _ interp: Interpreter) throws {
        if a.optional("inputs") != nil || a.optional("outputs") != nil {
            throw ScriptError(
                .notImplementedError,
                "nn does not make a subclassed model from inputs and outputs, for now; define call() instead")
        }
        let body = try makeLayer(i, a, session, interp)
        i.native = PyModel(Model(name: body.name, body: body, random: session.random), session, owner: i)
    }

    /// The instance's runtime layer, named by `name=` or after its class, whose build, call and
    /// sublayers are the instance's. The layer keeps the instance alive (a model holding the layer
    /// may be all that refers to it), so the functions need not.
    private static func makeLayer(
        _ i: PyInstance, _ a: Bound, _ session: KerasSession, _ interp: Interpreter
    ) throws -> CustomLayer {
        let name = try a.optionalString("name") ?? session.uniqueName(KerasLayers.snakeCase(i.cls.name))
        let layer = CustomLayer(name: name, className: i.cls.name, owner: i)
        layer.sublayers = { [unowned i] in sublayers(of: i) }
        layer.buildBody = { [unowned i, unowned interp] shapes, batch in
            try build(i, shapes: shapes, batch: batch, session, interp)
        }
        layer.callBody = { [unowned i, unowned interp] inputs, training in
            try call(i, inputs, training: training, session, interp)
        }
        return layer
    }

    /// The layers in the instance's attributes (in lists, tuples and dicts too), in assignment
    /// order; a model's layers stand for the model.
    static func sublayers(of i: PyInstance) -> [Layer] {
        var found: [Layer] = []
        var seen = Set<ObjectIdentifier>()
        func add(_ l: Layer) {
            if seen.insert(ObjectIdentifier(l)).inserted { found.append(l) }
        }
        func visit(_ v: Value) {
            switch v {
            case .object(let l as PyLayer): add(l.layer)
            case .object(let m as PyModel): m.model.body.map(add) ?? m.model.layers.forEach(add)
            case .object(let o as PyInstance) where o !== i: o.native.map { visit(.object($0)) }
            case .list(let l): l.items.forEach(visit)
            case .tuple(let t): t.items.forEach(visit)
            case .dict(let d): d.values.forEach(visit)
            default: break
            }
        }
        i.dict.values.forEach(visit)
        return found
    }

    /// Keras's `input_shape` for build: the batch size (None when symbolic) and the sample shape;
    /// a list of them for several inputs.
    static func shapeValue(_ shapes: [[Int]], batch: Int?) -> Value {
        let tuples = shapes.map { Value.tuple(PyTuple([batch.map { .int($0) } ?? .none] + $0.map { .int($0) })) }
        return tuples.count == 1 ? tuples[0] : .list(PyList(tuples))
    }

    /// Runs the script's `build(input_shape)` if it has one, then finds the output shape: from its
    /// `compute_output_shape`, or by calling it on zeros (as Keras traces a call symbolically).
    static func build(
        _ i: PyInstance, shapes: [[Int]], batch: Int?, _ session: KerasSession, _ interp: Interpreter
    ) throws -> [Int] {
        let input = shapeValue(shapes, batch: batch)
        if let build = i.cls.lookupClassAttribute(.string("build")) {
            _ = try i.cls.callAttribute(build, on: .object(i), Arguments([input]), interp)
        }
        if let compute = i.cls.lookupClassAttribute(.string("compute_output_shape")) {
            let shape = try interp.collect(try i.cls.callAttribute(compute, on: .object(i), Arguments([input]), interp))
            return try shape.dropFirst().map { try Conversions.int($0) }
        }
        let zeros = shapes.map { Node(Tensor(repeating: 0, shape: [batch ?? 1] + $0)) }
        let symbolic = session.buildingSymbolically
        session.buildingSymbolically = batch == nil
        defer { session.buildingSymbolically = symbolic }
        return Array(try call(i, zeros, training: false, session, interp).shape.dropFirst())
    }

    /// The script's `call` on tensors that keep the graph (with `training=` when it takes it); the
    /// layers it calls inherit `training`, as in Keras.
    static func call(
        _ i: PyInstance, _ inputs: [Node], training: Bool, _ session: KerasSession, _ interp: Interpreter
    ) throws -> Node {
        guard let call = i.cls.lookupClassAttribute(.string("call")) else {
            throw ScriptError(.notImplementedError, "Layer \(i.cls.name) does not have a `call` method implemented.")
        }
        session.tapesRecording += 1
        let outer = session.trainingContext
        session.trainingContext = training
        defer {
            session.tapesRecording -= 1
            session.trainingContext = outer
        }
        let tensors = inputs.map { Value.object(PyTFTensor($0, session)) }
        var keywords: [(String, Value)] = []
        if case .object(let f as PyFunction) = call, f.accepts(keyword: "training") {
            keywords.append(("training", .bool(training)))
        }
        let argument = tensors.count == 1 ? tensors[0] : .list(PyList(tensors))
        let result = try i.cls.callAttribute(call, on: .object(i), Arguments([argument], keywords), interp)
        switch result {
        case .list, .tuple, .dict:
            throw ScriptError(
                .notImplementedError,
                "nn's layers and models return one tensor from call(), for now; \(i.cls.name).call returned a \(result.typeName)"
            )
        default:
            guard let node = try TFConvert.tensor(result, session, dtype: .float32).node else {
                throw ScriptError(.typeError, "\(i.cls.name).call must return a tensor, not \(result.typeName)")
            }
            return node
        }
    }

    /// What `tf.keras.layers.Layer` gives the classes a script derives from it, besides the members
    /// every layer has.
    static func layerMembers(_ session: KerasSession) -> [String: Member] {
        var m = Members("Layer", style: .kerasLayer)
        m.method(
            """
            __init__(*, activity_regularizer=None, trainable=True, dtype=None, autocast=True, name=None, \
            input_shape=None, input_dim=None, batch_size=None)  Makes the layer (call it first in a subclass's __init__).
            name: the layer's name; made unique from the class's when not given.
            input_shape: the shape of one sample, for the first layer of a Sequential model.
            """, refusing: ["activity_regularizer", "trainable", "batch_size"]
        ) { v, a, interp in
            guard case .object(let i as PyInstance) = v else { return .none }
            try KerasLayers.checkDType(a)
            try initLayer(i, a, session, interp)
            return .none
        }
        m.method(
            """
            add_weight(shape=None, initializer=None, dtype=None, trainable=True, autocast=True, regularizer=None, \
            constraint=None, aggregation='none', overwrite_with_gradient=False, name=None)
            A new weight of the layer (a variable fit trains when trainable).
            shape: its shape (a number when None).
            initializer: its first values by name: 'glorot_uniform' (when None), 'zeros', 'ones', 'random_normal' …
            trainable: whether fit and GradientTape update it.
            name: its name ('variable' when None).
            """, refusing: ["regularizer", "constraint", "aggregation", "overwrite_with_gradient"]
        ) { v, a, _ in
            let layer = try customLayer(v)
            try KerasLayers.checkDType(a)
            let shape = try a.optional("shape").map { $0.isNone ? [] : try KerasConvert.shape($0) } ?? []
            let initializer = a["initializer"].isNone ? "glorot_uniform" : try KerasLayers.initializer(a, "initializer")
            let p = try kerasCall {
                try layer.addWeight(
                    name: try a.optionalString("name") ?? "variable", shape: shape, initializer: initializer,
                    trainable: try a.bool("trainable"), random: session.random)
            }
            return .object(PyTFVariable(.parameter(p), name: p.name, path: p.path, session))
        }
        m.method("build(input_shape)  Makes the layer's weights (a subclass defines it).") { _, _, _ in .none }
        m.method(
            """
            __call__(inputs, *, training=None, mask=None)  The layer applied to a symbolic tensor (the functional API) \
            or to values (an array, a tensor), giving a tensor.
            training: whether to compute as in training (dropout active, batch statistics).
            """, refusing: ["mask"]
        ) { v, a, interp in
            try PyLayer.apply(try KerasLayers.layer(v), a, interp)
        }
        m.method("__repr__()  The layer's class, name and whether it is built.") { v, _, interp in
            .string(try KerasLayers.layer(v).repr(interp))
        }
        return m.table
    }
}
