using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Compatibility.Reports;
using GlibcGuard.Inputs;

namespace GlibcGuard.Cli
{
    /// <summary>
    /// `glibcguard diff OLD NEW [--baseline NAME] [--format text|json|sarif|azure-pipelines|github]`: what changed between two versions of the same
    /// files (two .nupkg files, two folders, two files, or ID@VERSION from the local NuGet cache). Exit code 1 when a
    /// file no longer runs on --baseline, or, without one, when any floor rose; 0 otherwise; 2 usage; 3 incomplete.
    /// </summary>
    internal static class DiffCommand
    {
        public static CliCommand Command(TextWriter stdout, TextWriter stderr)
        {
            var baseline = new CliOption("--baseline", "The floor promised: exit 1 when a file no longer runs there. Without it, exit 1 when any floor rose.", "-b");
            var format = new CliOption("--format",
                "Output format. sarif: one result per file whose floor rose; azure-pipelines and github: each rise as the CI's logging command " +
                "(chosen without --format when TF_BUILD or GITHUB_ACTIONS is set and standard output is not a file, else text).")
            {
                Allowed = new[] { "text", "json", "sarif", CiReport.AzurePipelines, CiReport.GitHub },
            };
            var diff = new CliCommand("diff", "What changed between two versions of the same native files: each file's version floor before and after, " +
                "the new version needs with their symbols, the libraries newly needed, and the releases the new version no longer runs on.\n\n" +
                "Exit codes: 0 no rise (or none that breaks --baseline); 1 a floor rose (with --baseline: a file no longer runs there); " +
                "2 usage error; 3 a side holds no ELF file, or a file could not be read.\n\nExamples:\n" +
                "  glibcguard diff SQLitePCLRaw.lib.e_sqlite3@2.1.11 SQLitePCLRaw.lib.e_sqlite3@2.1.12 --baseline centos8\n" +
                "  glibcguard diff old/publish new/publish",
                result => Run(result.Arguments[0], result.Arguments[1], result.Value(baseline),
                    result.Value(format) ?? CiReport.DefaultFormat(Environment.GetEnvironmentVariable, CiReport.StdoutIsFile), stdout, stderr))
            {
                Arguments = new[]
                {
                    ("old", "The earlier version: a file, a folder, a .nupkg, or ID@VERSION from the local NuGet cache."),
                    ("new", "The later version, in the same form."),
                },
                MinArguments = 2,
                MaxArguments = 2,
            };
            diff.Options.Add(baseline);
            diff.Options.Add(format);
            return diff;
        }

        internal static int Run(string oldArg, string newArg, string? baselineName, string format, TextWriter stdout, TextWriter stderr)
        {
            Baseline? baseline = null;
            if (baselineName != null && !BaselineCatalog.TryGet(baselineName, out baseline))
            {
                stderr.WriteLine(Diagnostics.Line(DiagnosticId.UnknownBaseline, BaselineCatalog.WhyUnknown(baselineName)));
                return ExitCodes.Usage;
            }
            string? oldRoot = Resolve(oldArg, stderr), newRoot = Resolve(newArg, stderr);
            if (oldRoot is null || newRoot is null)
            {
                return ExitCodes.Usage;
            }
            var budget = new ReadBudget();
            List<AnalysisInput> before = Read(oldRoot, budget), after = Read(newRoot, budget);
            foreach (AnalysisInput unread in before.Concat(after).Where(f => f.Facts.Error != null))
            {
                stderr.WriteLine(Diagnostics.Line(unread.Facts.Error!.Code, Diagnostics.Unreadable(unread.Facts.Path, unread.Facts.Error.Message)));
            }
            if (before.Count == 0 || after.Count == 0)
            {
                stderr.WriteLine(Diagnostics.Line(DiagnosticId.NothingToCheck, Diagnostics.NothingFound(before.Count == 0 ? oldArg : newArg, allowEmpty: false)));
                return ExitCodes.Incomplete;
            }

            FloorDiff diff = FloorDiff.Compare(oldRoot, before, newRoot, after);
            var rises = diff.Files.Where(f => f.Old != null && f.New != null && f.Rose).Select(f => Diagnostics.FloorRose(f, baseline)).ToList();
            string summary = Diagnostics.DiffSummary(diff, baseline);
            bool unreadable = before.Concat(after).Any(f => f.Facts.Error != null);
            bool failed = baseline != null ? diff.BrokenOn(baseline).Any() : diff.AnyRise;
            int exit = failed ? ExitCodes.Incompatible : unreadable ? ExitCodes.Incomplete : ExitCodes.Ok;
            string Summary() => char.ToUpperInvariant(summary[0]) + summary.Substring(1);
            if (format == "json")
            {
                WriteJson(stdout, diff, rises, summary, baseline);
            }
            else if (format == "sarif")
            {
                stdout.WriteLine(SarifReport.ToSarif(rises, new Dictionary<string, long>(), w => w.Property("baseline", baseline?.Id).Property("summary", summary)
                    .Property("old", oldRoot).Property("new", newRoot)));
            }
            else if (format == CiReport.AzurePipelines)
            {
                stdout.Write(CiReport.RenderAzurePipelines(rises, Summary(), exit, rises.Any(r => r.Severity == Severity.Warning)));
            }
            else if (format == CiReport.GitHub)
            {
                stdout.Write(CiReport.RenderGitHub(rises, Summary()));
            }
            else
            {
                foreach (FileChange change in diff.Files)
                {
                    Finding? rise = rises.FirstOrDefault(r => r.File == change.Place);
                    if (rise != null)
                    {
                        stdout.WriteLine(rise.Severity.Name() + " " + rise.Code + ": " + rise.Message);
                        if (rise.Fix != null) stdout.WriteLine("    fix: " + rise.Fix);
                    }
                    else
                    {
                        stdout.WriteLine(change.Old is null ? "  + " + Diagnostics.DiffAdded(change) : change.New is null ? "  - " + Diagnostics.DiffRemoved(change) : "    " + Diagnostics.DiffUnchanged(change));
                    }
                }
                stdout.WriteLine();
                stdout.WriteLine(Summary());
            }
            return exit;
        }

