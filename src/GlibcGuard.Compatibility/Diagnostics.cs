using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// One code, declared once: its title, the severity it has by default and the other severities some cases give
    /// it (each documented in docs/diagnostics.md, which a test checks against this registry), and its help link.
    /// </summary>
    internal sealed class Diagnostic
    {
        internal Diagnostic(DiagnosticId id, string title, Severity severity, params Severity[] also)
        {
            Id = id;
            Title = title;
            Severity = severity;
            Also = also;
        }

        public DiagnosticId Id { get; }
        /// <summary>"GG1001".</summary>
        public string Code => Id.AsString();
        /// <summary>The heading of its section in docs/diagnostics.md, and the SARIF rule's short description.</summary>
        public string Title { get; }
        /// <summary>The severity it has unless a documented case says otherwise.</summary>
        public Severity Severity { get; }
        /// <summary>The other severities documented cases give it (GG1018: an error when nothing in the set can run there).</summary>
        public IReadOnlyList<Severity> Also { get; }
        public string HelpLink => Id.HelpLink();

        /// <summary>True for <see cref="Severity"/> and each of <see cref="Also"/>.</summary>
        public bool Allows(Severity severity) => severity == Severity || Also.Contains(severity);
    }

    /// <summary>
    /// The registry: every <see cref="DiagnosticId"/> with its <see cref="Diagnostic"/>. Findings, the command line's
    /// own messages (<see cref="Line"/>), MSBuild's coded messages, the SARIF rule metadata and `glibcguard explain`
    /// read it; a finding or message with a severity the registry does not allow for its code fails the tests
    /// (<see cref="Note"/>).
    /// </summary>
    internal static partial class Diagnostics
    {
        private static readonly Diagnostic[] s_all = InCodeOrder(new[]
        {
            new Diagnostic(DiagnosticId.MalformedElf, "The ELF file is malformed and could not be checked", Severity.Warning),
            new Diagnostic(DiagnosticId.UnreadableFile, "The file could not be read", Severity.Warning, Severity.Error),
            new Diagnostic(DiagnosticId.RecoverableDamage, "The ELF file is damaged but readable", Severity.Info),
            new Diagnostic(DiagnosticId.MalformedContainer, "A single-file bundle or package could not be read", Severity.Warning),
            new Diagnostic(DiagnosticId.NotElf, "A file named for checking is not an ELF file", Severity.Warning),
            new Diagnostic(DiagnosticId.NothingToCheck, "No ELF file was found to check", Severity.Error),
            new Diagnostic(DiagnosticId.ReadBudgetExceeded, "A container would take more than its read budget", Severity.Warning),
            new Diagnostic(DiagnosticId.ImageEntryRefused, "A container image's layer holds an entry that is left out", Severity.Warning),
            new Diagnostic(DiagnosticId.VersionMissing, "A needed symbol version is missing on the baseline", Severity.Error),
            new Diagnostic(DiagnosticId.PrivateVersion, "The file needs GLIBC_PRIVATE", Severity.Error),
            new Diagnostic(DiagnosticId.WeakVersionMissing, "A weak symbol version need is missing on the baseline", Severity.Warning),
            new Diagnostic(DiagnosticId.LibraryMissing, "A needed library is not on the baseline and not shipped", Severity.Warning, Severity.Info),
            new Diagnostic(DiagnosticId.MuslOnGlibcTarget, "A musl-linked file in a glibc target", Severity.Error),
            new Diagnostic(DiagnosticId.GlibcOnMuslTarget, "A glibc-linked file in a musl target", Severity.Error),
            new Diagnostic(DiagnosticId.MixedLibc, "A file mixes glibc and musl", Severity.Error),
            new Diagnostic(DiagnosticId.ArchitectureMismatch, "A file for another architecture than the target", Severity.Error),
            new Diagnostic(DiagnosticId.KernelTooNew, "The file's minimum kernel is newer than the baseline's", Severity.Warning),
            new Diagnostic(DiagnosticId.IsaLevelTooHigh, "The file needs a newer x86-64 level than the baseline's CPUs", Severity.Warning),
            new Diagnostic(DiagnosticId.ExecutableStack, "The file asks for an executable stack", Severity.Warning),
            new Diagnostic(DiagnosticId.AbsoluteSearchPath, "RPATH or RUNPATH searches an absolute or empty path", Severity.Warning),
            new Diagnostic(DiagnosticId.SymbolMissing, "An imported symbol is missing on the baseline", Severity.Error),
            new Diagnostic(DiagnosticId.RuntimeFloorAboveBaseline, "The .NET runtime needs a newer glibc than the baseline", Severity.Error),
            new Diagnostic(DiagnosticId.NonstandardInterpreter, "The file's dynamic loader path does not exist on the target", Severity.Error),
            new Diagnostic(DiagnosticId.OpenSslTooOld, "The baseline's OpenSSL is older than the .NET runtime needs", Severity.Warning),
            new Diagnostic(DiagnosticId.ForeignLibc, "Linked against a C library that is neither glibc nor musl", Severity.Error),
            new Diagnostic(DiagnosticId.ArchitectureNotShipped, "Built for an architecture the baseline's distro does not ship", Severity.Info, Severity.Error),
            new Diagnostic(DiagnosticId.IcuMissing, "The app needs ICU and the baseline's minimal install has none", Severity.Warning),
            new Diagnostic(DiagnosticId.OpenSslMissing, "The app may use OpenSSL and the baseline's minimal install has none", Severity.Warning, Severity.Info),
            new Diagnostic(DiagnosticId.StaticGlibcLoadsModules, "A static glibc that still loads NSS or iconv modules from the target", Severity.Warning),
            new Diagnostic(DiagnosticId.FloorRose, "A file needs more than its earlier version did", Severity.Warning, Severity.Error),
            new Diagnostic(DiagnosticId.StaticBinary, "The file is statically linked", Severity.Info),
            new Diagnostic(DiagnosticId.GoBinary, "The file is a Go program", Severity.Info),
            new Diagnostic(DiagnosticId.Summary, "Summary of a check", Severity.Info),
            new Diagnostic(DiagnosticId.RuntimePrerequisites, "Libraries the .NET runtime loads at run time", Severity.Info),
            new Diagnostic(DiagnosticId.NotALinuxTarget, "A package file for another operating system, not judged", Severity.Info),
            new Diagnostic(DiagnosticId.MuslFallbackBeside, "A musl build shipped beside the glibc build of the same library", Severity.Info),
            new Diagnostic(DiagnosticId.NotTakenForRid, "A package file for another runtime identifier than the target, not judged", Severity.Info),
            new Diagnostic(DiagnosticId.VersionNotChecked, "A version need GlibcGuard has no data for, not checked", Severity.Info),
            new Diagnostic(DiagnosticId.UnknownBaseline, "Unknown baseline name", Severity.Error),
            new Diagnostic(DiagnosticId.BadSuppressionFile, "A suppression entry could not be read", Severity.Error),
            new Diagnostic(DiagnosticId.InternalError, "GlibcGuard failed unexpectedly", Severity.Error),
            new Diagnostic(DiagnosticId.ZigUnavailable, "zig is needed to link against the baseline and was not found or does not run", Severity.Error),
            new Diagnostic(DiagnosticId.LinkToBaselineNotPossible, "GlibcGuardLinkToBaseline cannot link this publish", Severity.Error),
            new Diagnostic(DiagnosticId.ReportNotWritten, "A report could not be written", Severity.Error, Severity.Warning),
            new Diagnostic(DiagnosticId.UnknownRuntimeIdentifier, "The runtime identifier is not a Linux one", Severity.Error),
            new Diagnostic(DiagnosticId.ContainerImageUnknown, "The container's base image has no GlibcGuard baseline", Severity.Warning),
        });

        private static Diagnostic[] InCodeOrder(Diagnostic[] all)
        {
            Array.Sort(all, (a, b) => ((int)a.Id).CompareTo((int)b.Id));
            return all;
        }

        /// <summary>Every code, in code order.</summary>
        public static IReadOnlyList<Diagnostic> All => s_all;

        /// <summary>The code's declaration.</summary>
        public static Diagnostic Of(DiagnosticId id) => TryOf(id, out Diagnostic d) ? d : throw new KeyNotFoundException(id.AsString());

        // The codes in order, searched by halves: no table to build for a run that reports one finding.
        private static bool TryOf(DiagnosticId id, out Diagnostic found)
        {
            int lo = 0, hi = s_all.Length - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                int c = ((int)s_all[mid].Id).CompareTo((int)id);
                if (c == 0)
                {
                    found = s_all[mid];
                    return true;
                }
                if (c < 0) lo = mid + 1;
                else hi = mid - 1;
            }
            found = null!;
            return false;
        }

        /// <summary>
        /// Checks a use of <paramref name="id"/> at <paramref name="severity"/> against the registry. A use it does not
        /// declare is a bug in GlibcGuard: with GLIBCGUARD_STRICT_DIAGNOSTICS=1 (the test suite sets it, for its own
        /// process and every build it starts) it throws; a user's run is never stopped for it.
        /// </summary>
        internal static void Note(DiagnosticId id, Severity severity)
        {
            if ((!TryOf(id, out Diagnostic d) || !d.Allows(severity)) &&
                Environment.GetEnvironmentVariable("GLIBCGUARD_STRICT_DIAGNOSTICS") == "1")
            {
                throw new InvalidOperationException(id.AsString() + " used as " + severity.Name() + ", which the diagnostic registry does not declare");
            }
        }

        /// <summary>
        /// The command line's own message for a code: "glibcguard: error GG0002: missing.so: no such file or
        /// directory", at the code's default severity unless a declared other one is given.
        /// </summary>
        public static string Line(DiagnosticId id, string message, Severity? severity = null)
        {
            Severity s = severity ?? Of(id).Severity;
            Note(id, s);
            return "glibcguard: " + s.Name() + " " + id.AsString() + ": " + message;
        }
    }
}
