import tensorflow as tf
print(float(tf.keras.optimizers.Adam(beta_1=0.8).learning_rate))
opt = tf.keras.optimizers.Adam(learning_rate=0.1, beta1=0.8)
