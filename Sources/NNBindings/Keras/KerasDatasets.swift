import Foundation
import NNDatasets
import NNLang
import NNTensor
import SystemArchive
import SystemCrypto
import SystemZlib

/// `keras.datasets` (mnist, fashion_mnist, boston_housing) and `keras.utils.get_file`: the files
/// Keras downloads, read from the cache Keras keeps (`$KERAS_HOME/datasets`, or `~/.keras/datasets`)
/// under the names and with the hash checks Keras uses, so data a learner already has is used as
/// it is; downloaded from Keras's addresses when missing.
enum KerasDatasets {
    static let origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

    static func make(_ session: KerasSession) -> PyModule {
        var datasets = ModuleBuilder("keras.datasets", style: .python(countsSelf: false))
        var mnist = ModuleBuilder("keras.datasets.mnist", style: .python(countsSelf: false))
        mnist.def(
            """
            load_data(path='mnist.npz')  The MNIST digits: ((x_train, y_train), (x_test, y_test)), uint8 arrays of \
            60000 and 10000 28x28 images and their labels.
            path: the file's name in Keras's cache (~/.keras/datasets).
            """
        ) { a, interp in
            let arrays = try mnistArrays(
                path: try Conversions.string(a["path"], "path must be a str"), session.numpy, interp)
            return pairs(arrays, session)
        }
        var fashion = ModuleBuilder("keras.datasets.fashion_mnist", style: .python(countsSelf: false))
        fashion.def(
            """
            load_data()  Fashion-MNIST: ((x_train, y_train), (x_test, y_test)), uint8 arrays of 60000 and 10000 \
            28x28 images of clothing and their labels (0 T-shirt/top … 9 Ankle boot).
            """
        ) { _, interp in pairs(try fashionArrays(interp), session) }
        var boston = ModuleBuilder("keras.datasets.boston_housing", style: .python(countsSelf: false))
        boston.def(
            """
            load_data(path='boston_housing.npz', test_split=0.2, seed=113)  The Boston housing prices: \
            ((x_train, y_train), (x_test, y_test)) of 13 features and the median value, shuffled as Keras shuffles them.
            test_split: the fraction of the rows held out for testing.
            seed: the shuffle's seed.
            """
        ) { a, interp in
            let split = try a.double("test_split")
            guard split >= 0 && split < 1 else {
                throw ScriptError(
                    .valueError,
                    "Invalid `test_split` argument: \(try interp.repr(a["test_split"])). "
                        + "It must be between 0 and 1 (exclusive of 1).")
            }
            let file = try getFile(
                try Conversions.string(a["path"], "path must be a str"), origin: origin + "boston_housing.npz",
                hash: "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5", interp)
            let f = try NpzFile(path: file, limit: 10000, session.numpy)
            let x = try f.array("x"), y = try f.array("y")
            // Keras shuffles with np.random.RandomState(seed), then cuts.
            var random = NumpyRandom(seed: UInt32(truncatingIfNeeded: try a.int("seed")))
            let order = random.shuffledOrder(x.shape.first ?? 0)
            let cut = Int(Double(order.count) * (1 - split))
            /// The array's rows in the shuffled order, cut into the training and the test part.
            func parts(_ a: NDArray) throws -> (Value, Value) {
                let values = try NumpyModule.rows(a, order).elements, width = a.size / max(order.count, 1)
                func part(_ rows: Range<Int>) -> Value {
                    let kept = NDArray(
                        Array(values[rows.lowerBound * width..<rows.upperBound * width]),
                        shape: [rows.count] + a.shape.dropFirst(), dtype: a.dtype)
                    return NumpyConvert.wrap(kept, session.numpy)
                }
                return (part(0..<cut), part(cut..<order.count))
            }
            let (xTrain, xTest) = try parts(x), (yTrain, yTest) = try parts(y)
            return pairs((xTrain, yTrain), (xTest, yTest))
        }
        var cifar10 = ModuleBuilder("keras.datasets.cifar10", style: .python(countsSelf: false))
        cifar10.def(
            """
            load_data()  CIFAR-10: ((x_train, y_train), (x_test, y_test)), uint8 arrays of 50000 and 10000 32x32 \
            colour images (samples, 32, 32, 3) and their labels (samples, 1), 0 airplane … 9 truck.
            """
        ) { _, interp in
            let folder = try cifarFolder(
                "cifar-10-batches-py-target", "cifar-10-python.tar.gz",
                hash: "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce", interp)
            let parts = try (1...5).map {
                try cifarBatch(folder + "/cifar-10-batches-py/data_batch_\($0)", labels: "labels")
            }
            let test = try cifarBatch(folder + "/cifar-10-batches-py/test_batch", labels: "labels")
            let train = (parts.flatMap(\.images), parts.flatMap(\.labels))
            return pairs(cifarArrays(train, test, labelType: .uint8), session)
        }
        datasets.members["cifar10"] = .object(cifar10.build())
        var cifar100 = ModuleBuilder("keras.datasets.cifar100", style: .python(countsSelf: false))
        cifar100.def(
            """
            load_data(label_mode='fine')  CIFAR-100: ((x_train, y_train), (x_test, y_test)), uint8 arrays of 50000 \
            and 10000 32x32 colour images and their labels (samples, 1).
            label_mode: 'fine' (100 classes) or 'coarse' (20 superclasses).
            """
        ) { a, interp in
            let mode = try Conversions.string(a["label_mode"], "label_mode must be a str")
            guard mode == "fine" || mode == "coarse" else {
                throw ScriptError(
                    .valueError, "`label_mode` must be one of `\"fine\"`, `\"coarse\"`. Received: label_mode=\(mode).")
            }
            let folder = try cifarFolder(
                "cifar-100-python-target", "cifar-100-python.tar.gz",
                hash: "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7", interp)
            let train = try cifarBatch(folder + "/cifar-100-python/train", labels: mode + "_labels")
            let test = try cifarBatch(folder + "/cifar-100-python/test", labels: mode + "_labels")
            return pairs(cifarArrays((train.images, train.labels), test, labelType: .int64), session)
        }
        datasets.members["cifar100"] = .object(cifar100.build())
        for name in ["imdb", "reuters", "california_housing"] {
            var m = ModuleBuilder("keras.datasets.\(name)", style: .python(countsSelf: false))
            m.def("load_data(*args, **kwargs)  Not in nn yet.") { _, _ in
                throw ScriptError(.notImplementedError, "nn does not support keras.datasets.\(name) yet")
            }
            datasets.members[name] = .object(m.build())
        }
        datasets.members["mnist"] = .object(mnist.build())
        datasets.members["fashion_mnist"] = .object(fashion.build())
        datasets.members["boston_housing"] = .object(boston.build())
        return datasets.build()
    }

