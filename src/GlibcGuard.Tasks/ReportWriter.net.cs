using System.IO;
using GlibcGuard.Compatibility;
using GlibcGuard.Compatibility.Reports;
using Microsoft.Build.Utilities;

namespace GlibcGuard.Tasks
{
    /// <summary>Writes the JSON and SARIF reports with System.Text.Json, which .NET's MSBuild provides.</summary>
    internal static class ReportWriter
    {
        public static void Write(AnalysisResult result, AnalysisOptions options, string? jsonPath, string? sarifPath, TaskLoggingHelper log)
        {
            if (!string.IsNullOrEmpty(jsonPath))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(jsonPath))!);
                File.WriteAllText(jsonPath, CheckReport.From(result, options).ToJson());
            }
            if (!string.IsNullOrEmpty(sarifPath))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(sarifPath))!);
                File.WriteAllText(sarifPath, SarifReport.ToSarif(result));
            }
        }
    }
}
