import numpy as np
import tensorflow as tf

# data/pets: cats (5 images) and dogs (6), PNG and JPEG files of different sizes, written by TensorFlow.
train = tf.keras.utils.image_dataset_from_directory('data/pets', image_size=(8, 8), batch_size=4, shuffle=False)
print(train.class_names, train.element_spec)
print([p.split('/')[-1] for p in train.file_paths])
for images, labels in train:
    print(images.shape, images.dtype, labels.numpy(), np.round(float(tf.reduce_sum(images)), 1))
gray = tf.keras.utils.image_dataset_from_directory('data/pets', image_size=(5, 6), color_mode='grayscale',
                                                   label_mode='categorical', batch_size=None, shuffle=False)
print(gray.element_spec)
image, label = next(iter(gray))
print(image.shape, label.numpy(), np.round(image.numpy()[0, :, 0], 2))
binary = tf.keras.utils.image_dataset_from_directory('data/pets', image_size=(4, 4), label_mode='binary', seed=7,
                                                     validation_split=0.3, subset='training')
print([p.split('/')[-1] for p in binary.file_paths], binary.cardinality().numpy())
val = tf.keras.utils.image_dataset_from_directory('data/pets', image_size=(4, 4), seed=7, validation_split=0.3,
                                                  subset='validation', interpolation='nearest')
print([p.split('/')[-1] for p in val.file_paths])
both = tf.keras.utils.image_dataset_from_directory('data/pets', image_size=(4, 4), seed=7, validation_split=0.3,
                                                   subset='both')
print(len(both), [len(d.file_paths) for d in both])
only_dogs = tf.keras.utils.image_dataset_from_directory('data/pets', class_names=['dogs'], image_size=(4, 4))
print(only_dogs.class_names, len(only_dogs.file_paths))
try:
    tf.keras.utils.image_dataset_from_directory('data/pets', label_mode='sparse')
except ValueError as e:
    print("ValueError:", e)
