import Foundation
import NNImage
import NNKeras
import NNLang
import NNTensor

/// `keras.preprocessing.image.ImageDataGenerator`: batches of images read from class folders
/// (`flow_from_directory`) or arrays (`flow`), each image randomly transformed as Keras's legacy
/// generator transforms it — rotation, shifts, shear and zoom as one affine map sampled bilinearly
/// with the fill mode, then flips — and rescaled.
final class PyImageDataGenerator: PyObject {
    var rescale: Double? = nil
    var rotation = 0.0, widthShift = 0.0, heightShift = 0.0, shear = 0.0
    var zoom: (Double, Double) = (1, 1)
    var horizontalFlip = false, verticalFlip = false
    var fillMode = "nearest", cval = 0.0
    var validationSplit = 0.0

    static let pyType: PyType = {
        var m = Members("ImageDataGenerator", style: .python(countsSelf: true))
        func generator(_ v: Value) throws -> PyImageDataGenerator {
            try v.receiver(PyImageDataGenerator.self, "ImageDataGenerator")
        }
        m.method(
            """
            flow_from_directory(directory, target_size=(256, 256), color_mode='rgb', classes=None, \
            class_mode='categorical', batch_size=32, shuffle=True, seed=None, save_to_dir=None, save_prefix='', \
            save_format='png', follow_links=False, subset=None, interpolation='nearest', keep_aspect_ratio=False)
            Batches of (images, labels) from a folder with a subfolder of images per class, endlessly.
            target_size: (height, width) every image is resized to.
            class_mode: 'categorical' (one-hot), 'binary', 'sparse', 'input' (the images again) or None.
            subset: 'training' or 'validation', with the generator's validation_split.
            """, refusing: ["save_to_dir", "follow_links", "keep_aspect_ratio"]
        ) { v, a, interp in
            try PyImageIterator.fromDirectory(try generator(v), a, interp)
        }
        m.method(
            """
            flow(x, y=None, batch_size=32, shuffle=True, sample_weight=None, seed=None, save_to_dir=None, \
            save_prefix='', save_format='png', ignore_class_split=False, subset=None)
            Batches of (images, labels) from arrays of images (samples, height, width, channels), endlessly.
            """, refusing: ["sample_weight", "save_to_dir", "ignore_class_split"]
        ) { v, a, interp in
            try PyImageIterator.fromArrays(try generator(v), a, interp)
        }
        let t = PyType("ImageDataGenerator", base: .object, members: m.table, signature: signature, make)
        t.moduleName = "keras.src.legacy.preprocessing.image"
        return t
    }()

    override var type: PyType { PyImageDataGenerator.pyType }

    static let signature = Signature(
        """
        ImageDataGenerator(featurewise_center=False, samplewise_center=False, featurewise_std_normalization=False, \
        samplewise_std_normalization=False, zca_whitening=False, zca_epsilon=1e-06, rotation_range=0, \
        width_shift_range=0.0, height_shift_range=0.0, brightness_range=None, shear_range=0.0, zoom_range=0.0, \
        channel_shift_range=0.0, fill_mode='nearest', cval=0.0, horizontal_flip=False, vertical_flip=False, \
        rescale=None, preprocessing_function=None, data_format=None, validation_split=0.0, interpolation_order=1, \
        dtype=None)  Randomly transformed batches of images (Keras's legacy image preprocessing).
        rotation_range: degrees a rotation may turn either way.
        width_shift_range: a shift left or right, as a fraction of the width (pixels when 1 or more).
        height_shift_range: a shift up or down, as a fraction of the height (pixels when 1 or more).
        shear_range: degrees of shear either way.
        zoom_range: a zoom between 1 - r and 1 + r, or [low, high].
        fill_mode: how points outside the image are filled: 'nearest', 'constant' (cval), 'reflect' or 'wrap'.
        horizontal_flip: flip half the images left to right.
        vertical_flip: flip half the images upside down.
        rescale: a factor every value is multiplied by (1./255 takes 0…255 to 0…1).
        validation_split: the fraction of the files flow_from_directory(subset='validation') gives.
        """, style: .python(countsSelf: false), errorName: "ImageDataGenerator",
        refusing: [
            "featurewise_center", "samplewise_center", "featurewise_std_normalization", "samplewise_std_normalization",
            "zca_whitening", "brightness_range", "channel_shift_range", "preprocessing_function", "data_format",
            "dtype",
        ])

