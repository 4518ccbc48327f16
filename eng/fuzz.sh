#!/usr/bin/env bash
# Coverage-guided fuzzing of the whole input path (`glibcguard inspect` and `check`: ELF reader, packages,
# single-file bundles, rules, text/JSON/SARIF) with SharpFuzz and Debian's afl++.
#
#   eng/fuzz.sh [SECONDS]     # default 600; findings and the corpus stay in artifacts/fuzz/out
#
# Builds tests/GlibcGuard.Fuzz, instruments GlibcGuard's four assemblies with the SharpFuzz command-line tool,
# seeds afl-fuzz with the small ELF fixtures and a package made from them, runs one afl-fuzz instance for the given
# time and prints its figures. A crash is an input under artifacts/fuzz/out/default/crashes/; replay it with
#   dotnet artifacts/fuzz/bin/GlibcGuard.Fuzz.dll artifacts/fuzz/out/default/crashes/id:...
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
source eng/prereqs.sh afl-fuzz:afl++ python3:python3

work=$PWD/artifacts/fuzz
tools=$work/tools
bin=$work/bin
seeds=$work/seeds
out=$work/out
mkdir -p "$tools" "$seeds"

# The SharpFuzz instrumenter, a .NET tool from NuGet, kept in a tool path of its own.
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

rm -rf "$bin"
dotnet build tests/GlibcGuard.Fuzz/GlibcGuard.Fuzz.csproj -c Release -o "$bin" -nologo -v:q
for assembly in GlibcGuard.Elf.dll GlibcGuard.Inputs.dll GlibcGuard.Compatibility.dll glibcguard.dll; do
  "$tools/sharpfuzz" "$bin/$assembly" >/dev/null
done

# Seeds: every ELF fixture under 100 KB, and a package that holds two of them in runtimes/<rid>/native/.
rm -rf "$seeds" && mkdir -p "$seeds"
find tests/fixtures/elf -type f -size -100k ! -name '*.txt' -exec cp {} "$seeds/" \;
python3 - "$seeds/seed.nupkg" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("Seed.nuspec", "<?xml version='1.0'?><package><metadata><id>Seed</id><version>1.0.0</version></metadata></package>")
    z.write("tests/fixtures/elf/libnewglibc.so", "runtimes/linux-x64/native/libnewglibc.so")
    z.write("tests/fixtures/elf/libmuslgreet.so", "runtimes/linux-musl-x64/native/libmuslgreet.so")
PY

# Resume when a corpus is there (afl-fuzz -i -), else start from the seeds.
input=$seeds
if [ -d "$out/default/queue" ]; then input=-; fi
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 AFL_AUTORESUME=1
export DOTNET_TieredPGO=0 DOTNET_CLI_TELEMETRY_OPTOUT=1
status=0
afl-fuzz -i "$input" -o "$out" -x tests/GlibcGuard.Fuzz/glibcguard.dict -t 10000 -m none -V "$seconds" \
  -- dotnet "$bin/GlibcGuard.Fuzz.dll" > "$work/afl.log" 2>&1 || status=$?

stats=$out/default/fuzzer_stats
if [ ! -f "$stats" ]; then
  echo "afl-fuzz did not start (exit $status); its output:" >&2
  tail -40 "$work/afl.log" >&2
  exit 1
fi
echo "afl-fuzz ran ${seconds}s (exit $status):"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|edges_found|bitmap_cvg|saved_crashes|saved_hangs) ' "$stats" | sed 's/^/  /'
crashes=$(find "$out/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
hangs=$(find "$out/default/hangs" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "crashes: $crashes, hangs: $hangs (inputs under $out/default/)"
[ "$crashes" -eq 0 ]
