using System;
using System.IO;
using GlibcGuard.Compatibility;

namespace GlibcGuard.Cli
{
    /// <summary>Text output of `check`, read like a compiler's: one line a finding, the fix under it, a summary.</summary>
    internal static class TextReport
    {
        public static string Render(AnalysisResult result, bool matrix, string? summary = null)
        {
            var text = new StringWriter();
            Write(text, result, matrix, summary);
            return text.ToString();
        }

        /// <summary>Writes the report to <paramref name="w"/> as it goes: a folder's report is hundreds of kilobytes, never needed as one string.</summary>
        public static void Write(TextWriter w, AnalysisResult result, bool matrix, string? summary = null)
        {
            foreach (Finding f in result.Findings)
            {
                w.Write(f.File.Length == 0 ? "glibcguard" : f.File);
                w.Write(": ");
                w.Write(f.Severity.Name());
                w.Write(' ');
                w.Write(f.Code);
                w.Write(": ");
                WriteMessage(w, f);
                w.WriteLine();
                if (f.Fix != null)
                {
                    w.Write("    fix: ");
                    w.WriteLine(f.Fix);
                }
            }
            if (result.Findings.Count > 0)
            {
                w.WriteLine();
            }
            if (matrix)
            {
                w.WriteLine("Where these files run (version nodes, symbols and C library):");
                foreach (MatrixRow row in result.Matrix)
                {
                    w.Write("  ");
                    w.Write(row.Passes ? "runs  " : "fails ");
                    w.Write(row.Baseline.Id.PadRight(16));
                    w.Write(("glibc " + row.Baseline.GlibcVersion).PadRight(12));
                    w.WriteLine(row.Reason ?? Analyzer.WithInstalled(row.Requires).TrimStart());
                }
                w.WriteLine();
            }
            w.WriteLine(summary ?? SummaryLine(result));
        }

        // The message in pieces when its one placeholder is the symbol list (a folder's report has a thousand).
        private static void WriteMessage(TextWriter w, Finding f)
        {
            string template = f.Template;
            int at = template.IndexOf(Finding.SymbolListHere, StringComparison.Ordinal);
            int rest = at + Finding.SymbolListHere.Length;
            if (at < 0 || template.IndexOf('\u0001') < at || template.IndexOf('\u0001', rest) >= 0)
            {
                w.Write(f.Message);
                return;
            }
            w.Write(template.AsSpan(0, at));
            f.WriteSymbolList(w);
            w.Write(template.AsSpan(rest));
        }

        public static string SummaryLine(AnalysisResult result) => Diagnostics.CheckSummary(result, verdict: true);
    }
}
