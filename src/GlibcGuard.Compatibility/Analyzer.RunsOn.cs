using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    partial class Analyzer
    {
        /// <summary>The families "runs on" lists, in the order they are printed.</summary>
        private static readonly string[] s_runsOnFamilies = { "RHEL", "Amazon Linux", "Ubuntu", "Debian" };

        /// <summary>
        /// Whether the loader would accept <paramref name="input"/> on <paramref name="baseline"/>: every non-weak
        /// version node it needs is defined there (or by a file of the set), no blacklisted symbol, a glibc file.
        /// </summary>
        public static bool Passes(AnalysisInput input, FileSet set, Baseline baseline) => WhyNot(input, set, baseline) is null;

        /// <summary>Why the file does not run on the baseline ("libfoo.so needs GLIBC_2.34"), or null when it does.</summary>
        public static string? WhyNot(AnalysisInput input, FileSet set, Baseline baseline)
        {
            BinaryFacts f = input.Facts;
            if (f.Error != null)
            {
                return null; // an unreadable file does not decide where the set runs
            }
            if (input.NotJudged)
            {
                return null; // not part of this Linux publish (GG2005, GG2007)
            }
            if (input.Rid?.IsMusl == true || set.IsMuslFallback(input))
            {
                return null; // a package's musl build: published for linux-musl-* only, judged by musl rules, never by a glibc row
            }
            if (f.Type != ObjectKind.Relocatable && f.Machine is Architecture machine && !baseline.Ships(machine))
            {
                return input.FileName + " is for " + machine + ", which " + baseline.Id + " does not ship"; // GG1018
            }
            if (f.Libc is LibcKind libc && (libc == LibcKind.Musl || libc == LibcKind.Mixed || libc.IsForeign()))
            {
                return input.FileName + " is linked against " + (libc == LibcKind.Mixed ? "both glibc and musl" : libc.Name());
            }
            if (ExpectedLoaderIfDifferent(f) is string loader)
            {
                return input.FileName + " asks for the loader " + f.Interpreter + ", not " + loader; // GG1015, on every glibc distro
            }
            // The highest missing version is the one that says most about where the file came from.
            (VersionNode Node, string Library)? worst = null;
            string? bannedReason = null;
            foreach (LibraryVersionNeeds library in f.VersionNeeds)
            {
                AnalysisInput? provider = set.Provider(library.Library, input);
                if (provider != null)
                {
                    // The copy shipped beside it serves, as the rules judge it (GG1001 when it lacks the version).
                    VersionNeedFacts? unmet = library.Versions.FirstOrDefault(n => !n.Weak && !provider.Facts.VersionDefinitions.Contains(n.Name));
                    if (unmet != null)
                    {
                        return input.FileName + " needs " + unmet.Name + " (" + library.Library + "), which the " + provider.FileName + " beside it does not define";
                    }
                    continue;
                }
                foreach (VersionNeedFacts need in library.Versions)
                {
                    if (need.Weak) continue;
                    VersionVerdict verdict = baseline.Check(f.Machine.GetValueOrDefault(), library.Library, need.Name);
                    if (verdict == VersionVerdict.Missing || verdict == VersionVerdict.Private)
                    {
                        VersionNode node = VersionNode.Parse(need.Name);
                        if (worst is null || (node.Family == worst.Value.Node.Family ? node.CompareTo(worst.Value.Node) > 0 : node.IsGlibc))
                        {
                            worst = (node, library.Library);
                        }
                        continue;
                    }
                    string? banned = need.Symbols.FirstOrDefault(s => baseline.IsBlacklisted(library.Library, s));
                    if (verdict == VersionVerdict.Present && banned != null)
                    {
                        bannedReason ??= input.FileName + " imports " + banned + " (" + library.Library + ")";
                    }
                }
            }
            return worst is (VersionNode n, string lib) ? input.FileName + " needs " + n.Name + " (" + lib + ")" : bannedReason;
        }

        /// <summary>The built-in distro baselines a file runs on, as labels ("RHEL 9+", "Amazon Linux 2023").</summary>
        public static IReadOnlyList<string> RunsOnForFile(AnalysisInput input, FileSet set) =>
            input.RunsOnCache ??= RunsOn(b => Passes(input, set, b));

        private static IReadOnlyList<string> RunsOnForSet(IReadOnlyList<AnalysisInput> files, FileSet set, AnalysisOptions options) =>
            RunsOn(b => files.All(f => options.TargetMachine == null || f.Facts.Machine == options.TargetMachine || f.Facts.Error != null || f.NotJudged) && SetPasses(files, set, b));

        /// <summary>
        /// For a portable set (no target RID): per glibc Linux RID among the files' package folders, the files a
        /// publish for that RID takes (its folder, the portable folders, and files outside runtimes/ built for its
        /// architecture) and whether they run on the baseline, read off the same judgement as "runs on".
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
                var set = new FileSet(taken);
                Baseline baseline = options.Baseline;
                string? reason = !baseline.Ships(architecture)
                    ? baseline.Id + " does not ship " + architecture
                    : taken.Select(f => WhyNot(f, set, f.Baseline ?? baseline)).FirstOrDefault(r => r != null);
                IReadOnlyList<string> runsOn = RunsOn(b => b.Ships(architecture) && taken.All(f => WhyNot(f, set, b) is null));
                verdicts.Add(new RidVerdict(rid, taken.Count(f => f.Facts.Error == null || f.Rid != null), reason, runsOn));
            }
            return verdicts;
        }

        /// <summary>"as linux-x64: no, libe_sqlite3.so needs GLIBC_2.28 (libm.so.6); as linux-arm64: yes", or null when there is nothing to say.</summary>
        public static string? RidVerdictText(IReadOnlyList<RidVerdict> verdicts) =>
            verdicts.Count == 0 ? null
                : "As " + string.Join("; as ", verdicts.Select(v => v.Rid + ": " + (v.Runs ? "yes" : "no, " + v.Reason))) + ".";

        /// <summary>As <see cref="WhyNotSet"/> is null, stopping at the first file that fails.</summary>
        private static bool SetPasses(IReadOnlyList<AnalysisInput> files, FileSet set, Baseline baseline)
        {
            bool anyShipped = set.AnyShippedBy(baseline);
            return files.All(f => (anyShipped && FileSet.NotShipped(f, baseline)) || WhyNot(f, set, baseline) is null);
        }

        /// <summary>
        /// Why the set does not run on the baseline, or null when it does. A file for an architecture the distro
        /// does not ship is another architecture's asset and is left out, unless nothing in the set is for an
        /// architecture it ships (GG1018): then that is the reason.
        /// </summary>
        private static string? WhyNotSet(IReadOnlyList<AnalysisInput> files, FileSet set, Baseline baseline)
        {
            bool anyShipped = set.AnyShippedBy(baseline);
            var reasons = files.Where(f => anyShipped ? !FileSet.NotShipped(f, baseline) : true).Select(f => WhyNot(f, set, baseline)).Where(r => r != null).ToList();
            return reasons.Count == 0 ? null
                : reasons[0] + (reasons.Count > 1 ? " (and " + (reasons.Count - 1) + " more file" + (reasons.Count > 2 ? "s" : "") + ")" : "");
        }

        /// <summary>
        /// Every built-in baseline with its verdict for the whole set and, when it fails, the first reason
        /// ("libfoo.so needs GLIBC_2.34 (libc.so.6)"), oldest first within each family.
        /// </summary>
        public static IReadOnlyList<MatrixRow> Matrix(IReadOnlyList<AnalysisInput> files)
        {
            var set = new FileSet(files);
            return BaselineCatalog.All.Select(b => new MatrixRow(b, WhyNotSet(files, set, b))).ToList();
        }

        private static IReadOnlyList<string> RunsOn(Func<Baseline, bool> passes)
        {
            var labels = new List<string>();
            foreach (string family in s_runsOnFamilies)
            {
                List<Baseline> members = BaselineCatalog.All.Where(b => b.RunsOnFamily == family).ToList();
                bool[] ok = members.Select(passes).ToArray();
                int first = Array.IndexOf(ok, true);
                if (first < 0) continue;
                if (ok.Skip(first).All(x => x))
                {
                    labels.Add(members[first].RunsOnLabel + (first < members.Count - 1 ? "+" : ""));
                }
                else
                {
                    labels.AddRange(members.Where((_, i) => ok[i]).Select(b => b.RunsOnLabel));
                }
            }
            return labels;
        }

        /// <summary>"It runs on: RHEL 9+, Ubuntu 22.04+." for a message.</summary>
        public static string RunsOnText(IReadOnlyList<string> labels) =>
            labels.Count == 0 ? "It runs on none of the built-in distro baselines." : "It runs on: " + string.Join(", ", labels) + ".";
    }

    /// <summary>Whether a portable set runs on the baseline when it is run as one RID.</summary>
    internal sealed class RidVerdict
    {
        public RidVerdict(RuntimeIdentifier rid, int files, string? reason, IReadOnlyList<string> runsOn)
        {
            Rid = rid;
            Files = files;
            Reason = reason;
            RunsOn = runsOn;
        }

        public RuntimeIdentifier Rid { get; }
        /// <summary>How many of the set's files a publish for this RID takes.</summary>
        public int Files { get; }
        /// <summary>Why it does not run on the baseline as this RID, or null when it does.</summary>
        public string? Reason { get; }
        public bool Runs => Reason is null;
        /// <summary>Where it runs as this RID ("RHEL 8+", …).</summary>
        public IReadOnlyList<string> RunsOn { get; }
    }

    /// <summary>One row of the "where does it run" matrix.</summary>
    internal sealed class MatrixRow
    {
        public MatrixRow(Baseline baseline, string? reason)
        {
            Baseline = baseline;
            Reason = reason;
        }

        public Baseline Baseline { get; }
        /// <summary>Why the set does not run there, or null when it does.</summary>
        public string? Reason { get; }
        public bool Passes => Reason is null;
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
                _anyShipped[baseline] = any = _files.Any(f => !f.NotJudged && f.Rid?.IsMusl != true && f.Facts.Type != ObjectKind.Relocatable &&
                    f.Facts.Machine is Architecture a && baseline.Ships(a));
            }
            return any;
        }

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
