import numpy as np
import matplotlib.pyplot as plt

class_names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']
image = (np.arange(28 * 28) % 29 / 28.0).reshape(28, 28)
plt.figure()
plt.imshow(image, cmap=plt.cm.binary)
plt.colorbar()
plt.grid(False)
plt.figure(figsize=(10, 10))
for i in range(25):
    plt.subplot(5, 5, i + 1)
    plt.xticks([])
    plt.yticks([])
    plt.grid(False)
    plt.imshow(image * (i + 1) % 1, cmap=plt.cm.binary)
    print(plt.xlabel(class_names[i % 10]))
predictions = np.array([0.05, 0.01, 0.02, 0.6, 0.2, 0.0, 0.1, 0.0, 0.01, 0.01])
thisplot = plt.bar(range(10), predictions, color="#777777")
print(thisplot, len(thisplot), thisplot[3])
thisplot[np.argmax(predictions)].set_color('red')
thisplot[4].set_color('blue')
print([round(float(b.get_height()), 2) for b in thisplot], thisplot[0].get_x(), thisplot[0].get_width())
print(plt.ylim([0, 1]))
ticks, labels = plt.xticks(range(10), class_names, rotation=45)
print(len(ticks), labels[:3])
print(plt.xticks([])[1], plt.yticks([0, 0.5])[1])
print(plt.xlabel("{} {:2.0f}% ({})".format(class_names[3], 100 * np.max(predictions), class_names[4]), color='red'))
plt.figure()
n, bins, patches = plt.hist([1, 2, 2, 3, 3, 3, 4.5], bins=4, color='C2', edgecolor='k')
print(n, bins, patches, patches[1])
n, bins, patches = plt.hist(np.linspace(0, 1, 50))
print(n, bins[:3], len(patches))
print(plt.axis('off'))
print(plt.cm.binary.name, plt.cm.gray(0), plt.get_cmap('gray_r').name)
plt.figure()
try:
    plt.colorbar()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    plt.imshow(np.zeros((2, 3, 5)))
except TypeError as e:
    print("TypeError:", e)
plt.tight_layout()
plt.close('all')
