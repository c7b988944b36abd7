import tensorflow as tf
print(tf.keras.layers.Reshape((2, -1)).name)
layer = tf.keras.layers.Reshape((-1, -1))
