using System;
using System.CommandLine;
using System.IO;
using System.Text;
using System.Linq;
using GlibcGuard.Inputs;

namespace GlibcGuard.Cli
{
    /// <summary>Entry point: the command line grammar and nothing else.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            // Standard output through one buffer of 4 K characters, flushed when full and at exit: Console.Out flushes
            // on every write, which is a system call per JSON token for a report of a thousand files. (A larger buffer
            // is memory every run touches: 16 K characters cost a one-file check about 2% of its CPU in page faults.)
            var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 4 * 1024) { AutoFlush = false };
            try
            {
                return Run(args, stdout, Console.Error);
            }
            finally
            {
                stdout.Flush();
            }
        }

        /// <summary>
        /// Stands for the list of known baselines in an option's description until help is shown: making the list
        /// builds every baseline, which a command that is not asked for help should not pay for at start-up.
        /// </summary>
        internal const string KnownBaselines = "\u0001baselines\u0001";

        internal static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            RootCommand root = BuildCommandLine(stdout, stderr);
            if (args.Length == 0 || args.Any(a => a == "--help" || a == "-h" || a == "-?" || a == "help"))
            {
                foreach (Option option in root.Subcommands.SelectMany(c => c.Options).Where(o => o.Description?.Contains(KnownBaselines) == true))
                {
                    option.Description = option.Description!.Replace(KnownBaselines, Compatibility.BaselineCatalog.KnownNames());
                }
            }
            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr };
            // `glibcguard`, `glibcguard help [COMMAND]` and an unknown command print help instead of a parse error.
            if (args.Length == 0 || args[0] == "help")
            {
                root.Parse(args.Length > 1 ? new[] { args[1], "--help" } : new[] { "--help" }).Invoke(invocation);
                return args.Length == 0 ? ExitCodes.Usage : ExitCodes.Ok;
            }
            if (!args[0].StartsWith("-", StringComparison.Ordinal) && !root.Subcommands.Any(c => c.Name == args[0]))
            {
                stderr.WriteLine("glibcguard: unknown command '" + args[0] + "'");
                root.Parse(new[] { "--help" }).Invoke(invocation);
                return ExitCodes.Usage;
            }
            ParseResult parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var error in parsed.Errors)
                {
                    stderr.WriteLine("glibcguard: " + error.Message);
                }
                stderr.WriteLine("Run 'glibcguard --help' for usage.");
                return ExitCodes.Usage;
            }
            return parsed.Invoke(invocation);
        }

        internal static RootCommand BuildCommandLine(TextWriter stdout, TextWriter stderr)
        {
            var paths = PathsArgument("ELF files or folders (searched recursively; non-ELF files are skipped).");
            var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "text" };
            format.AcceptOnlyFromAmong("text", "json");
            var (perContainer, perRun) = BudgetOptions();
            var inspect = new Command("inspect", "Print what each ELF file needs at run time: loader, libraries, symbol versions and the symbols behind them.") { paths, format, perContainer, perRun };
            inspect.SetAction(result => InspectCommand.Run(result.GetValue(paths)!, result.GetValue(format)!, stdout, stderr,
                Budget(result.GetValue(perContainer), result.GetValue(perRun))));

            var root = new RootCommand("GlibcGuard: finds native Linux binaries that need a newer glibc (or another libc) than the target offers. It reads the files; it never runs them.\n\n" +
                ExitCodes.Help + "\n\nExamples:\n  glibcguard check ./publish --baseline centos8 --rid linux-x64\n  glibcguard explain GG1001")
            {
                inspect,
            };
            CheckCommand.Add(root, stdout, stderr);
            DiffCommand.Add(root, stdout, stderr);
            ExplainCommand.Add(root, stdout, stderr);
            return root;
        }

        /// <summary>
        /// --max-container-bytes and --max-total-bytes: the read budget for what packages and single-file bundles may
        /// inflate (<see cref="ReadBudget"/>). A value that is not a size is a usage error.
        /// </summary>
        internal static (Option<string?> PerContainer, Option<string?> PerRun) BudgetOptions()
        {
            var perContainer = new Option<string?>("--max-container-bytes")
            {
                Description = "What one package or single-file bundle may inflate or copy out (default " + ReadBudget.Describe(ReadBudget.DefaultPerContainer) +
                    "; K, M, G suffixes). A container over it is not read (GG0007) and the check is incomplete.",
            };
            var perRun = new Option<string?>("--max-total-bytes")
            {
                Description = "What every container together may inflate or copy out in this run (default " + ReadBudget.Describe(ReadBudget.DefaultPerRun) + ").",
            };
            foreach (Option<string?> option in new[] { perContainer, perRun })
            {
                option.Validators.Add(result =>
                {
                    string? value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
                    if (!ReadBudget.TryParseSize(value, out _))
                    {
                        result.AddError(result.Option.Name + " takes a size in bytes, such as 2G, 512M or 1000000, not '" + value + "'");
                    }
                });
            }
            return (perContainer, perRun);
        }

        /// <summary>The budget the two options ask for (validated already).</summary>
        internal static ReadBudget Budget(string? perContainer, string? perRun) => new ReadBudget(
            ReadBudget.TryParseSize(perContainer, out long c) ? c : ReadBudget.DefaultPerContainer,
            ReadBudget.TryParseSize(perRun, out long r) ? r : ReadBudget.DefaultPerRun);

        /// <summary>
        /// The PATH... argument. A token that starts with '-' and names no file is an unknown option, not a path
        /// (a file whose name starts with '-' can be given as ./-name).
        /// </summary>
        internal static Argument<string[]> PathsArgument(string description)
        {
            var paths = new Argument<string[]>("paths") { Arity = ArgumentArity.OneOrMore, Description = description };
            paths.Validators.Add(result =>
            {
                foreach (var token in result.Tokens)
                {
                    if (token.Value.StartsWith("-", StringComparison.Ordinal) && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                    {
                        result.AddError("unknown option '" + token.Value + "'");
                    }
                }
            });
            return paths;
        }
    }
}
