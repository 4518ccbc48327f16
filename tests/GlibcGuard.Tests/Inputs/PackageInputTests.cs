using System.IO;
using System.IO.Compression;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Inputs;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Inputs
{
    /// <summary>What the inputs layer makes of a NuGet package: origin and context per ELF entry, never a silent guess.</summary>
    [TestFixture]
    public class PackageInputTests
    {
        private static string Package(string name, string? nuspec)
        {
            string path = Path.Combine(Repo.TempDir("package-inputs"), name + ".nupkg");
            File.Delete(path);
            using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                if (nuspec != null)
                {
                    using var w = new StreamWriter(zip.CreateEntry(name + ".nuspec").Open());
                    w.Write(nuspec);
                }
                zip.CreateEntryFromFile(Repo.Fixture("libgreet.so.1"), "runtimes/linux-x64/native/libgreet.so.1");
                zip.CreateEntryFromFile(Repo.Fixture("libgreet.so.1"), "lib/netstandard2.0/readme.txt.so"); // ELF outside runtimes/: no RID
                var text = zip.CreateEntry("lib/netstandard2.0/Greet.dll");
                using (var s = new StreamWriter(text.Open())) s.Write(new string('x', 200));
            }
            return path;
        }

        [Test]
        public void Each_elf_entry_carries_origin_package_and_rid()
        {
            string path = Package("Greet", "<package><metadata><id>Greet.Native</id><version>1.2.3</version></metadata></package>");
            var sources = new System.Collections.Generic.List<(string Origin, InputKind Kind, string? Rid, string? Id, string? Version)>();
            int count = InputReader.Read(path, onlyIfElf: true, s => sources.Add((s.Origin, s.Kind, s.Context.Rid, s.Context.PackageId, s.Context.PackageVersion)));
            Assert.That(count, Is.EqualTo(2), "two ELF entries; the managed one is not inflated as ELF");
            Assert.That(sources, Is.EqualTo(new[]
            {
                (path + "!runtimes/linux-x64/native/libgreet.so.1", InputKind.PackageEntry, (string?)"linux-x64", (string?)"Greet.Native", (string?)"1.2.3"),
                (path + "!lib/netstandard2.0/readme.txt.so", InputKind.PackageEntry, (string?)null, (string?)"Greet.Native", (string?)"1.2.3"),
            }));
            AnalysisInput first = InputInspector.Read(path)[0];
            Assert.That(first.Rid!.Architecture, Is.EqualTo(Architecture.X86_64));
            Assert.That(first.Facts.Warnings, Is.Empty);
        }

        [TestCase(null, "it has no .nuspec")]
        [TestCase("<package><metadata><id>Greet", "its .nuspec (Greet.nuspec) could not be read")]
        [TestCase("<package><metadata><version>1.0</version></metadata></package>", "its .nuspec (Greet.nuspec) names no package id")]
        public void A_package_whose_identity_is_a_guess_says_so(string? nuspec, string why)
        {
            string path = Package("Greet", nuspec);
            AnalysisInput input = InputInspector.Read(path)[0];
            Assert.That(input.PackageId, Is.EqualTo("Greet"), "the file name stands in");
            Assert.That(input.Facts.Warnings.Single(), Does.StartWith("the package id is taken from the file name: " + why));
            BaselineCatalog.TryGet("centos8", out Baseline centos8);
            Assert.That(Analyzer.Analyze(new[] { input }, new AnalysisOptions { Baseline = centos8 }).Findings.Select(f => f.Id), Does.Contain(DiagnosticId.RecoverableDamage));
        }
    }
}
