# A subclass of tf.keras.Model: layers made in __init__, used in call; built by its first data,
# compiled, trained with fit (and a callback stopping it), evaluated, predicted, summarised.
import tensorflow as tf
import numpy as np

class Regressor(tf.keras.Model):
    def __init__(self, hidden=4):
        super().__init__()
        self.d1 = tf.keras.layers.Dense(hidden, activation='relu', kernel_initializer='ones')
        self.d2 = tf.keras.layers.Dense(1, kernel_initializer='ones')

    def call(self, inputs):
        return self.d2(self.d1(inputs))

x = np.linspace(-1, 1, 16, dtype='float32').reshape(8, 2)
y = (x[:, :1] * 3 - x[:, 1:] + 1).astype('float32')
model = Regressor(hidden=3)
print(model.built, len(model.layers), [type(l).__name__ for l in model.layers])
print(np.round(model(x[:2]).numpy().ravel(), 4), model.built)
print([w.path for w in model.trainable_variables])
model.compile(optimizer=tf.keras.optimizers.SGD(0.05), loss='mse', metrics=['mae'])
h = model.fit(x, y, epochs=12, batch_size=4, shuffle=False, verbose=0)
print(sorted(h.history), [round(v, 4) for v in h.history['loss'][::4]])
print([round(v, 4) for v in model.evaluate(x, y, verbose=0)])
print(np.round(model.predict(x[:3], verbose=0).ravel(), 4))
print(model.count_params(), isinstance(model, tf.keras.Model))
model.summary()

class Stop(tf.keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if logs['loss'] < 0.3:
            self.model.stop_training = True
            print('stopped at', epoch + 1, self.model is model)
h = model.fit(x, y, epochs=100, batch_size=4, shuffle=False, verbose=0, callbacks=[Stop()])
print(len(h.history['loss']))

# The layers a call uses inherit its training flag; a subclassed model in a GradientTape loop.
class Normed(tf.keras.Model):
    def __init__(self):
        super().__init__(name='normed')
        self.bn = tf.keras.layers.BatchNormalization()

    def call(self, inputs):
        return self.bn(inputs)

n = Normed()
print(n, np.round(n(x[:3]).numpy(), 3).tolist())
print(np.round(n(x[:3], training=True).numpy(), 3).tolist())
print([v.path for v in n.weights], [v.path for v in n.trainable_weights])

net = Regressor(hidden=2)
print(net.trainable_variables)
opt = tf.keras.optimizers.SGD(0.1)
for step in range(3):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(x) - y))
    grads = tape.gradient(loss, net.trainable_variables)
    opt.apply_gradients(zip(grads, net.trainable_variables))
    print(step, round(float(loss), 4), [tuple(g.shape) for g in grads])
net.summary()
