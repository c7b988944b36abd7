import numpy as np
import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.layers.Input((2, 2, 1)),
    tf.keras.layers.Rescaling(1. / 255),
    tf.keras.layers.Rescaling(2.0, offset=-1.0),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(1),
])
model.set_weights([np.array([[1.0], [2.0], [3.0], [4.0]]), np.array([0.5])])
model.summary()
x = np.array([[[[0], [255]], [[127.5], [51]]]], dtype=np.float32)
print(np.round(model.predict(x, verbose=0), 4))
print(model.layers[0].name, model.layers[1].name)
