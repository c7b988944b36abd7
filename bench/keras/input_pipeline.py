# the Fashion-MNIST lesson's input pipeline over 60000 synthetic 28x28 images, one epoch:
# from_tensor_slices -> map(normalize) -> cache -> shuffle -> batch, into fit
import tensorflow as tf
import numpy as np
np.random.seed(0)
images = np.random.randint(0, 256, (60000, 28, 28, 1)).astype(np.uint8)
labels = np.random.randint(0, 10, 60000)

def normalize(images, labels):
    images = tf.cast(images, tf.float32)
    images /= 255
    return images, labels

dataset = tf.data.Dataset.from_tensor_slices((images, labels)).map(normalize).cache()
model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(28, 28, 1)),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(128, activation=tf.nn.relu),
    tf.keras.layers.Dense(10, activation=tf.nn.softmax),
])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(dataset.shuffle(60000).batch(32), epochs=1, verbose=0)
print(model.evaluate(dataset.batch(1000).take(1), verbose=0))
