import numpy as np
import tensorflow as tf

# data/keras is this corpus's Keras cache: Fashion-MNIST as Keras keeps it (gzip IDX files), with 12
# training and 3 test images whose pixels are (image * 7 + position) % 256 and labels image % 10.
(train_images, train_labels), (test_images, test_labels) = tf.keras.datasets.fashion_mnist.load_data()
print(train_images.shape, train_images.dtype, train_labels.shape, train_labels.dtype)
print(test_images.shape, test_labels, train_labels)
print(int(train_images.sum()), int(test_images.sum()), train_images[1, 0, :6], test_images[2, 27, -4:])
print(train_images.max(), np.unique(train_labels).tolist())
train_images = train_images / 255.0
print(train_images.dtype, round(float(train_images.mean()), 6))
dataset = tf.data.Dataset.from_tensor_slices((train_images, train_labels)).batch(5)
print(dataset.element_spec, [len(y) for _, y in dataset])
