using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// What changed between two versions of the same files (two packages, two folders, two files): per file, each
    /// family's version floor before and after, the version needs that are new with their symbols, the libraries newly
    /// needed, and the built-in baselines the old file ran on and the new one does not. Files are matched by their
    /// place: the path inside a package (runtimes/linux-x64/native/libe_sqlite3.so), or relative to a folder.
    /// </summary>
    internal sealed class FloorDiff
    {
        private FloorDiff(List<FileChange> files) => Files = files;

        /// <summary>Every file of either side, in place order.</summary>
        public IReadOnlyList<FileChange> Files { get; }

        /// <summary>The files, changed or added, that do not run on <paramref name="baseline"/> where the old ones did (only architectures it ships).</summary>
        public IEnumerable<FileChange> BrokenOn(Baseline baseline) =>
            Files.Where(f => f.New != null && f.NewFails.Contains(baseline.Id) && (f.Old is null || !f.OldFails.Contains(baseline.Id)) &&
                f.New.Facts.Machine is Architecture m && baseline.Ships(m)); // a file for an architecture it does not ship never reaches it

        /// <summary>True when some file's floor rose, or a new need or library appeared.</summary>
        public bool AnyRise => Files.Any(f => f.Rose);

        /// <summary>
        /// Compares <paramref name="oldFiles"/> and <paramref name="newFiles"/>, read from <paramref name="oldRoot"/>
        /// and <paramref name="newRoot"/> (a file, a folder or a package, as the user named it).
        /// </summary>
        public static FloorDiff Compare(string oldRoot, IReadOnlyList<AnalysisInput> oldFiles, string newRoot, IReadOnlyList<AnalysisInput> newFiles)
        {
            Dictionary<string, AnalysisInput> before = ByPlace(oldRoot, oldFiles), after = ByPlace(newRoot, newFiles);
            var places = new SortedSet<string>(before.Keys.Concat(after.Keys), StringComparer.Ordinal);
            var changes = new List<FileChange>();
            foreach (string place in places)
            {
                before.TryGetValue(place, out AnalysisInput? o);
                after.TryGetValue(place, out AnalysisInput? n);
                changes.Add(new FileChange(place, o, n, Failing(o, oldFiles), Failing(n, newFiles)));
            }
            return new FloorDiff(changes);
        }

        /// <summary>The built-in distro releases a diff judges (not manylinux policies, not images).</summary>
        internal static IEnumerable<Baseline> Distros => BaselineCatalog.All.Where(b => b.Image is null && !b.IsCustom && !b.IsManylinux);

        /// <summary>A file's place: inside a package after '!', else relative to the folder named, else its file name.</summary>
        internal static string PlaceOf(string root, AnalysisInput input)
        {
            string path = input.Facts.Path;
            int bang = path.LastIndexOf('!');
            if (bang >= 0) return path.Substring(bang + 1);
            string prefix = root.TrimEnd('/') + "/";
            return path.StartsWith(prefix, StringComparison.Ordinal) ? path.Substring(prefix.Length) : input.FileName;
        }

        private static Dictionary<string, AnalysisInput> ByPlace(string root, IReadOnlyList<AnalysisInput> files)
        {
            var map = new Dictionary<string, AnalysisInput>(StringComparer.Ordinal);
            foreach (AnalysisInput f in files)
            {
                map[PlaceOf(root, f)] = f;
            }
            return map;
        }

        // The built-in baselines a file does not run on, judged with the other files of its side beside it (a
        // package's own libraries are found there, as at publish).
        private static HashSet<string> Failing(AnalysisInput? file, IReadOnlyList<AnalysisInput> side)
        {
            var failing = new HashSet<string>(StringComparer.Ordinal);
            if (file is null || file.Facts.Error != null) return failing;
            var set = new List<AnalysisInput> { file };
            set.AddRange(side.Where(s => !ReferenceEquals(s, file) && s.Rid?.Value == file.Rid?.Value && s.Facts.Soname != null));
            foreach (Baseline b in Distros)
            {
                AnalysisResult one = Analyzer.Analyze(set, new AnalysisOptions { Baseline = b, TargetIsMusl = file.Rid?.IsMusl == true });
                if (one.Findings.Any(x => x.File == file.Facts.Path && x.Severity == Severity.Error)) failing.Add(b.Id);
            }
            return failing;
        }
    }

    /// <summary>One file of a <see cref="FloorDiff"/>.</summary>
    internal sealed class FileChange
    {
        internal FileChange(string place, AnalysisInput? old, AnalysisInput? @new, HashSet<string> oldFails, HashSet<string> newFails)
        {
            Place = place;
            Old = old;
            New = @new;
            OldFails = oldFails;
            NewFails = newFails;
            if (old != null && @new != null)
            {
                foreach (KeyValuePair<string, string> kv in @new.Facts.MaxVersions)
                {
                    old.Facts.MaxVersions.TryGetValue(kv.Key, out string? was);
                    if (was is null || VersionNode.CompareVersions(kv.Value, was) > 0) Floors.Add((kv.Key, was, kv.Value));
                }
                var had = new HashSet<(string, string)>(old.Facts.VersionNeeds.SelectMany(l => l.Versions.Select(v => (l.Library, v.Name))));
                foreach (LibraryVersionNeeds library in @new.Facts.VersionNeeds)
                {
                    foreach (VersionNeedFacts v in library.Versions.OrderBy(v => VersionNode.Parse(v.Name)))
                    {
                        if (!had.Contains((library.Library, v.Name))) NewNeeds.Add((library.Library, v));
                    }
                }
                NewLibraries.AddRange(@new.Facts.Needed.Except(old.Facts.Needed, StringComparer.Ordinal));
            }
        }

        /// <summary>The file's place, the same on both sides.</summary>
        public string Place { get; }
        /// <summary>The old version, or null when the file was added.</summary>
        public AnalysisInput? Old { get; }
        /// <summary>The new version, or null when the file was removed.</summary>
        public AnalysisInput? New { get; }
        /// <summary>The built-in baselines (ids) the old file does not run on.</summary>
        public HashSet<string> OldFails { get; }
        /// <summary>The built-in baselines (ids) the new file does not run on.</summary>
        public HashSet<string> NewFails { get; }
        /// <summary>Each family whose highest needed version rose: family, before (null: none), after.</summary>
        public List<(string Family, string? Before, string After)> Floors { get; } = new List<(string, string?, string)>();
        /// <summary>Version needs the new file has and the old one had not, with their symbols.</summary>
        public List<(string Library, VersionNeedFacts Need)> NewNeeds { get; } = new List<(string, VersionNeedFacts)>();
        /// <summary>Libraries the new file needs and the old one did not.</summary>
        public List<string> NewLibraries { get; } = new List<string>();

        /// <summary>The built-in baselines the old file ran on and the new one does not.</summary>
        public IEnumerable<Baseline> Lost => FloorDiff.Distros.Where(b => Old != null && New != null && NewFails.Contains(b.Id) && !OldFails.Contains(b.Id));

        /// <summary>True when a floor rose, a need or a library is new, or a baseline was lost.</summary>
        public bool Rose => Floors.Count > 0 || NewNeeds.Count > 0 || NewLibraries.Count > 0 || Lost.Any();
    }
}
