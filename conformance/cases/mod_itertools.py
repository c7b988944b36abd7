import itertools
from itertools import count, cycle, repeat, islice, chain, product, permutations, combinations
from itertools import accumulate, groupby, zip_longest, combinations_with_replacement, starmap
from itertools import takewhile, dropwhile, filterfalse, compress, pairwise
import operator

print(list(islice(count(), 5)), list(islice(count(10, 2), 3)), list(islice(count(0.5, 0.25), 3)))
print(list(islice(cycle('ab'), 5)), list(cycle([])))
print(list(repeat('x', 3)), list(islice(repeat(7), 2)), list(repeat(1, 0)))
print(list(islice(range(10), 2, 8, 2)), list(islice('abcdef', 3)), list(islice(range(5), 1, None)))
print(list(chain([1, 2], (3,), 'ab')), list(chain.from_iterable([[1], [2, 3]])))
print(list(product('ab', [1, 2])))
print(list(product([0, 1], repeat=2)), list(product()))
print(list(permutations([1, 2, 3])))
print(list(permutations('abc', 2)), list(permutations([1], 2)))
print(list(combinations('abcd', 2)), list(combinations(range(3), 0)), list(combinations([1], 3)))
print(list(combinations_with_replacement('abc', 2)))
print(list(accumulate([1, 2, 3, 4])), list(accumulate([1, 2, 3], operator.mul)))
print(list(accumulate([3, 1, 4], max)), list(accumulate([1, 2], initial=100)), list(accumulate([])))
for k, g in groupby('aaabbcaa'):
    print(k, list(g))
print([(k, len(list(g))) for k, g in groupby(sorted(['apple', 'avocado', 'banana', 'cherry', 'cranberry']), key=lambda w: w[0])])
groups = [(k, g) for k, g in groupby('aabb')]
print([(k, list(g)) for k, g in groups])
print(list(zip_longest('abc', [1])), list(zip_longest([1, 2], [3], fillvalue=0)))
print(list(starmap(pow, [(2, 3), (3, 2)])))
print(list(takewhile(lambda x: x < 3, [1, 2, 5, 1])), list(dropwhile(lambda x: x < 3, [1, 2, 5, 1])))
print(list(filterfalse(lambda x: x % 2, range(6))), list(compress('abcdef', [1, 0, 1, 0, 1, 1])))
print(list(pairwise([1, 2, 3, 4])), list(pairwise([1])))
print(type(chain()).__name__, type(count()), isinstance(chain(), itertools.chain))
it = iter(chain([1], [2]))
print(next(it), next(it), next(it, 'done'))
for i, x in zip(count(1), 'xyz'):
    print(i, x, end='; ')
print()
try:
    islice(range(3), -1)
except ValueError as e:
    print(e)
print(sum(1 for _ in combinations(range(10), 3)), len(list(permutations(range(5)))))
rows = [('b', 2), ('a', 3), ('c', 1)]
print(sorted(rows, key=operator.itemgetter(1)), sorted(rows, key=operator.itemgetter(0)))
print(operator.itemgetter(0, 1)('xyz'), operator.attrgetter('real')(3), operator.methodcaller('upper')('hi'))
print(operator.add(2, 3), operator.neg(4), operator.contains([1, 2], 2), operator.truediv(1, 4), operator.not_(0))
