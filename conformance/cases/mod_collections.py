from collections import Counter, defaultdict, OrderedDict, namedtuple, deque
import collections

words = "the cat and the hat and the bat".split()
c = Counter(words)
print(c)
print(c.most_common(2))
print(c['dog'], 'dog' in c)
c['dog'] += 2
print(c)
c.update(['cat', 'cat'])
c.update({'hat': 5})
print(c, c.total())
print(sorted(c.elements()))
d = Counter(a=3, b=1)
e = Counter(a=1, b=2)
print(d + e, d - e, d | e, d & e)
d.subtract(e)
print(d)
print(isinstance(c, dict), type(c).__name__, type(c))
print(Counter(), Counter('abracadabra').most_common(3))
print(dict(Counter('aab')))
print(list(Counter('hello').keys()))

dd = defaultdict(list)
for k, v in [('a', 1), ('b', 2), ('a', 3)]:
    dd[k].append(v)
print(dd)
print(dd['zz'], len(dd))
print(dd.default_factory)
counts = defaultdict(int)
for ch in "mississippi":
    counts[ch] += 1
print(counts, dict(counts))
print(defaultdict(lambda: 'x')['q'])
plain = defaultdict()
try:
    plain['missing']
except KeyError as err:
    print('KeyError', err)
try:
    defaultdict(3)
except TypeError as err:
    print(err)
print(dd.copy())
print(isinstance(dd, dict))

od = OrderedDict()
od['b'] = 1; od['a'] = 2; od['c'] = 3
print(od)
od.move_to_end('b')
print(list(od))
od.move_to_end('c', last=False)
print(od)
print(od.popitem(), od.popitem(last=False), od)
print(OrderedDict(), OrderedDict([('x', 1)]))

Point = namedtuple('Point', ['x', 'y'])
p = Point(1, y=2)
print(p, p.x, p.y, p[0], p == (1, 2), len(p))
x, y = p
print(x + y)
print(p._asdict(), p._replace(x=10), Point._fields)
print(Point._make([5, 6]))
print(isinstance(p, tuple), type(p).__name__, Point)
Car = namedtuple('Car', 'make model year', defaults=[2020])
print(Car('vw', 'golf'), Car._field_defaults)
print(namedtuple('R', 'a, def, a', rename=True)._fields)
for bad in ['1x', '_x']:
    try:
        namedtuple('T', [bad])
    except ValueError as err:
        print(err)
try:
    Point(1)
except TypeError as err:
    print(err)
try:
    p._replace(z=1)
except ValueError as err:
    print(err)
print({p: 1})
print(sorted([Point(2, 1), Point(1, 5)]))

q = deque([1, 2, 3])
q.append(4); q.appendleft(0)
print(q, len(q), q[0], q[-1])
print(q.pop(), q.popleft(), q)
q.extend([7, 8]); q.extendleft([-1, -2])
print(q)
q.rotate(2); print(q)
q.rotate(-3); print(q)
w = deque(maxlen=3)
for i in range(6):
    w.append(i)
print(w, w.maxlen, list(w), 2 in w)
try:
    deque().pop()
except IndexError as err:
    print(err)
print(deque('abc') == deque('abc'), bool(deque()))
print(collections.Counter is Counter)
