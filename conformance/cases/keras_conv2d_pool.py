import tensorflow as tf
import numpy as np

# A small convolutional network on fixed 8x8 images: 'same' and 'valid' padding, strides, max and
# average pooling, then a softmax classifier; weights fixed through set_weights.
images = (np.sin(np.arange(12 * 8 * 8 * 2) * 0.37) * 0.5 + 0.5).reshape(12, 8, 8, 2)
labels = np.arange(12) % 3

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(8, 8, 2)),
    tf.keras.layers.Conv2D(4, kernel_size=3, padding='same', activation='relu'),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Conv2D(6, (3, 2), strides=(2, 1), activation='tanh'),
    tf.keras.layers.AveragePooling2D(pool_size=2, strides=1, padding='same'),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(3, activation='softmax'),
])
model.set_weights([np.cos(np.arange(w.size) * 0.61).reshape(w.shape) * 0.4 for w in model.get_weights()])
model.summary()
model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss='sparse_categorical_crossentropy', metrics=['accuracy'])
h = model.fit(images, labels, epochs=5, batch_size=4, shuffle=False, verbose=0)
print([round(v, 5) for v in h.history['loss']])
print(h.history['accuracy'][-1])
print(model.predict(images[:3], verbose=0))
print(model.get_weights()[0][0, 0])
print(model.evaluate(images, labels, verbose=0))
