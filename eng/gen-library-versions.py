#!/usr/bin/env python3
"""Writes eng/reference/library-versions.json: the version nodes every library of a minimal Debian install defines,
read from the release's own packages with GlibcGuard's own reader.

Usage: eng/gen-library-versions.py [CACHE-DIR]   (default artifacts/distro-index; indexes and .deb files are kept there)

For Debian 11, 12 and 13 (the releases whose packages Debian's mirror serves), the packages of the minimal install
that eng/gen-stock-libraries.py computed (eng/reference/stock-libraries.json) are downloaded from the mirror at the
versions the release's main amd64 Packages index names (SHA256 checked), unpacked with dpkg-deb, and every library
they put in the library folders is read by `glibcguard inspect --format json` (this tree's build): its soname and
the version nodes it defines. The dynamic loader refuses a file whose needed version node the library lacks; the
baselines use this to judge needs of families the per-distro version sets do not cover (SMARTCOLS, XZ, MOUNT, …).
Release pockets only, as for the library lists. Ubuntu's packages are not served by a registry this project's
machines reach, so Ubuntu baselines get no such data (their needs of those families stay "not checked", GG2008).
"""
import gzip, hashlib, json, os, re, shutil, subprocess, sys, tempfile, urllib.request

ROOT = os.path.dirname(os.path.abspath(__file__))
CACHE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, '..', 'artifacts', 'distro-index')
MIRROR = 'http://deb.debian.org/debian/'
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from releases import LIBRARY_VERSION_RELEASES as RELEASES  # noqa: E402  (eng/reference/releases.json)
LIB_DIRS = ('lib/x86_64-linux-gnu/', 'usr/lib/x86_64-linux-gnu/', 'lib64/', 'usr/lib64/', 'lib/', 'usr/lib/')
SONAME = re.compile(r'^(lib[^/]*\.so(\.[0-9][^/]*)?|ld-[^/]*\.so\.[0-9]+)$')
CLI = os.environ.get('GLIBCGUARD_CLI') or os.path.join(ROOT, '..', 'src', 'GlibcGuard.Cli', 'bin', 'Release', 'net10.0', 'glibcguard.dll')


def packages_index(codename):
    path = os.path.join(CACHE, codename + '-Packages.gz')
    if not os.path.exists(path):
        os.makedirs(CACHE, exist_ok=True)
        urllib.request.urlretrieve(MIRROR + 'dists/' + codename + '/main/binary-amd64/Packages.gz', path)
    index, entry = {}, {}
    with gzip.open(path, 'rt', encoding='utf-8', errors='replace') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line:
                if 'Package' in entry:
                    index[entry['Package']] = entry
                entry = {}
            elif not line.startswith(' ') and ':' in line:
                key, _, value = line.partition(':')
                entry[key] = value.strip()
    if 'Package' in entry:
        index[entry['Package']] = entry
    return index


def fetch_deb(entry):
    dest = os.path.join(CACHE, 'debs', os.path.basename(entry['Filename']))
    if not os.path.exists(dest):
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        urllib.request.urlretrieve(MIRROR + entry['Filename'], dest + '.part')
        os.replace(dest + '.part', dest)
    with open(dest, 'rb') as f:
        if hashlib.sha256(f.read()).hexdigest() != entry['SHA256']:
            os.remove(dest)
            sys.exit('SHA256 mismatch for ' + entry['Filename'])
    return dest


if not os.path.exists(CLI):
    sys.exit('build the tool first: dotnet build src/GlibcGuard.Cli -c Release')
stock = json.load(open(os.path.join(ROOT, 'reference', 'stock-libraries.json')))['distros']
out = {'_source': __doc__.strip().split('\n\n')[1].replace('\n', ' '), 'distros': {}}
for bid, codename in RELEASES.items():
    index = packages_index(codename)
    packages = {}
    libraries = {}
    work = tempfile.mkdtemp(prefix='glibcguard-debs-')
    try:
        for name in stock[bid]['packages']:
            entry = index[name]
            packages[name] = entry['Version']
            unpacked = os.path.join(work, name)
            subprocess.run(['dpkg-deb', '-x', fetch_deb(entry), unpacked], check=True)
            files = []
            for folder, _, names in os.walk(unpacked):
                rel = os.path.relpath(folder, unpacked) + '/'
                if not any(rel == d for d in LIB_DIRS):
                    continue
                files += [os.path.join(folder, n) for n in names if SONAME.match(n) and not os.path.islink(os.path.join(folder, n))]
            if not files:
                continue
            facts = json.loads(subprocess.run(['dotnet', CLI, 'inspect', '--format', 'json'] + files, check=True, capture_output=True, text=True).stdout)
            for f in facts:
                if f.get('error') or f.get('type') != 'shared-library' or not f.get('versionDefinitions'):
                    continue
                soname = f.get('soname') or os.path.basename(f['path'])
                # The library's own name node (the soname as a version) is its base definition, not a version a file needs.
                nodes = sorted(set(v for v in f['versionDefinitions'] if v != soname))
                if nodes:
                    libraries[soname] = nodes
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out['distros'][bid] = {
        'source': MIRROR + 'pool (the packages of ' + codename + "'s main amd64 Packages index, read with glibcguard inspect)",
        'packages': packages,
        'libraries': dict(sorted(libraries.items())),
    }
    print(bid, codename, len(packages), 'packages,', len(libraries), 'libraries with version nodes')

dest = os.path.join(ROOT, 'reference', 'library-versions.json')
with open(dest, 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
print('wrote', os.path.normpath(dest))
