#!/usr/bin/env python3
"""CPU time (user + system) and peak resident memory of commands over one list of files, the commands interleaved
run after run so that all of them see the same machine, with medians and quartiles: a steadier comparison than
timing each command's runs in a block on a machine shared with other tenants.

Usage: bench/cpu.py RUNS LIST 'COMMAND ...' ['COMMAND ...' ...]
Each command gets LIST's paths appended (as xargs would give them). Two warm-up rounds are not counted. Each run's
CPU time comes from its own wait4(); its peak memory from a second run under /usr/bin/time (a child forked from
this Python process would count Python's own memory as its high-water mark).
Example: bench/cpu.py 30 list.txt 'eu-readelf -V' 'glibcguard check --baseline centos9 --format json'
"""
import os
import statistics
import subprocess
import sys

runs, paths = int(sys.argv[1]), open(sys.argv[2]).read().split()
commands = [c.split() for c in sys.argv[3:]]
times = {i: [] for i in range(len(commands))}
peaks = {i: [] for i in range(len(commands))}
for round_ in range(runs + 2):
    for i, command in enumerate(commands):
        child = subprocess.Popen(command + paths, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(child.pid, 0)
        child.returncode = 0  # reaped here: Popen must not wait for it again
        timed = subprocess.run(["/usr/bin/time", "-f", "%M"] + command + paths, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if round_ >= 2:
            times[i].append((usage.ru_utime + usage.ru_stime) * 1000)
            peaks[i].append(int(timed.stderr.strip().splitlines()[-1]) / 1024)
first = statistics.median(times[0])
for i, command in enumerate(commands):
    t, m = sorted(times[i]), sorted(peaks[i])
    print("%-60s CPU median %6.1f ms (quartiles %.1f–%.1f), %.2f× the first; peak memory %.1f–%.1f MB (median %.1f)" % (
        " ".join(command)[:60], statistics.median(t), t[len(t) // 4], t[3 * len(t) // 4], statistics.median(t) / first,
        m[0], m[-1], statistics.median(m)))
