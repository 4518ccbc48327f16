#!/usr/bin/env python3
"""Writes src/GlibcGuard.Compatibility/Baselines/BaselineData.g.cs from the reference data.

Usage: eng/gen-baselines.py [eng/reference [OUT-DIR]]   (the folder with distro-symbol-versions.json and manylinux-policy.json;
OUT-DIR defaults to src/GlibcGuard.Compatibility/Baselines: a test writes elsewhere and compares)

Version-node sets: for a distro baseline, the intersection of the images listed for it in
distro-symbol-versions.json (derived from mayeut/pep600_compliance @ 2d70275ac129, the data auditwheel's policies
are generated from); for a manylinux baseline, auditwheel's policy (pypa/auditwheel @ 86154d15d6a5). Kernel and
OpenSSL sonames come from the distros' release notes and package indexes (sources beside each row below).
"""
import json, os, sys

ref = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "reference")
distros = json.load(open(os.path.join(ref, 'distro-symbol-versions.json')))['distros']
policies = {p['name']: p for p in json.load(open(os.path.join(ref, 'manylinux-policy.json')))}
# The libraries a minimal Debian or Ubuntu install provides, from the release's own indexes (gen-stock-libraries.py).
stock = json.load(open(os.path.join(ref, 'stock-libraries.json')))['distros']
# The version nodes each library of a minimal Debian install defines, from the release's packages (gen-library-versions.py).
library_versions = json.load(open(os.path.join(ref, 'library-versions.json')))['distros']
# The RHEL-family images' libraries, each soname with its evidence (gather-rhel-libraries.py).
rhel_images = {img['baseline']: dict(img, id=i) for i, img in json.load(open(os.path.join(ref, 'rhel-libraries.json')))['images'].items() if img['baseline']}
fix_packages = json.load(open(os.path.join(ref, 'rhel-images', 'fix-packages.json')))['packages']
for bid, img in rhel_images.items():
    library_versions[bid] = {'libraries': {so: e['versions'] for so, e in img['libraries'].items() if e.get('versions')}}

