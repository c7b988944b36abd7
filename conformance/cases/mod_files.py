import os, glob, shutil, fnmatch
from pathlib import Path

root = '/tmp/nn_fs_case'
shutil.rmtree(root, ignore_errors=True)
os.makedirs(root + '/data/train/cats', exist_ok=True)
os.makedirs(os.path.join(root, 'data', 'train', 'dogs'))
try:
    os.makedirs(root + '/data/train')
except FileExistsError as e:
    print('FileExistsError', e)
for name in ['cats/c1.jpg', 'cats/c2.jpg', 'dogs/d1.jpg', 'dogs/notes.txt', 'cats/.hidden.jpg']:
    with open(root + '/data/train/' + name, 'w') as f:
        f.write('x' * len(name))
os.chdir(root)
print(os.getcwd() == root, sorted(os.listdir('data/train')))
print(sorted(glob.glob('data/train/*/*.jpg')))
print(sorted(glob.glob('data/**/*.txt', recursive=True)), sorted(glob.glob('data/**', recursive=True)))
print(glob.glob('data/train/cats/c?.jpg'), glob.glob('data/train/[cd]*'), glob.glob('nothing*'), glob.glob('data'))
print(sorted(glob.glob('*.jpg', root_dir='data/train/cats')), glob.escape('a*b?'))
print(fnmatch.fnmatch('photo.JPG', '*.JPG'), fnmatch.filter(['a.py', 'b.txt', 'c.py'], '*.py'), fnmatch.fnmatch('x1', 'x[!0-9]'))
for top, dirs, files in os.walk('data'):
    print(top, sorted(dirs), sorted(files))
print(shutil.copy('data/train/cats/c1.jpg', 'data'), os.path.exists('data/c1.jpg'))
shutil.copyfile('data/c1.jpg', 'data/c1copy.jpg')
print(shutil.copytree('data/train/dogs', 'backup/dogs'), sorted(os.listdir('backup/dogs')))
print(shutil.move('data/c1copy.jpg', 'backup'), os.path.exists('backup/c1copy.jpg'))
os.rename('backup/c1copy.jpg', 'backup/renamed.jpg')
os.remove('backup/renamed.jpg')
print(sorted(os.listdir('backup')))
try:
    os.remove('backup/missing.txt')
except FileNotFoundError as e:
    print(e)
try:
    os.rmdir('backup')
except OSError as e:
    print(type(e).__name__, e)
shutil.rmtree('backup')
print(os.path.exists('backup'), os.path.split('a/b/c.txt'), os.path.split('c.txt'), os.path.normpath('a//b/./c/../d'), os.path.isabs('/x'))
print(os.path.expanduser('~') == os.environ['HOME'], os.path.expanduser('x/~'))

os.environ['NN_CASE_VAR'] = 'on'
print(os.environ['NN_CASE_VAR'], os.getenv('NN_CASE_VAR'), 'NN_CASE_VAR' in os.environ, os.environ.get('NN_NOT_SET', 'default'))
del os.environ['NN_CASE_VAR']
print(os.getenv('NN_CASE_VAR'), os.environ.pop('NN_NOT_SET', None), type(os.environ.copy()).__name__)
try:
    os.environ['NN_X'] = 1
except TypeError as e:
    print(e)

p = Path('data') / 'train' / 'cats' / 'c1.jpg'
print(p, repr(p), p.name, p.stem, p.suffix, p.parent, p.parent.name, p.parts, p.exists(), p.is_file(), p.is_dir())
print(Path('a/b.tar.gz').suffixes, Path('x.txt').with_suffix('.csv'), Path('d/x.txt').with_name('y.md'), Path('a//b/./c/'), Path(), Path('/'))
print(sorted(Path('data/train').iterdir()), sorted(Path('data').glob('**/*.jpg')), sorted(Path('data').rglob('*.txt')))
print(sorted(x.name for x in Path('data/train/cats').glob('*.jpg')), len(list(Path('data/train').glob('*'))))
q = Path('out') / 'sub'
q.mkdir(parents=True, exist_ok=True)
(q / 'note.txt').write_text('hello path')
print((q / 'note.txt').read_text(), (q / 'note.txt').stat().st_size, 'out' / Path('sub'), Path('/abs') / '/root')
with (q / 'note.txt').open() as f:
    print(f.read())
with open(q / 'note.txt') as f:
    print(f.readline())
print(Path('data/train/cats/c1.jpg').relative_to('data'), Path('a') == Path('a/'), Path('a') < Path('b'), str(Path.cwd()) == root, Path('x').is_absolute())
print(os.path.join(Path('data'), 'x'), os.path.exists(Path('data')), os.fspath(Path('z')) if hasattr(os, 'fspath') else 'z')
(q / 'note.txt').unlink()
(q / 'note.txt').unlink(missing_ok=True)
q.rmdir()
print(q.exists(), Path('out').exists())
