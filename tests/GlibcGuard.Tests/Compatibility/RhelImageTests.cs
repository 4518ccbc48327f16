using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Infrastructure;
using static GlibcGuard.Tests.Infrastructure.TestData;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// The RHEL-family baselines' libraries are their official images' packages, each soname with its evidence
    /// (eng/reference/rhel-libraries.json, from eng/gather-rhel-libraries.py). These tests hold the data to its sources
    /// and the engine to the data, read here with a parser of their own.
    /// </summary>
    [TestFixture]
    public class RhelImageTests
    {
        private static readonly string s_reference = Path.Combine(Repo.Root, "eng", "reference");

        private static JsonElement Images() =>
            JsonDocument.Parse(File.ReadAllText(Path.Combine(s_reference, "rhel-libraries.json"))).RootElement.GetProperty("images");

        private static JsonElement PackageMap() =>
            JsonDocument.Parse(File.ReadAllText(Path.Combine(s_reference, "rhel-images", "package-map.json"))).RootElement;

        private static readonly (string Baseline, string Image)[] s_baselines =
        {
            ("centos7", "centos7"), ("centos8", "almalinux8"), ("centos9", "almalinux9"), ("amazonlinux2", "amazonlinux2"), ("amazonlinux2023", "amazonlinux2023"),
        };

        private static string[] InstalledPackages(string image) =>
            File.ReadAllLines(Path.Combine(s_reference, "rhel-images", "packages", image + ".txt")).Where(l => l.Trim().Length > 0).ToArray();

        /// <summary>Every ELF file of a package (a .nupkg, or an npm package's folder), as the CLI reads it.</summary>
        private static List<AnalysisInput> ReadPackage(string path) =>
            Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).SelectMany(f => InputInspector.ReadIfElf(f)).ToList()
                : InputInspector.Read(path);

        private static string RpmName(string nevra) => Regex.Replace(nevra, @"-[^-]+-[^-]+$", "");

        [Test]
        public void Each_image_list_has_its_source_files_package_count_and_every_soname_names_its_evidence()
        {
            JsonElement images = Images();
            JsonElement sources = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_reference, "rhel-images", "images.json"))).RootElement;
            Assert.That(images.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(sources.EnumerateObject().Select(p => p.Name)));
            foreach (JsonProperty image in images.EnumerateObject())
            {
                string[] packages = InstalledPackages(image.Name);
                int count = sources.GetProperty(image.Name).GetProperty("packages_count").GetInt32();
                Assert.That(packages, Has.Length.EqualTo(count), image.Name + ": the list copied from " + sources.GetProperty(image.Name).GetProperty("packages_source").GetString());
                Assert.That(sources.GetProperty(image.Name).GetProperty("packages_source").GetString(), Does.Match(@"^docker-library/repo-info@[0-9a-f]{40}:repos/"), image.Name);
                foreach (JsonProperty library in image.Value.GetProperty("libraries").EnumerateObject())
                {
                    string package = library.Value.GetProperty("package").GetString()!;
                    Assert.That(packages, Does.Contain(package), image.Name + " " + library.Name + ": its package is installed in the image");
                    Assert.That(library.Value.GetProperty("evidence").GetString(), Does.Match("^(same version: |bracketed: |series: |real file: |RHEL|ncurses|glibc|libgcc|libstdc)|installs it"),
                        image.Name + " " + library.Name);
                    if (library.Value.TryGetProperty("versions", out JsonElement versions))
                    {
                        Assert.That(versions.GetArrayLength(), Is.GreaterThan(0));
                        Assert.That(library.Value.GetProperty("versions_evidence").GetString(), Is.Not.Empty, image.Name + " " + library.Name);
                    }
                }
                foreach (JsonProperty unknown in image.Value.GetProperty("unknown").EnumerateObject())
                {
                    Assert.That(packages.Select(RpmName), Does.Contain(unknown.Name), image.Name + ": an unknown package is an installed one");
                    Assert.That(unknown.Value.GetProperty("reason").GetString(), Is.Not.Empty);
                }
            }
        }

        [TestCaseSource(nameof(s_baselines))]
        public void The_baseline_has_exactly_the_images_evidenced_libraries_and_their_version_nodes((string Baseline, string Image) pair)
        {
            JsonElement image = Images().GetProperty(pair.Image);
            Baseline baseline = B(pair.Baseline);
            var libraries = image.GetProperty("libraries").EnumerateObject().ToList();
            Assert.That(baseline.ProvidedLibraries, Is.EquivalentTo(libraries.Select(l => l.Name)));
            Assert.That(baseline.LibrariesImage, Is.EqualTo(image.GetProperty("image").GetString()!.Split(' ')[0]));
            Assert.That(baseline.LibrariesAreMinimalInstall, Is.True, "measured: ICU and OpenSSL are judged by it");
            foreach (JsonProperty library in libraries.Where(l => l.Value.TryGetProperty("versions", out _)))
            {
                foreach (JsonElement node in library.Value.GetProperty("versions").EnumerateArray())
                {
                    Assert.That(baseline.Check(Architecture.X86_64, library.Name, node.GetString()!), Is.EqualTo(VersionVerdict.Present).Or.EqualTo(VersionVerdict.Missing),
                        pair.Baseline + " " + library.Name + " " + node);
                }
            }
            // A node the library does not define is missing there, where the family is not covered by the version sets.
            if (libraries.Any(l => l.Name == "libxml2.so.2" && l.Value.TryGetProperty("versions", out _)))
            {
                Assert.That(baseline.Check(Architecture.X86_64, "libxml2.so.2", "LIBXML2_2.99.0"), Is.EqualTo(VersionVerdict.Missing));
                Assert.That(baseline.Check(Architecture.X86_64, "libxml2.so.2", "LIBXML2_2.4.30"), Is.EqualTo(VersionVerdict.Present));
            }
        }

        [Test]
        public void RHEL_renames_are_facts_not_Debian_names()
        {
            // Where Debian's soname differs from RHEL's, the Debian name must not stand in for RHEL's.
            Assert.That(B("centos9").ProvidesLibrary("libbz2.so.1"), Is.True, "RHEL's bzip2 soname");
            Assert.That(B("centos9").ProvidesLibrary("libbz2.so.1.0"), Is.False, "Debian's bzip2 soname");
            Assert.That(B("centos9").ProvidesLibrary("libsasl2.so.3"), Is.True);
            Assert.That(B("centos9").ProvidesLibrary("libsasl2.so.2"), Is.False);
            Assert.That(B("centos9").ProvidesLibrary("libcrypt.so.2"), Is.True, "AlmaLinux 9's libxcrypt");
            Assert.That(B("centos9").ProvidesLibrary("libcrypt.so.1"), Is.False, "libxcrypt-compat is not in the image");
            Assert.That(B("centos8").ProvidesLibrary("libcrypt.so.1"), Is.True);
            Assert.That(B("centos7").ProvidesLibrary("libssl.so.10"), Is.True, "RHEL 7's OpenSSL 1.0.2k soname");
            Assert.That(B("centos7").ProvidesLibrary("libssl.so.1.0.0"), Is.False);
            Assert.That(B("centos8").ProvidesLibrary("libtinfo.so.6"), Is.True, "ncurses 6.1, ABI 6");
            Assert.That(B("centos8").ProvidesLibrary("libtinfo.so.5"), Is.False, "ABI 5 is ncurses-compat-libs, not installed");
            Assert.That(B("centos7").ProvidesLibrary("libtinfo.so.6"), Is.False, "ncurses 5.9");
            Assert.That(B("centos7").ProvidesLibrary("libzstd.so.1"), Is.False, "no zstd in centos:7");
            Assert.That(B("centos8").ProvidesLibrary("libX11.so.6"), Is.False, "no X11 in almalinux:8 (the old generic list said otherwise)");
        }

        [Test]
        public void A_library_an_installed_package_may_hold_without_evidence_is_worded_may_lack()
        {
            var b = new ElfImageBuilder { Soname = "liba.so", Needed = { "libc.so.6", "libsqlite3.so.0", "libfontconfig.so.1" } };
            var input = new AnalysisInput(BinaryInspector.Inspect(b.Build(), "liba.so"));
            AnalysisResult result = Analyzer.Analyze(new[] { input }, new AnalysisOptions { Baseline = B("centos7") });
            Finding sqlite = result.Findings.Single(f => f.Id == DiagnosticId.LibraryMissing && f.Library == "libsqlite3.so.0");
            Assert.That(sqlite.Message, Does.Contain("may lack: its image (centos:7) installs the package sqlite"));
            Assert.That(sqlite.Fix, Does.StartWith("check that libsqlite3.so.0 is on the target"));
            Finding fontconfig = result.Findings.Single(f => f.Id == DiagnosticId.LibraryMissing && f.Library == "libfontconfig.so.1");
            Assert.That(fontconfig.Message, Does.Contain("which centos7 (glibc 2.17)'s image (centos:7) does not install"));
            Assert.That(fontconfig.Fix, Does.Contain("yum install -y fontconfig"));
        }

        /// <summary>
        /// Real packages: every GG1004 on a RHEL-family baseline is justified from the raw data — no installed package
        /// of the image holds that soname by the package map, or the finding says "may lack" and names an installed
        /// package whose libraries are unknown. The counts per baseline are written to the test log.
        /// </summary>
        [Test]
        [Category("RealWorld")]
        public void Every_GG1004_on_real_packages_is_justified_by_the_image()
        {
            var corpus = new List<(string Name, string Path)>
            {
                ("SkiaSharp.NativeAssets.Linux 2.88.9", RealWorld.NuGet("SkiaSharp.NativeAssets.Linux", "2.88.9")),
                ("HarfBuzzSharp.NativeAssets.Linux 7.3.0.3", RealWorld.NuGet("HarfBuzzSharp.NativeAssets.Linux", "7.3.0.3")),
                ("SQLitePCLRaw.lib.e_sqlite3 2.1.11", RealWorld.NuGet("SQLitePCLRaw.lib.e_sqlite3", "2.1.11")),
                ("LibGit2Sharp.NativeBinaries 2.0.324", RealWorld.NuGet("LibGit2Sharp.NativeBinaries", "2.0.324")),
                ("librdkafka.redist 2.16.0", RealWorld.NuGet("librdkafka.redist", "2.16.0")),
                ("Grpc.Core 2.46.5", RealWorld.NuGet("Grpc.Core", "2.46.5")),
                ("@img/sharp-libvips-linux-x64 1.0.4", RealWorld.Npm("@img/sharp-libvips-linux-x64@1.0.4")),
                ("@img/sharp-linux-x64 0.33.5", RealWorld.Npm("@img/sharp-linux-x64@0.33.5")),
                ("@libphp/almalinux-9-v85 0.0.3", RealWorld.Npm("@libphp/almalinux-9-v85@0.0.3")),
            };
            JsonElement map = PackageMap();
            var log = new List<string>();
            foreach ((string baselineId, string imageId) in s_baselines)
            {
                JsonElement image = Images().GetProperty(imageId);
                string[] installed = InstalledPackages(imageId).Select(RpmName).ToArray();
                int count = 0;
                foreach ((string name, string path) in corpus)
                {
                    List<AnalysisInput> files = ReadPackage(path).Where(f => f.Facts.Libc != LibcKind.Musl && f.Facts.Machine == Architecture.X86_64 && f.Rid?.IsMusl != true).ToList();
                    Assert.That(files, Is.Not.Empty, name);
                    AnalysisResult result = Analyzer.Analyze(files, new AnalysisOptions { Baseline = B(baselineId) });
                    foreach (Finding f in result.Findings.Where(f => f.Id == DiagnosticId.LibraryMissing && f.Severity == Severity.Warning))
                    {
                        count++;
                        string soname = f.Library!;
                        Assert.That(image.GetProperty("libraries").TryGetProperty(soname, out _), Is.False, baselineId + ": " + soname + " is evidenced in the image");
                        string[] holders = installed.Where(p => map.GetProperty("map").TryGetProperty(p, out JsonElement rule) &&
                            Regex.IsMatch(soname, rule.GetProperty("sonames").GetString()!)).ToArray();
                        if (f.Message.Contains("may lack"))
                        {
                            string package = image.GetProperty("unknown").EnumerateObject().Single(u => f.Message.Contains("the package " + u.Name + ",")).Name;
                            Assert.That(installed, Does.Contain(package), baselineId + " " + soname);
                        }
                        else
                        {
                            // A package of the family may be installed at another soname (ncurses 5.9's libtinfo.so.5 for a
                            // need of libtinfo.so.6): then the evidence names that other soname for the same package.
                            string stem = soname.Substring(0, soname.IndexOf(".so", StringComparison.Ordinal) + 3);
                            string[] unexplained = holders.Where(h => !image.GetProperty("libraries").EnumerateObject().Any(l =>
                                RpmName(l.Value.GetProperty("package").GetString()!) == h && l.Name.StartsWith(stem, StringComparison.Ordinal) && l.Name != soname)).ToArray();
                            Assert.That(unexplained, Is.Empty, baselineId + " " + name + ": " + soname + " is said to be absent, but an installed package holds it: " + f.Message);
                            Assert.That(f.Message, Does.Contain("does not install"), f.Message);
                        }
                        log.Add(baselineId + " | " + name + " | " + soname + (f.Message.Contains("may lack") ? " (may lack)" : ""));
                    }
                }
                log.Add(baselineId + ": " + count + " GG1004 warnings");
            }
            TestContext.Out.WriteLine(string.Join("\n", log));
        }

        [Test]
        [Category("RealWorld")]
        public void SkiaSharps_fontconfig_is_missing_from_every_RHEL_image_with_the_install_line()
        {
            List<AnalysisInput> files = InputInspector.Read(RealWorld.NuGet("SkiaSharp.NativeAssets.Linux", "2.88.9")).Where(f => f.Rid?.Value == "linux-x64").ToList();
            foreach ((string baseline, string install) in new[] { ("centos7", "yum install -y fontconfig"), ("centos8", "dnf install -y fontconfig"), ("centos9", "dnf install -y fontconfig") })
            {
                Finding f = Analyzer.Analyze(files, new AnalysisOptions { Baseline = B(baseline) }).Findings.Single(x => x.Id == DiagnosticId.LibraryMissing && x.Library == "libfontconfig.so.1");
                Assert.That(f.Severity, Is.EqualTo(Severity.Warning));
                Assert.That(f.Message, Does.Contain("does not install"));
                Assert.That(f.Fix, Does.Contain(install), baseline);
            }
        }

        [Test]
        [Category("RealWorld")]
        public void A_PHP_built_on_AlmaLinux_9_passes_centos9_and_centos7_lacks_what_the_old_image_lacks()
        {
            List<AnalysisInput> files = ReadPackage(RealWorld.Npm("@libphp/almalinux-9-v85@0.0.3"));
            Assert.That(files.Count, Is.GreaterThan(100), "its ELF files");
            AnalysisResult centos9 = Analyzer.Analyze(files, new AnalysisOptions { Baseline = B("centos9") });
            Assert.That(centos9.Findings.Where(f => f.Severity >= Severity.Warning).Select(f => f.Code + " " + f.Message), Is.Empty,
                "built on the release: nothing it needs is missing from almalinux:9 or from what it ships");
            AnalysisResult centos7 = Analyzer.Analyze(files, new AnalysisOptions { Baseline = B("centos7") });
            var absent = centos7.Findings.Where(f => f.Id == DiagnosticId.LibraryMissing && !f.Message.Contains("may lack")).Select(f => f.Library).Distinct().ToList();
            Assert.That(absent, Does.Contain("libtinfo.so.6").And.Contain("libzstd.so.1").And.Contain("libpcre2-8.so.0"), "ncurses 5.9, no zstd or pcre2 in centos:7");
        }
    }
}
