#!/usr/bin/env bash
# Sourced by test.sh and publish-sample.sh with the tools they call, as TOOL:DEBIAN-PACKAGE pairs (TOOL may be an
# absolute path to a file the package installs); installs the packages of the missing ones when this shell may
# (root with apt-get), and stops with a clear message otherwise.
need=()
for pair in "$@"; do
  tool=${pair%%:*}
  case "$tool" in
    /*) [ -e "$tool" ] || need+=("${pair#*:}") ;;
    *) command -v "$tool" >/dev/null || need+=("${pair#*:}") ;;
  esac
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing: ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing tools: ${need[*]} (install these Debian packages, then run again)" >&2
    exit 1
  fi
fi
