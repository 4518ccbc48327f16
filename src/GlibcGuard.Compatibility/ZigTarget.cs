using System;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// The <c>zig cc -target</c> string that links against a baseline's glibc: zig carries stub libraries for
    /// every glibc version, so <c>x86_64-linux-gnu.2.17</c> binds a program to the symbol versions glibc 2.17
    /// defines, with no sysroot. Used by GlibcGuardLinkToBaseline (NativeAOT) and by the Go/cgo fix hint.
    /// </summary>
    public static class ZigTarget
    {
        /// <summary>
        /// The target for a file of <paramref name="machine"/> (x86_64, aarch64, …) that must run on
        /// <paramref name="baseline"/>; false for a machine zig has no glibc for, or a version older than zig's
        /// oldest glibc of that machine (the distro could not have shipped it either).
        /// </summary>
        public static bool TryGet(string machine, Baseline baseline, out string target)
        {
            if (baseline is null) throw new ArgumentNullException(nameof(baseline));
            target = "";
            string? triple = Triple(machine, out string oldest);
            if (triple is null || VersionNode.CompareVersions(baseline.GlibcVersion, oldest) < 0)
            {
                return false;
            }
            target = triple + "." + baseline.GlibcVersion;
            return true;
        }

        /// <summary>zig's name for the machine's glibc triple, and the oldest glibc zig links that machine against.</summary>
        private static string? Triple(string machine, out string oldest)
        {
            // zig 0.11's lib/libc/glibc/abilists: x86_64 and i386 go back to glibc 2.0/2.2.5; the 64-bit ports
            // below start where glibc itself started them.
            switch (machine)
            {
                case "x86_64": oldest = "2.2.5"; return "x86_64-linux-gnu";
                case "i386": oldest = "2.0"; return "x86-linux-gnu";
                case "aarch64": oldest = "2.17"; return "aarch64-linux-gnu";
                case "arm": oldest = "2.4"; return "arm-linux-gnueabihf";
                case "ppc64le": oldest = "2.17"; return "powerpc64le-linux-gnu";
                case "s390x": oldest = "2.2"; return "s390x-linux-gnu";
                case "riscv64": oldest = "2.27"; return "riscv64-linux-gnu";
                default: oldest = ""; return null;
            }
        }
    }
}
