import string
print(string.ascii_letters, string.digits, string.punctuation)
print(repr(string.whitespace), len(string.printable), string.hexdigits, string.octdigits)
print(string.capwords("hello   big world"), string.capwords("a-b-c", "-"))
t = string.Template("$who likes ${what}s, costs $$5")
print(t.substitute(who="tim", what="kung pao"), t.substitute({'who': 'ann', 'what': 'tea'}))
print(t.safe_substitute(who="x"), t.get_identifiers(), t.template)
try:
    t.substitute(who="x")
except KeyError as e:
    print('KeyError', e)
try:
    string.Template("cost $").substitute()
except ValueError as e:
    print(e)
print(sum(c in string.ascii_lowercase for c in "Hello World"))
print(''.join(ch for ch in "Hi, there! ok?" if ch not in string.punctuation))