    /// `keras.utils.get_file`.
    static func addGetFile(_ utils: inout ModuleBuilder) {
        utils.def(
            """
            get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None, cache_subdir='datasets', \
            hash_algorithm='auto', extract=False, archive_format='auto', cache_dir=None, force_download=False)
            The path of a file in Keras's cache (~/.keras/datasets), downloaded from origin when it is not there.
            file_hash: the SHA-256 (or MD5) hex digest the file must have.
            extract: unpack the archive (tar, tar.gz, tar.bz2 or zip) into a folder beside it and return the folder.
            untar: extract, for tar archives only (Keras's older name).
            archive_format: 'auto' (tar or zip), 'tar', 'zip', or None.
            force_download: download again even when the file is in the cache.
            """
        ) { a, interp in
            guard case .str(let origin) = a["origin"] else {
                throw ScriptError(.valueError, "Please specify the \"origin\" argument (URL of the file to download).")
            }
            let given = a["fname"].isNone ? "" : try Conversions.path(a["fname"])
            var name = given
            if name.isEmpty { name = URL(string: origin.value)?.lastPathComponent ?? "" }
            guard !name.isEmpty else {
                throw ScriptError(
                    .valueError,
                    "Can't parse the file name from the origin provided: '\(origin.value)'.Please specify the `fname` argument."
                )
            }
            let hash = a["file_hash"].isNone ? a["md5_hash"] : a["file_hash"]
            let algorithm = try Conversions.string(a["hash_algorithm"], "hash_algorithm must be a str")
            guard ["auto", "sha256", "md5"].contains(algorithm) else {
                throw ScriptError(.valueError, "Unknown hash algorithm: \(algorithm)")
            }
            let untar = try a.bool("untar"), extract = try a.bool("extract") || untar
            // Keras's names: the archive beside the folder it is extracted into.
            var archiveName = name, folderName: String? = nil
            if extract {
                if !given.isEmpty, let dot = name.firstIndex(of: ".") {
                    folderName = String(name[..<dot]) + "_extracted"
                } else {
                    folderName = name
                    archiveName = name + "_archive"
                }
            }
            let subdirectory = try Conversions.string(a["cache_subdir"], "cache_subdir must be a str")
            let cache = a["cache_dir"].isNone ? nil : try Conversions.path(a["cache_dir"])
            let path = try getFile(
                archiveName, origin: origin.value,
                hash: hash.isNone ? nil : try Conversions.string(hash, "file_hash must be a str"),
                algorithm: a["file_hash"].isNone && !a["md5_hash"].isNone ? "md5" : algorithm,
                subdirectory: subdirectory, cache: cache, force: try a.bool("force_download"), interp)
            guard let folderName else { return .string(path) }
            let folder = (path as NSString).deletingLastPathComponent + "/" + folderName
            var formats = 3
            if untar {
                formats = 1
            } else if !a["archive_format"].isNone {
                let format = try Conversions.string(a["archive_format"], "archive_format must be a str")
                switch format {
                case "auto": formats = 3
                case "tar": formats = 1
                case "zip": formats = 2
                default:
                    throw ScriptError(
                        .valueError, "archive_format must be 'auto', 'tar', 'zip' or None, not '\(format)'")
                }
            } else {
                formats = 0
            }
            try extractArchive(path, into: folder, formats: formats, interp)
            return .string(folder)
        }
    }

