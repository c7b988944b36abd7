# Decorators of every kind (functions returning functions, with arguments, stacked) and functools:
# reduce, partial, wraps, lru_cache and cache; attributes set on functions.
import functools
from functools import reduce, partial, wraps, lru_cache
print(reduce(lambda a, b: a * b, [1, 2, 3, 4]), reduce(lambda a, b: a + b, [], 10))
try:
    reduce(lambda a, b: a, [])
except TypeError as e:
    print(e)
def power(base, exp=2):
    return base ** exp
cube = partial(power, exp=3)
print(cube(2), partial(power, 3)(), cube.func is power, cube.args, cube.keywords)
def logged(func):
    @wraps(func)
    def wrapper(*args, **kwargs):
        print('calling', func.__name__)
        return func(*args, **kwargs)
    return wrapper
@logged
def add(a, b):
    """Adds two numbers."""
    return a + b
print(add(1, 2), add.__name__, add.__doc__, add.__wrapped__.__name__)
def repeat(n):
    def decorate(f):
        def run(*a):
            return [f(*a) for _ in range(n)]
        return run
    return decorate
@repeat(3)
def hello(x): return 'hi ' + x
print(hello('bob'))
def bold(f): return lambda: '<b>' + f() + '</b>'
def italic(f): return lambda: '<i>' + f() + '</i>'
@bold
@italic
def text(): return 'x'
print(text())
@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), fib.cache_info())
@functools.cache
def sq(x): return x * x
print(sq(3), sq(3), sq.cache_info())
@lru_cache
def ident(x): return x
print(ident(1), ident(1), ident.cache_info())
@lru_cache(maxsize=2)
def f(x): return x
f(1); f(2); f(1); f(3); f(2)
print(f.cache_info())
def counter():
    counter.calls += 1
counter.calls = 0
counter(); counter()
print(counter.calls, counter.__dict__)
