using GlibcGuard.Compatibility;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GlibcGuard.Tasks
{
    /// <summary>
    /// Visual Studio's .NET Framework MSBuild: the task carries no JSON library there (it may load nothing that
    /// MSBuild does not ship), so the report files are left to the .NET SDK's MSBuild (dotnet build / publish).
    /// </summary>
    internal static class ReportWriter
    {
        public static void Write(AnalysisResult result, AnalysisOptions options, string? jsonPath, string? sarifPath, TaskLoggingHelper log) =>
            log.LogMessage(MessageImportance.High,
                "GlibcGuard: GlibcGuardReportPath and GlibcGuardSarifPath are written by the .NET SDK's MSBuild (dotnet publish); this .NET Framework MSBuild skips them.");
    }
}
