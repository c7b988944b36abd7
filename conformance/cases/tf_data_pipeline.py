import numpy as np
import tensorflow as tf

ds = tf.data.Dataset.from_tensor_slices(np.arange(10))
print(ds)
print(len(ds), ds.cardinality())
print(list(ds.map(lambda x: x * 2).as_numpy_iterator()))
print(ds.map(lambda x: x * 2, num_parallel_calls=tf.data.AUTOTUNE))
for b in ds.batch(4):
    print(b)
print(list(ds.batch(4, drop_remainder=True).as_numpy_iterator()))
print(ds.batch(4).element_spec, ds.batch(4, drop_remainder=True).element_spec)
print(list(ds.take(3).as_numpy_iterator()), list(ds.skip(7).as_numpy_iterator()))
print(list(ds.filter(lambda x: x % 3 == 0).as_numpy_iterator()))
print(list(ds.take(3).repeat(2).as_numpy_iterator()), ds.repeat().cardinality().numpy())
print(list(ds.batch(3).unbatch().as_numpy_iterator()))
print(list(tf.data.Dataset.range(2, 10, 3).as_numpy_iterator()))
print(list(ds.take(2).concatenate(ds.skip(8)).as_numpy_iterator()))
for i, x in ds.take(2).enumerate(5):
    print(i.numpy(), x.numpy())
print(list(ds.prefetch(tf.data.AUTOTUNE).cache().take(2).as_numpy_iterator()))
for name, d in [("take", ds.take(-1)), ("skip", ds.skip(20)), ("filter", ds.filter(lambda x: x > 5)),
                ("repeat0", ds.repeat(0)), ("zip", tf.data.Dataset.zip((ds, ds.take(4))))]:
    print(name, d.cardinality().numpy(), type(d).__name__)
print(tf.data.AUTOTUNE, tf.data.INFINITE_CARDINALITY, tf.data.UNKNOWN_CARDINALITY)
try:
    len(ds.repeat())
except TypeError as e:
    print("TypeError:", e)
try:
    len(ds.filter(lambda x: x > 2))
except TypeError as e:
    print("TypeError:", e)

# Images and labels, as the Fashion-MNIST lesson pairs them.
images = (np.arange(6 * 2 * 2) % 7).reshape(6, 2, 2).astype(np.uint8)
labels = np.array([3, 1, 4, 1, 5, 9])
pairs = tf.data.Dataset.from_tensor_slices((images, labels))
print(pairs.element_spec)
def normalize(image, label):
    image = tf.cast(image, tf.float32)
    image /= 255
    return image, label
normalized = pairs.map(normalize)
print(normalized)
for image, label in normalized.take(1):
    print(image, label)
for x, y in normalized.batch(4):
    print(x.shape, y.numpy())
print(next(iter(normalized.batch(2).as_numpy_iterator())))
columns = tf.data.Dataset.from_tensor_slices({"temperature": [20.0, 25.5], "sales": [40, 51]})
print(columns.element_spec)
print(list(columns.as_numpy_iterator()))
print(tf.data.Dataset.from_tensors([1, 2]).element_spec)
print(ds.map(lambda x: [x, x]).element_spec)
print(ds.map(lambda x: 3).element_spec)
try:
    tf.data.Dataset.from_tensor_slices((np.zeros(3), np.zeros(4)))
except ValueError as e:
    print("ValueError:", e)
try:
    tf.data.Dataset.from_tensor_slices(3)
except ValueError as e:
    print("ValueError:", e)
