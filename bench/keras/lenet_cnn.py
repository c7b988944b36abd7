# a LeNet-5-sized convolutional network on 10,000 random 28x28x1 images, one epoch, batch 32
import tensorflow as tf
import numpy as np
np.random.seed(0)
x = np.random.rand(10000, 28, 28, 1).astype(np.float32)
y = np.random.randint(0, 10, 10000)
model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(28, 28, 1)),
    tf.keras.layers.Conv2D(6, kernel_size=5, padding='same', activation='relu'),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(16, kernel_size=5, activation='relu'),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(120, activation='relu'),
    tf.keras.layers.Dense(84, activation='relu'),
    tf.keras.layers.Dense(10, activation='softmax'),
])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(x, y, epochs=1, batch_size=32, verbose=0)
print(model.evaluate(x[:1000], y[:1000], verbose=0))
