import numpy as np
import tensorflow as tf

# A 20x30 RGB gradient that TensorFlow encoded (data/images), decoded and resized.
for name in ['data/images/gradient.png', 'data/images/gradient.jpg']:
    image = tf.io.decode_image(tf.io.read_file(name))
    print(name, image.shape, image.dtype, int(tf.reduce_sum(tf.cast(image, tf.int64))), image.numpy()[3, 4].tolist())
png = tf.io.read_file('data/images/gradient.png')
print(tf.io.decode_png(png, channels=1).shape, tf.image.decode_png(png, channels=4).numpy()[0, 0].tolist())
jpeg = tf.io.decode_jpeg(tf.io.read_file('data/images/gradient.jpg'), channels=1)
print(jpeg.shape, jpeg.numpy()[5, :6, 0].tolist())
image = tf.io.decode_png(png)
small = tf.image.resize(image, (10, 15))
print(small.shape, small.dtype, np.round(small.numpy()[2, :4, 0], 3))
big = tf.image.resize(tf.cast(image, tf.float32) / 255.0, [25, 31])
print(big.shape, np.round(float(tf.reduce_mean(big)), 5))
nearest = tf.image.resize(image, (7, 9), method='nearest')
print(nearest.dtype, nearest.numpy()[:, :, 2].tolist())
batch = tf.image.resize(np.stack([image.numpy(), image.numpy()]), (4, 4))
print(batch.shape, np.round(batch.numpy()[1, 3, :, 1], 3))
