import re
m = re.match(r'(\w+) (\w+)', 'Isaac Newton, physicist')
print(m, m.group(0), m.group(1), m.group(1, 2), m.groups(), m.span(2), m.start(), m.end(1), m[2])
print(re.match('b', 'abc'), re.search('b', 'abc'), re.fullmatch('a|ab', 'ab'), re.fullmatch('a', 'ab'))
print(re.findall(r'\d+', 'a1b22c333'), re.findall(r'(\w)=(\d)', 'a=1, b=2'), re.findall(r'(\d)x', '1x2y3x'))
print([m.span() for m in re.finditer(r'o', 'foo boo')])
print(re.sub(r'\s+', ' ', '  lots   of   space '), re.sub(r'(\w+)@(\w+)', r'\2 at \1', 'me@home you@work'))
print(re.sub(r'(?P<first>\w+) (?P<last>\w+)', r'\g<last>, \g<first>', 'Ada Lovelace'))
print(re.sub(r'\d', lambda m: str(int(m.group()) * 2), 'a1b2c3'), re.subn('a', 'A', 'banana'), re.sub('a', 'A', 'banana', count=2))
print(re.sub('x*', '-', 'abxd'), re.split('x*', 'axbc'), re.split(r'\b', 'a b'))
print(re.split(r'[,;]\s*', 'a, b;c,  d'), re.split(r'(,)', 'a,b,c'), re.split(',', 'a,b,c', maxsplit=1))
p = re.compile(r'(?P<year>\d{4})-(?P<month>\d\d)')
m = p.search('date: 2024-05-17')
print(p, p.pattern, p.groups, p.groupindex, p.flags)
print(m.group('year'), m.groupdict(), m['month'], m.lastindex, m.lastgroup, m.re is p, m.string)
print(re.compile('abc', re.I | re.M))
print(re.findall('^a', 'a\na\nb', re.M), re.findall('A', 'aA', re.IGNORECASE), re.findall('a.b', 'a\nb', re.S))
print(re.search(r'''
   (\d+)   # number
   \s*
   (kg|g)  # unit
''', 'weight: 12 kg', re.X).groups())
print(re.escape('1+1=2? [yes]'), re.findall(r'\d', '٣3', re.ASCII), re.findall(r'\d', '٣3'))
print(re.search('(a)|(b)', 'b').groups(), re.search('(a)|(b)', 'b').groups('-'), re.search('(a)?b', 'b').span(1))
print(re.findall(r'[\[]', 'a[b'), re.findall(r'[]a]', ']a'), re.findall('a{', 'a{'), re.findall('a{2}', 'aaa'), re.findall('x{,2}', 'xxx'))
print(re.search('é+', 'caféé!'), re.search('😀(.)', 'a😀b😀c').span(1), re.sub('😀', '*', 'a😀b'))
print(re.match(r'(\w+)\s(?P=first)'.replace('(\\w+)', '(?P<first>\\w+)'), 'hey hey you'))
print(bool(re.match('a', 'a')), re.match('a', 'b') is None)
print(p.match('2024-05', 0), p.search('xx2024-05', 2), p.match('xx2024-05', 2), re.compile('^x').search('ax', 1), re.compile('a$').search('ab', 0, 1))
print(re.search(r'\Aab\Z', 'ab'), re.search(r'ab\Z', 'ab\n'), re.search(r'ab$', 'ab\n'))
for bad in ['(ab', 'ab)', '*a', '[ab', 'a**', '(?P<n>a)(?P<n>b)', '(?<x>a)']:
    try:
        re.compile(bad)
    except re.error as e:
        print(repr(bad), '->', e, '|', e.msg, e.pos)
try:
    re.sub('a', r'\9', 'a')
except re.error as e:
    print(e)
try:
    re.sub('a', r'\q', 'a')
except re.error as e:
    print(e)
try:
    re.match('a', 5)
except TypeError as e:
    print(e)
try:
    m.group(7)
except IndexError as e:
    print(e)
words = re.findall(r"[a-z']+", "It's a test. It's only a TEST!".lower())
print(words)
text = "Call 010-1234-5678 or 02-987-6543"
print(re.findall(r'\d{2,3}-\d{3,4}-\d{4}', text))
print(re.sub(r'[^가-힣 ]', '', '안녕하세요! Hello 세상 123'))
