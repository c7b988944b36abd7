import tensorflow as tf
import numpy as np
print(tf.keras.losses.MAE.__name__, tf.keras.losses.mse.__name__, tf.keras.losses.MSE is tf.keras.losses.mse)
x = np.array([[1.0], [2.0], [3.0]])
y = np.array([[2.0], [4.0], [6.0]])
for loss in [tf.keras.losses.MAE, tf.keras.losses.mse, tf.keras.losses.MeanSquaredError(), 'huber']:
    model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1)])
    model.set_weights([np.array([[0.5]]), np.array([0.1])])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss=loss)
    h = model.fit(x, y, epochs=3, shuffle=False, verbose=0)
    print([round(v, 4) for v in h.history['loss']])
