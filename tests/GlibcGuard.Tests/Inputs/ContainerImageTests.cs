using System;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO;
using System.Linq;
using GlibcGuard.Tests.Cli;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Inputs
{
    /// <summary>
    /// `glibcguard check IMAGE` on images written by .NET's own tar writer (<see cref="ImageBuilder"/>): a small glibc
    /// base (this machine's Debian 12 libc.so.6 and loader) with an app layer on top, in every archive form; and
    /// hostile layers, each answered with a code within the budgets, nothing followed or written outside the
    /// temporary folder. (Real images, real publishes and the images' own loaders: EndToEnd/ImageCheckTests.)
    /// </summary>
    [TestFixture]
    public class ContainerImageTests
    {
        private static (int Exit, string Out, string Err) Run(params string[] args) => InspectCommandTests.Run(args);

        private static ImageBuilder AppImage()
        {
            var image = new ImageBuilder();
            image.AddGlibcBase();
            image.AddLayer().Folder("app")
                .File("app/hello", File.ReadAllBytes(Repo.Fixture("gcc-x86_64-pie")))
                .File("app/libmuslgreet.so", File.ReadAllBytes(Repo.Fixture("libmuslgreet.so")))
                .File("app/libnewglibc.so", File.ReadAllBytes(Repo.Fixture("libnewglibc.so")))
                .File("app/libgreet-aarch64.so.1", File.ReadAllBytes(Repo.Fixture("libgreet-aarch64.so.1")));
            return image;
        }

        [Test]
        public void Every_archive_form_gives_the_same_verdict_from_the_images_own_C_library()
        {
            string dir = Repo.TempDir("image-forms");
            ImageBuilder image = AppImage();
            string[] forms =
            {
                image.WriteOciArchive(Path.Combine(dir, "app.tar")),
                image.WriteOciArchive(Path.Combine(dir, "app.tar.gz"), gzip: true),
                image.WriteDockerArchive(Path.Combine(dir, "docker.tar")),
                image.WriteOciLayout(Path.Combine(dir, "layout")),
            };
            string? first = null;
            foreach (string form in forms)
            {
                var (exit, output, error) = Run("check", form);
                Assert.That(exit, Is.EqualTo(1), form + "\n" + output + error);
                string[] lines = output.Split('\n').Where(l => l.Contains("GG")).Select(l => l.Substring(l.IndexOf('!'))).ToArray();
                Assert.That(lines, Has.Some.StartWith("!/app/libmuslgreet.so: error GG1005: libmuslgreet.so is linked against musl"), output);
                Assert.That(lines, Has.Some.StartWith("!/app/libgreet-aarch64.so.1: info GG1018: libgreet-aarch64.so.1 is built for aarch64, which test:latest does not ship (it ships x86_64)"), output);
                Assert.That(output, Does.Not.Contain("hello: ").And.Not.Contain("libnewglibc.so: "), "this image's glibc 2.36 defines what they need\n" + output);
                Assert.That(output, Does.Contain("Checked 4 ELF files of image test:latest against its own layers (debian 12, glibc 2.36; the files of its top layer): 1 problem."));
                first ??= string.Join("\n", lines);
                Assert.That(string.Join("\n", lines), Is.EqualTo(first), form);
            }

            // --all judges the base's files too: libc.so.6 and the loader are fine.
            var (allExit, all, _) = Run("check", forms[0], "--all");
            Assert.That(all, Does.Contain("Checked 6 ELF files of image test:latest against its own layers (debian 12, glibc 2.36; every layer's files): 1 problem."), all);
            Assert.That(allExit, Is.EqualTo(1));
        }

        [Test]
        public void A_missing_library_is_named_with_the_folders_the_loader_searched_and_the_images_package_manager()
        {
            var image = new ImageBuilder();
            image.AddGlibcBase();
            image.AddLayer().Folder("app").File("app/libSkia.so", File.ReadAllBytes(Repo.Fixture("gxx-x86_64-cpp")));
            string archive = image.WriteOciArchive(Path.Combine(Repo.TempDir("image-missing"), "app.tar"));
            var (exit, output, _) = Run("check", archive);
            Assert.That(exit, Is.Zero, "a missing library is a warning, as against a baseline\n" + output);
            Assert.That(output, Does.Contain("!/app/libSkia.so: warning GG1004: libSkia.so needs libstdc++.so.6, and this image has no libstdc++.so.6 where its loader looks " +
                "(/usr/local/lib/x86_64-linux-gnu, /lib/x86_64-linux-gnu, /usr/lib/x86_64-linux-gnu, /lib64, /usr/lib64, /lib, …)."), output);
            Assert.That(output, Does.Contain("fix: add it to the image: RUN apt-get update && apt-get install -y --no-install-recommends libstdc++6 (the debian 12 package that ships libstdc++.so.6)"), output);

            // Given the library through the image's Env (LD_LIBRARY_PATH) in a folder of its own: found.
            image.Env.Add("LD_LIBRARY_PATH=/opt/cxx");
            image.Layers[1].Folder("opt").Folder("opt/cxx").HostFile("opt/cxx/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6")
                .HostFile("opt/cxx/libgcc_s.so.1", "/lib/x86_64-linux-gnu/libgcc_s.so.1").HostFile("opt/cxx/libm.so.6", "/lib/x86_64-linux-gnu/libm.so.6");
            var (_, found, _) = Run("check", image.WriteOciArchive(Path.Combine(Repo.TempDir("image-env"), "app.tar")));
            Assert.That(found, Does.Not.Contain("GG1004: libSkia.so"), found);
        }

        [Test]
        public void The_runtimes_ICU_is_judged_by_the_images_libraries_its_runtimeconfig_and_its_Env()
        {
            // A self-contained app's layer: the runtime's libcoreclr.so (a stand-in ELF file) and a runtimeconfig that leaves ICU on.
            ImageBuilder Image(params string[] env)
            {
                var image = new ImageBuilder();
                image.AddGlibcBase();
                image.AddLayer().Folder("app")
                    .File("app/libcoreclr.so", File.ReadAllBytes(Repo.Fixture("libgreet.so.1")))
                    .Text("app/app.runtimeconfig.json", "{ \"runtimeOptions\": { \"configProperties\": {} } }");
                image.Env.AddRange(env);
                return image;
            }
            string dir = Repo.TempDir("image-icu");
            var (_, output, _) = Run("check", Image().WriteOciArchive(Path.Combine(dir, "icu.tar")));
            Assert.That(output, Does.Contain("warning GG1019: This app uses ICU for globalization").And.Contain("this image (test:latest) has no ICU"), output);

            var (_, invariant, _) = Run("check", Image("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1").WriteOciArchive(Path.Combine(dir, "invariant.tar")));
            Assert.That(invariant, Does.Not.Contain("GG1019"), "the image's Env makes the app invariant\n" + invariant);

            ImageBuilder withIcu = Image();
            withIcu.Layers[0].HostFile("lib/x86_64-linux-gnu/libicuuc.so.72", "/usr/lib/x86_64-linux-gnu/libicuuc.so.72");
            var (_, icu, _) = Run("check", withIcu.WriteOciArchive(Path.Combine(dir, "with-icu.tar")));
            Assert.That(icu, Does.Not.Contain("GG1019"), "the image has ICU where its loader looks\n" + icu);
        }

        [Test]
        public void Links_resolve_inside_the_image_never_on_this_machine()
        {
            var image = new ImageBuilder();
            image.AddGlibcBase();
            image.AddLayer().Folder("app")
                .File("app/hello", File.ReadAllBytes(Repo.Fixture("gcc-x86_64-pie")))
                // libc.so.6 replaced by a link to a path this machine has and the image does not.
                .Link("lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6")
                // A loop, and a link that climbs far above the root (which stays at the root, as in a chroot).
                .Link("app/loop1", "loop2").Link("app/loop2", "loop1")
                .Link("app/up", "../../../../../../lib/x86_64-linux-gnu");
            string archive = image.WriteOciArchive(Path.Combine(Repo.TempDir("image-links"), "app.tar"));
            var watch = Stopwatch.StartNew();
            var (_, output, _) = Run("check", archive);
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
            Assert.That(output, Does.Contain("!/app/hello: warning GG1004: hello needs libc.so.6, and this image has no libc.so.6 where its loader looks"), output);
        }

        [Test]
        public void Hostile_layers_get_codes_within_the_budgets()
        {
            string dir = Repo.TempDir("image-hostile");

            // 100,000 entries in a layer.
            var many = new ImageBuilder();
            ImageBuilder.Layer crowded = many.AddLayer();
            for (int i = 0; i < 100_000; i++) crowded.Text("f" + i, "x");
            var watch = Stopwatch.StartNew();
            var (exit, _, error) = Run("check", many.WriteOciArchive(Path.Combine(dir, "many.tar")));
            Assert.That((exit, error.Trim()), Is.EqualTo((3, error.Trim())));
            Assert.That(error, Does.Contain("warning GG0004: ").And.Contain("many.tar: layer 1 has more than 65536 entries (at byte 0x8000400); not checked"), error);

            // A layer whose gzip expands 1,000 times: 64 MiB of zeros, with a 16 MiB budget.
            var bomb = new ImageBuilder();
            bomb.AddLayer().File("zeros", new byte[64 << 20]);
            string bombPath = bomb.WriteOciArchive(Path.Combine(dir, "bomb.tar"));
            Assert.That(new FileInfo(bombPath).Length, Is.LessThan((64 << 20) / 500), "the gzip is small");
            (exit, _, error) = Run("check", bombPath, "--max-container-bytes", "16M");
            Assert.That(exit, Is.EqualTo(3));
            Assert.That(error, Does.Contain("warning GG0007: ").And.Contain("would need more than its read budget of 16 MiB"), error);

            // ../ paths, a whiteout of the root (an opaque root: every lower layer gone), a device node, a hard link to nothing.
            var odd = new ImageBuilder();
            odd.AddGlibcBase();
            odd.AddLayer()
                .Text("../../escaped-by-glibcguard-test", "x")
                .Raw(w => w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, ".wh..wh..opq") { DataStream = new MemoryStream() }))
                .Device("app/sda")
                .HardLink("app/hard", "nowhere")
                .File("app/hello", File.ReadAllBytes(Repo.Fixture("gcc-x86_64-pie")));
            var (oddExit, output, oddError) = Run("check", odd.WriteOciArchive(Path.Combine(dir, "odd.tar")));
            Assert.That(output, Does.Contain("!../../escaped-by-glibcguard-test: warning GG0008: layer 2 of test:latest holds ../../escaped-by-glibcguard-test: its path climbs above the image's root; left out."), output + oddError);
            Assert.That(output, Does.Contain("!/app/sda: warning GG0008: layer 2 of test:latest holds /app/sda: a device node; never read."));
            Assert.That(output, Does.Contain("!/app/hard: warning GG0008: layer 2 of test:latest holds /app/hard: a hard link to nowhere, which is not a file in the image; left out."));
            Assert.That(output, Does.Contain("!/app/hello: warning GG1004: hello needs libc.so.6, and this image has no libc.so.6"), "the opaque root took the base away\n" + output);
            Assert.That(oddExit, Is.Zero);
            Assert.That(File.Exists(Path.Combine(Path.GetTempPath(), "escaped-by-glibcguard-test")) || File.Exists(Path.Combine(dir, "..", "..", "escaped-by-glibcguard-test")), Is.False);

            // A damaged header.
            string damaged = AppImage().WriteOciArchive(Path.Combine(dir, "damaged.tar"));
            byte[] bytes = File.ReadAllBytes(damaged);
            int header = Enumerable.Range(0, bytes.Length / 512).Select(b => b * 512)
                .First(at => System.Text.Encoding.ASCII.GetString(bytes, at, 10) == "index.json");
            bytes[header + 3] ^= 0x55; // a letter of its name: the header's checksum no longer matches
            File.WriteAllBytes(damaged, bytes);
            (exit, _, error) = Run("check", damaged);
            Assert.That(error, Does.Contain("warning GG0004: ").And.Contain("a tar header's checksum does not match (at byte 0x" + header.ToString("x") + "); not checked"), error);
            Assert.That(exit, Is.EqualTo(3));

            // A tar that is not an image.
            string plain = Path.Combine(dir, "plain.tar");
            using (var writer = new TarWriter(File.Create(plain)))
            {
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "readme.txt") { DataStream = new MemoryStream(new byte[] { 1, 2, 3 }) });
            }
            (exit, _, error) = Run("check", plain);
            Assert.That((exit, error), Is.EqualTo((3, error)));
            Assert.That(error, Does.Contain("warning GG0004: ").And.Contain("manifest.json is missing"), error);
        }

        [Test]
        public void An_extracted_root_is_judged_with_its_links_read_not_followed()
        {
            string root = Repo.TempDir("image-root");
            Directory.CreateDirectory(Path.Combine(root, "lib", "x86_64-linux-gnu"));
            Directory.CreateDirectory(Path.Combine(root, "app"));
            File.Copy("/lib/x86_64-linux-gnu/libc.so.6", Path.Combine(root, "lib", "x86_64-linux-gnu", "libc.so.6"));
            File.Copy(Repo.Fixture("gcc-x86_64-pie"), Path.Combine(root, "app", "hello"));
            File.Copy(Repo.Fixture("gxx-x86_64-cpp"), Path.Combine(root, "app", "cpp"));
            // A link to this machine's libstdc++ by its absolute path: inside the root, that path is empty.
            File.CreateSymbolicLink(Path.Combine(root, "lib", "x86_64-linux-gnu", "libstdc++.so.6"), "/usr/lib/x86_64-linux-gnu/libstdc++.so.6");
            var (_, output, error) = Run("check", "--root", root, "--all");
            Assert.That(output, Does.Contain("!/app/cpp: warning GG1004: cpp needs libstdc++.so.6, and this image has no libstdc++.so.6"), output + error);
            Assert.That(output, Does.Not.Contain("hello needs"), output);
        }
    }
}
