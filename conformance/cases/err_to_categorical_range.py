import tensorflow as tf
print(tf.keras.utils.to_categorical([0, 1], num_classes=2))
tf.keras.utils.to_categorical([0, 5], num_classes=3)
