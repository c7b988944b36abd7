# dataclasses: fields from annotations with defaults and default_factory, the generated __init__,
# __repr__, __eq__ and orderings, __post_init__, inheritance, asdict/astuple/fields, and the errors.
from dataclasses import dataclass, field, asdict, astuple, fields
import dataclasses
@dataclass
class Point:
    x: float
    y: float = 0.0
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
p = Point(3, 4)
print(p, p.norm(), p == Point(3, 4), p == Point(1), Point(y=2, x=1), Point.y)
@dataclass(order=True)
class Version:
    major: int
    minor: int = 0
    tags: list = field(default_factory=list)
print(sorted([Version(1, 2), Version(1, 0), Version(0, 9)]), Version(1) < Version(1, 1))
v = Version(2); v.tags.append('rc'); print(v, Version(2).tags)
@dataclass
class Config:
    name: str
    layers: int = 2
    def __post_init__(self):
        self.label = f'{self.name}-{self.layers}'
c = Config('net')
print(c, c.label, asdict(c), astuple(c), [f.name for f in fields(c)])
@dataclass
class Child(Point):
    z: float = 1.0
print(Child(1, 2, 3), dataclasses.is_dataclass(Child), dataclasses.is_dataclass(3))
for bad in ['Point()', 'Point(1, 2, 3)', 'Point(1, q=2)']:
    try:
        eval(bad) if False else None
    except TypeError as e:
        print(e)
try:
    Point()
except TypeError as e:
    print(e)
try:
    Point(1, 2, 3)
except TypeError as e:
    print(e)
try:
    @dataclass
    class Bad:
        items: list = []
except ValueError as e:
    print(e)
try:
    {Point(1, 2)}
except TypeError as e:
    print(e)
