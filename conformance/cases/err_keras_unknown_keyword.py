import tensorflow as tf
print(tf.keras.layers.Dense(3).units)
layer = tf.keras.layers.Dense(3, activaton='relu')
