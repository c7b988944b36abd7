import Foundation
import NNImage
import NNLang
import NNTensor

/// `keras.utils.image_dataset_from_directory`: a folder with one subfolder of images per class as
/// a tf.data dataset of (images, labels) batches, indexed, shuffled and split as Keras does.
enum KerasImageFolders {
    static let formats = [".bmp", ".gif", ".jpeg", ".jpg", ".png"]

    static func add(_ utils: inout ModuleBuilder, _ session: KerasSession) {
        utils.def(
            """
            image_dataset_from_directory(directory, labels='inferred', label_mode='int', class_names=None, \
            color_mode='rgb', batch_size=32, image_size=(256, 256), shuffle=True, seed=None, validation_split=None, \
            subset=None, interpolation='bilinear', follow_links=False, crop_to_aspect_ratio=False, \
            pad_to_aspect_ratio=False, data_format=None, verbose=True)
            A dataset of (images, labels) batches from a folder holding a subfolder of images per class.
            label_mode: 'int' (class indices), 'categorical' (one-hot), 'binary' (0. or 1., two classes) or None.
            class_names: the subfolders to use, in this order (all, sorted, when None).
            color_mode: 'grayscale', 'rgb' or 'rgba'.
            batch_size: images per batch (None: single images).
            image_size: (height, width) every image is resized to.
            shuffle: shuffle the files (and each pass, in a buffer of 8 batches).
            seed: makes the shuffle repeatable.
            validation_split: the fraction of the files kept for validation.
            subset: 'training', 'validation' or 'both' (a pair of datasets).
            interpolation: 'bilinear' or 'nearest'.
            verbose: print how many files and classes were found.
            """,
            refusing: ["follow_links", "crop_to_aspect_ratio", "pad_to_aspect_ratio", "data_format"]
        ) { a, interp in try load(a, session, interp) }
    }

    static func load(_ a: Bound, _ session: KerasSession, _ interp: Interpreter) throws -> Value {
        let directory = try Conversions.path(a["directory"])
        guard case .str(let labels) = a["labels"], labels.value == "inferred" else {
            throw ScriptError(
                .notImplementedError, "nn infers labels from the subfolders only (labels='inferred'), for now")
        }
        let labelMode =
            a["label_mode"].isNone ? nil : try Conversions.string(a["label_mode"], "label_mode must be a str")
        guard labelMode == nil || ["int", "categorical", "binary"].contains(labelMode!) else {
            throw ScriptError(
                .valueError,
                "`label_mode` argument must be one of \"int\", \"categorical\", \"binary\", or None. Received: label_mode=\(labelMode!)"
            )
        }
        let colorMode = try Conversions.string(a["color_mode"], "color_mode must be a str")
        guard let channels = ["grayscale": 1, "rgb": 3, "rgba": 4][colorMode] else {
            throw ScriptError(
                .valueError,
                "`color_mode` must be one of {\"rgb\", \"rgba\", \"grayscale\"}. Received: color_mode=\(colorMode)")
        }
        let size = try interp.collect(a["image_size"]).map { try Conversions.int($0) }
        guard size.count == 2, size.allSatisfy({ $0 > 0 }) else {
            throw ScriptError(.valueError, "`image_size` must be a tuple of 2 positive integers (height, width)")
        }
        let nearest = try Conversions.string(a["interpolation"], "interpolation must be a str") == "nearest"
        let batchSize = try a.optionalInt("batch_size")
        let shuffle = try a.bool("shuffle")
        let split = try a.optionalDouble("validation_split")
        let subset = a["subset"].isNone ? nil : try Conversions.string(a["subset"], "subset must be a str")
        if let split, !(split > 0 && split < 1) {
            throw ScriptError(.valueError, "`validation_split` must be between 0 and 1, received: \(split)")
        }
        if split != nil, subset == nil || !["training", "validation", "both"].contains(subset!) {
            throw ScriptError(
                .valueError,
                "If `subset` is set, `validation_split` must be set, and inversely. Received: validation_split=\(split!), subset=\(subset.map { "'\($0)'" } ?? "None")"
            )
        }
        // Keras draws a seed from numpy's generator when none is given, so the split stays consistent.
        let numpy = try NumpyModule.state(interp)
        let seed = try a.optionalInt("seed") ?? Int(numpy.random.interval(999_999))
        var (paths, classes) = try index(directory, classNames: a.optional("class_names"), interp)
        if labelMode == "binary" && classes.count != 2 {
            throw ScriptError(
                .valueError,
                "When passing `label_mode=\"binary\"`, there must be exactly 2 class_names. Received: class_names=\(classes)"
            )
        }
        if try a.bool("verbose") {
            interp.write("Found \(paths.count) files belonging to \(classes.count) classes.\n")
        }
        if shuffle {
            let random = NumpyRandom(seed: UInt32(truncatingIfNeeded: seed))
            let order = random.shuffledOrder(paths.count)
            paths = order.map { paths[$0] }
        }
        func dataset(_ files: [(path: String, label: Int)], shuffled: Bool) -> PyDataset {
            let spec = elementSpec(size, channels, labelMode, classes.count)
            var ds = PyDataset(
                .source(name: "_MapDataset", count: files.count, spec: spec) { _ in
                    var i = 0
                    return {
                        guard i < files.count else { return nil }
                        defer { i += 1 }
                        return try element(files[i], size, channels, nearest, labelMode, classes.count, session)
                    }
                }, session)
            if shuffled {
                let random = PyDataset.ShuffleRandom(
                    seed: UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15, reshuffle: true)
                ds = PyDataset(.shuffle(ds, buffer: (batchSize ?? 128) * 8, random), session)
            }
            if let batchSize { ds = PyDataset(.batch(ds, size: batchSize, dropRemainder: false), session) }
            let prefetched = PyDataset(.prefetch(ds), session)
            prefetched.attributes["class_names"] = .list(PyList(classes.map { .string($0) }))
            prefetched.attributes["file_paths"] = .list(PyList(files.map { .string($0.path) }))
            return prefetched
        }
        guard let split, let subset else {
            guard !paths.isEmpty else {
                throw ScriptError(
                    .valueError, "No images found in directory \(directory). Allowed formats: \(formatsText)")
            }
            return .object(dataset(paths, shuffled: shuffle))
        }
        let validationCount = Int(split * Double(paths.count))
        let training = Array(paths.dropLast(validationCount)), validation = Array(paths.suffix(validationCount))
        if subset != "validation" { interp.write("Using \(training.count) files for training.\n") }
        if subset != "training" { interp.write("Using \(validation.count) files for validation.\n") }
        switch subset {
        case "training": return .object(dataset(training, shuffled: shuffle))
        case "validation": return .object(dataset(validation, shuffled: false))
        default:
            return .list(
                PyList([.object(dataset(training, shuffled: shuffle)), .object(dataset(validation, shuffled: false))]))
        }
    }

