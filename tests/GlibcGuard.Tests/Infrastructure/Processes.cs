using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace GlibcGuard.Tests.Infrastructure
{
    /// <summary>Runs a tool and captures its output; fails the test on a time-out.</summary>
    internal static class Processes
    {
        public sealed class Result
        {
            public int ExitCode { get; init; }
            public string StdOut { get; init; } = "";
            public string StdErr { get; init; } = "";
            public string All => StdOut + StdErr;
        }

        public static Result Run(string fileName, IEnumerable<string> args, string? workingDirectory = null,
            IDictionary<string, string?>? environment = null, int timeoutSeconds = 120)
        {
            var start = new ProcessStartInfo(fileName)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            };
            foreach (string a in args) start.ArgumentList.Add(a);
            if (environment != null)
            {
                foreach (KeyValuePair<string, string?> kv in environment)
                {
                    if (kv.Value is null) start.Environment.Remove(kv.Key);
                    else start.Environment[kv.Key] = kv.Value;
                }
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + fileName);
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (stdout) stdout.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) stderr.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(timeoutSeconds * 1000))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail(fileName + " " + string.Join(" ", args) + " did not finish in " + timeoutSeconds + " s");
            }
            process.WaitForExit();
            return new Result { ExitCode = process.ExitCode, StdOut = stdout.ToString(), StdErr = stderr.ToString() };
        }
    }
}
