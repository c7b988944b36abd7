import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Input(shape=[5]), tf.keras.layers.Conv2D(2, 3)])
