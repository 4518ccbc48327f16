using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// Files other people made, at fixed versions, downloaded by the test setup (see <see cref="RealWorld"/>):
    /// what a user checking them should see, with the reason beside each expectation, cross-checked with readelf.
    /// </summary>
    [TestFixture]
    [Category("RealWorld")]
    public class RealWorldTests
    {
        private static Baseline B(string id) => BaselineCatalog.TryGet(id, out Baseline b) ? b : throw new System.ArgumentException(id);

        [Test]
        public void An_android_go_binary_from_npm_is_bionic_and_fails_every_glibc_baseline_as_such()
        {
            // esbuild's Android build: a Go program with cgo's dynamic loader, /system/bin/linker64.
            string exe = Path.Combine(RealWorld.Npm("@esbuild/android-arm64@0.19.12"), "bin", "esbuild");
            Assert.That(ReadElf.Of(exe).Interpreter, Is.EqualTo("/system/bin/linker64"), "readelf's view");
            var input = new AnalysisInput(BinaryInspector.Inspect(exe));
            Assert.That(input.Facts.Libc, Is.EqualTo("bionic"));
            AnalysisResult result = Analyzer.Analyze(new[] { input }, new AnalysisOptions { Baseline = B("centos8"), TargetMachine = "aarch64" });
            Assert.That(result.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Id), Is.EqualTo(new[] { DiagnosticId.ForeignLibc }));
            Assert.That(result.Findings.Single(f => f.Id == DiagnosticId.ForeignLibc).Message, Does.Contain("Android's bionic C library"));
            Assert.That(result.RunsOn, Is.Empty, "Android binaries run on no glibc distro");
        }

        [Test]
        public void SQLitePCLRaw_e_sqlite3_files_are_each_judged_by_their_own_folder()
        {
            // 14 Linux builds: glibc for x64, x86, arm, armel, arm64, s390x, riscv64, mips64, ppc64le; musl for five.
            string package = RealWorld.NuGet("SQLitePCLRaw.lib.e_sqlite3", "2.1.11");
            var files = ContainerReader.Read(package);
            var linux = files.Where(f => f.Rid != null && f.Rid.StartsWith("linux-")).ToList();
            Assert.That(linux, Has.Count.EqualTo(14));
            foreach (AnalysisInput f in linux)
            {
                Assert.That(f.Facts.Error, Is.Null, f.Facts.Path);
                Assert.That(f.Facts.Libc, Is.EqualTo(f.Rid!.StartsWith("linux-musl-") ? "musl" : "glibc"), f.Facts.Path);
                Assert.That(f.PackageId, Is.EqualTo("SQLitePCLRaw.lib.e_sqlite3"));
            }
            AnalysisResult result = Analyzer.Analyze(files, new AnalysisOptions { Baseline = B("centos8") });
            // Each file matches its folder's architecture and C library: musl files are judged as musl files.
            Assert.That(result.Findings.Select(f => f.Id), Has.None.EqualTo(DiagnosticId.ArchitectureMismatch)
                .And.None.EqualTo(DiagnosticId.MuslOnGlibcTarget).And.None.EqualTo(DiagnosticId.GlibcOnMuslTarget), string.Join("\n", result.Findings));
            // The musl builds never make a glibc row fail: the summary, the matrix row and "runs on" agree.
            var matrix = Analyzer.Matrix(files);
            Assert.That(matrix.Where(r => r.Reason != null).Select(r => r.Reason), Has.None.Contains("musl"));
            bool centos8Row = matrix.Single(r => r.Baseline.Id == "centos8").Passes;
            Assert.That(centos8Row, Is.EqualTo(!result.HasErrors), "the matrix row and the verdict for centos8 agree");
            Assert.That(result.RunsOn.Any(r => r.StartsWith("RHEL")), Is.EqualTo(centos8Row || matrix.Any(r => r.Baseline.RunsOnFamily == "RHEL" && r.Passes)));
        }

        [Test]
        public void librdkafka_alpine_fallback_is_info_and_its_glibc_builds_are_judged()
        {
            // librdkafka.redist 2.16.0: linux-x64 holds librdkafka.so and centos8-librdkafka.so (glibc) and
            // alpine-librdkafka.so (musl), all with soname librdkafka.so.1; Confluent.Kafka loads the Alpine one on
            // Alpine only. readelf says which is which.
            string package = RealWorld.NuGet("librdkafka.redist", "2.16.0");
            var files = ContainerReader.Read(package).Where(f => f.Rid == "linux-x64").ToList();
            Assert.That(files.Select(f => f.FileName), Is.EquivalentTo(new[] { "alpine-librdkafka.so", "centos8-librdkafka.so", "librdkafka.so" }));
            AnalysisInput alpine = files.Single(f => f.FileName == "alpine-librdkafka.so");
            Assert.That(alpine.Facts.Libc, Is.EqualTo("musl"));
            Assert.That(alpine.Facts.Needed, Is.EqualTo(new[] { "libc.musl-x86_64.so.1" }));

            AnalysisResult result = Analyzer.Analyze(files, new AnalysisOptions { Baseline = B("centos8") });
            Finding note = result.Findings.Single(f => f.File == alpine.Facts.Path);
            Assert.That(note.Id, Is.EqualTo(DiagnosticId.MuslFallbackBeside));
            Assert.That(note.Severity, Is.EqualTo(Severity.Info));
            Assert.That(result.Findings.Select(f => f.Id), Has.None.EqualTo(DiagnosticId.MuslOnGlibcTarget));
            Assert.That(Analyzer.Matrix(files).Where(r => r.Reason != null).Select(r => r.Reason), Has.None.Contains("musl"));

            // Alone (nothing beside it), the same musl file is an error on a glibc target.
            AnalysisResult alone = Analyzer.Analyze(new[] { alpine }, new AnalysisOptions { Baseline = B("centos8") });
            Assert.That(alone.Findings.Single().Id, Is.EqualTo(DiagnosticId.MuslOnGlibcTarget));
        }
    }
}
