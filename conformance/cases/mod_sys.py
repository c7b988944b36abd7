import sys
print(sys.argv[1:], sys.argv[0].endswith('sys1.py'))
print(sys.version_info >= (3, 8), sys.version_info[:2], sys.version_info.major, type(sys.version_info).__name__)
print(sys.version.split()[0].startswith('3.'), sys.platform, sys.maxsize, sys.maxsize == 2**63 - 1, sys.byteorder)
print(sys.float_info)
print(sys.float_info.epsilon, sys.float_info.max, sys.float_info.dig)
print(isinstance(sys.path, list), sys.path[0].startswith('/'))
n = sys.stdout.write("written\n")
print(n)
sys.stdout.flush()
print("to stderr", file=sys.stderr)
sys.stderr.write("err line\n")
print(sys.getrecursionlimit())
sys.setrecursionlimit(5000)
print(sys.getrecursionlimit())
def depth(n):
    return 0 if n == 0 else 1 + depth(n - 1)
print(depth(4000))
try:
    sys.setrecursionlimit(0)
except ValueError as e:
    print(e)
print(sys.get_int_max_str_digits())
try:
    str(10 ** 5000)
except ValueError as e:
    print(e)
try:
    int('1' * 5000)
except ValueError as e:
    print(e)
sys.set_int_max_str_digits(0)
print(len(str(10 ** 5000)))
sys.set_int_max_str_digits(6000)
print(len(str(10 ** 5000)), len(str(int('7' * 5500))))
try:
    sys.set_int_max_str_digits(10)
except ValueError as e:
    print(e)
print(sys.stdout.encoding, sys.stderr.name)
try:
    sys.exit(3)
except SystemExit as e:
    print('exit code', e.code)
