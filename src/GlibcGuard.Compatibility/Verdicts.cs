using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// Where a set and each of its files run: the rules (<see cref="Analyzer.Judge"/>) applied on every built-in
    /// baseline, and their findings read off as one row per baseline. A file runs there when no finding about it is
    /// an error (a GG1018 for an architecture the distro does not ship counts too: the file alone cannot run
    /// there); the set runs when none of its files' findings and none of its set-wide findings is, leaving out the
    /// files of other architectures when any file is for one the distro ships. Libraries the baseline does not
    /// provide and the set does not ship (GG1004), and ICU or OpenSSL the app loads that the minimal install lacks
    /// (GG1019, GG1020), do not stop the loader from loading what is installed: they are the row's conditions.
    /// </summary>
    internal sealed class Verdicts
    {
        private readonly IReadOnlyList<AnalysisInput> _files;
        private readonly FileSet _set;
        private readonly AnalysisOptions _options;
        private readonly Architecture? _only;
        private readonly IReadOnlyList<Baseline> _catalog = BaselineCatalog.All;
        // Each file's rows say whether it runs on each built-in baseline and what it needs there, never why not: for
        // most files a bit per baseline (set: runs with nothing to install), for a file that needs something
        // installed somewhere (or past 64 baselines) its row per baseline.
        private readonly long[] _passes;
        private readonly MatrixRow[]?[] _rowsOf;
        private SharedRows[] _shared = Array.Empty<SharedRows>();
        private readonly Dictionary<AnalysisInput, int> _index;
        private readonly Dictionary<int, IReadOnlyList<string>> _fileLabels = new Dictionary<int, IReadOnlyList<string>>();
        private readonly System.Collections.Concurrent.ConcurrentDictionary<Baseline, MatrixRow> _others = new System.Collections.Concurrent.ConcurrentDictionary<Baseline, MatrixRow>();

        /// <summary>Judges <paramref name="files"/> on every built-in baseline; for a per-RID verdict, <paramref name="only"/> is the RID's architecture.</summary>
        public Verdicts(IReadOnlyList<AnalysisInput> files, FileSet set, AnalysisOptions options, Architecture? only = null)
        {
            _files = files;
            _set = set;
            // "Runs on" names glibc distros: a musl target that only the baseline made (an Alpine image) does not
            // change how each file is judged there.
            _options = options.Baseline.IsMusl && options.TargetRid?.IsMusl != true ? options.WithTargetIsMusl(false) : options;
            _only = only;
            _passes = new long[files.Count];
            _rowsOf = new MatrixRow[]?[files.Count];
            _index = new Dictionary<AnalysisInput, int>(files.Count);
            for (int i = 0; i < files.Count; i++) _index[files[i]] = i;
            // File after file, each on every baseline (a file's facts are read from memory once, not once per
            // baseline); on two cores, the files in two runs of consecutive files when there is enough to do.
            int baselines = _catalog.Count;
            var shared = new SharedRows[baselines];
            for (int b = 0; b < baselines; b++) shared[b] = new SharedRows(_catalog[b], _set.AnyShippedBy(_catalog[b]));
            _shared = shared;
            int runs = files.Count >= 32 ? Math.Max(1, Math.Min(Environment.ProcessorCount, 8)) : 1;
            var tallies = new Tally[runs][];
            Action<int> judgeRun = r =>
            {
                var mine = new Tally[baselines];
                var findings = new List<Finding>();
                for (int i = r * files.Count / runs, end = (r + 1) * files.Count / runs; i < end; i++)
                {
                    for (int b = 0; b < baselines; b++) JudgeFile(i, b, shared[b], findings, ref mine[b]);
                }
                tallies[r] = mine;
            };
            if (runs > 1) System.Threading.Tasks.Parallel.For(0, runs, judgeRun);
            else judgeRun(0);
            var rows = new MatrixRow[baselines];
            for (int b = 0; b < baselines; b++)
            {
                Tally all = default;
                for (int r = 0; r < runs; r++) all.Add(tallies[r][b]);
                rows[b] = Row(_catalog[b], all);
            }
            Set = rows;
            RunsOn = Analyzer.RunsOnLabels(Set);
        }

        /// <summary>The set's row for every built-in baseline, in data order.</summary>
        public IReadOnlyList<MatrixRow> Set { get; }

        /// <summary>Where the whole set runs.</summary>
        public IReadOnlyList<string> RunsOn { get; }

        /// <summary>Where one file runs, judged with the rest of the set beside it.</summary>
        public IReadOnlyList<string> RunsOnFor(AnalysisInput file)
        {
            if (!_index.TryGetValue(file, out int i)) return Array.Empty<string>();
            lock (_fileLabels)
            {
                if (_rowsOf[i] is MatrixRow[] rows)
                {
                    if (!_fileLabels.TryGetValue(i, out IReadOnlyList<string>? labels)) _fileLabels[i] = labels = Analyzer.RunsOnLabels(rows);
                    return labels;
                }
                return LabelsOf(_passes[i]);
            }
        }

        // Labels by which baselines pass, for files that need nothing installed: the files of a folder fall into a few
        // such patterns, and each pattern's labels are made once.
        private readonly Dictionary<long, IReadOnlyList<string>> _labelsByPasses = new Dictionary<long, IReadOnlyList<string>>();

        private IReadOnlyList<string> LabelsOf(long passes)
        {
            if (!_labelsByPasses.TryGetValue(passes, out IReadOnlyList<string>? labels))
            {
                var rows = new MatrixRow[_shared.Length];
                for (int b = 0; b < rows.Length; b++) rows[b] = (passes & (1L << b)) != 0 ? _shared[b].Runs : _shared[b].Fails;
                _labelsByPasses[passes] = labels = Analyzer.RunsOnLabels(rows);
            }
            return labels;
        }

        /// <summary>The set's row for <paramref name="baseline"/>, built-in or not.</summary>
        public MatrixRow For(Baseline baseline)
        {
            for (int b = 0; b < _catalog.Count; b++)
            {
                if (ReferenceEquals(_catalog[b], baseline)) return Set[b];
            }
            return _others.GetOrAdd(baseline, Judge);
        }

        /// <summary>The set's row for a baseline that is not built in (its files' rows are not kept).</summary>
        private MatrixRow Judge(Baseline baseline)
        {
            var shared = new SharedRows(baseline, _set.AnyShippedBy(baseline));
            var findings = new List<Finding>();
            Tally tally = default;
            for (int i = 0; i < _files.Count; i++) JudgeFile(i, -1, shared, findings, ref tally);
            return Row(baseline, tally);
        }

        /// <summary>One baseline's rows that many files share: it runs there with nothing to install, or it does not.</summary>
        private sealed class SharedRows
        {
            public SharedRows(Baseline baseline, bool anyShipped)
            {
                Baseline = baseline;
                AnyShipped = anyShipped;
                Runs = new MatrixRow(baseline, (Finding?)null, Array.Empty<string>());
                // A file's row is read for where it runs, never for why not: one row stands for every file that does not.
                Fails = new MatrixRow(baseline, "", Array.Empty<string>());
            }

            public Baseline Baseline { get; }
            public bool AnyShipped { get; }
            public MatrixRow Runs { get; }
            public MatrixRow Fails { get; }
        }

        /// <summary>What some consecutive files say about one baseline: why the first blocked file is, how many are, what they need installed.</summary>
        private struct Tally
        {
            public string? FirstReason;
            public int Problems;
            public List<string>? Requires;

            /// <summary>Adds the tally of the files that come after these.</summary>
            public void Add(Tally later)
            {
                FirstReason ??= later.FirstReason;
                Problems += later.Problems;
                if (later.Requires is null) return;
                foreach (string r in later.Requires) AddRequirement(r);
            }

            public void AddRequirement(string what)
            {
                Requires ??= new List<string>();
                if (!Requires.Contains(what)) Requires.Add(what);
            }
        }

        /// <summary>Judges file <paramref name="i"/> on one baseline (with its catalog index, keeping the file's row) and tallies it.</summary>
        private void JudgeFile(int i, int catalogIndex, SharedRows shared, List<Finding> findings, ref Tally tally)
        {
            AnalysisInput file = _files[i];
            Baseline baseline = shared.Baseline;
            findings.Clear();
            var highest = new Analyzer.HighestMissing();
            // The runtime floor is the set's; each file is judged on its own needs, so that its own row is right.
            Analyzer.JudgeFile(file, _set, baseline, _options, runtimeFloorReported: false, render: null, findings, ref highest);
            // A missing version blocks the file before anything else does (Blocker); it is made a finding only to be named.
            Finding? blocker = highest.Found ? null : Blocker(findings);
            bool blocked = highest.Found || blocker != null;
            IReadOnlyList<string> fileRequires = Requires(findings);
            if (catalogIndex >= 0)
            {
                // One thread judges one file: its bits and rows are its own.
                if (!blocked && fileRequires.Count == 0) _passes[i] |= 1L << (catalogIndex & 63);
                if (_rowsOf[i] is null && (fileRequires.Count > 0 || _catalog.Count > 64))
                {
                    var rows = new MatrixRow[_catalog.Count];
                    for (int b = 0; b < catalogIndex; b++) rows[b] = (_passes[i] & (1L << b)) != 0 ? _shared[b].Runs : _shared[b].Fails;
                    _rowsOf[i] = rows;
                }
                if (_rowsOf[i] is MatrixRow[] kept)
                {
                    kept[catalogIndex] = fileRequires.Count > 0 ? new MatrixRow(baseline, blocked ? "" : null, fileRequires) : blocked ? shared.Fails : shared.Runs;
                }
            }
            if (shared.AnyShipped && FileSet.NotShipped(file, baseline)) return; // another architecture's asset
            if (blocked)
            {
                tally.FirstReason ??= (blocker ?? highest.Finding(file, baseline, file.Facts.Machine.GetValueOrDefault()))!.Reason;
                tally.Problems++;
            }
            foreach (string r in fileRequires) tally.AddRequirement(r);
        }

        /// <summary>The set's row for one baseline: its set-wide findings first, then its files'.</summary>
        private MatrixRow Row(Baseline baseline, Tally files)
        {
            var setWide = new List<Finding>();
            Analyzer.JudgeSet(_files, baseline, _options, full: false, setWide);
            // The row names its first problem and counts the rest: the other reasons are never made into text.
            string? firstReason = null;
            int problems = 0;
            foreach (Finding f in setWide)
            {
                if (f.Severity != Severity.Error) continue;
                firstReason ??= f.Reason;
                problems++;
            }
            var requires = new List<string>();
            AddRequires(setWide, requires);
            if (files.FirstReason != null) firstReason ??= files.FirstReason;
            problems += files.Problems;
            foreach (string r in files.Requires ?? (IEnumerable<string>)Array.Empty<string>()) if (!requires.Contains(r)) requires.Add(r);
            if (_only is Architecture only && !baseline.Ships(only))
            {
                firstReason = baseline.Id + " does not ship " + only;
                problems++;
            }
            string? reason = problems == 0 ? null
                : firstReason + (problems > 1 ? " (and " + (problems - 1) + " more problem" + (problems > 2 ? "s" : "") + ")" : "");
            return new MatrixRow(baseline, reason, requires);
        }

        /// <summary>What <see cref="AddRequires"/> finds, without a list of its own when there is nothing (most files, most baselines).</summary>
        private static IReadOnlyList<string> Requires(List<Finding> findings)
        {
            List<string>? requires = null;
            foreach (Finding f in findings)
            {
                if (RequirementOf(f) is string what)
                {
                    requires ??= new List<string>();
                    if (!requires.Contains(what)) requires.Add(what);
                }
            }
            return requires ?? (IReadOnlyList<string>)Array.Empty<string>();
        }

        /// <summary>
        /// The finding that keeps a file from loading: the highest missing version when it lacks any (GLIBC first:
        /// it says most about where the file was built), else its first error, else GG1018.
        /// </summary>
        private static Finding? Blocker(List<Finding> findings)
        {
            Finding? best = null;
            VersionNode bestNode = default;
            foreach (Finding f in findings)
            {
                if (f.Severity != Severity.Error && f.Id != DiagnosticId.ArchitectureNotShipped) continue;
                if ((f.Id == DiagnosticId.VersionMissing || f.Id == DiagnosticId.PrivateVersion) && f.Version != null)
                {
                    VersionNode node = VersionNode.Parse(f.Version);
                    bool bestIsVersion = best != null && (best.Id == DiagnosticId.VersionMissing || best.Id == DiagnosticId.PrivateVersion);
                    if (best is null || !bestIsVersion || SaysMore(node, bestNode))
                    {
                        best = f;
                        bestNode = node;
                    }
                }
                else if (best is null || (best.Id == DiagnosticId.ArchitectureNotShipped && f.Severity == Severity.Error))
                {
                    best = f;
                }
            }
            return best;
        }

        /// <summary>Whether a missing <paramref name="node"/> says more than <paramref name="best"/> about where a file was built: the higher of one family, GLIBC over any other.</summary>
        internal static bool SaysMore(VersionNode node, VersionNode best) => node.Family == best.Family ? node.CompareTo(best) > 0 : node.IsGlibc;

        /// <summary>What must be installed beyond the baseline's own libraries: GG1004 libraries (warnings), ICU, OpenSSL.</summary>
        private static void AddRequires(List<Finding> findings, List<string> requires)
        {
            foreach (Finding f in findings)
            {
                if (RequirementOf(f) is string what && !requires.Contains(what)) requires.Add(what);
            }
        }

        private static string? RequirementOf(Finding f) => f.Id switch
        {
            DiagnosticId.LibraryMissing when f.Severity == Severity.Warning => f.Library,
            DiagnosticId.IcuMissing => "ICU",
            DiagnosticId.OpenSslMissing when f.Severity == Severity.Warning => "OpenSSL",
            _ => null,
        };
    }
}