# id, display name, runs-on family, runs-on label, images (or policy), kernel, x86-64 level, OpenSSL soname suffix,
# aliases, where kernel and OpenSSL come from
BASELINES = [
    ('centos7', 'CentOS 7 / RHEL 7 (glibc 2.17)', 'RHEL', 'RHEL 7', ['rhubi-7', 'oraclelinux-7'], '3.10.0', 1, '10', ['rhel7'],
     'kernel 3.10.0 (RHEL 7.9 ships 3.10.0-1160); OpenSSL 1.0.2k as libssl.so.10 (RHEL naming)'),
    ('centos8', 'CentOS 8 / RHEL 8 / AlmaLinux 8 / Rocky 8 (glibc 2.28)', 'RHEL', 'RHEL 8', ['rhubi-8', 'almalinux-8', 'rockylinux-8', 'oraclelinux-8'], '4.18.0', 1, '1.1', ['rhel8', 'alma8', 'rocky8'],
     'kernel 4.18.0 (kernel-4.18.0-*.el8); OpenSSL 1.1.1 as libssl.so.1.1'),
    ('centos9', 'CentOS Stream 9 / RHEL 9 / AlmaLinux 9 / Rocky 9 (glibc 2.34)', 'RHEL', 'RHEL 9', ['rhubi-9', 'centos-stream9', 'almalinux-9'], '5.14.0', 2, '3', ['rhel9', 'alma9', 'rocky9'],
     'kernel 5.14.0 (kernel-5.14.0-*.el9); OpenSSL 3.0 as libssl.so.3; x86-64-v2 required by RHEL 9'),
    ('rhel10', 'RHEL 10 / CentOS Stream 10 / AlmaLinux 10 (glibc 2.39)', 'RHEL', 'RHEL 10', ['rhubi-10', 'centos-stream10', 'almalinux-10'], '6.12.0', 3, '3', ['centos10', 'alma10'],
     'kernel 6.12 (CentOS Stream 10 GA); OpenSSL 3 as libssl.so.3; x86-64-v3 required by RHEL 10'),
    ('amazonlinux2', 'Amazon Linux 2 (glibc 2.26)', 'Amazon Linux', 'Amazon Linux 2', ['amazonlinux-2'], '4.14.0', 1, '10', ['al2'],
     'kernel 4.14 (AL2 default, 5.10 optional); OpenSSL 1.0.2k as libssl.so.10'),
    ('amazonlinux2023', 'Amazon Linux 2023 (glibc 2.34)', 'Amazon Linux', 'Amazon Linux 2023', ['amazonlinux-2023'], '6.1.0', 1, '3', ['al2023'],
     'kernel 6.1 (AL2023 default); OpenSSL 3.0.8 as libssl.so.3'),
    ('ubuntu18.04', 'Ubuntu 18.04 (glibc 2.27)', 'Ubuntu', 'Ubuntu 18.04', ['ubuntu-18.04'], '4.15.0', 1, '1.1', [],
     'kernel 4.15 (GA kernel); OpenSSL 1.1.1 as libssl.so.1.1'),
    ('ubuntu20.04', 'Ubuntu 20.04 (glibc 2.31)', 'Ubuntu', 'Ubuntu 20.04', ['ubuntu-20.04'], '5.4.0', 1, '1.1', [],
     'kernel 5.4 (GA kernel); OpenSSL 1.1.1f as libssl.so.1.1'),
    ('ubuntu22.04', 'Ubuntu 22.04 (glibc 2.35)', 'Ubuntu', 'Ubuntu 22.04', ['ubuntu-22.04'], '5.15.0', 1, '3', [],
     'kernel 5.15 (GA kernel); OpenSSL 3.0.2 as libssl.so.3'),
    ('ubuntu24.04', 'Ubuntu 24.04 (glibc 2.39)', 'Ubuntu', 'Ubuntu 24.04', ['ubuntu-24.04'], '6.8.0', 1, '3', [],
     'kernel 6.8 (GA kernel); OpenSSL 3.0.13 as libssl.so.3'),
    ('debian10', 'Debian 10 (glibc 2.28)', 'Debian', 'Debian 10', ['debian-10'], '4.19.0', 1, '1.1', [],
     'kernel 4.19; OpenSSL 1.1.1n as libssl.so.1.1'),
    ('debian11', 'Debian 11 (glibc 2.31)', 'Debian', 'Debian 11', ['debian-11'], '5.10.0', 1, '1.1', [],
     'kernel 5.10; OpenSSL 1.1.1w as libssl.so.1.1'),
    ('debian12', 'Debian 12 (glibc 2.36)', 'Debian', 'Debian 12', ['debian-12'], '6.1.0', 1, '3', [],
     'kernel 6.1; OpenSSL 3.0 as libssl.so.3'),
    ('debian13', 'Debian 13 (glibc 2.41)', 'Debian', 'Debian 13', ['debian-13'], '6.12.0', 1, '3', [],
     'kernel 6.12; OpenSSL 3.5 as libssl.so.3'),
    ('manylinux_2_17', 'manylinux2014 / manylinux_2_17 (glibc 2.17)', 'manylinux', 'manylinux_2_17', 'manylinux_2_17', '3.10.0', 1, None, ['manylinux2014'],
     'auditwheel policy; kernel of its CentOS 7 base image'),
    ('manylinux_2_28', 'manylinux_2_28 (glibc 2.28)', 'manylinux', 'manylinux_2_28', 'manylinux_2_28', '4.18.0', 1, None, [],
     'auditwheel policy; kernel of its AlmaLinux 8 base image'),
    ('manylinux_2_34', 'manylinux_2_34 (glibc 2.34)', 'manylinux', 'manylinux_2_34', 'manylinux_2_34', '5.14.0', 1, None, [],
     'auditwheel policy; kernel of its AlmaLinux 9 base image'),
]

ARCH_NAMES = {'armv7l': 'arm', 'i686': 'i386'}

