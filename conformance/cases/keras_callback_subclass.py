# The course idiom: a Callback subclass stops fit at a loss threshold; a callback with __init__
# and super(), whose additions to the epoch logs reach the history.
import tensorflow as tf
import numpy as np
class myCallback(tf.keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs={}):
        if logs.get('loss') < 0.5:
            print("\nReached loss below 0.5 so cancelling training!")
            self.model.stop_training = True
callbacks = myCallback()
x = np.arange(20, dtype=float).reshape(10, 2) / 10
y = x.sum(axis=1, keepdims=True)
model = tf.keras.Sequential([tf.keras.layers.Input(shape=(2,)), tf.keras.layers.Dense(1)])
model.set_weights([np.array([[0.3], [-0.2]]), np.array([0.1])])
model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss='mse')
h = model.fit(x, y, epochs=50, batch_size=5, shuffle=False, verbose=0, callbacks=[callbacks])
print(len(h.history['loss']), [round(v, 4) for v in h.history['loss']])
print(callbacks.model is model)
class Recorder(tf.keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.seen = []
    def on_train_begin(self, logs=None):
        print('begin', logs)
    def on_epoch_end(self, epoch, logs=None):
        self.seen.append(epoch)
        logs['double_loss'] = logs['loss'] * 2
    def on_train_end(self, logs=None):
        print('end', sorted(logs))
r = Recorder()
h = model.fit(x, y, epochs=3, batch_size=5, shuffle=False, verbose=0, callbacks=[r])
print(r.seen, sorted(h.history), [round(a / b, 4) for a, b in zip(h.history['double_loss'], h.history['loss'])])
