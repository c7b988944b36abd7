# numpy's integer scalars index lists, strings and tuples (class_names[np.argmax(predictions[0])])
import numpy as np
class_names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat']
predictions = np.array([[0.1, 0.2, 0.6, 0.05, 0.05]])
print(class_names[np.argmax(predictions[0])])
i = np.int64(1)
print([1, 2][i], "ab"[i], (1, 2)[i], [1, 2, 3][i:], [1, 2, 3][:np.int32(2)], class_names[-i])
x = [1, 2]
x[i] = 5
del x[np.int64(0)]
print(x)
