#!/usr/bin/env bash
# What GlibcGuardLinkToBaseline costs: publishes tests/fixtures/src/zigapp (NativeAOT, linux-x64) through the
# freshly packed package twice, linked by clang (the default) and by zig against centos7's glibc 2.17, and prints
# the sizes of the stripped executable and its .dbg file, the highest GLIBC version each needs, and the link time.
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/prereqs.sh clang:clang ld.lld:lld readelf:binutils npm:npm
zig=$(eng/get-zig.sh)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
work=$(mktemp -d)
version=0.1.0-bench.$(date +%Y%m%d%H%M%S)
dotnet pack src/GlibcGuard.Tasks -c Release -o "$work/feed" -p:Version="$version" -v:q -nologo >/dev/null
mkdir -p "$work/zigapp"
cp tests/fixtures/src/zigapp/Program.cs "$work/zigapp/"
sed "s/\$GlibcGuardVersion\\$/$version/" tests/fixtures/src/zigapp/zigapp.csproj.template > "$work/zigapp/zigapp.csproj"
printf '<configuration><packageSources><clear /><add key="local" value="%s" /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources></configuration>\n' "$work/feed" > "$work/zigapp/nuget.config"
printf '<Project />\n' > "$work/Directory.Build.props"; cp "$work/Directory.Build.props" "$work/Directory.Build.targets"
export NUGET_PACKAGES=$PWD/artifacts/bench-packages
publish() { (cd "$work/zigapp" && dotnet publish -c Release -r linux-x64 -nodeReuse:false -tl:off -v:q -clp:NoSummary -p:GlibcGuardBaseline=centos7 "$@" >/dev/null); }
publish   # restore and compile once, so that the timed runs differ only in the link
exe=$work/zigapp/bin/Release/net10.0/linux-x64/publish/zigapp
printf '%-6s %12s %12s %8s %s\n' linker executable .dbg glibc "publish time (ILC compile up to date, link and strip)"
for mode in clang zig; do
  extra=()
  [ $mode = zig ] && extra=(-p:GlibcGuardLinkToBaseline=true -p:GlibcGuardZigPath="$zig")
  publish "${extra[@]}"          # warm: the zig cache builds glibc 2.17's stubs once
  rm -f "$work/zigapp/bin/Release/net10.0/linux-x64/native/zigapp"
  start=$(date +%s.%N); publish "${extra[@]}"; end=$(date +%s.%N)
  glibc=$(readelf -V -W "$exe" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)
  printf '%-6s %12s %12s %8s %.1f s\n' $mode "$(stat -c %s "$exe")" "$(stat -c %s "$exe.dbg")" "${glibc#GLIBC_}" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
done
rm -rf "$work"
