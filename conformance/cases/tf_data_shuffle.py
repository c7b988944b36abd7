import tensorflow as tf

# The order a seed gives is TensorFlow's own random stream; what every shuffle keeps is checked here.
ds = tf.data.Dataset.range(20)
once = list(ds.shuffle(20, seed=7).as_numpy_iterator())
print(sorted(once) == list(range(20)), once != list(range(20)))
print(list(ds.shuffle(1).as_numpy_iterator()) == list(range(20)))
# A buffer of 2 can only hold back one element: each output is at most one place ahead.
small = list(ds.shuffle(2).as_numpy_iterator())
print(sorted(small) == list(range(20)), all(small[i] <= i + 1 for i in range(20)))
same = ds.shuffle(20, seed=3, reshuffle_each_iteration=False)
print(list(same.as_numpy_iterator()) == list(same.as_numpy_iterator()))
again = ds.shuffle(20, seed=3)
first, second = list(again.as_numpy_iterator()), list(again.as_numpy_iterator())
print(sorted(first) == sorted(second), first != second)
print(list(ds.shuffle(20, seed=5).as_numpy_iterator()) == list(ds.shuffle(20, seed=5).as_numpy_iterator()))
batches = list(ds.shuffle(20).batch(6).as_numpy_iterator())
print([len(b) for b in batches])
print(ds.shuffle(20).cardinality().numpy(), ds.shuffle(4))
