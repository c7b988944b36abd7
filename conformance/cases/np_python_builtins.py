# Python's built-ins on numpy values, as numpy defines them; NaN and infinity tests.
import numpy as np
weights = np.array([[-0.5, 1.25], [2.0, -3.5]])
print(abs(weights), abs(np.float64(-2.5)), abs(np.float32(-1.5)), abs(np.int64(-3)))
print(round(np.float64(2.567), 2), round(np.float64(2.5)), round(np.float32(1.23456), 3), type(round(np.float64(7.6))))
print(divmod(np.float64(7.0), 2), pow(np.array([2.0, 3.0]), 2), min(np.array([3, 1, 2])), max(np.array([1.5, 2.5])))
a = np.array([1.0, np.nan, np.inf, -np.inf, 0.0])
print(np.isnan(a), np.isinf(a), np.isfinite(a), np.isnan(a).sum(), a[np.isfinite(a)])
print(np.isnan(np.float64(np.nan)), np.isinf(np.array([[1, 2]])))
class Money:
    def __init__(self, v): self.v = v
    def __abs__(self): return Money(abs(self.v))
    def __round__(self, n=0): return Money(round(self.v, n))
    def __repr__(self): return f'Money({self.v})'
print(abs(Money(-3.5)), round(Money(2.675), 2), round(Money(2.5)))
