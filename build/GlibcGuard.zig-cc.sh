# GlibcGuard's C compiler driver for GlibcGuardLinkToBaseline, run with /bin/sh by the launcher the
# PrepareZigLink task writes (which sets GLIBCGUARD_ZIG and GLIBCGUARD_ZIG_TARGET). The ILCompiler's link step
# calls it as it would call clang; it hands the command to `zig cc -target <arch>-linux-gnu.<glibc>`, leaving
# out what zig's driver rejects or what would undo the target:
#   --target=…           the ILCompiler's own triple for cross links; it carries no glibc version
#   -fuse-ld=…           zig always links with its own lld
#   -Wl,-pie             zig's linker front end rejects it; -pie, which the same link passes, asks for the same
#   -Wl,--discard-all    zig's linker front end rejects it; it only drops local symbols, which stripping removes
# and, unless the link names a linker script already, adds the one that keeps the __modules section under
# --gc-sections (NativeAOT finds its modules through __start___modules/__stop___modules).
set -eu
here=$(dirname "$0")
script=
for arg do
  shift
  case "$arg" in
    --target=*|-fuse-ld=*|-Wl,-pie|-Wl,--discard-all) continue ;;
    -Wl,-T,*|-T) script=1 ;;
  esac
  set -- "$@" "$arg"
done
if [ -z "$script" ]; then
  set -- "$@" "-Wl,-T,$here/GlibcGuard.nativeaot-sections.ld"
fi
exec "$GLIBCGUARD_ZIG" cc -target "$GLIBCGUARD_ZIG_TARGET" "$@"
