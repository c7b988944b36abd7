import tensorflow as tf
import numpy as np
model = tf.keras.Sequential([tf.keras.Input(shape=(6,)), tf.keras.layers.Reshape((3, 2)), tf.keras.layers.Dense(2, activation='tanh'),
                             tf.keras.layers.Reshape((-1,)), tf.keras.layers.Dense(1)])
model.summary()
print(model.output_shape, [w.shape for w in model.get_weights()])
model.set_weights([np.array([[0.5, -0.2], [0.3, 0.4]]), np.array([0.1, -0.1]), np.array([[0.2], [-0.3], [0.4], [0.1], [-0.5], [0.6]]), np.array([0.05])])
x = np.array([[0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [1.0, -1.0, 0.5, -0.5, 0.2, 0.0], [0.3, 0.3, -0.2, 0.8, 0.1, -0.4]])
y = np.array([[1.0], [0.0], [0.5]])
print(model.predict(x, verbose=0))
model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss='mse')
h = model.fit(x, y, epochs=5, shuffle=False, verbose=0)
print([round(v, 5) for v in h.history['loss']])
print(model.get_weights())
inner = tf.keras.Sequential([tf.keras.Input(shape=(4, 3)), tf.keras.layers.Dense(2)])
inner.set_weights([np.ones((3, 2)), np.zeros(2)])
print(inner.predict(np.arange(24.0).reshape(2, 4, 3), verbose=0))
inner.compile(optimizer='sgd', loss='mse')
print(round(inner.evaluate(np.arange(24.0).reshape(2, 4, 3), np.zeros((2, 4, 2)), verbose=0), 3))
