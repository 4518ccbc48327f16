#!/usr/bin/env python3
"""Writes eng/reference/rhel-libraries.json: for each RHEL-family container image, the sonames its installed rpm
packages provide and the version nodes each defines, every one with the evidence it rests on.

Usage: eng/gather-rhel-libraries.py [CACHE-DIR]   (default artifacts/distro-index; indexes and .deb files are kept there)

Inputs, all in eng/reference/rhel-images/: the images' installed packages (packages/*.txt, from
docker-library/repo-info, see images.json) and package-map.json (which Debian source package builds the same
upstream library as each rpm, and which sonames of it the rpm holds). No listing of these rpms' files is reachable
here, so the evidence is a build of the same upstream library by Debian or Ubuntu, read from the .deb itself:

- "same version": a Debian or Ubuntu release packaged exactly the upstream version the image has; the soname and the
  version nodes are that build's (read with readelf from the unpacked .deb, the file's own DT_SONAME and
  .gnu.version_d).
- "bracketed": no exact build, but builds of an older and of a newer upstream version both install the same soname;
  no version nodes are taken then, except for libraries whose node names carry the release that added them
  (ZLIB_1.2.9, OPENSSL_1_1_1d, LIBXML2_2.9.1: 'encoded' in the map), of which the newer build's nodes that name a
  release up to the packaged one are kept.
- glibc, libgcc_s and libstdc++: the names glibc and GCC install (package-map.json, 'glibc'), checked against every
  reachable Debian and Ubuntu libc6/libgcc-s1/libstdc++6 build; their version nodes come from the images themselves
  (distro-symbol-versions.json), not from here.

Packages with nothing to go on are listed under "unknown" with the soname stems they may install, so a finding can
say "may lack" instead of "does not install". The releases read are the Debian and Ubuntu releases the mirror
serves (their Packages indexes name the .deb files; each file's SHA256 is checked).
"""
import gzip, hashlib, importlib.util, json, os, re, shutil, subprocess, sys, tempfile, urllib.request

ROOT = os.path.dirname(os.path.abspath(__file__))
REF = os.path.join(ROOT, 'reference')
CACHE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, '..', 'artifacts', 'distro-index')

# The mirrors are the ones eng/gen-stock-libraries.py reads (one place names them).
_spec = importlib.util.spec_from_file_location('stock', os.path.join(ROOT, 'gen-stock-libraries.py'))
_stock = importlib.util.module_from_spec(_spec)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import releases as _stock_releases  # noqa: E402  (eng/reference/releases.json)
_spec.loader.exec_module(_stock)
DEBIAN = _stock.RELEASES['debian12'][1]
UBUNTU = _stock.RELEASES['ubuntu22.04'][1]
# Every release (and updates pocket) those mirrors serve, oldest first: the more upstream versions, the more exact matches.
RELEASES = _stock_releases.EVIDENCE
COMPONENTS = _stock_releases.COMPONENTS
# amd64 library folders (not lib32, libx32 or i386); a subfolder (nss/) counts: RHEL installs those files in /usr/lib64.
LIB_DIR = re.compile(r'^\./(usr/)?lib(64)?(/x86_64-linux-gnu)?(/[^/]+)?/[^/]+$')


def mirror(distro):
    return (DEBIAN if distro == 'debian' else UBUNTU).rsplit('dists/', 1)[0]


def fetch(url, dest):
    if not os.path.exists(dest):
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with urllib.request.urlopen(url, timeout=120) as r, open(dest + '.part', 'wb') as f:
            shutil.copyfileobj(r, f)
        os.replace(dest + '.part', dest)
    return dest


def upstream(version):
    """The upstream part of a Debian version: no epoch, no revision, no +dfsg/~ suffix."""
    v = version.split(':', 1)[-1]
    if '-' in v:
        v = v.rsplit('-', 1)[0]
    v = re.split(r'[+~]', v)[0]
    return re.sub(r'\.dfsg.*$', '', v)


def vkey(v):
    """Orders upstream versions: numbers numerically, letters after them (1.1.1k > 1.1.1)."""
    return [(int(p), '') if p.isdigit() else (int(re.match(r'\d*', p).group() or -1), re.sub(r'^\d*', '', p)) for p in re.split(r'[._]', v)]


