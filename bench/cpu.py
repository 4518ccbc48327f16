#!/usr/bin/env python3
"""CPU time (user + system) of commands over one list of files, the commands interleaved run after run so that all
of them see the same machine, with medians and quartiles: a steadier comparison than timing each command's runs in a
block on a machine shared with other tenants.

Usage: bench/cpu.py RUNS LIST 'COMMAND ...' ['COMMAND ...' ...]
Each command gets LIST's paths appended (as xargs would give them). Two warm-up rounds are not counted.
Example: bench/cpu.py 30 list.txt 'eu-readelf -V' 'glibcguard check --baseline centos9 --format json'
"""
import resource
import statistics
import subprocess
import sys

runs, paths = int(sys.argv[1]), open(sys.argv[2]).read().split()
commands = [c.split() for c in sys.argv[3:]]
times = {i: [] for i in range(len(commands))}
for round_ in range(runs + 2):
    for i, command in enumerate(commands):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command + paths, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if round_ >= 2:
            times[i].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
first = statistics.median(times[0])
for i, command in enumerate(commands):
    t = sorted(times[i])
    print("%-60s median %6.1f ms (quartiles %.1f–%.1f), %.2f× the first" % (" ".join(command)[:60], statistics.median(t), t[len(t) // 4], t[3 * len(t) // 4], statistics.median(t) / first))
