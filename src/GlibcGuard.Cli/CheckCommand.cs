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
    /// `glibcguard check PATH... [--baseline NAME] [--rid RID] [--format text|json|sarif|azure-pipelines|github] [--output FILE]
    /// [--suppress FILE] [--matrix]`: judges the files against a baseline. Exit code 0 compatible, 1 at least one
    /// error-severity finding, 2 usage error, 3 incomplete (nothing to check, or a file that could not be read).
    /// </summary>
    internal static class CheckCommand
    {
        public static CliCommand Command(TextWriter stdout, TextWriter stderr)
        {
            var baseline = new CliOption("--baseline", "Target: " + Program.KnownBaselines + ".", "-b") { Default = BaselineCatalog.DefaultId };
            var rid = new CliOption("--rid", "The .NET runtime identifier the files are for (linux-x64, linux-arm64, linux-musl-x64, …): sets the architecture and the C library every file must match.", "-r");
            var format = new CliOption("--format",
                "Output format. azure-pipelines and github write each finding as the CI's logging command (an issue or annotation on the run); " +
                "without --format they are chosen when TF_BUILD or GITHUB_ACTIONS is set and standard output is not a file, else text.")
            {
                Allowed = new[] { "text", "json", "sarif", CiReport.AzurePipelines, CiReport.GitHub },
            };
            var output = new CliOption("--output", "Write the report to this file instead of standard output.", "-o");
            var suppress = new CliOption("--suppress", "A suppression file: lines of 'CODE PATH-GLOB [LIBRARY [VERSION [SYMBOL]]]' (repeatable).") { Repeatable = true };
            var matrix = new CliOption("--matrix", "Also judge the files against every built-in baseline and print where they run.", takesValue: false);
            var allowEmpty = new CliOption("--allow-empty", "Exit 0 when the paths hold no ELF file (otherwise 3).", takesValue: false);
            var allowUnchecked = new CliOption("--allow-unchecked", "Exit 0, not 3, when a file could not be read but nothing else is wrong.", takesValue: false);
            var searchFeeds = new CliOption("--search-feeds", "For a package's file that does not fit: look on the feeds (--source, else the NuGet configuration of the current folder) for a version that does, through NuGet's client libraries (network).", takesValue: false);
            var sources = new CliOption("--source", "A feed URL or folder for --search-feeds (repeatable).") { Repeatable = true };
            var rootFolder = new CliOption("--root", "Judge an extracted container image root folder by its own loader, C library and libraries (links resolved inside it).");
            var all = new CliOption("--all", "For a container image: judge every ELF file in it, not only those its top layer adds.", takesValue: false);
            var appLayers = new CliOption("--app-layers", "For a container image: how many top layers hold the app.")
            {
                Default = "1",
                Validate = value => int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1
                    ? null : Diagnostics.NotACount("--app-layers", value),
            };
            var (perContainer, perRun) = Program.BudgetOptions();
            CliCommand? check = null;
            check = new CliCommand("check", "Judge ELF files against a target distro baseline: which file needs which version of which library, because of which symbols, and how to fix it.\n\n" +
                ExitCodes.Help + "\n\nExamples:\n  glibcguard check ./publish --baseline centos8 --rid linux-x64\n" +
                "  glibcguard check app.nupkg --format sarif --output glibcguard.sarif\n" +
                "  glibcguard check app.tar            (an OCI or Docker image archive: judged by its own layers)",
                result => Run(new Request
                {
                    Paths = result.Arguments,
                    Baseline = result.Value(baseline)!,
                    Rid = result.Value(rid),
                    Format = result.Value(format),
                    Output = result.Value(output),
                    SuppressionFiles = result.Values(suppress),
                    Matrix = result.Flag(matrix),
                    AllowEmpty = result.Flag(allowEmpty),
                    AllowUnchecked = result.Flag(allowUnchecked),
                    Root = result.Value(rootFolder),
                    SearchFeeds = result.Flag(searchFeeds),
                    Sources = result.Values(sources),
                    All = result.Flag(all),
                    AppLayers = int.Parse(result.Value(appLayers)!, System.Globalization.CultureInfo.InvariantCulture),
                    Budget = Program.Budget(result.Value(perContainer), result.Value(perRun)),
                }, stdout, stderr))
            {
                // Paths may be none: --root DIR alone is a request too.
                Arguments = new[] { ("paths", "ELF files or folders (searched recursively), .NET single-file apps, NuGet packages, or one container image archive.") },
            };
            check.Options.AddRange(new[] { baseline, rid, format, output, suppress, matrix, allowEmpty, allowUnchecked, searchFeeds, sources, rootFolder, all, appLayers, perContainer, perRun });
            return check;
        }

        internal sealed class Request
        {
            public IReadOnlyList<string> Paths { get; init; } = Array.Empty<string>();
            public string Baseline { get; init; } = BaselineCatalog.DefaultId;
            public string? Rid { get; init; }
            /// <summary>The format asked for, or null to pick one (<see cref="CiReport.DefaultFormat"/>).</summary>
            public string? Format { get; init; }
            /// <summary>Where environment variables come from (TF_BUILD, GITHUB_ACTIONS, GITHUB_STEP_SUMMARY).</summary>
            public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
            /// <summary>Whether standard output is a regular file; null to ask the system.</summary>
            public bool? StdoutIsFile { get; init; }
            public string? Output { get; init; }
            public IReadOnlyList<string> SuppressionFiles { get; init; } = Array.Empty<string>();
            public bool Matrix { get; init; }
            public bool AllowEmpty { get; init; }
            public bool AllowUnchecked { get; init; }
            /// <summary>Look on feeds for a version of a package that fits (--search-feeds), in <see cref="Sources"/> or the NuGet configuration.</summary>
            public bool SearchFeeds { get; init; }
            public IReadOnlyList<string> Sources { get; init; } = Array.Empty<string>();
            /// <summary>An extracted image root to judge by itself (--root).</summary>
            public string? Root { get; init; }
            /// <summary>For an image: every ELF file, not only the top layers' (--all).</summary>
            public bool All { get; init; }
            /// <summary>For an image: how many top layers are the app (--app-layers).</summary>
            public int AppLayers { get; init; } = 1;
            /// <summary>What containers may inflate (--max-container-bytes, --max-total-bytes).</summary>
            public ReadBudget Budget { get; init; } = new ReadBudget();
        }

        internal static int Run(Request request, TextWriter stdout, TextWriter stderr)
        {
            var checkRequest = new CheckRequest { Baseline = request.Baseline, Rid = request.Rid, SuppressionFiles = request.SuppressionFiles };
            if (!checkRequest.TryBuild(out AnalysisOptions options, out RequestError? error))
            {
                string setting = error!.Setting == RequestSetting.Baseline ? "--baseline " : error.Setting == RequestSetting.Rid ? "--rid " : "";
                stderr.WriteLine(Diagnostics.Line(error.Id, setting + error.Message));
                return ExitCodes.Usage;
            }

            if (request.Paths.Count == 0 && request.Root is null)
            {
                stderr.WriteLine(Diagnostics.Line(DiagnosticId.NothingToCheck, Diagnostics.NoPathGiven(), Severity.Error));
                return ExitCodes.Usage;
            }
            if (request.Root != null || (request.Paths.Count == 1 && ContainerImage.LooksLikeImage(request.Paths[0])))
            {
                return ImageCommand.Run(request, options, stdout, stderr);
            }
            var missing = new List<string>();
            var folders = new List<string>();
            List<InputRequest> inputs = InputPaths.Expand(request.Paths, missing, folders);
            foreach (string path in missing)
            {
                stderr.WriteLine(Diagnostics.Line(DiagnosticId.UnreadableFile, Diagnostics.NoSuchPath(path), Severity.Error));
            }
            if (missing.Count > 0)
            {
                return ExitCodes.Usage;
            }
            var notElf = new List<string>();
            // Of many files, only the symbol names a report on this baseline can show are kept (the facts live until the end).
            List<AnalysisInput> files = InputInspector.ReadAll(inputs, request.Budget, notElf, ImportNameFilter.ForCheck(inputs, options.Baseline)).SelectMany(r => r).ToList();
            foreach (string path in notElf)
            {
                stderr.WriteLine(Diagnostics.Line(DiagnosticId.NotElf, Diagnostics.NotElfNamed(path)));
            }
            if (files.Count == 0 && !request.AllowEmpty)
            {
                stderr.WriteLine(Diagnostics.Line(DiagnosticId.NothingToCheck, Diagnostics.NothingFound(string.Join(", ", request.Paths))));
                return ExitCodes.Incomplete;
            }
            // A NativeAOT executable or a self-contained runtime brings the runtime's dlopen prerequisites; a
            // self-contained app's runtimeconfig.json says whether it is invariant.
            options.DotNetApp = DotNetApp.Infer(files, RuntimeConfig.Invariant(folders), RuntimeConfig.UsesOpenSsl(folders));
            AnalysisResult result = Analyzer.Analyze(files, options);
            if (request.SearchFeeds)
            {
                string folder = Path.Combine(Path.GetTempPath(), "glibcguard-feeds-" + Guid.NewGuid().ToString("N").Substring(0, 8));
                // The feed search beside the tool (tools/…/feeds/ in the tool package); GLIBCGUARD_FEEDS names another.
                string tool = request.Environment("GLIBCGUARD_FEEDS") is string f && f.Length > 0 ? f : Path.Combine(AppContext.BaseDirectory, "feeds", "GlibcGuard.Feeds.dll");
                List<string>? said = FeedSearch.Run(files, result, options, tool, request.Sources, Directory.GetCurrentDirectory(), folder, PosixChildProcess.RunForThisBuild);
                foreach (string line in said ?? new List<string>()) stderr.WriteLine(line);
                try
                {
                    if (options.FeedsSearched) result = Analyzer.Analyze(files, options);
                }
                finally
                {
                    if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
                }
            }

            int exit = result.HasErrors ? ExitCodes.Incompatible : result.Unchecked > 0 && !request.AllowUnchecked ? ExitCodes.Incomplete : ExitCodes.Ok;
            string format = request.Format ?? (request.Output != null ? "text" : CiReport.DefaultFormat(request.Environment, () => request.StdoutIsFile ?? CiReport.StdoutIsFile()));
            if (format == "json" && request.Output is null)
            {
                // Straight to standard output: a folder's report is megabytes, never needed as one string.
                CheckReport.From(result, options, request.Matrix).WriteJson(stdout);
                return exit;
            }
            if (format == "text" && request.Output is null)
            {
                TextReport.Write(stdout, result, request.Matrix);
                return exit;
            }
            string report = format switch
            {
                "json" => CheckReport.From(result, options, request.Matrix).ToJson(),
                "sarif" => SarifReport.ToSarif(result),
                CiReport.AzurePipelines => CiReport.RenderAzurePipelines(result, exit),
                CiReport.GitHub => CiReport.RenderGitHub(result),
                _ => TextReport.Render(result, request.Matrix),
            };
            if (format == CiReport.GitHub && request.Environment("GITHUB_STEP_SUMMARY") is string stepSummary && stepSummary.Length > 0)
            {
                try
                {
                    File.AppendAllText(stepSummary, CiReport.GitHubStepSummary(result));
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
                {
                    stderr.WriteLine(Diagnostics.Line(DiagnosticId.ReportNotWritten, Diagnostics.ReportNotWritten("the step summary", stepSummary, e.Message), Severity.Warning));
                }
            }
            return Deliver(request, report, TextReport.SummaryLine(result), exit, stdout, stderr);
        }

        /// <summary>The report to --output (the summary line on standard output, naming it) or to standard output; the exit code, or Usage when the file cannot be written.</summary>
        internal static int Deliver(Request request, string report, string summary, int exit, TextWriter stdout, TextWriter stderr)
        {
            if (request.Output is null)
            {
                stdout.Write(report);
                return exit;
            }
            try
            {
                File.WriteAllText(request.Output, report);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
            {
                stderr.WriteLine(Diagnostics.Line(DiagnosticId.ReportNotWritten, Diagnostics.ReportNotWritten("the report", request.Output, e.Message)));
                return ExitCodes.Usage;
            }
            stdout.WriteLine(summary + " Report: " + request.Output);
            return exit;
        }
    }
}
