# BatchNormalization after 120 epochs (1920 steps): the inference formula rounds as TensorFlow's does.
import tensorflow as tf
import pandas as pd
import numpy as np
보스턴 = pd.read_csv('data/boston.csv')
독립 = 보스턴[['crim', 'zn', 'indus', 'chas', 'nox', 'rm', 'age', 'dis', 'rad', 'tax', 'ptratio', 'b', 'lstat']]
종속 = 보스턴[['medv']]

X = tf.keras.layers.Input(shape=[13])
H = tf.keras.layers.Dense(8)(X)
H = tf.keras.layers.BatchNormalization()(H)
H = tf.keras.layers.Activation('swish')(H)
H = tf.keras.layers.Dense(8)(H)
H = tf.keras.layers.BatchNormalization()(H)
H = tf.keras.layers.Activation('swish')(H)
Y = tf.keras.layers.Dense(1)(H)
model = tf.keras.models.Model(X, Y)
w = model.get_weights()
print(len(w), [x.shape for x in w])
model.set_weights([np.array([[-0.022, -0.076, -0.217, 0.220, -0.296, 0.002, 0.239, -0.252], [0.033, 0.070, -0.275, -0.073, 0.122, -0.029, 0.135, -0.206], [-0.157, -0.233, 0.004, 0.254, 0.054, 0.165, -0.070, 0.148], [-0.239, -0.125, 0.105, 0.135, -0.047, -0.247, -0.140, -0.174], [-0.131, 0.186, -0.180, 0.232, 0.228, -0.267, -0.073, -0.005], [-0.286, -0.045, 0.244, -0.233, 0.058, -0.227, 0.047, 0.237], [-0.178, -0.295, -0.250, 0.024, -0.290, -0.249, -0.002, 0.253], [-0.048, -0.061, 0.083, -0.244, 0.048, -0.196, 0.065, 0.275], [-0.267, 0.033, 0.064, -0.210, -0.139, 0.297, 0.299, -0.227], [0.123, 0.271, -0.158, 0.067, -0.274, -0.080, 0.104, 0.054], [0.165, -0.248, -0.092, 0.218, 0.050, -0.029, -0.059, 0.292], [0.045, -0.289, 0.180, -0.103, -0.040, -0.172, -0.034, -0.105], [-0.247, 0.078, -0.238, 0.170, -0.285, 0.168, 0.185, -0.002]]), np.zeros(8), np.ones(8), np.zeros(8), np.zeros(8), np.ones(8),
                   np.array([[0.057, -0.057, 0.062, -0.235, 0.251, 0.259, 0.123, -0.272], [0.017, -0.138, -0.200, 0.362, 0.397, -0.364, 0.288, 0.083], [-0.095, -0.173, 0.140, -0.035, 0.149, 0.129, -0.294, 0.214], [0.386, 0.376, 0.091, -0.365, -0.397, -0.293, 0.353, -0.158], [-0.107, 0.319, -0.149, 0.039, -0.051, -0.348, 0.068, 0.275], [-0.275, -0.221, -0.070, -0.370, -0.003, 0.254, 0.126, 0.027], [0.284, -0.280, 0.054, -0.101, 0.081, -0.310, 0.220, -0.323], [-0.267, 0.246, 0.358, -0.053, -0.069, -0.204, -0.180, 0.094]]), np.zeros(8), np.ones(8), np.zeros(8), np.zeros(8), np.ones(8),
                   np.array([[-0.038], [0.048], [0.339], [-0.027], [0.006], [0.070], [-0.252], [0.010]]), np.zeros(1)])
model.compile(loss='mse')
model.summary()
h = model.fit(독립, 종속, epochs=120, batch_size=32, shuffle=False, verbose=0)
print(h.history['loss'][0], h.history['loss'][-1])
print(model.predict(독립[:5], verbose=0))
print(model.get_weights()[4:6])
