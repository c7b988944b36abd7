import tensorflow as tf
print(round(2.5), round(3.14159, 2))
tf.keras.layers.Dropout()
