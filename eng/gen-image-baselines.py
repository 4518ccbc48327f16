#!/usr/bin/env python3
"""Writes eng/reference/dotnet-images.json and src/GlibcGuard.Compatibility/Baselines/ImageData.g.cs: a baseline per
variant of the .NET container images (mcr.microsoft.com/dotnet/runtime-deps, and runtime and aspnet, which add only
.NET's own files on top), from the facts in the shared reference data (dotnet-images/: each variant's Dockerfile,
packages or chisel slices, with the commit of every fact) and the distributions' own package indexes.

Usage: eng/gen-image-baselines.py [IMAGES-DIR]   (default eng/reference/dotnet-images, copied from the shared reference data)

What each image provides:
- a full Debian or Ubuntu image (bookworm-slim, jammy, noble): the release's minimal install (as
  eng/gen-stock-libraries.py computes it) plus the packages its Dockerfile installs, closed over Depends and
  Pre-Depends in the release's Packages index; the libraries those packages install, from its Contents index;
- a chiseled image: the libraries the data lists for the chisel slices the Dockerfile installs (amd64 names; the
  data's README says which sonames were set from version numbers);
- an Alpine image: a musl target, with no library list (Alpine's index is not reachable from here): every glibc
  file is judged as what it is, a file that does not start on musl;
- images GlibcGuard cannot describe are listed with the reason and get no baseline: Ubuntu 26.04 (no version sets
  for that release in the baseline data), Azure Linux (its package index is not reachable from here: package names
  cannot be turned into sonames).
The package that ships each library of the releases the images are built on (Contents index) is written beside
the data, gzip-compressed (Baselines/sonames.<baseline>.txt.gz), for the fix GlibcGuard names.
"""
import gzip, importlib.util, json, os, sys

ROOT = os.path.dirname(os.path.abspath(__file__))
IMAGES = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'reference', 'dotnet-images')
CACHE = os.path.join(ROOT, '..', 'artifacts', 'distro-index')
# A second argument writes everything (ImageData.g.cs, the soname tables, dotnet-images.json) into that folder
# instead, for the test that compares a regeneration with the committed files.
OUT_DIR = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, '..', 'src', 'GlibcGuard.Compatibility', 'Baselines')
JSON_OUT = os.path.join(sys.argv[2], 'dotnet-images.json') if len(sys.argv) > 2 else os.path.join(ROOT, 'reference', 'dotnet-images.json')

spec = importlib.util.spec_from_file_location('stock', os.path.join(ROOT, 'gen-stock-libraries.py'))
stock = importlib.util.module_from_spec(spec)
sys_argv, sys.argv = sys.argv, sys.argv[:1]
spec.loader.exec_module(stock)
sys.argv = sys_argv

# The release each image variant is built on, by the first word of the variant name.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from releases import BY_CODENAME as DISTROS  # noqa: E402  (eng/reference/releases.json)
UNSUPPORTED = {
    'resolute': 'Ubuntu 26.04: the baseline data has no version sets for it',
    'azurelinux3.0': "Azure Linux 3.0: its package index is not reachable from here, so its packages cannot be turned into sonames",
}
ARCHES = {'amd64': 'X86_64', 'arm64': 'Aarch64', 'armhf': 'Arm'}

# The tag without a distro ("8.0") is a floating tag for one variant: Debian through .NET 9, Ubuntu 24.04 from .NET 10
# (dotnet/docs docs/core/compatibility/containers/10.0/default-images-use-ubuntu.md: "In .NET 9 and earlier versions,
# default tags referenced images based on Debian"; "mcr.microsoft.com/dotnet/sdk:10.0 - Refers to Ubuntu 24.04";
# bookworm-slim is the only Debian variant of 8.0 and 9.0 in the data).
DEFAULT_TAG = {'8.0': 'bookworm-slim', '9.0': 'bookworm-slim', '10.0': 'noble'}


def index_paths(baseline):
    codename, base, packages_rel, contents_rel = stock.RELEASES[baseline]
    packages = stock.fetch(base + codename + '/' + packages_rel, os.path.join(CACHE, codename + '-Packages.gz'))
    contents = stock.fetch(base + codename + '/' + contents_rel, os.path.join(CACHE, codename + '-Contents-amd64.gz'))
    return base + codename + '/', packages, contents


def soname_packages(contents_path):
    """Every library name in the library folders, with the package that installs it (the first one listed)."""
    found = {}
    for line in stock.library_lines(contents_path):
        path, _, locations = line.rpartition(' ')
        folder, _, name = path.strip().rpartition('/')
        if not stock.SONAME.match(name) or not any(folder + '/' == d for d in stock.LIB_DIRS):
            continue
        package = locations.split(',')[0].rpartition('/')[2]
        # A soname has at most two numbers after .so (libssl.so.1.1); longer names are the files sonames point
        # at, and a plain lib*.so of a -dev package is a link for the linker, never a DT_NEEDED name.
        after = name.partition('.so')[2]
        if after.count('.') > 2 or (after == '' and package.endswith('-dev')):
            continue
        found.setdefault(name, package)
    return found


