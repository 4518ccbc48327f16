using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GlibcGuard.Tests.Cli;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// The fix a finding names must work when followed: the Go/cgo hint's command, taken from the finding and run
    /// with Debian's Go and zig 0.11, builds a program that passes the same baseline and runs.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    [Category("EndToEnd")]
    public class FixHintTests
    {
        private const string CgoProgram = @"package main

/*
#cgo LDFLAGS: -lm
#include <math.h>
static double half_log(double x) { return log(x) / 2; }
*/
import ""C""
import ""fmt""

func main() { fmt.Printf(""%.4f\n"", float64(C.half_log(C.double(100)))) }
";

        private static Processes.Result GoBuild(string dir, IDictionary<string, string?> env)
        {
            var all = new Dictionary<string, string?>(env)
            {
                ["GOCACHE"] = Path.Combine(dir, ".gocache"),
                ["GOPATH"] = Path.Combine(dir, ".gopath"),
                ["GOFLAGS"] = "-buildvcs=false",
                ["GOTOOLCHAIN"] = "local",
                ["GOPROXY"] = "off",
            };
            return Processes.Run("go", new[] { "build", "-o", "app", "." }, dir, all, timeoutSeconds: 300);
        }

        /// <summary>The built program in a folder of its own (the build folder holds Go's caches), to be copied into a root.</summary>
        private static string AppAlone(string dir)
        {
            string alone = Path.Combine(dir, "alone");
            Directory.CreateDirectory(alone);
            File.Copy(Path.Combine(dir, "app"), Path.Combine(alone, "app"), overwrite: true);
            return alone;
        }

        [TestCase("centos7", "x86_64-linux-gnu.2.17")]
        [TestCase("debian11", "x86_64-linux-gnu.2.31")]
        public void The_cgo_hint_names_a_zig_command_that_fixes_the_program(string baseline, string target)
        {
            string zig = Environment.GetEnvironmentVariable("GLIBCGUARD_TEST_ZIG") ?? "";
            Assert.That(File.Exists(zig), Is.True, "GLIBCGUARD_TEST_ZIG must point at zig; ./test.sh installs it");
            string dir = Repo.TempDir("cgo");
            File.WriteAllText(Path.Combine(dir, "main.go"), CgoProgram);
            File.WriteAllText(Path.Combine(dir, "go.mod"), "module example.com/cgohint\n\ngo 1.19\n");

            // Built as usual, with this machine's gcc and glibc 2.36.
            var plain = GoBuild(dir, new Dictionary<string, string?> { ["CGO_ENABLED"] = "1" });
            Assert.That(plain.ExitCode, Is.Zero, plain.All);
            var before = InspectCommandTests.Run("check", Path.Combine(dir, "app"), "--baseline", baseline);
            Assert.That(before.Exit, Is.EqualTo(1), before.Out + before.Err);
            if (baseline == "debian11")
            {
                // The Debian 11 root's loader refuses the program for exactly the versions GG1001 names.
                var named = new SortedSet<string>(Regex.Matches(before.Out, @"GG1001: app needs (GLIBC_[0-9.]+) from libc\.so\.6").Select(m => m.Groups[1].Value), StringComparer.Ordinal);
                var refused = DebianRoots.Run(baseline, AppAlone(dir), "app", Array.Empty<string>());
                Assert.That((refused.ExitCode != 0, DebianRoots.VersionsNotFound(refused.All, "app")), Is.EqualTo((true, named)), refused.All);
            }
            Match fix = Regex.Match(before.Out, @"CGO_ENABLED=1 CC=""(zig cc -target ([^""]+))"" go build");
            Assert.That(fix.Success, Is.True, before.Out);
            Assert.That(fix.Groups[2].Value, Is.EqualTo(target));
            Assert.That(before.Out, Does.Contain("rebuild with CGO_ENABLED=0"));

            // Following the hint, with zig on PATH as the hint assumes.
            string path = Path.GetDirectoryName(zig) + ":" + Environment.GetEnvironmentVariable("PATH");
            var fixedBuild = GoBuild(dir, new Dictionary<string, string?> { ["CGO_ENABLED"] = "1", ["CC"] = fix.Groups[1].Value, ["PATH"] = path });
            Assert.That(fixedBuild.ExitCode, Is.Zero, fixedBuild.All);
            var after = InspectCommandTests.Run("check", Path.Combine(dir, "app"), "--baseline", baseline);
            Assert.That(after.Exit, Is.Zero, after.Out + after.Err);
            Assert.That(after.Out, Does.Contain("compatible"));
            var run = Processes.Run(Path.Combine(dir, "app"), Array.Empty<string>());
            Assert.That(run.StdOut.Trim(), Is.EqualTo("2.3026"));
            if (baseline == "debian11")
            {
                var fixedRun = DebianRoots.Run(baseline, AppAlone(dir), "app", Array.Empty<string>());
                Assert.That((fixedRun.ExitCode, fixedRun.StdOut.Trim()), Is.EqualTo((0, "2.3026")), fixedRun.All);
            }
        }
    }
}
