#!/usr/bin/env python3
"""Writes src/GlibcGuard.Cli/startup.order: the managed methods the NativeAOT tool runs for a small check, which the
compiler places first and together in the executable (IlcOrderFile in GlibcGuard.Cli.csproj).

Why: each 64 KB of code the kernel maps for the tool costs a page fault, and on the virtual machines CI runs on a
fault costs about 12 µs. Left in the compiler's own order, the code a one-file check runs is spread over 35 such
windows of the executable; listed here, over 17 (docs/performance.md, "Start-up, 2026-12-06, second part").

How: a build whose symbols are kept runs under valgrind's callgrind; every function it enters that lies in the
managed code section is listed. First the functions of the one-file runs (`--version`, `check FILE`), then those only
the other runs enter (a folder, the JSON, SARIF and matrix reports, `inspect`, `explain`); each part in name order, so
that a method of a type sits beside its type's other methods and the file changes only where the code did.

Usage: eng/gen-startup-order.py [--exe UNSTRIPPED-GLIBCGUARD] [--out FILE]
Without --exe, publishes src/GlibcGuard.Cli for linux-x64 with its symbols kept into artifacts/startup-order/ (zig
from eng/get-zig.sh, as eng/pack.sh links it). Needs valgrind and binutils. A name the build no longer has costs
nothing (the compiler skips it) but places nothing: StartupOrderTests fails when the file names a method the packed
tool lacks, so a rename or a removal is caught; rerun this script after changing what a check runs.
"""
import argparse, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, 'tests', 'fixtures', 'elf')
ONE_FILE = [
    ['--version'],
    ['check', os.path.join(FIXTURES, 'gcc-x86_64-pie')],
    ['check', '--baseline', 'centos9', os.path.join(FIXTURES, 'libgreet.so.1')],
]
OTHERS = [
    ['check', FIXTURES],
    ['check', '--format', 'json', FIXTURES],
    ['check', '--format', 'sarif', os.path.join(FIXTURES, 'gcc-x86_64-pie')],
    ['check', '--matrix', os.path.join(FIXTURES, 'gcc-x86_64-pie')],
    ['inspect', os.path.join(FIXTURES, 'gcc-x86_64-pie')],
    ['inspect', '--format', 'json', os.path.join(FIXTURES, 'go-x86_64-cgo')],
    ['explain', 'GG1001'],
]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, **kw)


def publish(out):
    zig = run([os.path.join(ROOT, 'eng', 'get-zig.sh')], capture_output=True).stdout.strip()
    run(['dotnet', 'publish', os.path.join(ROOT, 'src', 'GlibcGuard.Cli'), '-c', 'Release', '-r', 'linux-x64', '-o', out,
         '-p:StripSymbols=false', '-p:GlibcGuardZigPath=' + zig, '-nodeReuse:false', '-tl:off', '-v:q', '-nologo'],
        stdout=subprocess.DEVNULL)
    return os.path.join(out, 'glibcguard')


def managed_methods(exe):
    """The symbols of the executable's managed code section (the only code the compiler lays out), with addresses."""
    start = end = None
    for line in run(['readelf', '-SW', exe], capture_output=True).stdout.splitlines():
        m = re.search(r'\]\s+__managedcode\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)', line)
        if m:
            start = int(m.group(1), 16)
            end = start + int(m.group(2), 16)
    if start is None:
        sys.exit(exe + ': no __managedcode section (is it a NativeAOT executable with its symbols?)')
    names = {}
    for line in run(['nm', exe], capture_output=True).stdout.splitlines():
        m = re.match(r'^([0-9a-f]+) [tT] (.+)$', line)
        if m and start <= int(m.group(1), 16) < end:
            names[m.group(2)] = int(m.group(1), 16)
    return names


def with_aliases(names, methods):
    """Every name of the methods at the addresses of `names`: a method the runtime calls by an exported name (RhNewObject)
    is listed by that name too, and only its own name places it."""
    at = {methods[n] for n in names if n in methods}
    return {n for n, a in methods.items() if a in at}


def entered(exe, args, work):
    """The functions callgrind saw `exe args` enter (their symbol names, not demangled)."""
    out = os.path.join(work, 'callgrind.out')
    subprocess.run(['valgrind', '--tool=callgrind', '--demangle=no', '--callgrind-out-file=' + out, exe] + args,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    names, ids = set(), {}
    with open(out) as f:
        for line in f:
            # A function is named at its first mention, as a caller (fn=) or a callee (cfn=); its id after that.
            m = re.match(r'^(c?fn)=\((\d+)\)(?: (.*))?$', line.rstrip('\n'))
            if m:
                if m.group(3):
                    ids[m.group(2)] = m.group(3)
                if m.group(1) == 'fn':
                    names.add(ids.get(m.group(2)))
    os.remove(out)
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--exe', help='a glibcguard NativeAOT executable with its symbol table')
    parser.add_argument('--out', default=os.path.join(ROOT, 'src', 'GlibcGuard.Cli', 'startup.order'))
    options = parser.parse_args()
    for tool in ('valgrind', 'readelf', 'nm', 'objcopy'):
        if shutil.which(tool) is None:
            sys.exit(tool + ' is needed (apt-get install valgrind binutils)')
    with tempfile.TemporaryDirectory() as work:
        exe = options.exe or publish(os.path.join(ROOT, 'artifacts', 'startup-order'))
        # valgrind reads the symbol table, but gives up on the compiler's DWARF: a copy without it.
        plain = os.path.join(work, 'glibcguard')
        run(['objcopy', '--strip-debug', exe, plain])
        methods = managed_methods(plain)
        first = with_aliases(set().union(*(entered(plain, args, work) for args in ONE_FILE)), methods)
        rest = with_aliases(set().union(*(entered(plain, args, work) for args in OTHERS)), methods) - first
    if len(first) < 100:
        sys.exit('only %d managed methods seen in the one-file runs: did valgrind run the executable?' % len(first))
    with open(options.out, 'w') as f:
        for name in sorted(first) + sorted(rest):
            f.write(name + '\n')
    print('%s: %d methods of the one-file runs, then %d of the others (of %d in the executable)' % (
        os.path.relpath(options.out, ROOT), len(first), len(rest), len(methods)))


if __name__ == '__main__':
    main()
