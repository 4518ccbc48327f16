using System;
using System.IO;
using System.Text;
using GlibcGuard.Compatibility;
using GlibcGuard.Inputs;

namespace GlibcGuard.Cli
{
    /// <summary>Entry point: the command line grammar and nothing else.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            // Standard output through one buffer of 2 K characters, flushed when full and at exit: Console.Out flushes
            // on every write, which is a system call per JSON token for a report of a thousand files. (A larger buffer
            // is memory every run touches, each fresh 4 KB of it a page fault; the writer holds its characters and
            // three bytes for each.)
            var stdout = new StreamWriter(StandardOutput.Open(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 2 * 1024) { AutoFlush = false };
            var stderr = new StandardError();
            try
            {
                try
                {
                    return Run(args, stdout, stderr);
                }
                finally
                {
                    stdout.Flush();
                }
            }
            catch (StandardOutputException e)
            {
                // A full disk or a closed descriptor: said with a code, never as a crash (a closed pipe is not this).
                stderr.WriteLine(Diagnostics.Line(DiagnosticId.ReportNotWritten, Diagnostics.ReportNotWritten("the output", "standard output", e.Message)));
                return ExitCodes.Usage;
            }
        }

        /// <summary>
        /// Stands for the list of known baselines in an option's description until help is shown: making the list
        /// builds every baseline, which a command that is not asked for help should not pay for at start-up.
        /// </summary>
        internal const string KnownBaselines = "\u0001baselines\u0001";

        // Stand for the read budget's defaults in the options' descriptions until help is shown (written in words only then).
        private const string PerContainerDefault = "\u0001per-container\u0001", PerRunDefault = "\u0001per-run\u0001";

        private const string Description = "GlibcGuard: finds native Linux binaries that need a newer glibc (or another libc) than the target offers. It reads the files; it never runs them.\n\n" +
            ExitCodes.Help + "\n\nExamples:\n  glibcguard check ./publish --baseline centos8 --rid linux-x64\n  glibcguard explain GG1001";

        internal static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            // `glibcguard`, `glibcguard help [COMMAND]`, `glibcguard --help` and an unknown command print help.
            if (args.Length == 0 || args[0] == "help" || CommandLine.IsHelp(args[0]))
            {
                CliCommand? asked = args.Length > 1 && args[0] == "help" ? Make(args[1], stdout, stderr) : null;
                if (asked != null) WriteHelp(asked, stdout);
                else CommandLine.WriteRootHelp(Description, Commands(stdout, stderr), stdout);
                return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
            }
            if (args[0] == "--version")
            {
                stdout.WriteLine(ToolVersion.Informational);
                return ExitCodes.Ok;
            }
            CliCommand? command = Make(args[0], stdout, stderr);
            if (command is null)
            {
                stderr.WriteLine("glibcguard: " + (args[0].StartsWith("-", StringComparison.Ordinal) ? Diagnostics.UnknownOption(args[0]) : Diagnostics.UnknownCommand(args[0])));
                CommandLine.WriteRootHelp(Description, Commands(stdout, stderr), stdout);
                return ExitCodes.Usage;
            }
            var tokens = new ArraySegment<string>(args, 1, args.Length - 1);
            foreach (string token in tokens)
            {
                if (token == "--") break;
                if (CommandLine.IsHelp(token))
                {
                    WriteHelp(command, stdout);
                    return ExitCodes.Ok;
                }
            }
            if (!CommandLine.TryParse(command, tokens, out ParsedCommand parsed, out string error))
            {
                stderr.WriteLine("glibcguard: " + error);
                stderr.WriteLine(Diagnostics.UsageHint());
                return ExitCodes.Usage;
            }
            return command.Run(parsed);
        }

        private static readonly string[] s_commandNames = { "inspect", "check", "diff", "explain" };

        private static CliCommand[] Commands(TextWriter stdout, TextWriter stderr) =>
            Array.ConvertAll(s_commandNames, name => Make(name, stdout, stderr)!);

        /// <summary>The command called <paramref name="name"/>, or null: only the command a run asks for is made.</summary>
        private static CliCommand? Make(string name, TextWriter stdout, TextWriter stderr)
        {
            CliCommand? command = name switch
            {
                "inspect" => InspectCommand.Command(stdout, stderr),
                "check" => CheckCommand.Command(stdout, stderr),
                "diff" => DiffCommand.Command(stdout, stderr),
                "explain" => ExplainCommand.Command(stdout, stderr),
                _ => null,
            };
            return command is null || command.Name == name ? command : throw new InvalidOperationException("command " + name + " is called " + command.Name);
        }

        /// <summary>A command's help, with the list of known baselines (made only now: it builds every baseline) and the budget's defaults put in.</summary>
        private static void WriteHelp(CliCommand command, TextWriter stdout)
        {
            foreach (CliOption option in command.Options)
            {
                if (option.Description.Contains(KnownBaselines)) option.Description = option.Description.Replace(KnownBaselines, Compatibility.BaselineCatalog.KnownNames());
                option.Description = option.Description.Replace(PerContainerDefault, ReadBudget.Describe(ReadBudget.DefaultPerContainer))
                    .Replace(PerRunDefault, ReadBudget.Describe(ReadBudget.DefaultPerRun));
            }
            CommandLine.WriteHelp(command, stdout);
        }

        /// <summary>
        /// --max-container-bytes and --max-total-bytes: the read budget for what packages and single-file bundles may
        /// inflate (<see cref="ReadBudget"/>). A value that is not a size is a usage error.
        /// </summary>
        internal static (CliOption PerContainer, CliOption PerRun) BudgetOptions()
        {
            var perContainer = new CliOption("--max-container-bytes",
                "What one package or single-file bundle may inflate or copy out (default " + PerContainerDefault +
                "; K, M, G suffixes). A container over it is not read (GG0007) and the check is incomplete.")
            {
                Validate = value => ReadBudget.TryParseSize(value, out _) ? null : Diagnostics.NotASize("--max-container-bytes", value),
            };
            var perRun = new CliOption("--max-total-bytes",
                "What every container together may inflate or copy out in this run (default " + PerRunDefault + ").")
            {
                Validate = value => ReadBudget.TryParseSize(value, out _) ? null : Diagnostics.NotASize("--max-total-bytes", value),
            };
            return (perContainer, perRun);
        }

        /// <summary>The budget the two options ask for (validated already).</summary>
        internal static ReadBudget Budget(string? perContainer, string? perRun) => new ReadBudget(
            ReadBudget.TryParseSize(perContainer, out long c) ? c : ReadBudget.DefaultPerContainer,
            ReadBudget.TryParseSize(perRun, out long r) ? r : ReadBudget.DefaultPerRun);
    }
}
