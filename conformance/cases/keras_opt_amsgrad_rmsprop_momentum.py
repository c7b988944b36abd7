import tensorflow as tf
import numpy as np
x = np.array([[0.5, -1.0], [1.5, 0.3], [-0.7, 2.0], [1.0, 1.0], [0.2, -0.4]])
y = np.array([[1.0], [2.0], [-1.0], [0.5], [0.3]])
for optimizer in [tf.keras.optimizers.Adam(0.05, amsgrad=True),
                  tf.keras.optimizers.RMSprop(0.01, momentum=0.9),
                  tf.keras.optimizers.RMSprop(0.01, centered=True),
                  tf.keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True)]:
    model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(3, activation='tanh'), tf.keras.layers.Dense(1)])
    model.set_weights([np.array([[0.2, -0.3, 0.4], [0.1, 0.5, -0.2]]), np.array([0.0, 0.1, -0.1]),
                       np.array([[0.3], [-0.4], [0.2]]), np.array([0.05])])
    model.compile(optimizer=optimizer, loss='mse')
    h = model.fit(x, y, epochs=20, batch_size=2, shuffle=False, verbose=0)
    print(type(optimizer).__name__, round(h.history['loss'][0], 5), round(h.history['loss'][-1], 5))
    print(model.predict(x, verbose=0))
