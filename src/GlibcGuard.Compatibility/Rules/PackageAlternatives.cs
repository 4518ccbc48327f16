using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Inputs;

namespace GlibcGuard.Compatibility
{
    /// <summary>A version of a package whose copy of a file fits the baseline, and where it was found.</summary>
    internal sealed class PackageAlternative
    {
        public PackageAlternative(string version, string where)
        {
            Version = version;
            Where = where;
        }

        public string Version { get; }
        /// <summary>"the local package cache", or the folder or feed it came from.</summary>
        public string Where { get; }
    }

    /// <summary>
    /// For a package asset that does not fit the baseline: another version of the same package whose file at the
    /// same place fits. Looks in the local NuGet package cache (the file's own path says where it is:
    /// …/&lt;id&gt;/&lt;version&gt;/runtimes/&lt;rid&gt;/native/&lt;file&gt;) and in folders of .nupkg files
    /// (folder feeds, flat or hierarchical, and what a feed search downloaded). Reads only what is on disk.
    /// </summary>
    internal static class PackageAlternatives
    {
        /// <summary>
        /// Sets <see cref="AnalysisInput.Alternative"/> of each package file that has an error-severity finding;
        /// true when any was found (the findings are then to be worded again).
        /// </summary>
        public static bool Assign(IReadOnlyList<AnalysisInput> files, IReadOnlyList<Finding> findings, AnalysisOptions options)
        {
            var failing = new HashSet<string>(findings.Where(f => f.Severity == Severity.Error && f.File.Length > 0).Select(f => f.File), StringComparer.Ordinal);
            bool any = false;
            foreach (AnalysisInput input in files)
            {
                if (input.PackageId is null || !failing.Contains(input.Facts.Path)) continue;
                input.Alternative = Find(input, input.Baseline ?? options.Baseline, options);
                any |= input.Alternative != null;
            }
            return any;
        }

        /// <summary>The newest other version whose copy of the file has no error-severity finding on <paramref name="baseline"/>, or null.</summary>
        public static PackageAlternative? Find(AnalysisInput input, Baseline baseline, AnalysisOptions options)
        {
            if (input.PackageId is null || input.PackageVersion is null)
            {
                return null;
            }
            string id = input.PackageId, current = input.PackageVersion.ToLowerInvariant();
            string path = input.Facts.Path.Replace('\\', '/');
            string? relative = input.PlaceInPackage;
            if (relative is null)
            {
                return null;
            }
            int at = path.LastIndexOf("/" + id.ToLowerInvariant() + "/" + current + "/", StringComparison.Ordinal);
            int bang = path.LastIndexOf('!');

            // Every candidate: (version, where, how to read the file).
            var candidates = new List<(string Version, string Where, Func<AnalysisInput?> Read)>();
            if (at >= 0 && bang < 0)
            {
                string packageFolder = path.Substring(0, at + 1 + id.Length);
                foreach (string version in SafeDirectories(packageFolder).Select(Path.GetFileName).Where(v => v != null && v != current)!)
                {
                    string candidate = Path.Combine(packageFolder, version, relative);
                    if (File.Exists(candidate))
                    {
                        candidates.Add((version, "the local package cache", () => new AnalysisInput(BinaryInspector.Inspect(candidate))));
                    }
                }
            }
            foreach (string folder in options.PackageFolders)
            {
                foreach ((string version, string nupkg) in PackagesIn(folder, id))
                {
                    if (version == current || candidates.Any(c => c.Version == version)) continue;
                    candidates.Add((version, SourceOf(nupkg) ?? folder, () => EntryOf(nupkg, relative)));
                }
            }

            var candidateOptions = new AnalysisOptions
            {
                Baseline = baseline,
                TargetMachine = options.TargetMachine,
                TargetIsMusl = options.TargetIsMusl,
            };
            foreach (var candidate in candidates.OrderByDescending(c => c.Version, Comparer<string>.Create(VersionNode.CompareVersions)))
            {
                AnalysisInput? other = candidate.Read();
                if (other is null) continue;
                other.PackageId = id;
                other.PackageVersion = candidate.Version;
                other.Rid = input.Rid;
                AnalysisResult result = Analyzer.Analyze(new[] { other }, candidateOptions);
                if (other.Facts.Error is null && !result.HasErrors)
                {
                    return new PackageAlternative(candidate.Version, candidate.Where);
                }
            }
            return null;
        }

        /// <summary>
        /// The .nupkg files of <paramref name="id"/> in a folder feed: flat (&lt;id&gt;.&lt;version&gt;.nupkg) or
        /// hierarchical (&lt;id&gt;/&lt;version&gt;/&lt;id&gt;.&lt;version&gt;.nupkg), each with its version.
        /// </summary>
        internal static IEnumerable<(string Version, string Path)> PackagesIn(string folder, string id)
        {
            string prefix = id.ToLowerInvariant() + ".";
            var found = new List<(string, string)>();
            foreach (string file in SafeFiles(folder, "*.nupkg"))
            {
                string name = Path.GetFileName(file).ToLowerInvariant();
                string version = name.Substring(0, name.Length - ".nupkg".Length);
                // "sqlitepclraw.lib.e_sqlite3.2.1.11": the id, a dot, then a version starting with a digit.
                if (name.StartsWith(prefix, StringComparison.Ordinal) && version.Length > prefix.Length && char.IsDigit(version[prefix.Length]))
                {
                    found.Add((version.Substring(prefix.Length), file));
                }
            }
            foreach (string versionFolder in SafeDirectories(Path.Combine(folder, id.ToLowerInvariant())))
            {
                string version = Path.GetFileName(versionFolder);
                string nupkg = Path.Combine(versionFolder, prefix + version + ".nupkg");
                if (File.Exists(nupkg)) found.Add((version, nupkg));
            }
            return found;
        }

        /// <summary>
        /// Whether the entry <paramref name="relative"/> of <paramref name="nupkg"/> is there and has no error-severity
        /// finding under <paramref name="options"/> (the feed search's test of each version it downloads).
        /// </summary>
        public static bool Fits(string nupkg, string relative, AnalysisOptions options)
        {
            AnalysisInput? entry = EntryOf(nupkg, relative);
            return entry != null && entry.Facts.Error is null && !Analyzer.Analyze(new[] { entry }, options).HasErrors;
        }

        /// <summary>The feed a downloaded .nupkg came from: the feed search writes it beside the package, in &lt;file&gt;.source.</summary>
        internal const string SourceSuffix = ".source";

        private static string? SourceOf(string nupkg)
        {
            try
            {
                string sidecar = nupkg + SourceSuffix;
                return File.Exists(sidecar) ? File.ReadAllText(sidecar).Trim() is string s && s.Length > 0 && s.Length < 2048 ? s : null : null;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static AnalysisInput? EntryOf(string nupkg, string relative)
        {
            var inputs = InputInspector.ReadAll(new[] { new InputRequest(nupkg, named: true) }, new ReadBudget()).SelectMany(r => r);
            return inputs.FirstOrDefault(i => i.Facts.Path.EndsWith("!" + relative, StringComparison.Ordinal));
        }

        private static string[] SafeDirectories(string folder)
        {
            try
            {
                return Directory.Exists(folder) ? Directory.GetDirectories(folder) : Array.Empty<string>();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException)
            {
                return Array.Empty<string>();
            }
        }

        private static string[] SafeFiles(string folder, string pattern)
        {
            try
            {
                return Directory.Exists(folder) ? Directory.GetFiles(folder, pattern) : Array.Empty<string>();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException)
            {
                return Array.Empty<string>();
            }
        }
    }
}