def main():
    records = []
    for name in sorted(os.listdir(IMAGES)):
        if not name.startswith('runtime-deps-') or not name.endswith('.json'):
            continue
        with open(os.path.join(IMAGES, name)) as f:
            d = json.load(f)
        variant, dotnet = d['variant'], d['dotnet']
        words = variant.split('-')
        record = {
            'id': 'dotnet-' + dotnet + '-' + variant,
            'names': ['mcr.microsoft.com/dotnet/' + repo + ':' + dotnet + '-' + variant for repo in ('runtime-deps', 'runtime', 'aspnet')] +
                     (['mcr.microsoft.com/dotnet/' + repo + ':' + dotnet for repo in ('runtime-deps', 'runtime', 'aspnet')] if DEFAULT_TAG.get(dotnet) == variant else []),
            'dotnet': dotnet, 'variant': variant, 'kind': d['kind'], 'libc': d['libc'],
            'architectures': d['architectures'], 'icu': bool(d['icu']), 'invariant_env': bool(d.get('globalization_invariant_env')),
            'openssl': d.get('openssl'), 'source': d['source'], 'dockerfile_dir_last_changed': d.get('dockerfile_dir_last_changed'),
        }
        if d['libc'] == 'musl':
            record['supported'] = True
            record['distro'] = ''
            record['libraries'] = []
            record['libraries_source'] = "musl (Alpine): no library list, Alpine's package index is not reachable from here"
            records.append(record)
            continue
        distro = DISTROS.get(words[0])
        if distro is None or d['libc'] != 'glibc':
            record['supported'] = False
            record['reason'] = UNSUPPORTED.get(words[0], 'no glibc baseline for ' + words[0])
            records.append(record)
            continue
        record['supported'] = True
        record['distro'] = distro
        if d['kind'] == 'chiseled':
            libs = sorted(s for s, info in d['libraries'].items() if info.get('arch') == 'all' or 'amd64' in (info.get('arch') or []))
            record['libraries'] = libs
            record['library_count_amd64'] = d['library_count_per_arch']['amd64']  # the data's own count, which the tests hold the list to
            record['libraries_source'] = ('the chisel slices its Dockerfile installs (' + ', '.join(d['slices']) + '), ' + d['chisel_release'] +
                                          ' at ' + d['chisel_releases_commit'][:12] + '; sonames as the reference data gives them')
        else:
            dists, packages_path, contents_path = index_paths(distro)
            roots, installed = stock.closure(packages_path, extra=d['packages'])
            record['libraries'] = stock.sonames(contents_path, set(installed))
            record['libraries_source'] = (distro + "'s minimal install plus what its Dockerfile installs (" + ', '.join(d['packages']) +
                                          '), closed over dependencies: ' + str(len(installed)) + ' packages, from ' + dists + ' Packages and Contents')
        records.append(record)

    by_id = {r['id']: r for r in records}
    for r in records:
        if not r['supported'] or r['kind'] != 'chiseled':
            continue
        base = r['variant'].replace('-extra', '')
        extra = 'dotnet-' + r['dotnet'] + '-' + base + '-extra'
        full = 'dotnet-' + r['dotnet'] + '-' + base.replace('-chiseled', '')
        r['extra'] = extra if extra in by_id and extra != r['id'] else None
        r['full'] = full if full in by_id and by_id[full]['supported'] else None

    distros = sorted({r['distro'] for r in records if r['supported'] and r['distro']})
    for distro in distros:
        _, _, contents_path = index_paths(distro)
        table = soname_packages(contents_path)
        with gzip.GzipFile(os.path.join(OUT_DIR, 'sonames.' + distro + '.txt.gz'), 'wb', mtime=0) as f:
            f.write(''.join(k + '\t' + v + '\n' for k, v in sorted(table.items())).encode())
        print(distro, len(table), 'library names with their packages')

    out = {'_source': __doc__.strip().split('\n\n')[0].replace('\n', ' '), 'images': records}
    with open(JSON_OUT, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')

    def cs(s):
        return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

    lines = ['// Generated by eng/gen-image-baselines.py from eng/reference/dotnet-images.json. Do not edit.', '',
             'namespace GlibcGuard.Compatibility', '{', '    internal static partial class ImageCatalog', '    {',
             '        private static ImageSpec[] Create() => new[]', '        {']
    for r in records:
        if not r['supported']:
            lines.append('            ImageSpec.Unsupported(' + cs(r['id']) + ', new[] { ' + ', '.join(cs(n) for n in r['names']) + ' }, ' + cs(r['reason']) + '),')
            continue
        lines.append('            new ImageSpec(' + cs(r['id']) + ', new[] { ' + ', '.join(cs(n) for n in r['names']) + ' }, ' + cs(r['distro']) + ', ' +
                     cs(r['kind']) + ', ' + cs(r['libc']) + ', icu: ' + str(r['icu']).lower() + ', invariantEnv: ' + str(r['invariant_env']).lower() + ', ' +
                     'extra: ' + (cs(r['extra']) if r.get('extra') else 'null') + ', full: ' + (cs(r['full']) if r.get('full') else 'null') + ',')
        lines.append('                architectures: new[] { ' + ', '.join('Architecture.' + ARCHES[a] for a in r['architectures']) + ' },')
        lines.append('                source: ' + cs(r['source'] + '; libraries: ' + r['libraries_source']) + ',')
        lines.append('                libraries: new string[] { ' + ', '.join(cs(l) for l in r['libraries']) + ' }),')
    lines += ['        };', '    }', '}', '']
    with open(os.path.join(OUT_DIR, 'ImageData.g.cs'), 'w') as f:
        f.write('\n'.join(lines))
    print(len(records), 'image variants,', sum(r['supported'] for r in records), 'with a baseline')


if __name__ == '__main__':
    main()
