import tensorflow as tf
import numpy as np

# Activations given as functions (tf.nn.relu, tf.keras.activations.softmax), as the LeNet lessons write them.
x = np.cos(np.arange(24) * 0.7).reshape(8, 3)
y = np.arange(8) % 2
model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=[3]),
    tf.keras.layers.Dense(5, activation=tf.nn.relu),
    tf.keras.layers.Dense(4, activation=tf.nn.tanh),
    tf.keras.layers.Dense(2, activation=tf.keras.activations.softmax),
])
model.set_weights([np.sin(np.arange(w.size) * 0.8 + 0.1).reshape(w.shape) * 0.7 for w in model.get_weights()])
model.compile(optimizer=tf.keras.optimizers.SGD(0.2), loss='sparse_categorical_crossentropy')
h = model.fit(x, y, epochs=4, batch_size=4, shuffle=False, verbose=0)
print([round(v, 5) for v in h.history['loss']])
print(model.predict(x[:2], verbose=0))
print(np.round(np.array(tf.nn.relu(np.array([-1.5, 0.0, 2.5]))), 4))
print(np.round(np.array(tf.nn.softmax(np.array([[1.0, 2.0, 3.0]]))), 4))
