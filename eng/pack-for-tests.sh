#!/usr/bin/env bash
# Packs every GlibcGuard package for the end-to-end tests, from a copy of the tree (so that the running tests' build
# outputs are never rebuilt under them): eng/pack.sh FEED VERSION run in artifacts/pack-tree/. test.sh starts it in
# the background once the solution is built, with the feed and version in GLIBCGUARD_TEST_FEED and
# GLIBCGUARD_TEST_FEED_VERSION; the tests (PackageFeed) wait for FEED/.complete (or FEED/.failed) and read what the
# pack printed from FEED/pack.log.
# Usage: eng/pack-for-tests.sh FEED VERSION
set -euo pipefail
feed=$(realpath -m "${1:?usage: eng/pack-for-tests.sh FEED VERSION}")
version=${2:?usage: eng/pack-for-tests.sh FEED VERSION}
cd "$(dirname "$0")/.."
mkdir -p "$feed"
trap 'touch "$feed/.failed"' ERR
tree=$PWD/artifacts/pack-tree
rm -rf "$tree"
mkdir -p "$tree/artifacts"
# What git tracks and new files it does not ignore, as they are now (a fresh copy: a file deleted here must not be
# built there); the fetched tools (zig) are shared.
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' file; do
  if [ -f "$file" ]; then printf '%s\0' "$file"; fi
done | xargs -0 cp --parents -t "$tree"
ln -sfn "$PWD/artifacts/tools" "$tree/artifacts/tools"
# The packages folder the tests' own dotnet runs use (PackageFeed.DotnetEnvironment).
export NUGET_PACKAGES=$PWD/artifacts/e2e-packages MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
if bash "$tree/eng/pack.sh" "$feed" "$version" >"$feed/pack.log" 2>&1; then
  touch "$feed/.complete"
else
  touch "$feed/.failed"
  exit 1
fi
