import tensorflow as tf
import numpy as np

# Keras 3 lists the logs by name (history keys, evaluate's dict); evaluate's list keeps compile's order.
x = np.sin(np.arange(60) * 0.4).reshape(20, 3)
y = (x.sum(axis=1) > 0).astype(float)
m = tf.keras.Sequential([tf.keras.layers.Input(shape=[3]), tf.keras.layers.Dense(1, activation='sigmoid')])
m.set_weights([np.array([[0.2], [-0.1], [0.4]]), np.array([0.0])])
m.compile(loss='binary_crossentropy', metrics=['mae', 'accuracy'], optimizer=tf.keras.optimizers.SGD(0.5))
h = m.fit(x, y, epochs=3, shuffle=False, verbose=0, validation_split=0.25)
print(list(h.history.keys()))
print(h.history['val_accuracy'], h.history['mae'])
print(m.evaluate(x, y, verbose=0))
print(m.evaluate(x, y, verbose=0, return_dict=True))
