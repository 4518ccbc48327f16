using System;

namespace GlibcGuard.Compatibility
{
    /// <summary>The operating system part of a .NET runtime identifier.</summary>
    internal enum RidPlatform
    {
        /// <summary>linux-&lt;arch&gt;: glibc Linux.</summary>
        Linux,
        /// <summary>linux-musl-&lt;arch&gt;: Alpine and other musl distros.</summary>
        LinuxMusl,
        /// <summary>linux-bionic-&lt;arch&gt;: Linux with Android's C library.</summary>
        LinuxBionic,
        /// <summary>A RID that names no operating system (any, unix, linux): its assets are for every Linux target.</summary>
        Portable,
        /// <summary>Another operating system: android, osx, win, ios, freebsd, browser, …</summary>
        Other,
    }

    /// <summary>
    /// A .NET runtime identifier, parsed once: "linux-musl-arm64" is LinuxMusl on aarch64. Rules ask for the
    /// platform and architecture, never for the string.
    /// </summary>
    internal sealed class RuntimeIdentifier : IEquatable<RuntimeIdentifier>
    {
        private RuntimeIdentifier(string value, RidPlatform platform, Architecture? architecture)
        {
            Value = value;
            Platform = platform;
            Architecture = architecture;
        }

        /// <summary>The RID as written, in lower case.</summary>
        public string Value { get; }
        public RidPlatform Platform { get; }
        /// <summary>The architecture, for a Linux RID with a known suffix.</summary>
        public Architecture? Architecture { get; }

        public bool IsMusl => Platform == RidPlatform.LinuxMusl;
        /// <summary>True when the RID names an operating system other than Linux: its files are never judged against a Linux baseline.</summary>
        public bool IsOtherOperatingSystem => Platform == RidPlatform.Other;
        /// <summary>A Linux RID GlibcGuard can judge a target by: glibc or musl, with an architecture it knows.</summary>
        public bool IsCheckableTarget => (Platform == RidPlatform.Linux || Platform == RidPlatform.LinuxMusl) && Architecture != null;

        /// <summary>
        /// True when a publish for this RID takes the assets of a package's runtimes/<paramref name="folder"/>/
        /// folder, as NuGet's RID graph says: its own folder, the portable ones (linux, unix, any) and, for a musl
        /// RID, linux-musl and the glibc RID of the same architecture (linux-musl-x64 imports linux-x64). A folder
        /// whose architecture GlibcGuard cannot read (linux-mips64) is never taken for this RID's.
        /// </summary>
        public bool Takes(RuntimeIdentifier folder)
        {
            if (folder.Platform == RidPlatform.Portable || folder.Value == Value)
            {
                return true;
            }
            return IsMusl && (folder.Value == "linux-musl" || (folder.Platform == RidPlatform.Linux && folder.Architecture != null && folder.Architecture == Architecture));
        }

        /// <summary>The folders a publish for this RID takes assets from, most specific first ("linux-x64, linux, unix, any").</summary>
        public string FallbackList() => IsMusl
            ? Value + ", linux-musl, linux-" + Value.Substring("linux-musl-".Length) + ", linux, unix, any"
            : Value + ", linux, unix, any";

        /// <summary>Parses any RID (a package folder name or a command-line value); never fails.</summary>
        public static RuntimeIdentifier Parse(string rid)
        {
            string r = (rid ?? "").Trim().ToLowerInvariant();
            if (r == "any" || r == "unix" || r == "linux" || r.Length == 0)
            {
                return new RuntimeIdentifier(r, RidPlatform.Portable, null);
            }
            foreach (var (prefix, platform) in s_prefixes)
            {
                if (r.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return new RuntimeIdentifier(r, platform,
                        Compatibility.Architecture.TryFromRidSuffix(r.Substring(prefix.Length), out Architecture a) ? a : (Architecture?)null);
                }
            }
            return new RuntimeIdentifier(r, RidPlatform.Other, null);
        }

        // Longest first: linux-musl- before linux-.
        private static readonly (string, RidPlatform)[] s_prefixes =
        {
            ("linux-musl-", RidPlatform.LinuxMusl),
            ("linux-bionic-", RidPlatform.LinuxBionic),
            ("linux-", RidPlatform.Linux),
        };

        public bool Equals(RuntimeIdentifier? other) => other is not null && other.Value == Value;
        public override bool Equals(object? obj) => Equals(obj as RuntimeIdentifier);
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);
        public override string ToString() => Value;
    }
}
