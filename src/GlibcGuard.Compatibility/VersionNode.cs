using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// A symbol version node name split into family and version: "GLIBC_2.34" is family GLIBC, version 2.34.
    /// The family is everything before the first underscore, as the loader's version data is grouped.
    /// Non-numeric versions (GLIBC_PRIVATE, CXXABI_TM_1, GLIBC_ABI_DT_RELR) have no numeric order.
    /// </summary>
    internal readonly struct VersionNode : IComparable<VersionNode>, IEquatable<VersionNode>
    {
        private readonly int[]? _parts;

        private VersionNode(string name, string family, string version, int[]? parts)
        {
            Name = name;
            Family = family;
            Version = version;
            _parts = parts;
        }

        /// <summary>The full node name, e.g. GLIBC_2.34.</summary>
        public string Name { get; }
        /// <summary>The family, e.g. GLIBC, GLIBCXX, CXXABI, GCC, ZLIB, LIBATOMIC; the whole name when it has no underscore.</summary>
        public string Family { get; }
        /// <summary>The version after the family, e.g. 2.34; empty when the name has no underscore.</summary>
        public string Version { get; }
        /// <summary>True when the version is dotted numbers and can be ordered.</summary>
        public bool IsNumeric => _parts != null;
        /// <summary>A node of glibc's own family (GLIBC_2.34, GLIBC_PRIVATE, GLIBC_ABI_DT_RELR).</summary>
        public bool IsGlibc => Family == GlibcFamily;
        /// <summary>GLIBC_PRIVATE: glibc's internal ABI, tied to one build.</summary>
        public bool IsGlibcPrivate => IsGlibc && Version == "PRIVATE";
        /// <summary>GLIBC_ABI_DT_RELR: the marker glibc 2.36 and later define for files with DT_RELR relocations.</summary>
        public bool IsGlibcDtRelr => IsGlibc && Version == "ABI_DT_RELR";

        /// <summary>The family name glibc's own nodes carry.</summary>
        public const string GlibcFamily = "GLIBC";

        /// <summary>
        /// Names and versions already parsed. Every file of a folder is judged on every built-in baseline, and the
        /// same few hundred names (GLIBC_2.34, GLIBCXX_3.4.29, the baselines' own 2.28) come up again and again; a
        /// file full of distinct names fills the cache to its bound and is parsed as it comes after that.
        /// </summary>
        private static readonly ConcurrentDictionary<string, Parsed> s_nodes = new ConcurrentDictionary<string, Parsed>(StringComparer.Ordinal);

        // A class around the struct: a dictionary of this assembly's structs would be compiled at run time (see ArchitectureMap).
        private sealed class Parsed
        {
            public Parsed(VersionNode node) => Node = node;
            public VersionNode Node { get; }
        }
        private static readonly ConcurrentDictionary<string, int[]?> s_parts = new ConcurrentDictionary<string, int[]?>(StringComparer.Ordinal);
        private const int CacheBound = 4096;

        private static readonly ConcurrentDictionary<string, int> s_ids = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private static int s_nextId = -1;

        /// <summary>
        /// A small number that stands for <paramref name="name"/> in this process (baselines keep their verdicts in
        /// arrays by it), or -1 once <see cref="CacheBound"/> names have one.
        /// </summary>
        public static int IdOf(string name)
        {
            if (s_ids.TryGetValue(name, out int id)) return id;
            if (s_ids.Count >= CacheBound) return -1;
            return s_ids.GetOrAdd(name, _ => System.Threading.Interlocked.Increment(ref s_nextId));
        }

        /// <summary>Splits a node name.</summary>
        public static VersionNode Parse(string name)
        {
            if (s_nodes.TryGetValue(name, out Parsed? parsed)) return parsed.Node;
            VersionNode node;
            int underscore = name.IndexOf('_');
            if (underscore <= 0)
            {
                node = new VersionNode(name, name, "", null);
            }
            else
            {
                string family = name.Substring(0, underscore), version = name.Substring(underscore + 1);
                node = new VersionNode(name, family, version, ParseParts(version));
            }
            if (s_nodes.Count < CacheBound) s_nodes.TryAdd(name, new Parsed(node));
            return node;
        }

        /// <summary>Parses "2.34" into {2, 34}; null when any part is not a number. The array is shared: do not change it.</summary>
        public static int[]? ParseParts(string version)
        {
            if (s_parts.TryGetValue(version, out int[]? cached)) return cached;
            int[]? parts = ParsePartsUncached(version);
            if (s_parts.Count < CacheBound) s_parts.TryAdd(version, parts);
            return parts;
        }

        private static int[]? ParsePartsUncached(string version)
        {
            if (version.Length == 0)
            {
                return null;
            }
            int count = 1;
            foreach (char c in version)
            {
                if (c == '.') count++;
            }
            var parts = new int[count];
            int part = 0, digits = 0, value = 0;
            for (int i = 0; i <= version.Length; i++)
            {
                if (i == version.Length || version[i] == '.')
                {
                    if (digits == 0) return null; // "2..3", ".3", "2."
                    parts[part++] = value;
                    digits = value = 0;
                    continue;
                }
                char c = version[i];
                if (c < '0' || c > '9' || ++digits > 9) return null;
                value = value * 10 + (c - '0');
            }
            return parts;
        }

        /// <summary>Orders numeric versions of any family by their numbers; non-numeric ones sort first, by name.</summary>
        public int CompareTo(VersionNode other) => CompareVersions(_parts, other._parts, Version, other.Version);

        /// <summary>Compares two dotted version strings numerically ("2.9" &lt; "2.10"); non-numeric ones compare as text.</summary>
        public static int CompareVersions(string left, string right) => CompareVersions(ParseParts(left), ParseParts(right), left, right);

        private static int CompareVersions(int[]? a, int[]? b, string left, string right)
        {
            if (a is null || b is null)
            {
                return a is null && b is null ? string.CompareOrdinal(left, right) : a is null ? -1 : 1;
            }
            for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
            {
                int x = i < a.Length ? a[i] : 0, y = i < b.Length ? b[i] : 0;
                if (x != y) return x.CompareTo(y);
            }
            return a.Length.CompareTo(b.Length);
        }

        public bool Equals(VersionNode other) => string.Equals(Name, other.Name, StringComparison.Ordinal);
        public override bool Equals(object? obj) => obj is VersionNode other && Equals(other);
        public override int GetHashCode() => Name is null ? 0 : StringComparer.Ordinal.GetHashCode(Name);
        public override string ToString() => Name;

        /// <summary>The highest numeric version per family among <paramref name="names"/>.</summary>
        public static SortedDictionary<string, string> MaxByFamily(IEnumerable<string> names)
        {
            var max = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (string name in names) Raise(max, name);
            return max;
        }

        /// <summary>As <see cref="MaxByFamily(IEnumerable{string})"/> over every version a file's needs name.</summary>
        internal static SortedDictionary<string, string> MaxByFamily(List<LibraryVersionNeeds> needs)
        {
            var max = new SortedDictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < needs.Count; i++)
            {
                List<VersionNeedFacts> versions = needs[i].Versions;
                for (int j = 0; j < versions.Count; j++) Raise(max, versions[j].Name);
            }
            return max;
        }

        private static void Raise(SortedDictionary<string, string> max, string name)
        {
            VersionNode node = Parse(name);
            if (node.IsNumeric && (!max.TryGetValue(node.Family, out string? current) || CompareVersions(node.Version, current) > 0))
            {
                max[node.Family] = node.Version;
            }
        }
    }
}