    static var formatsText: String { "(" + formats.map { "'\($0)'" }.joined(separator: ", ") + ")" }

    /// Keras's index_directory: the class subfolders (sorted, or as class_names orders them), then
    /// each one's image files, walked in sorted order.
    static func index(
        _ directory: String, classNames: Value?, _ interp: Interpreter
    ) throws -> ([(path: String, label: Int)], [String]) {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(directory)'")
        }
        var subfolders = try fm.contentsOfDirectory(atPath: directory).sorted().filter { name in
            var folder: ObjCBool = false
            return !name.hasPrefix(".") && fm.fileExists(atPath: directory + "/" + name, isDirectory: &folder)
                && folder.boolValue
        }
        if let given = classNames, !given.isNone {
            let names = try interp.collect(given).map { try Conversions.string($0, "class names are str") }
            guard Set(names).isSubset(of: Set(subfolders)) else {
                throw ScriptError(
                    .valueError,
                    "The `class_names` passed did not match the names of the subdirectories of the target directory. Expected: \(subfolders) (or a subset of it), but received: class_names=\(names)"
                )
            }
            subfolders = names
        }
        var files: [(path: String, label: Int)] = []
        for (label, name) in subfolders.enumerated() {
            let root = directory + "/" + name
            let found = (fm.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { relative in
                formats.contains { relative.lowercased().hasSuffix($0) }
            }
            // Sorted by folder, then by name within it, as Keras's sorted os.walk.
            let sorted = found.sorted {
                let a = ($0 as NSString).deletingLastPathComponent, b = ($1 as NSString).deletingLastPathComponent
                return a != b ? a < b : $0 < $1
            }
            files += sorted.map { (directory + "/" + name + "/" + $0, label) }
        }
        return (files, subfolders)
    }

    static func elementSpec(_ size: [Int], _ channels: Int, _ labelMode: String?, _ classes: Int) -> Value {
        let images = Value.object(PyTensorSpec(shape: [size[0], size[1], channels], dtype: .float32))
        switch labelMode {
        case nil: return images
        case "int"?: return .tuple(PyTuple([images, .object(PyTensorSpec(shape: [], dtype: .int32))]))
        case "binary"?: return .tuple(PyTuple([images, .object(PyTensorSpec(shape: [1], dtype: .float32))]))
        default: return .tuple(PyTuple([images, .object(PyTensorSpec(shape: [classes], dtype: .float32))]))
        }
    }

    /// One image file decoded (PNG through libpng, JPEG through libjpeg-turbo) and resized, as float32.
    static func image(_ path: String, _ size: [Int], _ channels: Int, _ nearest: Bool) throws -> NDArray {
        let bytes = try FileMethods.contents(path)
        let image: PNG.Image
        do {
            if JPEG.isJPEG(bytes) {
                let decoded = try JPEG.decode(bytes, channels: channels == 1 ? 1 : 3)
                image = channels == 4 ? PNG.converted(decoded, to: 4) : decoded
            } else {
                image = try PNG.decode(bytes, channels: channels)
            }
        } catch let e as PNG.Failure {
            throw TFTypes.invalidArgument("Unknown image file format or corrupt image: \(path) (\(e.description))")
        }
        let pixels = NDArray(
            image.pixels.map(Double.init), shape: [image.height, image.width, image.channels], dtype: .uint8)
        let resized = TFImage.resize(pixels, height: size[0], width: size[1], nearest: nearest)
        return nearest ? resized.astype(.float32) : resized
    }

    /// One image as a tensor, and its label in the label mode's form.
    static func element(
        _ file: (path: String, label: Int), _ size: [Int], _ channels: Int, _ nearest: Bool, _ labelMode: String?,
        _ classes: Int, _ session: KerasSession
    ) throws -> Value {
        let images = Value.object(PyTFTensor(try image(file.path, size, channels, nearest), session))
        let label: NDArray
        switch labelMode {
        case nil: return images
        case "int"?: label = NDArray(scalar: Double(file.label), dtype: .int32)
        case "binary"?: label = NDArray([Double(file.label)], shape: [1], dtype: .float32)
        default: label = NDArray((0..<classes).map { $0 == file.label ? 1 : 0 }, shape: [classes], dtype: .float32)
        }
        return .tuple(PyTuple([images, .object(PyTFTensor(label, session))]))
    }
}
