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
    /// the report is written, and most of the names they would hold are those of versions the baseline has, which no
    /// finding lists. A need's names are all kept when a finding on the baseline can list them: a version the
    /// baseline lacks, does not know, or keeps private. Of a version the baseline has, only the names a symbol
    /// blacklist lists (of any built-in baseline: "runs on" judges them all) are kept, and of a weak one none. A
    /// library that is not part of glibc may be shipped beside the file, and a copy that lacks the version makes a
    /// finding that lists the symbols (GG1001/GG1003): such a need of a file on disk is marked, and
    /// <see cref="Restore"/> reads its names again once the set is known; a file inside a container keeps them all.
    /// A baseline judged by a container image's own layers keeps every name.
    /// </summary>
    internal sealed class ImportNameFilter
    {
        private readonly Baseline _baseline;
        private readonly bool _rereadable = true;
        private ImportNameFilter? _inContainers;
        // Per library: its blacklisted names over every built-in baseline and the one judged, and their hashes.
        private readonly Dictionary<string, HashSet<string>> _listed;
        private readonly HashSet<uint> _listedHashes;

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
            _listed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            _listedHashes = new HashSet<uint>();
            foreach (Baseline b in BaselineCatalog.All) AddBlacklists(b);
            AddBlacklists(baseline);
        }

        private ImportNameFilter(ImportNameFilter files)
        {
            _baseline = files._baseline;
            _listed = files._listed;
            _listedHashes = files._listedHashes;
            LongestListed = files.LongestListed;
            _rereadable = false;
        }

        /// <summary>The same filter for a file that cannot be read again later (inside a package or a bundle): it keeps every name of a library that is not part of glibc.</summary>
        public ImportNameFilter InContainers => _inContainers ??= new ImportNameFilter(this);

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
            if (_baseline.OwnImage != null || !(machine is Architecture m) || (!_rereadable && !CLibraries.IsGlibcPart(library))) return NamesKept.All;
            if (_baseline.Check(m, library, version, nodeId) != VersionVerdict.Present) return NamesKept.All;
            return weak || !_listed.ContainsKey(library) ? NamesKept.None : NamesKept.Listed;
        }

        /// <summary>
        /// Reads again the names of the marked needs (see the class) whose library a file of <paramref name="set"/>
        /// provides without defining the version: the findings that say so list the symbols. A file that changed
        /// meanwhile (its needs no longer the same) keeps what it had.
        /// </summary>
        public static void Restore(IReadOnlyList<AnalysisInput> files, FileSet set)
        {
            foreach (AnalysisInput input in files)
            {
                BinaryFacts f = input.Facts;
                if (!f.HasFilteredNames || f.Error != null) continue;
                f.HasFilteredNames = false;
                AnalysisInput?[] providers = set.VersionNeedProviders(input);
                bool again = false;
                for (int l = 0; l < f.VersionNeeds.Count && !again; l++)
                {
                    if (!(providers[l] is AnalysisInput provider)) continue;
                    foreach (VersionNeedFacts need in f.VersionNeeds[l].Versions)
                    {
                        if (need.NamesFiltered && !provider.Facts.DefinesVersion(need.Name)) again = true;
                    }
                }
                if (!again) continue;
                BinaryFacts full = BinaryInspector.Inspect(f.Path);
                if (!SameNeeds(f, full)) continue;
                for (int l = 0; l < f.VersionNeeds.Count; l++)
                {
                    for (int v = 0; v < f.VersionNeeds[l].Versions.Count; v++)
                    {
                        VersionNeedFacts need = f.VersionNeeds[l].Versions[v];
                        if (!need.NamesFiltered) continue;
                        need.Symbols = full.VersionNeeds[l].Versions[v].Symbols;
                        need.NamesFiltered = false;
                    }
                }
            }
        }

        private static bool SameNeeds(BinaryFacts now, BinaryFacts then)
        {
            if (then.Error != null || now.VersionNeeds.Count != then.VersionNeeds.Count) return false;
            for (int l = 0; l < now.VersionNeeds.Count; l++)
            {
                LibraryVersionNeeds a = now.VersionNeeds[l], b = then.VersionNeeds[l];
                if (a.Library != b.Library || a.Versions.Count != b.Versions.Count) return false;
                for (int v = 0; v < a.Versions.Count; v++)
                {
                    if (a.Versions[v].Name != b.Versions[v].Name || a.Versions[v].Index != b.Versions[v].Index) return false;
                }
            }
            return true;
        }

        /// <summary>True when <paramref name="length"/> UTF-8 bytes of <paramref name="bytes"/> at <paramref name="start"/> are a name listed for <paramref name="library"/>.</summary>
        public bool IsListed(string library, byte[] bytes, int start, int length) =>
            length <= LongestListed && _listedHashes.Contains(SymbolNames.Hash(bytes, start, length)) &&
            _listed.TryGetValue(library, out HashSet<string>? names) && names.Contains(Encoding.UTF8.GetString(bytes, start, length));
    }
}
