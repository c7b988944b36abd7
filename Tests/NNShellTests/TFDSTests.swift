import Foundation
import XCTest

/// `tensorflow_datasets` on folders nn prepares from Keras-format fixtures (the IDX files
/// DatasetTests writes); the folder real TFDS prepared is the conformance corpus's.
final class TFDSTests: XCTestCase {
    func testLoadPreparesFashionMNISTFromKerasFilesOnceAndReadsIt() throws {
        let home = try DatasetTests.fashionHome(train: 10, test: 4)
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("nn-tfds-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: home)
            try? FileManager.default.removeItem(at: data)
        }
        let script = """
            import tensorflow_datasets as tfds
            dataset, info = tfds.load('fashion_mnist', as_supervised=True, with_info=True)
            print(info.splits['train'].num_examples, info.splits['test'].num_examples, info.features['label'].names[9])
            print([int(y) for _, y in tfds.as_numpy(dataset['train'])], [int(x.sum()) for x, _ in tfds.as_numpy(dataset['test'])])
            """
        let environment = ["KERAS_HOME": home.path, "TFDS_DATA_DIR": data.path]
        let first = try TestSupport.runNN(["-"], input: script, environment: environment)
        XCTAssertEqual(first.status, 0, first.stderr)
        let folder = data.appendingPathComponent("fashion_mnist/3.0.1").path
        XCTAssertTrue(
            first.stdout.hasPrefix(
                "Downloading and preparing dataset fashion_mnist/3.0.1 (from Keras's files) to \(folder)...\n"
                    + "Dataset fashion_mnist downloaded and prepared to \(folder). Subsequent calls will reuse this data.\n"
            ),
            first.stdout)
        XCTAssertTrue(
            first.stdout.hasSuffix("10 4 Ankle boot\n[0, 1, 2, 3, 4, 5, 6, 7, 8, 9] \(testImageSums(4))\n"),
            first.stdout)
        for file in [
            "dataset_info.json", "features.json", "label.labels.txt", "fashion_mnist-train.tfrecord-00000-of-00001",
        ] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/" + file), file)
        }
        // The second load reads what the first prepared, without the Keras files.
        try FileManager.default.removeItem(at: home)
        let second = try TestSupport.runNN(["-"], input: script, environment: environment)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(second.stdout, "10 4 Ankle boot\n[0, 1, 2, 3, 4, 5, 6, 7, 8, 9] \(testImageSums(4))\n")
    }

    /// The pixel sums of the fixture's test images (their own numbering starts again at 0).
    private func testImageSums(_ count: Int) -> String {
        "["
            + (0..<count).map { image in String((0..<784).reduce(0) { $0 + Int(DatasetTests.pixel(image * 784 + $1)) })
            }
            .joined(separator: ", ") + "]"
    }

    func testAMissingDatasetSaysWhereNNLookedAndHowToPrepareIt() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("nn-tfds-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let r = try TestSupport.runNN(
            ["-"], input: "import tensorflow_datasets as tfds\ntfds.load('cats_vs_dogs')\n",
            environment: ["TFDS_DATA_DIR": data.path])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(
            r.stderr.contains("AssertionError: Dataset cats_vs_dogs: could not find data in \(data.path)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("run tfds.load('cats_vs_dogs') once with TensorFlow Datasets"), r.stderr)
        XCTAssertTrue(r.stderr.contains("line 2"), r.stderr)
    }
}

