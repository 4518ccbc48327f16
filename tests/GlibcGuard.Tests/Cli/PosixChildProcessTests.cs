using System;
using System.Diagnostics;
using System.Linq;
using GlibcGuard.Cli;
using GlibcGuard.Compatibility;

namespace GlibcGuard.Tests.Cli
{
    /// <summary>
    /// The NativeAOT tool's child process runner (posix_spawn, for the feed search): what the program writes on either
    /// stream comes back in order with its exit code, its arguments and environment arrive as given, and a program
    /// that runs past the limit, cannot start or dies of a signal is said so. Real programs (/bin/sh), run here
    /// through the same P/Invokes the native build makes.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    public class PosixChildProcessTests
    {
        private static (int ExitCode, string Output) Sh(string script, params string[] args) =>
            PosixChildProcess.Run("sh", new[] { "-c", script, "sh" }.Concat(args).ToArray(), TimeSpan.FromSeconds(30));

        [Test]
        public void Both_streams_come_back_in_the_order_written_with_the_exit_code()
        {
            var (exit, output) = Sh("echo out; echo err >&2; echo again; exit 3");
            Assert.That(exit, Is.EqualTo(3));
            Assert.That(output, Is.EqualTo("out\nerr\nagain\n"));
            Assert.That(Sh("true"), Is.EqualTo((0, "")));
        }

        [Test]
        public void Arguments_and_the_environment_arrive_as_given()
        {
            var (exit, output) = Sh("printf '%s|' \"$@\"", "a b", "\"quoted\"", "", "ünï", "back\\slash");
            Assert.That(exit, Is.Zero);
            Assert.That(output, Is.EqualTo("a b|\"quoted\"||ünï|back\\slash|"));

            string name = "GLIBCGUARD_SPAWN_TEST_" + Guid.NewGuid().ToString("N").Substring(0, 6);
            Environment.SetEnvironmentVariable(name, "x y=z");
            try
            {
                Assert.That(Sh("printf %s \"$" + name + "\""), Is.EqualTo((0, "x y=z")));
            }
            finally
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        [Test]
        public void Output_larger_than_a_pipe_holds_comes_back_whole()
        {
            var (exit, output) = Sh("i=0; while [ $i -lt 2000 ]; do printf '%0500d\\n' $i; i=$((i+1)); done");
            Assert.That(exit, Is.Zero);
            Assert.That(output.Length, Is.EqualTo(2000 * 501), "a megabyte, sixteen times a pipe's buffer");
            Assert.That(output.Split('\n')[1999], Is.EqualTo(1999.ToString("D500")));
        }

        [Test]
        public void A_program_past_the_limit_is_stopped_and_one_that_cannot_start_is_said_so()
        {
            var clock = Stopwatch.StartNew();
            var (exit, output) = PosixChildProcess.Run("sh", new[] { "-c", "echo started; sleep 30" }, TimeSpan.FromMilliseconds(500));
            Assert.That(exit, Is.EqualTo(-1));
            Assert.That(output, Does.StartWith("stopped after"));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "killed at the limit, not waited for");

            var missing = PosixChildProcess.Run("/nonexistent/glibcguard-helper", Array.Empty<string>(), TimeSpan.FromSeconds(5));
            Assert.That(missing.ExitCode, Is.EqualTo(-1));
            Assert.That(missing.Output, Is.EqualTo("/nonexistent/glibcguard-helper could not be started: No such file or directory"));
            Assert.That(PosixChildProcess.Run("glibcguard-no-such-helper", Array.Empty<string>(), TimeSpan.FromSeconds(5)),
                Is.EqualTo((-1, "glibcguard-no-such-helper could not be started: No such file or directory")), "nothing of that name on PATH");
            string notExecutable = System.IO.Path.Combine(Infrastructure.Repo.TempDir("spawn"), "plain.txt");
            System.IO.File.WriteAllText(notExecutable, "echo no\n");
            var refused = PosixChildProcess.Run(notExecutable, Array.Empty<string>(), TimeSpan.FromSeconds(5));
            Assert.That(refused, Is.EqualTo((-1, notExecutable + " could not be started: Permission denied")), "a file that is not executable");

            Assert.That(Sh("kill -9 $$").ExitCode, Is.EqualTo(128 + 9), "ended by a signal");
        }

        [Test]
        public void It_answers_as_the_portable_runner_does()
        {
            string[] args = { "-c", "echo one; exit 7" };
            Assert.That(PosixChildProcess.Run("sh", args, TimeSpan.FromSeconds(30)), Is.EqualTo(ChildProcess.Run("sh", args, TimeSpan.FromSeconds(30))));
            // On the JIT (these tests, the framework-dependent tool) the build's runner is the portable one.
            Assert.That(PosixChildProcess.RunForThisBuild("sh", args, TimeSpan.FromSeconds(30)), Is.EqualTo((7, "one\n")));
        }
    }
}
