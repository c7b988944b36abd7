import tensorflow as tf
import numpy as np
print(tf.keras.utils.to_categorical([0, 2, 1]))
print(tf.keras.utils.to_categorical(np.array([[1], [0]]), num_classes=3))
print(tf.keras.utils.to_categorical(np.array([1.0, 3.7])))
y = tf.keras.utils.to_categorical([[0, 1], [2, 0]])
print(y.shape, y.dtype, y.sum())
print(tf.keras.utils.to_categorical([-1, 0], num_classes=3))
from tensorflow.keras.utils import to_categorical
print(to_categorical([3], 5))