/// The Udacity course's Fashion-MNIST lesson (l03c01) as learners run it — tfds.load, normalise,
/// cache, shuffle, batch, Flatten–Dense–Dense, fit, evaluate, predict, the 5×5 grid of images and
/// the prediction bar charts — on fixture data that nn prepares in TFDS's layout, and the same model
/// on keras.datasets.
final class FashionLessonTests: XCTestCase {
    static let lesson = """
        import math
        import numpy as np
        import matplotlib.pyplot as plt
        import tensorflow as tf
        import tensorflow_datasets as tfds

        dataset, metadata = tfds.load('fashion_mnist', as_supervised=True, with_info=True)
        train_dataset, test_dataset = dataset['train'], dataset['test']
        class_names = metadata.features['label'].names
        print("Class names: {}".format(class_names))
        num_train_examples = metadata.splits['train'].num_examples
        num_test_examples = metadata.splits['test'].num_examples
        print("Number of training examples: {}".format(num_train_examples))
        print("Number of test examples:     {}".format(num_test_examples))

        def normalize(images, labels):
          images = tf.cast(images, tf.float32)
          images /= 255
          return images, labels

        train_dataset =  train_dataset.map(normalize)
        test_dataset  =  test_dataset.map(normalize)
        train_dataset =  train_dataset.cache()
        test_dataset  =  test_dataset.cache()

        for image, label in test_dataset.take(1):
          break
        image = image.numpy().reshape((28,28))
        plt.figure()
        plt.imshow(image, cmap=plt.cm.binary)
        plt.colorbar()
        plt.grid(False)
        plt.savefig('first.png')

        plt.figure(figsize=(10,10))
        for i, (image, label) in enumerate(test_dataset.take(25)):
            image = image.numpy().reshape((28,28))
            plt.subplot(5,5,i+1)
            plt.xticks([])
            plt.yticks([])
            plt.grid(False)
            plt.imshow(image, cmap=plt.cm.binary)
            plt.xlabel(class_names[label])
        plt.savefig('grid.png')

        model = tf.keras.Sequential([
            tf.keras.layers.Flatten(input_shape=(28, 28, 1)),
            tf.keras.layers.Dense(128, activation=tf.nn.relu),
            tf.keras.layers.Dense(10, activation=tf.nn.softmax)
        ])
        model.compile(optimizer='adam',
                      loss=tf.keras.losses.SparseCategoricalCrossentropy(),
                      metrics=['accuracy'])
        BATCH_SIZE = 32
        train_dataset = train_dataset.cache().repeat().shuffle(num_train_examples).batch(BATCH_SIZE)
        test_dataset = test_dataset.cache().batch(BATCH_SIZE)
        history = model.fit(train_dataset, epochs=2, steps_per_epoch=math.ceil(num_train_examples/BATCH_SIZE), verbose=0)
        test_loss, test_accuracy = model.evaluate(test_dataset, steps=math.ceil(num_test_examples/32), verbose=0)
        print('Accuracy on test dataset:', 0 <= test_accuracy <= 1)

        for test_images, test_labels in test_dataset.take(1):
          test_images = test_images.numpy()
          test_labels = test_labels.numpy()
          predictions = model.predict(test_images, verbose=0)
        print(predictions.shape, np.argmax(predictions[0]) in range(10))

        def plot_image(i, predictions_array, true_labels, images):
          predictions_array, true_label, img = predictions_array[i], true_labels[i], images[i]
          plt.grid(False)
          plt.xticks([])
          plt.yticks([])
          plt.imshow(img[...,0], cmap=plt.cm.binary)
          predicted_label = np.argmax(predictions_array)
          if predicted_label == true_label:
            color = 'blue'
          else:
            color = 'red'
          plt.xlabel("{} {:2.0f}% ({})".format(class_names[predicted_label],
                                        100*np.max(predictions_array),
                                        class_names[true_label]),
                                        color=color)

        def plot_value_array(i, predictions_array, true_label):
          predictions_array, true_label = predictions_array[i], true_label[i]
          plt.grid(False)
          plt.xticks([])
          plt.yticks([])
          thisplot = plt.bar(range(10), predictions_array, color="#777777")
          plt.ylim([0, 1])
          predicted_label = np.argmax(predictions_array)
          thisplot[predicted_label].set_color('red')
          thisplot[true_label].set_color('blue')

        num_rows = 5
        num_cols = 3
        num_images = num_rows*num_cols
        plt.figure(figsize=(2*2*num_cols, 2*num_rows))
        for i in range(num_images):
          plt.subplot(num_rows, 2*num_cols, 2*i+1)
          plot_image(i, predictions, test_labels, test_images)
          plt.subplot(num_rows, 2*num_cols, 2*i+2)
          plot_value_array(i, predictions, test_labels)
        plt.savefig('predictions.png')

        img = test_images[0]
        img = np.array([img])
        predictions_single = model.predict(img, verbose=0)
        plot_value_array(0, predictions_single, test_labels)
        _ = plt.xticks(range(10), class_names, rotation=45)
        print(np.argmax(predictions_single[0]) == np.argmax(predictions[0]))
        plt.close('all')
        """

