"""The one list of Debian and Ubuntu releases the generators share, read from eng/reference/releases.json."""
import json, os

_DATA = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'reference', 'releases.json')))
MIRRORS = _DATA['mirrors']

# baseline id -> (codename, base URL of the dists folder, Packages path inside the dist, Contents path inside the dist)
RELEASES = {r['id']: (r['codename'], MIRRORS[r['distro']]['dists'], MIRRORS[r['distro']]['packages'], MIRRORS[r['distro']]['contents'])
            for r in _DATA['releases']}

# baseline id -> codename, for the releases whose packages' own version nodes are read (eng/gen-library-versions.py)
LIBRARY_VERSION_RELEASES = {r['id']: r['codename'] for r in _DATA['releases'] if r.get('libraryVersions')}

# codename -> baseline id
BY_CODENAME = {r['codename']: r['id'] for r in _DATA['releases']}

# (distro, release or pocket) for the evidence search, oldest first within each distro
EVIDENCE = [(distro, r) for distro in ('ubuntu', 'debian') for r in _DATA['evidence'][distro]]
COMPONENTS = {d: tuple(m['components']) for d, m in MIRRORS.items()}
