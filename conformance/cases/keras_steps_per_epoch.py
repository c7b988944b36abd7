import tensorflow as tf
import numpy as np

x = np.arange(20.0).reshape(10, 2) / 10
y = np.arange(10.0) / 5
model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), tf.keras.layers.Dense(1)])
model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss='mse')
model.set_weights([np.array([[0.1], [0.2]]), np.zeros(1)])
seen = []
log = tf.keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(batch),
                                        on_epoch_end=lambda epoch, logs: seen.append('end'))
h = model.fit(x, y, batch_size=4, epochs=3, steps_per_epoch=2, verbose=0, shuffle=False, callbacks=[log])
print(seen)
print([round(v, 5) for v in h.history['loss']])
seen.clear()
h = model.fit(x, y, batch_size=4, epochs=2, steps_per_epoch=5, verbose=0, shuffle=False, callbacks=[log])
print(seen, [round(v, 5) for v in h.history['loss']])
print(round(model.evaluate(x, y, batch_size=4, steps=1, verbose=0), 5), round(model.evaluate(x, y, verbose=0), 5))
h = model.fit(x, y, batch_size=4, epochs=2, verbose=0, shuffle=False, validation_data=(x[::-1], y[::-1]),
              validation_steps=1)
print([round(v, 5) for v in h.history['val_loss']])