    static func make(_ a: Bound, _ interp: Interpreter) throws -> Value {
        let g = PyImageDataGenerator()
        g.rescale = try a.optionalDouble("rescale")
        g.rotation = try a.double("rotation_range")
        g.widthShift = try a.double("width_shift_range")
        g.heightShift = try a.double("height_shift_range")
        g.shear = try a.double("shear_range")
        if a["zoom_range"].isSequence {
            let pair = try interp.collect(a["zoom_range"]).map { try Conversions.double($0) }
            guard pair.count == 2 else {
                throw ScriptError(
                    .valueError,
                    "`zoom_range` should be a float or a tuple or list of two floats. Received: \(try interp.repr(a["zoom_range"]))"
                )
            }
            g.zoom = (pair[0], pair[1])
        } else {
            let z = try a.double("zoom_range")
            g.zoom = (1 - z, 1 + z)
        }
        g.horizontalFlip = try a.bool("horizontal_flip")
        g.verticalFlip = try a.bool("vertical_flip")
        g.fillMode = try Conversions.string(a["fill_mode"], "fill_mode must be a str")
        guard ["nearest", "constant", "reflect", "wrap"].contains(g.fillMode) else {
            throw ScriptError(
                .valueError, "fill_mode must be 'nearest', 'constant', 'reflect' or 'wrap', not '\(g.fillMode)'")
        }
        g.cval = try a.double("cval")
        guard try a.int("interpolation_order") == 1 else {
            throw ScriptError(
                .notImplementedError, "nn samples transformed images bilinearly (interpolation_order=1) only, for now")
        }
        g.validationSplit = try a.double("validation_split")
        guard g.validationSplit >= 0 && g.validationSplit < 1 else {
            throw ScriptError(
                .valueError, "`validation_split` must be strictly between 0 and 1.  Received: \(g.validationSplit)")
        }
        return .object(g)
    }

