import tensorflow as tf
import numpy as np
# An imbalanced two-class problem: class_weight makes the rare class count five times.
x = np.array([[0.1, 0.9], [0.4, 0.2], [0.8, 0.3], [0.3, 0.7], [0.9, 0.8], [0.2, 0.1], [0.6, 0.5], [0.7, 0.9]])
y = np.array([[0], [0], [1], [0], [1], [0], [0], [0]])
model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1, activation='sigmoid')])
model.set_weights([np.array([[0.3], [-0.2]]), np.array([0.1])])
model.compile(optimizer=tf.keras.optimizers.SGD(0.5), loss='binary_crossentropy', metrics=['accuracy'])
h = model.fit(x, y, epochs=5, batch_size=4, shuffle=False, verbose=0, class_weight={0: 1.0, 1: 5.0})
print([round(v, 4) for v in h.history['loss']])
print([round(v, 4) for v in h.history['accuracy']])
print(model.get_weights())
print(model.evaluate(x, y, verbose=0))