def index():
    """source package -> [(upstream version, distro, release, binary, version, filename, sha256)]"""
    by_source = {}
    for distro, release in RELEASES:
        for comp in COMPONENTS[distro]:
            path = fetch(mirror(distro) + 'dists/' + release + '/' + comp + '/binary-amd64/Packages.gz',
                         os.path.join(CACHE, distro + '-' + release + '-' + comp + '-Packages.gz'))
            with gzip.open(path, 'rt', encoding='utf-8', errors='replace') as f:
                for para in f.read().split('\n\n'):
                    fields = dict(l.split(': ', 1) for l in para.splitlines() if ': ' in l and not l.startswith(' '))
                    if 'Package' not in fields:
                        continue
                    source = fields.get('Source', fields['Package'])
                    name = source.split(' ')[0]
                    m = re.search(r'\((.*)\)', source)
                    by_source.setdefault(name, []).append((upstream(m.group(1) if m else fields['Version']), distro, release,
                                                           fields['Package'], fields['Version'], fields['Filename'], fields['SHA256']))
    return by_source


def soname_and_nodes(path):
    """A library file's DT_SONAME and the version nodes it defines (readelf), or None when it has no soname."""
    dyn = subprocess.run(['readelf', '-dW', path], capture_output=True, text=True).stdout
    m = re.search(r'\(SONAME\)\s+Library soname: \[([^\]]+)\]', dyn)
    if not m:
        return None
    ver = subprocess.run(['readelf', '-VW', path], capture_output=True, text=True).stdout
    section = ver.split('Version definition section', 1)[1].split('Version needs section', 1)[0] if 'Version definition section' in ver else ''
    nodes = [d.group(2) for d in (re.search(r'Flags: (\S+)\s+Index: \d+\s+Cnt: \d+\s+Name: (\S+)', l) for l in section.splitlines())
             if d and d.group(1) != 'BASE']
    return m.group(1), sorted(set(nodes))


def read_build(entry):
    """The amd64 libraries one .deb installs: {soname: [version nodes]}."""
    up, distro, release, binary, version, filename, sha = entry
    deb = fetch(mirror(distro) + filename, os.path.join(CACHE, 'debs', distro, os.path.basename(filename)))
    with open(deb, 'rb') as f:
        if hashlib.sha256(f.read()).hexdigest() != sha:
            os.remove(deb)
            sys.exit('SHA256 mismatch for ' + filename)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(['dpkg-deb', '-x', deb, tmp], check=True)
        for dirpath, _, files in os.walk(tmp):
            for name in files:
                path = os.path.join(dirpath, name)
                rel = './' + os.path.relpath(path, tmp)
                if os.path.islink(path) or '.so' not in name or not LIB_DIR.match(rel):
                    continue
                with open(path, 'rb') as f:
                    if f.read(4) != b'\x7fELF':
                        continue
                found = soname_and_nodes(path)
                if found:
                    out[found[0]] = found[1]
    return out


def encoded_release(node, prefixes):
    """The release a node's name carries (OPENSSL_1_1_1d -> 1.1.1d), or None."""
    for p in prefixes:
        if node.startswith(p):
            rest = node[len(p):]
            if re.fullmatch(r'[0-9][0-9a-z._]*', rest):
                return rest.replace('_', '.')
    return None


def builds_of(by_source, rule, version):
    """The builds of the rpm's upstream library at exactly `version`, and the nearest older and newer ones."""
    entries = [e for e in by_source.get(rule['debian'], []) if not e[3].endswith(('-dev', '-dbg', '-doc', '-bin', '-udeb', '-tools', '-utils'))
               and not e[3].startswith(('lib32', 'libx32', 'lib64'))
               and (not rule.get('binary') or re.match(rule['binary'], e[3]))]
    if rule.get('binary'):  # versioned apart from its source (device-mapper in lvm2)
        entries = [(upstream(e[4]),) + e[1:] for e in entries]
    exact = [e for e in entries if e[0] == version]
    older = sorted((e for e in entries if vkey(e[0]) < vkey(version)), key=lambda e: vkey(e[0]))
    newer = sorted((e for e in entries if vkey(e[0]) > vkey(version)), key=lambda e: vkey(e[0]))
    older = [e for e in older if e[0] == older[-1][0]] if older else []
    newer = [e for e in newer if e[0] == newer[0][0]] if newer else []
    return exact, older, newer


