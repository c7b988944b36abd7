import Foundation
import NNDatasets
import NNImage
import NNLang
import NNTensor

/// What `tfds.load` prepares itself when a dataset is missing: MNIST and Fashion-MNIST, written in
/// TFDS's layout from the arrays Keras's own files hold (`keras.datasets`' cache, downloaded when
/// missing), with TFDS's version, description and class names.
enum TFDSPreparation {
    struct Source: Sendable {
        let description: String, homepage: String, citation: String
        let classNames: [String]
        let arrays: @Sendable (NumpyState, Interpreter) throws -> KerasDatasets.Arrays
    }

    static let sources: [String: Source] = [
        "mnist": Source(
            description: "The MNIST database of handwritten digits.", homepage: "http://yann.lecun.com/exdb/mnist/",
            citation: """
                @article{lecun2010mnist,
                  title={MNIST handwritten digit database},
                  author={LeCun, Yann and Cortes, Corinna and Burges, CJ},
                  journal={ATT Labs [Online]. Available: http://yann.lecun.com/exdb/mnist},
                  volume={2},
                  year={2010}
                }
                """, classNames: (0..<10).map(String.init),
            arrays: { numpy, interp in try KerasDatasets.mnistArrays(numpy, interp) }),
        "fashion_mnist": Source(
            description: """
                Fashion-MNIST is a dataset of Zalando's article images consisting of a training set of 60,000 \
                examples and a test set of 10,000 examples. Each example is a 28x28 grayscale image, associated with \
                a label from 10 classes.
                """, homepage: "https://github.com/zalandoresearch/fashion-mnist",
            citation: """
                @article{DBLP:journals/corr/abs-1708-07747,
                  author    = {Han Xiao and
                               Kashif Rasul and
                               Roland Vollgraf},
                  title     = {Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning
                               Algorithms},
                  journal   = {CoRR},
                  volume    = {abs/1708.07747},
                  year      = {2017},
                  url       = {http://arxiv.org/abs/1708.07747},
                  archivePrefix = {arXiv},
                  eprint    = {1708.07747},
                  timestamp = {Mon, 13 Aug 2018 16:47:27 +0200},
                  biburl    = {https://dblp.org/rec/bib/journals/corr/abs-1708-07747},
                  bibsource = {dblp computer science bibliography, https://dblp.org}
                }
                """,
            classNames: [
                "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                "Ankle boot",
            ], arrays: { _, interp in try KerasDatasets.fashionArrays(interp) }),
    ]

    static let version = "3.0.1"

    /// Writes the dataset into `<dataDirectory>/<name>/3.0.1` (through a temporary folder, so that an
    /// interrupted preparation leaves nothing half-written) and opens it.
    static func prepare(
        _ name: String, _ source: Source, dataDirectory: String, _ interp: Interpreter
    ) throws
        -> PreparedDataset
    {
        let target = "\(dataDirectory)/\(name)/\(version)"
        interp.output.write(
            "Downloading and preparing dataset \(name)/\(version) (from Keras's files) to \(target)...\n")
        interp.output.flush()
        let arrays = try source.arrays(try NumpyModule.state(interp), interp)
        var writer = DatasetWriter(
            name: name, version: version,
            features: [
                .init("image", .image(shape: [28, 28, 1], encoding: "png")),
                .init("label", .classLabel(names: source.classNames)),
            ])
        (writer.description, writer.homepage, writer.citation) = (source.description, source.homepage, source.citation)
        writer.supervisedKeys = ("image", "label")
        writer.moduleName = "tensorflow_datasets.image_classification.mnist"
        func examples(_ images: NDArray, _ labels: NDArray) throws -> [[String: DatasetWriter.Value]] {
            let pixels = images.elements.map { UInt8(clamping: Int($0)) }, labels = labels.elements
            return try labels.indices.map { i in
                try interp.checkInterrupt()
                let image = PNG.Image(
                    pixels: Array(pixels[i * 784..<(i + 1) * 784]), height: 28, width: 28, channels: 1)
                return ["image": .image(image), "label": .label(Int(labels[i]))]
            }
        }
        let temporary = "\(dataDirectory)/\(name)/.incomplete-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let splits = [
            ("train", try examples(arrays.xTrain, arrays.yTrain)), ("test", try examples(arrays.xTest, arrays.yTest)),
        ]
        let written = try TFDSModule.datasetCall { try writer.write(splits, to: temporary) }
        try? FileManager.default.removeItem(atPath: target)
        do {
            try FileManager.default.moveItem(atPath: written, toPath: target)
        } catch {
            throw ScriptError(
                .osError, "could not move the prepared dataset to \(target): \(error.localizedDescription)")
        }
        interp.output.write(
            "Dataset \(name) downloaded and prepared to \(target). Subsequent calls will reuse this data.\n")
        return try TFDSModule.datasetCall { try PreparedDataset(directory: target) }
    }
}
