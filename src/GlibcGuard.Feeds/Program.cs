using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GlibcGuard.Compatibility;
using NuGet.Common;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace GlibcGuard.Feeds
{
    /// <summary>
    /// Looks on package feeds, through NuGet's client libraries, for a version of a package whose file fits a
    /// baseline. Usage:
    ///   GlibcGuard.Feeds --id ID --file PATH-IN-PACKAGE --baseline B [--rid RID] [--exclude VERSION] --out DIR
    ///                    (--source URL-OR-FOLDER [--source …] | --config-root DIR) [--max N]
    /// With --config-root, the enabled package sources of the NuGet configuration that applies to DIR (its
    /// nuget.config files up the tree, then the user's) are searched.
    /// Versions are tried newest first (stable ones, and prereleases when the excluded version is one), at most N
    /// (10) downloads; the first whose file fits stays in DIR as &lt;id&gt;.&lt;version&gt;.nupkg with its feed in
    /// a .source file beside it, and "fits VERSION" is printed; "none" when no version tried fits. Exit code 0
    /// either way; 2 for a usage error or when no feed answered. Nothing downloaded is run.
    /// </summary>
    public static class Program
    {
        private static readonly TimeSpan s_timeLimit = TimeSpan.FromMinutes(2);

        public static int Main(string[] args)
        {
            var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal)) return Usage("unexpected '" + args[i] + "'");
                if (!options.TryGetValue(args[i], out var list)) options[args[i]] = list = new List<string>();
                list.Add(args[i + 1]);
            }
            if (args.Length % 2 != 0) return Usage("'" + args[^1] + "' has no value");
            string? One(string name) => options.TryGetValue(name, out var v) ? v[^1] : null;
            string? id = One("--id"), file = One("--file"), baselineId = One("--baseline"), output = One("--out");
            if (id is null || file is null || baselineId is null || output is null || (!options.ContainsKey("--source") && One("--config-root") is null))
            {
                return Usage("--id, --file, --baseline, --out and --source or --config-root are required");
            }
            List<string> sources = options.TryGetValue("--source", out var given) ? given : new List<string>();
            if (One("--config-root") is string root)
            {
                var settings = NuGet.Configuration.Settings.LoadDefaultSettings(root);
                sources.AddRange(new NuGet.Configuration.PackageSourceProvider(settings).LoadPackageSources().Where(s => s.IsEnabled).Select(s => s.Source));
            }
            if (sources.Count == 0)
            {
                return Usage("no package source is configured for " + One("--config-root"));
            }
            int max = int.TryParse(One("--max"), out int m) && m > 0 ? Math.Min(m, 50) : 10;
            var request = new CheckRequest { Baseline = baselineId, Rid = One("--rid") };
            if (!request.TryBuild(out AnalysisOptions analysis, out RequestError? error))
            {
                return Usage(error!.Message);
            }
            using var cancel = new CancellationTokenSource(s_timeLimit);
            try
            {
                return Search(id, file, One("--exclude"), analysis, output, sources, max, cancel.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("GlibcGuard.Feeds: the search took longer than " + s_timeLimit.TotalMinutes + " minutes and was stopped.");
                return 2;
            }
        }

        private static async Task<int> Search(string id, string file, string? exclude, AnalysisOptions analysis, string output,
            IReadOnlyList<string> sources, int max, CancellationToken cancel)
        {
            using var cache = new SourceCacheContext { NoCache = true, DirectDownload = true };
            ILogger log = NullLogger.Instance;
            var versions = new SortedDictionary<NuGetVersion, (FindPackageByIdResource Resource, string Source)>(Comparer<NuGetVersion>.Create((a, b) => b.CompareTo(a)));
            int answered = 0;
            foreach (string source in sources)
            {
                try
                {
                    SourceRepository repository = Repository.Factory.GetCoreV3(source);
                    FindPackageByIdResource resource = await repository.GetResourceAsync<FindPackageByIdResource>(cancel);
                    foreach (NuGetVersion v in await resource.GetAllVersionsAsync(id, cache, log, cancel))
                    {
                        if (!versions.ContainsKey(v)) versions[v] = (resource, source);
                    }
                    answered++;
                }
                catch (Exception e) when (e is NuGetProtocolException || e is IOException || e is System.Net.Http.HttpRequestException || e is InvalidOperationException)
                {
                    Console.Error.WriteLine("GlibcGuard.Feeds: " + source + ": " + e.Message);
                }
            }
            if (answered == 0)
            {
                Console.Error.WriteLine("GlibcGuard.Feeds: no feed answered.");
                return 2;
            }
            NuGetVersion? excluded = exclude != null && NuGetVersion.TryParse(exclude, out NuGetVersion? x) ? x : null;
            bool prerelease = excluded?.IsPrerelease == true;
            Directory.CreateDirectory(output);
            int tried = 0;
            foreach (var (version, (resource, source)) in versions)
            {
                if (version.Equals(excluded) || (version.IsPrerelease && !prerelease)) continue;
                if (++tried > max) break;
                string nupkg = Path.Combine(output, id.ToLowerInvariant() + "." + version.ToNormalizedString().ToLowerInvariant() + ".nupkg");
                await using (var stream = File.Create(nupkg))
                {
                    if (!await resource.CopyNupkgToStreamAsync(id, version, stream, cache, log, cancel)) continue;
                }
                if (PackageAlternatives.Fits(nupkg, file, analysis))
                {
                    File.WriteAllText(nupkg + PackageAlternatives.SourceSuffix, source);
                    Console.WriteLine("fits " + version.ToNormalizedString());
                    return 0;
                }
                File.Delete(nupkg);
            }
            Console.WriteLine("none");
            return 0;
        }

        private static int Usage(string why)
        {
            Console.Error.WriteLine("GlibcGuard.Feeds: " + why + ".");
            return 2;
        }
    }
}
