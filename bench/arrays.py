# Array workloads for scripts/bench: the same file runs under nn and under python3 with numpy.
# Each line printed is "name seconds", the best of several repetitions of the operation alone.
import time
import numpy as np

np.random.seed(0)
a = np.random.rand(1000000)
b = np.random.rand(1000000)
m = np.random.rand(256, 256)
n = np.random.rand(256, 256)

def best(f, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)

print('add_1e6', best(lambda: a + b, 20))
print('multiply_1e6', best(lambda: a * b, 20))
print('sum_1e6', best(lambda: a.sum(), 20))
print('matmul_256', best(lambda: m @ n, 5))
