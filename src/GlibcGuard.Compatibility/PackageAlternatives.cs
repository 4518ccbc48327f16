using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// For a package asset that does not fit the baseline: another version of the same package, already in the
    /// local NuGet package cache, whose file at the same place fits. Reads only what is on disk (no network);
    /// the file's own path says where the cache is (…/&lt;id&gt;/&lt;version&gt;/runtimes/&lt;rid&gt;/native/&lt;file&gt;).
    /// </summary>
    internal static class PackageAlternatives
    {
        /// <summary>The newest other version whose copy of the file has no error-severity finding on <paramref name="baseline"/>, or null.</summary>
        public static string? Find(AnalysisInput input, Baseline baseline, AnalysisOptions options)
        {
            if (input.PackageId is null || input.PackageVersion is null)
            {
                return null;
            }
            string path = input.Facts.Path.Replace('\\', '/');
            string marker = "/" + input.PackageId.ToLowerInvariant() + "/" + input.PackageVersion.ToLowerInvariant() + "/";
            int at = path.LastIndexOf(marker, StringComparison.Ordinal);
            if (at < 0 || path.IndexOf('!') >= 0)
            {
                return null;
            }
            string packageFolder = path.Substring(0, at + 1 + input.PackageId.Length);
            string relative = path.Substring(at + marker.Length);
            string[] versions;
            try
            {
                versions = Directory.GetDirectories(packageFolder).Select(Path.GetFileName).Where(v => v != null && v != input.PackageVersion.ToLowerInvariant()).ToArray()!;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
            var candidateOptions = new AnalysisOptions
            {
                Baseline = baseline,
                TargetMachine = options.TargetMachine,
                TargetIsMusl = options.TargetIsMusl,
                SearchPackageCache = false,
            };
            foreach (string version in versions.OrderByDescending(v => v, Comparer<string>.Create(VersionNode.CompareVersions)))
            {
                string candidate = Path.Combine(packageFolder, version, relative);
                if (!File.Exists(candidate))
                {
                    continue;
                }
                var other = new AnalysisInput(BinaryInspector.Inspect(candidate)) { PackageId = input.PackageId, PackageVersion = version, Rid = input.Rid };
                AnalysisResult result = Analyzer.Analyze(new[] { other }, candidateOptions);
                if (other.Facts.Error is null && !result.HasErrors)
                {
                    return version;
                }
            }
            return null;
        }
    }
}
