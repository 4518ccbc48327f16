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
        public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

        /// <summary>
        /// After a container publish: the image archive the SDK wrote ($(GeneratedArchiveOutputPath)). When set, the
        /// image's top layer (the app) is judged against the image's own layers instead of <see cref="Files"/>
        /// against a baseline.
        /// </summary>
        public string? ContainerArchive { get; set; }

        /// <summary>
        /// $(ContainerArchiveOutputPath): when the publish writes its container to an archive and the project names no
        /// baseline, the image is judged after it is written (against its own layers), so the files are not judged
        /// here against data.
        /// </summary>
        public string? ContainerArchiveOutputPath { get; set; }

        /// <summary>The image's name as the publish gave it ($(ContainerRepository):tag), for the summary.</summary>
        public string? ContainerImageName { get; set; }

        /// <summary>Where a temporary copy of the image's ELF files goes while it is judged (under obj/); deleted after.</summary>
        public string? TemporaryFolder { get; set; }

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

        /// <summary>
        /// $(ProjectAssetsFile): NuGet's restore output. With it a package file's finding names the reference that
        /// pulled it in, is placed on that PackageReference in the project file (where the IDE's error list leads),
        /// and its fix is the line that pins a version that fits.
        /// </summary>
        public string? ProjectAssetsFile { get; set; }

        /// <summary>$(TargetFramework): which of the assets file's frameworks is this build's.</summary>
        public string? TargetFramework { get; set; }

        /// <summary>
        /// Folders of .nupkg files searched for a version that fits, beside the local package cache: the folder
        /// feeds restore used are added from the assets file; the feed search's download folder is one.
        /// </summary>
        public string[] PackageFolders { get; set; } = Array.Empty<string>();

        /// <summary>
        /// GlibcGuardSearchFeeds: for a package file that does not fit, look on the feeds restore used for a version
        /// that does. NuGet's client libraries do it in a process of their own (tools/feeds/GlibcGuard.Feeds.dll, run
        /// with `dotnet exec`), so this MSBuild never loads a second NuGet; what fits is kept in <see cref="FeedDownloadFolder"/>.
        /// </summary>
        public bool SearchFeeds { get; set; }

        /// <summary>Where the feed search keeps the version it found (under obj/).</summary>
        public string? FeedDownloadFolder { get; set; }

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
                    Diagnostics.InternalFailure(e));
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
            if (!string.IsNullOrWhiteSpace(ContainerArchiveOutputPath)) return ImageJudgedLater;
            if (BaselineCatalog.TryGet(ContainerBaseImage!, out Baseline image) && image.Image != null) return ContainerBaseImage;
            string fallback = string.IsNullOrWhiteSpace(Baseline) ? BaselineCatalog.DefaultId : Baseline!;
            LogOwn(Severity.Warning, DiagnosticId.ContainerImageUnknown, ProjectFile, Diagnostics.ContainerBaseUnknown(ContainerBaseImage!, fallback));
            return Baseline;
        }

        /// <summary>What <see cref="ChosenBaseline"/> answers when the container image, not the files, is to be judged.</summary>
        private const string ImageJudgedLater = "\u0001image";

        internal void Run()
        {
            if (!string.IsNullOrWhiteSpace(ContainerArchive))
            {
                RunImage();
                return;
            }
            string? chosen = ChosenBaseline();
            if (chosen == ImageJudgedLater)
            {
                Log.LogMessage(MessageImportance.Normal, Diagnostics.ImageJudgedLater(ContainerArchiveOutputPath!, ContainerBaseImage));
                return;
            }
            var request = new CheckRequest
            {
                Baseline = chosen,
                // The task runs for linux-* RIDs only (build/GlibcGuard.targets). One GlibcGuard has no target for
                // (linux-bionic-*, an architecture without a row) sets nothing: each file is judged as it is, as before.
                Rid = string.IsNullOrWhiteSpace(RuntimeIdentifier) || !Compatibility.RuntimeIdentifier.Parse(RuntimeIdentifier!).IsCheckableTarget
                    ? null : RuntimeIdentifier,
                TargetFramework = TargetFrameworkVersion,
                SearchPackageCache = true,
                SuppressionEntries = Suppressions.Select(item => (item.ItemSpec, Meta(item, "File"), (string?)Meta(item, "Library"), (string?)Meta(item, "Version"), (string?)Meta(item, "Symbol"))).ToList(),
            };
            if (!request.TryBuild(out AnalysisOptions options, out RequestError? error))
            {
                string setting = error!.Setting == RequestSetting.Baseline ? "GlibcGuardBaseline" : error.Setting == RequestSetting.Rid ? "RuntimeIdentifier" : "GlibcGuardSuppress item";
                LogOwn(Severity.Error, error.Id, null, setting + " " + error.Message, force: true);
                return;
            }
            Baseline baseline = options.Baseline;
            ProjectAssets? assets = ReadAssets();
            options.Assets = assets;
            options.ProjectFile = ProjectFile;
            options.PackageFolders = PackageFolders.Where(f => !string.IsNullOrWhiteSpace(f))
                .Concat(assets?.Sources.Where(IsLocalFolder) ?? Enumerable.Empty<string>())
                .Distinct(StringComparer.Ordinal).ToList();

            HashSet<string> shownAtBuild = BuildCheckCacheFile.Read(BuildCheckCache);
            List<string> keys = new List<string>();
            if (AtBuild)
            {
                keys.AddRange(Files.Select(FullPath).Distinct(StringComparer.Ordinal).Select(BuildCheckCacheFile.Key));
                // What else changes the verdict or how it is shown: a change to any of it checks everything again.
                keys.Add("settings|" + string.Join(";", baseline.Id, RuntimeIdentifier, TargetFrameworkVersion, SelfContained, InvariantGlobalization,
                    TreatWarningsAsErrors, WarningsAsErrors, WarningsNotAsErrors, NoWarn, SearchFeeds, string.Join(",", Suppressions.Select(i => i.ItemSpec))));
                if (keys.Count == shownAtBuild.Count(k => !k.StartsWith(AssetKey, StringComparison.Ordinal)) && keys.All(shownAtBuild.Contains))
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
            // The same inference as the command line's, from the files' facts; the project says what the files cannot.
            // At pack the project's own settings do not describe the package's files: their globalization mode is not known.
            options.DotNetApp = DotNetApp.Infer(inputs, AtPack ? (bool?)null : InvariantGlobalization, UsesOpenSsl());
            AnalysisResult result = Analyzer.Analyze(inputs, options);
            if (SearchFeeds && assets != null && SearchTheFeeds(result, inputs, assets, options))
            {
                result = Analyzer.Analyze(inputs, options);
            }
            int shownBefore = 0;
            foreach (Finding f in result.Findings)
            {
                // At publish, a file the build-time check already reported, unchanged since, is not reported again.
                if (!AtBuild && f.File.Length > 0 && shownAtBuild.Contains(BuildCheckCacheFile.Key(f.File)))
                {
                    shownBefore++;
                    continue;
                }
                // A finding about the whole set (the runtime's floor) is placed on the project; one about a package's
                // file on the PackageReference that pulled it in, when the project has it.
                if (f.File.Length > 0 && assets != null && inputs.FirstOrDefault(i => i.Facts.Path == f.File) is AnalysisInput owner &&
                    owner.PackageId != null && ReferencePlace(assets, owner.PackageId) is (int line, int column))
                {
                    LogCoded(f.Severity, f.Id, ProjectFile, InPackage(owner, f.FullMessage), line: line, column: column);
                    continue;
                }
                LogCoded(f.Severity, f.Id, f.File.Length == 0 ? ProjectFile : f.File, f.FullMessage);
            }
            if (AtBuild)
            {
                keys.AddRange(UpgradeCheck(inputs, shownAtBuild, assets));
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
            // A portable publish of a managed-only app, or a build that knows no native file yet, has no ELF file:
            // nothing to say at the default verbosity.
            MessageImportance importance = inputs.Count == 0 && (AtBuild || string.IsNullOrEmpty(RuntimeIdentifier)) ? MessageImportance.Normal : MessageImportance.High;
            Log.LogMessage("GlibcGuard", DiagnosticId.Summary.AsString(), null, null, 0, 0, 0, 0, importance,
                Diagnostics.CheckSummary(result, verdict: false, problems, AtBuild ? "at build time, " : "",
                    AtPack && Files.Length > 0 ? " of the package " + Path.GetFileName(Files[0].ItemSpec) : "", shownBefore));
        }

        /// <summary>Runs the feed search (see <see cref="FeedSearch"/>); true when it ran and the analysis is to be made again.</summary>
        private bool SearchTheFeeds(AnalysisResult result, List<AnalysisInput> inputs, ProjectAssets assets, AnalysisOptions options)
        {
            if (assets.Sources.Count == 0) return false;
            string folder = Path.GetFullPath(string.IsNullOrWhiteSpace(FeedDownloadFolder) ? Path.Combine(Path.GetTempPath(), "glibcguard-feeds") : FeedDownloadFolder!);
            string tool = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(CheckNativeFiles).Assembly.Location)!, "..", "..", "tools", "feeds", "GlibcGuard.Feeds.dll"));
            List<string>? said = FeedSearch.Run(inputs, result, options, tool, assets.Sources, null, folder, ChildProcess.Run);
            if (said is null) return false;
            foreach (string line in said) Log.LogMessage(MessageImportance.Normal, line);
            return options.FeedsSearched;
        }

        /// <summary>The build check's record of each package asset: "asset|id|place in package|version|family version;…".</summary>
        private const string AssetKey = "asset|";

        /// <summary>
        /// At build time: each package asset's version and floor, compared with what the last build recorded; a file
        /// of the same package at the same place whose version changed and whose floor rose is reported once (GG1022).
        /// Returns the lines to record for the next build.
        /// </summary>
        private IEnumerable<string> UpgradeCheck(List<AnalysisInput> inputs, HashSet<string> recorded, ProjectAssets? assets)
        {
            var before = new Dictionary<string, (string Version, Dictionary<string, string> Floors)>(StringComparer.Ordinal);
            foreach (string line in recorded.Where(k => k.StartsWith(AssetKey, StringComparison.Ordinal)))
            {
                string[] parts = line.Split('|');
                if (parts.Length != 5) continue;
                before[parts[1] + "|" + parts[2]] = (parts[3], parts[4].Split(';').Select(p => p.Split(' ')).Where(p => p.Length == 2)
                    .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal));
            }
            var lines = new List<string>();
            foreach (AnalysisInput input in inputs.Where(i => i.PackageId != null && i.PackageVersion != null))
            {
                string place = input.PlaceInPackage ?? input.FileName;
                string key = input.PackageId!.ToLowerInvariant() + "|" + place;
                lines.Add(AssetKey + key + "|" + input.PackageVersion + "|" + string.Join(";", input.Facts.MaxVersions.Select(kv => kv.Key + " " + kv.Value)));
                if (!before.TryGetValue(key, out var old) || old.Version == input.PackageVersion) continue;
                var rises = input.Facts.MaxVersions
                    .Where(kv => !old.Floors.TryGetValue(kv.Key, out string? was) || VersionNode.CompareVersions(kv.Value, was) > 0)
                    .Select(kv => (kv.Key, old.Floors.TryGetValue(kv.Key, out string? was) ? was : null, kv.Value)).ToList();
                if (rises.Count == 0) continue;
                Finding f = Diagnostics.FloorRoseOnUpgrade(input.Facts.Path, input.PackageId!, old.Version, input.PackageVersion!, place, rises);
                if (assets != null && ReferencePlace(assets, input.PackageId!) is (int line, int column))
                    LogCoded(f.Severity, f.Id, ProjectFile, f.FullMessage, line: line, column: column);
                else
                    LogCoded(f.Severity, f.Id, f.File, f.FullMessage);
            }
            return lines.Distinct(StringComparer.Ordinal);
        }

        private ProjectAssets? ReadAssets()
        {
            if (string.IsNullOrWhiteSpace(ProjectAssetsFile) || AtPack) return null;
            ProjectAssets? assets = ProjectAssets.Read(ProjectAssetsFile!, TargetFramework, RuntimeIdentifier, out string? error);
            if (assets is null)
            {
                Log.LogMessage(MessageImportance.Low, "GlibcGuard: " + ProjectAssetsFile + " is " + error + "; findings name no reference.");
            }
            return assets;
        }

        private static bool IsLocalFolder(string source)
        {
            if (source.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https:", StringComparison.OrdinalIgnoreCase)) return false;
            try
            {
                return Directory.Exists(source);
            }
            catch (Exception e) when (e is ArgumentException || e is IOException)
            {
                return false;
            }
        }

        private readonly Dictionary<string, (int, int)?> _places = new Dictionary<string, (int, int)?>(StringComparer.OrdinalIgnoreCase);

        /// <summary>
        /// Line and column of the project file's PackageReference that pulled <paramref name="packageId"/> in (the
        /// first package of its chain), or null when the project file does not name it (an import, a props file).
        /// </summary>
        private (int Line, int Column)? ReferencePlace(ProjectAssets assets, string packageId)
        {
            var chain = assets.ChainTo(packageId);
            if (chain is null || string.IsNullOrEmpty(ProjectFile)) return null;
            string top = chain[0].Id;
            if (_places.TryGetValue(top, out var known)) return known;
            (int, int)? place = null;
            try
            {
                string[] lines = File.ReadAllLines(ProjectFile!);
                for (int i = 0; i < lines.Length && place is null; i++)
                {
                    int include = lines[i].IndexOf("Include=\"" + top + "\"", StringComparison.OrdinalIgnoreCase);
                    int element = lines[i].IndexOf("<PackageReference", StringComparison.Ordinal);
                    if (include >= 0 && element >= 0) place = (i + 1, element + 1);
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                place = null;
            }
            _places[top] = place;
            return place;
        }

        /// <summary>A finding placed on the project names the file by its place in the package ("runtimes/linux-x64/native/libe_sqlite3.so").</summary>
        private static string InPackage(AnalysisInput input, string message) =>
            input.PlaceInPackage is string place && message.StartsWith(input.FileName, StringComparison.Ordinal)
                ? place + message.Substring(input.FileName.Length) : message;

        /// <summary>The container publish's image, judged against its own layers (see <see cref="ContainerArchive"/>).</summary>
        private void RunImage()
        {
            string archive = Path.GetFullPath(ContainerArchive!);
            string temp = Path.Combine(string.IsNullOrWhiteSpace(TemporaryFolder) ? Path.GetTempPath() : TemporaryFolder!, "glibcguard-image-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            try
            {
                ContainerImage image;
                try
                {
                    image = ContainerImage.Read(archive, new ReadBudget(), temp);
                }
                catch (ContainerFormatException e)
                {
                    LogOwn(Severity.Warning, e.OverBudget ? DiagnosticId.ReadBudgetExceeded : DiagnosticId.MalformedContainer, archive, Diagnostics.ImageNotJudged(e.Message));
                    return;
                }
                if (!string.IsNullOrWhiteSpace(ContainerImageName)) image.Rename(ContainerImageName!);
                if (image.BaseName is null && !string.IsNullOrWhiteSpace(ContainerBaseImage)) image.NameBase(ContainerBaseImage!);
                var suppressions = new CheckRequest
                {
                    SuppressionEntries = Suppressions.Select(item => (item.ItemSpec, Meta(item, "File"), (string?)Meta(item, "Library"), (string?)Meta(item, "Version"), (string?)Meta(item, "Symbol"))).ToList(),
                };
                if (!suppressions.TryBuild(out AnalysisOptions options, out RequestError? error))
                {
                    LogOwn(Severity.Error, error!.Id, null, "GlibcGuardSuppress item " + error.Message, force: true);
                    return;
                }
                ImageCheckResult check = ImageCheck.Judge(image, all: false, appLayers: 1, options.Suppressions);
                foreach (Finding f in check.Result.Findings)
                {
                    LogCoded(f.Severity, f.Id, f.File.Length == 0 ? ProjectFile : f.File, f.FullMessage);
                }
                ElfFileCount = check.Result.Files.Count;
                int problems = check.Result.Findings.Count(f => f.Severity != Severity.Info && !Listed(NoWarn, f.Id.AsString()));
                Log.LogMessage("GlibcGuard", DiagnosticId.Summary.AsString(), null, null, 0, 0, 0, 0, MessageImportance.High, Diagnostics.ImageSummary(check, problems));
            }
            finally
            {
                try
                {
                    if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
                }
                catch (IOException)
                {
                    // Left for the next clean of obj/.
                }
            }
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
                        LogOwn(Severity.Error, DiagnosticId.UnknownBaseline, requests[i].Path, Diagnostics.UnknownFileBaseline(fileBaseline), force: true);
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

        private void LogCoded(Severity severity, DiagnosticId id, string? file, string message, bool force = false, int line = 0, int column = 0)
        {
            string code = id.AsString();
            if (severity == Severity.Info)
            {
                Log.LogMessage("GlibcGuard", code, null, file, line, column, 0, 0, MessageImportance.Normal, message);
                return;
            }
            bool asError = force || (TreatWarningsAsErrors && !Listed(WarningsNotAsErrors, code) && !Listed(NoWarn, code));
            if (asError)
            {
                Log.LogError("GlibcGuard", code, null, id.HelpLink(), file, line, column, 0, 0, message);
            }
            else
            {
                Log.LogWarning("GlibcGuard", code, null, id.HelpLink(), file, line, column, 0, 0, message);
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
