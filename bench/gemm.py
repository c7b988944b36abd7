# The matrix product alone for scripts/bench: GFLOP/s of a @ b for square matrices in float64 and
# float32, the best of several repetitions; the same file runs under nn and under python3 with numpy.
import time
import numpy as np

np.random.seed(0)
for size in [256, 512, 1024]:
    for dtype in ['float64', 'float32']:
        a = np.random.rand(size, size).astype(dtype)
        b = np.random.rand(size, size).astype(dtype)
        repeats = {256: 40, 512: 15, 1024: 6}[size]
        best = 1e9
        for _ in range(repeats):
            start = time.perf_counter()
            c = a @ b
            best = min(best, time.perf_counter() - start)
        print(f'gemm_{size}_{dtype}', round(2 * size ** 3 / best / 1e9, 2))
