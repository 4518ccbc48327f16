using System;
using System.IO;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// The .NET container images as targets, through the freshly packed package. The SkiaSharp case users report
    /// ("Unable to load shared library 'libSkiaSharp' or one of its dependencies" in Docker) is caught and proven by
    /// running: a root like mcr.microsoft.com/dotnet/runtime-deps:9.0-bookworm-slim (Debian 12's minimal install plus
    /// the packages its Dockerfile installs, from Debian's mirror), and the same root with the package GlibcGuard names.
    /// A container publish with no baseline is judged against the image the SDK computes for it.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    [Category("EndToEnd")]
    public class ContainerImageTests
    {
        private static PackageFeed Feed => PackageFeed.Instance;

        private const string Image = "mcr.microsoft.com/dotnet/runtime-deps:9.0-bookworm-slim";

        // The packages of the 9.0-bookworm-slim Dockerfile (../shared/reference/dotnet-images, eng/reference/dotnet-images.json).
        private static readonly string[] s_dockerfilePackages = { "ca-certificates", "libc6", "libgcc-s1", "libicu72", "libssl3", "libstdc++6", "tzdata" };

        private static string Fixture(string name, string file) => File.ReadAllText(Path.Combine(Repo.Root, "tests", "fixtures", "src", name, file));

        [Test]
        public void SkiaSharp_in_a_bookworm_slim_image_is_told_to_install_libfontconfig1_dies_without_it_and_runs_with_it()
        {
            string project = Feed.Project("skiaapp", Fixture("skiaapp", "skiaapp.csproj.template"), Fixture("skiaapp", "Program.cs"));
            var r = Feed.Publish(project, "-p:GlibcGuardBaseline=" + Image);
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Contain("warning GG1004: runtimes/linux-x64/native/libSkiaSharp.so from SkiaSharp.NativeAssets.Linux 2.88.9 needs libfontconfig.so.1, which the image " + Image +
                " does not have"), r.All);
            Assert.That(r.All, Does.Contain("RUN apt-get update && apt-get install -y --no-install-recommends libfontconfig1 (the Debian 12 package that ships libfontconfig.so.1)"));
            Assert.That(r.All, Does.Contain("checked "), "the summary");
            string publish = Path.Combine(project, "bin", "Release", "net10.0", "linux-x64", "publish");

            string slim = DebianRoots.Derived("bookworm-slim-dotnet9", "debian12", s_dockerfilePackages);
            var without = DebianRoots.Run(slim, publish, "skiaapp", Array.Empty<string>());
            Assert.That(without.ExitCode, Is.Not.Zero, without.All);
            Assert.That(without.All, Does.Contain("libSkiaSharp").And.Contain("DllNotFoundException"), without.All);

            // The fix GlibcGuard named, applied as the Dockerfile line would.
            string withFontconfig = DebianRoots.Derived("bookworm-slim-dotnet9-fontconfig", "debian12", [.. s_dockerfilePackages, "libfontconfig1"]);
            var with = DebianRoots.Run(withFontconfig, publish, "skiaapp", Array.Empty<string>());
            Assert.That((with.ExitCode, with.StdOut.Trim()), Is.EqualTo((0, "centre #ffff0000 corner #ffffffff png ok")), with.All);
        }

        [Test]
        public void A_container_publish_is_judged_against_the_base_image_the_sdk_computes_for_it()
        {
            string source = Path.Combine(Repo.Root, "tests", "fixtures", "src", "rootapp");
            string project = Feed.Project("containerapp", File.ReadAllText(Path.Combine(source, "rootapp.csproj.template")), File.ReadAllText(Path.Combine(source, "Program.cs")));

            // Self-contained and not invariant, with the chiseled family: the SDK picks runtime-deps and the -extra variant (ICU).
            var chiseled = Feed.Publish(project, "-p:ContainerFamily=noble-chiseled");
            Assert.That(chiseled.ExitCode, Is.Zero, chiseled.All);
            Assert.That(chiseled.All, Does.Match(@"GG2003: checked \d+ ELF files against mcr\.microsoft\.com/dotnet/runtime-deps:10\.0-noble-chiseled-extra \(glibc 2\.39\)"), chiseled.All);
            Assert.That(chiseled.All, Does.Not.Contain("GG1019"), "the -extra variant has ICU");

            // An image GlibcGuard has no baseline for: said, with its code, and the default baseline applies.
            var azure = Feed.Publish(project, "-p:ContainerBaseImage=mcr.microsoft.com/dotnet/runtime-deps:10.0-azurelinux3.0");
            Assert.That(azure.ExitCode, Is.Zero, azure.All);
            Assert.That(azure.All, Does.Contain("warning GG9008: this publish makes a container FROM mcr.microsoft.com/dotnet/runtime-deps:10.0-azurelinux3.0, for which GlibcGuard has no baseline (Azure Linux 3.0"), azure.All);
            Assert.That(azure.All, Does.Match(@"GG2003: checked \d+ ELF files against centos8"));

            // An Alpine image is musl: the linux-x64 runtime's files will not start there, each said once.
            var alpine = Feed.Publish(project, "-p:ContainerBaseImage=mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine3.23");
            Assert.That(alpine.ExitCode, Is.Zero, alpine.All);
            Assert.That(alpine.All, Does.Match(@"GG2003: checked \d+ ELF files against mcr\.microsoft\.com/dotnet/runtime-deps:10\.0-alpine3\.23 \(musl\)"), alpine.All);
            Assert.That(alpine.All, Does.Contain("warning GG1006: libcoreclr.so").And.Contain("but the target uses musl; it will not start on Alpine"));

            // A baseline the project names wins over the container.
            var named = Feed.Publish(project, "-p:ContainerFamily=noble-chiseled", "-p:GlibcGuardBaseline=debian12");
            Assert.That(named.All, Does.Match(@"GG2003: checked \d+ ELF files against debian12"), named.All);
        }
    }
}
