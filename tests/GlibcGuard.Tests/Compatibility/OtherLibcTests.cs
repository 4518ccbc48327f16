using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Infrastructure;
using static GlibcGuard.Tests.Infrastructure.TestData;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// C libraries other than glibc and musl are named, and judged as what they are: never by glibc's version
    /// rules, never "runs on" a glibc distro. Crafted images for each loader and soname rule; real files from
    /// other projects in <see cref="RealWorldTests"/>.
    /// </summary>
    [TestFixture]
    public class OtherLibcTests
    {
        private static BinaryFacts Facts(ElfImageBuilder b, string name) => BinaryInspector.Inspect(b.Build(), name);

        [TestCase("/system/bin/linker64", new[] { "libc.so", "libdl.so" }, "bionic")]
        [TestCase(null, new[] { "liblog.so", "libc.so" }, "bionic")]
        [TestCase("/lib/ld-uClibc.so.0", new[] { "libc.so.0" }, "uclibc")]
        [TestCase(null, new[] { "libc.so.0" }, "uclibc")]
        [TestCase("/usr/lib/amd64/ld.so.1", new[] { "libc.so.1" }, "solaris")]
        [TestCase(null, new[] { "libc.so.1", "libsocket.so.1" }, "solaris")]
        [TestCase("/lib/ld.so.1", new[] { "libc.so.6" }, "glibc")]           // glibc's loader on 32-bit PowerPC, MIPS, s390
        [TestCase("/lib/amd64/ld.so.1", new[] { "libc.so", "libsocket.so" }, "solaris")] // Go's illumos builds: plain libc.so
        [TestCase("/lib/ld.so.1", new[] { "libc.so" }, "solaris")]           // 32-bit x86 Solaris (the builder's x86_64 here: not a glibc ld.so.1 machine)
        [TestCase(null, new[] { "libc.so" }, "musl")]                         // plain libc.so without Android's note is musl's
        [TestCase("/lib/ld-musl-x86_64.so.1", new[] { "libc.so" }, "musl")]
        public void The_c_library_is_named_from_loader_and_sonames(string? interpreter, string[] needed, string libc)
        {
            var b = new ElfImageBuilder { Interpreter = interpreter };
            b.Needed.AddRange(needed);
            Assert.That(Facts(b, "f").Libc?.Name(), Is.EqualTo(libc));
        }

        [TestCase("/system/bin/linker64", "libc.so", "Android's bionic C library", false)]
        [TestCase("/lib/ld-uClibc.so.0", "libc.so.0", "uClibc (an embedded-Linux C library)", false)]
        [TestCase("/usr/lib/amd64/ld.so.1", "libc.so.1", "the Solaris/illumos C library", false)]
        [TestCase("/system/bin/linker64", "libc.so", "Android's bionic C library", true)]
        public void A_foreign_c_library_is_one_error_that_names_it_and_runs_nowhere(string interpreter, string libc, string named, bool muslTarget)
        {
            var b = new ElfImageBuilder { Interpreter = interpreter, Needed = { libc } };
            var input = new AnalysisInput(Facts(b, "tool"));
            var options = new AnalysisOptions { Baseline = B("centos8"), TargetMachine = Architecture.X86_64, TargetIsMusl = muslTarget };
            AnalysisResult result = Analyzer.Analyze(new[] { input }, options);
            Finding f = result.Findings.Single();
            Assert.That(f.Id, Is.EqualTo(DiagnosticId.ForeignLibc));
            Assert.That(f.Severity, Is.EqualTo(Severity.Error));
            Assert.That(f.Message, Does.Contain("tool is linked against " + named + " (interpreter " + interpreter + ", needs " + libc + "), not " + (muslTarget ? "musl" : "glibc")));
            Assert.That(result.RunsOn, Is.Empty);
            Assert.That(OnePlaceTests.Matrix(new[] { input }).All(r => r.Reason != null), Is.True, "no matrix row passes it");
        }

        [Test]
        public void A_file_under_a_non_linux_package_folder_is_listed_not_judged()
        {
            var b = new ElfImageBuilder { Interpreter = "/system/bin/linker64", Needed = { "libc.so" } };
            var android = new AnalysisInput(Facts(b, "pkg.nupkg!runtimes/android-arm64/native/libx.so")) { Rid = RuntimeIdentifier.Parse("android-arm64"), PackageId = "Pkg" };
            var linux = new AnalysisInput(BinaryInspector.Inspect(Repo.Fixture("libgreet.so.1"))) { Rid = RuntimeIdentifier.Parse("linux-x64") };
            AnalysisResult result = Analyzer.Analyze(new[] { android, linux }, new AnalysisOptions { Baseline = B("centos7") });
            Finding f = result.Findings.Single(x => x.File == android.Facts.Path);
            Assert.That(f.Id, Is.EqualTo(DiagnosticId.NotALinuxTarget));
            Assert.That(f.Severity, Is.EqualTo(Severity.Info));
            Assert.That(f.Message, Does.Contain("runtimes/android-arm64/"));
            Assert.That(result.IsCompatible, Is.True, "a file the SDK never publishes for Linux does not fail the check");
            Assert.That(OnePlaceTests.Matrix(new[] { android, linux }).Single(r => r.Baseline.Id == "centos7").Reason, Is.Null);
        }
    }
}
