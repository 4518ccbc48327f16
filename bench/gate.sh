#!/usr/bin/env bash
# What the MSBuild gate adds to a publish: packs this tree's GlibcGuard package, makes a throwaway self-contained
# .NET console app that references it, publishes it once (restore, first build), then RUNS more times and prints the
# time `-clp:PerformanceSummary` gives the publish check (target GlibcGuardCheckPublishedNativeFiles) in each.
# Usage: bench/gate.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
version=0.1.0-gate.$(date +%Y%m%d%H%M%S)
dotnet pack src/GlibcGuard.Tasks -c Release -o "$work/feed" -p:Version="$version" -v:q -nologo -tl:off >/dev/null
mkdir -p "$work/app"
cat > "$work/app/app.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
    <SelfContained>true</SelfContained>
    <InvariantGlobalization>true</InvariantGlobalization>
    <GlibcGuardCheckOnBuild>false</GlibcGuardCheckOnBuild>
  </PropertyGroup>
  <ItemGroup><PackageReference Include="GlibcGuard" Version="$version" PrivateAssets="all" /></ItemGroup>
</Project>
EOF
echo 'System.Console.WriteLine("hello");' > "$work/app/Program.cs"
printf '<configuration><packageSources><clear /><add key="local" value="%s" /><add key="nuget.org" value="https://api.nuget.org/v3/index.json" /></packageSources></configuration>\n' "$work/feed" > "$work/app/nuget.config"
printf '<Project />\n' > "$work/Directory.Build.props"; cp "$work/Directory.Build.props" "$work/Directory.Build.targets"
export NUGET_PACKAGES=$PWD/artifacts/bench-packages
publish() { (cd "$work/app" && dotnet publish -c Release -nodeReuse:false -tl:off -clp:PerformanceSummary "$@"); }
publish >/dev/null
for i in $(seq "$runs"); do
  publish | grep -E '^ +[0-9]+ ms +GlibcGuardCheckPublishedNativeFiles ' | awk '{print $1 " ms"}'
done
