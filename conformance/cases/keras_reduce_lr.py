import tensorflow as tf
import numpy as np
x = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
y = np.array([[1.0], [3.1], [4.9], [7.2], [9.0], [10.8]])
model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1)])
model.set_weights([np.array([[0.1]]), np.array([0.0])])
model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss='mse', metrics=['accuracy'])
reduce = tf.keras.callbacks.ReduceLROnPlateau(monitor='loss', factor=0.5, patience=1, verbose=1, min_delta=2.5, cooldown=1,
                                              min_lr=0.01)
h = model.fit(x, y, epochs=12, shuffle=False, verbose=0, callbacks=[reduce])
print([round(v, 5) for v in h.history['learning_rate']])
print([round(v, 4) for v in h.history['loss']])
print(model.get_weights())
