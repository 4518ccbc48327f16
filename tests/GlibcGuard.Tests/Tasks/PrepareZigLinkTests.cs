using System;
using System.IO;
using System.Linq;
using GlibcGuard.Tasks;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Tasks
{
    /// <summary>
    /// The GlibcGuardLinkToBaseline task against a fake build engine: which zig target each baseline and RID
    /// gives, the launcher it writes, and every case it refuses with a code. A stand-in zig (a shell script that
    /// answers 'zig version') keeps these fast; the real zig links in EndToEnd/LinkToBaselineTests.
    /// </summary>
    [TestFixture]
    public class PrepareZigLinkTests
    {
        private static string FakeZig(string dir, string version = "0.11.0", int exitCode = 0)
        {
            string zig = Path.Combine(dir, "zig");
            File.WriteAllText(zig, "#!/bin/sh\n[ \"$1\" = version ] && echo '" + version + "'\nexit " + exitCode + "\n");
            File.SetUnixFileMode(zig, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return zig;
        }

        private static (PrepareZigLink Task, MockEngine Engine) Make(string dir, string baseline, string rid, string? zig)
        {
            var engine = new MockEngine();
            var task = new PrepareZigLink
            {
                BuildEngine = engine,
                Baseline = baseline,
                RuntimeIdentifier = rid,
                ZigPath = zig,
                Driver = Path.Combine(Repo.Root, "build", "GlibcGuard.zig-cc.sh"),
                LauncherPath = Path.Combine(dir, "obj", "glibcguard-zig-cc"),
                ProjectFile = Path.Combine(dir, "app.csproj"),
                StripSymbols = true,
            };
            return (task, engine);
        }

        [TestCase("centos7", "linux-x64", "x86_64-linux-gnu.2.17")]
        [TestCase("centos8", "linux-x64", "x86_64-linux-gnu.2.28")]
        [TestCase("rhel9", "linux-x64", "x86_64-linux-gnu.2.34")]
        [TestCase("glibc-2.31", "linux-x64", "x86_64-linux-gnu.2.31")]
        [TestCase("manylinux2014", "linux-arm64", "aarch64-linux-gnu.2.17")]
        [TestCase("centos8", "linux-arm64", "aarch64-linux-gnu.2.28")]
        public void The_target_follows_the_baseline_and_the_rid(string baseline, string rid, string expected)
        {
            string dir = Repo.TempDir("zig");
            var (task, engine) = Make(dir, baseline, rid, FakeZig(dir));
            Assert.That(task.Execute(), Is.True, engine.Log);
            Assert.That(task.ZigTarget, Is.EqualTo(expected));
            Assert.That(task.Zig, Is.EqualTo(Path.Combine(dir, "zig")));
            string launcher = File.ReadAllText(task.LauncherPath);
            Assert.That(launcher, Does.Contain("GLIBCGUARD_ZIG_TARGET=" + expected + "\n"));
            Assert.That(launcher, Does.Contain("exec /bin/sh '" + task.Driver + "' \"$@\""));
            Assert.That(engine.Messages.Select(m => m.Message), Has.Some.StartWith("GlibcGuard: linking against glibc " + expected.Split('.', 2)[1] + " "));
        }

        [Test]
        public void The_launcher_is_rewritten_only_when_it_changes()
        {
            string dir = Repo.TempDir("zig");
            string zig = FakeZig(dir);
            var (first, _) = Make(dir, "centos7", "linux-x64", zig);
            Assert.That(first.Execute(), Is.True);
            Assert.That(first.Changed, Is.True);
            var (same, _) = Make(dir, "rhel7", "linux-x64", zig);
            Assert.That(same.Execute(), Is.True);
            Assert.That(same.Changed, Is.False, "rhel7 is centos7: the same link");
            var (other, _) = Make(dir, "centos8", "linux-x64", zig);
            Assert.That(other.Execute(), Is.True);
            Assert.That(other.Changed, Is.True, "a new glibc target must relink");
        }

        [Test]
        public void A_zig_path_with_a_quote_reaches_the_driver_intact()
        {
            string dir = Path.Combine(Repo.TempDir("zig"), "it's here");
            Directory.CreateDirectory(dir);
            var (task, engine) = Make(dir, "centos8", "linux-x64", dir);
            FakeZig(dir);
            task.Driver = Path.Combine(dir, "driver.sh");
            File.WriteAllText(task.Driver, "echo \"$GLIBCGUARD_ZIG|$GLIBCGUARD_ZIG_TARGET|$*\"\n");
            Assert.That(task.Execute(), Is.True, engine.Log);
            var run = Processes.Run("/bin/sh", new[] { task.LauncherPath, "-o", "a b" });
            Assert.That(run.StdOut.Trim(), Is.EqualTo(Path.Combine(dir, "zig") + "|x86_64-linux-gnu.2.28|-o a b"));

            // Without HOME, zig would find no cache folder: the launcher gives it one beside itself.
            File.WriteAllText(task.Driver, "echo \"$ZIG_GLOBAL_CACHE_DIR\"\n");
            var noHome = Processes.Run("/bin/sh", new[] { task.LauncherPath }, environment: new System.Collections.Generic.Dictionary<string, string?> { ["HOME"] = null, ["ZIG_GLOBAL_CACHE_DIR"] = null });
            Assert.That(noHome.StdOut.Trim(), Is.EqualTo(Path.Combine(dir, "obj", "zig-cache")));
            var withHome = Processes.Run("/bin/sh", new[] { task.LauncherPath }, environment: new System.Collections.Generic.Dictionary<string, string?> { ["HOME"] = "/root", ["ZIG_GLOBAL_CACHE_DIR"] = null });
            Assert.That(withHome.StdOut.Trim(), Is.Empty, "with HOME, zig's own default");
        }

        [TestCase("linux-musl-x64", "GG9005", "linux-musl-x64 is not a glibc runtime identifier (musl has no symbol versions to pin")]
        [TestCase("linux-riscv64", "GG9005", "links NativeAOT executables for linux-x64 and linux-arm64; linux-riscv64 is not supported")]
        [TestCase("win-x64", "GG9005", "win-x64 is not a glibc runtime identifier.")]
        public void Targets_it_cannot_link_are_one_coded_error(string rid, string code, string text)
        {
            string dir = Repo.TempDir("zig");
            var (task, engine) = Make(dir, "centos8", rid, FakeZig(dir));
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Errors.Single().Code, Is.EqualTo(code));
            Assert.That(engine.Errors.Single().Message, Does.Contain(text));
            Assert.That(engine.Errors.Single().File, Is.EqualTo(Path.Combine(dir, "app.csproj")));
            Assert.That(File.Exists(task.LauncherPath), Is.False);
        }

        // The .NET 8 ILCompiler always passes -lz, and zig's glibc targets have no zlib: zig 0.11.0 fails with
        // "unable to find Dynamic system library 'z'" (seen packing this tool for net8.0). Refused before the link.
        [TestCase("v8.0", "", "the .NET 8 ILCompiler links the system zlib (-lz)")]
        [TestCase("v10.0", "true", "UseSystemZlib=true makes the ILCompiler link the system zlib (-lz)")]
        [TestCase("v9.0", "True", "UseSystemZlib=true")]
        public void A_link_that_needs_the_system_zlib_is_GG9005(string tfv, string useSystemZlib, string text)
        {
            string dir = Repo.TempDir("zig");
            var (task, engine) = Make(dir, "centos8", "linux-x64", FakeZig(dir));
            task.TargetFrameworkVersion = tfv;
            task.UseSystemZlib = useSystemZlib;
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Errors.Single().Code, Is.EqualTo("GG9005"));
            Assert.That(engine.Errors.Single().Message, Does.Contain(text).And.Contain("target net9.0 or later"));
            Assert.That(File.Exists(task.LauncherPath), Is.False);
        }

        [TestCase("v9.0", "")]
        [TestCase("v10.0", "false")]
        public void Net9_and_later_build_zlib_in_and_link(string tfv, string useSystemZlib)
        {
            string dir = Repo.TempDir("zig");
            var (task, engine) = Make(dir, "centos8", "linux-x64", FakeZig(dir));
            task.TargetFrameworkVersion = tfv;
            task.UseSystemZlib = useSystemZlib;
            Assert.That(task.Execute(), Is.True, engine.Log);
        }

        [Test]
        public void An_alpine_image_baseline_is_GG9005_musl_has_nothing_to_link_against()
        {
            string dir = Repo.TempDir("zig");
            var (task, engine) = Make(dir, "mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine3.23", "linux-x64", FakeZig(dir));
            Assert.That(task.Execute(), Is.False);
            Microsoft.Build.Framework.BuildErrorEventArgs e = engine.Errors.Single();
            Assert.That((e.Code, e.Message), Is.EqualTo(("GG9005", "GlibcGuardLinkToBaseline links against glibc, and mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine3.23 is an Alpine image, which has musl: publish for linux-musl-* instead.")));
        }

        [Test]
        public void An_unknown_baseline_is_GG9001()
        {
            string dir = Repo.TempDir("zig");
            var (task, engine) = Make(dir, "centos6", "linux-x64", FakeZig(dir));
            Assert.That(task.Execute(), Is.False);
            Assert.That(engine.Errors.Single().Code, Is.EqualTo("GG9001"));
        }

        [Test]
        public void A_missing_or_broken_zig_is_GG9004_with_what_to_do()
        {
            string dir = Repo.TempDir("zig");
            var (missing, e1) = Make(dir, "centos8", "linux-x64", Path.Combine(dir, "no", "zig"));
            Assert.That(missing.Execute(), Is.False);
            Assert.That(e1.Errors.Single().Code, Is.EqualTo("GG9004"));
            Assert.That(e1.Errors.Single().Message, Does.StartWith("GlibcGuardZigPath is '" + Path.Combine(dir, "no", "zig") + "', and there is no zig executable there. Install zig 0.11 or later"));

            var (broken, e2) = Make(dir, "centos8", "linux-x64", FakeZig(dir, "boom", exitCode: 3));
            Assert.That(broken.Execute(), Is.False);
            Assert.That(e2.Errors.Single().Message, Does.StartWith(Path.Combine(dir, "zig") + " is not a working zig: 'zig version' exited with 3: boom."));

            var (notZig, e3) = Make(dir, "centos8", "linux-x64", FakeZig(dir, "hello"));
            Assert.That(notZig.Execute(), Is.False);
            Assert.That(e3.Errors.Single().Message, Does.Contain("printed 'hello'"));

            string emptyPath = Repo.TempDir("zig-path");
            string? saved = Environment.GetEnvironmentVariable("PATH");
            try
            {
                Environment.SetEnvironmentVariable("PATH", emptyPath);
                var (onPath, e4) = Make(dir, "centos8", "linux-x64", null);
                Assert.That(onPath.Execute(), Is.False);
                Assert.That(e4.Errors.Single().Message, Does.StartWith("GlibcGuardLinkToBaseline needs zig, and zig is not on PATH."));
            }
            finally
            {
                Environment.SetEnvironmentVariable("PATH", saved);
            }
        }

        [Test]
        public void A_cross_architecture_link_finds_an_objcopy_for_that_architecture_or_says_what_to_install()
        {
            string dir = Repo.TempDir("zig");
            string tools = Repo.TempDir("zig-tools");
            string? saved = Environment.GetEnvironmentVariable("PATH");
            try
            {
                Environment.SetEnvironmentVariable("PATH", tools);
                var (none, e1) = Make(dir, "centos8", "linux-arm64", FakeZig(dir));
                Assert.That(none.Execute(), Is.False);
                Assert.That(e1.Errors.Single().Code, Is.EqualTo("GG9005"));
                Assert.That(e1.Errors.Single().Message, Does.Contain("neither llvm-objcopy nor aarch64-linux-gnu-objcopy is on PATH"));

                var (unstripped, _) = Make(dir, "centos8", "linux-arm64", FakeZig(dir));
                unstripped.StripSymbols = false;
                Assert.That(unstripped.Execute(), Is.True, "nothing to strip, nothing needed");

                FakeZig(tools, "objcopy");
                File.Move(Path.Combine(tools, "zig"), Path.Combine(tools, "aarch64-linux-gnu-objcopy"));
                var (found, _) = Make(dir, "centos8", "linux-arm64", FakeZig(dir));
                Assert.That(found.Execute(), Is.True);
                Assert.That(found.ObjCopy, Is.EqualTo("aarch64-linux-gnu-objcopy"));

                var (native, _) = Make(dir, "centos8", "linux-x64", FakeZig(dir));
                Assert.That(native.Execute(), Is.True);
                Assert.That(native.ObjCopy, Is.Empty, "the host's objcopy reads its own architecture");
            }
            finally
            {
                Environment.SetEnvironmentVariable("PATH", saved);
            }
        }
    }
}
