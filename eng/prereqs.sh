#!/usr/bin/env bash
# Installs the Debian packages this repository's scripts call, when they are missing and this shell may install
# them: readelf (binutils) for the tests' reference, clang and lld for NativeAOT publishes, npm to fetch the SARIF
# validator, patchelf for the tests that rewrite fixtures. Sourced by test.sh and publish-sample.sh.
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
