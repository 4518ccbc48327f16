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
    internal static partial class BaselineCatalog
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
            if (ImageCatalog.Find(key) is ImageSpec image && image.UnsupportedReason is null)
            {
                baseline = ImageCatalog.BaselineFor(image, key);
                return true;
            }
            if (key.StartsWith("glibc-", StringComparison.Ordinal) && VersionNode.ParseParts(key.Substring(6)) is int[] parts && parts.Length >= 2 && parts[0] == 2)
            {
                string version = key.Substring(6);
                baseline = new Baseline(key, "glibc " + version, "glibc", "glibc " + version, version, "3.2.0", X86IsaLevel.Baseline, Array.Empty<string>(),
                    "custom: GLIBC compared by version number; other families not checked",
                    librariesSource: "the " + DefaultId + " list", isCustom: true);
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
        public static string KnownNames() => string.Join(", ", All.Select(b => b.Id)) + ", glibc-2.NN, and the .NET container images (" +
            string.Join(", ", ImageCatalog.All.Where(i => i.UnsupportedReason is null).Select(i => i.Id)) + ", or their mcr.microsoft.com/dotnet/… names)";

        /// <summary>Why <paramref name="name"/> is not a baseline, for a name that is not one: what is known of it, else the known names.</summary>
        public static string WhyUnknown(string name) =>
            ImageCatalog.Find(name) is ImageSpec image && image.UnsupportedReason != null
                ? "'" + name.Trim() + "' is a .NET container image GlibcGuard has no baseline for: " + image.UnsupportedReason + "."
                : "'" + name.Trim() + "' is not a known baseline; known: " + KnownNames() + ".";

        private static IReadOnlyList<Baseline> Load() => Create();

        /// <summary>A fresh copy of the built-in baselines, none of their tables made yet (tests).</summary>
        internal static Baseline[] CreateForTests() => Create();
    }
}
