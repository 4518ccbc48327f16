using System;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Compatibility.Reports;
using GlibcGuard.Inputs;

namespace GlibcGuard.Cli
{
    /// <summary>
    /// `glibcguard check IMAGE` (an OCI or Docker image archive, an OCI layout folder) and `glibcguard check --root DIR`:
    /// the image's top layer (or every layer, --all) judged against the image itself. The layers are read into a
    /// temporary folder, deleted when the check ends.
    /// </summary>
    internal static class ImageCommand
    {
        public static int Run(CheckCommand.Request request, AnalysisOptions options, TextWriter stdout, TextWriter stderr)
        {
            string source = request.Root ?? request.Paths[0];
            if (!File.Exists(source) && !Directory.Exists(source))
            {
                stderr.WriteLine(Diagnostics.Line(DiagnosticId.UnreadableFile, Diagnostics.NoSuchPath(source), Severity.Error));
                return ExitCodes.Usage;
            }
            string temp = Path.Combine(Path.GetTempPath(), "glibcguard-image-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            try
            {
                ContainerImage image;
                try
                {
                    image = request.Root != null ? ContainerImage.ReadRoot(request.Root, request.Budget, temp) : ContainerImage.Read(source, request.Budget, temp);
                }
                catch (ContainerFormatException e)
                {
                    stderr.WriteLine(Diagnostics.Line(e.OverBudget ? DiagnosticId.ReadBudgetExceeded : DiagnosticId.MalformedContainer, Diagnostics.NotChecked(e.Message)));
                    return ExitCodes.Incomplete;
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    stderr.WriteLine(Diagnostics.Line(DiagnosticId.UnreadableFile, Diagnostics.Unreadable(source, e.Message), Severity.Error));
                    return ExitCodes.Incomplete;
                }

                ImageCheckResult check = ImageCheck.Judge(image, request.All, request.AppLayers, options.Suppressions);
                AnalysisResult result = check.Result;
                if (result.Files.Count == 0 && !request.AllowEmpty)
                {
                    stderr.WriteLine(Diagnostics.Line(DiagnosticId.NothingToCheck, Diagnostics.NothingInImage(check.AppLayers, image.Name)));
                    return ExitCodes.Incomplete;
                }
                int problems = result.Findings.Count(f => f.Severity != Severity.Info);
                int exit = result.HasErrors ? ExitCodes.Incompatible : result.Unchecked > 0 && !request.AllowUnchecked ? ExitCodes.Incomplete : ExitCodes.Ok;
                string said = Diagnostics.ImageSummary(check, problems);
                string summary = char.ToUpperInvariant(said[0]) + said.Substring(1);
                string format = request.Format ?? (request.Output != null ? "text" : CiReport.DefaultFormat(request.Environment, () => request.StdoutIsFile ?? CiReport.StdoutIsFile()));
                var imageOptions = new AnalysisOptions { Baseline = check.Baseline, Suppressions = options.Suppressions };
                string report = format switch
                {
                    "json" => CheckReport.From(result, imageOptions, false).ToJson(),
                    "sarif" => SarifReport.ToSarif(result),
                    CiReport.AzurePipelines => CiReport.RenderAzurePipelines(result.Findings, summary, exit, result.Count(Severity.Warning) > 0),
                    CiReport.GitHub => CiReport.RenderGitHub(result.Findings, summary),
                    _ => TextReport.Render(result, matrix: false, summary),
                };
                return CheckCommand.Deliver(request, report, summary, exit, stdout, stderr);
            }
            finally
            {
                try
                {
                    if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
                }
                catch (IOException)
                {
                    // A file still open elsewhere: the system's temporary folder cleaning takes it.
                }
            }
        }
    }
}
