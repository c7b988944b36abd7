import tensorflow as tf
import numpy as np
model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1)])
model.compile(loss='mse')
model.fit(np.zeros((2, 1)), np.zeros((2, 1)), epoch=3, verbose=0)