        /// <summary>"ID@VERSION": an id of letters, digits, '_', '.' and '-', and a version that starts with a digit (a NuGet version's characters).</summary>
        internal static bool TryParsePackageSpec(string arg, out string id, out string version)
        {
            int at = arg.IndexOf('@');
            id = at > 0 ? arg.Substring(0, at) : "";
            version = at > 0 ? arg.Substring(at + 1) : "";
            static bool IdChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
            return id.Length > 0 && id.All(IdChar) && version.Length > 0 && char.IsAsciiDigit(version[0]) && version.All(c => IdChar(c) || c == '+');
        }

        /// <summary>A path as given, or ID@VERSION's .nupkg in the local NuGet cache; null (said on stderr) when neither exists.</summary>
        internal static string? Resolve(string arg, TextWriter stderr)
        {
            if (File.Exists(arg) || Directory.Exists(arg))
            {
                return Path.GetFullPath(arg);
            }
            if (TryParsePackageSpec(arg, out string specId, out string specVersion))
            {
                string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is string env && env.Length > 0
                    ? env : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
                string id = specId.ToLowerInvariant(), version = specVersion.ToLowerInvariant();
                string nupkg = Path.Combine(cache, id, version, id + "." + version + ".nupkg");
                if (File.Exists(nupkg)) return nupkg;
                stderr.WriteLine(Diagnostics.Line(DiagnosticId.UnreadableFile, Diagnostics.NotInCache(arg, nupkg), Severity.Error));
                return null;
            }
            stderr.WriteLine(Diagnostics.Line(DiagnosticId.UnreadableFile, Diagnostics.NoSuchPath(arg), Severity.Error));
            return null;
        }

        private static List<AnalysisInput> Read(string root, ReadBudget budget)
        {
            var missing = new List<string>();
            List<InputRequest> inputs = InputPaths.Expand(new[] { root }, missing);
            return InputInspector.ReadAll(inputs, budget).SelectMany(r => r).Where(f => !f.ForOtherOperatingSystem).ToList();
        }

        private static void WriteJson(TextWriter stdout, FloorDiff diff, List<Finding> rises, string summary, Baseline? baseline)
        {
            var w = new JsonText(stdout);
            w.StartObject().Property("baseline", baseline?.Id).Property("summary", summary);
            w.Name("files").StartArray();
            foreach (FileChange c in diff.Files)
            {
                Finding? rise = rises.FirstOrDefault(r => r.File == c.Place);
                w.StartObject().Property("place", c.Place)
                    .Property("change", c.Old is null ? "added" : c.New is null ? "removed" : c.Rose ? "rose" : "none")
                    .Property("oldPath", c.Old?.Facts.Path).Property("newPath", c.New?.Facts.Path);
                w.Name("floors").StartArray();
                foreach (var f in c.Floors) w.StartObject().Property("family", f.Family).Property("before", f.Before).Property("after", f.After).EndObject();
                w.EndArray();
                w.Name("newNeeds").StartArray();
                foreach (var n in c.NewNeeds) w.StartObject().Property("library", n.Library).Property("version", n.Need.Name).Property("symbols", n.Need.Symbols).EndObject();
                w.EndArray();
                w.Property("newLibraries", c.NewLibraries).Property("noLongerRunsOn", c.Lost.Select(b => b.Id).ToList());
                if (rise != null) w.Property("code", rise.Code).Property("severity", rise.Severity.Name()).Property("message", rise.Message);
                w.EndObject();
            }
            w.EndArray().EndObject();
            stdout.WriteLine();
        }
    }
}
