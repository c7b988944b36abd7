import tensorflow as tf
import numpy as np

# A functional model with two inputs that branches and merges (concatenate, Add).
a = tf.keras.layers.Input(shape=[3], name='numbers')
b = tf.keras.layers.Input(shape=[2], name='extra')
joined = tf.keras.layers.concatenate([a, b])
hidden = tf.keras.layers.Dense(4, activation='relu')(joined)
skip = tf.keras.layers.Dense(4)(a)
merged = tf.keras.layers.Add()([hidden, skip])
out = tf.keras.layers.Dense(1)(tf.keras.layers.Concatenate()([merged, b]))
model = tf.keras.Model(inputs=[a, b], outputs=out)
model.summary()
print([w.shape for w in model.get_weights()])
model.set_weights([np.sin(np.arange(w.size) * 0.9 + 0.3).reshape(w.shape) * 0.5 for w in model.get_weights()])
x1 = np.cos(np.arange(30) * 0.3).reshape(10, 3)
x2 = np.sin(np.arange(20) * 0.5).reshape(10, 2)
y = x1.sum(axis=1, keepdims=True) - x2[:, :1] * 2
model.compile(optimizer=tf.keras.optimizers.Adam(0.05), loss='mse', metrics=['mae'])
h = model.fit([x1, x2], y, epochs=8, batch_size=4, shuffle=False, verbose=0)
print(list(h.history.keys()))
print([round(v, 5) for v in h.history['loss']])
print(model.predict([x1[:2], x2[:2]], verbose=0))
print(model.evaluate([x1, x2], y, verbose=0, return_dict=True))
