#!/usr/bin/env bash
# Runs every test: reader, engine, CLI, MSBuild task, and the end-to-end `dotnet publish` runs against a
# freshly packed package. eng/prereqs.sh installs the few Debian packages the tests call when they are missing.
set -euo pipefail
cd "$(dirname "$0")"

# readelf is the tests' reference; clang and lld link the NativeAOT publishes; npm fetches the SARIF validator;
# patchelf rewrites fixtures; mkfifo makes a FIFO.
source eng/prereqs.sh readelf:binutils clang:clang ld.lld:lld npm:npm patchelf:patchelf mkfifo:coreutils

# The SARIF multitool (an independent SARIF validator the tests run), from the npm registry.
multitool_dir=$PWD/artifacts/tools/sarif-multitool
if [ ! -x "$multitool_dir/package/Sarif.Multitool" ]; then
  mkdir -p "$multitool_dir"
  (cd "$multitool_dir" && npm pack --silent @microsoft/sarif-multitool-linux@5.7.0 >/dev/null && tar xzf microsoft-sarif-multitool-linux-5.7.0.tgz && rm -f ./*.tgz)
  chmod +x "$multitool_dir/package/Sarif.Multitool"
fi
export GLIBCGUARD_SARIF_MULTITOOL=$multitool_dir/package/Sarif.Multitool

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
log=$(mktemp)
set +e
dotnet test GlibcGuard.sln -c Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(awk '/^[[:space:]]+Passed: [0-9]+$/ {s += $2} END {print s + 0}' "$log")
failed=$(awk '/^[[:space:]]+Failed: [0-9]+$/ {s += $2} END {print s + 0}' "$log")
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
