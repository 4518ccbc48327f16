using System.Globalization;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// Stable finding codes, rendered GG0001…. Ranges: GG0xxx input that cannot be read, GG1xxx the file will
    /// not run on the baseline, GG2xxx information, GG9xxx configuration and tool errors. A code is never
    /// reused; a retired one stays here as _unused_Name. Each has a section in docs/diagnostics.md.
    /// </summary>
    internal enum DiagnosticId
    {
        // Input that cannot be read.
        MalformedElf = 1,
        UnreadableFile = 2,
        RecoverableDamage = 3,
        MalformedContainer = 4,
        NotElf = 5,
        NothingToCheck = 6,
        ReadBudgetExceeded = 7,
        ImageEntryRefused = 8,

        // The file will not run (or not run safely) on the baseline.
        VersionMissing = 1001,
        PrivateVersion = 1002,
        WeakVersionMissing = 1003,
        LibraryMissing = 1004,
        MuslOnGlibcTarget = 1005,
        GlibcOnMuslTarget = 1006,
        MixedLibc = 1007,
        ArchitectureMismatch = 1008,
        KernelTooNew = 1009,
        IsaLevelTooHigh = 1010,
        ExecutableStack = 1011,
        AbsoluteSearchPath = 1012,
        SymbolMissing = 1013,
        RuntimeFloorAboveBaseline = 1014,
        NonstandardInterpreter = 1015,
        OpenSslTooOld = 1016,
        ForeignLibc = 1017,
        ArchitectureNotShipped = 1018,
        IcuMissing = 1019,
        OpenSslMissing = 1020,
        StaticGlibcLoadsModules = 1021,
        FloorRose = 1022,

        // Information.
        StaticBinary = 2001,
        GoBinary = 2002,
        Summary = 2003,
        RuntimePrerequisites = 2004,
        NotALinuxTarget = 2005,
        MuslFallbackBeside = 2006,
        NotTakenForRid = 2007,
        VersionNotChecked = 2008,

        // Configuration and tool errors.
        UnknownBaseline = 9001,
        BadSuppressionFile = 9002,
        InternalError = 9003,
        ZigUnavailable = 9004,
        LinkToBaselineNotPossible = 9005,
        ReportNotWritten = 9006,
        UnknownRuntimeIdentifier = 9007,
        ContainerImageUnknown = 9008,
    }

    /// <summary>Rendering of <see cref="DiagnosticId"/>.</summary>
    internal static class DiagnosticIdExtensions
    {
        /// <summary>"GG1001".</summary>
        public static string AsString(this DiagnosticId id)
        {
            // A report says the same code finding after finding: the last one made on this thread is kept.
            if (t_lastCode is string last && t_lastId == id) return last;
            int n = (int)id;
            string code = n >= 0 && n <= 9999
                ? new string(new[] { 'G', 'G', (char)('0' + n / 1000), (char)('0' + n / 100 % 10), (char)('0' + n / 10 % 10), (char)('0' + n % 10) })
                : "GG" + n.ToString(CultureInfo.InvariantCulture);
            t_lastId = id;
            t_lastCode = code;
            return code;
        }

        [System.ThreadStatic] private static DiagnosticId t_lastId;
        [System.ThreadStatic] private static string? t_lastCode;

        /// <summary>The documentation page for a code.</summary>
        public static string HelpLink(this DiagnosticId id) => DocsBase + "#" + id.AsString().ToLowerInvariant();

        /// <summary>
        /// Where docs/diagnostics.md is published: the repository's RepositoryUrl (Directory.Build.props, the one
        /// place the project's address is written) + /blob/main/docs/diagnostics.md, stamped into this assembly
        /// at build time. The same file ships in the GlibcGuard package (docs/) and in the tool (glibcguard explain).
        /// </summary>
        public const string DocsBase = ToolVersion.DiagnosticsUrl;
    }
}
