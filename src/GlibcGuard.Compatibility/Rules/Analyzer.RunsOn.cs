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
        public static string RunsOnText(IReadOnlyList<string> labels)
        {
            // The files of a folder share a few lists of labels (Verdicts makes one per pattern), and each finding of
            // a file says it: the sentence of the last list asked for on this thread is kept.
            if (ReferenceEquals(labels, t_lastLabels) && t_lastText != null) return t_lastText;
            string text = labels.Count == 0 ? "It runs on none of the built-in distro baselines." : "It runs on: " + string.Join(", ", labels) + ".";
            t_lastLabels = labels;
            t_lastText = text;
            return text;
        }

        [ThreadStatic] private static IReadOnlyList<string>? t_lastLabels;
        [ThreadStatic] private static string? t_lastText;

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
}
