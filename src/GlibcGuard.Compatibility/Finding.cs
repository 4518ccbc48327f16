using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>How serious a finding is. Error fails `glibcguard check`; in MSBuild, errors and warnings are warnings unless promoted.</summary>
    internal enum Severity
    {
        /// <summary>Worth knowing; nothing is wrong.</summary>
        Info,
        /// <summary>May fail on the target, or is risky.</summary>
        Warning,
        /// <summary>Will fail on the target.</summary>
        Error,
    }

    internal static class SeverityNames
    {
        /// <summary>The word reports use for <paramref name="severity"/> ("error", "warning", "info"), without Enum's reflection.</summary>
        public static string Name(this Severity severity) => severity switch
        {
            Severity.Error => "error",
            Severity.Warning => "warning",
            _ => "info",
        };
    }

    /// <summary>One judgement about one file (or, for set-wide findings, about the set). Immutable, with value equality.</summary>
    internal sealed class Finding : IEquatable<Finding>
    {
        /// <summary>A rule's finding: its severity must be one the registry declares for the code (<see cref="Diagnostics"/>).</summary>
        public Finding(DiagnosticId id, Severity severity, string file, string message, string? fix = null,
            string? library = null, string? version = null, IReadOnlyList<string>? symbols = null, string? reason = null)
            : this(id, severity, file, message, fix, library, version, symbols, reason, declared: true)
        {
        }

        private Finding(DiagnosticId id, Severity severity, string file, string message, string? fix,
            string? library, string? version, IReadOnlyList<string>? symbols, string? reason, bool declared)
        {
            if (declared) Diagnostics.Note(id, severity);
            _reasonText = reason;
            Id = id;
            Severity = severity;
            File = file;
            _template = message;
            Fix = fix;
            Library = library;
            Version = version;
            Symbols = symbols ?? Array.Empty<string>();
        }

        /// <summary>The rule.</summary>
        public DiagnosticId Id { get; }
        /// <summary>GG1001 and so on.</summary>
        public string Code => Id.AsString();
        /// <summary>How serious it is.</summary>
        public Severity Severity { get; }
        /// <summary>The file the finding is about (as displayed), or "" for the whole set.</summary>
        public string File { get; }
        /// <summary>What is wrong, in a sentence or two.</summary>
        public string Message => Render(_template, Symbols);

        private readonly string _template;

        /// <summary>
        /// Where a message lists <see cref="Symbols"/>: ": symbol x" or ": symbols a, b, c, d, e and 2 more". The
        /// list is rendered from the symbols the finding has now, so a suppression that removes some symbols
        /// removes them from the text too, and the count stays right.
        /// </summary>
        internal const string SymbolListHere = "\u0001symbol-list\u0001";

        /// <summary>Where a message names every one of <see cref="Symbols"/>, comma-separated.</summary>
        internal const string SymbolNamesHere = "\u0001symbol-names\u0001";

        private const int SymbolsInMessage = 5;
        private const string OneSymbol = ": symbol ", ManySymbols = ": symbols ", AndMore = " and ", More = " more";

        private static string Render(string template, IReadOnlyList<string> symbols)
        {
            if (template.IndexOf('\u0001') < 0) return template;
            string list = symbols.Count == 0 ? ""
                : (symbols.Count == 1 ? OneSymbol : ManySymbols) + string.Join(", ", symbols.Take(SymbolsInMessage)) +
                  (symbols.Count > SymbolsInMessage ? AndMore + (symbols.Count - SymbolsInMessage) + More : "");
            return template.Replace(SymbolListHere, list).Replace(SymbolNamesHere, string.Join(", ", symbols));
        }

        /// <summary>The message as the rule wrote it, with its placeholders (a report that writes the message in pieces).</summary>
        internal string Template => _template;

        /// <summary>What <see cref="SymbolListHere"/> stands for, written to <paramref name="w"/> without making the text first.</summary>
        internal void WriteSymbolList(System.IO.TextWriter w)
        {
            IReadOnlyList<string> symbols = Symbols;
            if (symbols.Count == 0) return;
            w.Write(symbols.Count == 1 ? OneSymbol : ManySymbols);
            for (int i = 0; i < symbols.Count && i < SymbolsInMessage; i++)
            {
                if (i > 0) w.Write(", ");
                w.Write(symbols[i]);
            }
            if (symbols.Count > SymbolsInMessage)
            {
                w.Write(AndMore);
                w.Write(symbols.Count - SymbolsInMessage);
                w.Write(More);
            }
        }

        /// <summary>
        /// For a finding that keeps the file from loading, the obstacle in a few words ("libfoo.so needs GLIBC_2.34
        /// (libc.so.6)"), as "runs on", the matrix and the per-RID verdicts name it; else the message.
        /// </summary>
        public string Reason => _reasonText is null ? Message : _reasonText.IndexOf('\u0001') < 0 ? _reasonText : RenderReason(_reasonText);

        /// <summary>In a reason: the name of <see cref="File"/> without folders ("libfoo.so.1").</summary>
        internal const string FileNameHere = "\u0001file\u0001";
        /// <summary>In a reason: <see cref="Version"/>.</summary>
        internal const string VersionHere = "\u0001version\u0001";
        /// <summary>In a reason: <see cref="Library"/>.</summary>
        internal const string LibraryHere = "\u0001library\u0001";

        /// <summary>
        /// The reason of a missing version, "libfoo.so.1 needs GLIBC_2.34 (libc.so.6)", made from the finding's own
        /// data when read: the rules judge every file on every built-in baseline, and most of those reasons are never shown.
        /// </summary>
        internal const string NeedsVersionReason = FileNameHere + " needs " + VersionHere + " (" + LibraryHere + ")";

        private string RenderReason(string template) =>
            template.Replace(FileNameHere, AnalysisInput.FileNameOf(File)).Replace(VersionHere, Version ?? "").Replace(LibraryHere, Library ?? "");

        private readonly string? _reasonText;

        /// <summary>How to fix it, or null.</summary>
        public string? Fix { get; }
        /// <summary>The library (soname) involved, if any.</summary>
        public string? Library { get; }
        /// <summary>The version node involved, if any.</summary>
        public string? Version { get; }
        /// <summary>Every symbol involved (all of them; text output shows the first few).</summary>
        public IReadOnlyList<string> Symbols { get; }
        /// <summary>The documentation link for the code.</summary>
        public string HelpLink => Id.HelpLink();

        /// <summary>The message followed by the fix.</summary>
        public string FullMessage => Fix is null ? Message : Message + " Fix: " + Fix;

        /// <summary>A copy with the severity a front end reported (MSBuild's promotions and NoWarn: the user's choice, not a rule's).</summary>
        public Finding WithSeverity(Severity severity) =>
            severity == Severity ? this : new Finding(Id, severity, File, _template, Fix, Library, Version, Symbols, _reasonText, declared: false);

        /// <summary>A copy with fewer symbols (suppressions remove symbols one by one); its message is rendered anew.</summary>
        public Finding WithSymbols(IReadOnlyList<string> symbols) =>
            new Finding(Id, Severity, File, _template, Fix, Library, Version, symbols, _reasonText, declared: false);

        public bool Equals(Finding? other) =>
            other is not null && Id == other.Id && Severity == other.Severity && File == other.File && Message == other.Message &&
            Fix == other.Fix && Library == other.Library && Version == other.Version && Symbols.SequenceEqual(other.Symbols);

        public override bool Equals(object? obj) => Equals(obj as Finding);

        public override int GetHashCode() => (int)Id * 31 + StringComparer.Ordinal.GetHashCode(File) * 17 + StringComparer.Ordinal.GetHashCode(Message);

        /// <summary>The compiler-style line: "file: error GG1001: message Fix: …".</summary>
        public override string ToString() =>
            (File.Length == 0 ? "glibcguard" : File) + ": " + Severity.Name() + " " + Code + ": " + FullMessage;
    }
}
