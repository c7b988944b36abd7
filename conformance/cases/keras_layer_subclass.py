# Custom layers: a subclass of tf.keras.layers.Layer with build / call / add_weight, used alone, in a
# Sequential model and in a functional one, trained by fit through automatic differentiation; a layer
# made of other layers, whose call takes training.
import tensorflow as tf
import numpy as np

class Linear(tf.keras.layers.Layer):
    def __init__(self, units=32, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer='ones', trainable=True, name='w')
        self.b = self.add_weight(shape=(self.units,), initializer='zeros', trainable=True, name='b')

    def call(self, inputs):
        return tf.matmul(inputs, self.w) + self.b

x = np.arange(12, dtype='float32').reshape(6, 2) / 10
y = x @ np.array([[2.0], [-1.0]], dtype='float32') + 0.5
layer = Linear(1)
print(layer.built, layer.name, isinstance(layer, tf.keras.layers.Layer))
out = layer(x[:2])
print(layer.built, out.shape, out.numpy().ravel())
print([w.name for w in layer.weights], [tuple(w.shape) for w in layer.trainable_weights], layer.count_params())
print(layer.w.path, layer.w.numpy().ravel())

model = tf.keras.Sequential([tf.keras.Input(shape=(2,)), Linear(1, name='lin')])
model.compile(optimizer=tf.keras.optimizers.SGD(0.1), loss='mse')
h = model.fit(x, y, epochs=20, batch_size=3, shuffle=False, verbose=0)
print([round(v, 4) for v in h.history['loss'][::5]])
print(np.round(model.get_weights()[0].ravel(), 4), np.round(model.get_weights()[1], 4))
model.summary()
print(type(model.layers[0]).__name__, model.layers[0].units, model.layers[0] is model.get_layer('lin'))

class Block(tf.keras.layers.Layer):
    def __init__(self, width, **kwargs):
        super().__init__(**kwargs)
        self.hidden = tf.keras.layers.Dense(width, activation='relu', kernel_initializer='ones')
        self.out = tf.keras.layers.Dense(1, kernel_initializer='ones')
        self.gain = self.add_weight(shape=(), initializer='ones', name='gain')

    def call(self, inputs, training=False):
        h = self.hidden(inputs)
        if training:
            h = h * 0.5
        return self.out(h) * self.gain

inputs = tf.keras.Input(shape=(2,))
block = Block(3, name='block')
outputs = block(inputs)
functional = tf.keras.Model(inputs, outputs)
print(block.built, [w.path for w in functional.weights])
print(np.round(functional.predict(x[:3], verbose=0).ravel(), 4))
print(np.round(block(x[:3], training=True).numpy().ravel(), 4))
functional.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss='mae')
h = functional.fit(x, y, epochs=10, batch_size=2, shuffle=False, verbose=0)
print([round(v, 4) for v in h.history['loss'][::3]])
print(round(float(block.gain.numpy()), 4))
functional.summary()
