using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;

namespace GlibcGuard.Compatibility
{
    /// <summary>Runs a program of GlibcGuard's own (never one being checked) and collects what it printed, within a time limit.</summary>
    internal static class ChildProcess
    {
        public static (int ExitCode, string Output) Run(string program, IReadOnlyList<string> args, TimeSpan limit)
        {
            var start = new ProcessStartInfo(program, string.Join(" ", args.Select(Quote)))
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            var output = new StringBuilder();
            try
            {
                using Process process = new Process { StartInfo = start };
                process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
                process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
                process.Start();
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                if (!process.WaitForExit((int)limit.TotalMilliseconds))
                {
                    try { process.Kill(); } catch (InvalidOperationException) { }
                    return (-1, Diagnostics.ProgramStopped(limit));
                }
                process.WaitForExit();
                lock (output) return (process.ExitCode, output.ToString());
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException)
            {
                return (-1, Diagnostics.ProgramNotStarted(program, e.Message));
            }
        }

        // Windows' command-line rules, which .NET applies on every platform when it splits Arguments.
        private static string Quote(string arg)
        {
            if (arg.Length > 0 && arg.IndexOfAny(new[] { ' ', '\t', '"' }) < 0) return arg;
            var sb = new StringBuilder("\"");
            int backslashes = 0;
            foreach (char c in arg)
            {
                if (c == '\\') { backslashes++; continue; }
                sb.Append('\\', c == '"' ? backslashes * 2 + 1 : backslashes);
                backslashes = 0;
                sb.Append(c);
            }
            sb.Append('\\', backslashes * 2).Append('"');
            return sb.ToString();
        }
    }
}
