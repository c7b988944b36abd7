import tensorflow as tf
import numpy as np

x = tf.Variable(3.0)
print(x)
print(repr(x), x.dtype, x.shape, x.name)
with tf.GradientTape() as tape:
    y = x ** 2
dy_dx = tape.gradient(y, x)
print(dy_dx, dy_dx.numpy())
print(repr(tf.constant([[1, 2], [3, 4]])))
w = tf.Variable(tf.ones((3, 2)), name='w')
b = tf.Variable(tf.zeros(2, dtype=tf.float32), name='b')
print(w)
v = tf.constant([[1.0, 2.0, 3.0]])
with tf.GradientTape(persistent=True) as tape:
    y = v @ w + b
    loss = tf.reduce_mean(y ** 2)
[dl_dw, dl_db] = tape.gradient(loss, [w, b])
print(loss, dl_dw, dl_db)
grads = tape.gradient(loss, {'w': w, 'b': b})
print(sorted(grads.keys()), grads['b'])
print(tape.gradient(y, b))
c = tf.constant(2.0)
with tf.GradientTape() as t2:
    t2.watch(c)
    z = tf.exp(c) * tf.sin(c) + tf.sqrt(c) - tf.math.log(c) / tf.square(c)
print(t2.gradient(z, c))
u = tf.Variable(1.0)
with tf.GradientTape() as t3:
    q = 2.0 * c
print(t3.gradient(q, u))
try:
    t3.gradient(q, u)
except RuntimeError as e:
    print('RuntimeError', e)
x.assign(5.0)
print(x.numpy())
x.assign_add(1.0)
x.assign_sub(0.5)
print(x.numpy(), (x * 2).numpy(), x + 1)
print(tf.Variable([1, 2]))
with tf.GradientTape() as t4:
    s = tf.reduce_sum(tf.nn.relu(w * 2.0 - 1.5) + tf.nn.sigmoid(w) + tf.abs(w - 3.0) + tf.tanh(w))
print(t4.gradient(s, w))
with tf.GradientTape() as t5:
    s = tf.reduce_sum(tf.nn.softmax(v * w[:, 0]) * tf.constant([1.0, 2.0, 3.0]))
print(t5.gradient(s, w))
with tf.GradientTape() as t6:
    s = tf.reduce_mean(tf.maximum(v, 2.0) * w[0, 0] + tf.reshape(w, [1, 6])[:, 1:4] @ tf.transpose(v))
print(t6.gradient(s, w))
