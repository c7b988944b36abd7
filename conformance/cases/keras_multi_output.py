import tensorflow as tf
import numpy as np

# A functional model with two outputs (a price and a kind), trained with one loss per output,
# weighted, and metrics per output; targets as a list and as a dict by output name.
inp = tf.keras.layers.Input(shape=(3,))
hidden = tf.keras.layers.Dense(4, activation='relu')(inp)
price = tf.keras.layers.Dense(1, name='price')(hidden)
kind = tf.keras.layers.Dense(3, activation='softmax', name='kind')(hidden)
model = tf.keras.Model(inp, [price, kind])
start = [np.sin(np.arange(w.size) * 0.7 + 0.2).reshape(w.shape) * 0.6 for w in model.get_weights()]
model.set_weights(start)
x = np.cos(np.arange(60) * 0.37).reshape(20, 3)
y_price = x.sum(axis=1, keepdims=True) * 0.5
y_kind = np.arange(20) % 3
model.compile(optimizer=tf.keras.optimizers.Adam(0.05),
              loss=['mse', 'sparse_categorical_crossentropy'], loss_weights=[2.0, 0.5],
              metrics=[['mae'], ['accuracy']])
h = model.fit(x, [y_price, y_kind], epochs=3, batch_size=8, shuffle=False, verbose=2,
              validation_data=(x[:6], [y_price[:6], y_kind[:6]]))
print(list(h.history.keys()))
print({k: [round(v, 4) for v in vs] for k, vs in h.history.items()})
print([round(v, 4) for v in model.evaluate(x, [y_price, y_kind], batch_size=8, verbose=0)])
p = model.predict(x[:2], verbose=0)
print(len(p), p[0].round(4), p[1].round(4))

# A loss by output name, targets by name, one loss for both outputs of a second model.
model.set_weights(start)
model.compile(optimizer='sgd', loss={'price': 'mse', 'kind': 'sparse_categorical_crossentropy'},
              metrics={'kind': 'accuracy'})
h = model.fit(x, {'price': y_price, 'kind': y_kind}, epochs=2, batch_size=5, shuffle=False, verbose=0)
print({k: [round(v, 4) for v in vs] for k, vs in h.history.items()})
print(model.evaluate(x, {'price': y_price, 'kind': y_kind}, verbose=0, return_dict=True).keys())

# An output without a loss is not trained and has no loss of its own in the logs.
model.set_weights(start)
model.compile(optimizer='sgd', loss=['mse', None])
h = model.fit(x, y_price, epochs=2, verbose=0)
print(list(h.history.keys()), [round(v, 4) for v in h.history['loss']])
print([bool(np.abs(w - s).max() < 1e-6) for w, s in zip(model.get_weights(), start)])
