#!/usr/bin/env bash
# Whole-folder comparison: glibcguard check (JIT and NativeAOT builds) against elfutils' eu-readelf over the same
# ELF files, one process each, startup included. Needs hyperfine and elfutils (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/usr/lib/x86_64-linux-gnu}
list=$(mktemp)
find "$dir" -type f -size +52c -print0 | while IFS= read -r -d '' f; do
  [ "$(head -c4 "$f" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] && printf '%s\n' "$f"
done > "$list"
echo "$(wc -l < "$list") ELF files under $dir"
dotnet publish src/GlibcGuard.Cli -c Release -o artifacts/bench/cli -v:q -nologo
dotnet publish src/GlibcGuard.Cli -c Release -r linux-x64 -p:GlibcGuardAot=true -o artifacts/bench/cli-aot -v:q -nologo
hyperfine -N -i -w 2 -r 10 \
  "xargs -a $list eu-readelf -V" \
  "xargs -a $list eu-readelf -h -l -d -V --dyn-syms" \
  "dotnet artifacts/bench/cli/glibcguard.dll check $dir" \
  "artifacts/bench/cli-aot/glibcguard check $dir"
rm -f "$list"
