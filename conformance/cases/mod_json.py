import json
from collections import Counter, OrderedDict, namedtuple
import numpy as np

data = {"name": "레모네이드", "temps": [20.5, 21, 22], "ok": True, "none": None, "nested": {"b": 1, "a": [1, {"x": []}]}, "empty": {}}
print(json.dumps(data))
print(json.dumps(data, ensure_ascii=False))
print(json.dumps(data, indent=2, sort_keys=True))
print(json.dumps(data, indent="\t", ensure_ascii=False))
print(json.dumps([1, 2], indent=0))
print(json.dumps({"a": 1, "b": 2}, separators=(",", ":")))
print(json.dumps({1: 'int', 2.5: 'float', True: 'bool', None: 'none'}))
print(json.dumps((1, 2)), json.dumps("quote\"back\\slash\nnew\ttab\x01"), json.dumps("😀é"))
print(json.dumps(float('nan')), json.dumps(float('inf')), json.dumps(-float('inf')), json.dumps(1e100), json.dumps(0.1), json.dumps(2**70))
print(json.dumps(Counter('aab')), json.dumps(OrderedDict(x=1)), json.dumps(namedtuple('P', 'x y')(1, 2)))
print(json.dumps(np.float64(0.5)))
for bad in [{1, 2}, np.int64(3), np.float32(1.5), object]:
    try:
        json.dumps(bad)
    except TypeError as e:
        print('TypeError', e)
try:
    json.dumps({(1, 2): 3})
except TypeError as e:
    print(e)
print(json.dumps({(1, 2): 3, 'k': 4}, skipkeys=True))
try:
    json.dumps(float('nan'), allow_nan=False)
except ValueError as e:
    print(e)
loop = []
loop.append(loop)
try:
    json.dumps(loop)
except ValueError as e:
    print(e)
print(json.dumps({1, 2}, default=sorted))
print(json.dumps({'b': 1, 'a': 2}, sort_keys=True, indent=4))

text = '{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "d\\u00e9\\ud83d\\ude00"}, "n": NaN, "big": 123456789012345678901234567890}'
v = json.loads(text)
print(v)
print(type(v['a'][0]), type(v['a'][1]), type(v['a'][2]))
print(json.loads('  "x"  '), json.loads('[]'), json.loads('{}'), json.loads('-0'), json.loads('1E3'))
print(json.loads('{"a": 1, "a": 2}'))
print(json.loads('[1.5]', parse_float=lambda s: 'F' + s), json.loads('[7]', parse_int=float))
print(json.loads('{"a": {"b": 1}}', object_hook=lambda d: sorted(d)))
print(json.loads('{"b": 1, "a": 2}', object_pairs_hook=OrderedDict))
print(json.loads(json.dumps(data)) == data)
for bad in ['', '[1, 2', '{"a" 1}', '{"a": 1,}', '[1,]', '{a: 1}', '"abc', '[1] x', 'tru', '"\\x"', '"\\u12"', '"a\nb"', '{"a": 1 "b": 2}', '\n\n  [1, }']:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print(repr(bad), '->', e, '|', e.msg, e.pos, e.lineno, e.colno)
try:
    json.loads('[')
except ValueError as e:
    print('ValueError too:', type(e).__name__, type(e))
print(json.loads('"a\nb"', strict=False))
with open('/tmp/nn_mod_json.json', 'w') as f:
    json.dump({"saved": [1, 2]}, f, indent=1)
with open('/tmp/nn_mod_json.json') as f:
    print(json.load(f))
print(open('/tmp/nn_mod_json.json').read())
