import tensorflow as tf
import numpy as np
x = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0]])
y = np.array([[1.0], [3.1], [4.9], [7.2], [9.0], [10.8]])
def make():
    model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1)])
    model.set_weights([np.array([[0.1]]), np.array([0.0])])
    model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss='mse', metrics=['mae'])
    return model
model = make()
stop = tf.keras.callbacks.EarlyStopping(monitor='loss', patience=2, min_delta=0.5, verbose=1)
h = model.fit(x, y, epochs=50, shuffle=False, verbose=0, callbacks=[stop])
print(len(h.history["loss"]), h.epoch[-1], stop.stopped_epoch, stop.wait)
model = make()
seen = []
log = tf.keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append((epoch, round(logs['loss'], 3))),
                                        on_train_end=lambda logs: print('done', sorted(logs.keys())))
sched = tf.keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch > 1 else lr, verbose=1)
h = model.fit(x, y, epochs=4, shuffle=False, verbose=0, callbacks=[log, sched])
print(seen)
print([round(v, 5) for v in h.history['learning_rate']], sorted(h.history.keys()))
model = make()
def halt(batch, logs):
    if batch == 1:
        model.stop_training = True
h = model.fit(x, y, epochs=5, batch_size=2, shuffle=False, verbose=0, callbacks=[tf.keras.callbacks.LambdaCallback(on_train_batch_end=halt)])
print(len(h.history['loss']), model.get_weights())
model = make()
best = tf.keras.callbacks.EarlyStopping(monitor='val_mae', patience=1, restore_best_weights=True, verbose=1)
h = model.fit(x, y, epochs=30, shuffle=False, verbose=0, validation_data=(x[:3], y[:3] + 0.5), callbacks=[best])
print(len(h.history['val_mae']), [round(v, 4) for v in h.history['val_mae']][-3:])
print(model.get_weights())
