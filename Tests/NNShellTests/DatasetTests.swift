import Foundation
import SystemZlib
import XCTest

/// `keras.datasets` and `keras.utils.get_file` on fixtures written here in Keras's own formats (IDX
/// files compressed with gzip, as Keras's cache holds Fashion-MNIST), in a Keras home of the test's.
final class DatasetTests: XCTestCase {
    /// Writes `bytes` gzip-compressed, as the files Keras downloads are.
    static func writeGzip(_ bytes: [UInt8], to url: URL) throws {
        guard let file = gzopen(url.path, "wb") else { throw NSError(domain: "gzip", code: 1) }
        defer { gzclose(file) }
        XCTAssertEqual(Int(gzwrite(file, bytes, UInt32(bytes.count))), bytes.count)
    }

    /// An IDX file (big-endian magic, dimension sizes, then the bytes) of uint8 values.
    static func idx(_ values: [UInt8], shape: [Int]) -> [UInt8] {
        var out: [UInt8] = [0, 0, 0x08, UInt8(shape.count)]
        for d in shape { out += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: d >> $0) } }
        return out + values
    }

    /// The fixture's pixel `i` (counting through all images): image * 7 + position, modulo 256.
    static func pixel(_ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: i / 784 * 7 + i % 784) }

    /// A Keras home holding Fashion-MNIST with `train` and `test` images whose pixels are
    /// `(image * 7 + pixel) % 256` and whose labels are `image % 10`.
    static func fashionHome(train: Int, test: Int) throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("nn-keras-\(UUID().uuidString)")
        let folder = home.appendingPathComponent("datasets/fashion-mnist")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (prefix, count) in [("train", train), ("t10k", test)] {
            let pixels = (0..<count * 784).map { (i: Int) -> UInt8 in DatasetTests.pixel(i) }
            let labels = (0..<count).map { UInt8($0 % 10) }
            try writeGzip(
                idx(pixels, shape: [count, 28, 28]), to: folder.appendingPathComponent("\(prefix)-images-idx3-ubyte.gz")
            )
            try writeGzip(
                idx(labels, shape: [count]), to: folder.appendingPathComponent("\(prefix)-labels-idx1-ubyte.gz"))
        }
        return home
    }

    func testFashionMNISTLoadsFromKerasCache() throws {
        let home = try DatasetTests.fashionHome(train: 12, test: 3)
        defer { try? FileManager.default.removeItem(at: home) }
        let script = """
            import tensorflow as tf
            (x_train, y_train), (x_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()
            print(x_train.shape, x_train.dtype, y_train.shape, y_train.dtype, x_test.shape, y_test.shape)
            print(y_train, y_test, x_train[1, 0, :4], x_test[2, 27, -3:], int(x_train.sum()))
            """
        let r = try TestSupport.runNN(["-"], input: script, environment: ["KERAS_HOME": home.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        // The pixel sum from the fixture's own rule.
        let sum = (0..<12 * 784).reduce(0) { $0 + Int(DatasetTests.pixel($1)) }
        XCTAssertEqual(
            r.stdout,
            """
            (12, 28, 28) uint8 (12,) uint8 (3, 28, 28) (3,)
            [0 1 2 3 4 5 6 7 8 9 0 1] [0 1 2] [ 7  8  9 10] [27 28 29] \(sum)

            """)
    }

    /// The Udacity lesson's Fashion-MNIST script (its model, training, prediction, the grid of
    /// images and the prediction bar chart) on the fixture.
    func testTheFashionMNISTLessonTrainsOnKerasData() throws {
        let home = try DatasetTests.fashionHome(train: 64, test: 8)
        defer { try? FileManager.default.removeItem(at: home) }
        let script = """
            import tensorflow as tf
            import numpy as np
            (train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.fashion_mnist.load_data()
            class_names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker',
                           'Bag', 'Ankle boot']
            train_images = train_images / 255.0
            test_images = test_images / 255.0
            model = tf.keras.Sequential([
                tf.keras.layers.Flatten(input_shape=(28, 28)),
                tf.keras.layers.Dense(128, activation=tf.nn.relu),
                tf.keras.layers.Dense(10, activation=tf.nn.softmax)
            ])
            model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
            history = model.fit(train_images, train_labels, epochs=3, batch_size=16, verbose=0)
            test_loss, test_accuracy = model.evaluate(test_images, test_labels, verbose=0)
            predictions = model.predict(test_images, verbose=0)
            print(len(history.history['loss']), 0 <= test_accuracy <= 1, predictions.shape)
            print(class_names[np.argmax(predictions[0])] in class_names, np.allclose(predictions.sum(axis=1), 1))
            import matplotlib.pyplot as plt
            plt.figure(figsize=(10,10))
            for i in range(25):
                plt.subplot(5,5,i+1)
                plt.xticks([])
                plt.yticks([])
                plt.grid(False)
                plt.imshow(train_images[i], cmap=plt.cm.binary)
                plt.xlabel(class_names[train_labels[i]])
            plt.figure(figsize=(6,3))
            plt.subplot(1,2,1)
            plt.imshow(test_images[0], cmap=plt.cm.binary)
            plt.xlabel("{} {:2.0f}%".format(class_names[np.argmax(predictions[0])], 100*np.max(predictions[0])), color='blue')
            plt.subplot(1,2,2)
            thisplot = plt.bar(range(10), predictions[0], color="#777777")
            plt.ylim([0, 1])
            thisplot[np.argmax(predictions[0])].set_color('red')
            plt.savefig('lesson.png')
            plt.close('all')
            """
        let r = try TestSupport.runNN(["-"], in: home, input: script, environment: ["KERAS_HOME": home.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "3 True (8, 10)\nTrue True\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: home.appendingPathComponent("lesson.png").path))
    }

    /// Offline, a missing file is a clear error naming the file and the folder to copy it into,
    /// and nothing is left behind.
    func testMissingDatasetOfflineNamesTheFileAndFolder() throws {
        let home = try DatasetTests.fashionHome(train: 1, test: 1)
        defer { try? FileManager.default.removeItem(at: home) }
        let gone = home.appendingPathComponent("datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz")
        try FileManager.default.removeItem(at: gone)
        let script = """
            import tensorflow as tf
            tf.keras.utils.get_file('t10k-labels-idx1-ubyte.gz', origin='file:///nonexistent/t10k-labels-idx1-ubyte.gz',
                                    cache_subdir='datasets/fashion-mnist')
            """
        let r = try TestSupport.runNN(["-"], input: script, environment: ["KERAS_HOME": home.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "Downloading data from file:///nonexistent/t10k-labels-idx1-ubyte.gz\n")
        XCTAssertTrue(
            r.stderr.hasSuffix(
                """
                Exception: URL fetch failure on file:///nonexistent/t10k-labels-idx1-ubyte.gz: None -- [Errno 2] \
                No such file or directory: '/nonexistent/t10k-labels-idx1-ubyte.gz'
                nn reads Keras's cache offline: copy t10k-labels-idx1-ubyte.gz into \(home.path)/datasets/fashion-mnist \
                (from a machine where Keras downloaded it, or from the address above)

                """), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: gone.path))
    }

    /// get_file keeps a cached file whose hash matches, fetches one that is missing or differs, and
    /// refuses a download whose hash does not match, in Keras's words.
    func testGetFileChecksHashes() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("nn-keras-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let source = home.appendingPathComponent("source.txt")
        try "hello\n".write(to: source, atomically: true, encoding: .utf8)
        let script = """
            import tensorflow as tf
            sha = '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03'
            print(tf.keras.utils.get_file('a.txt', origin='file://\(source.path)', file_hash=sha))
            print(tf.keras.utils.get_file('a.txt', origin='file:///nonexistent', file_hash=sha))
            print(tf.keras.utils.get_file(origin='file://\(source.path)', md5_hash='b1946ac92492d2347c6235b4d2611184'))
            open('\(home.path)/datasets/a.txt', 'w').write('changed\\n')
            print(tf.keras.utils.get_file('a.txt', origin='file://\(source.path)', file_hash=sha))
            try:
                tf.keras.utils.get_file('b.txt', origin='file://\(source.path)', file_hash='0' * 64)
            except ValueError as e:
                print(e)
            """
        let r = try TestSupport.runNN(["-"], input: script, environment: ["KERAS_HOME": home.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let d = home.path + "/datasets"
        // Keras's progress bar ends each download: the byte count, the bar, the time (which varies).
        let progress = try NSRegularExpression(pattern: "━ \\d+s \\d+[mu]?s/step")
        let stdout = progress.stringByReplacingMatches(
            in: r.stdout, range: NSRange(r.stdout.startIndex..., in: r.stdout), withTemplate: "━ TIME")
        XCTAssertEqual(
            stdout,
            """
            Downloading data from file://\(source.path)
            6/6 ━━━━━━━━━━━━━━━━━━━━ TIME
            \(d)/a.txt
            \(d)/a.txt
            Downloading data from file://\(source.path)
            6/6 ━━━━━━━━━━━━━━━━━━━━ TIME
            \(d)/source.txt
            A local file was found, but it seems to be incomplete or outdated because the auto file hash does not \
            match the original value of 5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03 so we will \
            re-download the data.
            Downloading data from file://\(source.path)
            6/6 ━━━━━━━━━━━━━━━━━━━━ TIME
            \(d)/a.txt
            Downloading data from file://\(source.path)
            6/6 ━━━━━━━━━━━━━━━━━━━━ TIME
            Incomplete or corrupted file detected. The auto file hash does not match the provided value of \
            0000000000000000000000000000000000000000000000000000000000000000.

            """)
    }

    /// get_file(extract=True) and untar=True unpack tar.gz and zip archives (written by Python's
    /// tarfile and zipfile) beside the download, under Keras's names, on every call.
    func testGetFileExtractsArchives() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("nn-keras-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let archives = ConformanceTests.Corpus.project.cases.deletingLastPathComponent().appendingPathComponent(
            "data/archives")
        let script = """
            import os
            import tensorflow as tf
            def show(p):
                print(os.path.relpath(p, os.environ['KERAS_HOME']), sorted(os.listdir(p + '/pics')))
            show(tf.keras.utils.get_file('pics.tar.gz', origin='file://\(archives.path)/pics.tar.gz', extract=True))
            show(tf.keras.utils.get_file(origin='file://\(archives.path)/pics.zip', extract=True))
            show(tf.keras.utils.get_file('pics2', origin='file://\(archives.path)/pics.tar.gz', untar=True))
            show(tf.keras.utils.get_file('pics.tar.gz', origin='file://\(archives.path)/pics.tar.gz', extract=True))
            print(open(os.environ['KERAS_HOME'] + '/datasets/pics_extracted/pics/cats/a.txt').read().strip())
            """
        let r = try TestSupport.runNN(["-"], input: script, environment: ["KERAS_HOME": home.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let shown = r.stdout.split(separator: "\n").filter { !$0.contains("━") && !$0.hasPrefix("Downloading") }
        XCTAssertEqual(
            shown,
            [
                "datasets/pics_extracted ['b.txt', 'cats']", "datasets/pics.zip ['b.txt', 'cats']",
                "datasets/pics2 ['b.txt', 'cats']", "datasets/pics_extracted ['b.txt', 'cats']", "hello",
            ])
    }
}
