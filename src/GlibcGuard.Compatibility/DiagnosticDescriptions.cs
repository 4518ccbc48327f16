using System.Collections.Generic;

namespace GlibcGuard.Compatibility
{
    /// <summary>A title and the default severity of each code (the headings of docs/diagnostics.md).</summary>
    internal static class DiagnosticDescriptions
    {
        public static readonly IReadOnlyDictionary<DiagnosticId, (string Title, Severity Severity)> All = new Dictionary<DiagnosticId, (string, Severity)>
        {
            [DiagnosticId.MalformedElf] = ("The ELF file is malformed and could not be checked", Severity.Warning),
            [DiagnosticId.UnreadableFile] = ("The file could not be read", Severity.Warning),
            [DiagnosticId.RecoverableDamage] = ("The ELF file is damaged but readable", Severity.Info),
            [DiagnosticId.MalformedContainer] = ("A single-file bundle or package could not be read", Severity.Warning),
            [DiagnosticId.NotElf] = ("A file named for checking is not an ELF file", Severity.Warning),
            [DiagnosticId.NothingToCheck] = ("No ELF file was found to check", Severity.Error),
            [DiagnosticId.ReadBudgetExceeded] = ("A container would take more than its read budget", Severity.Warning),
            [DiagnosticId.VersionMissing] = ("A needed symbol version is missing on the baseline", Severity.Error),
            [DiagnosticId.PrivateVersion] = ("The file needs GLIBC_PRIVATE", Severity.Error),
            [DiagnosticId.WeakVersionMissing] = ("A weak symbol version need is missing on the baseline", Severity.Warning),
            [DiagnosticId.LibraryMissing] = ("A needed library is not on the baseline and not shipped", Severity.Warning),
            [DiagnosticId.MuslOnGlibcTarget] = ("A musl-linked file in a glibc target", Severity.Error),
            [DiagnosticId.GlibcOnMuslTarget] = ("A glibc-linked file in a musl target", Severity.Error),
            [DiagnosticId.MixedLibc] = ("A file mixes glibc and musl", Severity.Error),
            [DiagnosticId.ArchitectureMismatch] = ("A file for another architecture than the target", Severity.Error),
            [DiagnosticId.KernelTooNew] = ("The file's minimum kernel is newer than the baseline's", Severity.Warning),
            [DiagnosticId.IsaLevelTooHigh] = ("The file needs a newer x86-64 level than the baseline's CPUs", Severity.Warning),
            [DiagnosticId.ExecutableStack] = ("The file asks for an executable stack", Severity.Warning),
            [DiagnosticId.AbsoluteSearchPath] = ("RPATH or RUNPATH searches an absolute or empty path", Severity.Warning),
            [DiagnosticId.SymbolMissing] = ("An imported symbol is missing on the baseline", Severity.Error),
            [DiagnosticId.RuntimeFloorAboveBaseline] = ("The .NET runtime needs a newer glibc than the baseline", Severity.Error),
            [DiagnosticId.NonstandardInterpreter] = ("The file's dynamic loader path does not exist on the target", Severity.Error),
            [DiagnosticId.OpenSslTooOld] = ("The baseline's OpenSSL is older than the .NET runtime needs", Severity.Warning),
            [DiagnosticId.ForeignLibc] = ("Linked against a C library that is neither glibc nor musl", Severity.Error),
            [DiagnosticId.ArchitectureNotShipped] = ("Built for an architecture the baseline's distro does not ship", Severity.Info),
            [DiagnosticId.IcuMissing] = ("The app needs ICU and the baseline's minimal install has none", Severity.Warning),
            [DiagnosticId.OpenSslMissing] = ("The app may use OpenSSL and the baseline's minimal install has none", Severity.Warning),
            [DiagnosticId.StaticBinary] = ("The file is statically linked", Severity.Info),
            [DiagnosticId.GoBinary] = ("The file is a Go program", Severity.Info),
            [DiagnosticId.Summary] = ("Summary of a check", Severity.Info),
            [DiagnosticId.RuntimePrerequisites] = ("Libraries the .NET runtime loads at run time", Severity.Info),
            [DiagnosticId.NotALinuxTarget] = ("A package file for another operating system, not judged", Severity.Info),
            [DiagnosticId.MuslFallbackBeside] = ("A musl build shipped beside the glibc build of the same library", Severity.Info),
            [DiagnosticId.NotTakenForRid] = ("A package file for another runtime identifier than the target, not judged", Severity.Info),
            [DiagnosticId.VersionNotChecked] = ("A version need GlibcGuard has no data for, not checked", Severity.Info),
            [DiagnosticId.UnknownBaseline] = ("Unknown baseline name", Severity.Error),
            [DiagnosticId.BadSuppressionFile] = ("A suppression entry could not be read", Severity.Error),
            [DiagnosticId.InternalError] = ("GlibcGuard failed unexpectedly", Severity.Error),
            [DiagnosticId.ZigUnavailable] = ("zig is needed to link against the baseline and was not found or does not run", Severity.Error),
            [DiagnosticId.LinkToBaselineNotPossible] = ("GlibcGuardLinkToBaseline cannot link this publish", Severity.Error),
            [DiagnosticId.ReportNotWritten] = ("A report could not be written", Severity.Error),
            [DiagnosticId.UnknownRuntimeIdentifier] = ("The runtime identifier is not a Linux one", Severity.Error),
        };
    }
}
