import tensorflow as tf
import numpy as np
x = np.array([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]])
y = np.array([[2.0], [4.1], [5.9], [8.2], [9.8], [12.1]])
w = np.array([1.0, 0.5, 2.0, 1.0, 0.0, 3.0])
model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1)])
model.set_weights([np.array([[0.5]]), np.array([0.0])])
model.compile(optimizer=tf.keras.optimizers.SGD(0.01), loss='mse', metrics=['mae'])
h = model.fit(x, y, epochs=4, batch_size=4, shuffle=False, verbose=0, sample_weight=w)
print([round(v, 4) for v in h.history['loss']])
print([round(v, 4) for v in h.history['mae']])
print(model.get_weights())
print(model.evaluate(x, y, sample_weight=w, verbose=0))
print(model.evaluate(x, y, verbose=0, return_dict=True))
