using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Infrastructure;
using static GlibcGuard.Tests.Infrastructure.TestData;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// Files other people made, at fixed versions, downloaded by the test setup (see <see cref="RealWorld"/>):
    /// what a user checking them should see, with the reason beside each expectation, cross-checked with readelf.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    [Category("RealWorld")]
    public class RealWorldTests
    {
        /// <summary>Packages with native Linux assets, at fixed versions (what the regression table covers).</summary>
        private static readonly (string Id, string Version)[] s_packages =
        {
            ("SQLitePCLRaw.lib.e_sqlite3", "2.1.11"),
            ("librdkafka.redist", "2.16.0"),
            ("SkiaSharp.NativeAssets.Linux", "2.88.9"),
            ("HarfBuzzSharp.NativeAssets.Linux", "7.3.0.3"),
            ("LibGit2Sharp.NativeBinaries", "2.0.324"),
            ("Grpc.Core", "2.46.5"),
        };

        public static IEnumerable<TestCaseData> Packages() => s_packages.Select(p => new TestCaseData(p.Id, p.Version).SetName("{m}(" + p.Id + " " + p.Version + ")"));

        /// <summary>
        /// Every glibc x86_64 and aarch64 file of the package, under centos7, centos8 and centos9: the engine's
        /// missing version nodes equal the ones computed from readelf's output and the raw reference data, and the
        /// verdict table is written to the test log (the issue note carries it).
        /// </summary>
        [TestCaseSource(nameof(Packages))]
        public void Verdicts_on_real_packages_match_readelf_and_the_reference_data(string id, string version)
        {
            string dir = Path.Combine(Repo.TempDir("realworld"), id);
            System.IO.Compression.ZipFile.ExtractToDirectory(RealWorld.NuGet(id, version), dir);
            var table = new List<string>();
            int judged = 0;
            foreach (string file in Directory.EnumerateFiles(Path.Combine(dir, "runtimes"), "*", SearchOption.AllDirectories).OrderBy(f => f, System.StringComparer.Ordinal))
            {
                if (!GlibcGuard.Elf.ElfFile.IsElfFile(file)) continue;
                string rid = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(file))!);
                BinaryFacts facts = BinaryInspector.Inspect(file);
                var verdicts = new List<string>();
                foreach (string baseline in ReferenceVerdictTests.Baselines)
                {
                    if (rid.StartsWith("linux-musl-"))
                    {
                        verdicts.Add("— (musl build)"); // published for linux-musl-* only; never judged by a glibc baseline
                        continue;
                    }
                    AnalysisResult result = ReferenceVerdictTests.Engine(file, baseline);
                    if (facts.Libc == LibcKind.Glibc && (facts.Machine == Architecture.X86_64 || facts.Machine == Architecture.Aarch64))
                    {
                        Assert.That(ReferenceVerdictTests.MissingOf(result), Is.EquivalentTo(ReferenceVerdictTests.ExpectedMissing(file, baseline)),
                            id + " " + rid + "/" + Path.GetFileName(file) + " on " + baseline);
                        judged++;
                    }
                    var missing = result.Findings.Where(f => f.Id == DiagnosticId.VersionMissing).Select(f => f.Version!).ToList();
                    verdicts.Add(result.Findings.Any(f => f.Severity == Severity.Error)
                        ? "no (" + (missing.Count > 0 ? missing.OrderBy(v => VersionNode.Parse(v)).Last() : result.Findings.First(f => f.Severity == Severity.Error).Code) + ")"
                        : "yes");
                }
                table.Add("| " + id + " " + version + " | " + Path.GetFileName(file) + " | " + rid + " | " + facts.Machine + " | " + facts.Libc?.Name() + " | " + string.Join(" | ", verdicts) + " |");
            }
            TestContext.Out.WriteLine(string.Join("\n", table));
            Assert.That(judged, Is.GreaterThan(0), "the package has glibc x86_64/aarch64 files to cross-check");
        }

        [TestCaseSource(nameof(Packages))]
        public void Verdict_matrix_row_and_runs_on_agree_on_real_packages(string id, string version) =>
            OnePlaceTests.AssertAgree(InputInspector.Read(RealWorld.NuGet(id, version)));

        [Test]
        public void An_android_go_binary_from_npm_is_bionic_and_fails_every_glibc_baseline_as_such()
        {
            // esbuild's Android build: a Go program with cgo's dynamic loader, /system/bin/linker64.
            string exe = Path.Combine(RealWorld.Npm("@esbuild/android-arm64@0.19.12"), "bin", "esbuild");
            Assert.That(ReadElf.Of(exe).Interpreter, Is.EqualTo("/system/bin/linker64"), "readelf's view");
            var input = new AnalysisInput(BinaryInspector.Inspect(exe));
            Assert.That(input.Facts.Libc, Is.EqualTo(LibcKind.Bionic));
            AnalysisResult result = Analyzer.Analyze(new[] { input }, new AnalysisOptions { Baseline = B("centos8"), TargetMachine = Architecture.Aarch64 });
            Assert.That(result.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Id), Is.EqualTo(new[] { DiagnosticId.ForeignLibc }));
            Assert.That(result.Findings.Single(f => f.Id == DiagnosticId.ForeignLibc).Message, Does.Contain("Android's bionic C library"));
            Assert.That(result.RunsOn, Is.Empty, "Android binaries run on no glibc distro");
        }

        [Test]
        public void SQLitePCLRaw_e_sqlite3_files_are_each_judged_by_their_own_folder()
        {
            // 14 Linux builds: glibc for x64, x86, arm, armel, arm64, s390x, riscv64, mips64, ppc64le; musl for five.
            string package = RealWorld.NuGet("SQLitePCLRaw.lib.e_sqlite3", "2.1.11");
            var files = InputInspector.Read(package);
            var linux = files.Where(f => f.Rid != null && (f.Rid.Platform == RidPlatform.Linux || f.Rid.Platform == RidPlatform.LinuxMusl)).ToList();
            Assert.That(linux, Has.Count.EqualTo(14));
            foreach (AnalysisInput f in linux)
            {
                Assert.That(f.Facts.Error, Is.Null, f.Facts.Path);
                Assert.That(f.Facts.Libc, Is.EqualTo(f.Rid!.IsMusl ? LibcKind.Musl : LibcKind.Glibc), f.Facts.Path);
                Assert.That(f.PackageId, Is.EqualTo("SQLitePCLRaw.lib.e_sqlite3"));
            }
            AnalysisResult result = Analyzer.Analyze(files, new AnalysisOptions { Baseline = B("centos8") });
            // Each file matches its folder's architecture and C library: musl files are judged as musl files.
            Assert.That(result.Findings.Select(f => f.Id), Has.None.EqualTo(DiagnosticId.ArchitectureMismatch)
                .And.None.EqualTo(DiagnosticId.MuslOnGlibcTarget).And.None.EqualTo(DiagnosticId.GlibcOnMuslTarget), string.Join("\n", result.Findings));
            // The musl builds never make a glibc row fail: the summary, the matrix row and "runs on" agree.
            var matrix = OnePlaceTests.Matrix(files);
            Assert.That(matrix.Where(r => r.Reason != null).Select(r => r.Reason), Has.None.Contains("musl"));
            bool centos8Row = matrix.Single(r => r.Baseline.Id == "centos8").Passes;
            Assert.That(centos8Row, Is.EqualTo(!result.HasErrors), "the matrix row and the verdict for centos8 agree");
            Assert.That(result.RunsOn.Any(r => r.StartsWith("RHEL")), Is.EqualTo(centos8Row || matrix.Any(r => r.Baseline.RunsOnFamily == "RHEL" && r.Passes)));
        }

        [Test]
        public void Debian_armel_build_is_glibc_on_the_soft_float_port_which_only_Debian_ships()
        {
            // hello 2.10-3 from Debian 12's armel port. readelf: ARM, "Version5 EABI, soft-float ABI", interpreter
            // /lib/ld-linux.so.3 (glibc's armel loader), highest need GLIBC_2.34.
            string file = Path.Combine(RealWorld.Deb("hello", "hello", "2.10-3", "armel"), "usr", "bin", "hello");
            var input = new AnalysisInput(BinaryInspector.Inspect(file));
            Assert.That(input.Facts.Machine, Is.EqualTo(Architecture.Armel));
            Assert.That(input.Facts.Libc, Is.EqualTo(LibcKind.Glibc));
            Assert.That(input.Facts.Interpreter, Is.EqualTo("/lib/ld-linux.so.3"));
            Assert.That(Analyzer.Analyze(new[] { input }, new AnalysisOptions { Baseline = B("debian12") }).Findings, Is.Empty, "glibc's armel loader is no foreign path (GG1015)");
            // Ubuntu and CentOS ship hard-float ARM only: the soft-float loader is not there.
            AnalysisResult centos7 = Analyzer.Analyze(new[] { input }, new AnalysisOptions { Baseline = B("centos7") });
            Assert.That(centos7.Findings.Single().Id, Is.EqualTo(DiagnosticId.ArchitectureNotShipped));
            Assert.That(centos7.RunsOn, Is.EqualTo(new[] { "Debian 12+" }));
            OnePlaceTests.AssertAgree(new[] { input });
        }

        [Test]
        public void Debian_s390x_build_is_big_endian_glibc_compared_by_number()
        {
            // hello 2.10-3 from Debian 12's s390x port (big-endian, /lib/ld64.so.1, GLIBC_2.34 at most). The reference
            // has no s390x version sets, so GLIBC is compared by number; Amazon Linux ships no s390x.
            string file = Path.Combine(RealWorld.Deb("hello", "hello", "2.10-3", "s390x"), "usr", "bin", "hello");
            var input = new AnalysisInput(BinaryInspector.Inspect(file));
            Assert.That(input.Facts.Machine, Is.EqualTo(Architecture.S390x));
            Assert.That(input.Facts.Endianness, Is.EqualTo(ByteOrder.Big));
            Assert.That(new System.Version(input.Facts.MaxVersions["GLIBC"]), Is.EqualTo(ReadElf.MaxGlibc(file)), "readelf -V");
            AnalysisResult centos8 = Analyzer.Analyze(new[] { input }, new AnalysisOptions { Baseline = B("centos8") });
            Assert.That(centos8.Findings.Single().Message, Does.Contain("needs GLIBC_2.34").And.Contain("compared by GLIBC number only"));
            Assert.That(centos8.RunsOn, Is.EqualTo(new[] { "RHEL 9+", "Ubuntu 22.04+", "Debian 12+" }));
            OnePlaceTests.AssertAgree(new[] { input });
        }

        [Test]
        public void A_solaris_go_binary_from_npm_is_the_solaris_c_library_not_mixed()
        {
            // esbuild 0.19.12's SunOS build: readelf shows interpreter /lib/amd64/ld.so.1 (Solaris's, not glibc's
            // ld.so.1 of 32-bit PowerPC/MIPS/s390) and needs libc.so, libsocket.so, libsendfile.so; its Go build
            // information says GOOS=illumos. It was read as "mixed glibc and musl" before.
            string file = Path.Combine(RealWorld.Npm("@esbuild/sunos-x64@0.19.12"), "bin", "esbuild");
            var input = new AnalysisInput(BinaryInspector.Inspect(file));
            Assert.That(input.Facts.Interpreter, Is.EqualTo("/lib/amd64/ld.so.1"));
            Assert.That(input.Facts.Libc, Is.EqualTo(LibcKind.Solaris));
            Assert.That(input.Facts.Go!.Settings["GOOS"], Is.EqualTo("illumos"));
            AnalysisResult result = Analyzer.Analyze(new[] { input }, new AnalysisOptions { Baseline = B("centos8") });
            Assert.That(result.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Id), Is.EqualTo(new[] { DiagnosticId.ForeignLibc }));
            Assert.That(result.Findings.Single(f => f.Id == DiagnosticId.ForeignLibc).Message, Does.Contain("Solaris/illumos C library (interpreter /lib/amd64/ld.so.1"));
            Assert.That(result.RunsOn, Is.Empty);
            OnePlaceTests.AssertAgree(new[] { input });
        }

        [Test]
        public void librdkafka_alpine_fallback_is_info_and_its_glibc_builds_are_judged()
        {
            // librdkafka.redist 2.16.0: linux-x64 holds librdkafka.so and centos8-librdkafka.so (glibc) and
            // alpine-librdkafka.so (musl), all with soname librdkafka.so.1; Confluent.Kafka loads the Alpine one on
            // Alpine only. readelf says which is which.
            string package = RealWorld.NuGet("librdkafka.redist", "2.16.0");
            var files = InputInspector.Read(package).Where(f => f.Rid?.Value == "linux-x64").ToList();
            Assert.That(files.Select(f => f.FileName), Is.EquivalentTo(new[] { "alpine-librdkafka.so", "centos8-librdkafka.so", "librdkafka.so" }));
            AnalysisInput alpine = files.Single(f => f.FileName == "alpine-librdkafka.so");
            Assert.That(alpine.Facts.Libc, Is.EqualTo(LibcKind.Musl));
            Assert.That(alpine.Facts.Needed, Is.EqualTo(new[] { "libc.musl-x86_64.so.1" }));

            AnalysisResult result = Analyzer.Analyze(files, new AnalysisOptions { Baseline = B("centos8") });
            Finding note = result.Findings.Single(f => f.File == alpine.Facts.Path);
            Assert.That(note.Id, Is.EqualTo(DiagnosticId.MuslFallbackBeside));
            Assert.That(note.Severity, Is.EqualTo(Severity.Info));
            Assert.That(result.Findings.Select(f => f.Id), Has.None.EqualTo(DiagnosticId.MuslOnGlibcTarget));
            Assert.That(OnePlaceTests.Matrix(files).Where(r => r.Reason != null).Select(r => r.Reason), Has.None.Contains("musl"));

            // Alone (nothing beside it), the same musl file is an error on a glibc target.
            AnalysisResult alone = Analyzer.Analyze(new[] { alpine }, new AnalysisOptions { Baseline = B("centos8") });
            Assert.That(alone.Findings.Single().Id, Is.EqualTo(DiagnosticId.MuslOnGlibcTarget));
        }

        [Test]
        public void Static_files_from_real_packages_name_the_C_library_inside_or_say_why_not()
        {
            // @ffmpeg-installer/linux-x64 4.1.0 ships a static glibc ffmpeg (kernel floor 2.6.32 in its ABI tag) that
            // resolves host names for network protocols: the NSS hazard, seen in the stripped file by glibc's literal.
            string ffmpeg = Path.Combine(RealWorld.Npm("@ffmpeg-installer/linux-x64@4.1.0"), "ffmpeg");
            BinaryFacts f = BinaryInspector.Inspect(ffmpeg);
            Assert.That((f.Libc, f.LibcEvidence, f.AbiTagKernel), Is.EqualTo((LibcKind.StaticGlibc, "glibc's ABI-tag note, from its start-up code", "2.6.32")));
            Assert.That(f.StaticLoads, Does.Contain("NSS"));
            Assert.That(Analyzer.Analyze(new[] { new AnalysisInput(f) }, new AnalysisOptions { Baseline = B("centos7") }).Findings.Select(x => x.Id),
                Is.EquivalentTo(new[] { DiagnosticId.StaticGlibcLoadsModules, DiagnosticId.StaticBinary }));
            var symbols = Processes.Run("readelf", new[] { "-S", "-W", ffmpeg });
            Assert.That(symbols.StdOut, Does.Not.Contain(".symtab"), "stripped: only the ABI note and the literal say it");

            // @biomejs/cli-linux-x64-musl 1.9.4: a stripped static-pie Rust program for musl. Nothing a stripped file
            // keeps says musl, so the C library is reported unknown with the reason, not guessed.
            BinaryFacts biome = BinaryInspector.Inspect(Path.Combine(RealWorld.Npm("@biomejs/cli-linux-x64-musl@1.9.4"), "biome"));
            Assert.That((biome.Linkage, biome.Libc), Is.EqualTo((Linkage.StaticPie, LibcKind.Static)));
            Assert.That(biome.LibcEvidence, Is.EqualTo("stripped, and no glibc ABI-tag note; musl leaves no mark a stripped file keeps"));
            Finding info = Analyzer.Analyze(new[] { new AnalysisInput(biome) }, new AnalysisOptions { Baseline = B("centos7") }).Findings.Single();
            Assert.That(info.Message, Does.Contain("statically linked; which C library is inside is unknown (stripped"));
        }
    }
}