    /// One image (height, width, channels) transformed with parameters drawn from numpy's generator
    /// in Keras's order, then rescaled.
    func transform(_ x: [Double], height h: Int, width w: Int, channels c: Int, _ random: inout NumpyRandom) -> [Double]
    {
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * random.uniform() }
        let theta = rotation != 0 ? uniform(-rotation, rotation) * .pi / 180 : 0
        var tx = heightShift != 0 ? uniform(-heightShift, heightShift) : 0
        if heightShift < 1 { tx *= Double(h) }
        var ty = widthShift != 0 ? uniform(-widthShift, widthShift) : 0
        if widthShift < 1 { ty *= Double(w) }
        let shearAngle = shear != 0 ? uniform(-shear, shear) * .pi / 180 : 0
        var (zx, zy) = (1.0, 1.0)
        if zoom != (1, 1) { (zx, zy) = (uniform(zoom.0, zoom.1), uniform(zoom.0, zoom.1)) }
        let flipH = random.uniform() < 0.5 && horizontalFlip, flipV = random.uniform() < 0.5 && verticalFlip
        var out = x
        if theta != 0 || tx != 0 || ty != 0 || shearAngle != 0 || zx != 1 || zy != 1 {
            // Keras's matrix on (row, column): rotation · shift · shear · zoom, about the image's centre.
            var m = matmul(
                matmul(
                    [[cos(theta), -sin(theta), 0], [sin(theta), cos(theta), 0], [0, 0, 1]],
                    [[1, 0, tx], [0, 1, ty], [0, 0, 1]]),
                matmul(
                    [[1, -sin(shearAngle), 0], [0, cos(shearAngle), 0], [0, 0, 1]],
                    [[zx, 0, 0], [0, zy, 0], [0, 0, 1]]))
            let ox = Double(h) / 2 - 0.5, oy = Double(w) / 2 - 0.5
            m = matmul(matmul([[1, 0, ox], [0, 1, oy], [0, 0, 1]], m), [[1, 0, -ox], [0, 1, -oy], [0, 0, 1]])
            out = affine(x, m, height: h, width: w, channels: c)
        }
        if flipH { out = flipped(out, height: h, width: w, channels: c, across: true) }
        if flipV { out = flipped(out, height: h, width: w, channels: c, across: false) }
        if let rescale { out = out.map { $0 * rescale } }
        return out
    }

    private func matmul(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        (0..<3).map { i in (0..<3).map { j in (0..<3).reduce(0) { $0 + a[i][$1] * b[$1][j] } } }
    }

    /// Each output pixel samples the input at m · (row, column), bilinearly, outside points filled
    /// by the fill mode (scipy.ndimage.affine_transform with order=1).
    private func affine(_ x: [Double], _ m: [[Double]], height h: Int, width w: Int, channels c: Int) -> [Double] {
        var out = [Double](repeating: 0, count: x.count)
        func index(_ i: Int, _ n: Int) -> Int? {
            if i >= 0 && i < n { return i }
            switch fillMode {
            case "nearest": return min(max(i, 0), n - 1)
            case "reflect":
                let period = 2 * n
                var k = ((i % period) + period) % period
                if k >= n { k = period - 1 - k }
                return k
            case "wrap": return ((i % n) + n) % n
            default: return nil
            }
        }
        for r in 0..<h {
            for col in 0..<w {
                let sr = m[0][0] * Double(r) + m[0][1] * Double(col) + m[0][2]
                let sc = m[1][0] * Double(r) + m[1][1] * Double(col) + m[1][2]
                guard sr.isFinite, sc.isFinite, abs(sr) < 1e9, abs(sc) < 1e9 else { continue }
                let r0 = Int(sr.rounded(.down)), c0 = Int(sc.rounded(.down))
                let fr = sr - Double(r0), fc = sc - Double(c0)
                for k in 0..<c {
                    func at(_ rr: Int, _ cc: Int) -> Double {
                        guard let i = index(rr, h), let j = index(cc, w) else { return cval }
                        return x[(i * w + j) * c + k]
                    }
                    let top = at(r0, c0) * (1 - fc) + at(r0, c0 + 1) * fc
                    let bottom = at(r0 + 1, c0) * (1 - fc) + at(r0 + 1, c0 + 1) * fc
                    out[(r * w + col) * c + k] = top * (1 - fr) + bottom * fr
                }
            }
        }
        return out
    }

    private func flipped(_ x: [Double], height h: Int, width w: Int, channels c: Int, across: Bool) -> [Double] {
        var out = x
        for r in 0..<h {
            for col in 0..<w {
                let (sr, sc) = across ? (r, w - 1 - col) : (h - 1 - r, col)
                for k in 0..<c { out[(r * w + col) * c + k] = x[(sr * w + sc) * c + k] }
            }
        }
        return out
    }
}

/// What `flow_from_directory` and `flow` return: batches of transformed images and their labels,
/// `len()` of them a pass, reshuffled each pass; iterated endlessly, as Keras's iterators are, and
/// taken by fit, evaluate and predict one pass (or steps_per_epoch batches) at a time.
final class PyImageIterator: PyIterator {
    let generator: PyImageDataGenerator
    /// The interpreter it was made in (numpy's generator, Ctrl-C), for next() which gets none.
    unowned let interp: Interpreter
    let count: Int, batchSize: Int, shuffle: Bool
    let load: (Int) throws -> [Double]
    let labels: [Int]?
    let classMode: String?
    let classCount: Int
    let shape: [Int]
    let session: KerasSession
    var seed: UInt32
    var order: [Int] = []
    var position = 0
    var attributes: [String: Value] = [:]
    /// The labels' dtype in batches: float32 from folders (Keras's), the given array's from flow.
    var labelType = DType.float32

