using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>The result of judging a set of files against a baseline.</summary>
    internal sealed class AnalysisResult
    {
        internal AnalysisResult(Baseline baseline, IReadOnlyList<AnalysisInput> files, IReadOnlyList<Finding> findings, Verdicts verdicts,
            IReadOnlyList<RidVerdict> ridVerdicts)
        {
            Baseline = baseline;
            Files = files;
            Findings = findings;
            _verdicts = verdicts;
            RidVerdicts = ridVerdicts;
        }

        private readonly Verdicts _verdicts;

        /// <summary>
        /// The same result with each finding's severity as a front end reported it (MSBuild promotes warnings to
        /// errors and demotes NoWarn codes), so that written reports say what the build said.
        /// </summary>
        public AnalysisResult WithSeverities(Func<Finding, Severity> severity) =>
            new AnalysisResult(Baseline, Files, Findings.Select(f => f.WithSeverity(severity(f))).ToList(), _verdicts, RidVerdicts);

        /// <summary>The baseline judged against.</summary>
        public Baseline Baseline { get; }
        /// <summary>The files, in input order.</summary>
        public IReadOnlyList<AnalysisInput> Files { get; }
        /// <summary>Every finding after suppressions, in file order.</summary>
        public IReadOnlyList<Finding> Findings { get; }
        /// <summary>
        /// Where the whole set runs, lowest per distro family: "RHEL 9+", "Ubuntu 22.04+", "Debian 11+ with
        /// libsasl2.so.3 installed", … Read off the rules' findings for each built-in baseline.
        /// </summary>
        public IReadOnlyList<string> RunsOn => _verdicts.RunsOn;

        /// <summary>Every built-in baseline with the set's verdict there, oldest first within each family.</summary>
        public IReadOnlyList<MatrixRow> Matrix => _verdicts.Set;

        /// <summary>Where one file of the set runs, judged by the same rules as the set.</summary>
        public IReadOnlyList<string> RunsOnFor(AnalysisInput file) => _verdicts.RunsOnFor(file);
        /// <summary>
        /// For a portable set (no target RID) whose files sit in runtimes/&lt;rid&gt;/ folders: per glibc Linux RID
        /// the app can run as, whether the files a publish for that RID takes run on the baseline. Empty otherwise.
        /// </summary>
        public IReadOnlyList<RidVerdict> RidVerdicts { get; }

        public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);
        public bool HasErrors => Findings.Any(f => f.Severity == Severity.Error);
        /// <summary>Files that could not be read, so could not be checked: a set with any is never "compatible".</summary>
        public int Unchecked => Files.Count(f => f.Facts.Error != null);
        /// <summary>No error-severity finding, and every file was checked.</summary>
        public bool IsCompatible => !HasErrors && Unchecked == 0;
    }

    /// <summary>
    /// The rules. Each file is judged on its own (version nodes, libraries, libc kind, architecture, kernel,
    /// ISA level, stack, search paths), then the set as a whole (the .NET runtime's floor, where it runs).
    /// </summary>
    internal static partial class Analyzer
    {

        /// <summary>Judges <paramref name="files"/> against <paramref name="options"/>.</summary>
        public static AnalysisResult Analyze(IReadOnlyList<AnalysisInput> files, AnalysisOptions options)
        {
            if (options.Baseline is null) throw new ArgumentException("a baseline is required", nameof(options));
            foreach (AnalysisInput file in files)
            {
                file.NotTakenByTarget = options.TargetRid != null && file.Rid != null && !file.Rid.IsOtherOperatingSystem && !options.TargetRid.Takes(file.Rid);
            }
            var set = new FileSet(files);
            // Every built-in baseline first, by the same rules: "runs on" in the target's messages is read off them.
            var verdicts = new Verdicts(files, set, options);
            List<Finding> findings = Judge(files, set, options.Baseline, options, verdicts);

            var kept = new List<Finding>();
            foreach (Finding f in findings)
            {
                Finding? current = f;
                foreach (Suppression s in options.Suppressions)
                {
                    current = s.Apply(current);
                    if (current is null) break;
                }
                if (current != null) kept.Add(current);
            }
            return new AnalysisResult(options.Baseline, files, kept, verdicts, RidVerdicts(files, options));
        }

        /// <summary>
        /// The rules for a set on one baseline: the set-wide findings, then each file's. With <paramref name="render"/>
        /// (the baseline the user chose) messages carry their fixes and where each file runs instead; without (every
        /// built-in baseline, for "runs on" and the matrix) the same decisions are made and fixes are left out.
        /// </summary>
        internal static List<Finding> Judge(IReadOnlyList<AnalysisInput> files, FileSet set, Baseline baseline, AnalysisOptions options, Verdicts? render)
        {
            var findings = new List<Finding>();
            bool runtimeFloor = JudgeSet(files, baseline, options, render != null, findings);
            foreach (AnalysisInput file in files)
            {
                JudgeFile(file, set, baseline, options, runtimeFloor, render, findings);
            }
            return findings;
        }

        /// <summary>The set-wide rules: the .NET runtime's floor and what it loads with dlopen. True when the floor was reported.</summary>
        internal static bool JudgeSet(IReadOnlyList<AnalysisInput> files, Baseline baseline, AnalysisOptions options, bool full, List<Finding> findings)
        {
            bool floor = RuntimeFloorFinding(files, baseline, options, findings) != null;
            DotNetPrerequisites.Report(options, baseline, full, findings);
            return floor;
        }

        /// <summary>One file's rules. The file's own baseline (MSBuild item metadata) replaces the chosen one, never a built-in one judged for "runs on".</summary>
        internal static void JudgeFile(AnalysisInput input, FileSet set, Baseline judged, AnalysisOptions options, bool runtimeFloorReported, Verdicts? render, List<Finding> findings)
        {
            BinaryFacts f = input.Facts;
            Baseline baseline = render != null ? input.Baseline ?? judged : judged;
            string path = f.Path;
            if (f.Warnings.Count > 0)
            {
                findings.Add(new Finding(DiagnosticId.RecoverableDamage, Severity.Info, path,
                    input.FileName + " is damaged but readable: " + string.Join("; ", f.Warnings) + "."));
            }
            if (f.Error != null)
            {
                findings.Add(new Finding(f.Error.Code, Severity.Warning, path,
                    input.FileName + " could not be checked: " + f.Error.Message + (f.Error.Offset is long o ? " (at byte 0x" + o.ToString("x") + ")" : "") + "."));
                return;
            }
            if (input.ForOtherOperatingSystem)
            {
                findings.Add(new Finding(DiagnosticId.NotALinuxTarget, Severity.Info, path,
                    input.Describe() + " sits under runtimes/" + input.Rid + "/, a folder for another operating system than Linux; the .NET SDK does " +
                    "not publish it for a Linux runtime identifier, so it is listed and not judged against " + baseline.Id + "."));
                return;
            }
            if (input.NotTakenByTarget)
            {
                findings.Add(new Finding(DiagnosticId.NotTakenForRid, Severity.Info, path,
                    input.Describe() + " sits under runtimes/" + input.Rid + "/, which a publish for " + options.TargetRid + " does not take (it takes " +
                    options.TargetRid!.FallbackList() + "); it is listed and not judged against " + baseline.Id + "."));
                return;
            }
            Architecture machine = f.Machine.GetValueOrDefault();
            Target target = TargetOf(input, options);
            if (target.Machine is Architecture expected && machine != expected && f.Type != ObjectKind.Relocatable)
            {
                findings.Add(new Finding(DiagnosticId.ArchitectureMismatch, Severity.Error, path,
                    input.Describe() + " is built for " + machine + ", but " + (input.Rid != null ? "its folder (" + input.Rid + ") says" : "the target is") + " " +
                    target.Machine + "; the loader will not load it.",
                    "ship the " + target.Machine + " build of this file (for a package asset, check its runtimes/<rid>/native folder).",
                    reason: input.FileName + " is built for " + machine + ", not " + target.Machine));
                return;
            }

            if (f.Type != ObjectKind.Relocatable && f.Machine is Architecture shipped && !baseline.Ships(shipped) && !target.IsMusl)
            {
                // Nothing in the set can run there: that is the answer for this baseline. Otherwise the file is
                // another architecture's asset, which never reaches this distro.
                bool alone = !set.AnyShippedBy(baseline);
                findings.Add(new Finding(DiagnosticId.ArchitectureNotShipped, alone ? Severity.Error : Severity.Info, path,
                    input.Describe() + " is built for " + shipped + ", which " + baseline.Id + " does not ship (" + PortList(baseline) + ")" +
                    (alone ? "; it cannot run there." : "; it never reaches a " + baseline.Id + " machine, so it is not judged against it."),
                    alone ? "choose a baseline for a distro that ships " + shipped + ", or check the build for one it ships." : null,
                    reason: input.FileName + " is for " + shipped + ", which " + baseline.Id + " does not ship"));
                return;
            }
            if (!JudgeLibc(input, set, target.IsMusl, render is null, findings))
            {
                return;
            }
            if (!target.IsMusl)
            {
                JudgeVersions(input, set, baseline, machine, runtimeFloorReported, options, render, findings);
                JudgeLibraries(input, set, baseline, render != null, findings);
            }
            JudgePlatform(input, baseline, render is null, findings);
        }

        /// <summary>The machine and C library a file must match.</summary>
        private readonly struct Target
        {
            public Target(Architecture? machine, bool isMusl)
            {
                Machine = machine;
                IsMusl = isMusl;
            }

            public Architecture? Machine { get; }
            public bool IsMusl { get; }
        }

        /// <summary>
        /// With a target RID, a file the publish takes is judged for that target (linux-musl-x64 takes linux-x64's
        /// files, and they must run on musl). Without one, the file's own runtime identifier (from its package
        /// folder) decides; a Linux folder whose architecture GlibcGuard cannot read (linux-mips64) says nothing
        /// about the architecture, so the file is judged as it is.
        /// </summary>
        private static Target TargetOf(AnalysisInput input, AnalysisOptions options) =>
            options.TargetRid is null && input.Rid is RuntimeIdentifier rid && rid.Platform != RidPlatform.Portable && rid.Platform != RidPlatform.Other
                ? new Target(rid.Architecture, rid.IsMusl)
                : new Target(options.TargetMachine, options.TargetIsMusl);

        /// <summary>musl on glibc, glibc on musl, both at once. Returns false when nothing further is worth saying.</summary>
        private static bool JudgeLibc(AnalysisInput input, FileSet set, bool targetIsMusl, bool quick, List<Finding> findings)
        {
            BinaryFacts f = input.Facts;
            string path = f.Path;
            switch (f.Libc)
            {
                case LibcKind.Bionic:
                case LibcKind.UClibc:
                case LibcKind.Solaris:
                    string which = f.Libc == LibcKind.Bionic ? "Android's bionic C library" : f.Libc == LibcKind.UClibc ? "uClibc (an embedded-Linux C library)" : "the Solaris/illumos C library";
                    string where = f.Libc == LibcKind.Bionic ? "it runs on Android only" : f.Libc == LibcKind.UClibc ? "it runs only on systems built with uClibc" : "it is a Solaris/illumos program";
                    findings.Add(new Finding(DiagnosticId.ForeignLibc, Severity.Error, path,
                        input.Describe() + " is linked against " + which + " (" + (f.Interpreter != null ? "interpreter " + f.Interpreter + ", " : "") +
                        "needs " + string.Join(", ", f.Needed) + "), not " + (targetIsMusl ? "musl" : "glibc") + "; " + where + " and will not start on the target.",
                        "use the " + (targetIsMusl ? "linux-musl-*" : "linux-*") + " build of this file.", reason: input.FileName + " is linked against " + f.Libc.GetValueOrDefault().Name()));
                    return false;
                case LibcKind.Mixed:
                    findings.Add(new Finding(DiagnosticId.MixedLibc, Severity.Error, path,
                        input.Describe() + " mixes glibc and musl (interpreter " + (f.Interpreter ?? "none") + ", needs " + string.Join(", ", f.Needed) +
                        "); such a file crashes or fails to load on either C library.",
                        "rebuild it against one C library; do not change its interpreter with patchelf.", reason: input.FileName + " is linked against both glibc and musl"));
                    return false;
                case LibcKind.Musl when !targetIsMusl && set.IsMuslFallback(input):
                    findings.Add(new Finding(DiagnosticId.MuslFallbackBeside, Severity.Info, path,
                        input.Describe() + " is a musl build of " + f.Soname + " shipped beside the glibc build of the same library, and no file here " +
                        "needs it by its name: a fallback for Alpine that glibc hosts never load, so it is not judged by glibc rules."));
                    return false;
                case LibcKind.Musl when !targetIsMusl:
                    findings.Add(new Finding(DiagnosticId.MuslOnGlibcTarget, Severity.Error, path,
                        quick ? "" : input.Describe() + " is linked against musl (" + (f.Interpreter != null ? "interpreter " + f.Interpreter : "needs " + string.Join(", ", f.Needed)) +
                        "), but the target uses glibc; it will not start there.",
                        "use the glibc (linux-*) build of this file, or publish for linux-musl-* and run on Alpine.", reason: Finding.FileNameHere + " is linked against musl"));
                    return false;
                case LibcKind.Glibc when targetIsMusl:
                    findings.Add(new Finding(DiagnosticId.GlibcOnMuslTarget, Severity.Error, path,
                        quick ? "" : input.Describe() + " is linked against glibc (" + (f.Interpreter ?? string.Join(", ", f.Needed)) + "), but the target uses musl; it will not start on Alpine.",
                        "use the musl (linux-musl-*) build of this file.", reason: Finding.FileNameHere + " is linked against glibc"));
                    return false;
            }
            return true;
        }

        private static void JudgeVersions(AnalysisInput input, FileSet set, Baseline baseline, Architecture machine, bool runtimeFloorReported, AnalysisOptions options,
            Verdicts? render, List<Finding> findings)
        {
            BinaryFacts f = input.Facts;
            AnalysisInput?[] providers = set.VersionNeedProviders(input);
            for (int l = 0; l < f.VersionNeeds.Count; l++)
            {
                LibraryVersionNeeds library = f.VersionNeeds[l];
                AnalysisInput? provider = providers[l];
                List<VersionNeedFacts>? unchecked_ = null;
                foreach (VersionNeedFacts need in library.Versions)
                {
                    if (provider != null)
                    {
                        if (!provider.Facts.DefinesVersion(need.Name))
                        {
                            // A weak need is GG1003 whoever lacks the version, the baseline or the copy beside the file.
                            findings.Add(new Finding(need.Weak ? DiagnosticId.WeakVersionMissing : DiagnosticId.VersionMissing, need.Weak ? Severity.Warning : Severity.Error, f.Path,
                                render is null ? "" : input.Describe() + (need.Weak ? " has a weak need for " : " needs ") + need.Name + " from " + library.Library + ", but the " + provider.FileName +
                                " shipped beside it does not define that version" + Finding.SymbolListHere +
                                (need.Weak ? ". The loader starts it anyway; the code that uses those symbols must cope with their absence." : "."),
                                "ship the " + library.Library + " this file was built against.", library.Library, need.Name, need.Symbols,
                                reason: input.FileName + " needs " + need.Name + " (" + library.Library + "), which the " + provider.FileName + " beside it does not define"));
                        }
                        continue;
                    }
                    VersionVerdict verdict = baseline.Check(machine, library.Library, need.Name, need.NodeId);
                    if (verdict == VersionVerdict.Present)
                    {
                        List<string>? banned = need.Weak ? null : baseline.Blacklisted(library.Library, need.Symbols);
                        if (banned != null)
                        {
                            findings.Add(new Finding(DiagnosticId.SymbolMissing, Severity.Error, f.Path,
                                render is null ? "" : input.Describe() + " imports " + Finding.SymbolNamesHere + " from " + library.Library + " (" + need.Name + "), which " +
                                baseline.Id + " does not export, although it has version nodes of that name.",
                                render != null ? Hint(input, baseline, options) : null, library.Library, need.Name, banned,
                                reason: input.FileName + " imports " + banned[0] + " (" + library.Library + ")"));
                        }
                        continue;
                    }
                    if (verdict == VersionVerdict.Unchecked)
                    {
                        unchecked_ ??= new List<VersionNeedFacts>();
                        unchecked_.Add(need);
                        continue;
                    }
                    if (runtimeFloorReported && input.IsDotNetRuntime)
                    {
                        continue; // said once for the whole runtime: it does not run on this baseline at all
                    }
                    if (verdict == VersionVerdict.Private)
                    {
                        findings.Add(new Finding(DiagnosticId.PrivateVersion, Severity.Error, f.Path,
                            render is null ? "" : input.Describe() + " needs GLIBC_PRIVATE from " + library.Library + Finding.SymbolListHere +
                            "; that ABI belongs to one glibc build and is missing everywhere else.",
                            "do not link against glibc internals; rebuild without them.", library.Library, need.Name, need.Symbols,
                            reason: Finding.NeedsVersionReason));
                        continue;
                    }
                    if (need.Weak)
                    {
                        findings.Add(new Finding(DiagnosticId.WeakVersionMissing, Severity.Warning, f.Path,
                            render is null ? "" : input.Describe() + " has a weak need for " + need.Name + " from " + library.Library + ", which " + BaselineName(baseline) +
                            " does not define" + Finding.SymbolListHere + ". The loader starts it anyway; the code that uses those symbols must cope with their absence.",
                            null, library.Library, need.Name, need.Symbols));
                        continue;
                    }
                    findings.Add(new Finding(DiagnosticId.VersionMissing, Severity.Error, f.Path,
                        render is null ? "" : input.Describe() + " needs " + need.Name + " from " + library.Library + ", which " + BaselineName(baseline) + " does not define" +
                        Finding.SymbolListHere + NumberOnly(baseline, machine) + ". " + RunsOnText(render.RunsOnFor(input)),
                        render != null ? Hint(input, baseline, options) : null, library.Library, need.Name, need.Symbols,
                        reason: Finding.NeedsVersionReason));
                }
                if (unchecked_ != null && render != null && baseline.ProvidesLibrary(library.Library))
                {
                    // The loader checks every version node; GlibcGuard's data covers some families. Never a silent pass.
                    // (A library the baseline does not provide at all is GG1004 already.)
                    List<string> names = unchecked_.Select(n => n.Name).Distinct().OrderBy(n => VersionNode.Parse(n)).ToList();
                    findings.Add(new Finding(DiagnosticId.VersionNotChecked, Severity.Info, f.Path,
                        input.Describe() + " needs " + string.Join(", ", names) + " from " + library.Library + ", and GlibcGuard has no version data for " +
                        library.Library + " on " + baseline.Id + ": " + (names.Count == 1 ? "this need is" : "these needs are") +
                        " not checked. The loader refuses the file where the installed " + library.Library + " does not define " + (names.Count == 1 ? "it" : "them") + ".",
                        null, library.Library, names[names.Count - 1], unchecked_.SelectMany(n => n.Symbols).Distinct().ToList()));
                }
            }
        }

        private static void JudgeLibraries(AnalysisInput input, FileSet set, Baseline baseline, bool full, List<Finding> findings)
        {
            BinaryFacts f = input.Facts;
            AnalysisInput?[] providers = set.NeededProviders(input);
            for (int n = 0; n < f.Needed.Count; n++)
            {
                string needed = f.Needed[n];
                if (providers[n] != null || baseline.ProvidesLibrary(needed) || CLibraries.IsMuslLibrary(needed))
                {
                    continue;
                }
                bool optionalTracing = input.IsDotNetRuntime && DotNetRuntimeFiles.IsOptionalTracingProvider(input.FileName);
                // Say what the data can know: a minimal install read from the release's indexes, or a generic list.
                string provider = !full ? "" : baseline.Image != null
                    ? "which the image " + baseline.Id + " does not have"
                    : baseline.LibrariesAreMinimalInstall
                    ? "which a minimal " + baseline.Id + " install (its Essential and required packages with their dependencies) does not provide"
                    : "which is not among the libraries GlibcGuard knows " + BaselineName(baseline) + " to provide";
                findings.Add(new Finding(DiagnosticId.LibraryMissing, optionalTracing ? Severity.Info : Severity.Warning, f.Path,
                    !full ? "" : input.Describe() + " needs " + needed + ", " + provider + ", and this set does not ship it" +
                    (optionalTracing ? "; the .NET runtime loads this tracing provider only when LTTng is installed, so nothing fails without it." : "."),
                    optionalTracing || !full ? null : baseline.Image != null ? ImageFix(baseline, needed)
                        : "install " + needed + " on the target, ship it beside the file, or remove the dependency.", needed));
            }
        }

        /// <summary>
        /// How to get a library into a .NET container image: for a full image, the release's package that ships it
        /// (its Contents index) in the Dockerfile; for a chiseled one (no package manager), the -extra or full variant
        /// when that has it, else the full image with the package, else shipping it beside the file.
        /// </summary>
        internal static string ImageFix(Baseline baseline, string soname)
        {
            ImageSpec image = baseline.Image!;
            BaselineCatalog.TryGet(image.Distro, out Baseline distro);
            string? package = ImageCatalog.PackageFor(image.Distro, soname);
            string install = package is null ? "" : "RUN apt-get update && apt-get install -y --no-install-recommends " + package;
            if (!image.IsChiseled)
            {
                return package != null
                    ? "add it to the image's Dockerfile: " + install + " (the " + distro.RunsOnLabel + " package that ships " + soname + "), or ship it beside the file."
                    : "no " + distro.RunsOnLabel + " package ships " + soname + ": ship it beside the file.";
            }
            if (image.Extra != null && ImageCatalog.Find(image.Extra)!.Libraries.Contains(soname))
            {
                return "use the -extra variant, " + ImageCatalog.NameLike(baseline.Id, image.Extra) + ", which has it (a chiseled image has no package manager).";
            }
            if (image.Full != null && ImageCatalog.Find(image.Full)!.Libraries.Contains(soname))
            {
                return "use the full image, " + ImageCatalog.NameLike(baseline.Id, image.Full) + ", which has it (a chiseled image has no package manager).";
            }
            if (image.Full != null && package != null)
            {
                return "a chiseled image has no package manager: use the full image, " + ImageCatalog.NameLike(baseline.Id, image.Full) + ", and add " + install +
                    " to the Dockerfile, or ship " + soname + " beside the file.";
            }
            return "a chiseled image has no package manager: ship " + soname + " beside the file" + (package != null ? " (" + distro.RunsOnLabel + "'s " + package + " has it)." : ".");
        }

        private static void JudgePlatform(AnalysisInput input, Baseline baseline, bool quick, List<Finding> findings)
        {
            BinaryFacts f = input.Facts;
            string path = f.Path;
            if (ExpectedLoaderIfDifferent(f) is string loader)
            {
                findings.Add(new Finding(DiagnosticId.NonstandardInterpreter, Severity.Error, path,
                    input.Describe() + " asks the kernel for the dynamic loader " + f.Interpreter + ", but glibc distros install it as " + loader +
                    "; the file will not start (\"No such file or directory\").",
                    "link it with the system's loader (as built on a normal distro), or set it with patchelf --set-interpreter " + loader + ".",
                    reason: input.FileName + " asks for the loader " + f.Interpreter + ", not " + loader));
            }
            if (quick)
            {
                return; // what follows are warnings and notes, which decide nothing about where the file runs
            }
            if (f.AbiTagKernel != null && VersionNode.CompareVersions(f.AbiTagKernel, baseline.Kernel) > 0)
            {
                findings.Add(new Finding(DiagnosticId.KernelTooNew, Severity.Warning, path,
                    input.Describe() + " declares a minimum kernel of " + f.AbiTagKernel + " (ABI tag), newer than " + baseline.Id + "'s kernel " + baseline.Kernel + ".",
                    "build against a C library configured for an older kernel (--enable-kernel)."));
            }
            if (f.Machine == Architecture.X86_64 && f.X86IsaNeeded is X86IsaLevel isa && isa > baseline.X86Level)
            {
                findings.Add(new Finding(DiagnosticId.IsaLevelTooHigh, Severity.Warning, path,
                    input.Describe() + " needs " + isa.Name() + " instructions, but " + BaselineName(baseline) + " also runs on CPUs with only " +
                    (baseline.X86Level == X86IsaLevel.Baseline ? "the x86-64 baseline" : baseline.X86Level.Name()) + "; there it fails with an illegal instruction.",
                    "build without -march=" + isa.Name() + " (or -z " + isa.Name() + "), or accept the CPU requirement."));
            }
            if (f.ExecStack)
            {
                bool library = f.Type == ObjectKind.SharedLibrary;
                findings.Add(new Finding(DiagnosticId.ExecutableStack, Severity.Warning, path,
                    input.Describe() + (library
                        ? " asks for an executable stack; glibc 2.41 and later refuse to dlopen such libraries, and older ones make every thread's stack executable."
                        : " asks for an executable stack, which weakens it against exploits."),
                    "link with -z noexecstack (and mark assembly sources with .note.GNU-stack)."));
            }
            for (int i = 0; i < 2; i++)
            {
                string kind = i == 0 ? "RPATH" : "RUNPATH";
                string? value = i == 0 ? f.Rpath : f.Runpath;
                if (value is null) continue;
                var bad = value.Split(':').Where(e => e.Length == 0 || (e.StartsWith("/", StringComparison.Ordinal))).ToList();
                if (bad.Count > 0)
                {
                    findings.Add(new Finding(DiagnosticId.AbsoluteSearchPath, Severity.Warning, path,
                        input.Describe() + " has " + kind + " " + value + ", which searches " +
                        string.Join(", ", bad.Select(b => b.Length == 0 ? "the current directory" : b)) +
                        " on the target: a build-machine path that will not exist there, and a place where someone else's library could be loaded.",
                        "link with -Wl,-rpath,'$ORIGIN' (or remove the path with patchelf --remove-rpath)."));
                }
            }
            if (f.Go != null)
            {
                string cgo = f.Go.Cgo is bool c ? (c ? "cgo on, so it uses the system C library" : "cgo off, so it needs no C library") : "cgo setting not recorded";
                findings.Add(new Finding(DiagnosticId.GoBinary, Severity.Info, path, input.FileName + " is a Go program built with " + f.Go.Version + " (" + cgo + ")."));
            }
            else if (f.Linkage == Linkage.Static || f.Linkage == Linkage.StaticPie)
            {
                string caveat = f.Libc == LibcKind.StaticGlibc
                    ? " It needs no shared glibc, but a statically linked glibc still loads NSS modules (user and host lookups) and iconv from the target's glibc, which may not match."
                    : "";
                findings.Add(new Finding(DiagnosticId.StaticBinary, Severity.Info, path,
                    input.FileName + " is statically linked (" + f.Libc.GetValueOrDefault().Name() + ") and has no glibc version needs" +
                    (f.AbiTagKernel != null ? "; it needs kernel " + f.AbiTagKernel + " or newer." : ".") + caveat));
            }
        }

        /// <summary>glibc's loader path for the file's machine, when the file asks the kernel for another one; else null.</summary>
        internal static string? ExpectedLoaderIfDifferent(BinaryFacts f) =>
            f.Libc == LibcKind.Glibc && f.Interpreter != null && f.Machine?.Info is ArchitectureInfo info &&
            f.Interpreter != info.Loader && f.Interpreter != info.AlternateLoader
                ? info.Loader : null;

        private static string BaselineName(Baseline b) => b.Id + " (glibc " + b.GlibcVersion + ")";

        private static string PortList(Baseline b) =>
            b.Ports is null ? "any" : "it ships " + string.Join(", ", b.Ports.Select(p => p.Name));

        /// <summary>What a verdict rests on when the data has no version sets for the file's architecture.</summary>
        private static string NumberOnly(Baseline b, Architecture machine) =>
            b.IsCustom || b.HasVersionData(machine) ? "" : " (the data has no " + machine + " version sets for " + b.Id + ": compared by GLIBC number only)";

        private static string Hint(AnalysisInput input, Baseline baseline, AnalysisOptions options)
        {
            BinaryFacts f = input.Facts;
            string era = baseline.IsCustom ? "glibc " + baseline.GlibcVersion : baseline.Id;
            Architecture machine = f.Machine.GetValueOrDefault();
            if (f.NativeAot)
            {
                string container = "or publish on a system as old as " + era + ", for example in the .NET cross-build container images with -p:SysRoot=/crossrootfs/" +
                    (machine == Architecture.Aarch64 ? "arm64" : "x64") + " -p:LinkerFlavor=lld.";
                return machine == Architecture.X86_64 || machine == Architecture.Aarch64
                    ? "NativeAOT links against the build machine's glibc: set GlibcGuardLinkToBaseline=true to link it with zig against glibc " +
                      baseline.GlibcVersion + " (zig on PATH or in GlibcGuardZigPath), " + container
                    : "NativeAOT links against the build machine's glibc: " + container;
            }
            if (f.Go?.Cgo == true)
            {
                string zig = ZigTarget.TryGet(machine, baseline, out string target)
                    ? ", or keep cgo and link against glibc " + baseline.GlibcVersion + " with zig: CGO_ENABLED=1 CC=\"zig cc -target " + target + "\" go build"
                    : ", or build it in a container as old as " + era;
                return "rebuild with CGO_ENABLED=0 (a Go program without cgo needs no C library)" + zig + ".";
            }
            if (input.IsDotNetRuntime)
            {
                return "this file belongs to the .NET runtime; target a newer baseline or a .NET version whose runtime supports " + era + ".";
            }
            if (input.PackageId != null)
            {
                string? fits = options.SearchPackageCache ? PackageAlternatives.Find(input, baseline, options) : null;
                return (fits != null ? input.PackageId + " " + fits + ", which is in your local package cache, fits " + era + "; otherwise use" : "use") +
                    " a version of " + input.PackageId + " built for an older glibc, or ask its maintainers to build it for " + era + " (glibc " + baseline.GlibcVersion + ").";
            }
            return "build it on a system or container as old as " + era + " (or link against an older glibc sysroot).";
        }

        /// <summary>
        /// Says once when the .NET runtime in the set needs a newer glibc than the baseline has; returns the
        /// floor when it did, so that per-file findings for the runtime's own files are not repeated.
        /// </summary>
        private static string? RuntimeFloorFinding(IReadOnlyList<AnalysisInput> files, Baseline baseline, AnalysisOptions options, List<Finding> findings)
        {
            // The runtime's main files first: they are the ones people recognise in the message.
            var runtime = files.Where(f => f.IsDotNetRuntime && f.Facts.Error == null && f.Facts.Libc == LibcKind.Glibc)
                .OrderBy(f => Array.IndexOf(s_mainRuntimeFiles, f.FileName) is int i && i >= 0 ? i : s_mainRuntimeFiles.Length).ToList();
            if (runtime.Count == 0 || options.TargetIsMusl)
            {
                return null;
            }
            string? floor = null;
            string source;
            if (options.DotNetMajorVersion is int major && AnalysisOptions.RuntimeGlibcFloor.TryGetValue(major, out string? documented))
            {
                floor = documented;
                source = ".NET " + major + "'s runtime needs glibc " + documented + " or later";
            }
            else
            {
                floor = runtime.Select(r => r.Facts.MaxVersions.TryGetValue(VersionNode.GlibcFamily, out string? v) ? v : "0").OrderBy(v => v, VersionComparer.Instance).LastOrDefault();
                source = "the .NET runtime in this set needs glibc " + floor + " or later";
            }
            if (floor is null || VersionNode.CompareVersions(baseline.GlibcVersion, floor) >= 0)
            {
                return null;
            }
            // Name only the runtime's files that need more than the baseline has themselves.
            var over = runtime.Where(r => r.Facts.MaxVersions.TryGetValue(VersionNode.GlibcFamily, out string? v) && VersionNode.CompareVersions(v, baseline.GlibcVersion) > 0).ToList();
            string names = over.Count == 0
                ? "documented; its files here need no more than glibc " + baseline.GlibcVersion + " themselves"
                : string.Join(", ", over.Take(4).Select(r => r.FileName)) + (over.Count > 4 ? " and " + (over.Count - 4) + " more" : "");
            findings.Add(new Finding(DiagnosticId.RuntimeFloorAboveBaseline, Severity.Error, "",
                source + " (" + names + "), but " + BaselineName(baseline) + " is older, so no build of this app can start there.",
                "choose a baseline with glibc " + floor + " or later; the runtime's own files are not listed one by one.", "libc.so.6", "GLIBC_" + floor,
                reason: "the .NET runtime needs glibc " + floor));
            return floor;
        }

        private static readonly string[] s_mainRuntimeFiles = { "libcoreclr.so", "singlefilehost", "libclrjit.so", "libhostfxr.so", "libhostpolicy.so" };

        private sealed class VersionComparer : IComparer<string>
        {
            public static readonly VersionComparer Instance = new VersionComparer();
            public int Compare(string? x, string? y) => VersionNode.CompareVersions(x ?? "", y ?? "");
        }
    }
}
