using System;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// The <c>zig cc -target</c> string that links against a baseline's glibc: zig carries stub libraries for
    /// every glibc version, so <c>x86_64-linux-gnu.2.17</c> binds a program to the symbol versions glibc 2.17
    /// defines, with no sysroot. Used by GlibcGuardLinkToBaseline (NativeAOT) and by the Go/cgo fix hint.
    /// </summary>
    internal static class ZigTarget
    {
        /// <summary>
        /// The target for a file of <paramref name="architecture"/> that must run on <paramref name="baseline"/>;
        /// false for an architecture zig has no glibc for, or a version older than zig's oldest glibc of that
        /// architecture (the distro could not have shipped it either).
        /// </summary>
        public static bool TryGet(Architecture architecture, Baseline baseline, out string target)
        {
            if (baseline is null) throw new ArgumentNullException(nameof(baseline));
            target = "";
            ArchitectureInfo? info = architecture.Info;
            if (info?.ZigTriple is null || info.ZigOldestGlibc is null || VersionNode.CompareVersions(baseline.GlibcVersion, info.ZigOldestGlibc) < 0)
            {
                return false;
            }
            target = info.ZigTriple + "." + baseline.GlibcVersion;
            return true;
        }
    }
}