    init(
        _ generator: PyImageDataGenerator, count: Int, batchSize: Int, shuffle: Bool, seed: UInt32, shape: [Int],
        labels: [Int]?, classMode: String?, classCount: Int, session: KerasSession, _ interp: Interpreter,
        load: @escaping (Int) throws -> [Double]
    ) {
        self.interp = interp
        (self.generator, self.count, self.batchSize, self.shuffle, self.seed) = (
            generator, count, batchSize, shuffle, seed
        )
        (self.shape, self.labels, self.classMode, self.classCount, self.session) = (
            shape, labels, classMode, classCount, session
        )
        self.load = load
    }

    override func attribute(_ name: String, _ interp: Interpreter) throws -> Value? {
        switch name {
        case "batch_size": return .int(batchSize)
        case "n", "samples": return .int(count)
        case "num_classes": return .int(classCount)
        default: return attributes[name]
        }
    }
    override func length(_ interp: Interpreter) throws -> Int { (count + batchSize - 1) / max(batchSize, 1) }
    override func next() throws -> Value? { try nextBatch(interp) }

    /// The next batch, a new shuffled order at the start of each pass.
    func nextBatch(_ interp: Interpreter) throws -> Value {
        if position == 0 || position >= count {
            var random = NumpyRandom(seed: seed)
            seed &+= 1
            order = shuffle ? random.shuffledOrder(count) : Array(0..<count)
            position = 0
        }
        let indices = Array(order[position..<min(position + batchSize, count)])
        position += batchSize
        return try batch(indices, interp)
    }

    func batch(_ indices: [Int], _ interp: Interpreter) throws -> Value {
        var random = try NumpyModule.state(interp).random
        var data: [Double] = []
        for i in indices {
            try interp.checkInterrupt()
            data += generator.transform(try load(i), height: shape[0], width: shape[1], channels: shape[2], &random)
        }
        try NumpyModule.state(interp).random = random
        let x = Value.object(
            PyArray(NDArray(data, shape: [indices.count] + shape, dtype: .float32), try NumpyModule.state(interp)))
        guard let labels, let classMode else { return x }
        let numpy = try NumpyModule.state(interp)
        let y: NDArray
        switch classMode {
        case "input": return .tuple(PyTuple([x, x]))
        case "categorical":
            y = NDArray(
                indices.flatMap { i in (0..<classCount).map { $0 == labels[i] ? 1.0 : 0.0 } },
                shape: [indices.count, classCount],
                dtype: .float32)
        default: y = NDArray(indices.map { Double(labels[$0]) }, shape: [indices.count], dtype: labelType)
        }
        return .tuple(PyTuple([x, .object(PyArray(y, numpy))]))
    }

    /// The batches as a dataset of `len()` elements a pass (what fit, evaluate and predict take).
    func dataset(_ interp: Interpreter) -> PyDataset {
        let passLength = (count + batchSize - 1) / max(batchSize, 1)
        return PyDataset(
            .source(name: "DirectoryIterator", count: passLength, spec: .none) { interp in
                self.position = 0
                var made = 0
                return {
                    guard made < passLength else { return nil }
                    made += 1
                    return try DatasetStructure.element(try self.nextBatch(interp), self.session)
                }
            }, session)
    }

