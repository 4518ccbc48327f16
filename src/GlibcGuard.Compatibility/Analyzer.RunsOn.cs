using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    partial class Analyzer
    {
        /// <summary>
        /// For a portable set (no target RID): per glibc Linux RID among the files' package folders, the files a
        /// publish for that RID takes (its folder, the portable folders, and files outside runtimes/ built for its
        /// architecture) and whether they run on the baseline, judged by the same rules as the whole set.
        /// </summary>
        private static IReadOnlyList<RidVerdict> RidVerdicts(IReadOnlyList<AnalysisInput> files, AnalysisOptions options)
        {
            if (options.TargetRid != null)
            {
                return Array.Empty<RidVerdict>();
            }
            var rids = files.Select(f => f.Rid).OfType<RuntimeIdentifier>()
                .Where(r => r.Platform == RidPlatform.Linux && r.Architecture != null)
                .Distinct().OrderBy(r => r.Value, StringComparer.Ordinal).ToList();
            var verdicts = new List<RidVerdict>(rids.Count);
            foreach (RuntimeIdentifier rid in rids)
            {
                Architecture architecture = rid.Architecture!.Value;
                List<AnalysisInput> taken = files.Where(f => f.Rid is RuntimeIdentifier folder
                    ? !folder.IsOtherOperatingSystem && rid.Takes(folder)
                    : f.Facts.Machine is null || f.Facts.Machine == architecture).ToList();
                var judged = new Verdicts(taken, new FileSet(taken), options, architecture);
                Baseline baseline = options.Baseline;
                MatrixRow row = judged.For(baseline);
                string? reason = !baseline.Ships(architecture) ? baseline.Id + " does not ship " + architecture : row.Reason;
                verdicts.Add(new RidVerdict(rid, taken.Count(f => f.Facts.Error == null || f.Rid != null), reason, row.Requires, judged.RunsOn));
            }
            return verdicts;
        }

        /// <summary>"as linux-x64: no, libe_sqlite3.so needs GLIBC_2.28 (libm.so.6); as linux-arm64: yes", or null when there is nothing to say.</summary>
        public static string? RidVerdictText(IReadOnlyList<RidVerdict> verdicts) =>
            verdicts.Count == 0 ? null
                : "As " + string.Join("; as ", verdicts.Select(v => v.Rid + ": " + (v.Runs ? "yes" + WithInstalled(v.Requires) : "no, " + v.Reason))) + ".";

        /// <summary>"It runs on: RHEL 9+, Ubuntu 22.04+." for a message.</summary>
        public static string RunsOnText(IReadOnlyList<string> labels) =>
            labels.Count == 0 ? "It runs on none of the built-in distro baselines." : "It runs on: " + string.Join(", ", labels) + ".";

        /// <summary>" with libsasl2.so.3 and ICU installed", or "" when nothing beyond the baseline's own libraries is needed.</summary>
        internal static string WithInstalled(IReadOnlyList<string> requires) =>
            requires.Count == 0 ? ""
                : " with " + (requires.Count == 1 ? requires[0] : string.Join(", ", requires.Take(requires.Count - 1)) + " and " + requires[requires.Count - 1]) + " installed";

        /// <summary>
        /// The labels for a row per built-in baseline, lowest per family: "RHEL 9+" when every later release of the
        /// family passes with the same conditions, else each release that passes; each with what must be installed.
        /// The families are those of the data, in its order (manylinux policies are not distros and are left out).
        /// </summary>
        internal static IReadOnlyList<string> RunsOnLabels(IReadOnlyList<MatrixRow> rows)
        {
            // Families in the order they first appear, each family's rows in data order (asked once per file: no LINQ).
            var labels = new List<string>();
            var families = new List<string>();
            var members = new List<MatrixRow>();
            for (int r = 0; r < rows.Count; r++)
            {
                string family = rows[r].Baseline.RunsOnFamily;
                if (rows[r].Baseline.IsManylinux || families.Contains(family)) continue;
                families.Add(family);
                members.Clear();
                for (int m = r; m < rows.Count; m++)
                {
                    if (!rows[m].Baseline.IsManylinux && rows[m].Baseline.RunsOnFamily == family) members.Add(rows[m]);
                }
                int tail = members.Count;
                while (tail > 0 && members[tail - 1].Passes && SameRequires(members[tail - 1], members[members.Count - 1])) tail--;
                for (int i = 0; i < tail; i++)
                {
                    if (members[i].Passes) labels.Add(members[i].Baseline.RunsOnLabel + WithInstalled(members[i].Requires));
                }
                if (tail < members.Count)
                {
                    labels.Add(members[tail].Baseline.RunsOnLabel + (tail < members.Count - 1 ? "+" : "") + WithInstalled(members[tail].Requires));
                }
            }
            return labels;
        }

        private static bool SameRequires(MatrixRow a, MatrixRow b) => a.Requires.SequenceEqual(b.Requires, StringComparer.Ordinal);
    }

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
        private readonly MatrixRow[][] _fileRows; // [file][catalog baseline]
        private readonly Dictionary<AnalysisInput, int> _index = new Dictionary<AnalysisInput, int>();
        private readonly Dictionary<AnalysisInput, IReadOnlyList<string>> _fileLabels = new Dictionary<AnalysisInput, IReadOnlyList<string>>();
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
            _fileRows = new MatrixRow[files.Count][];
            for (int i = 0; i < files.Count; i++)
            {
                _fileRows[i] = new MatrixRow[_catalog.Count];
                _index[files[i]] = i;
            }
            var rows = new MatrixRow[_catalog.Count];
            // Each baseline is judged apart from the others: on two cores, two at a time when there is enough to do.
            if (files.Count >= 32)
            {
                System.Threading.Tasks.Parallel.For(0, _catalog.Count, b => rows[b] = Judge(_catalog[b], b));
            }
            else
            {
                for (int b = 0; b < _catalog.Count; b++) rows[b] = Judge(_catalog[b], b);
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
            lock (_fileLabels)
            {
                if (!_fileLabels.TryGetValue(file, out IReadOnlyList<string>? labels))
                {
                    _fileLabels[file] = labels = _index.TryGetValue(file, out int i) ? LabelsOf(_fileRows[i]) : Array.Empty<string>();
                }
                return labels;
            }
        }

        // Labels by which baselines pass, for rows that need nothing installed: the files of a folder fall into a few
        // such patterns, and each pattern's labels are made once.
        private readonly Dictionary<int, IReadOnlyList<string>> _labelsByPasses = new Dictionary<int, IReadOnlyList<string>>();

        private IReadOnlyList<string> LabelsOf(MatrixRow[] rows)
        {
            int passes = 0;
            for (int b = 0; b < rows.Length; b++)
            {
                if (b >= 31 || rows[b].Requires.Count > 0) return Analyzer.RunsOnLabels(rows);
                if (rows[b].Passes) passes |= 1 << b;
            }
            if (!_labelsByPasses.TryGetValue(passes, out IReadOnlyList<string>? labels))
            {
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
            return _others.GetOrAdd(baseline, x => Judge(x, -1));
        }

        /// <summary>The set's row for one baseline; with its catalog index, each file's row too.</summary>
        private MatrixRow Judge(Baseline baseline, int catalogIndex)
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
            bool anyShipped = _set.AnyShippedBy(baseline);
            var findings = new List<Finding>();
            // Most files run on most baselines with nothing to install: their rows are one row.
            var runs = new MatrixRow(baseline, (Finding?)null, Array.Empty<string>());
            for (int i = 0; i < _files.Count; i++)
            {
                AnalysisInput file = _files[i];
                findings.Clear();
                // The runtime floor is the set's; each file is judged on its own needs, so that its own row is right.
                Analyzer.JudgeFile(file, _set, baseline, _options, runtimeFloorReported: false, render: null, findings);
                Finding? blocker = Blocker(findings);
                IReadOnlyList<string> fileRequires = Requires(findings);
                if (catalogIndex >= 0) _fileRows[i][catalogIndex] = blocker is null && fileRequires.Count == 0 ? runs : new MatrixRow(baseline, blocker, fileRequires);
                if (anyShipped && FileSet.NotShipped(file, baseline)) continue; // another architecture's asset
                if (blocker != null)
                {
                    firstReason ??= blocker.Reason;
                    problems++;
                }
                foreach (string r in fileRequires) if (!requires.Contains(r)) requires.Add(r);
            }
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
                    if (best is null || !bestIsVersion || (node.Family == bestNode.Family ? node.CompareTo(bestNode) > 0 : node.IsGlibc))
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

    /// <summary>Whether a portable set runs on the baseline when it is run as one RID.</summary>
    internal sealed class RidVerdict
    {
        public RidVerdict(RuntimeIdentifier rid, int files, string? reason, IReadOnlyList<string> requires, IReadOnlyList<string> runsOn)
        {
            Rid = rid;
            Files = files;
            Reason = reason;
            Requires = requires;
            RunsOn = runsOn;
        }

        public RuntimeIdentifier Rid { get; }
        /// <summary>How many of the set's files a publish for this RID takes.</summary>
        public int Files { get; }
        /// <summary>Why it does not run on the baseline as this RID, or null when it does.</summary>
        public string? Reason { get; }
        public bool Runs => Reason is null;
        /// <summary>What must be installed on the baseline for it to run as this RID ("libsasl2.so.3", "ICU").</summary>
        public IReadOnlyList<string> Requires { get; }
        /// <summary>Where it runs as this RID ("RHEL 8+", …).</summary>
        public IReadOnlyList<string> RunsOn { get; }
    }

    /// <summary>One row of the "where does it run" matrix: a set's, or one file's, verdict on one baseline.</summary>
    internal sealed class MatrixRow
    {
        public MatrixRow(Baseline baseline, string? reason, IReadOnlyList<string> requires)
        {
            Baseline = baseline;
            _reason = reason;
            Requires = requires;
        }

        /// <summary>A file's row: its reason is the blocking finding's, put into words only if someone reads it.</summary>
        public MatrixRow(Baseline baseline, Finding? blocker, IReadOnlyList<string> requires)
        {
            Baseline = baseline;
            _blocker = blocker;
            Requires = requires;
        }

        private readonly string? _reason;
        private readonly Finding? _blocker;

        public Baseline Baseline { get; }
        /// <summary>Why the set does not run there, or null when it does.</summary>
        public string? Reason => _reason ?? _blocker?.Reason;
        public bool Passes => _reason is null && _blocker is null;
        /// <summary>
        /// When it passes, what must be installed beyond the baseline's own libraries: sonames the set needs and does
        /// not ship (GG1004), "ICU" and "OpenSSL" the .NET runtime loads (GG1019, GG1020). Empty: a minimal install runs it.
        /// </summary>
        public IReadOnlyList<string> Requires { get; }
    }

    /// <summary>The files being judged together: which of them provides a library another one needs.</summary>
    internal sealed class FileSet
    {
        private readonly Dictionary<string, List<AnalysisInput>> _byName = new Dictionary<string, List<AnalysisInput>>(StringComparer.Ordinal);

        public FileSet(IEnumerable<AnalysisInput> files)
        {
            foreach (AnalysisInput f in files)
            {
                if (f.Facts.Error != null) continue;
                _files.Add(f);
                foreach (string needed in f.Facts.Needed) _neededNames.Add(needed);
                if (f.Facts.Soname != null) Add(f.Facts.Soname, f);
                if (f.FileName != f.Facts.Soname) Add(f.FileName, f);
            }
        }

        private readonly HashSet<string> _neededNames = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<AnalysisInput> _files = new List<AnalysisInput>();

        /// <summary>
        /// True when a file of the set that a Linux baseline judges (read, for Linux, not a musl build, not an
        /// object file) is for an architecture <paramref name="baseline"/> ships.
        /// </summary>
        public bool AnyShippedBy(Baseline baseline)
        {
            // Asked once per file of an architecture the baseline does not ship: answered once per baseline.
            if (!_anyShipped.TryGetValue(baseline, out bool any))
            {
                _anyShipped[baseline] = any = AnyShipped(_files, baseline);
            }
            return any;
        }

        // Apart from AnyShippedBy, whose every call would otherwise allocate the lambda's closure.
        private static bool AnyShipped(List<AnalysisInput> files, Baseline baseline) =>
            files.Any(f => !f.NotJudged && f.Rid?.IsMusl != true && f.Facts.Type != ObjectKind.Relocatable && f.Facts.Machine is Architecture a && baseline.Ships(a));

        private readonly System.Collections.Concurrent.ConcurrentDictionary<Baseline, bool> _anyShipped = new System.Collections.Concurrent.ConcurrentDictionary<Baseline, bool>();

        /// <summary>True for a read file whose architecture <paramref name="baseline"/> does not ship.</summary>
        internal static bool NotShipped(AnalysisInput f, Baseline baseline) =>
            f.Facts.Error == null && f.Facts.Type != ObjectKind.Relocatable && f.Facts.Machine is Architecture a && !baseline.Ships(a);

        /// <summary>
        /// True for a musl build of a library that ships beside a glibc build of the same library (same soname,
        /// machine and package folder) and that no file of the set needs by its file name: a deliberate fallback,
        /// as librdkafka's alpine-librdkafka.so beside librdkafka.so, which its .NET wrapper loads only on Alpine.
        /// </summary>
        public bool IsMuslFallback(AnalysisInput input)
        {
            BinaryFacts f = input.Facts;
            if (f.Libc != LibcKind.Musl || f.Soname is null || _neededNames.Contains(input.FileName) || !_byName.TryGetValue(f.Soname, out List<AnalysisInput>? same))
            {
                return false;
            }
            return same.Any(o => !ReferenceEquals(o, input) && o.Facts.Libc == LibcKind.Glibc && o.Facts.Machine == f.Machine &&
                Equals(o.Rid, input.Rid) && o.FileName != input.FileName);
        }

        private void Add(string name, AnalysisInput f)
        {
            if (!_byName.TryGetValue(name, out List<AnalysisInput>? list)) _byName[name] = list = new List<AnalysisInput>();
            list.Add(f);
        }

        /// <summary>
        /// <see cref="Provider"/> for each of <paramref name="input"/>'s version-need libraries, in order: the same on
        /// every baseline, so found once per file and set.
        /// </summary>
        public AnalysisInput?[] VersionNeedProviders(AnalysisInput input) => ProvidersFor(input).VersionNeeds;

        /// <summary><see cref="Provider"/> for each of <paramref name="input"/>'s DT_NEEDED libraries, in order.</summary>
        public AnalysisInput?[] NeededProviders(AnalysisInput input) => ProvidersFor(input).Needed;

        private Providers ProvidersFor(AnalysisInput input)
        {
            if (input.KnownProviders is Providers known && known.Set == this) return known;
            BinaryFacts f = input.Facts;
            var versionNeeds = new AnalysisInput?[f.VersionNeeds.Count];
            for (int i = 0; i < versionNeeds.Length; i++) versionNeeds[i] = Provider(f.VersionNeeds[i].Library, input);
            var needed = new AnalysisInput?[f.Needed.Count];
            for (int i = 0; i < needed.Length; i++) needed[i] = Provider(f.Needed[i], input);
            var providers = new Providers(this, versionNeeds, needed);
            input.KnownProviders = providers; // one reference: a thread sees the old answers or the new, whole
            return providers;
        }

        /// <summary>One file's providers in one set.</summary>
        internal sealed class Providers
        {
            public Providers(FileSet set, AnalysisInput?[] versionNeeds, AnalysisInput?[] needed)
            {
                Set = set;
                VersionNeeds = versionNeeds;
                Needed = needed;
            }

            public FileSet Set { get; }
            public AnalysisInput?[] VersionNeeds { get; }
            public AnalysisInput?[] Needed { get; }
        }

        /// <summary>
        /// The file of the set (other than <paramref name="requester"/>) that provides <paramref name="soname"/>, or
        /// null. Only a file the loader could load into the requester counts: the same machine, class and byte
        /// order (an aarch64 libgcc_s.so.1 does not serve an x86_64 program), and from the same package folder
        /// when both come from one. glibc's own libraries never count: a copy shipped beside an application is not
        /// used, because the system's dynamic loader loads the system's libc (and a libc that does not match the
        /// loader fails).
        /// </summary>
        public AnalysisInput? Provider(string soname, AnalysisInput requester)
        {
            if (CLibraries.IsGlibcPart(soname) || !_byName.TryGetValue(soname, out List<AnalysisInput>? candidates))
            {
                return null;
            }
            BinaryFacts r = requester.Facts;
            foreach (AnalysisInput f in candidates)
            {
                if (ReferenceEquals(f, requester)) continue;
                if (f.Facts.Machine != r.Machine) continue; // machine, class and byte order
                if (f.Rid != null && requester.Rid != null && !f.Rid.Equals(requester.Rid)) continue;
                return f;
            }
            return null;
        }
    }
}
