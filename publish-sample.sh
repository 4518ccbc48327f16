#!/usr/bin/env bash
# The main job, end to end: packs GlibcGuard from this repository into artifacts/feed and runs a real
# `dotnet publish -r linux-x64` of samples/HelloAot (NativeAOT) through it, so its diagnostics show.
# Extra arguments go to dotnet publish, e.g. ./publish-sample.sh -p:GlibcGuardBaseline=centos9
set -euo pipefail
cd "$(dirname "$0")"
# NativeAOT links with clang (and lld where the SDK asks for it).
source eng/prereqs.sh clang:clang ld.lld:lld
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
version=0.1.0-local.$(date +%Y%m%d%H%M%S)
dotnet pack src/GlibcGuard.Tasks -c Release -o artifacts/feed -p:Version="$version" -v:q -nologo
# A packages folder of the sample's own, so the fresh package is always the one restored.
export NUGET_PACKAGES=$PWD/artifacts/sample-packages
dotnet publish samples/HelloAot -c Release -r linux-x64 -p:GlibcGuardVersion="$version" -nodeReuse:false -tl:off -clp:NoSummary "$@"
echo
echo "JSON report:  samples/HelloAot/bin/glibcguard.json"
echo "SARIF report: samples/HelloAot/bin/glibcguard.sarif"
