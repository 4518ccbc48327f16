using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Inputs;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GlibcGuard.Tasks
{
    /// <summary>
    /// Reads every ELF file among <see cref="Files"/> and reports, with GlibcGuard codes, what will not run on
    /// <see cref="Baseline"/>. Runs in-process; never runs the files; opens each one only while reading it.
    /// </summary>
    public sealed class CheckNativeFiles : Task
    {
        /// <summary>
        /// Candidate files (the publish items). Non-ELF files are skipped by their first bytes. Metadata read:
        /// RelativePath (shown in messages), NuGetPackageId and NuGetPackageVersion (attribution),
        /// Baseline or GlibcGuardBaseline (a baseline for that file alone).
        /// </summary>
        [Required]
        public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>Target baseline; maps to <c>glibcguard check --baseline</c>. Empty means centos8.</summary>
        public string? Baseline { get; set; }

        /// <summary>
        /// The base image of the container the publish makes, when the project names no baseline (computed by the
        /// SDK's ComputeContainerBaseImage): judged against when GlibcGuard has a baseline for it, else GG9008 and
        /// <see cref="Baseline"/>.
        /// </summary>
        public string? ContainerBaseImage { get; set; }

        /// <summary>
        /// The publish RuntimeIdentifier; sets the architecture and C library every file must match. Empty for a
        /// portable publish: each file under runtimes/&lt;rid&gt;/ is judged for its folder's RID.
        /// </summary>
        public string? RuntimeIdentifier { get; set; }

        /// <summary>$(TargetFrameworkVersion) ("v10.0"): selects the .NET runtime's documented glibc floor.</summary>
        public string? TargetFrameworkVersion { get; set; }

        /// <summary>$(PublishAot) and $(SelfContained): an app that carries the runtime gets the runtime's dlopen prerequisites reported.</summary>
        public bool PublishAot { get; set; }
        public bool SelfContained { get; set; }

        /// <summary>$(InvariantGlobalization): when true, the app needs no ICU.</summary>
        public bool InvariantGlobalization { get; set; }

        /// <summary>Report warnings as errors (defaults to $(TreatWarningsAsErrors) in the targets).</summary>
        public bool TreatWarningsAsErrors { get; set; }

        /// <summary>Codes that stay warnings under <see cref="TreatWarningsAsErrors"/> ($(WarningsNotAsErrors)).</summary>
        public string? WarningsNotAsErrors { get; set; }

        /// <summary>Codes to silence ($(NoWarn)); MSBuild handles them for warnings, the task for promoted errors.</summary>
        public string? NoWarn { get; set; }

        /// <summary>Suppressions: item spec is the code; metadata File (glob), Library, Version, Symbol.</summary>
        public ITaskItem[] Suppressions { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>The project ($(MSBuildProjectFullPath)): where findings about the whole set are placed.</summary>
        public string? ProjectFile { get; set; }

        /// <summary>Write the JSON report here (schema in docs/check-report.schema.json), if set.</summary>
        public string? ReportPath { get; set; }

        /// <summary>Write a SARIF 2.1.0 report here, if set.</summary>
        public string? SarifPath { get; set; }

        /// <summary>MSBuild's WarningsAsErrors: codes MSBuild turns into errors (reports say so too).</summary>
        public string? WarningsAsErrors { get; set; }

        /// <summary>
        /// At build time (GlibcGuardCheckOnBuild): a file under obj/ that lists the files checked, each with its size
        /// and time. When every file is as listed, nothing is read or logged again; otherwise the files are checked
        /// and the list rewritten. At publish: the same file, so that findings already shown at build time for a file
        /// that has not changed since are not shown again.
        /// </summary>
        public string? BuildCheckCache { get; set; }

        /// <summary>True for the build-time check; false (the default) for the publish gate.</summary>
        public bool AtBuild { get; set; }

        /// <summary>
        /// At pack: the earlier version of the package just packed (GlibcGuardPreviousPackage, or the package-validation
        /// baseline's .nupkg in the NuGet cache). When set, each file whose version floor rose since is a GG1022.
        /// </summary>
        public string? PreviousPackage { get; set; }

        /// <summary>At pack: the files are the author's own, so fixes say how to build them, not which package version to use.</summary>
        public bool AtPack { get; set; }

        /// <summary>Where the published set runs ("RHEL 9+, Ubuntu 22.04+"), for other targets to use.</summary>
        [Output]
        public string RunsOn { get; private set; } = "";

        /// <summary>Number of ELF files checked.</summary>
        [Output]
        public int ElfFileCount { get; private set; }

        public override bool Execute()
        {
            try
            {
                Run();
            }
            catch (Exception e) when (!(e is OutOfMemoryException))
            {
                // The one place an unexpected failure surfaces: one coded error, no stack trace.
                Log.LogError("GlibcGuard", DiagnosticId.InternalError.AsString(), null, DiagnosticId.InternalError.HelpLink(), null, 0, 0, 0, 0,
                    "GlibcGuard failed unexpectedly: " + e.GetType().Name + ": " + e.Message);
            }
            return !Log.HasLoggedErrors;
        }

        /// <summary>
        /// Whether the published managed files include an assembly that loads OpenSSL: known at publish of a
        /// self-contained app (the files are the publish items); not for NativeAOT (compiled in) or at build time.
        /// </summary>
        private bool? UsesOpenSsl()
        {
            if (PublishAot || AtBuild) return null;
            var names = new HashSet<string>(Files.Select(f => Path.GetFileName(f.ItemSpec)), StringComparer.OrdinalIgnoreCase);
            if (!names.Any(n => n.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))) return null;
            return DotNetApp.OpenSslAssemblies.Any(names.Contains);
        }

        /// <summary>The container's base image when GlibcGuard has a baseline for it; else, with GG9008 saying why, <see cref="Baseline"/>.</summary>
        private string? ChosenBaseline()
        {
            if (string.IsNullOrWhiteSpace(ContainerBaseImage)) return Baseline;
            if (BaselineCatalog.TryGet(ContainerBaseImage!, out Baseline image) && image.Image != null) return ContainerBaseImage;
            string fallback = string.IsNullOrWhiteSpace(Baseline) ? BaselineCatalog.DefaultId : Baseline!;
            LogOwn(Severity.Warning, DiagnosticId.ContainerImageUnknown, ProjectFile,
                "this publish makes a container FROM " + ContainerBaseImage + ", for which GlibcGuard has no baseline (" + ImageCatalog.WhyNoBaseline(ContainerBaseImage!) +
                "). The files are checked against " + fallback + " instead; set GlibcGuardBaseline to the release the image is built on.");
            return Baseline;
        }

        internal void Run()
        {
            var request = new CheckRequest
            {
                Baseline = ChosenBaseline(),
                // The task runs for linux-* RIDs only (build/GlibcGuard.targets). One GlibcGuard has no target for
                // (linux-bionic-*, an architecture without a row) sets nothing: each file is judged as it is, as before.
                Rid = string.IsNullOrWhiteSpace(RuntimeIdentifier) || !Compatibility.RuntimeIdentifier.Parse(RuntimeIdentifier!).IsCheckableTarget
                    ? null : RuntimeIdentifier,
                TargetFramework = TargetFrameworkVersion,
                SearchPackageCache = true,
                SuppressionEntries = Suppressions.Select(item => (item.ItemSpec, Meta(item, "File"), (string?)Meta(item, "Library"), (string?)Meta(item, "Version"), (string?)Meta(item, "Symbol"))).ToList(),
                DotNetApp = PublishAot || SelfContained
                    ? new DotNetApp { CarriesRuntime = true, InvariantGlobalization = InvariantGlobalization, UsesOpenSsl = UsesOpenSsl() }
                    : null,
            };
            if (!request.TryBuild(out AnalysisOptions options, out RequestError? error))
            {
                string setting = error!.Setting == RequestSetting.Baseline ? "GlibcGuardBaseline" : error.Setting == RequestSetting.Rid ? "RuntimeIdentifier" : "GlibcGuardSuppress item";
                LogOwn(Severity.Error, error.Id, null, setting + " " + error.Message, force: true);
                return;
            }
            Baseline baseline = options.Baseline;

            HashSet<string> shownAtBuild = BuildCheckCacheFile.Read(BuildCheckCache);
            List<string> keys = new List<string>();
            if (AtBuild)
            {
                keys.AddRange(Files.Select(FullPath).Distinct(StringComparer.Ordinal).Select(BuildCheckCacheFile.Key));
                // What else changes the verdict or how it is shown: a change to any of it checks everything again.
                keys.Add("settings|" + string.Join(";", baseline.Id, RuntimeIdentifier, TargetFrameworkVersion, SelfContained, InvariantGlobalization,
                    TreatWarningsAsErrors, WarningsAsErrors, WarningsNotAsErrors, NoWarn, string.Join(",", Suppressions.Select(i => i.ItemSpec))));
                if (keys.Count == shownAtBuild.Count && keys.All(shownAtBuild.Contains))
                {
                    Log.LogMessage(MessageImportance.Low, "GlibcGuard: the " + (keys.Count - 1) + " native files known at build time are unchanged since they were checked.");
                    return;
                }
            }
            List<AnalysisInput>? inputs = ReadInputs();
            if (inputs is null)
            {
                return;
            }
            ElfFileCount = inputs.Count;
            if (AtPack)
            {
                foreach (AnalysisInput input in inputs)
                {
                    input.PackageId = null;
                    input.PackageVersion = null;
                }
            }
            AnalysisResult result = Analyzer.Analyze(inputs, options);
            int shownBefore = 0;
            foreach (Finding f in result.Findings)
            {
                // At publish, a file the build-time check already reported, unchanged since, is not reported again.
                if (!AtBuild && f.File.Length > 0 && shownAtBuild.Contains(BuildCheckCacheFile.Key(f.File)))
                {
                    shownBefore++;
                    continue;
                }
                // A finding about the whole set (the runtime's floor) is placed on the project.
                LogCoded(f.Severity, f.Id, f.File.Length == 0 ? ProjectFile : f.File, f.FullMessage);
            }
            if (AtBuild)
            {
                BuildCheckCacheFile.Write(BuildCheckCache, keys, Log);
            }
            if (!string.IsNullOrWhiteSpace(PreviousPackage))
            {
                CompareWithPrevious(inputs, baseline);
            }
            RunsOn = string.Join(", ", result.RunsOn);
            // The reports carry each finding's severity as MSBuild showed it, so the JSON/SARIF level and the
            // console agree (a GlibcGuard error is an MSBuild warning unless promoted).
            WriteReports(result.WithSeverities(f => MsBuildSeverity(f.Severity, f.Id.AsString())), options);

            // What MSBuild shows: a code in NoWarn is dropped by MSBuild, so the summary does not count it either.
            int problems = result.Findings.Count(f => f.Severity != Severity.Info && !Listed(NoWarn, f.Id.AsString()));
            string? perRid = Analyzer.RidVerdictText(result.RidVerdicts);
            // A portable publish of a managed-only app, or a build that knows no native file yet, has no ELF file:
            // nothing to say at the default verbosity.
            MessageImportance importance = inputs.Count == 0 && (AtBuild || string.IsNullOrEmpty(RuntimeIdentifier)) ? MessageImportance.Normal : MessageImportance.High;
            Log.LogMessage("GlibcGuard", DiagnosticId.Summary.AsString(), null, null, 0, 0, 0, 0, importance,
                (AtBuild ? "at build time, " : "") +
                "checked " + inputs.Count + " ELF file" + (inputs.Count == 1 ? "" : "s") +
                (AtPack && Files.Length > 0 ? " of the package " + Path.GetFileName(Files[0].ItemSpec) : "") + " against " + baseline.Id +
                " (" + baseline.LibcLabel + "): " + (problems == 0 ? "no problems" : problems + " problem" + (problems == 1 ? "" : "s")) +
                (shownBefore > 0 ? " (" + shownBefore + " of them shown at build time and not repeated)" : "") +
                ". " + (perRid != null ? perRid + " " : "") +
                (result.RunsOn.Count == 0 ? "The set runs on none of the built-in distro baselines." : "The set runs on: " + RunsOn + "."));
        }

        /// <summary>At pack: GG1022 for each file of the new package that needs more than the same file of the previous one.</summary>
        private void CompareWithPrevious(List<AnalysisInput> inputs, Baseline baseline)
        {
            string previous = Path.GetFullPath(PreviousPackage!);
            if (!File.Exists(previous))
            {
                Log.LogMessage("GlibcGuard", DiagnosticId.Summary.AsString(), null, null, 0, 0, 0, 0, MessageImportance.High, Diagnostics.PreviousPackageMissing(previous));
                return;
            }
            List<AnalysisInput> before = InputInspector.ReadAll(new[] { new InputRequest(previous, named: true, new InputContext(null, null, null, null)) }, new ReadBudget())
                .SelectMany(r => r).ToList();
            string current = Files.Length > 0 ? FullPath(Files[0]) : "";
            FloorDiff diff = FloorDiff.Compare(previous, before, current, inputs);
            foreach (FileChange change in diff.Files.Where(c => c.Old != null && c.New != null && c.Rose))
            {
                Finding f = Diagnostics.FloorRose(change, baseline, previous);
                LogCoded(f.Severity, f.Id, change.New!.Facts.Path, f.FullMessage);
            }
        }

        /// <summary>
        /// Reads the ELF files among the items, each once, through the reader the CLI uses (packages and single-file
        /// bundles included), with what the items say about them: the package, the RID folder of a portable publish,
        /// a file's own baseline.
        /// </summary>
        private List<AnalysisInput>? ReadInputs()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var requests = new List<InputRequest>();
            var items = new List<ITaskItem>();
            foreach (ITaskItem item in Files)
            {
                string full = FullPath(item);
                // The SDK marks managed package assets (AssetType runtime/resources): no need to open those.
                string assetType = item.GetMetadata("AssetType");
                if (assetType == "runtime" || assetType == "resources" || full.EndsWith(".dbg", StringComparison.Ordinal) || !seen.Add(full))
                {
                    continue;
                }
                // A portable publish keeps each package's runtimes/<rid>/native/ folder: the folder says what the
                // file is for, as in a .nupkg.
                string relative = item.GetMetadata("RelativePath");
                string? rid = InputReader.RidOf(relative.Length > 0 ? relative : item.GetMetadata("DestinationSubPath"));
                string packageId = item.GetMetadata("NuGetPackageId"), packageVersion = item.GetMetadata("NuGetPackageVersion");
                requests.Add(new InputRequest(full, named: false, new InputContext(rid, packageId.Length == 0 ? null : packageId,
                    packageVersion.Length == 0 ? null : packageVersion, null)));
                items.Add(item);
            }
            List<AnalysisInput>[] read = InputInspector.ReadAll(requests, new ReadBudget());
            var inputs = new List<AnalysisInput>();
            for (int i = 0; i < requests.Count; i++)
            {
                string fileBaseline = items[i].GetMetadata("Baseline");
                if (fileBaseline.Length == 0) fileBaseline = items[i].GetMetadata("GlibcGuardBaseline");
                if (fileBaseline.Length > 0 && read[i].Count > 0)
                {
                    if (!BaselineCatalog.TryGet(fileBaseline, out Baseline b))
                    {
                        LogOwn(Severity.Error, DiagnosticId.UnknownBaseline, requests[i].Path,
                            "Baseline metadata '" + fileBaseline + "' is not a known baseline; known: " + BaselineCatalog.KnownNames() + ".", force: true);
                        return null;
                    }
                    foreach (AnalysisInput input in read[i]) input.Baseline = b;
                }
                inputs.AddRange(read[i]);
            }
            return inputs;
        }

        private static string FullPath(ITaskItem item) => Path.GetFullPath(item.GetMetadata("FullPath") is string fp && fp.Length > 0 ? fp : item.ItemSpec);

        private static string Meta(ITaskItem item, string name) => item.GetMetadata(name) is string v && v.Length > 0 ? v : "*";

        private void WriteReports(AnalysisResult result, AnalysisOptions options)
        {
            if (string.IsNullOrEmpty(ReportPath) && string.IsNullOrEmpty(SarifPath))
            {
                return;
            }
            try
            {
                ReportWriter.Write(result, options, ReportPath, SarifPath, Log);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                LogOwn(Severity.Warning, DiagnosticId.ReportNotWritten, null, "GlibcGuard could not write its report: " + e.Message);
            }
        }

        /// <summary>
        /// Logs a finding with its code and help link. Errors and warnings are MSBuild warnings, promoted to
        /// errors by TreatWarningsAsErrors (unless listed in WarningsNotAsErrors or NoWarn); info is a message.
        /// </summary>
        /// <summary>The task's own message (not a rule's finding), at a severity the registry declares for the code.</summary>
        private void LogOwn(Severity severity, DiagnosticId id, string? file, string message, bool force = false)
        {
            Diagnostics.Note(id, severity);
            LogCoded(severity, id, file, message, force);
        }

        private void LogCoded(Severity severity, DiagnosticId id, string? file, string message, bool force = false)
        {
            string code = id.AsString();
            if (severity == Severity.Info)
            {
                Log.LogMessage("GlibcGuard", code, null, file, 0, 0, 0, 0, MessageImportance.Normal, message);
                return;
            }
            bool asError = force || (TreatWarningsAsErrors && !Listed(WarningsNotAsErrors, code) && !Listed(NoWarn, code));
            if (asError)
            {
                Log.LogError("GlibcGuard", code, null, id.HelpLink(), file, 0, 0, 0, 0, message);
            }
            else
            {
                Log.LogWarning("GlibcGuard", code, null, id.HelpLink(), file, 0, 0, 0, 0, message);
            }
        }

        /// <summary>What <see cref="LogCoded"/> and then MSBuild make of a finding: error, warning, or a message (info).</summary>
        private Severity MsBuildSeverity(Severity severity, string code)
        {
            if (severity == Severity.Info || Listed(NoWarn, code))
            {
                return Severity.Info;
            }
            bool asError = (TreatWarningsAsErrors && !Listed(WarningsNotAsErrors, code)) || Listed(WarningsAsErrors, code);
            return asError ? Severity.Error : Severity.Warning;
        }

        private static bool Listed(string? list, string code) =>
            !string.IsNullOrEmpty(list) && list!.Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries)
                .Any(c => string.Equals(c.Trim(), code, StringComparison.OrdinalIgnoreCase));
    }
}
