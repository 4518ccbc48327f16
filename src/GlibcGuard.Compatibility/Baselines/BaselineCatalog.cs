using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// The built-in baselines (generated into BaselineData.g.cs by eng/gen-baselines.py from the reference
    /// data) and custom glibc-2.NN baselines.
    /// </summary>
    public static partial class BaselineCatalog
    {
        /// <summary>The baseline used when none is named.</summary>
        public const string DefaultId = "centos8";

        private static readonly Lazy<IReadOnlyList<Baseline>> s_all = new Lazy<IReadOnlyList<Baseline>>(Load);

        /// <summary>Every built-in baseline, in data order (oldest first within each family).</summary>
        public static IReadOnlyList<Baseline> All => s_all.Value;

        /// <summary>
        /// Finds a baseline by id or alias (case-insensitive), or makes a custom one from "glibc-2.NN".
        /// Returns false for an unknown name.
        /// </summary>
        public static bool TryGet(string name, out Baseline baseline)
        {
            string key = (name ?? "").Trim().ToLowerInvariant();
            foreach (Baseline b in All)
            {
                if (b.Id == key || b.Aliases.Contains(key))
                {
                    baseline = b;
                    return true;
                }
            }
            if (key.StartsWith("glibc-", StringComparison.Ordinal) && VersionNode.ParseParts(key.Substring(6)) is int[] parts && parts.Length >= 2 && parts[0] == 2)
            {
                string version = key.Substring(6);
                baseline = new Baseline(key, "glibc " + version, "glibc", "glibc " + version, version, "3.2.0", 1, Array.Empty<string>(),
                    "custom: GLIBC compared by version number; other families not checked", isCustom: true);
                foreach (string lib in All.First(b => b.Id == DefaultId).Libraries)
                {
                    baseline.Libraries.Add(lib);
                }
                return true;
            }
            baseline = null!;
            return false;
        }

        /// <summary>Every name <see cref="TryGet"/> accepts, for messages.</summary>
        public static string KnownNames() => string.Join(", ", All.Select(b => b.Id)) + ", glibc-2.NN";

        private static IReadOnlyList<Baseline> Load()
        {
            var byId = new Dictionary<string, Baseline>(StringComparer.Ordinal);
            var list = new List<Baseline>();
            foreach (string row in s_baselineRows)
            {
                string[] f = row.Split('|');
                var b = new Baseline(f[0], f[1], f[2], f[3], f[4], f[5], int.Parse(f[6], CultureInfo.InvariantCulture),
                    f[7].Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries), f[8], isCustom: false);
                byId[b.Id] = b;
                list.Add(b);
            }
            foreach (string row in s_versionRows)
            {
                string[] f = row.Split('|');
                Baseline b = byId[f[0]];
                if (!b.VersionSets.TryGetValue(f[1], out Dictionary<string, HashSet<string>>? families))
                {
                    b.VersionSets[f[1]] = families = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                }
                families[f[2]] = new HashSet<string>(f[3].Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
            }
            foreach (string row in s_libraryRows)
            {
                string[] f = row.Split('|');
                byId[f[0]].Libraries.UnionWith(f[1].Split(' '));
            }
            foreach (string row in s_symbolBlacklistRows)
            {
                string[] f = row.Split('|');
                byId[f[0]].SymbolBlacklist[f[1]] = new HashSet<string>(f[2].Split(' '), StringComparer.Ordinal);
            }
            return list;
        }
    }
}
