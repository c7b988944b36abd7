import tensorflow as tf
import numpy as np

x = np.cos(np.arange(24) * 0.7).reshape(8, 3)
y = np.arange(8) % 3
def make(metrics, loss):
    model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(3)])
    model.set_weights([np.sin(np.arange(9) * 0.8 + 0.1).reshape(3, 3) * 0.7, np.zeros(3)])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.3), loss=loss, metrics=metrics)
    return model
model = make([tf.keras.metrics.SparseCategoricalAccuracy(), 'acc'],
             tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
h = model.fit(x, y, epochs=3, batch_size=4, shuffle=False, verbose=0)
print(sorted(h.history.keys()))
print([round(v, 5) for v in h.history['loss']], h.history['sparse_categorical_accuracy'], h.history['acc'])
print(model.evaluate(x, y, verbose=0))
model = make(['mean_absolute_error', tf.keras.metrics.MeanSquaredError(name='err')], 'mse')
h = model.fit(x, tf.keras.utils.to_categorical(y), epochs=2, shuffle=False, verbose=0,
              validation_data=(x[:4], tf.keras.utils.to_categorical(y[:4])))
print(sorted(h.history.keys()))
print([round(v, 5) for v in h.history['val_err']], [round(v, 5) for v in h.history['mean_absolute_error']])
stop = tf.keras.callbacks.EarlyStopping(monitor='val_err', patience=0)
h = model.fit(x, tf.keras.utils.to_categorical(y), epochs=5, shuffle=False, verbose=0,
              validation_data=(x[:4], tf.keras.utils.to_categorical(y[:4])), callbacks=[stop])
print(len(h.history['loss']))