# The architectures each distro ships glibc for (installation media, or 32-bit multilib/multiarch libraries on its
# 64-bit x86 port: a file of that architecture can run there). Names are the reader's (i386, arm, ppc64le, ...).
# manylinux baselines take theirs from the policy's per-architecture data.
PORTS = {
    'centos7': (['x86_64', 'aarch64', 'ppc64', 'ppc64le', 's390x', 'i386', 'arm'],
                'RHEL 7 architectures x86_64, ppc64, ppc64le, s390x (RHEL 7 release notes), aarch64 (RHEL 7 for ARM); '
                'i686 as multilib (Red Hat solution 509373); CentOS 7 AltArch adds armhfp'),
    'centos8': (['x86_64', 'aarch64', 'ppc64le', 's390x', 'i386'],
                'RHEL 8 architectures x86_64, aarch64, ppc64le, s390x (RHEL 8 release notes); i686 as multilib (Red Hat solution 509373)'),
    'centos9': (['x86_64', 'aarch64', 'ppc64le', 's390x', 'i386'],
                'RHEL 9 architectures x86_64, aarch64, ppc64le, s390x (RHEL 9 release notes); i686 as multilib (Red Hat solution 509373)'),
    'rhel10': (['x86_64', 'aarch64', 'ppc64le', 's390x'],
               'RHEL 10 architectures x86_64, aarch64, ppc64le, s390x (RHEL 10 release notes); the 32-bit multilib note (Red Hat solution 509373) covers 7 to 9 only'),
    'amazonlinux2': (['x86_64', 'aarch64'], 'Amazon Linux 2 AMIs and container images: x86_64 and aarch64'),
    'amazonlinux2023': (['x86_64', 'aarch64'], 'Amazon Linux 2023 AMIs and container images: x86_64 and aarch64 (no i686 packages)'),
    'ubuntu18.04': (['x86_64', 'i386', 'aarch64', 'arm', 'ppc64le', 's390x'],
                    'Ubuntu 18.04 ports: amd64, i386, arm64, armhf, ppc64el, s390x'),
    'ubuntu20.04': (['x86_64', 'i386', 'aarch64', 'arm', 'ppc64le', 's390x', 'riscv64'],
                    'Ubuntu 20.04 ports: amd64, arm64, armhf, ppc64el, s390x, riscv64; i386 as multiarch libraries'),
    'ubuntu22.04': (['x86_64', 'i386', 'aarch64', 'arm', 'ppc64le', 's390x', 'riscv64'],
                    'Ubuntu 22.04 ports: amd64, arm64, armhf, ppc64el, s390x, riscv64; i386 as multiarch libraries'),
    'ubuntu24.04': (['x86_64', 'i386', 'aarch64', 'arm', 'ppc64le', 's390x', 'riscv64'],
                    'Ubuntu 24.04 ports: amd64, arm64, armhf, ppc64el, s390x, riscv64; i386 as multiarch libraries'),
    'debian10': (['x86_64', 'aarch64', 'arm', 'armel', 'i386', 'mips', 'mipsel', 'mips64el', 'ppc64le', 's390x'],
                 'Debian 10 release architectures: amd64, arm64, armel, armhf, i386, mips, mipsel, mips64el, ppc64el, s390x'),
    'debian11': (['x86_64', 'aarch64', 'arm', 'armel', 'i386', 'mipsel', 'mips64el', 'ppc64le', 's390x'],
                 'Debian 11 release architectures: amd64, arm64, armel, armhf, i386, mipsel, mips64el, ppc64el, s390x'),
    'debian12': (['x86_64', 'aarch64', 'arm', 'armel', 'i386', 'mipsel', 'mips64el', 'ppc64le', 's390x'],
                 'Debian 12 release architectures: amd64, arm64, armel, armhf, i386, mipsel, mips64el, ppc64el, s390x'),
    'debian13': (['x86_64', 'aarch64', 'arm', 'armel', 'i386', 'ppc64le', 'riscv64', 's390x'],
                 'Debian 13 release architectures: amd64, arm64, armel, armhf, ppc64el, riscv64, s390x; i386 as multiarch libraries'),
}

# C# names of the architectures in Compatibility's Architecture table.
ARCH_CS = {'x86_64': 'X86_64', 'aarch64': 'Aarch64', 'i386': 'I386', 'arm': 'Arm', 'ppc64le': 'Ppc64le', 'ppc64': 'Ppc64',
           's390x': 'S390x', 'riscv64': 'Riscv64', 'armel': 'Armel', 'loongarch64': 'Loongarch64', 'mips64el': 'Mips64el', 'mipsel': 'Mipsel',
           'mips': 'Mips'}


def vkey(v):
    return [(0, int(p)) if p.isdigit() else (1, p) for p in v.split('.')]


def glibc_of(sets):
    nums = [v for v in sets.get('GLIBC', []) if v[0].isdigit()]
    return max(nums, key=vkey)