    /// Unpacks an archive through libarchive (tar with any compression when `formats` has 1, zip when 2),
    /// refusing entries that would land outside the folder; Keras's warning when it is not such an archive.
    static func extractArchive(_ path: String, into folder: String, formats: Int, _ interp: Interpreter) throws {
        var message = [CChar](repeating: 0, count: 256)
        let folder = (folder as NSString).standardizingPath
        let status = formats == 0 ? 2 : nn_extract(path, folder, Int32(formats), &message)
        if status == 2 {
            writeStandardError("UserWarning: Could not extract archive.\n")
        } else if status != 0 {
            try? FileManager.default.removeItem(atPath: folder)
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ScriptError(.osError, "could not extract \(path): \(text)")
        }
    }

    /// CIFAR's archive from Keras's cache (downloaded from the Toronto site when missing), extracted
    /// beside it under Keras's name, as Keras's get_file(extract=True) does on every load.
    static func cifarFolder(_ name: String, _ file: String, hash: String, _ interp: Interpreter) throws -> String {
        let archive = try getFile(
            name + "_archive", origin: "https://www.cs.toronto.edu/~kriz/" + file, hash: hash, interp)
        let folder = (archive as NSString).deletingLastPathComponent + "/" + name
        try extractArchive(archive, into: folder, formats: 1, interp)
        return folder
    }

    /// One of CIFAR's pickled batches: its images as rows of 3072 bytes (red, green, blue planes) and
    /// its labels.
    static func cifarBatch(_ path: String, labels key: String) throws -> (images: [[UInt8]], labels: [Int]) {
        let batch: Pickle.Object
        do {
            batch = try Pickle.load(try FileMethods.contents(path))
        } catch let e as Pickle.Failure {
            throw ScriptError(.valueError, "\(path) is not a CIFAR batch: \(e.description)")
        }
        guard case .array(let shape, _, let data)? = batch["data"], shape.count == 2, shape[1] == 3072,
            data.count == shape[0] * 3072, case .list(let labels)? = batch[key]
        else {
            throw ScriptError(.valueError, "\(path) is not a CIFAR batch (no 'data' of 3072 bytes a row and '\(key)')")
        }
        let rows = (0..<shape[0]).map { Array(data[$0 * 3072..<($0 + 1) * 3072]) }
        return (
            rows,
            try labels.map { l -> Int in
                guard case .int(let n) = l else {
                    throw ScriptError(.valueError, "\(path) has a label that is not an int")
                }
                return n
            }
        )
    }

