#!/usr/bin/env bash
# Runs every test: reader, engine, CLI, MSBuild task, and the end-to-end `dotnet publish` runs against a
# freshly packed package. eng/prereqs.sh installs the few Debian packages the tests call when they are missing.
# ./test.sh --fast runs the fast tier alone (everything but the EndToEnd and RealWorld categories: no publish, no pack,
# no download).
# Other arguments go to dotnet test.
set -euo pipefail
cd "$(dirname "$0")"
args=()
fast=false
for a in "$@"; do
  if [ "$a" = --fast ]; then fast=true; args+=(--filter "TestCategory!=EndToEnd&TestCategory!=RealWorld"); else args+=("$a"); fi
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
mkdir -p artifacts
# The build needs none of the tools below: it runs while they are installed and fetched and the roots are made.
build_log=artifacts/build.log
dotnet build GlibcGuard.sln -c Release >"$build_log" 2>&1 &
build_pid=$!

# readelf is the tests' reference; clang and lld link the NativeAOT publishes; npm fetches the SARIF validator and
# zig; patchelf rewrites fixtures; mkfifo makes a FIFO; go builds the cgo program the fix hints are tried on;
# qemu-user and Debian's arm64 glibc run the arm64 executables linked here; aarch64-linux-gnu-objcopy strips them.
# debootstrap computes a minimal Debian/Ubuntu install on its own, to check the minimal-install library lists.
# Mono (mono-devel: the runtime with the netstandard facades) runs the .NET Framework task as Visual Studio's MSBuild would.
# libicu72 (Debian 12's ICU) is the library a test gives an app in the Debian 12 root, to show GG1019's condition met.
# musl-tools (musl-gcc) and strace build and watch the static C and Go programs of StaticLibcTests.
# umoci, skopeo and docker-registry make base images from the roots, serve them on 127.0.0.1 and unpack the
# images a container publish writes (ImageCheckTests).
source eng/prereqs.sh readelf:binutils clang:clang ld.lld:lld npm:npm patchelf:patchelf mkfifo:coreutils go:golang-go \
  qemu-aarch64:qemu-user /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1:libc6-arm64-cross \
  aarch64-linux-gnu-objcopy:binutils-aarch64-linux-gnu debootstrap:debootstrap /usr/lib/mono/4.5/Facades/netstandard.dll:mono-devel \
  /usr/lib/x86_64-linux-gnu/libicuuc.so.72:libicu72 musl-gcc:musl-tools strace:strace \
  umoci:umoci skopeo:skopeo docker-registry:docker-registry

# The minimal Debian roots the loader tests judge by (the full run only), made while the build runs.
if [ "$fast" = false ]; then
  eng/make-roots.sh >artifacts/roots.log 2>&1 &
fi

# zig, which GlibcGuardLinkToBaseline links with (the user's own install; for the tests, the npm registry's
# package of the zig 0.11.0 release).
GLIBCGUARD_TEST_ZIG=$(eng/get-zig.sh)
export GLIBCGUARD_TEST_ZIG

# The SARIF multitool (an independent SARIF validator the tests run), from the npm registry.
multitool_dir=$PWD/artifacts/tools/sarif-multitool
if [ ! -x "$multitool_dir/package/Sarif.Multitool" ]; then
  mkdir -p "$multitool_dir"
  (cd "$multitool_dir" && npm pack --silent @microsoft/sarif-multitool-linux@5.7.0 >/dev/null && tar xzf microsoft-sarif-multitool-linux-5.7.0.tgz && rm -f ./*.tgz)
  chmod +x "$multitool_dir/package/Sarif.Multitool"
fi
export GLIBCGUARD_SARIF_MULTITOOL=$multitool_dir/package/Sarif.Multitool

if ! wait "$build_pid"; then
  cat "$build_log"
  echo "the build failed" >&2
  exit 1
fi
# The packages the end-to-end tests publish against, packed from a copy of the tree on the core the tests leave
# idle (they run one at a time); the tests wait for it when they first need the feed (PackageFeed).
if [ "$fast" = false ]; then
  rm -rf artifacts/e2e-feed
  GLIBCGUARD_TEST_FEED_VERSION=0.1.0-e2e.$(date -u +%Y%m%d%H%M%S).g$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
  GLIBCGUARD_TEST_FEED=$PWD/artifacts/e2e-feed/$GLIBCGUARD_TEST_FEED_VERSION
  export GLIBCGUARD_TEST_FEED GLIBCGUARD_TEST_FEED_VERSION
  # Niced: the tests come first when both want a core.
  nice -n 10 eng/pack-for-tests.sh "$GLIBCGUARD_TEST_FEED" "$GLIBCGUARD_TEST_FEED_VERSION" >artifacts/pack-for-tests.log 2>&1 &
fi
# The roots may still be in the making: the first test that needs one runs eng/make-roots.sh, which waits for this
# run (and makes again what it could not).

log=$(mktemp)
set +e
dotnet test GlibcGuard.sln -c Release --no-build --logger "console;verbosity=normal" ${args[@]+"${args[@]}"} 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(awk '/^[[:space:]]+Passed: [0-9]+$/ {s += $2} END {print s + 0}' "$log")
failed=$(awk '/^[[:space:]]+Failed: [0-9]+$/ {s += $2} END {print s + 0}' "$log")
rm -f "$log"
echo "$passed passed, $failed failed"
exit "$status"
