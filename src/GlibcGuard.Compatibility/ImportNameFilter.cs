using System;
using System.Collections.Generic;
using System.Text;

namespace GlibcGuard.Compatibility
{
    /// <summary>How many of the names of the symbols bound to one version need a check keeps.</summary>
    internal enum NamesKept
    {
        /// <summary>Every name (what `inspect` and `diff` show, and any need a finding can list).</summary>
        All,
        /// <summary>Only the names some baseline's symbol blacklist for the library lists.</summary>
        Listed,
        /// <summary>None.</summary>
        None,
    }

    /// <summary>
    /// For a check on one baseline: which imported symbols' names are worth keeping. A folder's facts are held until
    /// the report is written, and most of the names they would hold are those of glibc versions the baseline has,
    /// which no finding lists. A need's names are all kept when a finding on the baseline can list them: a version
    /// the baseline lacks, does not know, or keeps private, and any need of a library that is not part of glibc (a
    /// copy shipped beside the file may lack the version: GG1001/GG1003 list its symbols). Of a glibc need the
    /// baseline has, only the names a symbol blacklist lists (of any built-in baseline: "runs on" judges them all)
    /// are kept, and of a weak one none. A baseline judged by a container image's own layers keeps every name.
    /// </summary>
    internal sealed class ImportNameFilter
    {
        private readonly Baseline _baseline;
        // Per library: its blacklisted names over every built-in baseline and the one judged, and their hashes.
        private readonly Dictionary<string, HashSet<string>> _listed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        private readonly HashSet<uint> _listedHashes = new HashSet<uint>();

        /// <summary>
        /// The filter for a check of <paramref name="requests"/> on <paramref name="baseline"/> when it is worth having: for
        /// many files or a container (what it saves grows with the files); for a few plain files, making it costs more
        /// than it saves.
        /// </summary>
        public static ImportNameFilter? ForCheck(IReadOnlyList<Inputs.InputRequest> requests, Baseline baseline)
        {
            bool many = requests.Count >= 16;
            for (int i = 0; !many && i < requests.Count; i++) many = Inputs.InputReader.MayBeContainer(requests[i].Path);
            return many ? new ImportNameFilter(baseline) : null;
        }

        public ImportNameFilter(Baseline baseline)
        {
            _baseline = baseline;
            foreach (Baseline b in BaselineCatalog.All) AddBlacklists(b);
            AddBlacklists(baseline);
        }

        private void AddBlacklists(Baseline b)
        {
            foreach (KeyValuePair<string, NameSet> kv in b.SymbolBlacklist)
            {
                if (!_listed.TryGetValue(kv.Key, out HashSet<string>? names)) _listed[kv.Key] = names = new HashSet<string>(StringComparer.Ordinal);
                foreach (string name in kv.Value)
                {
                    names.Add(name);
                    _listedHashes.Add(SymbolNames.HashOf(name));
                    LongestListed = Math.Max(LongestListed, Encoding.UTF8.GetByteCount(name));
                }
            }
        }

        /// <summary>The longest listed name in UTF-8 bytes: a longer name is never listed.</summary>
        public int LongestListed { get; private set; }

        /// <summary>What to keep of the names bound to <paramref name="version"/> of <paramref name="library"/> in a file of <paramref name="machine"/>.</summary>
        public NamesKept For(Architecture? machine, string library, string version, int nodeId, bool weak)
        {
            if (_baseline.OwnImage != null || !(machine is Architecture m) || !CLibraries.IsGlibcPart(library)) return NamesKept.All;
            if (_baseline.Check(m, library, version, nodeId) != VersionVerdict.Present) return NamesKept.All;
            return weak || !_listed.ContainsKey(library) ? NamesKept.None : NamesKept.Listed;
        }

        /// <summary>True when <paramref name="length"/> UTF-8 bytes of <paramref name="bytes"/> at <paramref name="start"/> are a name listed for <paramref name="library"/>.</summary>
        public bool IsListed(string library, byte[] bytes, int start, int length) =>
            length <= LongestListed && _listedHashes.Contains(SymbolNames.Hash(bytes, start, length)) &&
            _listed.TryGetValue(library, out HashSet<string>? names) && names.Contains(Encoding.UTF8.GetString(bytes, start, length));
    }
}
