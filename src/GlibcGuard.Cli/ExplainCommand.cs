using System;
using System.IO;
using System.Linq;
using System.Text;
using GlibcGuard.Compatibility;

namespace GlibcGuard.Cli
{
    /// <summary>
    /// `glibcguard explain [CODE]`: a code's section of docs/diagnostics.md, embedded in the tool, so that a code
    /// explains itself offline; without a code, every code with its title.
    /// </summary>
    internal static class ExplainCommand
    {
        public static CliCommand Command(TextWriter stdout, TextWriter stderr) =>
            new CliCommand("explain", "Explain a diagnostic code: what it means and how to fix it (the text of docs/diagnostics.md).",
                result => Run(result.Arguments.Count > 0 ? result.Arguments[0] : null, stdout, stderr))
            {
                Arguments = new[] { ("code", "A code such as GG1001 (or 1001); without one, every code with its title.") },
                MaxArguments = 1,
            };

        internal static int Run(string? code, TextWriter stdout, TextWriter stderr)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                foreach (Diagnostic d in Diagnostics.All)
                {
                    stdout.WriteLine(d.Code + "  " + d.Severity.Name().PadRight(8) + d.Title);
                }
                return ExitCodes.Ok;
            }
            string wanted = code!.Trim().ToUpperInvariant();
            if (!wanted.StartsWith("GG", StringComparison.Ordinal)) wanted = "GG" + wanted;
            string? section = Section(Docs(), wanted);
            if (section is null)
            {
                stderr.WriteLine("glibcguard: error: '" + code + "' is not a GlibcGuard code; 'glibcguard explain' lists them.");
                return ExitCodes.Usage;
            }
            stdout.WriteLine(section);
            return ExitCodes.Ok;
        }

        /// <summary>The text under "## CODE" up to the next heading, without the heading's hashes.</summary>
        internal static string? Section(string docs, string code)
        {
            string heading = "## " + code;
            string[] lines = docs.Replace("\r\n", "\n").Split('\n');
            int start = Array.FindIndex(lines, l => l.TrimEnd() == heading);
            if (start < 0) return null;
            var sb = new StringBuilder(code).Append('\n');
            for (int i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
            {
                sb.Append(lines[i]).Append('\n');
            }
            return sb.ToString().TrimEnd();
        }

        internal static string Docs()
        {
            using Stream stream = typeof(ExplainCommand).Assembly.GetManifestResourceStream("diagnostics.md")
                ?? throw new InvalidOperationException("the diagnostics text is not embedded in this build");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
    }
}
