using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>What is known of a .NET app beyond its ELF files: whether it carries its own runtime, and its globalization mode.</summary>
    internal sealed class DotNetApp
    {
        /// <summary>True for a self-contained or NativeAOT app: it brings the runtime, and so the runtime's needs.</summary>
        public bool CarriesRuntime { get; set; }
        /// <summary>InvariantGlobalization: true, false, or null when not known (then ICU is named with that condition).</summary>
        public bool? InvariantGlobalization { get; set; }
        /// <summary>
        /// Whether the app uses OpenSSL: true when its managed files include the assemblies that call it
        /// (cryptography, TLS, HTTP), false when they are known and do not, null when they are not known (a NativeAOT
        /// executable, a folder checked without its .dll files).
        /// </summary>
        public bool? UsesOpenSsl { get; set; }

        /// <summary>The assemblies whose code loads OpenSSL on Linux: any one in a publish means the app may.</summary>
        public static IReadOnlyList<string> OpenSslAssemblies => Inputs.RuntimeConfig.OpenSslAssemblies;

        /// <summary>
        /// The one answer to "is this a .NET app that carries its runtime?", from the files' facts alone: a NativeAOT
        /// executable, or the runtime's own libcoreclr.so (a self-contained app). Null for anything else; then
        /// <paramref name="invariant"/> and <paramref name="usesOpenSsl"/> (what the front end knows of the app) say the rest.
        /// </summary>
        public static DotNetApp? Infer(IEnumerable<AnalysisInput> files, bool? invariant, bool? usesOpenSsl) =>
            files.Any(f => f.Facts.NativeAot || f.FileName == "libcoreclr.so")
                ? new DotNetApp { CarriesRuntime = true, InvariantGlobalization = invariant, UsesOpenSsl = usesOpenSsl }
                : null;
    }

    /// <summary>
    /// The libraries the .NET runtime loads with dlopen (ICU, OpenSSL, GSSAPI): no DT_NEEDED names them, so no
    /// ELF check sees them, yet an app dies without them. One row per baseline: the packages that bring them and
    /// the distro's own OpenSSL. The rows and their sources are eng/reference/dotnet-prerequisites.json
    /// (a test checks that both agree).
    /// </summary>
    internal static class DotNetPrerequisites
    {
        /// <summary>One baseline's row.</summary>
        public sealed class Row
        {
            internal Row(string baseline, string? install, string? icu, string? openssl, string? krb5, string opensslVersion, string? minimal)
            {
                Baseline = baseline;
                Install = install;
                Icu = icu;
                OpenSsl = openssl;
                Krb5 = krb5;
                OpenSslVersion = opensslVersion;
                Minimal = minimal;
            }

            public string Baseline { get; }
            /// <summary>"dnf install -y", or null where the data names no packages.</summary>
            public string? Install { get; }
            public string? Icu { get; }
            public string? OpenSsl { get; }
            public string? Krb5 { get; }
            /// <summary>The OpenSSL the distro ships ("1.0.2", "3.0").</summary>
            public string OpenSslVersion { get; }
            /// <summary>What the data says of a minimal install, or null when it says nothing.</summary>
            public string? Minimal { get; }
        }

        /// <summary>The rows, as in eng/reference/dotnet-prerequisites.json.</summary>
        public static readonly IReadOnlyList<Row> Rows = new[]
        {
            new Row("centos7", "yum install -y", "libicu", "openssl-libs", "krb5-libs", "1.0.2", null),
            new Row("centos8", "dnf install -y", "libicu", "openssl-libs", "krb5-libs", "1.1.1", null),
            new Row("centos9", "dnf install -y", "libicu", "openssl-libs", "krb5-libs", "3.0", null),
            new Row("rhel10", "dnf install -y", "libicu", "openssl-libs", "krb5-libs", "3", null),
            new Row("amazonlinux2", "yum install -y", "libicu", "openssl-libs", "krb5-libs", "1.0.2", null),
            new Row("amazonlinux2023", "dnf install -y", "libicu", "openssl-libs", "krb5-libs", "3.0.8", null),
            new Row("ubuntu18.04", null, null, null, null, "1.1.1", null),
            new Row("ubuntu20.04", null, null, null, null, "1.1.1f", null),
            new Row("ubuntu22.04", "apt-get install -y", "libicu70", "libssl3", "libgssapi-krb5-2", "3.0.2", null),
            new Row("ubuntu24.04", "apt-get install -y", "libicu74", "libssl3t64", "libgssapi-krb5-2", "3.0.13", null),
            new Row("debian10", "apt-get install -y", "libicu63", "libssl1.1", null, "1.1.1n", null),
            new Row("debian11", null, null, null, null, "1.1.1w", null),
            new Row("debian12", "apt-get install -y", "libicu72", "libssl3", "libgssapi-krb5-2", "3.0", "not in a minimal debian12 install (Priority optional)"),
            new Row("debian13", null, null, null, null, "3.5", null),
        };

        /// <summary>The least OpenSSL each .NET major version starts with (earlier ones also load 1.0.2).</summary>
        public static readonly IReadOnlyDictionary<int, string> OpenSslMinimum = new Dictionary<int, string> { [10] = "1.1.1" };

        internal static Row? For(Baseline baseline) => Rows.FirstOrDefault(r => r.Baseline == baseline.Id);

        /// <summary>The baseline's install command ("dnf install -y"), or null where the data names none.</summary>
        internal static string? InstallerFor(Baseline baseline) => For(baseline)?.Install;

        /// <summary>
        /// The prerequisite findings for an app that carries the runtime on <paramref name="baseline"/>: one info
        /// (<paramref name="full"/> only), a warning when the baseline's minimal install lacks ICU or OpenSSL that the
        /// app loads (those two decide where it runs), and one when the distro's OpenSSL is too old.
        /// </summary>
        internal static void Report(AnalysisOptions options, Baseline baseline, bool full, List<Finding> findings)
        {
            DotNetApp? app = options.DotNetApp;
            if (app is null || !app.CarriesRuntime || options.TargetIsMusl)
            {
                return;
            }
            Row? row = For(baseline);
            string? minimum = options.DotNetMajorVersion is int major
                ? OpenSslMinimum.Where(kv => kv.Key <= major).OrderBy(kv => kv.Key).Select(kv => kv.Value).LastOrDefault()
                : null;

            if (full)
            {
                findings.Add(Diagnostics.RuntimePrerequisites(app, options.DotNetMajorVersion, minimum, baseline, row));
            }

            // ICU is needed at start unless the app is invariant; where the data is a minimal install read from the
            // release's own indexes, it says whether ICU is there. (Elsewhere GlibcGuard cannot know, and GG2004 says what to install.)
            if (app.InvariantGlobalization == false && baseline.LibrariesAreMinimalInstall &&
                !baseline.ProvidedLibraries.Any(l => l.StartsWith("libicuuc.so.", StringComparison.Ordinal)))
            {
                findings.Add(Diagnostics.IcuMissing(baseline, row));
            }

            // OpenSSL is loaded when the app first uses cryptography or TLS. The same for a minimal install read from
            // the release's indexes: Debian 12's has none (Debian 11's and 13's have one, through their tools).
            if (app.UsesOpenSsl != false && baseline.LibrariesAreMinimalInstall &&
                !baseline.ProvidedLibraries.Any(l => l.StartsWith("libssl.so.", StringComparison.Ordinal)))
            {
                findings.Add(Diagnostics.OpenSslMissing(baseline, row, known: app.UsesOpenSsl == true));
            }

            if (full && row != null && minimum != null && VersionNode.CompareVersions(StripLetter(row.OpenSslVersion), minimum) < 0)
            {
                findings.Add(Diagnostics.OpenSslTooOld(options.DotNetMajorVersion, minimum, baseline, row));
            }
        }

        private static string StripLetter(string version) => version.TrimEnd('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z');
    }
}
