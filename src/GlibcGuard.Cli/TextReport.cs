using System.Collections.Generic;
using System.Linq;
using System.Text;
using GlibcGuard.Compatibility;

namespace GlibcGuard.Cli
{
    /// <summary>Text output of `check`, read like a compiler's: one line a finding, the fix under it, a summary.</summary>
    internal static class TextReport
    {
        public static string Render(AnalysisResult result, bool matrix, string? summary = null)
        {
            var sb = new StringBuilder();
            foreach (Finding f in result.Findings)
            {
                sb.Append(f.File.Length == 0 ? "glibcguard" : f.File).Append(": ")
                  .Append(f.Severity.Name()).Append(' ').Append(f.Code).Append(": ").Append(f.Message).AppendLine();
                if (f.Fix != null)
                {
                    sb.Append("    fix: ").Append(f.Fix).AppendLine();
                }
            }
            if (result.Findings.Count > 0)
            {
                sb.AppendLine();
            }
            if (matrix)
            {
                sb.AppendLine("Where these files run (version nodes, symbols and C library):");
                foreach (MatrixRow row in result.Matrix)
                {
                    sb.Append("  ").Append(row.Passes ? "runs  " : "fails ").Append(row.Baseline.Id.PadRight(16)).Append(("glibc " + row.Baseline.GlibcVersion).PadRight(12))
                      .Append(row.Reason ?? Analyzer.WithInstalled(row.Requires).TrimStart()).AppendLine();
                }
                sb.AppendLine();
            }
            sb.AppendLine(summary ?? SummaryLine(result));
            return sb.ToString();
        }

        public static string SummaryLine(AnalysisResult result) => Diagnostics.CheckSummary(result, verdict: true);
    }
}
