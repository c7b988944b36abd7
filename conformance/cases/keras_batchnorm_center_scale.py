import tensorflow as tf
import numpy as np
x = np.array([[0.5, -1.0, 2.0], [1.5, 0.3, -0.5], [-0.7, 2.0, 0.1], [1.0, 1.0, 1.0], [0.2, -0.4, 0.8], [2.0, 0.0, -1.0]])
y = np.array([[1.0], [2.0], [-1.0], [0.5], [0.3], [1.2]])
for center, scale in [(False, True), (True, False), (False, False)]:
    model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(2),
                                 tf.keras.layers.BatchNormalization(center=center, scale=scale, momentum=0.9),
                                 tf.keras.layers.Dense(1)])
    print(center, scale, [w.shape for w in model.get_weights()], model.count_params())
    model.set_weights([np.array([[0.2, -0.3], [0.1, 0.5], [-0.4, 0.2]]), np.array([0.0, 0.1])]
                      + [np.ones(2)] * scale + [np.zeros(2)] * center + [np.zeros(2), np.ones(2)]
                      + [np.array([[0.3], [-0.4]]), np.array([0.05])])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss='mse')
    h = model.fit(x, y, epochs=10, batch_size=3, shuffle=False, verbose=0)
    print(round(h.history['loss'][0], 4), round(h.history['loss'][-1], 4))
    print(model.predict(x, verbose=0))
