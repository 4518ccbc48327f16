using System.IO;
using System.Linq;
using System.Text.Json;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Cli
{
    /// <summary>`glibcguard inspect` run in-process: its JSON, its text, its exit codes.</summary>
    [TestFixture]
    public class InspectCommandTests
    {
        internal static (int Exit, string Out, string Err) Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = GlibcGuard.Cli.Program.Run(args, stdout, stderr);
            return (exit, stdout.ToString(), stderr.ToString());
        }

        [Test]
        public void Json_has_the_documented_fields_for_a_dynamic_glibc_file()
        {
            var (exit, output, _) = Run("inspect", Repo.Fixture("gcc-x86_64-newglibc"), "--format", "json");
            Assert.That(exit, Is.Zero);
            JsonElement file = JsonDocument.Parse(output).RootElement.EnumerateArray().Single();
            Assert.That(file.GetProperty("class").GetInt32(), Is.EqualTo(64));
            Assert.That(file.GetProperty("endianness").GetString(), Is.EqualTo("little"));
            Assert.That(file.GetProperty("machine").GetString(), Is.EqualTo("x86_64"));
            Assert.That(file.GetProperty("type").GetString(), Is.EqualTo("pie-executable"));
            Assert.That(file.GetProperty("interpreter").GetString(), Is.EqualTo("/lib64/ld-linux-x86-64.so.2"));
            Assert.That(file.GetProperty("needed").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "libc.so.6" }));
            Assert.That(file.GetProperty("libc").GetString(), Is.EqualTo("glibc"));
            Assert.That(file.GetProperty("maxVersions").GetProperty("GLIBC").GetString(), Is.EqualTo("2.36"));
            JsonElement v236 = file.GetProperty("versionNeeds")[0].GetProperty("versions").EnumerateArray()
                .Single(v => v.GetProperty("name").GetString() == "GLIBC_2.36");
            Assert.That(v236.GetProperty("symbols").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "arc4random" }));
            Assert.That(v236.GetProperty("weak").GetBoolean(), Is.False);
            Assert.That(file.GetProperty("abiTagKernel").GetString(), Is.EqualTo("3.2.0"));
            Assert.That(file.GetProperty("x86IsaNeeded").GetString(), Is.EqualTo("x86-64-baseline"));
            Assert.That(file.GetProperty("execStack").GetBoolean(), Is.False);
            Assert.That(file.GetProperty("go").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(file.GetProperty("error").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(file.GetProperty("rpath").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }

        [Test]
        public void A_folder_is_searched_by_magic_bytes_and_damaged_files_do_not_stop_the_run()
        {
            string dir = Repo.TempDir("inspect");
            File.Copy(Repo.Fixture("go-x86_64-cgo"), Path.Combine(dir, "tool"));
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            File.Copy(Repo.Fixture("musl-x86_64-dynamic"), Path.Combine(dir, "sub", "helper.bin"));
            File.WriteAllText(Path.Combine(dir, "notes.so"), "not an ELF file, despite the name");
            byte[] truncated = File.ReadAllBytes(Repo.Fixture("gcc-x86_64-pie")).Take(200).ToArray();
            File.WriteAllBytes(Path.Combine(dir, "truncated"), truncated);
            Directory.CreateSymbolicLink(Path.Combine(dir, "sub", "loop"), dir);

            var (exit, output, stderr) = Run("inspect", dir, "--format", "json");
            Assert.That(exit, Is.EqualTo(3), "a file could not be read: incomplete, never a pass");
            Assert.That(stderr, Does.Contain("GG0001: " + Path.Combine(dir, "truncated") + ": "));
            var files = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
            Assert.That(files.Select(f => Path.GetFileName(f.GetProperty("path").GetString())), Is.EqualTo(new[] { "helper.bin", "tool", "truncated" }));
            Assert.That(files[0].GetProperty("libc").GetString(), Is.EqualTo("musl"));
            Assert.That(files[1].GetProperty("go").GetProperty("cgo").GetBoolean(), Is.True);
            Assert.That(files[1].GetProperty("go").GetProperty("settings").GetProperty("GOARCH").GetString(), Is.EqualTo("amd64"));
            JsonElement error = files[2].GetProperty("error");
            Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("GG0001"));
            Assert.That(error.GetProperty("offset").GetInt64(), Is.EqualTo(0x40));
            Assert.That(files[2].GetProperty("machine").GetString(), Is.EqualTo("x86_64"), "what could be read is still reported");
        }

        [Test]
        public void A_package_it_refuses_is_named_with_its_code_and_exit_code_3()
        {
            string dir = Repo.TempDir("inspect-refused");
            string package = Path.Combine(dir, "overlap.nupkg");
            File.WriteAllBytes(package, CraftedZip.Overlapping(3, 1000));
            var (exit, output, stderr) = Run("inspect", package);
            Assert.That(exit, Is.EqualTo(3), output + stderr);
            Assert.That(output, Does.Contain("  error GG0004: "));
            Assert.That(stderr, Does.Contain("GG0004: " + package + ": "));
        }

        [Test]
        public void A_path_that_does_not_exist_is_exit_code_2_and_the_others_are_still_read()
        {
            var (exit, output, error) = Run("inspect", "/no/such/file", Repo.Fixture("gcc-x86_64-pie"));
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(error, Does.Contain("/no/such/file: no such file or directory"));
            Assert.That(output, Does.Contain("__libc_start_main"));
        }

        [TestCase("inspect")]
        [TestCase("inspect", "--format", "xml", "x")]
        [TestCase("frobnicate")]
        public void Usage_errors_are_exit_code_2(params string[] args)
        {
            Assert.That(Run(args).Exit, Is.EqualTo(2));
        }

        [Test]
        public void A_single_file_app_lists_every_bundle_entry_in_text_and_json()
        {
            var builder = new BundleBuilder
            {
                Files =
                {
                    ("app.dll", new byte[] { 0x4d, 0x5a, 1, 2, 3 }, 1, false),
                    ("libnewglibc.so", File.ReadAllBytes(Repo.Fixture("libnewglibc.so")), 2, true),
                    ("app.deps.json", System.Text.Encoding.UTF8.GetBytes("{}"), 3, false),
                },
            };
            string app = Path.Combine(Repo.TempDir("inspect-bundle"), "app");
            File.WriteAllBytes(app, builder.Build());

            var json = Run("inspect", app, "--format", "json");
            Assert.That(json.Exit, Is.Zero, json.Err);
            JsonElement host = JsonDocument.Parse(json.Out).RootElement.EnumerateArray().First(e => e.GetProperty("path").GetString() == app);
            var entries = host.GetProperty("bundle").EnumerateArray().Select(e => (e.GetProperty("path").GetString(), e.GetProperty("type").GetString(), e.GetProperty("size").GetInt64())).ToList();
            Assert.That(entries, Is.EqualTo(new[]
            {
                ("app.dll", "assembly", 5L),
                ("libnewglibc.so", "native", new FileInfo(Repo.Fixture("libnewglibc.so")).Length),
                ("app.deps.json", "deps.json", 2L),
            }));
            Assert.That(host.GetProperty("bundle")[1].GetProperty("compressedSize").GetInt64(), Is.GreaterThan(0), "stored compressed");

            var text = Run("inspect", app);
            Assert.That(text.Out, Does.Contain("  bundle         3 files (.NET single-file app)"));
            Assert.That(text.Out, Does.Match(@"\n    app\.dll\s+assembly\s+5\n"));
            Assert.That(text.Out, Does.Contain(app + "!libnewglibc.so"), "the embedded native library is read too");
        }

        [Test]
        public void A_package_file_carries_its_package_id_version_and_rid()
        {
            string nupkg = Path.Combine(Repo.TempDir("inspect-nupkg"), "Some.Native.1.2.3.nupkg");
            using (var zip = System.IO.Compression.ZipFile.Open(nupkg, System.IO.Compression.ZipArchiveMode.Create))
            {
                using (var w = new StreamWriter(zip.CreateEntry("Some.Native.nuspec").Open()))
                {
                    w.Write("<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>Some.Native</id><version>1.2.3</version></metadata></package>");
                }
                using (Stream s = zip.CreateEntry("runtimes/linux-arm64/native/libgreet.so.1").Open())
                {
                    s.Write(File.ReadAllBytes(Repo.Fixture("libgreet-aarch64.so.1")));
                }
            }
            var json = Run("inspect", nupkg, "--format", "json");
            Assert.That(json.Exit, Is.Zero, json.Err);
            JsonElement package = JsonDocument.Parse(json.Out).RootElement[0].GetProperty("package");
            Assert.That(package.GetProperty("id").GetString(), Is.EqualTo("Some.Native"));
            Assert.That(package.GetProperty("version").GetString(), Is.EqualTo("1.2.3"));
            Assert.That(package.GetProperty("rid").GetString(), Is.EqualTo("linux-arm64"));
            Assert.That(Run("inspect", nupkg).Out, Does.Contain("  package        Some.Native 1.2.3, runtimes/linux-arm64/"));
        }

        [Test]
        public void A_package_entry_over_16_MB_reads_the_same_through_a_temporary_file()
        {
            // An ELF file padded past the in-memory limit: the package path inflates it to a temporary file.
            string dir = Repo.TempDir("inspect-big");
            byte[] elf = File.ReadAllBytes(Repo.Fixture("gcc-x86_64-pie"));
            byte[] big = new byte[GlibcGuard.Inputs.InputReader.LargeEntry + 4096];
            elf.CopyTo(big, 0);
            string onDisk = Path.Combine(dir, "big.so");
            File.WriteAllBytes(onDisk, big);
            string nupkg = Path.Combine(dir, "Big.1.0.0.nupkg");
            using (var zip = System.IO.Compression.ZipFile.Open(nupkg, System.IO.Compression.ZipArchiveMode.Create))
            {
                using Stream s = zip.CreateEntry("runtimes/linux-x64/native/big.so").Open();
                s.Write(big);
            }
            var before = Directory.GetFiles(Path.GetTempPath(), "glibcguard-*.elf").ToHashSet();
            JsonElement fromPackage = JsonDocument.Parse(Run("inspect", nupkg, "--format", "json").Out).RootElement[0];
            JsonElement fromDisk = JsonDocument.Parse(Run("inspect", onDisk, "--format", "json").Out).RootElement[0];
            foreach (string field in new[] { "size", "machine", "interpreter", "needed", "versionNeeds", "buildId", "libc" })
            {
                Assert.That(fromPackage.GetProperty(field).GetRawText(), Is.EqualTo(fromDisk.GetProperty(field).GetRawText()), field);
            }
            Assert.That(Directory.GetFiles(Path.GetTempPath(), "glibcguard-*.elf").Where(f => !before.Contains(f)), Is.Empty, "the temporary file is deleted");
        }

        [Test]
        public void Text_output_names_each_version_with_its_symbols()
        {
            var (exit, output, _) = Run("inspect", Repo.Fixture("gcc-x86_64-static"), Repo.Fixture("go-aarch64-nocgo"), Repo.Fixture("gcc-x86_64-runpath"));
            Assert.That(exit, Is.Zero);
            Assert.That(output, Does.Contain("ELF64 little-endian x86_64 executable, static, libc: static-glibc"));
            Assert.That(output, Does.Contain("go1.19.8, cgo off, module example.com/gohello"));
            Assert.That(output, Does.Match(@"GLIBC_2\.34\s+__libc_start_main"));
            Assert.That(output, Does.Contain("runpath        /home/builder/project/lib"));
        }
    }
}
