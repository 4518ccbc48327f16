using System;
using System.Collections.Generic;
using GlibcGuard.Inputs;

namespace GlibcGuard.Compatibility
{
    /// <summary>One file to judge: its facts and what is known about where it came from.</summary>
    internal sealed class AnalysisInput
    {
        public AnalysisInput(BinaryFacts facts) => Facts = facts ?? throw new ArgumentNullException(nameof(facts));

        /// <summary>What the reader found.</summary>
        public BinaryFacts Facts { get; }
        /// <summary>The NuGet package the file came from, if known ("SQLitePCLRaw.lib.e_sqlite3").</summary>
        public string? PackageId { get; set; }
        /// <summary>That package's version, if known.</summary>
        public string? PackageVersion { get; set; }
        /// <summary>True for a file of the .NET runtime (runtime pack, apphost, single-file host).</summary>
        public bool IsDotNetRuntime { get; set; }
        /// <summary>
        /// The runtime identifier this file is for, when its location says so (a package's runtimes/&lt;rid&gt;/
        /// folder); it overrides the target architecture and C library of the options.
        /// </summary>
        public RuntimeIdentifier? Rid { get; set; }

        /// <summary>
        /// True when the file's package folder names an operating system other than Linux (android-*, osx-*,
        /// freebsd-*, ios-*, browser-*…): such a file is listed but never judged against a Linux baseline.
        /// </summary>
        public bool ForOtherOperatingSystem => Rid?.IsOtherOperatingSystem == true;

        /// <summary>
        /// True when the options name a target RID whose publish does not take this file's package folder
        /// (runtimes/linux-arm64/ under --rid linux-x64): NuGet would not pick it, so it is listed and not judged.
        /// Set by <see cref="Analyzer.Analyze"/>.
        /// </summary>
        public bool NotTakenByTarget { get; internal set; }

        /// <summary>True for a file no Linux baseline judges: another operating system's, or another RID's under a target RID.</summary>
        public bool NotJudged => ForOtherOperatingSystem || NotTakenByTarget;

        /// <summary>
        /// For a package's file that does not fit: another version of the package whose file does, found by
        /// <see cref="PackageAlternatives.Assign"/> before the findings are worded; null otherwise.
        /// </summary>
        public PackageAlternative? Alternative { get; set; }

        /// <summary>
        /// A package's file by its place in the package ("runtimes/linux-x64/native/libe_sqlite3.so"): the part after
        /// the package's '!' for an entry read from a .nupkg, or after …/&lt;id&gt;/&lt;version&gt;/ in the NuGet cache; null
        /// for a file of no package or one whose path says neither.
        /// </summary>
        public string? PlaceInPackage
        {
            get
            {
                if (PackageId is null || PackageVersion is null) return null;
                string path = Facts.Path.Replace('\\', '/');
                int bang = path.LastIndexOf('!');
                if (bang >= 0) return path.Substring(bang + 1);
                string marker = "/" + PackageId.ToLowerInvariant() + "/" + PackageVersion.ToLowerInvariant() + "/";
                int at = path.LastIndexOf(marker, StringComparison.Ordinal);
                return at >= 0 ? path.Substring(at + marker.Length) : null;
            }
        }

        /// <summary>For a file of a container image: its path in the image ("/app/libSkiaSharp.so"); null otherwise.</summary>
        public string? ImagePath { get; set; }

        /// <summary>A baseline for this file alone (a Go helper that runs on another host), or null.</summary>
        public Baseline? Baseline { get; set; }

        /// <summary>"libe_sqlite3.so from SQLitePCLRaw.lib.e_sqlite3 2.1.10", or the path.</summary>
        public string Describe()
        {
            string name = FileName;
            return PackageId is null ? name : name + " from " + PackageId + (PackageVersion is null ? "" : " " + PackageVersion);
        }

