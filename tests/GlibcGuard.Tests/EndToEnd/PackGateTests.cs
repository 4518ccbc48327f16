using System.IO;
using System.Linq;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// For package authors: a real `dotnet pack` of a throwaway library that references the freshly packed GlibcGuard
    /// and packs a native asset. Version 1.0.0 ships a library that needs GLIBC_2.2.5; 2.0.0 ships one linked on a
    /// new glibc (GLIBC_2.34 and 2.36). The pack judges the package against GlibcGuardBaseline, and with an earlier
    /// version named, reports the rise.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    [Category("EndToEnd")]
    public class PackGateTests
    {
        private static PackageFeed Feed => PackageFeed.Instance;

        private static string Csproj(string version, string properties) => @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <PackageId>Acme.NativeThing</PackageId>
    <Version>" + version + @"</Version>
    " + properties + @"
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""GlibcGuard"" Version=""$GlibcGuardVersion$"" PrivateAssets=""all"" />
    <None Include=""libacme.so"" Pack=""true"" PackagePath=""runtimes/linux-x64/native/libacme.so"" />
  </ItemGroup>
</Project>";

        /// <summary>A library project whose libacme.so is a copy of <paramref name="fixture"/>.</summary>
        private static string Project(string name, string version, string fixture, string properties = "")
        {
            string dir = Feed.Project(name, Csproj(version, properties), "namespace Acme { public static class Thing { } }");
            File.Copy(Repo.Fixture(fixture), Path.Combine(dir, "libacme.so"), overwrite: true);
            return dir;
        }

        private static Processes.Result Pack(string project, string output, params string[] args) =>
            Feed.Dotnet(project, new[] { "pack", "-c", "Release", "-o", output, "-nodeReuse:false", "-tl:off", "-clp:NoSummary", "-p:UseSharedCompilation=false" }.Concat(args).ToArray());

        [Test]
        public void Pack_judges_the_packages_native_files_and_reports_a_rise_since_the_earlier_version()
        {
            string output = Path.Combine(Feed.Root, "packgate-out");
            string v1 = Project("packgate-v1", "1.0.0", "libgreet.so.1");
            var first = Pack(v1, output);
            Assert.That(first.ExitCode, Is.Zero, first.All);
            Assert.That(first.All, Does.Contain("GG2003: checked 1 ELF file of the package Acme.NativeThing.1.0.0.nupkg against centos8 (glibc 2.28): no problems")
                .And.Not.Contain("GG1001"), "the old asset runs on centos8\n" + first.All);

            string v2 = Project("packgate-v2", "2.0.0", "libnewglibc.so", "<GlibcGuardBaseline>centos8</GlibcGuardBaseline>");
            var alone = Pack(v2, output);
            Assert.That(alone.ExitCode, Is.Zero, "warnings by default\n" + alone.All);
            string gg1001 = alone.All.Split('\n').First(l => l.Contains("warning GG1001"));
            Assert.That(gg1001, Does.Contain("Acme.NativeThing.2.0.0.nupkg!runtimes/linux-x64/native/libacme.so : GlibcGuard warning GG1001: libacme.so needs GLIBC_2.34")
                .And.Contain("which centos8 (glibc 2.28) does not define").And.Not.Contain("use a version of"), "the author's own file: a fix to build it, not to pick a version");
            Assert.That(alone.All, Does.Not.Contain("GG1022"), "no earlier version named");

            // The earlier version as a .nupkg ...
            string previous = Path.Combine(output, "Acme.NativeThing.1.0.0.nupkg");
            var named = Pack(v2, output, "-p:GlibcGuardPreviousPackage=" + previous);
            string rise = named.All.Split('\n').First(l => l.Contains("GG1022"));
            Assert.That(rise, Does.Contain("warning GG1022: runtimes/linux-x64/native/libacme.so: GLIBC 2.2.5 → 2.36").And.Contain("no longer runs on RHEL 7, RHEL 8,")
                .And.Contain("that includes centos8 (glibc 2.28), the floor asked for").And.Contain("(compared with Acme.NativeThing.1.0.0.nupkg)").And.Contain("Fix: rebuild this file for glibc 2.28"), named.All);

            // ... or as the SDK's package-validation baseline version, from the NuGet cache.
            string cached = Path.Combine(Feed.Packages, "acme.nativething", "1.0.0");
            Directory.CreateDirectory(cached);
            File.Copy(previous, Path.Combine(cached, "acme.nativething.1.0.0.nupkg"), overwrite: true);
            var validation = Pack(v2, output, "-p:PackageValidationBaselineVersion=1.0.0");
            Assert.That(validation.All, Does.Contain("warning GG1022: runtimes/linux-x64/native/libacme.so: GLIBC 2.2.5 → 2.36"), validation.All);
            var promoted = Pack(v2, output, "-p:PackageValidationBaselineVersion=1.0.0", "-p:WarningsAsErrors=GG1022");
            Assert.That(promoted.ExitCode, Is.Not.Zero, "a promoted rise fails the pack\n" + promoted.All);

            var missing = Pack(v2, output, "-p:PackageValidationBaselineVersion=0.9.0");
            Assert.That(missing.ExitCode, Is.Zero, missing.All);
            Assert.That(missing.All, Does.Contain("no floor rise can be measured"));
        }
    }
}
