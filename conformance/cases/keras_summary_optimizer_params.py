import tensorflow as tf
import numpy as np
x = np.zeros((4, 3))
y = np.zeros((4, 1))
for i, opt in enumerate([tf.keras.optimizers.SGD(0.1), tf.keras.optimizers.SGD(0.1, momentum=0.9), 'adam',
                         tf.keras.optimizers.Adam(amsgrad=True), tf.keras.optimizers.RMSprop(momentum=0.5, centered=True),
                         tf.keras.optimizers.Adagrad()]):
    model = tf.keras.Sequential([tf.keras.Input(shape=(3,)), tf.keras.layers.Dense(2, name='d1'),
                                 tf.keras.layers.BatchNormalization(name='bn'), tf.keras.layers.Dense(1, name='d2')],
                                name='model_%d' % i)
    model.compile(optimizer=opt, loss='mse')
    if i == 0:
        model.summary()
    model.fit(x, y, epochs=1, verbose=0)
    model.summary()
