using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GlibcGuard.Compatibility;

namespace GlibcGuard.Cli
{
    /// <summary>
    /// Findings as the CI systems' own logging commands, so that each becomes an issue or an annotation on the run:
    /// Azure Pipelines' `##vso[task.logissue …]` and `##vso[task.complete …]`, GitHub Actions' `::error` /
    /// `::warning` / `::notice` and its step summary. Each value is escaped as the system's agent unescapes it.
    /// </summary>
    internal static class CiReport
    {
        public const string AzurePipelines = "azure-pipelines";
        public const string GitHub = "github";

        /// <summary>
        /// The format to use when none was asked for: the CI's own when its environment variable is set (TF_BUILD
        /// for Azure Pipelines, GITHUB_ACTIONS for GitHub Actions) and standard output is not a file; text otherwise.
        /// </summary>
        public static string DefaultFormat(Func<string, string?> environment, Func<bool> stdoutIsFile)
        {
            // What standard output is, only asked under a CI (a run elsewhere does not pay for the look).
            if (string.Equals(environment("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase)) return stdoutIsFile() ? "text" : AzurePipelines;
            if (string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase)) return stdoutIsFile() ? "text" : GitHub;
            return "text";
        }

        /// <summary>True when this process's standard output is a regular file (`> report.txt`), not a terminal or a pipe.</summary>
        public static bool StdoutIsFile()
        {
            try
            {
                // Linux: /proc/self/fd/1 links to what standard output is; a pipe or socket is "pipe:[…]".
                FileSystemInfo? target = new FileInfo("/proc/self/fd/1").ResolveLinkTarget(returnFinalTarget: false);
                return target is FileInfo file && file.FullName.StartsWith("/", StringComparison.Ordinal) &&
                    !file.FullName.StartsWith("/dev/", StringComparison.Ordinal) && file.Exists;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is PlatformNotSupportedException)
            {
                return false;
            }
        }

        /// <summary>Azure Pipelines: one logissue per error or warning, info as plain lines, the summary, then task.complete matching the exit code.</summary>
        public static string RenderAzurePipelines(AnalysisResult result, int exitCode) =>
            RenderAzurePipelines(result.Findings, TextReport.SummaryLine(result), exitCode, result.Count(Severity.Warning) > 0);

        /// <summary>The same for any findings and summary (a diff's).</summary>
        public static string RenderAzurePipelines(IReadOnlyList<Finding> findings, string summary, int exitCode, bool warnings)
        {
            var sb = new StringBuilder();
            foreach (Finding f in findings)
            {
                if (f.Severity == Severity.Info)
                {
                    sb.Append(Place(f)).Append(": info ").Append(f.Code).Append(": ").Append(OneLine(f.FullMessage)).Append('\n');
                    continue;
                }
                sb.Append("##vso[task.logissue type=").Append(f.Severity == Severity.Error ? "error" : "warning");
                if (f.File.Length > 0) sb.Append(";sourcepath=").Append(AzureProperty(SourcePath(f.File)));
                sb.Append(";code=").Append(AzureProperty(f.Code)).Append(";]").Append(AzureData(f.Code + ": " + f.FullMessage)).Append('\n');
            }
            sb.Append(summary).Append('\n');
            string outcome = exitCode == ExitCodes.Ok ? (warnings ? "SucceededWithIssues" : "Succeeded") : "Failed";
            sb.Append("##vso[task.complete result=").Append(outcome).Append(";]").Append(AzureData("glibcguard: " + summary)).Append('\n');
            return sb.ToString();
        }

        /// <summary>GitHub Actions: one workflow command per finding (error, warning, notice), then the summary.</summary>
        public static string RenderGitHub(AnalysisResult result) => RenderGitHub(result.Findings, TextReport.SummaryLine(result));

        /// <summary>The same for any findings and summary (a diff's).</summary>
        public static string RenderGitHub(IReadOnlyList<Finding> findings, string summary)
        {
            var sb = new StringBuilder();
            foreach (Finding f in findings)
            {
                sb.Append("::").Append(f.Severity == Severity.Error ? "error" : f.Severity == Severity.Warning ? "warning" : "notice").Append(' ');
                if (f.File.Length > 0) sb.Append("file=").Append(GitHubProperty(SourcePath(f.File))).Append(',');
                sb.Append("title=").Append(GitHubProperty(f.Code)).Append("::").Append(GitHubData(f.FullMessage)).Append('\n');
            }
            sb.Append(summary).Append('\n');
            return sb.ToString();
        }

        /// <summary>The Markdown GitHub shows on the run's summary page (GITHUB_STEP_SUMMARY): the verdict and a table of findings.</summary>
        public static string GitHubStepSummary(AnalysisResult result)
        {
            var sb = new StringBuilder();
            sb.Append("### GlibcGuard: ").Append(MarkdownCell(result.Baseline.DisplayName)).Append("\n\n");
            sb.Append(MarkdownCell(TextReport.SummaryLine(result))).Append("\n\n");
            var shown = result.Findings.Where(f => f.Severity != Severity.Info).ToList();
            if (shown.Count > 0)
            {
                sb.Append("| | code | file | finding |\n|---|---|---|---|\n");
                foreach (Finding f in shown)
                {
                    sb.Append("| ").Append(f.Severity == Severity.Error ? "error" : "warning").Append(" | [").Append(f.Code).Append("](").Append(f.HelpLink).Append(") | ")
                      .Append(MarkdownCell(f.File)).Append(" | ").Append(MarkdownCell(f.FullMessage)).Append(" |\n");
                }
            }
            return sb.ToString();
        }

        /// <summary>
        /// The file on disk a finding is about, relative to the working folder (the repository's root in a CI job)
        /// when it lies under it: a package or bundle entry ("app.nupkg!runtimes/…") is placed on its container.
        /// </summary>
        internal static string SourcePath(string file)
        {
            string onDisk = file;
            if (!File.Exists(file))
            {
                for (int bang = file.IndexOf('!'); bang > 0; bang = file.IndexOf('!', bang + 1))
                {
                    if (File.Exists(file.Substring(0, bang)))
                    {
                        onDisk = file.Substring(0, bang);
                        break;
                    }
                }
            }
            string root = Path.GetFullPath(Environment.CurrentDirectory).TrimEnd('/') + "/";
            return Path.IsPathRooted(onDisk) && onDisk.StartsWith(root, StringComparison.Ordinal) ? onDisk.Substring(root.Length) : onDisk;
        }

        // Azure Pipelines: the agent unescapes %AZP25, %0D, %0A in a command's data and also %3B and %5D in its properties.
        internal static string AzureData(string s) => s.Replace("%", "%AZP25").Replace("\r", "%0D").Replace("\n", "%0A");
        internal static string AzureProperty(string s) => AzureData(s).Replace("]", "%5D").Replace(";", "%3B");

        // GitHub Actions: the runner unescapes %25, %0D, %0A in a command's data and also %3A and %2C in its properties.
        internal static string GitHubData(string s) => s.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
        internal static string GitHubProperty(string s) => GitHubData(s).Replace(":", "%3A").Replace(",", "%2C");

        private static string MarkdownCell(string s) => s.Replace("\\", "\\\\").Replace("|", "\\|").Replace("\r", " ").Replace("\n", " ").Replace("<", "&lt;");

        private static string OneLine(string s) => s.Replace("\r", " ").Replace("\n", " ");

        private static string Place(Finding f) => f.File.Length == 0 ? "glibcguard" : OneLine(f.File);
    }
}
