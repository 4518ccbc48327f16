using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// The feed search both front ends run: for each package file with an error-severity finding, GlibcGuard.Feeds
    /// (NuGet's client libraries, in a process of its own, started with `dotnet exec`) looks on the feeds for a version
    /// whose file fits and keeps it in <c>folder</c>; the analysis is then made again with that folder among
    /// <see cref="AnalysisOptions.PackageFolders"/>. Nothing it downloads is run.
    /// </summary>
    internal static class FeedSearch
    {
        /// <summary>
        /// Runs the search; <paramref name="sources"/> are feed URLs or folders (none: the NuGet configuration that
        /// applies to <paramref name="configRoot"/>). Returns what each search said, one line per package file; sets
        /// the options for the second analysis. Null when nothing was to be searched. <paramref name="run"/> starts the
        /// search's process (<see cref="ChildProcess.Run"/>, or the NativeAOT tool's own, which does without
        /// System.Diagnostics.Process).
        /// </summary>
        public static List<string>? Run(IReadOnlyList<AnalysisInput> files, AnalysisResult result, AnalysisOptions options, string tool,
            IReadOnlyList<string> sources, string? configRoot, string folder, Func<string, IReadOnlyList<string>, TimeSpan, (int ExitCode, string Output)> run)
        {
            var failing = new HashSet<string>(result.Findings.Where(f => f.Severity == Severity.Error && f.File.Length > 0).Select(f => f.File), StringComparer.Ordinal);
            var searches = files.Where(i => failing.Contains(i.Facts.Path) && i.PlaceInPackage != null)
                .GroupBy(i => (i.PackageId, i.PlaceInPackage)).Select(g => g.First()).ToList();
            if (searches.Count == 0) return null;
            var said = new List<string>();
            if (!File.Exists(tool))
            {
                said.Add(Diagnostics.FeedSearchMissing(tool));
                return said;
            }
            string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is string h && h.Length > 0 ? h : "dotnet";
            foreach (AnalysisInput input in searches)
            {
                var args = new List<string> { "exec", tool, "--id", input.PackageId!, "--file", input.PlaceInPackage!, "--baseline", (input.Baseline ?? options.Baseline).Id,
                    "--exclude", input.PackageVersion!, "--out", folder };
                RuntimeIdentifier? rid = options.TargetRid ?? input.Rid;
                if (rid != null) args.AddRange(new[] { "--rid", rid.ToString() });
                foreach (string source in sources) args.AddRange(new[] { "--source", source });
                if (sources.Count == 0 && configRoot != null) args.AddRange(new[] { "--config-root", configRoot });
                (int exit, string output) = run(host, args, TimeSpan.FromMinutes(3));
                said.Add(Diagnostics.FeedSearched(input.PackageId!, input.PlaceInPackage!, exit, output.Trim()));
            }
            options.SearchPackageCache = true;
            options.FeedsSearched = true;
            options.PackageFolders = options.PackageFolders.Concat(new[] { folder }).Distinct(StringComparer.Ordinal).ToList();
            return said;
        }
    }
}
