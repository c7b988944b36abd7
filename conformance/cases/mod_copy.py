import copy
from collections import defaultdict, deque, namedtuple
import numpy as np

a = [1, [2, 3], {'k': [4]}]
s = copy.copy(a)
d = copy.deepcopy(a)
a[1].append(99); a[2]['k'].append(5); a.append('new')
print(s, d, s is a, s[1] is a[1], d[1] is a[1])
t = (1, 2, 'x')
print(copy.copy(t) is t, copy.deepcopy(t) is t, copy.deepcopy((1, [2]))[1] is (1, [2])[1])
shared = [0]
pair = [shared, shared]
dp = copy.deepcopy(pair)
print(dp[0] is dp[1], dp[0] is shared)
cyc = [1]
cyc.append(cyc)
cc = copy.deepcopy(cyc)
print(cc[1] is cc, cc[1] is cyc)

class Point:
    def __init__(self, x, tags):
        self.x = x
        self.tags = tags
    def __repr__(self):
        return f"Point({self.x}, {self.tags})"
p = Point(1, ['a'])
p2 = copy.copy(p)
p3 = copy.deepcopy(p)
p.tags.append('b')
print(p2, p3, type(p3).__name__, p2.tags is p.tags)

class Tracked:
    def __init__(self):
        self.items = [1]
    def __copy__(self):
        print('custom copy')
        new = Tracked()
        new.items = self.items
        return new
    def __deepcopy__(self, memo):
        print('custom deepcopy', type(memo).__name__)
        new = Tracked()
        new.items = copy.deepcopy(self.items, memo)
        return new
tr = Tracked()
print(copy.copy(tr).items is tr.items, copy.deepcopy(tr).items is tr.items)

dd = defaultdict(list, {'a': [1]})
dd2 = copy.deepcopy(dd)
dd['a'].append(2)
print(dd2, copy.copy(dd))
q = deque([[1], [2]], maxlen=5)
q2 = copy.deepcopy(q); q[0].append(0)
print(q2, copy.copy(q))
P = namedtuple('P', 'a b')
print(copy.deepcopy(P([1], 2)))
arr = np.array([1.0, 2.0])
c = copy.copy(arr); c[0] = 7
print(arr, c, copy.deepcopy({'w': arr})['w'] is arr)
print(copy.copy({1, 2}), copy.deepcopy(frozenset([3])))
f = lambda x: x
print(copy.deepcopy(f) is f, copy.copy(len) is len, copy.deepcopy(int) is int)
def gen():
    yield 1
try:
    copy.copy(gen())
except TypeError as e:
    print(e)