    static func fromDirectory(_ g: PyImageDataGenerator, _ a: Bound, _ interp: Interpreter) throws -> Value {
        let session = try KerasModule.session(interp)
        let directory = try Conversions.path(a["directory"])
        let size = try interp.collect(a["target_size"]).map { try Conversions.int($0) }
        guard size.count == 2, size.allSatisfy({ $0 > 0 }) else {
            throw ScriptError(.valueError, "target_size must be (height, width) of positive integers")
        }
        let colorMode = try Conversions.string(a["color_mode"], "color_mode must be a str")
        guard let channels = ["grayscale": 1, "rgb": 3, "rgba": 4][colorMode] else {
            throw ScriptError(
                .valueError, "Invalid color mode: \(colorMode) ; expected \"rgb\", \"rgba\", or \"grayscale\".")
        }
        let classMode =
            a["class_mode"].isNone ? nil : try Conversions.string(a["class_mode"], "class_mode must be a str")
        if let classMode, !["categorical", "binary", "sparse", "input"].contains(classMode) {
            throw ScriptError(
                .valueError,
                "Invalid class_mode: \(classMode); expected one of: {'categorical', 'binary', 'sparse', 'input', None}")
        }
        var (files, classes) = try KerasImageFolders.index(directory, classNames: a.optional("classes"), interp)
        // Keras's split of each class's files: validation the first fraction, training the rest.
        if let subset = a.optional("subset"), !subset.isNone, g.validationSplit > 0 {
            let which = try Conversions.string(subset, "subset must be a str")
            guard which == "training" || which == "validation" else {
                throw ScriptError(.valueError, "Invalid subset name: \(which);expected \"training\" or \"validation\"")
            }
            files = classes.indices.flatMap { label -> [(path: String, label: Int)] in
                let own = files.filter { $0.label == label }
                let cut = Int(g.validationSplit * Double(own.count))
                return which == "validation" ? Array(own.prefix(cut)) : Array(own.dropFirst(cut))
            }
        }
        interp.write("Found \(files.count) images belonging to \(classes.count) classes.\n")
        let nearest = try Conversions.string(a["interpolation"], "interpolation must be a str") == "nearest"
        let seed =
            try a.optionalInt("seed").map { UInt32(truncatingIfNeeded: $0) }
            ?? UInt32(truncatingIfNeeded: try NumpyModule.state(interp).random.interval(999_999))
        let iterator = PyImageIterator(
            g, count: files.count, batchSize: try a.int("batch_size"), shuffle: try a.bool("shuffle"), seed: seed,
            shape: [size[0], size[1], channels], labels: files.map(\.label), classMode: classMode,
            classCount: classes.count, session: session, interp
        ) { i in try KerasImageFolders.image(files[i].path, size, channels, nearest).elements }
        let indices = PyDict()
        for (i, name) in classes.enumerated() { indices.set(name, .int(i)) }
        iterator.attributes["class_indices"] = .dict(indices)
        iterator.attributes["classes"] = .object(
            PyArray(
                NDArray(files.map { Double($0.label) }, shape: [files.count], dtype: .int32),
                try NumpyModule.state(interp)))
        iterator.attributes["filenames"] = .list(
            PyList(files.map { .string(String($0.path.dropFirst(directory.count + 1))) }))
        return .object(iterator)
    }

    static func fromArrays(_ g: PyImageDataGenerator, _ a: Bound, _ interp: Interpreter) throws -> Value {
        let session = try KerasModule.session(interp)
        let x = try NumpyConvert.array(a["x"])
        guard x.ndim == 4 else {
            throw ScriptError(
                .valueError,
                "Input data in `NumpyArrayIterator` should have rank 4. You passed an array with shape \(describeShape(x.shape))"
            )
        }
        let yArray = a["y"].isNone ? nil : try NumpyConvert.array(a["y"])
        let y = yArray?.elements.map { Int($0) }
        if let y, y.count != x.shape[0] {
            throw ScriptError(
                .valueError,
                "`x` (images tensor) and `y` (labels) should have the same length. Found: x.shape = \(describeShape(x.shape)), y.shape = (\(y.count),)"
            )
        }
        let values = x.elements, size = x.shape[1] * x.shape[2] * x.shape[3]
        let seed =
            try a.optionalInt("seed").map { UInt32(truncatingIfNeeded: $0) }
            ?? UInt32(truncatingIfNeeded: try NumpyModule.state(interp).random.interval(999_999))
        let iterator = PyImageIterator(
            g, count: x.shape[0], batchSize: try a.int("batch_size"), shuffle: try a.bool("shuffle"), seed: seed,
            shape: Array(x.shape.dropFirst()), labels: y, classMode: y == nil ? nil : "sparse",
            classCount: (y?.max() ?? -1) + 1, session: session, interp
        ) { i in Array(values[i * size..<(i + 1) * size]) }
        iterator.labelType = yArray?.dtype ?? .float32
        return .object(iterator)
    }
}
