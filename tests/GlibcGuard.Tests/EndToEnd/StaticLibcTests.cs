using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Infrastructure;
using static GlibcGuard.Tests.Infrastructure.TestData;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// Static files tell which C library is inside: a cgo program (C.hello() and os/user.Current()) and a C program
    /// doing a user lookup, each built dynamic and static against glibc (gcc) and musl (musl-gcc), stripped and not,
    /// on this machine. The static glibc's hazard is shown for real: in the Debian 12 root with "passwd: compat", the
    /// program opens the root's libnss_compat.so.2 and libc.so.6, and its -tags osusergo build opens neither.
    /// </summary>
    [TestFixture]
    [Category("EndToEnd")]
    public class StaticLibcTests
    {
        private const string GoProgram = @"package main

/*
#include <stdio.h>
static void hello(void) { puts(""hello from C""); }
*/
import ""C""

import (
	""fmt""
	""os/user""
)

func main() {
	C.hello()
	u, err := user.Current()
	if err != nil {
		fmt.Println(""error:"", err)
		return
	}
	fmt.Println(u.Username)
}
";

        private const string CProgram = "#include <pwd.h>\n#include <stdio.h>\n#include <unistd.h>\n" +
            "int main(void) { struct passwd *p = getpwuid(getuid()); printf(\"%s\\n\", p ? p->pw_name : \"?\"); return 0; }\n";

        private const string StaticFlags = "-linkmode external -extldflags -static";
        private string _dir = "";
        private readonly Dictionary<string, string> _built = new();

        [OneTimeSetUp]
        public void Build()
        {
            _dir = Repo.TempDir("static-libc");
            File.WriteAllText(Path.Combine(_dir, "main.go"), GoProgram);
            File.WriteAllText(Path.Combine(_dir, "go.mod"), "module example.com/staticlibc\n\ngo 1.19\n");
            Directory.CreateDirectory(Path.Combine(_dir, "c")); // not beside main.go: cgo would compile it into the Go program
            File.WriteAllText(Path.Combine(_dir, "c", "u.c"), CProgram);
            Go("go-glibc", null, null);
            Go("go-musl", "musl-gcc", null);
            Go("go-static-musl", "musl-gcc", StaticFlags);
            Go("go-static-glibc", null, StaticFlags);
            Go("go-static-glibc-osusergo", null, StaticFlags, "osusergo");
            C("c-static-glibc", "gcc");
            C("c-static-musl", "musl-gcc");
            foreach (string name in new[] { "go-static-musl", "go-static-glibc", "c-static-glibc", "c-static-musl" })
            {
                string stripped = _built[name] + "-stripped";
                var strip = Processes.Run("strip", new[] { "-o", stripped, _built[name] });
                Assert.That(strip.ExitCode, Is.Zero, strip.All);
                _built[name + "-stripped"] = stripped;
            }
        }

        private void Go(string name, string? cc, string? ldflags, string? tags = null)
        {
            var env = new Dictionary<string, string?>
            {
                ["CGO_ENABLED"] = "1", ["CC"] = cc ?? "gcc", ["GOCACHE"] = Path.Combine(_dir, ".gocache"), ["GOPATH"] = Path.Combine(_dir, ".gopath"),
                ["GOFLAGS"] = "-buildvcs=false", ["GOTOOLCHAIN"] = "local", ["GOPROXY"] = "off",
            };
            var args = new List<string> { "build", "-o", name };
            if (tags != null) args.AddRange(new[] { "-tags", tags });
            if (ldflags != null) args.AddRange(new[] { "-ldflags", ldflags });
            args.Add(".");
            var build = Processes.Run("go", args, _dir, env, timeoutSeconds: 300);
            Assert.That(build.ExitCode, Is.Zero, build.All);
            _built[name] = Path.Combine(_dir, name);
        }

        private void C(string name, string cc)
        {
            var build = Processes.Run(cc, new[] { "-static", "-O2", "-o", Path.Combine(_dir, name), "u.c" }, Path.Combine(_dir, "c"));
            Assert.That(build.ExitCode, Is.Zero, build.All);
            _built[name] = Path.Combine(_dir, name);
        }

        private AnalysisResult Check(string name, string baseline = "centos7") =>
            Analyzer.Analyze(new[] { new AnalysisInput(BinaryInspector.Inspect(_built[name])) }, new AnalysisOptions { Baseline = B(baseline), TargetIsMusl = B(baseline).IsMusl });

        private BinaryFacts Facts(string name) => BinaryInspector.Inspect(_built[name]);

        [TestCase("go-glibc", "glibc")]
        [TestCase("go-musl", "musl")]
        [TestCase("go-static-musl", "static-musl")]
        [TestCase("go-static-glibc", "static-glibc")]
        [TestCase("go-static-glibc-stripped", "static-glibc")]
        [TestCase("c-static-glibc", "static-glibc")]
        [TestCase("c-static-glibc-stripped", "static-glibc")]
        [TestCase("c-static-musl", "static-musl")]
        [TestCase("go-static-musl-stripped", "static")]
        [TestCase("c-static-musl-stripped", "static")]
        public void The_C_library_inside_is_named_with_its_evidence_or_said_to_be_unknown(string name, string expectedName)
        {
            BinaryFacts f = Facts(name);
            Assert.That(f.Libc?.Name(), Is.EqualTo(expectedName), name);
            LibcKind expected = f.Libc!.Value;
            if (f.Linkage == Linkage.Dynamic)
            {
                Assert.That(f.LibcEvidence, Is.Null);
                return;
            }
            Assert.That(f.LibcEvidence, Is.EqualTo(expected switch
            {
                LibcKind.StaticGlibc => "glibc's ABI-tag note, from its start-up code",
                LibcKind.StaticMusl => "musl's __init_libc in the symbol table",
                _ => "stripped, and no glibc ABI-tag note; musl leaves no mark a stripped file keeps",
            }), name);
            // The JSON facts carry it.
            System.Text.Json.JsonElement json = System.Text.Json.JsonDocument.Parse(GlibcGuard.Compatibility.Reports.FactsJson.ToJson(new[] { f })).RootElement[0];
            Assert.That(json.GetProperty("libc").GetString(), Is.EqualTo(expectedName));
            Assert.That(json.GetProperty("libcEvidence").GetString(), Is.EqualTo(f.LibcEvidence));
        }

        [TestCase("go-static-glibc")]
        [TestCase("go-static-glibc-stripped")]
        [TestCase("c-static-glibc")]
        [TestCase("c-static-glibc-stripped")]
        public void A_static_glibc_that_looks_users_up_is_warned_with_a_fix_for_its_kind(string name)
        {
            Assert.That(Facts(name).StaticLoads, Does.Contain("NSS"));
            Finding f = Check(name).Findings.Single(x => x.Id == DiagnosticId.StaticGlibcLoadsModules);
            Assert.That(f.Severity, Is.EqualTo(Severity.Warning), "most hosts run it: not an error");
            Assert.That(f.Message, Does.Contain("NSS modules").And.Contain("centos7 has glibc 2.17"));
            Assert.That(f.Fix, name.StartsWith("go") ? Does.StartWith("build it with -tags netgo,osusergo") : Does.Contain("zig cc -target x86_64-linux-gnu.2.17"));
            Assert.That(Check(name).Findings.Where(x => x.Severity == Severity.Error), Is.Empty, "the verdict stays: it starts");
        }

        [Test]
        public void Without_lookups_through_glibc_there_is_no_warning_and_the_info_says_so()
        {
            Assert.That(Facts("go-static-glibc-osusergo").StaticLoads, Is.Empty);
            AnalysisResult r = Check("go-static-glibc-osusergo");
            Assert.That(r.Findings.Select(f => f.Id), Has.None.EqualTo(DiagnosticId.StaticGlibcLoadsModules));
            Finding go = r.Findings.Single(f => f.Id == DiagnosticId.GoBinary);
            Assert.That(go.Message, Does.Contain("cgo on, with a static glibc inside").And.Contain("it uses no system C library").And.Not.Contain("GG1021"));
        }

        [Test]
        public void GG2002_says_uses_the_system_C_library_only_when_it_does()
        {
            Assert.That(Check("go-glibc").Findings.Single(f => f.Id == DiagnosticId.GoBinary).Message, Does.Contain("cgo on, so it uses the system's glibc"));
            string musl = Check("go-static-musl").Findings.Single(f => f.Id == DiagnosticId.GoBinary).Message;
            Assert.That(musl, Does.Contain("with a static musl inside").And.Contain("ignore nsswitch.conf").And.Not.Contain("uses the system"));
            Assert.That(Check("go-static-glibc").Findings.Single(f => f.Id == DiagnosticId.GoBinary).Message, Does.Not.Contain("uses the system"));
            string unknown = Check("go-static-musl-stripped").Findings.Single(f => f.Id == DiagnosticId.GoBinary).Message;
            Assert.That(unknown, Does.Contain("statically linked; stripped"));
            Finding c = Check("c-static-musl").Findings.Single(f => f.Id == DiagnosticId.StaticBinary);
            Assert.That(c.Message, Does.Contain("statically linked with musl").And.Contain("ignore nsswitch.conf"));
            Assert.That(Check("c-static-musl").Findings.Where(f => f.Severity >= Severity.Warning), Is.Empty, "runs-on stays true for a static musl");
        }

        [Test]
        public void Fixes_for_a_musl_program_fit_the_kind_of_file()
        {
            Finding go = Check("go-musl").Findings.Single(f => f.Id == DiagnosticId.MuslOnGlibcTarget);
            Assert.That(go.Fix, Does.StartWith("rebuild it with CGO_ENABLED=0").And.Contain("CC=\"zig cc -target x86_64-linux-gnu.2.17\" go build")
                .And.Not.Contain("linux-musl-").And.Contain("patchelf does not change"));
            Finding glibc = Check("go-glibc", "mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine3.23").Findings.Single(f => f.Id == DiagnosticId.GlibcOnMuslTarget);
            Assert.That(glibc.Fix, Does.Contain("zig cc -target x86_64-linux-musl").And.Not.Contain("linux-musl-*"));
            // The same file as a .NET package asset gets the runtime-identifier advice.
            var asset = new AnalysisInput(BinaryInspector.Inspect(_built["go-musl"])) { PackageId = "Some.Package", PackageVersion = "1.0.0" };
            Finding inPackage = Analyzer.Analyze(new[] { asset }, new AnalysisOptions { Baseline = B("centos7") }).Findings.Single(f => f.Id == DiagnosticId.MuslOnGlibcTarget);
            Assert.That(inPackage.Fix, Does.Contain("linux-musl-*"));
        }

        /// <summary>
        /// The loader's own proof: in the Debian 12 root with "passwd: compat" (a module Debian's libc6 ships), the static
        /// glibc program opens that root's libnss_compat.so.2 and, through it, the root's libc.so.6; the -tags osusergo
        /// build opens neither. The root is not changed: nsswitch.conf and the program are bind-mounted in a mount
        /// namespace of the test's own.
        /// </summary>
        [Test]
        public void A_static_glibc_loads_the_targets_NSS_module_and_its_libc_and_osusergo_does_not()
        {
            string root = DebianRoots.For("debian12");
            string mnt = Repo.TempDir("static-libc-mnt");
            File.Copy(_built["go-static-glibc"], Path.Combine(mnt, "app"));
            File.Copy(_built["go-static-glibc-osusergo"], Path.Combine(mnt, "app-osusergo"));
            string conf = string.Join("\n", File.ReadAllLines(Path.Combine(root, "etc", "nsswitch.conf")).Select(l => l.StartsWith("passwd:") ? "passwd: compat" : l)) + "\n";
            File.WriteAllText(Path.Combine(mnt, "nsswitch.conf"), conf);
            foreach ((string app, bool loads) in new[] { ("app", true), ("app-osusergo", false) })
            {
                var run = Processes.Run("unshare", new[] { "-m", "sh", "-c",
                    "mount --bind \"$1/nsswitch.conf\" \"$2/etc/nsswitch.conf\" && mount --bind \"$1\" \"$2/mnt\" && " +
                    "exec strace -f -e trace=openat,execve chroot \"$2\" /mnt/\"$3\"", "sh", mnt, root, app });
                Assert.That(run.ExitCode, Is.Zero, run.All);
                Assert.That(run.StdOut, Does.Contain("root"), "the lookup answered, as root in the root\n" + run.All);
                // What the program opens, after chroot has executed it (chroot itself is a dynamic glibc program).
                string trace = run.StdErr.Substring(run.StdErr.IndexOf("execve(\"/mnt/" + app, StringComparison.Ordinal));
                var opened = trace.Split('\n').Where(l => l.Contains("openat(") && !l.Contains("ENOENT")).ToList();
                Assert.That(opened.Any(l => l.Contains("libnss_compat.so.2")), Is.EqualTo(loads), app + "\n" + trace);
                Assert.That(opened.Any(l => l.Contains("/libc.so.6")), Is.EqualTo(loads), app + "\n" + trace);
            }
            Assert.That(File.ReadAllText(Path.Combine(root, "etc", "nsswitch.conf")), Does.Not.Contain("compat"), "the shared root is unchanged");
        }
    }
}
