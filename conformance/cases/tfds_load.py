import tensorflow_datasets as tfds

# A folder TensorFlow Datasets prepared: fashion_mnist with 6 training and 4 test images.
dataset, metadata = tfds.load('fashion_mnist', data_dir='data/tensorflow_datasets', download=False,
                              as_supervised=True, with_info=True)
train_dataset, test_dataset = dataset['train'], dataset['test']
print(train_dataset)
class_names = metadata.features['label'].names
print("Class names:", class_names)
num_train_examples = metadata.splits['train'].num_examples
num_test_examples = metadata.splits['test'].num_examples
print("Number of training examples: {}".format(num_train_examples))
print("Number of test examples:     {}".format(num_test_examples))
print(metadata.features)
print(metadata.features['image'].shape, metadata.features['label'].num_classes, metadata.features['label'].int2str(7))
print(metadata.splits, metadata.supervised_keys, metadata.name, metadata.version, metadata.full_name)
for image, label in test_dataset.take(2):
    print(image.shape, image.dtype, label, image.numpy()[13, :6, 0])
plain = tfds.load('fashion_mnist', split='train', data_dir='data/tensorflow_datasets', download=False)
print(plain)
example = next(iter(plain))
print(sorted(example.keys()), example['label'], int(example['image'].numpy().sum()))
parts = tfds.load('fashion_mnist', split=['train[:50%]', 'train[50%:]', 'test[-1:]', 'train+test'],
                  data_dir='data/tensorflow_datasets', download=False)
print([len(p) for p in parts])
print([int(y) for _, y in tfds.as_numpy(tfds.load('fashion_mnist', split='train[2:5]', as_supervised=True,
                                                      data_dir='data/tensorflow_datasets', download=False))])
images, labels = tfds.load('fashion_mnist', split='test', batch_size=-1, as_supervised=True,
                           data_dir='data/tensorflow_datasets', download=False)
print(images.shape, labels)
for name in ['validation', 'train[:200]', 'train[1%]', 'train[:150%]', 'train[::]']:
    try:
        tfds.load('fashion_mnist', split=name, data_dir='data/tensorflow_datasets', download=False)
    except ValueError as e:
        print("ValueError:", e)
builder = tfds.builder('fashion_mnist', data_dir='data/tensorflow_datasets')
print(builder.info.splits['train'].num_examples, builder.name)
ds = builder.as_dataset(split='train', as_supervised=True)
print(ds, len(ds), sorted(builder.as_dataset()))
