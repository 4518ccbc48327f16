#!/usr/bin/env bash
# Runs every test: reader, engine, CLI, MSBuild task, and the end-to-end `dotnet publish` runs against a
# freshly packed package. Installs the few Debian packages the tests call (readelf comes with binutils; the
# NativeAOT end-to-end publish links with clang) when they are missing and this shell may install them.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v readelf >/dev/null || need+=(binutils)
command -v clang >/dev/null || need+=(clang)
command -v ld.lld >/dev/null || need+=(lld)
command -v mkfifo >/dev/null || need+=(coreutils)
command -v npm >/dev/null || need+=(npm)
command -v patchelf >/dev/null || need+=(patchelf)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing tools: ${need[*]} (install them, then run again)" >&2
    exit 1
  fi
fi

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
