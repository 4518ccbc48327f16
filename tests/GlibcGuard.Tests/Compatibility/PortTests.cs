using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Infrastructure;
using static GlibcGuard.Tests.Infrastructure.TestData;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// Each baseline knows which architectures its distro ships. A file for one it does not ship is never "runs
    /// on" that distro; as one asset of a multi-architecture set it is listed, not failed (GG1018 info); alone it is
    /// the answer (GG1018 error). An architecture the distro ships without version data in the reference is
    /// compared by GLIBC number, and the finding says so.
    /// </summary>
    [TestFixture]
    public class PortTests
    {
        /// <summary>A glibc program for another machine that needs <paramref name="glibc"/>.</summary>
        private static AnalysisInput Program(ushort machine, bool bigEndian, string interpreter, string glibc, string name)
        {
            var b = RuleTests.Glibc(("libc.so.6", glibc, 0, "puts"));
            b.Machine = machine;
            b.BigEndian = bigEndian;
            b.Interpreter = interpreter;
            return new AnalysisInput(BinaryInspector.Inspect(b.Build(), name));
        }

        private static AnalysisInput Loongarch(string glibc = "GLIBC_2.36") => Program(258, false, "/lib64/ld-linux-loongarch-lp64d.so.1", glibc, "libx-loongarch64.so");

        [Test]
        public void The_ports_are_data_with_a_source_and_cover_the_version_sets()
        {
            foreach (Baseline b in BaselineCatalog.All)
            {
                Assert.That(b.Ports, Is.Not.Null.And.Not.Empty, b.Id);
                Assert.That(b.PortsSource, Is.Not.Null.And.Not.Empty, b.Id);
                Assert.That(b.Architectures.All(b.Ships), Is.True, b.Id + ": version data for an architecture it does not ship");
            }
            Assert.That(B("centos8").Ships(Architecture.Loongarch64), Is.False);
            Assert.That(B("centos9").Ships(Architecture.Ppc64), Is.False, "RHEL 9 ships ppc64le only");
            Assert.That(B("centos7").Ships(Architecture.Ppc64), Is.True, "RHEL 7 shipped big-endian ppc64");
            Assert.That(B("manylinux_2_17").Ships(Architecture.I386), Is.True, "auditwheel's i686 is the reader's i386");
            Assert.That(B("glibc-2.31").Ships(Architecture.Loongarch64), Is.True, "a custom baseline is any distro");
        }

        [Test]
        public void An_asset_for_an_architecture_the_distro_does_not_ship_is_listed_not_failed()
        {
            AnalysisInput loong = Loongarch();
            var x64 = new AnalysisInput(BinaryInspector.Inspect(Repo.Fixture("libgreet.so.1")));
            var set = new[] { x64, loong };
            AnalysisResult result = Analyzer.Analyze(set, new AnalysisOptions { Baseline = B("centos8") });
            Finding f = result.Findings.Single(x => x.File == loong.Facts.Path);
            Assert.That(f.Id, Is.EqualTo(DiagnosticId.ArchitectureNotShipped));
            Assert.That(f.Severity, Is.EqualTo(Severity.Info));
            Assert.That(f.Message, Does.Contain("built for loongarch64, which centos8 does not ship (it ships x86_64, aarch64, ppc64le, s390x, i386)"));
            Assert.That(result.HasErrors, Is.False);
            Assert.That(OnePlaceTests.Matrix(set).Single(r => r.Baseline.Id == "centos8").Passes, Is.True);
            Assert.That(result.RunsOnFor(loong).Where(l => l.StartsWith("RHEL") || l.StartsWith("Ubuntu") || l.StartsWith("Amazon")),
                Is.Empty, "no RHEL, Ubuntu or Amazon Linux ships loongarch64; the file needs glibc 2.36 and no Debian baseline here ships it either");
            OnePlaceTests.AssertAgree(set);
        }

        [Test]
        public void A_file_alone_for_an_architecture_the_distro_does_not_ship_fails_it_and_runs_on_none()
        {
            AnalysisInput loong = Loongarch("GLIBC_2.17");
            AnalysisResult result = Analyzer.Analyze(new[] { loong }, new AnalysisOptions { Baseline = B("centos8") });
            Finding f = result.Findings.Single();
            Assert.That(f.Id, Is.EqualTo(DiagnosticId.ArchitectureNotShipped));
            Assert.That(f.Severity, Is.EqualTo(Severity.Error));
            Assert.That(f.Message, Does.Contain("it cannot run there"));
            Assert.That(result.RunsOn, Is.Empty, "no built-in distro baseline ships loongarch64");
            Assert.That(OnePlaceTests.Matrix(new[] { loong }).Where(r => r.Passes).Select(r => r.Baseline.Id), Is.Empty,
                "auditwheel's policies have loongarch64 from manylinux_2_36 on; none of the built-in ones has it");
            OnePlaceTests.AssertAgree(new[] { loong });
        }

        [Test]
        public void Big_endian_files_run_only_where_their_port_exists()
        {
            // ppc64 (big-endian): RHEL 7 shipped it, RHEL 8 and later ship ppc64le only; no Debian or Ubuntu release here ships it.
            AnalysisInput ppc64 = Program(21, true, "/lib64/ld64.so.1", "GLIBC_2.17", "tool-ppc64");
            Assert.That(Analyzer.Analyze(new[] { ppc64 }, new AnalysisOptions { Baseline = B("centos7") }).RunsOn, Is.EqualTo(new[] { "RHEL 7" }));
            OnePlaceTests.AssertAgree(new[] { ppc64 });
            // 32-bit big-endian MIPS: Debian 10 was the last release with the mips port.
            AnalysisInput mips = new AnalysisInput(BinaryInspector.Inspect(new ElfImageBuilder
            {
                Is64 = false, BigEndian = true, Machine = 8, Interpreter = "/lib/ld.so.1", Needed = { "libc.so.6" },
            }.Build(), "tool-mips"));
            Assert.That(mips.Facts.Machine, Is.EqualTo(Architecture.Mips));
            Assert.That(Analyzer.Analyze(new[] { mips }, new AnalysisOptions { Baseline = B("debian10") }).RunsOn, Is.EqualTo(new[] { "Debian 10" }));
            OnePlaceTests.AssertAgree(new[] { mips });
        }

        [Test]
        public void A_shipped_architecture_without_version_data_is_compared_by_number_and_says_so()
        {
            AnalysisInput ppc64le = Program(21, false, "/lib64/ld64.so.2", "GLIBC_2.34", "tool-ppc64le");
            AnalysisResult result = Analyzer.Analyze(new[] { ppc64le }, new AnalysisOptions { Baseline = B("centos8") });
            Finding f = result.Findings.Single(x => x.Id == DiagnosticId.VersionMissing);
            Assert.That(f.Message, Does.Contain("(the data has no ppc64le version sets for centos8: compared by GLIBC number only)"));
            Assert.That(result.RunsOn, Is.EqualTo(new[] { "RHEL 9+", "Ubuntu 22.04+", "Debian 12+" }), "Amazon Linux ships no ppc64le");
            OnePlaceTests.AssertAgree(new[] { ppc64le });
        }
    }
}
