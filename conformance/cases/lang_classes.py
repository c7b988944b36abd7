# Classes: attributes, methods, inheritance with super(), static and class methods, properties,
# operators, user exceptions, the C3 method resolution order.
class Animal:
    kind = 'animal'
    count = 0
    def __init__(self, name, sound='...'):
        self.name = name
        self.sound = sound
        Animal.count += 1
    def speak(self):
        return f'{self.name} says {self.sound}'
    def __repr__(self):
        return f'Animal({self.name!r})'
    @staticmethod
    def create(n):
        return Animal(n)
    @classmethod
    def describe(cls):
        return cls.__name__ + ' ' + cls.kind
    @property
    def upper(self):
        return self.name.upper()
    @upper.setter
    def upper(self, v):
        self.name = v.lower()

class Dog(Animal):
    kind = 'dog'
    def __init__(self, name):
        super().__init__(name, 'woof')
    def speak(self):
        return super().speak() + '!'

d = Dog('Rex')
print(d.speak(), d, repr(d), str(d))
print(Dog.describe(), Animal.describe(), d.describe())
print(Animal.create('cat'), Animal.count)
print(d.upper); d.upper = 'MAX'; print(d.name)
print(isinstance(d, Animal), isinstance(d, Dog), issubclass(Dog, Animal), type(d).__name__, type(d))
print(Dog.__mro__)
print(vars(d), d.__dict__)
print(hasattr(d, 'name'), getattr(d, 'zzz', 5))
setattr(d, 'age', 3); print(d.age); delattr(d, 'age'); print(hasattr(d, 'age'))
class Vec:
    def __init__(self, x, y): self.x, self.y = x, y
    def __add__(self, o): return Vec(self.x + o.x, self.y + o.y)
    def __mul__(self, k): return Vec(self.x * k, self.y * k)
    __rmul__ = __mul__
    def __eq__(self, o): return isinstance(o, Vec) and (self.x, self.y) == (o.x, o.y)
    def __len__(self): return 2
    def __getitem__(self, i): return (self.x, self.y)[i]
    def __repr__(self): return f'Vec({self.x}, {self.y})'
    def __iter__(self):
        yield_list = [self.x, self.y]
        return iter(yield_list)
v = Vec(1, 2) + Vec(3, 4)
print(v, v * 2, 3 * v, v == Vec(4, 6), v != Vec(4, 6), len(v), v[0], list(v))
try:
    {v: 1}
except TypeError as e:
    print('TypeError', e)
class MyError(ValueError):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code
try:
    raise MyError('bad thing', 42)
except ValueError as e:
    print(type(e).__name__, e, e.code, e.args)
class A: pass
class B(A): pass
class C(A): pass
class D(B, C): pass
print([k.__name__ for k in D.__mro__])
print(repr(A()).split(' at ')[0], str(Dog.speak).split(' at ')[0])
