using System;
using System.IO;
using SharpFuzz;

namespace GlibcGuard.Fuzz
{
    /// <summary>
    /// afl-fuzz hands each input on standard input; it goes through the same path as `glibcguard inspect` and
    /// `glibcguard check` (text, JSON, SARIF, --matrix), as a file on disk: named .nupkg when it starts as a zip, so
    /// that the package reader runs, otherwise as a plain file (an ELF file, or a single-file bundle's host).
    /// The command line is documented to turn every bad input into a coded finding and an exit code, so nothing is
    /// caught here: any exception that escapes is a crash for afl-fuzz to keep.
    /// </summary>
    public static class Program
    {
        private static readonly string[][] s_commands =
        {
            new[] { "inspect", "{0}", "--format", "json" },
            new[] { "check", "{0}", "--baseline", "centos7" },
            new[] { "check", "{0}", "--baseline", "debian12", "--format", "json", "--matrix" },
            new[] { "check", "{0}", "--baseline", "centos9", "--rid", "linux-x64", "--format", "sarif" },
        };

        public static void Main(string[] args)
        {
            string folder = Path.Combine(Path.GetTempPath(), "glibcguard-fuzz-" + Environment.ProcessId);
            Directory.CreateDirectory(folder);
            if (args.Length == 1)
            {
                // Replay one input outside afl-fuzz: dotnet GlibcGuard.Fuzz.dll crash-file
                Run(File.ReadAllBytes(args[0]), folder, Console.Out);
                return;
            }
            Fuzzer.OutOfProcess.Run(stream =>
            {
                var memory = new MemoryStream();
                stream.CopyTo(memory);
                Run(memory.ToArray(), folder, TextWriter.Null);
            });
        }

        private static void Run(byte[] input, string folder, TextWriter output)
        {
            bool zip = input.Length >= 2 && input[0] == (byte)'P' && input[1] == (byte)'K';
            string path = Path.Combine(folder, zip ? "input.nupkg" : "input");
            File.WriteAllBytes(path, input);
            foreach (string[] command in s_commands)
            {
                string[] args = Array.ConvertAll(command, a => string.Format(a, path));
                int exit = GlibcGuard.Cli.Program.Run(args, output, output);
                if (exit < 0 || exit > 3)
                {
                    throw new InvalidOperationException("glibcguard " + string.Join(" ", args) + " exited " + exit + ", not a documented exit code");
                }
            }
        }
    }
}
