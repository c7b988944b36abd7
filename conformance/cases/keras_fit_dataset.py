import numpy as np
import tensorflow as tf

x = np.linspace(-1, 1, 40).reshape(40, 1).astype(np.float32)
y = 3 * x + 1
ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(8)
model = tf.keras.Sequential([tf.keras.layers.Input((1,)), tf.keras.layers.Dense(1)])
model.set_weights([np.array([[0.5]]), np.array([0.0])])
model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss="mse", metrics=["mae"])
history = model.fit(ds, epochs=3, verbose=0)
print({k: [round(v, 4) for v in vs] for k, vs in history.history.items()})
history = model.fit(ds.repeat(), epochs=2, steps_per_epoch=3, verbose=0)
print({k: [round(v, 4) for v in vs] for k, vs in history.history.items()})
history = model.fit(ds, epochs=2, validation_data=ds.take(2), verbose=0)
print({k: [round(v, 4) for v in vs] for k, vs in history.history.items()})
history = model.fit(ds, epochs=1, validation_data=(x[:8], y[:8]), verbose=0)
print(sorted(history.history))
print([round(v, 4) for v in model.evaluate(ds, verbose=0)])
print([round(v, 4) for v in model.evaluate(ds, steps=2, verbose=0)])
print(model.predict(ds, verbose=0).shape, model.predict(ds.map(lambda a, b: a), verbose=0).shape)
print(np.round(model.predict(ds.take(1), verbose=0)[:3], 4))
print(model.weights[0].numpy().round(4), model.weights[1].numpy().round(4))
try:
    model.fit(ds, y, epochs=1, verbose=0)
except ValueError as e:
    print("ValueError:", e)
try:
    model.fit(ds, validation_split=0.2, epochs=1, verbose=0)
except ValueError as e:
    print("ValueError:", e)