def libraries_of(entries, pattern, cache):
    found = {}
    for e in entries:
        key = e[5]
        if key not in cache:
            cache[key] = read_build(e)
        for soname, nodes in cache[key].items():
            if re.match(pattern, soname):
                found.setdefault(soname, (e, nodes))
    return found


def label(e):
    return '%s %s %s %s' % (e[1].capitalize(), e[2], e[3], e[4])


def real_files(spec):
    """The libraries an npm package built on a RHEL-family release ships, copied from that system: {soname: [nodes]}."""
    dest = os.path.join(CACHE, 'npm', spec.replace('/', '_').replace('@', '_'))
    if not os.path.isdir(os.path.join(dest, 'package')):
        os.makedirs(dest, exist_ok=True)
        tgz = subprocess.run(['npm', 'pack', '--silent', spec], cwd=dest, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        subprocess.run(['tar', 'xzf', tgz], cwd=dest, check=True)
        os.remove(os.path.join(dest, tgz))
    found = {}
    for dirpath, _, files in os.walk(os.path.join(dest, 'package')):
        for name in files:
            path = os.path.join(dirpath, name)
            with open(path, 'rb') as f:
                if os.path.islink(path) or f.read(4) != b'\x7fELF':
                    continue
            library = soname_and_nodes(path)
            if library:
                found[library[0]] = (os.path.relpath(path, dest), library[1])
    return found


def main():
    images = json.load(open(os.path.join(REF, 'rhel-images', 'images.json')))
    pmap = json.load(open(os.path.join(REF, 'rhel-images', 'package-map.json')))
    by_source = index()
    cache = {}
    glibc_builds = {}
    for src, binary in (('glibc', 'libc6'), ('gcc', 'libgcc-s1'), ('gcc', 'libstdc++6')):
        versions = set()  # one build per upstream version is enough
        for e in by_source.get(src, []) + [x for s in by_source if s.startswith('gcc-') for x in by_source[s]]:
            if e[3] == binary and e[5] not in cache and (e[0], e[1]) not in versions:
                versions.add((e[0], e[1]))
                cache[e[5]] = read_build(e)
                glibc_builds.setdefault(binary, []).append(e)
    out = {'_source': __doc__.strip().split('\n\n')[2].replace('\n', ' '), 'images': {}}
    for image_id, image in images.items():
        packages = [l.strip() for l in open(os.path.join(REF, 'rhel-images', 'packages', image_id + '.txt')) if l.strip()]
        if len(packages) != image['packages_count']:
            sys.exit('%s: %d packages, its source lists %d' % (image_id, len(packages), image['packages_count']))
        libs, unknown = {}, {}
        for nevra in packages:
            m = re.match(r'^(.*)-([^-]+)-([^-]+)\.(x86_64|noarch)$', nevra)
            if not m or m.group(4) != 'x86_64':
                continue
            name, version = m.group(1), m.group(2)
            glibc_names = pmap['glibc']['packages'].get(name)
            if glibc_names:
                binary = {'glibc': 'libc6', 'libgcc': 'libgcc-s1', 'libstdc++': 'libstdc++6'}[name]
                seen = [e for e in glibc_builds.get(binary, []) if all(s in cache[e[5]] for s in glibc_names)]
                span = sorted({e[0] for e in seen}, key=vkey)
                older_than_span = vkey(version) < vkey(span[0])
                for soname in glibc_names:
                    libs[soname] = {'package': nevra, 'evidence': '%s installs it; so does every %s build reachable here (upstream %s to %s, %d builds)%s'
                                    % (name, binary, span[0], span[-1], len(seen),
                                       '; %s %s is older than all of them, so this rests on the name being unchanged since before %s' % (name, version, span[0])
                                       if older_than_span else '')}
                continue
            rule = pmap['map'].get(name)
            if rule is None:
                if name in pmap['unknown']:
                    unknown[name] = {'package': nevra, 'stems': pmap['unknown'][name]['stems'], 'reason': pmap['unknown'][name]['reason']}
                continue
            fact = rule.get('facts', {}).get(version)
            if fact and fact.get('unknown'):
                unknown[name] = {'package': nevra, 'stems': fact['stems'], 'reason': fact['unknown']}
                continue
            if fact:  # recorded where a Debian build would mislead (a distro's own soname, an ABI choice)
                for soname in fact['sonames']:
                    libs[soname] = {'package': nevra, 'evidence': fact['evidence']}
                continue
            exact, older, newer = builds_of(by_source, rule, version)
            if exact and libraries_of(exact, rule['sonames'], cache):
                for soname, (e, nodes) in sorted(libraries_of(exact, rule['sonames'], cache).items()):
                    entry = {'package': nevra, 'evidence': 'same version: ' + label(e) + ' installs it'}
                    if nodes:
                        entry['versions'] = nodes
                        entry['versions_evidence'] = 'the version definitions of that build'
                    libs[soname] = entry
                if libraries_of(exact, rule['sonames'], cache):
                    continue

            low = libraries_of(older, rule['sonames'], cache) if older else {}
            high = libraries_of(newer, rule['sonames'], cache) if newer else {}
            common = sorted(set(low) & set(high))
            series = '.'.join(re.split(r'[._]', version)[:2])
            if not common:
                # The nearest build of the same major.minor series (2.9.1 -> 2.9.3): a soname that changed inside a
                # series would be unusual, and the evidence says it is this inference.
                near = [e for e in (newer + older[::-1]) if '.'.join(re.split(r'[._]', e[0])[:2]) == series and '.' in version]
                found = libraries_of([e for e in near if e[0] == near[0][0]], rule['sonames'], cache) if near else {}
                for soname, (e, _) in sorted(found.items()):
                    libs[soname] = {'package': nevra, 'evidence': 'series: %s, of the same %s series, installs it' % (label(e), series)}
                if found:
                    continue
                stems = sorted({re.sub(r'\.so.*$', '.so', s) for s in set(low) | set(high)})
                unknown[name] = {'package': nevra, 'stems': stems,
                                 'reason': 'no Debian or Ubuntu build of upstream %s, and the nearest builds (%s, %s) do not agree on a soname'
                                 % (version, older[0][0] if older else 'none older', newer[0][0] if newer else 'none newer')}
                continue
            for soname in common:
                e_low, _ = low[soname]
                e_high, nodes = high[soname]
                entry = {'package': nevra, 'evidence': 'bracketed: %s and %s both install it' % (label(e_low), label(e_high))}
                kept = [n for n in nodes if encoded_release(n, rule.get('encoded', [])) and vkey(encoded_release(n, rule['encoded'])) <= vkey(version)]
                if kept and all(encoded_release(n, rule['encoded']) for n in nodes):
                    entry['versions'] = kept
                    entry['versions_evidence'] = 'the nodes of %s that name a release up to %s' % (label(e_high), version)
                libs[soname] = entry
        # Real files copied from the release itself outrank Debian's builds: a package's sonames there replace the
        # ones Debian's build suggested (RHEL renames some: libsasl2.so.3, libcrypt.so.2).
        for spec in image.get('real_files', []):
            for soname, (where, nodes) in sorted(real_files(spec).items()):
                for nevra in packages:
                    rule = pmap['map'].get(re.sub(r'-[^-]+-[^-]+$', '', nevra))
                    if rule and re.match(rule['sonames'], soname):
                        for other in [s_ for s_, e in libs.items() if e['package'] == nevra and s_ != soname and
                                      re.sub(r'\.so.*$', '', s_) == re.sub(r'\.so.*$', '', soname)]:
                            del libs[other]
                        libs[soname] = {'package': nevra, 'evidence': 'real file: npm %s ships %s, copied from the release it was built on' % (spec, where)}
                        if nodes:
                            libs[soname].update(versions=nodes, versions_evidence='the version definitions of that file')
                        unknown.pop(re.sub(r'-[^-]+-[^-]+$', '', nevra), None)
        out['images'][image_id] = dict(image, libraries=dict(sorted(libs.items())), unknown=dict(sorted(unknown.items())))
        print(image_id, len(libs), 'sonames,', len(unknown), 'packages unknown')
    dest = os.path.join(REF, 'rhel-libraries.json')
    with open(dest, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print('wrote', os.path.normpath(dest))


if __name__ == '__main__':
    main()
