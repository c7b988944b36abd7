# Generators: yield, send, close with finally, yield from with return values, StopIteration.value,
# infinite generators stopped by break, errors from inside; lazy generator expressions.
def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return 'done'
print(list(count(5)), sum(count(101)))
g = count(2)
print(next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print('stop', e.value if hasattr(e, 'value') else None)
def echo():
    received = yield 'ready'
    while True:
        received = yield f'got {received}'
e = echo()
print(next(e), e.send(1), e.send('x'))
e.close()
def chain(*its):
    for it in its:
        result = yield from it
    return result
print(list(chain([1, 2], (3,), count(2))))
def outer():
    r = yield from count(3)
    yield r
print(list(outer()))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
for i, f in enumerate(fib()):
    if i >= 10: break
    print(f, end=' ')
print()
def cleanup():
    try:
        yield 1
        yield 2
    finally:
        print('cleaned')
c = cleanup()
print(next(c))
c.close()
print([x * 2 for x in count(4)], dict(zip('ab', count(2))), sorted(count(3), reverse=True))
def pipeline(lines):
    for line in lines:
        yield line.strip().upper()
print(list(pipeline([' a ', 'b '])))
print(type(count(1)).__name__, 'generator object count' in repr(count(1)))
def bad():
    yield 1
    raise ValueError('inside')
try:
    for x in bad(): print('x', x)
except ValueError as err:
    print('caught', err)
g = (x * x for x in range(5))
print(type(g).__name__, next(g), list(g), list(g))
print(sum(x for x in range(10) if x % 2), max(len(w) for w in ['a', 'bbb']))
print(list((i, j) for i in range(3) for j in range(i)))
def gen():
    return (lambda: k for k in range(3))
print([f() for f in gen()])
try:
    (x for x in 5)
except TypeError as e:
    print(e)
it = iter([1, 2, 3])
lazy = (v * 10 for v in it)
print(next(lazy), next(it), list(lazy))
print(any(x > 2 for x in [1, 5, 1/1]), ','.join(str(c) for c in 'abc'))
try:
    print(list(1 / x for x in [1, 0]))
except ZeroDivisionError as e:
    print('zero', e)
try:
    raise StopIteration
except StopIteration as e:
    print(e.value)
