# np.save / np.load / np.savez / np.savez_compressed, and the NpzFile np.load returns for an archive
import os, shutil
import numpy as np
root = '/tmp/nn_npy_case'
shutil.rmtree(root, ignore_errors=True)
os.makedirs(root)
os.chdir(root)
a = np.arange(12, dtype=np.float32).reshape(3, 4) / 7
np.save('a', a)
np.save('ints.npy', np.array([[1, -2], [3, 4]]))
np.save('flags.npy', np.array([True, False, True]))
np.save('pixels.npy', np.array([[0, 255], [17, 128]], dtype=np.uint8))
print(sorted(os.listdir('.')))
b = np.load('a.npy')
print(b.dtype, b.shape, (b == a).all())
print(b)
for name in ['ints.npy', 'flags.npy', 'pixels.npy']:
    x = np.load(name)
    print(name, x.dtype, x.shape, x.tolist())
print(os.path.getsize('a.npy'), os.path.getsize('pixels.npy'))
np.savez('both', a, labels=np.array([3, 1, 4]))
np.savez_compressed('small.npz', x_train=np.zeros((2, 2)), y_train=np.array([0, 1]))
with np.load('both.npz') as f:
    print(f.files, len(f), 'labels' in f, 'arr_0' in f, 'nope' in f)
    print(f['labels'], f['arr_0'].dtype)
data = np.load('small.npz')
print(data)
print(list(data), data['x_train'].shape, data['y_train'])
data.close()
try:
    np.load('both.npz')['missing']
except KeyError as e:
    print('KeyError', e)
open('notes.txt', 'w').write('not an array\n')
try:
    np.load('notes.txt')
except ValueError as e:
    print('ValueError', e)
try:
    np.load('absent.npy')
except FileNotFoundError as e:
    print('FileNotFoundError', e)