    func testTheLessonRunsOnFashionMNISTInTFDSsLayout() throws {
        let home = try DatasetTests.fashionHome(train: 96, test: 40)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("nn-lesson-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(at: home)
            try? FileManager.default.removeItem(at: work)
        }
        let r = try TestSupport.runNN(
            ["-"], in: work, input: FashionLessonTests.lesson,
            environment: ["KERAS_HOME": home.path, "TFDS_DATA_DIR": work.appendingPathComponent("tfds").path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(
            r.stdout.contains(
                """
                Class names: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']
                Number of training examples: 96
                Number of test examples:     40
                Accuracy on test dataset: True
                (32, 10) True
                True
                """), r.stdout)
        for name in ["first.png", "grid.png", "predictions.png"] {
            let data = try Data(contentsOf: work.appendingPathComponent(name))
            XCTAssertEqual(Array(data.prefix(4)), [0x89, 0x50, 0x4E, 0x47], name)
        }
    }
}

/// The cats-and-dogs lesson's way of reading images: a folder of class subfolders into fit.
final class ImageFolderTests: XCTestCase {
    func testAConvolutionalModelTrainsOnAFolderOfImages() throws {
        let corpus = ConformanceTests.Corpus.project.cases.deletingLastPathComponent()
        let script = """
            import tensorflow as tf
            train, val = tf.keras.utils.image_dataset_from_directory(
                'data/pets', image_size=(16, 16), batch_size=4, seed=1, validation_split=0.25, subset='both')
            model = tf.keras.Sequential([
                tf.keras.layers.Rescaling(1./255),
                tf.keras.layers.Conv2D(4, 3, activation='relu'),
                tf.keras.layers.MaxPooling2D(),
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(2, activation='softmax'),
            ])
            model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
            history = model.fit(train, validation_data=val, epochs=2, verbose=0)
            print(train.class_names, sorted(history.history), len(history.history['loss']))
            """
        let r = try TestSupport.runNN(["-"], in: corpus, input: script)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(
            r.stdout.hasSuffix("['cats', 'dogs'] ['accuracy', 'loss', 'val_accuracy', 'val_loss'] 2\n"), r.stdout)
        XCTAssertTrue(
            r.stdout.hasPrefix("Found 11 files belonging to 2 classes.\nUsing 9 files for training.\n"), r.stdout)
    }
}

/// ImageDataGenerator's transforms where they are certain: a zoom of exactly 2 with a constant
/// fill shrinks an image of ones to its middle, and rescale multiplies.
final class ImageGeneratorTests: XCTestCase {
    func testAFixedZoomWithAConstantFillKeepsTheMiddleAndFillsTheBorder() throws {
        let script = """
            import numpy as np
            import tensorflow as tf
            gen = tf.keras.preprocessing.image.ImageDataGenerator(zoom_range=[2, 2], fill_mode='constant', cval=0.0, rescale=0.5)
            x, y = next(gen.flow(np.ones((1, 8, 8, 1)) * 4, np.array([3]), batch_size=1))
            print(x[0, :, :, 0].astype(int).tolist()[3], x[0, 0, 0, 0], x[0, 4, 4, 0], y)
            """
        let r = try TestSupport.runNN(["-"], input: script)
        XCTAssertEqual(r.status, 0, r.stderr)
        // What real Keras 3.15 (with scipy) prints for the same script.
        XCTAssertEqual(r.stdout, "[0, 0, 2, 2, 2, 2, 0, 0] 0.0 2.0 [3]\n")
    }
}
