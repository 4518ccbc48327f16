#!/usr/bin/env bash
# Peak memory of one `glibcguard check` over a dozen NuGet packages with native Linux assets (fixed versions,
# downloaded once into artifacts/real-world/, the cache the RealWorld tests use), onnxruntime's 160 MB among them:
# the installed NativeAOT tool and the framework-dependent build, /usr/bin/time's maximum resident set size, five
# runs each.
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/prereqs.sh curl:curl
cache=artifacts/real-world
mkdir -p "$cache"
packages="SQLitePCLRaw.lib.e_sqlite3/2.1.11 librdkafka.redist/2.16.0 SkiaSharp.NativeAssets.Linux/2.88.9
  HarfBuzzSharp.NativeAssets.Linux/7.3.0.3 LibGit2Sharp.NativeBinaries/2.0.324 Grpc.Core/2.46.5
  Microsoft.ML.OnnxRuntime/1.31.1 Magick.NET-Q8-AnyCPU/14.17.0 Microsoft.NETCore.App.Runtime.linux-x64/8.0.34
  SkiaSharp.NativeAssets.Linux.NoDependencies/2.88.9 OpenCvSharp4.official.runtime.linux-x64/4.13.0.20260627
  LLamaSharp.Backend.Cpu/0.30.0"
files=()
for p in $packages; do
  id=$(echo "${p%/*}" | tr '[:upper:]' '[:lower:]'); version=${p#*/}
  f=$cache/$id.$version.nupkg
  if [ ! -f "$f" ]; then
    curl -fsS -o "$f.part" "https://api.nuget.org/v3-flatcontainer/$id/$version/$id.$version.nupkg"
    mv "$f.part" "$f"
  fi
  files+=("$f")
done
echo "${#files[@]} packages, $(du -ch "${files[@]}" | tail -1 | cut -f1) in all"
bench/install-tool.sh
for build in "artifacts/bench/tool/glibcguard" "dotnet artifacts/bench/any/tools/net10.0/any/glibcguard.dll"; do
  for i in 1 2 3 4 5; do
    /usr/bin/time -f "%M KB %e s" $build check "${files[@]}" --baseline centos8 >/dev/null 2>/tmp/glibcguard-memory.$$ || true
    tail -1 /tmp/glibcguard-memory.$$
  done | sort -n | awk -v b="$build" '{kb[NR]=$1} END {printf "%s: peak RSS %d to %d MB over %d runs\n", b, kb[1]/1024, kb[NR]/1024, NR}'
done
rm -f /tmp/glibcguard-memory.$$