    /// CIFAR's rows as (samples, 32, 32, 3) images, as Keras transposes them for channels_last.
    static func cifarArrays(
        _ train: (images: [[UInt8]], labels: [Int]), _ test: (images: [[UInt8]], labels: [Int]), labelType: DType
    ) -> Arrays {
        func images(_ rows: [[UInt8]]) -> NDArray {
            var values = [Double](repeating: 0, count: rows.count * 3072)
            for (n, row) in rows.enumerated() {
                for p in 0..<1024 {
                    for c in 0..<3 { values[n * 3072 + p * 3 + c] = Double(row[c * 1024 + p]) }
                }
            }
            return NDArray(values, shape: [rows.count, 32, 32, 3], dtype: .uint8)
        }
        func labels(_ l: [Int]) -> NDArray { NDArray(l.map(Double.init), shape: [l.count, 1], dtype: labelType) }
        return (images(train.images), labels(train.labels), images(test.images), labels(test.labels))
    }

    /// Training and test images and labels, as `load_data` gives them.
    typealias Arrays = (xTrain: NDArray, yTrain: NDArray, xTest: NDArray, yTest: NDArray)

    static func pairs(_ a: Arrays, _ session: KerasSession) -> Value {
        let wrap = { NumpyConvert.wrap($0, session.numpy) }
        return pairs((wrap(a.xTrain), wrap(a.yTrain)), (wrap(a.xTest), wrap(a.yTest)))
    }

    /// MNIST from `mnist.npz` in Keras's cache (downloaded when missing).
    static func mnistArrays(path: String = "mnist.npz", _ numpy: NumpyState, _ interp: Interpreter) throws -> Arrays {
        let file = try getFile(
            path, origin: origin + "mnist.npz",
            hash: "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1", interp)
        let f = try NpzFile(path: file, limit: 10000, numpy)
        return (try f.array("x_train"), try f.array("y_train"), try f.array("x_test"), try f.array("y_test"))
    }

    /// Fashion-MNIST from the IDX files in Keras's cache (`fashion-mnist/*-ubyte.gz`, downloaded when missing).
    static func fashionArrays(_ interp: Interpreter) throws -> Arrays {
        func read(_ name: String, header: Int) throws -> [UInt8] {
            let path = try getFile(
                name, origin: origin + name, hash: nil, subdirectory: "datasets/fashion-mnist", interp)
            let bytes = try gunzip(path)
            guard bytes.count >= header else { throw ScriptError(.valueError, "'\(path)' is too short for IDX data") }
            return Array(bytes[header...])
        }
        func images(_ name: String, count: Int) throws -> NDArray {
            let pixels = try read(name, header: 16)
            guard pixels.count == count * 784 else {
                throw ScriptError(
                    .valueError, "cannot reshape array of size \(pixels.count) into shape (\(count),28,28)")
            }
            return NDArray(pixels.map(Double.init), shape: [count, 28, 28], dtype: .uint8)
        }
        func labels(_ name: String) throws -> NDArray {
            let l = try read(name, header: 8)
            return NDArray(l.map(Double.init), shape: [l.count], dtype: .uint8)
        }
        let yTrain = try labels("train-labels-idx1-ubyte.gz")
        let xTrain = try images("train-images-idx3-ubyte.gz", count: yTrain.size)
        let yTest = try labels("t10k-labels-idx1-ubyte.gz")
        let xTest = try images("t10k-images-idx3-ubyte.gz", count: yTest.size)
        return (xTrain, yTrain, xTest, yTest)
    }

    static func pairs(_ train: (Value, Value), _ test: (Value, Value)) -> Value {
        .tuple(PyTuple([.tuple(PyTuple([train.0, train.1])), .tuple(PyTuple([test.0, test.1]))]))
    }

