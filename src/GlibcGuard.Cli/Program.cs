using System;
using System.CommandLine;
using System.IO;

namespace GlibcGuard.Cli
{
    /// <summary>Entry point: the command line grammar and nothing else.</summary>
    public static class Program
    {
        public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

        internal static int Run(string[] args, TextWriter stdout, TextWriter stderr)
        {
            RootCommand root = BuildCommandLine(stdout, stderr);
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
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        }

        internal static RootCommand BuildCommandLine(TextWriter stdout, TextWriter stderr)
        {
            var paths = new Argument<string[]>("paths") { Arity = ArgumentArity.OneOrMore, Description = "ELF files or folders (searched recursively; non-ELF files are skipped)." };
            var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "text" };
            format.AcceptOnlyFromAmong("text", "json");
            var inspect = new Command("inspect", "Print what each ELF file needs at run time: loader, libraries, symbol versions and the symbols behind them.") { paths, format };
            inspect.SetAction(result => InspectCommand.Run(result.GetValue(paths)!, result.GetValue(format)!, stdout, stderr));

            var root = new RootCommand("GlibcGuard: finds native Linux binaries that need a newer glibc (or another libc) than the target offers. It reads the files; it never runs them.")
            {
                inspect,
            };
            CheckCommand.Add(root, stdout, stderr);
            return root;
        }
    }
}