rows, libs, blacklist = [], {}, []
for (bid, display, family, label, images, kernel, isa, ssl, aliases, note) in BASELINES:
    per_arch = {}
    if isinstance(images, str):
        policy = policies[images]
        for arch, sets in policy['symbol_versions'].items():
            per_arch[ARCH_NAMES.get(arch, arch)] = {f: set(v) for f, v in sets.items()}
        whitelist = policy['lib_whitelist']
        for soname, symbols in sorted(policy['blacklist'].items()):
            blacklist.append((bid, soname, sorted(symbols)))
        source = 'auditwheel manylinux-policy.json, policy ' + images
        libraries_source = 'auditwheel\'s ' + images + ' library policy'
    else:
        for img in images:
            for arch, data in distros[img].items():
                sets = {f: set(v) for f, v in data['symbol_versions'].items()}
                if arch in per_arch:
                    per_arch[arch] = {f: per_arch[arch].get(f, set()) & sets.get(f, set()) for f in set(per_arch[arch]) | set(sets)}
                else:
                    per_arch[arch] = sets
        glibc = glibc_of(per_arch['x86_64'])
        era = 'manylinux_2_17' if vkey(glibc) < vkey('2.28') else 'manylinux_2_28'
        whitelist = list(policies[era]['lib_whitelist'])
        if vkey(glibc) >= vkey('2.22') and 'libmvec.so.1' not in whitelist:
            whitelist.append('libmvec.so.1')
        whitelist += ['libcrypt.so.1', 'libssl.so.' + ssl, 'libcrypto.so.' + ssl]
        libraries_source = ('generic: auditwheel\'s ' + era + ' library policy, libmvec, libcrypt and the distro\'s OpenSSL; '
                            'no package index of this distro is reachable to list its minimal install')
        if bid in stock:
            # Measured: what a minimal install of that release installs (its required packages' closure).
            whitelist = list(stock[bid]['libraries'])
            libraries_source = ('minimal install: the closure of the Essential and required packages, ' + str(stock[bid]['installed']) +
                                ' packages (stock-libraries.json, from ' + stock[bid]['source'] + ')')
        if bid == 'centos7':
            # glibc 2.17 on aarch64 exports a few GLIBC_2.18 nodes; the symbols really added in 2.18 are
            # listed by auditwheel's manylinux_2_17 policy (its blacklist for libc, libm, libpthread).
            for soname, symbols in sorted(policies['manylinux_2_17']['blacklist'].items()):
                if soname != 'libz.so.1':
                    blacklist.append((bid, soname, sorted(symbols)))
        if bid in rhel_images:
            # Evidenced: the official image's installed packages and the sonames Debian's builds of the same upstream
            # libraries show (rhel-libraries.json); packages with no evidence are named, so a finding can say "may lack".
            img = rhel_images[bid]
            whitelist = list(img['libraries'])
            libraries_source = ('the ' + img['image'].split(' ')[0] + ' image: its ' + str(img['packages_count']) + ' installed packages (' + img['packages_source'] +
                                '), their sonames from Debian and Ubuntu builds of the same upstream libraries (rhel-libraries.json)')
        source = 'distro-symbol-versions.json: ' + ' ∩ '.join(images)
    glibc = glibc_of(per_arch['x86_64'])
    if isinstance(images, str):
        ports, ports_source = sorted(per_arch), 'the architectures auditwheel\'s policy has data for'
    else:
        ports, ports_source = PORTS[bid]
    missing = set(per_arch) - set(ports)
    assert not missing, (bid, missing)  # data for an architecture the distro does not ship: fix PORTS
    rows.append((bid, display, family, label, glibc, kernel, isa, aliases, source + '; ' + note, per_arch, ports, ports_source, libraries_source, bid in stock or bid in rhel_images))
    libs[bid] = sorted(set(whitelist))

out = []
w = out.append
w('// <auto-generated>')
w('// Written by eng/gen-baselines.py from the reference data (see the script for sources); edit the script, not this file.')
w('// </auto-generated>')
w('using System.Collections.Generic;')
w('')
w('namespace GlibcGuard.Compatibility')
w('{')
w('    partial class BaselineCatalog')
w('    {')
w('        private static Baseline[] Create() => new[]')
w('        {')
def cs(v):
    return '"' + v.replace('\\', '\\\\').replace('"', '\\"') + '"'
