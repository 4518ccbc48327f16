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

        /// <summary>The same result with other findings (an image check adds the entries its reader left out).</summary>
        public AnalysisResult WithFindings(IReadOnlyList<Finding> findings) => new AnalysisResult(Baseline, Files, findings, _verdicts, RidVerdicts);

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
            ImportNameFilter.Restore(files, set);
            // Every built-in baseline first, by the same rules: "runs on" in the target's messages is read off them.
            var verdicts = new Verdicts(files, set, options);
            List<Finding> findings = Judge(files, set, options.Baseline, options, verdicts);
            // A step of its own: for a package's file that does not fit, a version that does (the cache, folder
            // feeds); the findings are then worded again with it.
            if (options.SearchPackageCache && PackageAlternatives.Assign(files, findings, options))
            {
                findings = Judge(files, set, options.Baseline, options, verdicts);
            }

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
                var unused = new HighestMissing();
                JudgeFile(file, set, baseline, options, runtimeFloor, render, findings, ref unused);
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

        /// <summary>
        /// One file's rules. The file's own baseline (MSBuild item metadata) replaces the chosen one, never a built-in
        /// one judged for "runs on". There (no <paramref name="render"/>), the missing version that would block the
        /// file is left in <paramref name="highest"/>, not made a finding: <see cref="Verdicts"/> words one per row.
        /// </summary>
        internal static void JudgeFile(AnalysisInput input, FileSet set, Baseline judged, AnalysisOptions options, bool runtimeFloorReported, Verdicts? render,
            List<Finding> findings, ref HighestMissing highest)
        {
            BinaryFacts f = input.Facts;
            Baseline baseline = render != null ? input.Baseline ?? judged : judged;
            string path = f.Path;
            if (f.HasWarnings)
            {
                findings.Add(Diagnostics.RecoverableDamage(input));
            }
            if (f.Error != null)
            {
                findings.Add(Diagnostics.NotChecked(input));
                return;
            }
            if (input.ForOtherOperatingSystem)
            {
                findings.Add(Diagnostics.NotALinuxTarget(input, baseline));
                return;
            }
            if (input.NotTakenByTarget)
            {
                findings.Add(Diagnostics.NotTakenForRid(input, baseline, options.TargetRid!));
                return;
            }
            Architecture machine = f.Machine.GetValueOrDefault();
            Target target = TargetOf(input, options);
            if (target.Machine is Architecture expected && machine != expected && f.Type != ObjectKind.Relocatable)
            {
                findings.Add(Diagnostics.ArchitectureMismatch(input, machine, target.Machine));
                return;
            }

            if (f.Type != ObjectKind.Relocatable && f.Machine is Architecture shipped && !baseline.Ships(shipped) && !target.IsMusl)
            {
                // Nothing in the set can run there: that is the answer for this baseline. Otherwise the file is
                // another architecture's asset, which never reaches this distro.
                bool alone = !set.AnyShippedBy(baseline);
                findings.Add(Diagnostics.ArchitectureNotShipped(input, shipped, baseline, alone));
                return;
            }
            if (!JudgeLibc(input, set, baseline, target.IsMusl, options.TargetRid != null, render is null, findings))
            {
                return;
            }
            if (!target.IsMusl)
            {
                JudgeVersions(input, set, baseline, machine, runtimeFloorReported, options, render, findings, ref highest);
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
        private static bool JudgeLibc(AnalysisInput input, FileSet set, Baseline baseline, bool targetIsMusl, bool dotnetPublish, bool quick, List<Finding> findings)
        {
            BinaryFacts f = input.Facts;
            string path = f.Path;
            switch (f.Libc)
            {
                case LibcKind.Bionic:
                case LibcKind.UClibc:
                case LibcKind.Solaris:
                    findings.Add(Diagnostics.ForeignLibc(input, targetIsMusl));
                    return false;
                case LibcKind.Mixed:
                    findings.Add(Diagnostics.MixedLibc(input));
                    return false;
                case LibcKind.Musl when !targetIsMusl && set.IsMuslFallback(input):
                    findings.Add(Diagnostics.MuslFallbackBeside(input));
                    return false;
                case LibcKind.Musl when !targetIsMusl:
                    findings.Add(Diagnostics.MuslOnGlibcTarget(input, baseline, dotnetPublish, words: !quick));
                    return false;
                case LibcKind.Glibc when targetIsMusl:
                    findings.Add(Diagnostics.GlibcOnMuslTarget(input, baseline, dotnetPublish, words: !quick));
                    return false;
            }
            return true;
        }

        private static void JudgeVersions(AnalysisInput input, FileSet set, Baseline baseline, Architecture machine, bool runtimeFloorReported, AnalysisOptions options,
            Verdicts? render, List<Finding> findings, ref HighestMissing highest)
        {
            BinaryFacts f = input.Facts;
            if (baseline.OwnImage is OwnImage image)
            {
                JudgeVersionsInImage(input, image, baseline, render != null, findings);
                return;
            }
            AnalysisInput?[] providers = set.VersionNeedProviders(input);
            // For "runs on" (no render) only what decides a row is made: of the missing versions, the one that would
            // block the file (Verdicts.Blocker); warnings about weak needs decide nothing there.
            bool quick = render is null;
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
                            if (!quick) findings.Add(Diagnostics.VersionMissingBeside(input, library, need, provider, words: true));
                            else if (!need.Weak) highest.Offer(library, need, provider, isPrivate: false);
                        }
                        continue;
                    }
                    VersionVerdict verdict = baseline.Check(machine, library.Library, need.Name, need.NodeId);
                    if (verdict == VersionVerdict.Present)
                    {
                        List<string>? banned = need.Weak || !need.HasSymbols ? null : baseline.Blacklisted(library.Library, need.Symbols);
                        if (banned != null)
                        {
                            findings.Add(Diagnostics.SymbolMissing(input, library, need, banned, baseline, words: render != null,
                                render != null ? Diagnostics.VersionFix(input, baseline, options) : null));
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
                        if (quick) highest.Offer(library, need, null, isPrivate: true);
                        else findings.Add(Diagnostics.PrivateVersion(input, library, need, words: true));
                        continue;
                    }
                    if (need.Weak)
                    {
                        if (!quick) findings.Add(Diagnostics.WeakVersionMissing(input, library, need, baseline, words: true));
                        continue;
                    }
                    if (quick) highest.Offer(library, need, null, isPrivate: false);
                    else findings.Add(Diagnostics.VersionMissing(input, library, need, baseline, machine, render!.RunsOnFor(input), Diagnostics.VersionFix(input, baseline, options)));
                }
                if (unchecked_ != null && render != null && baseline.ProvidesLibrary(library.Library))
                {
                    // The loader checks every version node; GlibcGuard's data covers some families. Never a silent pass.
                    // (A library the baseline does not provide at all is GG1004 already.)
                    findings.Add(Diagnostics.VersionNotChecked(input, library, unchecked_, baseline));
                }
            }
        }

        /// <summary>
        /// Of a file's missing versions on one baseline, the one that blocks it (<see cref="Verdicts"/>): kept as the
        /// need, and made a finding only when a row names it.
        /// </summary>
        internal struct HighestMissing
        {
            private LibraryVersionNeeds? _library;
            private VersionNeedFacts? _need;
            private AnalysisInput? _provider;
            private bool _private;
            private VersionNode _node;

            public void Offer(LibraryVersionNeeds library, VersionNeedFacts need, AnalysisInput? provider, bool isPrivate)
            {
                VersionNode node = VersionNode.Parse(need.Name);
                if (_need != null && !Verdicts.SaysMore(node, _node)) return;
                _library = library;
                _need = need;
                _provider = provider;
                _private = isPrivate;
                _node = node;
            }

            /// <summary>True when the file lacks a version.</summary>
            public bool Found => _need != null;

            public Finding? Finding(AnalysisInput input, Baseline baseline, Architecture machine) =>
                _need is null ? null
                : _provider != null ? Diagnostics.VersionMissingBeside(input, _library!, _need, _provider, words: false)
                : _private ? Diagnostics.PrivateVersion(input, _library!, _need, words: false)
                : Diagnostics.VersionMissing(input, _library!, _need, baseline, machine, null, null);
        }

        /// <summary>
        /// In a container image judged by its own layers: each library the file needs versions from is the one the
        /// image's loader finds for it, and the file's needs are checked against that library's definitions.
        /// </summary>
        private static void JudgeVersionsInImage(AnalysisInput input, OwnImage image, Baseline baseline, bool words, List<Finding> findings)
        {
            foreach (LibraryVersionNeeds library in input.Facts.VersionNeeds)
            {
                if (!(image.Resolve(input, library.Library) is (string found, BinaryFacts provider)))
                {
                    continue; // not in the image at all: GG1004 says so
                }
                foreach (VersionNeedFacts need in library.Versions)
                {
                    if (provider.VersionDefinitions.Contains(need.Name)) continue;
                    findings.Add(need.Weak
                        ? Diagnostics.WeakVersionMissing(input, library, need, baseline, words)
                        : Diagnostics.VersionMissingInImage(input, library, need, image, found, words));
                }
            }
        }

        private static void JudgeLibraries(AnalysisInput input, FileSet set, Baseline baseline, bool full, List<Finding> findings)
        {
            BinaryFacts f = input.Facts;
            if (baseline.OwnImage is OwnImage image)
            {
                foreach (string needed in f.Needed)
                {
                    if (CLibraries.IsMuslLibrary(needed) && image.IsMusl) continue;
                    if (image.Resolve(input, needed) is null)
                    {
                        bool optional = input.IsDotNetRuntime && DotNetRuntimeFiles.IsOptionalTracingProvider(input.FileName);
                        findings.Add(Diagnostics.LibraryMissingInImage(input, needed, image, optional, words: full));
                    }
                }
                return;
            }
            AnalysisInput?[] providers = set.NeededProviders(input);
            for (int n = 0; n < f.Needed.Count; n++)
            {
                string needed = f.Needed[n];
                if (providers[n] != null || baseline.ProvidesLibrary(needed) || CLibraries.IsMuslLibrary(needed))
                {
                    continue;
                }
                bool optionalTracing = input.IsDotNetRuntime && DotNetRuntimeFiles.IsOptionalTracingProvider(input.FileName);
                findings.Add(Diagnostics.LibraryMissing(input, needed, baseline, optionalTracing, words: full));
            }
        }

        private static void JudgePlatform(AnalysisInput input, Baseline baseline, bool quick, List<Finding> findings)
        {
            BinaryFacts f = input.Facts;
            string path = f.Path;
            if (ExpectedLoaderIfDifferent(f) is string loader)
            {
                findings.Add(Diagnostics.NonstandardInterpreter(input, loader));
            }
            if (quick)
            {
                return; // what follows are warnings and notes, which decide nothing about where the file runs
            }
            if (f.AbiTagKernel != null && VersionNode.CompareVersions(f.AbiTagKernel, baseline.Kernel) > 0)
            {
                findings.Add(Diagnostics.KernelTooNew(input, baseline));
            }
            if (f.Machine == Architecture.X86_64 && f.X86IsaNeeded is X86IsaLevel isa && isa > baseline.X86Level)
            {
                findings.Add(Diagnostics.IsaLevelTooHigh(input, baseline, isa));
            }
            if (f.ExecStack)
            {
                findings.Add(Diagnostics.ExecutableStack(input));
            }
            for (int i = 0; i < 2; i++)
            {
                string kind = i == 0 ? "RPATH" : "RUNPATH";
                string? value = i == 0 ? f.Rpath : f.Runpath;
                if (value is null) continue;
                var bad = value.Split(':').Where(e => e.Length == 0 || (e.StartsWith("/", StringComparison.Ordinal))).ToList();
                if (bad.Count > 0)
                {
                    findings.Add(Diagnostics.AbsoluteSearchPath(input, kind, value, bad));
                }
            }
            if (f.Libc == LibcKind.StaticGlibc && !baseline.IsMusl && f.StaticLoads.Count > 0)
            {
                findings.Add(Diagnostics.StaticGlibcLoadsModules(input, baseline));
            }
            if (f.Go != null)
            {
                findings.Add(Diagnostics.GoBinary(input));
            }
            else if (f.Linkage == Linkage.Static || f.Linkage == Linkage.StaticPie)
            {
                findings.Add(Diagnostics.StaticBinary(input));
            }
        }

        /// <summary>glibc's loader path for the file's machine, when the file asks the kernel for another one; else null.</summary>
        internal static string? ExpectedLoaderIfDifferent(BinaryFacts f) =>
            f.Libc == LibcKind.Glibc && f.Interpreter != null && f.Machine?.Info is ArchitectureInfo info &&
            f.Interpreter != info.Loader && f.Interpreter != info.AlternateLoader
                ? info.Loader : null;

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
            bool documented = false;
            if (options.DotNetMajorVersion is int major && AnalysisOptions.RuntimeGlibcFloor.TryGetValue(major, out string? published))
            {
                floor = published;
                documented = true;
            }
            else
            {
                floor = runtime.Select(r => r.Facts.MaxVersions.TryGetValue(VersionNode.GlibcFamily, out string? v) ? v : "0").OrderBy(v => v, VersionComparer.Instance).LastOrDefault();
            }
            if (floor is null || VersionNode.CompareVersions(baseline.GlibcVersion, floor) >= 0)
            {
                return null;
            }
            // Name only the runtime's files that need more than the baseline has themselves.
            var over = runtime.Where(r => r.Facts.MaxVersions.TryGetValue(VersionNode.GlibcFamily, out string? v) && VersionNode.CompareVersions(v, baseline.GlibcVersion) > 0).ToList();
            findings.Add(Diagnostics.RuntimeFloorAboveBaseline(documented ? options.DotNetMajorVersion : null, floor, over, baseline));
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
