#!/usr/bin/env bash
# Makes the minimal Debian 11, 12 and 13 installs the loader tests judge by (`debootstrap --variant=minbase` from
# Debian's mirror) under artifacts/roots/, all three at once; a root whose marker file is there is kept. test.sh
# starts it in the background while the solution builds; the tests run it too (DebianRoots), and wait on its lock
# while another run is making the roots.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$PWD/artifacts/roots
mkdir -p "$dir"
exec 9>"$dir/.lock"
flock 9
pids=()
for suite in bullseye bookworm trixie; do
  root=$dir/$suite
  [ -e "$root/.glibcguard-complete" ] && continue
  (
    if [ -e "$root/proc/self/maps" ]; then umount -l "$root/proc"; fi
    rm -rf "$root"
    debootstrap --variant=minbase "$suite" "$root" http://deb.debian.org/debian >"$dir/$suite.log" 2>&1 &&
      touch "$root/.glibcguard-complete"
  ) &
  pids+=($!)
done
status=0
for pid in ${pids[@]+"${pids[@]}"}; do
  wait "$pid" || status=1
done
for suite in bullseye bookworm trixie; do
  [ -e "$dir/$suite/.glibcguard-complete" ] || { echo "debootstrap $suite failed:"; tail -20 "$dir/$suite.log"; } >&2
done
exit $status
