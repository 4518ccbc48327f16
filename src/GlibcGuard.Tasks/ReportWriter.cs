using System.IO;
using GlibcGuard.Compatibility;
using GlibcGuard.Compatibility.Reports;
using Microsoft.Build.Utilities;

namespace GlibcGuard.Tasks
{
    /// <summary>
    /// Writes the JSON and SARIF reports, the same bytes in both MSBuilds: the writer is GlibcGuard's own, so the
    /// .NET Framework task loads nothing that Visual Studio's MSBuild also ships.
    /// </summary>
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
