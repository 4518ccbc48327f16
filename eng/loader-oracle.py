#!/usr/bin/env python3
"""Compares GlibcGuard's verdicts with the dynamic loader of a minimal Debian root, file by file.

Usage: eng/loader-oracle.py ROOT BASELINE GLIBCGUARD-COMMAND FILE...
  ROOT       a root made by `debootstrap --variant=minbase SUITE ROOT http://deb.debian.org/debian`
  BASELINE   the GlibcGuard baseline of that release (debian11, debian12, debian13)
  GLIBCGUARD-COMMAND  how to run the tool, e.g. "dotnet src/GlibcGuard.Cli/bin/Release/net10.0/glibcguard.dll"

Each file is copied into ROOT/tmp and traced with `chroot ROOT ldd /tmp/FILE` (trace mode: the loader maps the file
and binds its needs; none of its code runs), and checked alone with `glibcguard check FILE --baseline BASELINE
--format json`. Compared, for the file's own needs (not those of the libraries it loads):
  a library the loader cannot find      <=> a GG1004 finding naming it
  a version the loader cannot find      <=> a GG1001/GG1002 error naming that library and version
Prints one line per disagreement and a summary: files, agree, silent (the loader refuses, GlibcGuard is silent),
false (GlibcGuard reports what the loader accepts). GLIBC_PRIVATE needs are flagged as never portable (GG1002) even
where this root's loader accepts them: counted apart as deliberate.
"""
import json, os, re, shutil, subprocess, sys

root, baseline, command, files = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4:]
VERSION = re.compile(r"^\S+: (\S+): version `([^']+)' not found \(required by /tmp/oracle-file\)$")
MISSING = re.compile(r"^\s*(\S+) => not found$")
counts = {'files': 0, 'agree': 0, 'silent': 0, 'false': 0, 'private': 0}
for path in files:
    dest = os.path.join(root, 'tmp', 'oracle-file')
    shutil.copyfile(path, dest)
    os.chmod(dest, 0o755)
    trace = subprocess.run(['chroot', root, 'ldd', '/tmp/oracle-file'], capture_output=True, text=True, timeout=60)
    out = trace.stdout + trace.stderr
    if 'not a dynamic executable' in out:
        continue
    loader = set()
    for line in out.splitlines():
        m = VERSION.match(line.strip())
        if m:
            loader.add(('version', os.path.basename(m.group(1)), m.group(2)))
        m = MISSING.match(line)
        if m:
            loader.add(('library', m.group(1), None))
    report = json.loads(subprocess.run(command + ['check', path, '--baseline', baseline, '--format', 'json'], capture_output=True, text=True).stdout)
    ours = set()
    private = set()
    for f in report['findings']:
        if f['code'] in ('GG1001',) and f['severity'] == 'error':
            ours.add(('version', f['library'], f['version']))
        elif f['code'] == 'GG1002':
            private.add(('version', f['library'], f['version']))
        elif f['code'] == 'GG1004':
            ours.add(('library', f['library'], None))
    counts['files'] += 1
    silent = loader - ours - private
    false = ours - loader
    if private - loader:
        counts['private'] += 1
    if silent:
        counts['silent'] += 1
        print('SILENT', path, sorted(silent, key=str))
    if false:
        counts['false'] += 1
        print('FALSE ', path, sorted(false, key=str))
    if not silent and not false:
        counts['agree'] += 1
os.remove(os.path.join(root, 'tmp', 'oracle-file'))
print('%s on %s: %d files, %d agree, %d silent, %d false (%d with GLIBC_PRIVATE needs, deliberate)' %
      (baseline, root, counts['files'], counts['agree'], counts['silent'], counts['false'], counts['private']))
