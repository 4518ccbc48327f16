#!/usr/bin/env bash
# Packs this tree with eng/pack.sh and installs GlibcGuard.Tool from that feed with `dotnet tool install`, as a user
# would, into artifacts/bench/tool (and the framework-dependent `any` build unpacked into artifacts/bench/any).
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/prereqs.sh unzip:unzip
out=$PWD/artifacts/bench
version=0.1.0-bench.$(date +%Y%m%d%H%M%S)
rm -rf "$out/feed" "$out/tool" "$out/any"
mkdir -p "$out"
eng/pack.sh "$out/feed" "$version" >/dev/null
dotnet tool install GlibcGuard.Tool --version "$version" --tool-path "$out/tool" --add-source "$out/feed" >/dev/null
unzip -q "$out/feed/GlibcGuard.Tool.any.$version.nupkg" -d "$out/any"
echo "installed: $(readlink -f "$out/tool/glibcguard")"
