import tensorflow as tf
import numpy as np
model = tf.keras.Sequential([tf.keras.Input(shape=(6,)), tf.keras.layers.Reshape((3, 2)), tf.keras.layers.Dense(2),
                             tf.keras.layers.BatchNormalization(momentum=0.8), tf.keras.layers.Activation('softmax'),
                             tf.keras.layers.Flatten(), tf.keras.layers.Dense(1)])
model.summary()
model.set_weights([np.array([[0.5, -0.2], [0.3, 0.4]]), np.array([0.1, -0.1]), np.ones(2), np.zeros(2), np.zeros(2), np.ones(2),
                   np.array([[0.2], [-0.3], [0.4], [0.1], [-0.5], [0.6]]), np.array([0.05])])
x = np.array([[0.1, 0.2, 0.3, 0.4, 0.5, 0.6], [1.0, -1.0, 0.5, -0.5, 0.2, 0.0], [0.3, 0.3, -0.2, 0.8, 0.1, -0.4],
              [0.9, 0.1, -0.3, 0.2, 0.7, -0.6]])
y = np.array([[1.0], [0.0], [0.5], [0.2]])
model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss='mse')
h = model.fit(x, y, epochs=5, batch_size=2, shuffle=False, verbose=0)
print([round(v, 5) for v in h.history['loss']])
print(model.predict(x, verbose=0))
print(model.get_weights()[:6])
