#!/usr/bin/env python3
"""Writes src/GlibcGuard.Compatibility/Baselines/BaselineData.g.cs from the reference data.

Usage: eng/gen-baselines.py [eng/reference]   (the folder with distro-symbol-versions.json and manylinux-policy.json)

Version-node sets: for a distro baseline, the intersection of the images listed for it in
distro-symbol-versions.json (derived from mayeut/pep600_compliance @ 2d70275ac129, the data auditwheel's policies
are generated from); for a manylinux baseline, auditwheel's policy (pypa/auditwheel @ 86154d15d6a5). Kernel and
OpenSSL sonames come from the distros' release notes and package indexes (sources beside each row below).
"""
import json, os, sys

ref = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "reference")
distros = json.load(open(os.path.join(ref, 'distro-symbol-versions.json')))['distros']
policies = {p['name']: p for p in json.load(open(os.path.join(ref, 'manylinux-policy.json')))}

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

ARCH_NAMES = {'armv7l': 'arm'}


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
        if bid == 'centos7':
            # glibc 2.17 on aarch64 exports a few GLIBC_2.18 nodes; the symbols really added in 2.18 are
            # listed by auditwheel's manylinux_2_17 policy (its blacklist for libc, libm, libpthread).
            for soname, symbols in sorted(policies['manylinux_2_17']['blacklist'].items()):
                if soname != 'libz.so.1':
                    blacklist.append((bid, soname, sorted(symbols)))
        source = 'distro-symbol-versions.json: ' + ' ∩ '.join(images)
    glibc = glibc_of(per_arch['x86_64'])
    rows.append((bid, display, family, label, glibc, kernel, isa, aliases, source + '; ' + note, per_arch))
    libs[bid] = sorted(set(whitelist))

out = []
w = out.append
w('// <auto-generated>')
w('// Written by eng/gen-baselines.py from the reference data (see the script for sources); edit the script, not this file.')
w('// </auto-generated>')
w('namespace GlibcGuard.Compatibility')
w('{')
w('    partial class BaselineCatalog')
w('    {')
w('        // id | display name | runs-on family | runs-on label | glibc | kernel | x86-64 level | aliases | source')
w('        private static readonly string[] s_baselineRows =')
w('        {')
for (bid, display, family, label, glibc, kernel, isa, aliases, source, _) in rows:
    w('            "%s|%s|%s|%s|%s|%s|%d|%s|%s",' % (bid, display, family, label, glibc, kernel, isa, ' '.join(aliases), source.replace('"', "'")))
w('        };')
w('')
w('        // id | arch | family | version nodes')
w('        private static readonly string[] s_versionRows =')
w('        {')
for (bid, *_rest) in rows:
    per_arch = _rest[-1]
    for arch in sorted(per_arch):
        for family in sorted(per_arch[arch]):
            w('            "%s|%s|%s|%s",' % (bid, arch, family, ' '.join(sorted(per_arch[arch][family], key=vkey))))
w('        };')
w('')
w('        // id | sonames a stock install provides')
w('        private static readonly string[] s_libraryRows =')
w('        {')
for bid, sonames in libs.items():
    w('            "%s|%s",' % (bid, ' '.join(sonames)))
w('        };')
w('')
w('        // id | soname | symbols that must not be imported (present in the distro, absent from the ABI it promises)')
w('        private static readonly string[] s_symbolBlacklistRows =')
w('        {')
for bid, soname, symbols in blacklist:
    w('            "%s|%s|%s",' % (bid, soname, ' '.join(symbols)))
w('        };')
w('    }')
w('}')
dest = os.path.join(os.path.dirname(__file__), '..', 'src', 'GlibcGuard.Compatibility', 'Baselines', 'BaselineData.g.cs')
open(dest, 'w').write('\n'.join(out) + '\n')
print('wrote', os.path.normpath(dest), len(rows), 'baselines')
