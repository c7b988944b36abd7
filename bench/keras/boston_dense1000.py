# a learner's Boston model: two Dense(1000) layers with BatchNormalization, 50 epochs
import tensorflow as tf
import pandas as pd
보스턴 = pd.read_csv('data/boston.csv')
독립 = 보스턴[['crim', 'zn', 'indus', 'chas', 'nox', 'rm', 'age', 'dis', 'rad', 'tax', 'ptratio', 'b', 'lstat']]
종속 = 보스턴[['medv']]
X = tf.keras.layers.Input(shape=[13])
H = tf.keras.layers.Dense(1000, activation='swish')(X)
H = tf.keras.layers.BatchNormalization()(H)
H = tf.keras.layers.Dense(1000, activation='swish')(H)
H = tf.keras.layers.BatchNormalization()(H)
Y = tf.keras.layers.Dense(1)(H)
model = tf.keras.models.Model(X, Y)
model.compile(loss='mse')
model.fit(독립, 종속, epochs=50, verbose=0)
print(model.predict(독립[:5], verbose=0))
