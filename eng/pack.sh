#!/usr/bin/env bash
# Packs every GlibcGuard package into one folder, to use as a package source:
#   GlibcGuard                                  the MSBuild gate
#   GlibcGuard.Tool                             the tool's pointer package (names the three below)
#   GlibcGuard.Tool.linux-x64, .linux-arm64     NativeAOT glibcguard, linked against CentOS 7's glibc with zig and
#                                               gated against centos7 by GlibcGuard itself
#   GlibcGuard.Tool.any                         framework-dependent glibcguard for every other platform
# Usage: eng/pack.sh FEED-FOLDER [VERSION]     (VERSION defaults to 0.1.0)
# zig comes from eng/get-zig.sh (the npm registry's zig 0.11.0); the arm64 build is stripped with Debian's
# aarch64-linux-gnu-objcopy.
set -euo pipefail
feed=$(realpath -m "${1:?usage: eng/pack.sh FEED-FOLDER [VERSION]}")
version=${2:-0.1.0}
cd "$(dirname "$0")/.."
source eng/prereqs.sh npm:npm objcopy:binutils aarch64-linux-gnu-objcopy:binutils-aarch64-linux-gnu
zig=$(eng/get-zig.sh)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
common=(-c Release -o "$feed" -p:Version="$version" -p:ContinuousIntegrationBuild=true -p:GlibcGuardPackTool=true -nodeReuse:false -tl:off -v:m -nologo)
dotnet pack src/GlibcGuard.Tasks "${common[@]}"
dotnet pack src/GlibcGuard.Cli "${common[@]}"
for rid in linux-x64 linux-arm64; do
  dotnet pack src/GlibcGuard.Cli -r "$rid" -p:GlibcGuardZigPath="$zig" "${common[@]}"
done
dotnet pack src/GlibcGuard.Cli -r any "${common[@]}"
echo "packed GlibcGuard $version and GlibcGuard.Tool $version (linux-x64, linux-arm64, any) into $feed"