        /// <summary>The file name without folders (for bundle entries, the inner name).</summary>
        public string FileName
        {
            get
            {
                string path = Facts.Path;
                if (!ReferenceEquals(path, _fileNameOf)) // made once per path: every rule on every baseline asks
                {
                    _fileName = FileNameOf(path);
                    _fileNameOf = path;
                }
                return _fileName!;
            }
        }

        private string? _fileName, _fileNameOf;

        /// <summary>A set's answers for this file: which file of the set provides each library it needs (see <see cref="FileSet"/>).</summary>
        internal FileSet.Providers? KnownProviders;

        /// <summary>"libfoo.so.1" of "/x/libfoo.so.1", "app.bundle!libfoo.so.1" or "C:\\x\\libfoo.so.1".</summary>
        internal static string FileNameOf(string path)
        {
            int cut = Math.Max(path.LastIndexOf('/'), Math.Max(path.LastIndexOf('\\'), path.LastIndexOf('!')));
            return cut < 0 ? path : path.Substring(cut + 1);
        }
    }

    /// <summary>What to judge against.</summary>
    internal sealed class AnalysisOptions
    {
        /// <summary>The target baseline.</summary>
        public Baseline Baseline { get; set; } = null!;
        /// <summary>The target RID (--rid, or the publish's RuntimeIdentifier), or null for a portable set.</summary>
        public RuntimeIdentifier? TargetRid { get; set; }
        /// <summary>The architecture every file must be for (from the RID), or null to take each file as it is.</summary>
        public Architecture? TargetMachine { get; set; }
        /// <summary>True when the target uses musl (a linux-musl-* RID).</summary>
        public bool TargetIsMusl { get; set; }
        /// <summary>The .NET major version of the app, when known (sets the runtime's documented glibc floor).</summary>
        public int? DotNetMajorVersion { get; set; }
        /// <summary>
        /// For a package asset that does not fit: look for another version of the package in the local package
        /// cache (beside the file's own) whose copy fits, and name it in the fix. Front ends turn it on.
        /// </summary>
        public bool SearchPackageCache { get; set; }
        /// <summary>Folders of .nupkg files (folder feeds, what a feed search downloaded) searched like the cache, when <see cref="SearchPackageCache"/> is on.</summary>
        public IReadOnlyList<string> PackageFolders { get; set; } = Array.Empty<string>();
        /// <summary>True when the project's feeds were searched too (the fix then says nothing else fits anywhere GlibcGuard looked).</summary>
        public bool FeedsSearched { get; set; }
        /// <summary>The project's restore (project.assets.json), when known: a package file's fix names the reference that pulled it in and the line that pins a version that fits.</summary>
        public ProjectAssets? Assets { get; set; }
        /// <summary>The project file the fix's line goes in.</summary>
        public string? ProjectFile { get; set; }
        /// <summary>The .NET app the files belong to, when known: its runtime's dlopen prerequisites are reported (GG2004, GG1016).</summary>
        public DotNetApp? DotNetApp { get; set; }
        /// <summary>Suppressions to apply.</summary>
        public IReadOnlyList<Suppression> Suppressions { get; set; } = Array.Empty<Suppression>();

        /// <summary>A copy with another C library for the target.</summary>
        public AnalysisOptions WithTargetIsMusl(bool musl) => new AnalysisOptions
        {
            Baseline = Baseline,
            TargetRid = TargetRid,
            TargetMachine = TargetMachine,
            TargetIsMusl = musl,
            DotNetMajorVersion = DotNetMajorVersion,
            SearchPackageCache = SearchPackageCache,
            PackageFolders = PackageFolders,
            FeedsSearched = FeedsSearched,
            Assets = Assets,
            ProjectFile = ProjectFile,
            DotNetApp = DotNetApp,
            Suppressions = Suppressions,
        };

        /// <summary>The documented minimum glibc of each .NET major version's runtime (x64 and arm64).</summary>
        public static readonly IReadOnlyDictionary<int, string> RuntimeGlibcFloor = new Dictionary<int, string>
        {
            [6] = "2.17",
            [7] = "2.17",
            [8] = "2.23",
            [9] = "2.23",
            [10] = "2.27",
        };
    }
}
