import math
import numpy as np
import tensorflow as tf
import tensorflow_datasets as tfds

# The Udacity course's Fashion-MNIST lesson on a prepared folder of 6 training and 4 test images.
dataset, metadata = tfds.load('fashion_mnist', as_supervised=True, with_info=True,
                              data_dir='data/tensorflow_datasets', download=False)
train_dataset, test_dataset = dataset['train'], dataset['test']
class_names = metadata.features['label'].names
num_train_examples = metadata.splits['train'].num_examples
num_test_examples = metadata.splits['test'].num_examples

def normalize(images, labels):
    images = tf.cast(images, tf.float32)
    images /= 255
    return images, labels

train_dataset = train_dataset.map(normalize)
test_dataset = test_dataset.map(normalize)
train_dataset = train_dataset.cache()
test_dataset = test_dataset.cache()
for image, label in test_dataset.take(1):
    break
image = image.numpy().reshape((28, 28))
print(image.shape, round(float(image.max()), 4), class_names[label.numpy()])

model = tf.keras.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28, 1)),
    tf.keras.layers.Dense(16, activation=tf.nn.relu),
    tf.keras.layers.Dense(10, activation=tf.nn.softmax)
])
# Fixed weights instead of random ones, so that TensorFlow and nn start from the same place.
model.set_weights([np.cos(np.arange(784 * 16)).reshape(784, 16) * 0.05, np.zeros(16),
                   np.sin(np.arange(16 * 10)).reshape(16, 10) * 0.3, np.zeros(10)])
model.compile(optimizer='adam', loss=tf.keras.losses.SparseCategoricalCrossentropy(), metrics=['accuracy'])
BATCH_SIZE = 2
train_dataset = train_dataset.repeat().batch(BATCH_SIZE)
test_dataset = test_dataset.batch(BATCH_SIZE)
history = model.fit(train_dataset, epochs=3, steps_per_epoch=math.ceil(num_train_examples / BATCH_SIZE), verbose=0)
print({k: [round(v, 4) for v in vs] for k, vs in history.history.items()})
test_loss, test_accuracy = model.evaluate(test_dataset, steps=math.ceil(num_test_examples / 2), verbose=0)
print('Accuracy on test dataset:', round(test_accuracy, 4), round(test_loss, 4))
for test_images, test_labels in test_dataset.take(1):
    test_images = test_images.numpy()
    test_labels = test_labels.numpy()
    predictions = model.predict(test_images, verbose=0)
print(predictions.shape, np.round(predictions[0], 4))
print(np.argmax(predictions[0]), test_labels[0], class_names[np.argmax(predictions[0])])
