using System.IO;
using System.Linq;
using System.Text.Json;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Cli;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// Files that sit in a package's runtimes/&lt;rid&gt;/native/ folders, as a portable publish lays them out: each
    /// judged for its folder's RID; with a target RID, only the folders NuGet takes for it.
    /// </summary>
    [TestFixture]
    public class RidFolderTests
    {
        [TestCase("linux-x64", "linux-x64", true)]
        [TestCase("linux-x64", "linux", true)]
        [TestCase("linux-x64", "unix", true)]
        [TestCase("linux-x64", "any", true)]
        [TestCase("linux-x64", "linux-arm64", false)]
        [TestCase("linux-x64", "linux-musl-x64", false)]
        [TestCase("linux-x64", "linux-mips64", false)]
        [TestCase("linux-musl-x64", "linux-musl-x64", true)]
        [TestCase("linux-musl-x64", "linux-musl", true)]
        [TestCase("linux-musl-x64", "linux-x64", true)]
        [TestCase("linux-musl-x64", "linux-arm64", false)]
        [TestCase("linux-musl-arm64", "linux-musl-x64", false)]
        public void A_target_rid_takes_its_own_folder_and_its_fallbacks(string target, string folder, bool taken)
        {
            Assert.That(RuntimeIdentifier.Parse(target).Takes(RuntimeIdentifier.Parse(folder)), Is.EqualTo(taken));
        }

        /// <summary>A portable publish's layout: x64 needs GLIBC_2.34, arm64 is old enough, musl and macOS folders beside them.</summary>
        private static string PortableLayout()
        {
            string root = Repo.TempDir("portable");
            void Put(string rid, string fixture, string name)
            {
                string dir = Path.Combine(root, "runtimes", rid, "native");
                Directory.CreateDirectory(dir);
                File.Copy(Repo.Fixture(fixture), Path.Combine(dir, name), overwrite: true);
            }
            Put("linux-x64", "libnewglibc.so", "libnative.so");
            Put("linux-arm64", "libgreet-aarch64.so.1", "libnative.so");
            Put("linux-musl-x64", "libmuslgreet.so", "libnative.so");
            Put("linux-mips64", "libgreet-aarch64.so.1", "libnative.so");
            File.WriteAllText(Path.Combine(root, "app.dll"), "not ELF");
            return root;
        }

        [Test]
        public void A_portable_folder_is_judged_per_rid_folder_and_the_summary_says_per_rid()
        {
            var (exit, output, _) = InspectCommandTests.Run("check", PortableLayout(), "--baseline", "centos8");
            Assert.That(exit, Is.EqualTo(1), output);
            Assert.That(output, Does.Contain("runtimes/linux-x64/native/libnative.so: error GG1001: libnative.so needs GLIBC_2.34"), output);
            Assert.That(output, Does.Not.Contain("GG1005"), "the musl folder's file is judged as a musl file");
            Assert.That(output, Does.Not.Contain("GG1008"), "every file matches its folder (linux-mips64 is not read as x64)");
            Assert.That(output, Does.Contain("As linux-arm64: yes; as linux-x64: no, libnative.so needs GLIBC_2.36 (libc.so.6)."), output);

            var (_, json, _) = InspectCommandTests.Run("check", PortableLayout(), "--baseline", "centos8", "--format", "json");
            JsonElement rids = JsonDocument.Parse(json).RootElement.GetProperty("rids");
            Assert.That(rids.EnumerateArray().Select(r => r.GetProperty("rid").GetString() + "=" + r.GetProperty("runs").GetBoolean()),
                Is.EqualTo(new[] { "linux-arm64=True", "linux-x64=False" }));
            Assert.That(rids[1].GetProperty("runsOn").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "RHEL 10", "Ubuntu 24.04", "Debian 12+" }), "GLIBC_2.36");
            Assert.That(rids[1].GetProperty("reason").GetString(), Is.EqualTo("libnative.so needs GLIBC_2.36 (libc.so.6)"));
        }

        [Test]
        public void With_a_target_rid_other_folders_are_listed_not_judged()
        {
            var (exit, output, _) = InspectCommandTests.Run("check", PortableLayout(), "--baseline", "centos8", "--rid", "linux-arm64");
            Assert.That(exit, Is.Zero, output);
            Assert.That(output, Does.Contain("runtimes/linux-x64/native/libnative.so: info GG2007: libnative.so sits under runtimes/linux-x64/, which a publish for linux-arm64 does not take (it takes linux-arm64, linux, unix, any)"));
            Assert.That(output, Does.Contain("runtimes/linux-mips64/native/libnative.so: info GG2007"), "a folder GlibcGuard cannot read is never the target's");
            Assert.That(output, Does.Contain("runtimes/linux-musl-x64/native/libnative.so: info GG2007"));
            Assert.That(output, Does.Not.Contain("As linux-"), "a RID publish has one RID: no per-RID list");
            Assert.That(output, Does.Contain("compatible, 0 errors"));

            var (x64, x64Output, _) = InspectCommandTests.Run("check", PortableLayout(), "--baseline", "centos8", "--rid", "linux-x64");
            Assert.That(x64, Is.EqualTo(1), x64Output);
            Assert.That(x64Output, Does.Contain("error GG1001: libnative.so needs GLIBC_2.34"));
            Assert.That(x64Output, Does.Contain("runtimes/linux-arm64/native/libnative.so: info GG2007"));
        }

        [Test]
        public void A_musl_target_takes_the_glibc_folder_of_its_architecture_and_judges_it_by_musl_rules()
        {
            var (exit, output, _) = InspectCommandTests.Run("check", PortableLayout(), "--baseline", "centos8", "--rid", "linux-musl-x64");
            Assert.That(output, Does.Contain("runtimes/linux-arm64/native/libnative.so: info GG2007"));
            // NuGet takes linux-x64 for linux-musl-x64 too; its glibc build does not start on Alpine.
            Assert.That(output, Does.Contain("runtimes/linux-x64/native/libnative.so: error GG1006"), output);
            Assert.That(exit, Is.EqualTo(1));
        }
    }
}
