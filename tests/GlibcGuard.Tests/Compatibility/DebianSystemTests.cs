using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// "A minimal install provides" for Debian and Ubuntu comes from each release's own package indexes
    /// (eng/gen-stock-libraries.py). debootstrap, the tool that builds minimal installs and container images,
    /// computes the same package set on its own; and this machine's own programs (Debian 12) checked against
    /// debian12 may not be told that a library of that set is missing.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    [Category("RealWorld")]
    public class DebianSystemTests
    {
        private static readonly JsonElement s_stock =
            JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "eng", "reference", "stock-libraries.json"))).RootElement.GetProperty("distros");

        /// <summary>debootstrap's own answer: the packages of a minbase install of the release.</summary>
        // debootstrap's package list for a suite, computed once for the tests that ask (it reads the mirror's index).
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Lazy<HashSet<string>>> s_debootstrap = new();

        private static HashSet<string> Debootstrap(string suite, string mirror) =>
            s_debootstrap.GetOrAdd(suite + " " + mirror, _ => new System.Lazy<HashSet<string>>(() =>
            {
                string target = Path.Combine(Repo.TempDir("debootstrap"), suite);
                var run = Processes.Run("debootstrap", new[] { "--no-check-gpg", "--print-debs", "--variant=minbase", suite, target, mirror }, timeoutSeconds: 300);
                Assert.That(run.ExitCode, Is.Zero, run.All);
                return new HashSet<string>(run.StdOut.Split(new[] { ' ', '\n' }, System.StringSplitOptions.RemoveEmptyEntries));
            })).Value;

        // Debian's mirror is one of the registries every machine of this project reaches; Ubuntu's archive is not
        // promised, so jammy and the other releases were compared once, by hand (see eng/reference/README.md).
        [TestCase("debian12", "bookworm", "http://deb.debian.org/debian")]
        public void The_minimal_install_is_the_one_debootstrap_makes(string baseline, string suite, string mirror)
        {
            var ours = s_stock.GetProperty(baseline).GetProperty("packages").EnumerateArray().Select(p => p.GetString()!).ToList();
            HashSet<string> theirs = Debootstrap(suite, mirror);
            Assert.That(ours, Is.EquivalentTo(theirs), baseline + ": the generator's closure and debootstrap's minbase");
            BaselineCatalog.TryGet(baseline, out Baseline b);
            Assert.That(b.LibrariesAreMinimalInstall, Is.True);
            Assert.That(b.ProvidedLibraries, Is.EquivalentTo(s_stock.GetProperty(baseline).GetProperty("libraries").EnumerateArray().Select(l => l.GetString())),
                "the generated baseline carries the reference list");
        }

        [Test]
        public void Debian_programs_on_debian12_miss_nothing_a_minimal_install_has()
        {
            Assert.That(File.ReadAllText("/etc/os-release"), Does.Contain("VERSION_ID=\"12\"").And.Contain("ID=debian"), "the test machines run Debian 12");
            BaselineCatalog.TryGet("debian12", out Baseline debian12);
            var files = Directory.GetFiles("/usr/bin").Where(GlibcGuard.Elf.ElfFile.IsElfFile).Select(p => new AnalysisInput(BinaryInspector.Inspect(p))).ToList();
            Assert.That(files.Count, Is.GreaterThan(100));
            AnalysisResult result = Analyzer.Analyze(files, new AnalysisOptions { Baseline = debian12 });
            var missing = result.Findings.Where(f => f.Id == DiagnosticId.LibraryMissing).Select(f => f.Library!).Distinct().OrderBy(l => l).ToList();
            HashSet<string> minbase = Debootstrap("bookworm", "http://deb.debian.org/debian");

            // The installed package that has each library (dpkg's own record of this machine's files), in one call.
            var owners = Processes.Run("dpkg", new[] { "-S" }.Concat(missing.Select(l => "*/" + l))).StdOut.Split('\n')
                .Where(l => l.Contains(": ")).Select(l => (Packages: l.Substring(0, l.IndexOf(": ")), File: Path.GetFileName(l.Substring(l.IndexOf(": ") + 2))));
            foreach (var (packages, file) in owners)
            {
                var names = packages.Split(',').Select(p => p.Trim().Split(':')[0]).ToList();
                Assert.That(names.Where(minbase.Contains), Is.Empty, "GG1004 says debian12 lacks " + file + ", but debootstrap's minimal install has " + packages);
            }
            foreach (string provided in new[] { "libselinux.so.1", "libacl.so.1", "libpcre2-8.so.0", "libtinfo.so.6", "libz.so.1", "libsystemd.so.0" })
            {
                Assert.That(missing, Does.Not.Contain(provided), provided + " comes with Debian's minimal install");
            }
            Assert.That(result.Findings.Where(f => f.Id == DiagnosticId.LibraryMissing).Select(f => f.Message), Has.All.Contains("a minimal debian12 install"));
            TestContext.Out.WriteLine("GG1004 on /usr/bin against debian12 (" + files.Count + " files, " + result.Count(Severity.Warning) + " warnings): " +
                (missing.Count == 0 ? "none" : string.Join(", ", missing)));
        }

        /// <summary>
        /// util-linux's column (Debian 12) needs SMARTCOLS_2.38 from libsmartcols.so.1, which Debian 11's minimal
        /// install has in an older version: its loader refuses the file with "version `SMARTCOLS_2.38' not found"
        /// (seen in a debootstrap root). The version nodes of Debian's minimal-install libraries are read from the
        /// release's packages (eng/gen-library-versions.py), so debian11 says so (GG1001); Ubuntu's packages are not
        /// read here, so ubuntu22.04 names the need as not checked (GG2008) instead of passing it. And
        /// "libdb-5.3.so", a soname with no number after ".so", counts among the libraries Debian's minimal install provides.
        /// </summary>
        [Test]
        public void A_need_outside_the_family_data_is_judged_by_the_library_or_named_never_passed_in_silence()
        {
            const string column = "/usr/bin/column";
            Assert.That(ReadElf.Of(column).VersionNeeds.Select(n => n.Library + " " + n.Version), Does.Contain("libsmartcols.so.1 SMARTCOLS_2.38"), "readelf's view");
            BaselineCatalog.TryGet("debian11", out Baseline debian11);
            AnalysisResult onDebian11 = Analyzer.Analyze(new[] { new AnalysisInput(BinaryInspector.Inspect(column)) }, new AnalysisOptions { Baseline = debian11 });
            Assert.That(onDebian11.Findings.Where(f => f.Id == DiagnosticId.VersionMissing).Select(f => f.Library + " " + f.Version),
                Is.EquivalentTo(new[] { "libsmartcols.so.1 SMARTCOLS_2.38", "libc.so.6 GLIBC_2.34" }), "what Debian 11's loader says");

            BaselineCatalog.TryGet("ubuntu22.04", out Baseline jammy);
            Assert.That(jammy.ProvidesLibrary("libsmartcols.so.1"), Is.True);
            AnalysisResult onJammy = Analyzer.Analyze(new[] { new AnalysisInput(BinaryInspector.Inspect(column)) }, new AnalysisOptions { Baseline = jammy });
            Finding note = onJammy.Findings.Single(f => f.Id == DiagnosticId.VersionNotChecked);
            Assert.That(note.Severity, Is.EqualTo(Severity.Info));
            Assert.That(note.Library, Is.EqualTo("libsmartcols.so.1"));
            Assert.That(note.Version, Is.EqualTo("SMARTCOLS_2.38"), "the highest need");
            Assert.That(note.Message, Does.Contain("needs SMARTCOLS_2.25").And.Contain("SMARTCOLS_2.38 from libsmartcols.so.1, and GlibcGuard has no version data for libsmartcols.so.1 on ubuntu22.04"));
            foreach (string baseline in new[] { "debian11", "debian12", "debian13" })
            {
                BaselineCatalog.TryGet(baseline, out Baseline b);
                Assert.That(b.ProvidesLibrary("libdb-5.3.so"), Is.True, baseline + ": libdb5.3 is in every minimal install (apt needs it)");
            }
        }

        /// <summary>The library version data: read from the release's own packages, every library of the minimal install that defines versions.</summary>
        [TestCase("debian11", "libsmartcols.so.1", "SMARTCOLS_2.35", "SMARTCOLS_2.38")]
        [TestCase("debian12", "liblzma.so.5", "XZ_5.2", "XZ_5.6")]
        [TestCase("debian12", "libsmartcols.so.1", "SMARTCOLS_2.38", "SMARTCOLS_2.40")]
        public void Library_version_data_matches_the_release(string baseline, string library, string defined, string notDefined)
        {
            BaselineCatalog.TryGet(baseline, out Baseline b);
            Assert.That(b.Check(Architecture.X86_64, library, defined), Is.EqualTo(VersionVerdict.Present));
            Assert.That(b.Check(Architecture.X86_64, library, notDefined), Is.EqualTo(VersionVerdict.Missing));
            Assert.That(b.Check(Architecture.Aarch64, library, notDefined), Is.EqualTo(VersionVerdict.Unchecked), "the data is read from amd64 packages");
        }
    }
}
