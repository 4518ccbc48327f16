#!/usr/bin/env python3
"""Writes eng/reference/stock-libraries.json: the shared libraries a minimal install of each Debian and Ubuntu
release provides, from the release's own package indexes.

Usage: eng/gen-stock-libraries.py [CACHE-DIR]   (default artifacts/distro-index; the indexes are downloaded once)

A minimal install is the closure, over Depends and Pre-Depends, of the packages the release marks Essential: yes or
Priority: required in its main amd64 Packages index, and apt: what debootstrap's minbase variant installs ("only
essential packages and apt") and what the distro's container images start from. (Debian marks apt required;
Ubuntu marks it important, so without it Ubuntu's list would lack libstdc++, which apt needs.) The libraries are the lib*.so.N, lib*.so and ld-*.so.N files those packages install
in the amd64 library folders, from the release's Contents-amd64 index. Release pockets only (no -updates): a
library a point release added later is not counted, which errs towards a warning, never towards a silent pass.

Debian 10 (buster) has moved to archive.debian.org, which this generator's machine cannot reach: debian10 keeps
the generic list (see gen-baselines.py). RHEL, Amazon Linux and manylinux have no index here either.
"""
import functools, gzip, json, os, re, subprocess, sys, urllib.request

ROOT = os.path.dirname(os.path.abspath(__file__))
CACHE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, '..', 'artifacts', 'distro-index')

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from releases import RELEASES  # noqa: E402  (eng/reference/releases.json)

LIB_DIRS = ('lib/x86_64-linux-gnu/', 'usr/lib/x86_64-linux-gnu/', 'lib64/', 'usr/lib64/', 'lib/', 'usr/lib/')
# Every name the loader can find a library by in the library folders: lib*.so.N, ld-*.so.N, and a soname with no
# number after .so (libdb-5.3.so): a minimal install holds no -dev package, so a plain lib*.so there is a library.
SONAME = re.compile(r'^(lib[^/]*\.so(\.[0-9][^/]*)?|ld-[^/]*\.so\.[0-9]+)$')


def fetch(url, dest):
    if not os.path.exists(dest):
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with urllib.request.urlopen(url, timeout=120) as r, open(dest + '.part', 'wb') as f:
            f.write(r.read())
        os.rename(dest + '.part', dest)
    return dest


def paragraphs(path):
    with gzip.open(path, 'rt', encoding='utf-8', errors='replace') as f:
        fields, key = {}, None
        for line in f:
            line = line.rstrip('\n')
            if not line:
                if fields:
                    yield fields
                fields, key = {}, None
            elif line[0] in ' \t' and key:
                fields[key] += ' ' + line.strip()
            else:
                key, _, value = line.partition(':')
                fields[key] = value.strip()
        if fields:
            yield fields


PRIORITY = {'required': 0, 'important': 1, 'standard': 2, 'optional': 3, 'extra': 4}


@functools.lru_cache(maxsize=None)
def package_index(packages_path):
    """A Packages index by package name, and the packages providing each virtual name (read once per index)."""
    packages, providers = {}, {}
    for p in paragraphs(packages_path):
        name = p['Package']
        packages.setdefault(name, p)  # the first paragraph of a name (an index lists each once per architecture)
        for prov in p.get('Provides', '').split(','):
            prov = prov.strip().split(' ')[0]
            if prov:
                providers.setdefault(prov, []).append(name)
    return packages, providers