    /// Keras's home: `$KERAS_HOME`, or `~/.keras`; `/tmp/.keras` when that cannot be written.
    static var kerasHome: String {
        if let dir = ProcessInfo.processInfo.environment["KERAS_HOME"], !dir.isEmpty { return dir }
        return OSModule.expandUser("~/.keras")
    }

    /// `get_file`: the path of `name` in the cache's `subdirectory`, downloaded from `origin` when it
    /// is not there or does not match `hash` (SHA-256 for 64 hex digits, MD5 for 32, as Keras's
    /// "auto").
    static func getFile(
        _ name: String, origin: String, hash: String?, algorithm: String = "auto", subdirectory: String = "datasets",
        cache: String? = nil, force: Bool = false, _ interp: Interpreter
    ) throws -> String {
        guard !name.contains("/") else {
            throw ScriptError(
                .valueError,
                "Paths are no longer accepted as the `fname` argument. To specify the file's parent directory, use "
                    + "the `cache_dir` argument. Received: fname=\(name)")
        }
        var base = OSModule.expandUser(cache ?? kerasHome)
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        if access(base, W_OK) != 0 { base = "/tmp/.keras" }
        let folder = base + "/" + subdirectory
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let target = folder + "/" + name
        if !force && FileManager.default.fileExists(atPath: target) {
            guard let hash, try digest(of: FileMethods.contents(target), hash, algorithm) != hash.lowercased() else {
                return target
            }
            interp.output.write(
                "A local file was found, but it seems to be incomplete or outdated because the \(algorithm) "
                    + "file hash does not match the original value of \(hash) so we will re-download the data.\n")
        }
        interp.output.write("Downloading data from \(origin)\n")
        interp.output.flush()
        let start = Date()
        let data: Data
        do {
            // Keras's progress bar, counting bytes, redrawn on a terminal while the download runs.
            let bar = Progress(interp, verbose: 1)
            data = try DownloadCache.fetch(origin) { received, expected in
                bar.stepEnded(received, of: expected, logs: [])
            }
        } catch let e as DownloadCache.FetchFailure {
            try? FileManager.default.removeItem(atPath: target)  // as Keras: no stale copy stays behind
            throw ScriptError(
                .exception,
                "URL fetch failure on \(origin): \(e.status.map(String.init) ?? "None") -- \(e.reason)\n"
                    + "nn reads Keras's cache offline: copy \(name) into \(folder) (from a machine where Keras "
                    + "downloaded it, or from the address above)")
        }
        guard FileManager.default.createFile(atPath: target, contents: data) else {
            throw ScriptError(.permissionError, "[Errno 13] Permission denied: '\(target)'")
        }
        Progress(interp, verbose: 1).stepsLine(steps: data.count, seconds: Date().timeIntervalSince(start), logs: [])
        if let hash, try digest(of: [UInt8](data), hash, algorithm) != hash.lowercased() {
            throw ScriptError(
                .valueError,
                "Incomplete or corrupted file detected. The \(algorithm) file hash does not match the provided "
                    + "value of \(hash).")
        }
        return target
    }

    /// The hex digest of a file's bytes, through libcrypto: SHA-256 when `algorithm` says so or,
    /// for "auto", when the expected hash has 64 digits; MD5 otherwise.
    static func digest(of bytes: [UInt8], _ hash: String, _ algorithm: String) throws -> String {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let md = algorithm == "sha256" || (algorithm == "auto" && hash.count == 64) ? EVP_sha256() : EVP_md5()
        guard EVP_Digest(bytes, bytes.count, &out, &length, md, nil) == 1 else {
            throw ScriptError(.runtimeError, "libcrypto could not compute the \(algorithm) hash")
        }
        return out[..<Int(length)].map { String($0, radix: 16).leftPadded(to: 2, with: "0") }.joined()
    }

    /// A gzip file's contents, through zlib.
    static func gunzip(_ path: String) throws -> [UInt8] {
        guard let file = gzopen(path, "rb") else {
            throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: '\(path)'")
        }
        defer { gzclose(file) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = gzread(file, &chunk, UInt32(chunk.count))
            if n < 0 { throw ScriptError(.valueError, "'\(path)' is not a valid gzip file") }
            if n == 0 { return out }
            out += chunk[..<Int(n)]
        }
    }
}
