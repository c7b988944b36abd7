# ImageDataGenerator on data/pets: the random augmentations differ from run to run, so shapes, labels and bounds are printed.
import numpy as np
import tensorflow as tf
from tensorflow.keras.preprocessing.image import ImageDataGenerator
gen = ImageDataGenerator(rescale=1./255, rotation_range=40, width_shift_range=0.2, height_shift_range=0.2,
                         shear_range=0.2, zoom_range=0.2, horizontal_flip=True, fill_mode='nearest')
train = gen.flow_from_directory('data/pets', target_size=(16, 16), batch_size=4, class_mode='binary')
print(len(train), train.class_indices, train.samples, train.classes, sorted(train.filenames)[:2])
x, y = next(train)
print(x.shape, x.dtype, y.shape, float(x.min()) >= 0, float(x.max()) <= 1)
plain = ImageDataGenerator(rescale=1./255).flow_from_directory('data/pets', target_size=(8, 8), batch_size=11, shuffle=False)
x, y = next(plain)
print(x.shape, y[:2], y.sum(axis=0), float(x.max()) <= 1.0)
model = tf.keras.Sequential([tf.keras.layers.Input((16, 16, 3)), tf.keras.layers.Flatten(), tf.keras.layers.Dense(1, activation='sigmoid')])
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
history = model.fit(train, steps_per_epoch=2, epochs=2, verbose=0, validation_data=train, validation_steps=1)
print(sorted(history.history), len(history.history['loss']))
arrays = ImageDataGenerator(horizontal_flip=True).flow(np.zeros((5, 4, 4, 1)), np.arange(5), batch_size=2)
print(len(arrays), [b[0].shape for b in [next(arrays), next(arrays), next(arrays)]])