def arr(items):
    return 'new[] { ' + ', '.join(cs(x) for x in items) + ' }' if items else 'System.Array.Empty<string>()'
for (bid, display, family, label, glibc, kernel, isa, aliases, source, per_arch, ports, ports_source, libraries_source, minimal) in rows:
    level = {1: 'Baseline', 2: 'V2', 3: 'V3', 4: 'V4'}[isa]
    w('            new Baseline(%s, %s, %s, %s, %s, %s, X86IsaLevel.%s, %s,' % (cs(bid), cs(display), cs(family), cs(label), cs(glibc), cs(kernel), level, arr(aliases)))
    w('                %s,' % cs(source))
    w('                new[] { %s },' % ', '.join('Architecture.' + ARCH_CS[a] for a in ports))
    w('                %s,' % cs(ports_source))
    w('                %s, %s)' % (cs(libraries_source), 'librariesAreMinimalInstall: true' if minimal else 'librariesAreMinimalInstall: false'))
    w('            {')
    w('                VersionSets =')
    w('                {')
    for arch in sorted(per_arch):
        w('                    [Architecture.%s] = new VersionSets(%s, static family => family switch' % (ARCH_CS[arch], cs(' '.join(sorted(per_arch[arch])))))
        w('                    {')
        for family_ in sorted(per_arch[arch]):
            w('                        %s => %s,' % (cs(family_), arr(sorted(per_arch[arch][family_]))))
        w('                        _ => null,')
        w('                    }),')
    w('                },')
    # Made when first asked for: most checks ask only for sonames every list holds (InEveryLibraryList, below).
    w('                LibrariesOf = static () => new[] { %s },' % ', '.join(cs(x) for x in libs[bid]))
    if bid in rhel_images:
        w('                LibrariesImage = %s,' % cs(rhel_images[bid]['image'].split(' ')[0]))
    if bid in rhel_images or bid in library_versions:
        w('                Tables = static (versions, unevidenced) =>')
        w('                {')
        if bid in rhel_images:
            stems = {}
            for pkg, u in sorted(rhel_images[bid]['unknown'].items()):
                for stem in u['stems']:
                    stems.setdefault(stem, pkg)
            for stem, pkg in sorted(stems.items()):
                w('                    unevidenced[%s] = %s;' % (cs(stem), cs(pkg)))
        if bid in library_versions:
            for so, nodes in sorted(library_versions[bid]['libraries'].items()):
                w('                    versions[%s] = NameSet.Ordered(new[] { %s });' % (cs(so), ', '.join(cs(x) for x in sorted(nodes))))
        w('                },')
    bl = [(so, syms) for (b_, so, syms) in blacklist if b_ == bid]
    if bl:
        w('                SymbolBlacklist =')
        w('                {')
        for so, syms in bl:
            w('                    [%s] = NameSet.Ordered(new[] { %s }),' % (cs(so), ', '.join(cs(x) for x in syms)))
        w('                },')
    w('            },')
w('        };')
w('')
every = sorted(set.intersection(*(set(libs[r[0]]) for r in rows)))
w('        /// <summary>')
w('        /// The sonames every built-in baseline\'s library list holds: a baseline answers for them without making its list')
w('        /// (a one-file check of a program that needs only glibc makes none of the seventeen).')
w('        /// </summary>')
w('        internal static readonly NameSet InEveryLibraryList = NameSet.Ordered(new[] { %s });' % ', '.join(cs(x) for x in every))
w('')
w('        /// <summary>The RHEL-family package a fix names for a missing library, by soname beginning (eng/reference/rhel-images/fix-packages.json).</summary>')
w('        internal static readonly KeyValuePair<string, string>[] RhelPackages =')
w('        {')
for stem, pkg in sorted(fix_packages.items(), key=lambda kv: (-len(kv[0]), kv[0])):
    w('            new KeyValuePair<string, string>(%s, %s),' % (cs(stem), cs(pkg)))
w('        };')
w('    }')
w('}')
out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), '..', 'src', 'GlibcGuard.Compatibility', 'Baselines')
dest = os.path.join(out_dir, 'BaselineData.g.cs')
open(dest, 'w').write('\n'.join(out) + '\n')
print('wrote', os.path.normpath(dest), len(rows), 'baselines')
