using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Elf;
using GlibcGuard.Inputs;
using GlibcGuard.Tests.Cli;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>Real single-file bundles from the SDK and a real multi-RID .nupkg, read without extracting.</summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    [Category("EndToEnd")]
    public class ContainerTests
    {
        private static PackageFeed Feed => PackageFeed.Instance;

        // After the SDK bundles, write down what it was given to embed (its FilesToBundle, less what it excluded):
        // the reference the bundle reader's listing is compared with.
        private const string BundleOracle = @"<Target Name=""WriteBundledFiles"" AfterTargets=""GenerateSingleFileBundle"">
    <ItemGroup>
      <_Bundled Include=""@(FilesToBundle)"" Exclude=""@(_FilesExcludedFromBundle)"" Condition=""'%(FilesToBundle.RelativePath)' != '$(AssemblyName)'"" />
    </ItemGroup>
    <WriteLinesToFile File=""$(MSBuildProjectDirectory)/bundled.txt"" Lines=""@(_Bundled->'%(RelativePath)')"" Overwrite=""true"" />
  </Target>";

        [TestCase(false)]
        [TestCase(true)]
        public void The_bundle_listing_matches_what_the_SDK_bundled(bool compress)
        {
            string name = compress ? "bundlez" : "bundle";
            string project = Feed.Project(name, @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <InvariantGlobalization>true</InvariantGlobalization>
    <PublishSingleFile>true</PublishSingleFile>
    <SelfContained>true</SelfContained>
    <IncludeNativeLibrariesForSelfExtract>true</IncludeNativeLibrariesForSelfExtract>
    <EnableCompressionInSingleFile>" + compress.ToString().ToLowerInvariant() + @"</EnableCompressionInSingleFile>
    <GlibcGuardEnabled>false</GlibcGuardEnabled>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""GlibcGuard"" Version=""$GlibcGuardVersion$"" PrivateAssets=""all"" />
    <PackageReference Include=""Fake.Native"" Version=""1.0.0"" />
  </ItemGroup>
  " + BundleOracle + @"
</Project>");
            var r = Feed.Publish(project, "-r", "linux-x64");
            Assert.That(r.ExitCode, Is.Zero, r.All);
            string[] expected = File.ReadAllLines(Path.Combine(project, "bundled.txt")).Select(l => l.Replace('\\', '/')).OrderBy(l => l).ToArray();
            string bundlePath = Path.Combine(project, "bin", "Release", "net10.0", "linux-x64", "publish", name);

            using ElfFile host = ElfFile.Open(bundlePath);
            DotNetBundle bundle = DotNetBundle.TryRead(host)!;
            Assert.That(bundle, Is.Not.Null);
            Assert.That(bundle.Entries.Select(e => e.RelativePath).OrderBy(p => p), Is.EqualTo(expected));
            Assert.That(bundle.Entries.Any(e => e.IsCompressed), Is.EqualTo(compress));
            BundleEntry native = bundle.Entries.Single(e => e.RelativePath == "libnewglibc.so");
            Assert.That(native.Type, Is.EqualTo(BundleFileType.NativeBinary));
            Assert.That(bundle.ReadEntry(native, new ReadBudget().ForContainer("test")), Is.EqualTo(File.ReadAllBytes(Repo.Fixture("libnewglibc.so"))));

            var (exit, output, _) = InspectCommandTests.Run("check", bundlePath, "--baseline", "centos8", "--rid", "linux-x64");
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(output, Does.Contain(bundlePath + "!libnewglibc.so: error GG1001: libnewglibc.so needs GLIBC_2.34"));
            Assert.That(output, Does.Contain(bundlePath + "!libmuslgreet.so: error GG1005"));
        }

        [Test]
        public void A_package_is_checked_per_runtime_folder()
        {
            string package = Path.Combine(Feed.Feed, "Fake.MultiRid.2.0.0.nupkg");
            var (exit, output, _) = InspectCommandTests.Run("check", package, "--baseline", "centos8");
            Assert.That(exit, Is.EqualTo(1), output);
            string[] lines = output.Split('\n').Where(l => l.Contains(": error ") || l.Contains(": warning ")).ToArray();
            Assert.That(lines.Select(l => l.Substring(l.IndexOf('!') + 1, l.IndexOf(": ") - l.IndexOf('!') - 1) + " " + l.Split(' ')[2].TrimEnd(':')).Distinct(), Is.EquivalentTo(new[]
            {
                "runtimes/linux-x64/native/libnewglibc.so GG1001",
                "runtimes/linux-x64/native/libwrongarch.so GG1008",
            }), output);
            Assert.That(output, Does.Contain("libnewglibc.so from Fake.MultiRid 2.0.0 needs GLIBC_2.34"));
            Assert.That(output, Does.Contain("libwrongarch.so from Fake.MultiRid 2.0.0 is built for aarch64, but its folder (linux-x64) says x86_64"));
        }

        /// <summary>
        /// 300 damaged copies of a real package (bytes changed, some truncated; seed 20261126): none throws, every
        /// file that could not be read carries a reading code and a reason, and a set with one is never compatible.
        /// </summary>
        [Test]
        public void Mutated_packages_are_read_or_reported_never_a_crash_or_a_pass()
        {
            byte[] package = File.ReadAllBytes(Path.Combine(Feed.Feed, "Fake.MultiRid.2.0.0.nupkg"));
            string dir = Repo.TempDir("mutpkg");
            var random = new System.Random(20261126);
            BaselineCatalog.TryGet("centos8", out Baseline centos8);
            int damaged = 0;
            var readingCodes = new[] { DiagnosticId.MalformedElf, DiagnosticId.UnreadableFile, DiagnosticId.MalformedContainer, DiagnosticId.ReadBudgetExceeded };
            for (int i = 0; i < 300; i++)
            {
                byte[] v = (byte[])package.Clone();
                for (int k = random.Next(1, 12); k > 0; k--) v[random.Next(v.Length)] = (byte)random.Next(256);
                string path = Path.Combine(dir, "Mutant." + i + ".nupkg");
                File.WriteAllBytes(path, random.Next(4) == 0 ? v.Take(random.Next(v.Length)).ToArray() : v);
                var inputs = InputInspector.Read(path);
                Assert.That(inputs, Is.Not.Empty, "mutant " + i + ": a package gives its files or says why not");
                AnalysisResult result = Analyzer.Analyze(inputs, new AnalysisOptions { Baseline = centos8 });
                foreach (AnalysisInput input in inputs.Where(f => f.Facts.Error != null))
                {
                    Assert.That(readingCodes, Does.Contain(input.Facts.Error!.Code), "mutant " + i + ": " + input.Facts.Path);
                    Assert.That(input.Facts.Error.Message, Is.Not.Empty, "mutant " + i);
                }
                if (result.Unchecked > 0)
                {
                    damaged++;
                    Assert.That(result.IsCompatible, Is.False, "mutant " + i + ": a file that could not be read is never a pass");
                }
            }
            TestContext.Out.WriteLine(damaged + " of 300 mutants had a file that could not be read");
            Assert.That(damaged, Is.GreaterThan(0), "the mutations reach the readers' checks");
        }

        [Test]
        public void A_damaged_package_is_a_finding()
        {
            string dir = Repo.TempDir("badpkg");
            byte[] package = File.ReadAllBytes(Path.Combine(Feed.Feed, "Fake.MultiRid.2.0.0.nupkg"));
            File.WriteAllBytes(Path.Combine(dir, "Truncated.1.0.0.nupkg"), package.Take(package.Length / 2).ToArray());
            var (exit, output, _) = InspectCommandTests.Run("check", Path.Combine(dir, "Truncated.1.0.0.nupkg"));
            Assert.That(exit, Is.EqualTo(3), "a warning, not an error, and never a pass: what it held could not be checked");
            Assert.That(output, Does.Contain("warning GG0004"));
            Assert.That(output, Does.Contain("INCOMPLETE"));
        }
    }
}
