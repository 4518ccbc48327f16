using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GlibcGuard.Tests.Cli;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// The image is the judge. Base images made from the debootstrap roots (Debian 11 and 12, and Debian 12 with
    /// libfontconfig1) are served by a registry on 127.0.0.1 and used as ContainerBaseImage by real container publishes
    /// to an archive, through the freshly packed package; GlibcGuard judges the archive by its own layers, and each
    /// verdict is held to the image's own loader: the archive unpacked with umoci, `chroot … ldd` for every app file,
    /// and the app run there. A musl program in a glibc image and a glibc program in a musl root are caught from the
    /// image alone and refused by the loaders.
    /// </summary>
    [TestFixture]
    [Category("EndToEnd")]
    [Parallelizable(ParallelScope.Self)]
    public class ImageCheckTests
    {
        private static PackageFeed Feed => PackageFeed.Instance;

        private ContainerImages.Registry _registry = null!;

        [OneTimeSetUp]
        public void StartRegistry() => _registry = new ContainerImages.Registry();

        [OneTimeTearDown]
        public void StopRegistry() => _registry.Dispose();

        private string Base(string name, string root) => _registry.Push(ContainerImages.LayoutOf(name, root), name + ":latest");

        private Processes.Result PublishContainer(string project, string archive, params string[] args)
        {
            var all = new List<string> { "publish", "-t:PublishContainer", "-c", "Release", "-nodeReuse:false", "-tl:off", "-clp:NoSummary", "-p:UseSharedCompilation=false",
                "-p:ContainerArchiveOutputPath=" + archive };
            all.AddRange(args);
            return Processes.Run("dotnet", all, project, _registry.Environment(Feed.DotnetEnvironment()), timeoutSeconds: 900);
        }

        /// <summary>`chroot ROOT ldd /app/FILE` for every ELF file the app layer holds: file name → the libraries the loader did not find.</summary>
        private static Dictionary<string, string[]> LoaderMisses(string root)
        {
            var misses = new Dictionary<string, string[]>();
            foreach (string file in Directory.GetFiles(Path.Combine(root, "app")).Where(IsElf))
            {
                var ldd = Processes.Run("/usr/sbin/chroot", new[] { root, "ldd", "/app/" + Path.GetFileName(file) }, timeoutSeconds: 60);
                misses[Path.GetFileName(file)] = Regex.Matches(ldd.All, @"^\s*(\S+) => not found", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
            }
            return misses;
        }

        private static bool IsElf(string path)
        {
            using var f = File.OpenRead(path);
            var head = new byte[4];
            return f.Read(head, 0, 4) == 4 && head[0] == 0x7f && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F';
        }

        /// <summary>GlibcGuard's GG1004 findings on the image: file name → libraries.</summary>
        private static Dictionary<string, string[]> Gg1004(string output) =>
            Regex.Matches(output, @"!/app/(\S+) : GlibcGuard (?:warning|message) GG1004: \S+ needs (\S+), and this image has no")
                .GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.Select(m => m.Groups[2].Value).ToArray());

        [Test]
        public void SkiaSharp_on_a_Debian_12_base_is_told_to_install_libfontconfig1_and_the_images_loader_agrees()
        {
            string plain = Base("bookworm", DebianRoots.For("debian12"));
            string fontconfig = Base("bookworm-fontconfig", DebianRoots.Derived("bookworm-fontconfig", "debian12", "libfontconfig1"));
            string source = Path.Combine(Repo.Root, "tests", "fixtures", "src", "skiaapp");
            string project = Feed.Project("skia-image", File.ReadAllText(Path.Combine(source, "skiaapp.csproj.template"))
                .Replace("</PropertyGroup>", "<AssemblyName>skiaapp</AssemblyName><ContainerRepository>skiaapp</ContainerRepository></PropertyGroup>"),
                File.ReadAllText(Path.Combine(source, "Program.cs")));

            string archive = Path.Combine(project, "skiaapp.tar.gz");
            var r = PublishContainer(project, archive, "-p:ContainerBaseImage=" + plain);
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Contain("!/app/libSkiaSharp.so : GlibcGuard warning GG1004: libSkiaSharp.so needs libfontconfig.so.1, and this image has no libfontconfig.so.1 where its loader looks"), r.All);
            Assert.That(r.All, Does.Contain("Fix: add it to the image: RUN apt-get update && apt-get install -y --no-install-recommends libfontconfig1 (the debian 12 package that ships libfontconfig.so.1)"));
            Assert.That(r.All, Does.Match(@"GG2003: checked \d+ ELF files of image skiaapp:latest against its own layers \(base " + Regex.Escape(plain) + @", debian 12, glibc 2\.36; the files of its top layer\): 1 problem\."), r.All);
            Assert.That(r.All, Does.Not.Contain("GG9008").And.Not.Contain("against centos8"), "the image, not data, is the judge");

            // The image's own loader: the same libraries missing for the same files (the tracing provider's LTTng is info), and the app dies.
            string root = ContainerImages.Unpack(archive, Repo.TempDir("skia-unpacked"));
            Dictionary<string, string[]> misses = LoaderMisses(root);
            Assert.That(misses["libcoreclrtraceptprovider.so"], Is.EqualTo(new[] { "liblttng-ust.so.0" }), "the tracing provider's LTTng: GG1004 as info, not shown at this verbosity");
            misses.Remove("libcoreclrtraceptprovider.so");
            Assert.That(misses.Where(kv => kv.Value.Length > 0).ToDictionary(kv => kv.Key, kv => kv.Value), Is.EquivalentTo(Gg1004(r.All)), r.All);
            var dies = DebianRoots.Run(root, Path.Combine(root, "app"), "skiaapp", Array.Empty<string>());
            Assert.That(dies.ExitCode, Is.Not.Zero, dies.All);
            Assert.That(dies.All, Does.Contain("libSkiaSharp").And.Contain("DllNotFoundException"), dies.All);

            // The base with fontconfig: clean, the loader finds everything, and the app draws.
            var clean = PublishContainer(project, archive, "-p:ContainerBaseImage=" + fontconfig);
            Assert.That(clean.ExitCode, Is.Zero, clean.All);
            Assert.That(clean.All, Does.Not.Contain("warning GG1004"));
            Assert.That(clean.All, Does.Match(@"against its own layers \(base " + Regex.Escape(fontconfig) + @", debian 12, glibc 2\.36; the files of its top layer\): no problems\."), clean.All);
            string fixedRoot = ContainerImages.Unpack(archive, Repo.TempDir("skia-fontconfig"));
            Assert.That(LoaderMisses(fixedRoot)["libSkiaSharp.so"], Is.Empty);
            var draws = DebianRoots.Run(fixedRoot, Path.Combine(fixedRoot, "app"), "skiaapp", Array.Empty<string>());
            Assert.That((draws.ExitCode, draws.StdOut.Trim()), Is.EqualTo((0, "centre #ffff0000 corner #ffffffff png ok")), draws.All);

            // Sent to a registry instead of an archive, the image is not at hand: the publish says so, and how to judge it.
            var pushed = Processes.Run("dotnet", new[] { "publish", "-t:PublishContainer", "-c", "Release", "-nodeReuse:false", "-tl:off", "-clp:NoSummary",
                "-p:UseSharedCompilation=false", "-p:ContainerBaseImage=" + fontconfig, "-p:ContainerRegistry=" + _registry.Host }, project,
                _registry.Environment(Feed.DotnetEnvironment()), timeoutSeconds: 900);
            Assert.That(pushed.ExitCode, Is.Zero, pushed.All);
            Assert.That(pushed.All, Does.Contain("GlibcGuard: the image went to " + _registry.Host + " and is not at hand to judge").And.Contain("ContainerArchiveOutputPath"), pushed.All);

            // `glibcguard check` on the same archive says the same.
            var (exit, output, _) = InspectCommandTests.Run("check", archive);
            Assert.That((exit, output.Contains("against its own layers (debian 12, glibc 2.36; the files of its top layer): no problems.")), Is.EqualTo((0, true)), output);
        }

        [Test]
        public void A_NativeAOT_app_built_here_fails_a_Debian_11_base_for_exactly_the_versions_its_loader_refuses_and_linked_to_it_runs()
        {
            string bullseye = Base("bullseye", DebianRoots.For("debian11"));
            string source = Path.Combine(Repo.Root, "tests", "fixtures", "src", "zigapp");
            string project = Feed.Project("aot-image", File.ReadAllText(Path.Combine(source, "zigapp.csproj.template"))
                .Replace("</PropertyGroup>", "<AssemblyName>zigapp</AssemblyName><ContainerRepository>aotapp</ContainerRepository></PropertyGroup>"),
                File.ReadAllText(Path.Combine(source, "Program.cs")));
            string archive = Path.Combine(project, "aotapp.tar");

            var r = PublishContainer(project, archive, "-r", "linux-x64", "-p:ContainerBaseImage=" + bullseye);
            Assert.That(r.ExitCode, Is.Zero, r.All);
            var named = new SortedSet<string>(Regex.Matches(r.All, @"!/app/zigapp : GlibcGuard warning GG1001: zigapp needs (GLIBC_[0-9.]+) from libc\.so\.6, which this image's libc\.so\.6 \(glibc 2\.31\) does not define")
                .Select(m => m.Groups[1].Value), StringComparer.Ordinal);
            Assert.That(named, Is.Not.Empty, r.All);
            string root = ContainerImages.Unpack(archive, Repo.TempDir("aot-unpacked"));
            var refused = DebianRoots.Run(root, Path.Combine(root, "app"), "zigapp", Array.Empty<string>());
            Assert.That(refused.ExitCode, Is.Not.Zero, refused.All);
            Assert.That(DebianRoots.VersionsNotFound(refused.All, "zigapp"), Is.EqualTo(named), "the image's loader refuses exactly those:\n" + refused.All);

            string? zig = Environment.GetEnvironmentVariable("GLIBCGUARD_TEST_ZIG");
            Assert.That(zig, Is.Not.Null.And.Not.Empty, "GLIBCGUARD_TEST_ZIG must point at zig; ./test.sh installs it");
            var linked = PublishContainer(project, archive, "-r", "linux-x64", "-p:ContainerBaseImage=" + bullseye, "-p:GlibcGuardLinkToBaseline=true",
                "-p:GlibcGuardBaseline=debian11", "-p:GlibcGuardZigPath=" + zig);
            Assert.That(linked.ExitCode, Is.Zero, linked.All);
            Assert.That(linked.All, Does.Not.Contain("GG1001"));
            Assert.That(linked.All, Does.Match(@"checked 1 ELF file of image aotapp:latest against its own layers \(base " + Regex.Escape(bullseye) + @", debian 11, glibc 2\.31; the files of its top layer\): no problems\."), linked.All);
            string linkedRoot = ContainerImages.Unpack(archive, Repo.TempDir("aot-linked"));
            var runs = DebianRoots.Run(linkedRoot, Path.Combine(linkedRoot, "app"), "zigapp", Array.Empty<string>());
            Assert.That(runs.ExitCode, Is.Zero, runs.All);
            Assert.That(runs.StdOut, Does.StartWith("math 3.079442"), runs.All);
        }

        [Test]
        public void A_musl_program_in_a_glibc_image_and_a_glibc_program_in_a_musl_root_are_caught_and_refused()
        {
            // A Debian 12 image with a musl-linked program added.
            string layout = ContainerImages.LayoutOf("bookworm", DebianRoots.For("debian12"));
            string dir = Repo.TempDir("libc-mix");
            string archive = ContainerImages.WithLayer(layout, Path.Combine(dir, "mixed.tar"), (Repo.Fixture("musl-x86_64-dynamic"), "/app/hello-musl"), (Repo.Fixture("gcc-x86_64-pie"), "/app/hello-glibc"));
            var (exit, output, error) = InspectCommandTests.Run("check", archive);
            Assert.That(exit, Is.EqualTo(1), output + error);
            Assert.That(output, Does.Contain("!/app/hello-musl: error GG1005: hello-musl is linked against musl"), output);
            Assert.That(output, Does.Not.Contain("hello-glibc:"), output);
            string root = ContainerImages.Unpack(archive, Path.Combine(dir, "unpacked"));
            var musl = DebianRoots.Run(root, Path.Combine(root, "app"), "hello-musl", Array.Empty<string>());
            Assert.That(musl.ExitCode, Is.Not.Zero, "no musl loader in the glibc image\n" + musl.All);
            var glibc = DebianRoots.Run(root, Path.Combine(root, "app"), "hello-glibc", Array.Empty<string>());
            Assert.That((glibc.ExitCode, glibc.StdOut.Trim()), Is.EqualTo((0, "hello from a GlibcGuard fixture")), glibc.All);

            // A musl root made from Debian's musl package: its loader, its .path file, and both programs.
            string muslRoot = Path.Combine(dir, "musl-root");
            foreach (string d in new[] { "lib", "etc", "app", "proc", "tmp" }) Directory.CreateDirectory(Path.Combine(muslRoot, d));
            Directory.CreateDirectory(Path.Combine(muslRoot, "lib", "x86_64-linux-musl"));
            File.Copy("/lib/x86_64-linux-musl/libc.so", Path.Combine(muslRoot, "lib", "x86_64-linux-musl", "libc.so"));
            File.CreateSymbolicLink(Path.Combine(muslRoot, "lib", "ld-musl-x86_64.so.1"), "x86_64-linux-musl/libc.so");
            File.WriteAllText(Path.Combine(muslRoot, "etc", "ld-musl-x86_64.path"), "/lib/x86_64-linux-musl\n/usr/lib/x86_64-linux-musl\n");
            File.Copy(Repo.Fixture("musl-x86_64-dynamic"), Path.Combine(muslRoot, "app", "hello-musl"));
            File.Copy(Repo.Fixture("gcc-x86_64-pie"), Path.Combine(muslRoot, "app", "hello-glibc"));
            (exit, output, error) = InspectCommandTests.Run("check", "--root", muslRoot);
            Assert.That(exit, Is.EqualTo(1), output + error);
            Assert.That(output, Does.Contain("!/app/hello-glibc: error GG1006: hello-glibc is linked against glibc"), output);
            Assert.That(output, Does.Contain("(musl; every layer's files)"), output);
            Assert.That(output, Does.Not.Contain("hello-musl:"), output);
            var inMusl = DebianRoots.Run(muslRoot, Path.Combine(muslRoot, "app"), "hello-musl", Array.Empty<string>());
            Assert.That((inMusl.ExitCode, inMusl.StdOut.Trim()), Is.EqualTo((0, "hello from a GlibcGuard fixture")), inMusl.All);
            var glibcInMusl = DebianRoots.Run(muslRoot, Path.Combine(muslRoot, "app"), "hello-glibc", Array.Empty<string>());
            Assert.That(glibcInMusl.ExitCode, Is.Not.Zero, "no glibc loader in the musl root\n" + glibcInMusl.All);
        }
    }
}