def closure(packages_path, extra=()):
    """The minimal install's roots and its closure; with extra, the closure of the roots and those packages too
    (what a container image's Dockerfile installs on top of the release's minimal image)."""
    packages, providers = package_index(packages_path)
    roots = [n for n, p in packages.items() if p.get('Essential') == 'yes' or p.get('Priority') == 'required' or n == 'apt']
    missing = [e for e in extra if e not in packages]
    if missing:
        raise SystemExit('not in ' + packages_path + ': ' + ', '.join(missing))
    selected = set(roots) | set(extra)

    def candidates(dep):
        # A real package first; for a virtual one, its providers by priority (mawk, not gawk, for awk).
        if dep in packages:
            return [dep]
        return sorted(providers.get(dep, []), key=lambda n: (PRIORITY.get(packages[n].get('Priority', 'optional'), 3), n))

    changed = True
    while changed:
        changed = False
        for name in sorted(selected):
            for field in ('Pre-Depends', 'Depends'):
                for clause in packages[name].get(field, '').split(','):
                    if not clause.strip():
                        continue
                    alternatives = [c for alt in clause.split('|') for c in candidates(alt.strip().split(' ')[0].split(':')[0])]
                    if not alternatives or any(a in selected for a in alternatives):
                        continue  # satisfied already (apt keeps what is installed)
                    # Else the first alternative, as apt and debootstrap choose; but debootstrap sets up the merged /usr
                    # itself, so "usrmerge | usr-is-merged" (init-system-helpers) gets usr-is-merged, not usrmerge and perl.
                    selected.add('usr-is-merged' if 'usr-is-merged' in alternatives else alternatives[0])
                    changed = True
    return sorted(roots), sorted(selected)


@functools.lru_cache(maxsize=None)
def library_lines(contents_path):
    """The lines of a Contents index that can name a library (they hold ".so"), filtered by gzip and grep (the
    index has tens of millions of lines, and reading them one by one in Python took most of a regeneration), once
    per index."""
    zcat = subprocess.Popen(['gzip', '-dc', contents_path], stdout=subprocess.PIPE)
    grep = subprocess.Popen(['grep', '-F', '.so'], stdin=zcat.stdout, stdout=subprocess.PIPE, env=dict(os.environ, LC_ALL='C'))
    zcat.stdout.close()
    data = grep.communicate()[0]
    if zcat.wait() != 0 or grep.returncode not in (0, 1):
        raise RuntimeError('could not read ' + contents_path)
    return tuple(data.decode('utf-8', 'replace').splitlines())


def sonames(contents_path, installed):
    found = set()
    for line in library_lines(contents_path):
        path, _, locations = line.rpartition(' ')
        folder, _, name = path.strip().rpartition('/')
        if not SONAME.match(name) or not any(folder + '/' == d for d in LIB_DIRS):
            continue
        for loc in locations.split(','):
            if loc.rpartition('/')[2] in installed:
                found.add(name)
                break
    return sorted(found)


def main():
    out = {'_source': __doc__.strip().split('\n\n')[2].replace('\n', ' '), 'distros': {}}
    for bid, (codename, base, packages_rel, contents_rel) in RELEASES.items():
        packages_path = fetch(base + codename + '/' + packages_rel, os.path.join(CACHE, codename + '-Packages.gz'))
        contents_path = fetch(base + codename + '/' + contents_rel, os.path.join(CACHE, codename + '-Contents-amd64.gz'))
        release = urllib.request.urlopen(base + codename + '/Release', timeout=60).read().decode('utf-8', 'replace')
        date = next((l.partition(':')[2].strip() for l in release.splitlines() if l.startswith('Date:')), '?')
        roots, installed = closure(packages_path)
        libs = sonames(contents_path, set(installed))
        out['distros'][bid] = {
            'source': base + codename + '/' + packages_rel + ' and ' + contents_rel + ' (Release dated ' + date + ')',
            'required': len(roots),
            'installed': len(installed),
            'packages': installed,
            'libraries': libs,
        }
        print(bid, codename, len(roots), 'required,', len(installed), 'in the closure,', len(libs), 'libraries')

    dest = os.path.join(ROOT, 'reference', 'stock-libraries.json')
    with open(dest, 'w') as f:
        json.dump(out, f, indent=1, sort_keys=False)
        f.write('\n')
    print('wrote', os.path.normpath(dest))


if __name__ == '__main__':
    main()
