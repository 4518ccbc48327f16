using System;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// The front ends' own words (the MSBuild tasks', the command line's), beside the rules': each is built here, so a
    /// message reads the same wherever it is shown and its code's section in docs/diagnostics.md can be found from it.
    /// </summary>
    internal static partial class Diagnostics
    {
        // GG9003: the one place an unexpected failure surfaces.
        internal static string InternalFailure(Exception e) => "GlibcGuard failed unexpectedly: " + e.GetType().Name + ": " + e.Message;

        // GG9001, by the setting that named the unknown baseline ("GlibcGuardBaseline", "--baseline", "Baseline metadata").
        internal static string UnknownBaselineSetting(string setting, string name) => setting + " " + BaselineCatalog.WhyUnknown(name);

        internal static string UnknownFileBaseline(string name) =>
            "Baseline metadata '" + name + "' is not a known baseline; known: " + BaselineCatalog.KnownNames() + ".";

        // GG9005: what GlibcGuardLinkToBaseline cannot do.
        internal static string LinkMuslImage(Baseline baseline) =>
            "GlibcGuardLinkToBaseline links against glibc, and " + baseline.Id + " is an Alpine image, which has musl: publish for linux-musl-* instead.";

        internal static string LinkNotGlibcRid(string rid, bool musl) =>
            "GlibcGuardLinkToBaseline links against glibc, and " + rid + " is not a glibc runtime identifier" +
            (musl ? " (musl has no symbol versions to pin; publish for it as usual)" : "") + ".";

        internal static string LinkArchitecture(string rid) =>
            "GlibcGuardLinkToBaseline links NativeAOT executables for linux-x64 and linux-arm64; " + rid + " is not supported.";

        internal static string LinkNoZigTarget(Baseline baseline, Architecture machine) =>
            "zig has no glibc " + baseline.GlibcVersion + " for " + machine + " (baseline " + baseline.Id + ").";

        internal static string LinkSystemZlib(int? major) =>
            (major is int m ? "the .NET " + m + " ILCompiler links the system zlib (-lz)" : "UseSystemZlib=true makes the ILCompiler link the system zlib (-lz)") +
            ", and zig's glibc targets provide glibc's own libraries only: target net9.0 or later (where the ILCompiler builds zlib in) without " +
            "UseSystemZlib=true, or leave GlibcGuardLinkToBaseline off.";

        internal static string LinkNoObjCopy(Architecture machine) =>
            "the " + machine + " executable is stripped with objcopy, and neither llvm-objcopy nor " + machine + "-linux-gnu-objcopy is on PATH: install llvm " +
            "(Debian/Ubuntu: apt-get install llvm) or binutils-" + machine + "-linux-gnu, or set StripSymbols=false.";

        /// <summary>The high-importance line a linked publish shows.</summary>
        internal static string Linking(Baseline baseline, string zigVersion, string target) =>
            "GlibcGuard: linking against glibc " + baseline.GlibcVersion + " (" + baseline.Id + ") with zig " + zigVersion + ", -target " + target + ".";

        // GG9004: zig is missing or broken; each ends with how to get one.
        private const string ZigAdvice =
            "Install zig 0.11 or later (its release archive, or your distro's or npm's zig package), then put it on PATH or set GlibcGuardZigPath to the zig executable.";

        internal static string ZigNotAtPath(string configured) => "GlibcGuardZigPath is '" + configured + "', and there is no zig executable there. " + ZigAdvice;

        internal static string ZigNotOnPath() => "GlibcGuardLinkToBaseline needs zig, and zig is not on PATH. " + ZigAdvice;

        internal static string ZigSilent(string zig) => zig + " did not answer 'zig version' within a minute. " + ZigAdvice;

        internal static string ZigBroken(string zig, int exitCode, string said)
        {
            string shortened = said.Length > 200 ? said.Substring(0, 200) + "…" : said;
            return zig + " is not a working zig: 'zig version' " + (exitCode != 0 ? "exited with " + exitCode : "printed '" + shortened + "'") +
                (exitCode != 0 && shortened.Length > 0 ? ": " + shortened : "") + ". " + ZigAdvice;
        }

        internal static string ZigUnstartable(string zig, string why) => zig + " could not be started (" + why + "). " + ZigAdvice;

        // GG9006
        internal static string ReportNotWritten(string what, string path, string why) => what + " could not be written to " + path + ": " + why;

        // GG9008: a container base image with no baseline.
        internal static string ContainerBaseUnknown(string image, string fallback) =>
            "this publish makes a container FROM " + image + ", for which GlibcGuard has no baseline (" + ImageCatalog.WhyNoBaseline(image) +
            "). The files are checked against " + fallback + " instead; set GlibcGuardBaseline to the release the image is built on.";

        /// <summary>
        /// The one summary of a check (GG2003), both front ends'. The command line's (<paramref name="verdict"/>) says
        /// "Checked 3 ELF files against …: NOT compatible, 2 errors, 0 warnings."; MSBuild's counts what it showed
        /// ("checked 3 ELF files against centos8 (glibc 2.28): 2 problems"), with <paramref name="prefix"/> ("at build
        /// time, "), <paramref name="of"/> (" of the package X.nupkg") and the findings the build already showed. Both
        /// end with where the set runs, per RID for a portable set.
        /// </summary>
        internal static string CheckSummary(AnalysisResult result, bool verdict, int problems = 0, string prefix = "", string of = "", int shownBefore = 0)
        {
            int files = result.Files.Count, errors = result.Count(Severity.Error), warnings = result.Count(Severity.Warning), notChecked = result.Unchecked;
            string head = verdict
                ? "Checked " + files + " ELF file" + (files == 1 ? "" : "s") + " against " + result.Baseline.DisplayName + ": " +
                  (errors > 0 ? "NOT compatible" : notChecked > 0 ? "INCOMPLETE, " + notChecked + " of them could not be checked" : "compatible") + ", " +
                  errors + " error" + (errors == 1 ? "" : "s") + ", " + warnings + " warning" + (warnings == 1 ? "" : "s") + ". "
                : prefix + "checked " + files + " ELF file" + (files == 1 ? "" : "s") + of + " against " + result.Baseline.Id + " (" + result.Baseline.LibcLabel + "): " +
                  (problems == 0 ? "no problems" : problems + " problem" + (problems == 1 ? "" : "s")) +
                  (shownBefore > 0 ? " (" + shownBefore + " of them shown at build time and not repeated)" : "") + ". ";
            return head + (Analyzer.RidVerdictText(result.RidVerdicts) is string perRid ? perRid + " " : "") +
                (notChecked > 0 && errors == 0 ? "Where the set runs cannot be said until every file is read." :
                 result.RunsOn.Count == 0 ? "The set runs on none of the built-in distro baselines." : "The set runs on: " + string.Join(", ", result.RunsOn) + ".");
        }

        // The command line's own lines about its inputs.
        internal static string NoSuchPath(string path) => path + ": no such file or directory";

        internal static string NotElfNamed(string path, bool inspect = false) =>
            path + " is not an ELF file, a single-file app or a NuGet package; " + (inspect ? "nothing to inspect" : "not checked");

        internal static string NothingFound(string paths, bool allowEmpty = true) => "no ELF files found in " + paths + (allowEmpty ? " (--allow-empty accepts that)" : "");

        internal static string NotInCache(string spec, string nupkg) =>
            spec + ": not in the local NuGet cache (" + nupkg + "); restore a project that uses it, or name the .nupkg";

        internal static string Unreadable(string path, string why) => path + ": " + why;

        internal static string NothingInImage(int layers, string image) =>
            "the top " + (layers == 1 ? "layer" : layers + " layers") + " of " + image + " add no ELF file (--all judges every file of the image; --allow-empty accepts that)";

        internal static string NoPathGiven() => "check needs a path (or --root DIR)";

        internal static string NotChecked(string message) => message + "; not checked";

        // After a container publish: the image is judged later, or not at hand.
        internal static string ImageJudgedLater(string archive, string? baseImage) =>
            "GlibcGuard: this publish writes its container to " + archive + "; the image is judged against its own layers" +
            (baseImage != null ? " (base " + baseImage + ")" : "") + " once it is written, not the files against data now.";

        internal static string ImageNotJudged(string why) => why + "; the image was not judged.";

        // The feed search (GlibcGuardSearchFeeds, --search-feeds).
        internal static string FeedSearchMissing(string tool) =>
            "GlibcGuard: the feed search was asked for, but its program (" + tool + ") is not installed with GlibcGuard; the feeds were not searched.";

        internal static string FeedSearched(string packageId, string place, int exit, string said) =>
            "GlibcGuard: feeds searched for " + packageId + " (" + place + "): " + (exit == 0 ? said : "the search did not finish: " + said);

        // What a program GlibcGuard starts (the feed search) said instead of its own output.
        internal static string ProgramNotStarted(string program, string why) => program + " could not be started: " + why;

        internal static string ProgramStopped(TimeSpan limit) => "stopped after " + limit.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " minutes";
    

        // The command line's grammar (usage errors: exit 2, printed after "glibcguard: ").
        internal static string UnknownCommand(string name) => "unknown command '" + name + "'";

        internal static string UnknownOption(string token) => "unknown option '" + token + "'";

        internal static string OptionRepeated(string option) => option + " is given more than once";

        internal static string FlagTakesNoValue(string option) => option + " takes no value";

        internal static string OptionNeedsValue(string option) => option + " needs a value";

        internal static string ValueNotAllowed(string option, string value, string[] allowed) =>
            option + " takes one of " + string.Join(", ", allowed) + ", not '" + value + "'";

        internal static string NotASize(string option, string value) => option + " takes a size in bytes, such as 2G, 512M or 1000000, not '" + value + "'";

        internal static string NotACount(string option, string value) => option + " takes a whole number of 1 or more, not '" + value + "'";

        internal static string ArgumentsMissing(string command, string[] names) =>
            command + " needs " + (names.Length == 1 ? "<" + names[0] + ">" : "<" + string.Join("> and <", names) + ">");

        internal static string ArgumentUnexpected(string command, string token) => "unexpected argument '" + token + "' for " + command;

        internal static string UsageHint() => "Run 'glibcguard --help' for usage.";

        internal static string HelpOptionDescription() => "Show help and usage information";

        internal static string VersionOptionDescription() => "Show version information";
    }
}
