# The data model on script classes: context managers, iterators, __call__, comparisons for sorting,
# hashing, in-place operators; a class made inside a function; cooperative super() through a mixin.
class Timer:
    def __init__(self, label): self.label = label
    def __enter__(self):
        print('enter', self.label); return self
    def __exit__(self, kind, value, tb):
        print('exit', self.label, kind.__name__ if kind else None, value)
        return kind is ZeroDivisionError
with Timer('a') as t:
    print('inside', t.label)
with Timer('b'):
    1 / 0
print('after')
class Counter:
    def __init__(self, n): self.n = n; self.i = 0
    def __iter__(self): return self
    def __next__(self):
        if self.i >= self.n: raise StopIteration
        self.i += 1
        return self.i
print(list(Counter(3)), sum(Counter(4)))
for x in Counter(2): print('x', x)
class Poly:
    def __init__(self, *c): self.c = c
    def __call__(self, x): return sum(k * x ** i for i, k in enumerate(self.c))
    def __contains__(self, k): return k in self.c
    def __bool__(self): return any(self.c)
    def __lt__(self, o): return len(self.c) < len(o.c)
    def __repr__(self): return 'Poly' + repr(self.c)
p = Poly(1, 2, 3)
print(p(2), 2 in p, 9 in p, bool(Poly(0)), bool(p), callable(p))
print(sorted([Poly(1, 2, 3), Poly(1), Poly(4, 5)]), max([Poly(1), Poly(1, 1)]))
print([Poly(1)], {'k': Poly(2)})
m = p.__call__
print(m(1), Poly.__call__(p, 1))
print(p.__class__.__name__, p.__class__ is Poly)
def make():
    base = 10
    class Local:
        v = base + 1
        def get(self): return base + self.v
    return Local
L = make()
print(L().get(), L.v, L.__qualname__, L)
class Base:
    def hello(self): return 'base'
class Mixin:
    def hello(self): return 'mixin+' + super().hello()
class Child(Mixin, Base):
    def hello(self): return 'child+' + super().hello()
print(Child().hello())
class P:
    @property
    def x(self): return 1
try:
    P().x = 3
except AttributeError as e:
    print(e)
try:
    Child().hello(1)
except TypeError as e:
    print(e)
try:
    Timer()
except TypeError as e:
    print(e)
class NoInit: pass
try:
    NoInit(1)
except TypeError as e:
    print(e)
print(Child.hello.__qualname__, Child().hello.__name__, repr(Child().hello).split(' of ')[0])
class K:
    items = []
    def add(self, x): self.items.append(x)
k1, k2 = K(), K()
k1.add(1); k2.add(2); print(K.items)
class Temp:
    def __init__(self, c): self._c = c
    def __eq__(self, o): return self._c == o._c
    def __hash__(self): return hash(self._c)
print(len({Temp(1), Temp(1), Temp(2)}), Temp(1) in [Temp(1)])
class Num:
    def __init__(self, v): self.v = v
    def __iadd__(self, o): self.v += o; return self
    def __neg__(self): return Num(-self.v)
    def __str__(self): return f'<{self.v}>'
n = Num(1); n += 5; print(n, -n, str(n), [str(n)])
print(isinstance(3, (Num, int)), issubclass(bool, int))
class E(Exception): pass
try:
    raise E
except E as e:
    print(repr(e), type(e))
