import tensorflow as tf
print(tf.constant([1, 2]) * 2)
print(tf.constant([1, 2]) + tf.constant([1.5, 2.5]))
