#!/usr/bin/env bash
# Whole-folder speed, one process each, startup included: the installed tool (what `dotnet tool install
# GlibcGuard.Tool` gives on linux-x64: the NativeAOT build from eng/pack.sh) and its framework-dependent `any`
# build, against elfutils' eu-readelf over the same ELF files. hyperfine, 3 warm-up runs and 20 timed runs each,
# interleaved by hyperfine in one invocation so that all commands see the same machine.
# Usage: bench/folder.sh [FOLDER]   (default /usr/lib/x86_64-linux-gnu); the table goes to artifacts/bench/folder.md
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/prereqs.sh hyperfine:hyperfine eu-readelf:elfutils
dir=${1:-/usr/lib/x86_64-linux-gnu}
out=$PWD/artifacts/bench
bench/install-tool.sh
list=$(mktemp)
find "$dir" -type f -size +3c -print0 | while IFS= read -r -d '' f; do
  [ "$(head -c4 "$f" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] && printf '%s\n' "$f"
done > "$list"
echo "$(wc -l < "$list") ELF files under $dir; tool: $(readlink -f "$out/tool/glibcguard")"
# The same list of files for both tools (one invocation each: the list fits xargs' buffer), then the tool on the
# folder itself (it then also opens every non-ELF file there to test its first bytes), then the `any` build.
[ "$(xargs -a "$list" echo | wc -l)" = 1 ] || { echo "the file list needs more than one xargs invocation" >&2; exit 1; }
hyperfine -N -i -w 3 -r 20 --export-markdown "$out/folder.md" \
  "xargs -a $list eu-readelf -V" \
  "xargs -a $list $out/tool/glibcguard check" \
  "$out/tool/glibcguard check $dir" \
  "dotnet $out/any/tools/net10.0/any/glibcguard.dll check $dir"
rm -f "$list"
