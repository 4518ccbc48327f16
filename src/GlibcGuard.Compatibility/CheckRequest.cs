using System;
using System.Collections.Generic;
using System.IO;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// What a front end was asked to check against, as the user wrote it (baseline name, RID, target framework,
    /// suppressions), turned into <see cref="AnalysisOptions"/> in one place: `glibcguard check` and the MSBuild
    /// task build their options here, so a name means the same thing, and fails with the same code, in both.
    /// </summary>
    internal sealed class CheckRequest
    {
        /// <summary>A baseline id or alias; null or empty means <see cref="BaselineCatalog.DefaultId"/>.</summary>
        public string? Baseline { get; set; }
        /// <summary>The target RID (linux-x64, linux-musl-arm64, …), or null for "each file as it is".</summary>
        public string? Rid { get; set; }
        /// <summary>The target framework's version ("v10.0", "10.0", "net10.0"), or null.</summary>
        public string? TargetFramework { get; set; }
        /// <summary>Suppression files to read.</summary>
        public IReadOnlyList<string> SuppressionFiles { get; set; } = Array.Empty<string>();
        /// <summary>Suppressions given one by one (MSBuild items): code, file glob, library, version, symbol.</summary>
        public IReadOnlyList<(string Code, string File, string? Library, string? Version, string? Symbol)> SuppressionEntries { get; set; } =
            Array.Empty<(string, string, string?, string?, string?)>();
        /// <summary>See <see cref="AnalysisOptions.SearchPackageCache"/>.</summary>
        public bool SearchPackageCache { get; set; }
        /// <summary>See <see cref="AnalysisOptions.DotNetApp"/>.</summary>
        public DotNetApp? DotNetApp { get; set; }

        /// <summary>
        /// Builds the options, or says what is wrong with the request: GG9001 (unknown baseline), GG9007 (a RID
        /// that is not a Linux target), GG9002 (a suppression that cannot be read).
        /// </summary>
        public bool TryBuild(out AnalysisOptions options, out RequestError? error)
        {
            options = null!;
            string name = string.IsNullOrWhiteSpace(Baseline) ? BaselineCatalog.DefaultId : Baseline!.Trim();
            if (!BaselineCatalog.TryGet(name, out Baseline baseline))
            {
                error = new RequestError(DiagnosticId.UnknownBaseline, RequestSetting.Baseline, BaselineCatalog.WhyUnknown(name));
                return false;
            }
            var built = new AnalysisOptions
            {
                Baseline = baseline,
                DotNetMajorVersion = ParseMajor(TargetFramework),
                SearchPackageCache = SearchPackageCache,
                DotNetApp = DotNetApp,
            };
            if (!string.IsNullOrWhiteSpace(Rid))
            {
                RuntimeIdentifier rid = RuntimeIdentifier.Parse(Rid!);
                if (!rid.IsCheckableTarget)
                {
                    error = new RequestError(DiagnosticId.UnknownRuntimeIdentifier, RequestSetting.Rid,
                        "'" + Rid + "' is not a Linux runtime identifier GlibcGuard can check for (linux-x64, linux-arm64, linux-musl-x64, …).");
                    return false;
                }
                built.TargetRid = rid;
                built.TargetMachine = rid.Architecture;
                built.TargetIsMusl = rid.IsMusl;
            }
            // An Alpine image is a musl target whatever the RID says: a linux-x64 file does not start there.
            if (baseline.IsMusl)
            {
                built.TargetIsMusl = true;
            }
            var suppressions = new List<Suppression>();
            foreach (string file in SuppressionFiles)
            {
                try
                {
                    suppressions.AddRange(Suppression.Load(file));
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException)
                {
                    error = new RequestError(DiagnosticId.BadSuppressionFile, RequestSetting.Suppression, e.Message);
                    return false;
                }
            }
            foreach (var (code, file, library, version, symbol) in SuppressionEntries)
            {
                if (Suppression.NormalizeCode(code) is not string normalized)
                {
                    error = new RequestError(DiagnosticId.BadSuppressionFile, RequestSetting.Suppression, "'" + code + "' is not a code such as GG1001 (wildcards allowed).");
                    return false;
                }
                suppressions.Add(new Suppression(normalized, file, library, version, symbol));
            }
            built.Suppressions = suppressions;
            options = built;
            error = null;
            return true;
        }

        /// <summary>The major version of "v10.0", "10.0" or "net10.0"; null for anything else.</summary>
        internal static int? ParseMajor(string? framework)
        {
            if (string.IsNullOrWhiteSpace(framework)) return null;
            string v = framework!.Trim();
            if (v.StartsWith("net", StringComparison.OrdinalIgnoreCase)) v = v.Substring(3);
            v = v.TrimStart('v', 'V');
            int dot = v.IndexOf('.');
            return int.TryParse(dot < 0 ? v : v.Substring(0, dot), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int major)
                ? major : (int?)null;
        }
    }

    /// <summary>Which part of a request was wrong: each front end names it in its own words (--rid, GlibcGuardBaseline…).</summary>
    internal enum RequestSetting
    {
        Baseline,
        Rid,
        Suppression,
    }

    /// <summary>Why a request could not be built: a GG9xxx code, the setting at fault and a message.</summary>
    internal sealed class RequestError
    {
        public RequestError(DiagnosticId id, RequestSetting setting, string message)
        {
            Id = id;
            Setting = setting;
            Message = message;
        }

        public DiagnosticId Id { get; }
        public RequestSetting Setting { get; }
        public string Message { get; }
    }
}
