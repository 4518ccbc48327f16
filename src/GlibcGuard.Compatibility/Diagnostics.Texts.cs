using System;
using System.Collections.Generic;
using System.Linq;
using GlibcGuard.Inputs;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// What each code says: the message, the fix and the few words "runs on" and the matrix give as its reason, made
    /// from what the rule found. The rules (<see cref="Analyzer"/>, <see cref="DotNetPrerequisites"/>) decide whether
    /// a finding is made and at which severity; the words are here, beside the codes' declarations. A builder's
    /// "words" flag is false when only the verdict is wanted (the built-in baselines judged for "runs on"): then no
    /// text is made that nobody reads.
    /// </summary>
    internal static partial class Diagnostics
    {
        // GG0001, GG0002, GG0004, GG0007: the file (or its container) could not be read.
        internal static Finding NotChecked(AnalysisInput input) =>
            new Finding(input.Facts.Error!.Code, Severity.Warning, input.Facts.Path,
                input.FileName + " could not be checked: " + input.Facts.Error.Message + (input.Facts.Error.Offset is long o ? " (at byte 0x" + o.ToString("x") + ")" : "") + ".");

        // GG0003
        internal static Finding RecoverableDamage(AnalysisInput input) =>
            new Finding(DiagnosticId.RecoverableDamage, Severity.Info, input.Facts.Path,
                input.FileName + " is damaged but readable: " + string.Join("; ", input.Facts.Warnings) + ".");

        // GG1001 or GG1003: a version the copy of the library shipped beside the file does not define.
        internal static Finding VersionMissingBeside(AnalysisInput input, LibraryVersionNeeds library, VersionNeedFacts need, AnalysisInput provider, bool words) =>
            new Finding(need.Weak ? DiagnosticId.WeakVersionMissing : DiagnosticId.VersionMissing, need.Weak ? Severity.Warning : Severity.Error, input.Facts.Path,
                !words ? "" : input.Describe() + (need.Weak ? " has a weak need for " : " needs ") + need.Name + " from " + library.Library + ", but the " + provider.FileName +
                " shipped beside it does not define that version" + Finding.SymbolListHere +
                (need.Weak ? ". The loader starts it anyway; the code that uses those symbols must cope with their absence." : "."),
                "ship the " + library.Library + " this file was built against.", library.Library, need.Name, need.Symbols,
                reason: input.FileName + " needs " + need.Name + " (" + library.Library + "), which the " + provider.FileName + " beside it does not define");

        // GG1001: a version the baseline does not define.
        internal static Finding VersionMissing(AnalysisInput input, LibraryVersionNeeds library, VersionNeedFacts need, Baseline baseline, Architecture machine,
            IReadOnlyList<string>? runsOn, string? fix) =>
            new Finding(DiagnosticId.VersionMissing, Severity.Error, input.Facts.Path,
                runsOn is null ? "" : input.Describe() + " needs " + need.Name + " from " + library.Library + ", which " + BaselineName(baseline) + " does not define" +
                Finding.SymbolListHere + NumberOnly(baseline, machine) + ". " + Analyzer.RunsOnText(runsOn),
                fix, library.Library, need.Name, need.Symbols, reason: Finding.NeedsVersionReason);

        // GG1001 in a container image judged by its own layers: the library its loader finds lacks the version.
        internal static Finding VersionMissingInImage(AnalysisInput input, LibraryVersionNeeds library, VersionNeedFacts need, OwnImage image, string found, bool words)
        {
            bool libc = image.LibcPath != null && found == image.LibcPath;
            return new Finding(DiagnosticId.VersionMissing, Severity.Error, input.Facts.Path,
                !words ? "" : input.Describe() + " needs " + need.Name + " from " + library.Library + ", which this image's " + library.Library +
                (libc && image.GlibcVersion.Length > 0 ? " (glibc " + image.GlibcVersion + ")" : " (" + found + ")") + " does not define" + Finding.SymbolListHere + ".",
                !words ? null : libc
                    ? "build it against glibc " + image.GlibcVersion + " or older (GlibcGuardLinkToBaseline for NativeAOT, zig cc for cgo; GG1001's fix says how), or use a base image with a newer glibc."
                    : "install a newer " + library.Library + " in the image, or ship the one this file was built against beside it.",
                library.Library, need.Name, need.Symbols, reason: Finding.NeedsVersionReason);
        }

        // GG1004 in a container image judged by its own layers.
        internal static Finding LibraryMissingInImage(AnalysisInput input, string needed, OwnImage image, bool optionalTracing, bool words)
        {
            string? install = words ? image.InstallLine(needed) : null;
            return new Finding(DiagnosticId.LibraryMissing, optionalTracing ? Severity.Info : Severity.Warning, input.Facts.Path,
                !words ? "" : input.Describe() + " needs " + needed + ", and this image has no " + needed + " where its loader looks (" +
                string.Join(", ", image.LibraryPath.Concat(image.SystemFolders).Take(6)) + (image.LibraryPath.Count + image.SystemFolders.Count > 6 ? ", …" : "") + ")" +
                (optionalTracing ? "; the .NET runtime loads this tracing provider only when LTTng is installed, so nothing fails without it." : "."),
                !words || optionalTracing ? null : install != null
                    ? "add it to the image: " + install + " (the " + image.Release + " package that ships " + needed + "), or ship it beside the file with a RUNPATH of $ORIGIN."
                    : image.PackageManager is string pm
                    ? "install the " + pm + " package that provides " + needed + " in the image, or ship it beside the file with a RUNPATH of $ORIGIN."
                    : "this image has no package manager: ship " + needed + " beside the file (with a RUNPATH of $ORIGIN), or use a base image that has it.",
                needed);
        }

        // GG0008
        internal static Finding ImageEntryRefused(ContainerImage image, ImageEntryProblem problem) =>
            new Finding(DiagnosticId.ImageEntryRefused, Severity.Warning, image.Source + "!" + problem.Path,
                "layer " + (problem.Layer + 1) + " of " + image.Name + " holds " + problem.Path + ": " + problem.Reason + ".");

        /// <summary>
        /// The image check's summary: "checked 14 ELF files of image skiaapp:latest against its own layers (base
        /// localhost:5000/bookworm:12, glibc 2.36): 1 problem."
        /// </summary>
        internal static string ImageSummary(ImageCheckResult check, int problems)
        {
            OwnImage own = check.Own;
            string libc = own.IsMusl ? "musl" : own.GlibcVersion.Length > 0 ? "glibc " + own.GlibcVersion : "no C library found";
            int n = check.Result.Files.Count;
            return "checked " + n + " ELF file" + (n == 1 ? "" : "s") + " of image " + own.Image.Name + " against its own layers (" +
                (own.Image.BaseName != null ? "base " + own.Image.BaseName + ", " : "") + (own.Release != null ? own.Release + ", " : "") + libc +
                (check.AppLayers == own.Image.LayerCount ? "; every layer's files" : "; the files of its top " + (check.AppLayers == 1 ? "layer" : check.AppLayers + " layers")) + "): " +
                (problems == 0 ? "no problems" : problems + " problem" + (problems == 1 ? "" : "s")) + ".";
        }

        // GG1002
        internal static Finding PrivateVersion(AnalysisInput input, LibraryVersionNeeds library, VersionNeedFacts need, bool words) =>
            new Finding(DiagnosticId.PrivateVersion, Severity.Error, input.Facts.Path,
                !words ? "" : input.Describe() + " needs GLIBC_PRIVATE from " + library.Library + Finding.SymbolListHere +
                "; that ABI belongs to one glibc build and is missing everywhere else.",
                "do not link against glibc internals; rebuild without them.", library.Library, need.Name, need.Symbols,
                reason: Finding.NeedsVersionReason);

        // GG1003: a weak need the baseline does not define.
        internal static Finding WeakVersionMissing(AnalysisInput input, LibraryVersionNeeds library, VersionNeedFacts need, Baseline baseline, bool words) =>
            new Finding(DiagnosticId.WeakVersionMissing, Severity.Warning, input.Facts.Path,
                !words ? "" : input.Describe() + " has a weak need for " + need.Name + " from " + library.Library + ", which " + BaselineName(baseline) +
                " does not define" + Finding.SymbolListHere + ". The loader starts it anyway; the code that uses those symbols must cope with their absence.",
                null, library.Library, need.Name, need.Symbols);

        // GG1004
        internal static Finding LibraryMissing(AnalysisInput input, string needed, Baseline baseline, bool optionalTracing, bool words)
        {
            // Say what the data can know: the image's own packages (RHEL family), a minimal install read from the
            // release's indexes, or a generic list; and for the RHEL family, "may lack" where a package of the image may
            // hold the library without evidence saying so.
            string? unevidenced = baseline.LibrariesImage != null ? baseline.UnevidencedPackageFor(needed) : null;
            string provider = !words ? "" : baseline.Image != null
                ? "which the image " + baseline.Id + " does not have"
                : unevidenced != null
                ? "which " + BaselineName(baseline) + " may lack: its image (" + baseline.LibrariesImage + ") installs the package " + unevidenced +
                  ", but which libraries that package holds is not evidenced"
                : baseline.LibrariesImage != null
                ? "which " + BaselineName(baseline) + "'s image (" + baseline.LibrariesImage + ") does not install"
                : baseline.LibrariesAreMinimalInstall
                ? "which a minimal " + baseline.Id + " install (its Essential and required packages with their dependencies) does not provide"
                : "which is not among the libraries GlibcGuard knows " + BaselineName(baseline) + " to provide";
            return new Finding(DiagnosticId.LibraryMissing, optionalTracing ? Severity.Info : Severity.Warning, input.Facts.Path,
                !words ? "" : input.Describe() + " needs " + needed + ", " + provider + ", and this set does not ship it" +
                (optionalTracing ? "; the .NET runtime loads this tracing provider only when LTTng is installed, so nothing fails without it." : "."),
                optionalTracing || !words ? null : baseline.Image != null ? ImageFix(baseline, needed)
                    : baseline.LibrariesImage != null ? RhelFix(baseline, needed, unevidenced)
                    : "install " + needed + " on the target, ship it beside the file, or remove the dependency.", needed);
        }

        /// <summary>What a baseline's library list describes, for messages: "a minimal debian12 install", "centos8's image (almalinux:8)".</summary>
        private static string StockInstall(Baseline baseline) =>
            baseline.OwnImage != null ? "this image (" + baseline.Id + ")"
            : baseline.LibrariesImage != null ? baseline.Id + "'s image (" + baseline.LibrariesImage + ")" : "a minimal " + baseline.Id + " install";

        /// <summary>GG1004's fix on a RHEL-family baseline: the package that installs the library, with the release's installer.</summary>
        internal static string RhelFix(Baseline baseline, string soname, string? unevidenced)
        {
            if (unevidenced != null)
            {
                return "check that " + soname + " is on the target (" + unevidenced + " may hold it); otherwise ship it beside the file or remove the dependency.";
            }
            string? package = null;
            foreach (KeyValuePair<string, string> kv in BaselineCatalog.RhelPackages)
            {
                if (soname.StartsWith(kv.Key, StringComparison.Ordinal)) { package = kv.Value; break; }
            }
            if (package is null)
            {
                return "install the package that provides " + soname + " on the target, ship it beside the file, or remove the dependency.";
            }
            string installer = DotNetPrerequisites.InstallerFor(baseline) ?? "dnf install -y";
            return package.EndsWith(" (EPEL)", StringComparison.Ordinal)
                ? "install it on the target from EPEL (" + installer + " " + package.Substring(0, package.Length - 7) + " after enabling EPEL), ship it beside the file, or remove the dependency."
                : "install it on the target (" + installer + " " + package + "), ship it beside the file, or remove the dependency.";
        }

        // GG1005
        internal static Finding MuslOnGlibcTarget(AnalysisInput input, Baseline baseline, bool dotnetPublish, bool words)
        {
            BinaryFacts f = input.Facts;
            return new Finding(DiagnosticId.MuslOnGlibcTarget, Severity.Error, f.Path,
                !words ? "" : input.Describe() + " is linked against musl (" + (f.Interpreter != null ? "interpreter " + f.Interpreter : "needs " + string.Join(", ", f.Needed)) +
                "), but the target uses glibc; it will not start there.",
                !words ? null : CLibraryFix(input, baseline, dotnetPublish, toMusl: false), reason: Finding.FileNameHere + " is linked against musl");
        }

        // GG1006
        internal static Finding GlibcOnMuslTarget(AnalysisInput input, Baseline baseline, bool dotnetPublish, bool words)
        {
            BinaryFacts f = input.Facts;
            return new Finding(DiagnosticId.GlibcOnMuslTarget, Severity.Error, f.Path,
                !words ? "" : input.Describe() + " is linked against glibc (" + (f.Interpreter ?? string.Join(", ", f.Needed)) + "), but the target uses musl; it will not start on Alpine.",
                !words ? null : CLibraryFix(input, baseline, dotnetPublish, toMusl: true), reason: Finding.FileNameHere + " is linked against glibc");
        }

        /// <summary>
        /// GG1005's and GG1006's fix, fitting the file: a runtime identifier for a file of a .NET publish (a check with a
        /// target runtime identifier) or a package's
        /// runtimes folder; how it is built for a Go program or any other file. Never patchelf: a new interpreter does
        /// not change the C library inside.
        /// </summary>
        private static string CLibraryFix(AnalysisInput input, Baseline baseline, bool dotnetPublish, bool toMusl)
        {
            BinaryFacts f = input.Facts;
            if (dotnetPublish || input.Rid != null || input.PackageId != null || input.IsDotNetRuntime || f.NativeAot)
            {
                return toMusl ? "use the musl (linux-musl-*) build of this file." : "use the glibc (linux-*) build of this file, or publish for linux-musl-* and run on Alpine.";
            }
            string? triple = f.Machine?.Info?.ZigTriple;
            string zig = toMusl
                ? (triple != null ? "zig cc -target " + triple.Replace("-gnu", "-musl") : "a musl toolchain (musl-gcc)")
                : ZigTarget.TryGet(f.Machine.GetValueOrDefault(), baseline, out string target) ? "zig cc -target " + target : "a glibc toolchain as old as " + baseline.Id;
            string libc = toMusl ? "musl" : "glibc";
            return f.Go != null
                ? "rebuild it with CGO_ENABLED=0 (a Go program without cgo needs no C library), or keep cgo and link against " + libc + ": CGO_ENABLED=1 CC=\"" + (zig.StartsWith("zig", StringComparison.Ordinal) ? zig : "cc") + "\" go build" +
                  (zig.StartsWith("zig", StringComparison.Ordinal) ? "" : " with " + zig) + "; changing its interpreter with patchelf does not change the C library inside."
                : "rebuild it against " + libc + " (" + zig + (toMusl ? "" : ", or gcc on a " + libc + " system") + "); changing its interpreter with patchelf does not change the C library inside.";
        }

        // GG1007
        internal static Finding MixedLibc(AnalysisInput input)
        {
            BinaryFacts f = input.Facts;
            return new Finding(DiagnosticId.MixedLibc, Severity.Error, f.Path,
                input.Describe() + " mixes glibc and musl (interpreter " + (f.Interpreter ?? "none") + ", needs " + string.Join(", ", f.Needed) +
                "); such a file crashes or fails to load on either C library.",
                "rebuild it against one C library; do not change its interpreter with patchelf.", reason: input.FileName + " is linked against both glibc and musl");
        }

        // GG1008
        internal static Finding ArchitectureMismatch(AnalysisInput input, Architecture machine, Architecture? expected) =>
            new Finding(DiagnosticId.ArchitectureMismatch, Severity.Error, input.Facts.Path,
                input.Describe() + " is built for " + machine + ", but " + (input.Rid != null ? "its folder (" + input.Rid + ") says" : "the target is") + " " +
                expected + "; the loader will not load it.",
                "ship the " + expected + " build of this file (for a package asset, check its runtimes/<rid>/native folder).",
                reason: input.FileName + " is built for " + machine + ", not " + expected);

        // GG1009
        internal static Finding KernelTooNew(AnalysisInput input, Baseline baseline) =>
            new Finding(DiagnosticId.KernelTooNew, Severity.Warning, input.Facts.Path,
                input.Describe() + " declares a minimum kernel of " + input.Facts.AbiTagKernel + " (ABI tag), newer than " + baseline.Id + "'s kernel " + baseline.Kernel + ".",
                "build against a C library configured for an older kernel (--enable-kernel).");

        // GG1010
        internal static Finding IsaLevelTooHigh(AnalysisInput input, Baseline baseline, X86IsaLevel isa) =>
            new Finding(DiagnosticId.IsaLevelTooHigh, Severity.Warning, input.Facts.Path,
                input.Describe() + " needs " + isa.Name() + " instructions, but " + BaselineName(baseline) + " also runs on CPUs with only " +
                (baseline.X86Level == X86IsaLevel.Baseline ? "the x86-64 baseline" : baseline.X86Level.Name()) + "; there it fails with an illegal instruction.",
                "build without -march=" + isa.Name() + " (or -z " + isa.Name() + "), or accept the CPU requirement.");

        // GG1011
        internal static Finding ExecutableStack(AnalysisInput input) =>
            new Finding(DiagnosticId.ExecutableStack, Severity.Warning, input.Facts.Path,
                input.Describe() + (input.Facts.Type == ObjectKind.SharedLibrary
                    ? " asks for an executable stack; glibc 2.41 and later refuse to dlopen such libraries, and older ones make every thread's stack executable."
                    : " asks for an executable stack, which weakens it against exploits."),
                "link with -z noexecstack (and mark assembly sources with .note.GNU-stack).");

        // GG1012
        internal static Finding AbsoluteSearchPath(AnalysisInput input, string kind, string value, IReadOnlyList<string> bad) =>
            new Finding(DiagnosticId.AbsoluteSearchPath, Severity.Warning, input.Facts.Path,
                input.Describe() + " has " + kind + " " + value + ", which searches " +
                string.Join(", ", bad.Select(b => b.Length == 0 ? "the current directory" : b)) +
                " on the target: a build-machine path that will not exist there, and a place where someone else's library could be loaded.",
                "link with -Wl,-rpath,'$ORIGIN' (or remove the path with patchelf --remove-rpath).");

        // GG1013: symbols the baseline's library does not export although it has their version.
        internal static Finding SymbolMissing(AnalysisInput input, LibraryVersionNeeds library, VersionNeedFacts need, List<string> banned, Baseline baseline, bool words, string? fix) =>
            new Finding(DiagnosticId.SymbolMissing, Severity.Error, input.Facts.Path,
                !words ? "" : input.Describe() + " imports " + Finding.SymbolNamesHere + " from " + library.Library + " (" + need.Name + "), which " +
                baseline.Id + " does not export, although it has version nodes of that name.",
                fix, library.Library, need.Name, banned,
                reason: input.FileName + " imports " + banned[0] + " (" + library.Library + ")");

        // GG1014: the .NET runtime's own floor; <paramref name="major"/> when it is the documented floor of that .NET version.
        internal static Finding RuntimeFloorAboveBaseline(int? major, string floor, List<AnalysisInput> over, Baseline baseline)
        {
            string source = major is int m ? ".NET " + m + "'s runtime needs glibc " + floor + " or later" : "the .NET runtime in this set needs glibc " + floor + " or later";
            string names = over.Count == 0
                ? "documented; its files here need no more than glibc " + baseline.GlibcVersion + " themselves"
                : string.Join(", ", over.Take(4).Select(r => r.FileName)) + (over.Count > 4 ? " and " + (over.Count - 4) + " more" : "");
            return new Finding(DiagnosticId.RuntimeFloorAboveBaseline, Severity.Error, "",
                source + " (" + names + "), but " + BaselineName(baseline) + " is older, so no build of this app can start there.",
                "choose a baseline with glibc " + floor + " or later; the runtime's own files are not listed one by one.", "libc.so.6", "GLIBC_" + floor,
                reason: "the .NET runtime needs glibc " + floor);
        }

        // GG1015
        internal static Finding NonstandardInterpreter(AnalysisInput input, string loader) =>
            new Finding(DiagnosticId.NonstandardInterpreter, Severity.Error, input.Facts.Path,
                input.Describe() + " asks the kernel for the dynamic loader " + input.Facts.Interpreter + ", but glibc distros install it as " + loader +
                "; the file will not start (\"No such file or directory\").",
                "link it with the system's loader (as built on a normal distro), or set it with patchelf --set-interpreter " + loader + ".",
                reason: input.FileName + " asks for the loader " + input.Facts.Interpreter + ", not " + loader);

        // GG1017
        internal static Finding ForeignLibc(AnalysisInput input, bool targetIsMusl)
        {
            BinaryFacts f = input.Facts;
            string which = f.Libc == LibcKind.Bionic ? "Android's bionic C library" : f.Libc == LibcKind.UClibc ? "uClibc (an embedded-Linux C library)" : "the Solaris/illumos C library";
            string where = f.Libc == LibcKind.Bionic ? "it runs on Android only" : f.Libc == LibcKind.UClibc ? "it runs only on systems built with uClibc" : "it is a Solaris/illumos program";
            return new Finding(DiagnosticId.ForeignLibc, Severity.Error, f.Path,
                input.Describe() + " is linked against " + which + " (" + (f.Interpreter != null ? "interpreter " + f.Interpreter + ", " : "") +
                "needs " + string.Join(", ", f.Needed) + "), not " + (targetIsMusl ? "musl" : "glibc") + "; " + where + " and will not start on the target.",
                "use the " + (targetIsMusl ? "linux-musl-*" : "linux-*") + " build of this file.", reason: input.FileName + " is linked against " + f.Libc.GetValueOrDefault().Name());
        }

        // GG1018
        internal static Finding ArchitectureNotShipped(AnalysisInput input, Architecture shipped, Baseline baseline, bool alone) =>
            new Finding(DiagnosticId.ArchitectureNotShipped, alone ? Severity.Error : Severity.Info, input.Facts.Path,
                input.Describe() + " is built for " + shipped + ", which " + baseline.Id + " does not ship (" + PortList(baseline) + ")" +
                (alone ? "; it cannot run there." : "; it never reaches a " + baseline.Id + " machine, so it is not judged against it."),
                alone ? "choose a baseline for a distro that ships " + shipped + ", or check the build for one it ships." : null,
                reason: input.FileName + " is for " + shipped + ", which " + baseline.Id + " does not ship");

        // GG2001
        internal static Finding StaticBinary(AnalysisInput input)
        {
            BinaryFacts f = input.Facts;
            string inside = f.Libc == LibcKind.StaticGlibc ? " with glibc (" + f.LibcEvidence + ")"
                : f.Libc == LibcKind.StaticMusl ? " with musl (" + f.LibcEvidence + ")"
                : f.Go?.Cgo == false ? " with no C library (" + f.LibcEvidence + ")"
                : "; which C library is inside is unknown (" + f.LibcEvidence + "),";
            string caveat = f.Libc == LibcKind.StaticMusl
                ? " It carries its own C library and uses none of the target's" + (f.StaticLoads.Contains("lookups")
                    ? "; its user, group and host lookups read /etc/passwd, /etc/group and /etc/hosts directly and ignore nsswitch.conf (no sssd, LDAP or mDNS users or hosts)."
                    : ".")
                : f.Libc == LibcKind.StaticGlibc && f.StaticLoads.Count == 0
                ? " It needs no shared glibc and calls nothing seen that loads glibc modules (NSS, iconv) from the target."
                : "";
            return new Finding(DiagnosticId.StaticBinary, Severity.Info, f.Path,
                input.FileName + " is statically linked" + inside + " and has no glibc version needs" +
                (f.AbiTagKernel != null ? "; it needs kernel " + f.AbiTagKernel + " or newer." : ".") + caveat);
        }

        // GG2002
        internal static Finding GoBinary(AnalysisInput input)
        {
            BinaryFacts f = input.Facts;
            GoFacts go = f.Go!;
            string cgo = go.Cgo is bool c
                ? (!c ? "cgo off, so it needs no C library"
                    : f.Libc == LibcKind.Glibc ? "cgo on, so it uses the system's glibc"
                    : f.Libc == LibcKind.Musl ? "cgo on, linked against musl"
                    : f.Libc == LibcKind.StaticGlibc ? "cgo on, with a static glibc inside (" + f.LibcEvidence + "); it uses no system C library" +
                      (f.StaticLoads.Count > 0 ? " but still loads glibc modules from the target (GG1021)" : "")
                    : f.Libc == LibcKind.StaticMusl ? "cgo on, with a static musl inside (" + f.LibcEvidence + "); it uses no system C library" +
                      (f.StaticLoads.Contains("lookups") ? ", and its user and host lookups ignore nsswitch.conf (no sssd, LDAP or mDNS)" : "")
                    : f.Linkage == Linkage.Static || f.Linkage == Linkage.StaticPie ? "cgo on, statically linked; " + f.LibcEvidence
                    : "cgo on")
                : "cgo setting not recorded";
            return new Finding(DiagnosticId.GoBinary, Severity.Info, f.Path, input.FileName + " is a Go program built with " + go.Version + " (" + cgo + ").");
        }

        // GG1022: one file of a diff whose floor rose. An error when it no longer runs on the baseline asked for.
        internal static Finding FloorRose(FileChange change, Baseline? baseline, string? previousPackage = null)
        {
            var parts = new List<string>();
            if (change.Floors.Count > 0)
            {
                parts.Add(string.Join(", ", change.Floors.Select(x => x.Family + " " + (x.Before ?? "(none)") + " → " + x.After)));
            }
            if (change.NewNeeds.Count > 0)
            {
                parts.Add("new needs " + string.Join(", ", change.NewNeeds.Select(n => n.Need.Name + " from " + n.Library +
                    (n.Need.Symbols.Count > 0 ? " (" + string.Join(", ", n.Need.Symbols.Take(4)) + (n.Need.Symbols.Count > 4 ? ", …" : "") + ")" : ""))));
            }
            if (change.NewLibraries.Count > 0)
            {
                parts.Add("newly needs " + string.Join(", ", change.NewLibraries));
            }
            var lost = change.Lost.Select(b => b.RunsOnLabel).ToList();
            if (lost.Count > 0)
            {
                parts.Add("no longer runs on " + string.Join(", ", lost));
            }
            bool breaks = baseline != null && change.NewFails.Contains(baseline.Id) && !change.OldFails.Contains(baseline.Id);
            return new Finding(DiagnosticId.FloorRose, breaks ? Severity.Error : Severity.Warning, change.Place,
                change.Place + ": " + string.Join("; ", parts) + (breaks ? "; that includes " + BaselineName(baseline!) + ", the floor asked for" : "") +
                (previousPackage != null ? " (compared with " + System.IO.Path.GetFileName(previousPackage) + ")" : "") + ".",
                !breaks ? null : previousPackage != null
                    ? "rebuild this file for " + baseline!.LibcLabel + " (GG1001's fix says how), or raise the floor the package promises and say so in its release notes."
                    : "keep the earlier version, or rebuild this file for " + baseline!.LibcLabel + " (see GG1001's fix).");
        }

        /// <summary>
        /// At build time, a package asset whose version changed since the last build (an upgrade, `dotnet add package`)
        /// and whose floor rose with it: said once, naming both versions.
        /// </summary>
        internal static Finding FloorRoseOnUpgrade(string file, string packageId, string before, string after, string place,
            IReadOnlyList<(string Family, string? Before, string After)> rises) =>
            new Finding(DiagnosticId.FloorRose, Severity.Warning, file,
                packageId + " " + before + " → " + after + ": " + place + " now needs " + string.Join(", ", rises.Select(r => r.Family + " " + r.After)) +
                "; " + before + " needed " + string.Join(", ", rises.Select(r => r.Before is null ? "no " + r.Family : r.Family + " " + r.Before)) + ".",
                "if the targets you ship to have the newer C library, nothing to do; otherwise keep " + packageId + " " + before +
                " (the other findings on this file say which targets it leaves and what fits).");

        /// <summary>At pack, when the earlier package to compare with is not there.</summary>
        internal static string PreviousPackageMissing(string path) =>
            "the earlier package " + path + " is not there, so no floor rise can be measured: restore it (package validation downloads it when " +
            "EnablePackageValidation is on), or set GlibcGuardPreviousPackage to its .nupkg.";

        /// <summary>A diff's added, removed and unchanged files, one line each, and its summary.</summary>
        internal static string DiffAdded(FileChange change) =>
            change.Place + ": added" + (change.New!.Facts.MaxVersions.Count > 0
                ? ", needs " + string.Join(", ", change.New.Facts.MaxVersions.Select(kv => kv.Key + " " + kv.Value)) : "") +
            (FailsWhereShipped(change).Any() ? "; does not run on " + string.Join(", ", FailsWhereShipped(change).Select(b => b.RunsOnLabel)) : "");

        // The releases that ship the file's architecture and where the new file does not run.
        private static IEnumerable<Baseline> FailsWhereShipped(FileChange change) =>
            FloorDiff.Distros.Where(b => change.NewFails.Contains(b.Id) && change.New!.Facts.Machine is Architecture m && b.Ships(m));

        internal static string DiffRemoved(FileChange change) => change.Place + ": removed";

        internal static string DiffUnchanged(FileChange change) =>
            change.Place + ": no rise" + (change.New!.Facts.MaxVersions.Count > 0
                ? " (" + string.Join(", ", change.New.Facts.MaxVersions.Select(kv => kv.Key + " " + kv.Value)) + ")" : "");

        internal static string DiffSummary(FloorDiff diff, Baseline? baseline)
        {
            int rose = diff.Files.Count(f => f.Old != null && f.New != null && f.Rose), added = diff.Files.Count(f => f.Old is null), removed = diff.Files.Count(f => f.New is null);
            int broken = baseline is null ? 0 : diff.BrokenOn(baseline).Count();
            return "compared " + diff.Files.Count + " ELF file" + (diff.Files.Count == 1 ? "" : "s") + ": " + rose + " rose, " + added + " added, " + removed + " removed" +
                (baseline is null ? "." : "; " + broken + " do not run on " + BaselineName(baseline) + " where the old version did.");
        }

        // GG1021
        internal static Finding StaticGlibcLoadsModules(AnalysisInput input, Baseline baseline)
        {
            BinaryFacts f = input.Facts;
            var what = new List<string>();
            if (f.StaticLoads.Contains("NSS")) what.Add("NSS modules for user, group and host lookups (libnss_*.so.2, for every service nsswitch.conf names beyond files and dns)");
            if (f.StaticLoads.Contains("iconv")) what.Add("iconv's gconv modules");
            string fix = f.Go != null
                ? "build it with -tags netgo,osusergo (Go's own user and host lookups) or CGO_ENABLED=0"
                : ZigTarget.TryGet(f.Machine.GetValueOrDefault(), baseline, out string target)
                ? "link it dynamically against the baseline's glibc (zig cc -target " + target + ", as GG1001's fix does)"
                : "link it dynamically against the baseline's glibc";
            return new Finding(DiagnosticId.StaticGlibcLoadsModules, Severity.Warning, f.Path,
                input.Describe() + " carries a static glibc that still loads " + string.Join(", ", what) + " from the target's glibc at run time: they must come from " +
                "the glibc it was linked with, and " + baseline.Id + " has glibc " + baseline.GlibcVersion + ". A host whose nsswitch.conf names only files and dns " +
                "runs it as it is; one with sss, ldap or systemd there (RHEL's default with sssd) loads that host's modules, built for its own glibc, into this process.",
                fix + "; or keep it static if every target's nsswitch.conf uses only files.");
        }

        // GG1016
        internal static Finding OpenSslTooOld(int? dotnetMajor, string minimum, Baseline baseline, DotNetPrerequisites.Row row) =>
            new Finding(DiagnosticId.OpenSslTooOld, Severity.Warning, "",
                ".NET " + dotnetMajor + " needs OpenSSL " + minimum + " or later for HTTPS and cryptography (an app that uses them fails without it), but " +
                baseline.Id + " ships OpenSSL " + row.OpenSslVersion + ".",
                "choose a baseline whose distro ships OpenSSL " + minimum + " or later, or install OpenSSL " + minimum + "+ on those hosts yourself.",
                "libssl", "OpenSSL " + minimum);

        // GG1019
        internal static Finding IcuMissing(Baseline baseline, DotNetPrerequisites.Row? row)
        {
            ImageSpec? image = baseline.Image;
            string extra = image?.Extra is string e ? ImageCatalog.NameLike(baseline.Id, e) : "";
            return new Finding(DiagnosticId.IcuMissing, Severity.Warning, "",
                image != null
                    ? "This app uses ICU for globalization (InvariantGlobalization is not set), which the .NET runtime loads with dlopen, and the image " + baseline.Id +
                      " has no ICU" + (image.InvariantEnv
                          ? " and sets DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true: there the app starts, but with the invariant culture only (no culture-specific formatting, sorting or casing), not as it was tested."
                          : ": there the app stops at start with \"Couldn't find a valid ICU package installed on the system\".")
                    : "This app uses ICU for globalization (InvariantGlobalization is not set), which the .NET runtime loads with dlopen, and " +
                      StockInstall(baseline) + " has no ICU (no libicuuc among its libraries): there the app stops at start with \"Couldn't find a valid ICU package installed on the system\".",
                image != null
                    ? (extra.Length > 0 ? "use the -extra variant, " + extra + ", which has ICU, " : "use an image with ICU, ") + "or set InvariantGlobalization=true if the app needs no culture-specific data."
                    : "install ICU on the target (" + (row?.Icu != null && row.Install != null ? row.Install + " " + row.Icu : "the distribution's libicu package") +
                      "), or set InvariantGlobalization=true if the app needs no culture-specific data.",
                "libicuuc", reason: "ICU");
        }

        // GG1020: <paramref name="known"/> when the publish shows the app carries the assemblies that load OpenSSL.
        internal static Finding OpenSslMissing(Baseline baseline, DotNetPrerequisites.Row? row, bool known) =>
            new Finding(DiagnosticId.OpenSslMissing, known ? Severity.Warning : Severity.Info, "",
                (known
                    ? "This app ships the assemblies that use OpenSSL for cryptography, TLS and HTTPS (" + string.Join(", ", DotNetApp.OpenSslAssemblies.Take(2)) + ", …), "
                    : "If this app uses cryptography, TLS or HTTPS, the .NET runtime loads OpenSSL for them with dlopen, ") +
                "and " + StockInstall(baseline) + " has no OpenSSL (no libssl among its libraries): there the first such call fails with " +
                "\"No usable version of libssl was found\" and the process aborts.",
                "install OpenSSL on the target (" + (row?.OpenSsl != null && row.Install != null ? row.Install + " " + row.OpenSsl : "the distribution's libssl package") +
                ") if the app uses cryptography, TLS or HTTPS.",
                "libssl", reason: known ? "OpenSSL" : null);

        // GG2004: what the .NET runtime loads with dlopen, and how the baseline gets it.
        internal static Finding RuntimePrerequisites(DotNetApp app, int? dotnetMajor, string? minimum, Baseline baseline, DotNetPrerequisites.Row? row)
        {
            var needs = new List<string>();
            var packages = new List<string>();
            if (app.InvariantGlobalization != true)
            {
                needs.Add("ICU (libicuuc, libicui18n) for globalization" + (app.InvariantGlobalization is null ? ", unless the app runs with InvariantGlobalization" : " (not with InvariantGlobalization=true)"));
                if (row?.Icu != null) packages.Add(row.Icu);
            }
            needs.Add("OpenSSL (libssl, libcrypto) for HTTPS and cryptography, " +
                (dotnetMajor is null ? "1.1.1 or later for .NET 10 (1.0.2 for earlier versions)" : (minimum ?? "1.0.2") + " or later"));
            if (row?.OpenSsl != null) packages.Add(row.OpenSsl);
            needs.Add("GSSAPI (libgssapi_krb5.so.2), only for Negotiate/Kerberos authentication");
            if (row?.Krb5 != null) packages.Add(row.Krb5);
            string where = baseline.Image is ImageSpec described
                ? " The image " + baseline.Id + " has " + (described.Icu ? "ICU, " : "no ICU, ") + "OpenSSL " +
                  (baseline.ProvidesLibrary("libgssapi_krb5.so.2") ? "and GSSAPI." : "and no GSSAPI.")
                : row is null
                ? (baseline.IsCustom || baseline.IsManylinux ? "" : " GlibcGuard has no package names for " + baseline.Id + ".")
                : row.Install != null && packages.Count > 0
                    ? " On " + baseline.Id + ": " + row.Install + " " + string.Join(" ", packages) +
                      (row.Minimal != null ? " (" + row.Minimal + ")." : ".")
                    : " GlibcGuard has no package names for " + baseline.Id + ".";
            return new Finding(DiagnosticId.RuntimePrerequisites, Severity.Info, "",
                "The .NET runtime in this app loads, with dlopen and so unseen by any ELF check: " + string.Join("; ", needs) + "." + where);
        }

        // GG2005
        internal static Finding NotALinuxTarget(AnalysisInput input, Baseline baseline) =>
            new Finding(DiagnosticId.NotALinuxTarget, Severity.Info, input.Facts.Path,
                input.Describe() + " sits under runtimes/" + input.Rid + "/, a folder for another operating system than Linux; the .NET SDK does " +
                "not publish it for a Linux runtime identifier, so it is listed and not judged against " + baseline.Id + ".");

        // GG2006
        internal static Finding MuslFallbackBeside(AnalysisInput input) =>
            new Finding(DiagnosticId.MuslFallbackBeside, Severity.Info, input.Facts.Path,
                input.Describe() + " is a musl build of " + input.Facts.Soname + " shipped beside the glibc build of the same library, and no file here " +
                "needs it by its name: a fallback for Alpine that glibc hosts never load, so it is not judged by glibc rules.");

        // GG2007
        internal static Finding NotTakenForRid(AnalysisInput input, Baseline baseline, RuntimeIdentifier target) =>
            new Finding(DiagnosticId.NotTakenForRid, Severity.Info, input.Facts.Path,
                input.Describe() + " sits under runtimes/" + input.Rid + "/, which a publish for " + target + " does not take (it takes " +
                target.FallbackList() + "); it is listed and not judged against " + baseline.Id + ".");

        // GG2008: needs of a library GlibcGuard has no version data for on the baseline.
        internal static Finding VersionNotChecked(AnalysisInput input, LibraryVersionNeeds library, List<VersionNeedFacts> needs, Baseline baseline)
        {
            List<string> names = needs.Select(n => n.Name).Distinct().OrderBy(n => VersionNode.Parse(n)).ToList();
            return new Finding(DiagnosticId.VersionNotChecked, Severity.Info, input.Facts.Path,
                input.Describe() + " needs " + string.Join(", ", names) + " from " + library.Library + ", and GlibcGuard has no version data for " +
                library.Library + " on " + baseline.Id + ": " + (names.Count == 1 ? "this need is" : "these needs are") +
                " not checked. The loader refuses the file where the installed " + library.Library + " does not define " + (names.Count == 1 ? "it" : "them") + ".",
                null, library.Library, names[names.Count - 1], needs.SelectMany(n => n.Symbols).Distinct().ToList());
        }

        /// <summary>
        /// How to get a library into a .NET container image: for a full image, the release's package that ships it
        /// (its Contents index) in the Dockerfile; for a chiseled one (no package manager), the -extra or full variant
        /// when that has it, else the full image with the package, else shipping it beside the file.
        /// </summary>
        internal static string ImageFix(Baseline baseline, string soname)
        {
            ImageSpec image = baseline.Image!;
            if (!BaselineCatalog.TryGet(image.Distro, out Baseline distro))
            {
                // An Alpine image: no release data behind it, so no package to name.
                return "add the package that provides " + soname + " to the image, or ship it beside the file.";
            }
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

        /// <summary>
        /// The fix for a version the baseline lacks (GG1001) or a symbol it does not export (GG1013): what to do
        /// depends on what the file is (a NativeAOT program, a Go program, the .NET runtime's own file, a package's).
        /// </summary>
        internal static string VersionFix(AnalysisInput input, Baseline baseline, AnalysisOptions options)
        {
            BinaryFacts f = input.Facts;
            string era = Era(baseline);
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
                return PackageFix(input, input.Alternative, era, baseline, options);
            }
            return PlainVersionFix(baseline);
        }

        /// <summary>
        /// A package file's fix: which of the project's references pulled it in (from project.assets.json), and,
        /// when a version of it fits, the exact line that pins that version, in the project's own style (Central
        /// Package Management or not), with what pinning below a parent's request means to NuGet (NU1605).
        /// </summary>
        internal static string PackageFix(AnalysisInput input, PackageAlternative? fits, string era, Baseline baseline, AnalysisOptions options)
        {
            string id = input.PackageId!;
            ProjectAssets? assets = options.Assets;
            var chain = assets?.ChainTo(id);
            string via = chain != null && chain.Count > 1
                ? id + " " + input.PackageVersion + " comes via " + string.Join(" → ", chain.Take(chain.Count - 1).Select(s => s.Id + " " + s.Version)) + ". "
                : "";
            string ask = "ask its maintainers to build it for " + era + " (glibc " + baseline.GlibcVersion + ")";
            if (fits is null)
            {
                return via + "use a version of " + id + " built for an older glibc" +
                    (options.SearchPackageCache
                        ? options.FeedsSearched ? " (none in the local package cache, the folder feeds or the project's feeds fits)"
                        : " (none in the local package cache or the folder feeds fits; GlibcGuardSearchFeeds=true looks on the project's feeds too)"
                        : "") +
                    ", or " + ask + ".";
            }
            string found = id + " " + fits.Version + " fits " + era + " (found in " + fits.Where + ")";
            string project = options.ProjectFile != null ? System.IO.Path.GetFileName(options.ProjectFile) : "the project file";
            if (assets is null)
            {
                return found + ": reference that version, or " + ask + ".";
            }
            bool direct = assets.IsDirect(id);
            var above = assets.Dependents(id).Where(d => VersionRangeStart(d.Range) is string low && VersionNode.CompareVersions(low, fits.Version) > 0).ToList();
            string noWarn = above.Count > 0 ? @" NoWarn=""NU1605""" : "";
            string line = assets.CentralPackageManagement
                ? (direct
                    ? "set <PackageVersion Include=\"" + id + "\" Version=\"" + fits.Version + "\" /> in Directory.Packages.props"
                    : "add <PackageVersion Include=\"" + id + "\" Version=\"" + fits.Version + "\" /> to Directory.Packages.props and <PackageReference Include=\"" + id + "\"" + noWarn + " /> to " + project)
                : (direct ? "set " : "add ") + "<PackageReference Include=\"" + id + "\" Version=\"" + fits.Version + "\"" + noWarn + " /> " + (direct ? "in " : "to ") + project;
            string downgrade = above.Count == 0 ? "" :
                " That is below what " + string.Join(" and ", above.Select(d => d.Id + " " + d.Version + " asks for (" + VersionRangeStart(d.Range) + " or later)")) +
                ": NuGet reports such a pin as a downgrade (NU1605, an error by default), which NoWarn on that reference accepts; the package above then runs with the older file, so test it.";
            return via + found + ": " + line + "." + downgrade;
        }

        /// <summary>The lower bound of a NuGet version range ("[2.1.12, )" → "2.1.12", "2.1.12" → "2.1.12"), or null.</summary>
        private static string? VersionRangeStart(string range)
        {
            string r = range.Trim().TrimStart('[', '(');
            int comma = r.IndexOf(',');
            if (comma >= 0) r = r.Substring(0, comma);
            r = r.TrimEnd(']', ')').Trim();
            return r.Length == 0 ? null : r;
        }

        /// <summary>"centos8 (glibc 2.28)".</summary>
        internal static string BaselineName(Baseline b)
        {
            // "centos8 (glibc 2.28)" is said in most findings of a folder, all on one baseline: the last one is kept.
            if (ReferenceEquals(t_namedBaseline, b) && t_baselineName != null) return t_baselineName;
            string name = b.Id + " (glibc " + b.GlibcVersion + ")";
            t_namedBaseline = b;
            t_baselineName = name;
            return name;
        }

        [ThreadStatic] private static Baseline? t_namedBaseline, t_fixedBaseline;
        [ThreadStatic] private static string? t_baselineName, t_plainVersionFix;

        /// <summary>The fix for a file GlibcGuard knows nothing more about (made once per baseline, as <see cref="BaselineName"/>).</summary>
        private static string PlainVersionFix(Baseline b)
        {
            if (ReferenceEquals(t_fixedBaseline, b) && t_plainVersionFix != null) return t_plainVersionFix;
            string fix = "build it on a system or container as old as " + Era(b) + " (or link against an older glibc sysroot).";
            t_fixedBaseline = b;
            t_plainVersionFix = fix;
            return fix;
        }

        private static string Era(Baseline b) => b.IsCustom ? "glibc " + b.GlibcVersion : b.Id;

        private static string PortList(Baseline b) =>
            b.Ports is null ? "any" : "it ships " + string.Join(", ", b.Ports.Select(p => p.Name));

        /// <summary>What a verdict rests on when the data has no version sets for the file's architecture.</summary>
        private static string NumberOnly(Baseline b, Architecture machine) =>
            b.IsCustom || b.HasVersionData(machine) ? "" : " (the data has no " + machine + " version sets for " + b.Id + ": compared by GLIBC number only)";
    }
}
