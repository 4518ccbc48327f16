using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Cli
{
    /// <summary>
    /// `glibcguard diff` on the package whose floor rise users met at run time: SQLitePCLRaw.lib.e_sqlite3 2.1.11 → 2.1.12
    /// took linux-x64 from GLIBC_2.28 to GLIBC_2.34. What diff says is held to Debian 11's loader.
    /// </summary>
    [TestFixture]
    public class DiffCommandTests
    {
        private static (int Exit, string Out, string Err) Run(params string[] args) => InspectCommandTests.Run(args);

        [Test]
        [Category("RealWorld")]
        public void The_e_sqlite3_rise_is_found_and_the_loader_agrees()
        {
            string v11 = RealWorld.NuGet("SQLitePCLRaw.lib.e_sqlite3", "2.1.11"), v12 = RealWorld.NuGet("SQLitePCLRaw.lib.e_sqlite3", "2.1.12");
            var (exit, output, error) = Run("diff", v11, v12, "--baseline", "centos8");
            Assert.That(exit, Is.EqualTo(1), output + error);
            string x64 = output.Split('\n').Single(l => l.Contains("runtimes/linux-x64/native/libe_sqlite3.so"));
            Assert.That(x64, Does.StartWith("error GG1022: runtimes/linux-x64/native/libe_sqlite3.so: GLIBC 2.28 → 2.34; new needs GLIBC_2.33 from libc.so.6"));
            Assert.That(x64, Does.Contain("GLIBC_2.34 from libc.so.6 (").And.Contain("no longer runs on RHEL 8, Ubuntu 20.04, Debian 10, Debian 11"));
            Assert.That(output, Does.Contain("5 do not run on centos8 (glibc 2.28) where the old version did."));

            // Debian 11's own loader: 2.1.11's linux-x64 file binds there, 2.1.12's misses exactly the new nodes above 2.31.
            string dir = Repo.TempDir("diff-loader");
            foreach ((string package, string name) in new[] { (v11, "old.so"), (v12, "new.so") })
            {
                using ZipArchive zip = ZipFile.OpenRead(package);
                zip.GetEntry("runtimes/linux-x64/native/libe_sqlite3.so")!.ExtractToFile(Path.Combine(dir, name));
            }
            var old = DebianRoots.Trace("debian11", Path.Combine(dir, "old.so"));
            var @new = DebianRoots.Trace("debian11", Path.Combine(dir, "new.so"));
            Assert.That(old.All, Does.Not.Contain("not found"), old.All);
            Assert.That(@new.All, Does.Contain("version `GLIBC_2.33' not found").And.Contain("version `GLIBC_2.34' not found"), @new.All);
        }

        [Test]
        [Category("RealWorld")]
        public void SARIF_and_the_CI_formats_carry_each_rise()
        {
            string v11 = RealWorld.NuGet("SQLitePCLRaw.lib.e_sqlite3", "2.1.11"), v12 = RealWorld.NuGet("SQLitePCLRaw.lib.e_sqlite3", "2.1.12");
            var (exit, sarif, _) = Run("diff", v11, v12, "--baseline", "centos8", "--format", "sarif");
            Assert.That(exit, Is.EqualTo(1));
            JsonElement run = JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0];
            Assert.That(run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[0].GetProperty("id").GetString(), Is.EqualTo("GG1022"));
            JsonElement x64 = run.GetProperty("results").EnumerateArray().Single(r =>
                r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString() == "runtimes/linux-x64/native/libe_sqlite3.so");
            Assert.That(x64.GetProperty("level").GetString(), Is.EqualTo("error"));
            Assert.That(x64.GetProperty("message").GetProperty("text").GetString(), Does.StartWith("runtimes/linux-x64/native/libe_sqlite3.so: GLIBC 2.28 → 2.34"));
            Assert.That(run.GetProperty("properties").GetProperty("baseline").GetString(), Is.EqualTo("centos8"));

            var (_, github, _) = Run("diff", v11, v12, "--baseline", "centos8", "--format", "github");
            Assert.That(github, Does.Contain("::error file=runtimes/linux-x64/native/libe_sqlite3.so,title=GG1022::runtimes/linux-x64/native/libe_sqlite3.so: GLIBC 2.28 → 2.34"));
            var (_, azure, _) = Run("diff", v11, v12, "--baseline", "centos8", "--format", "azure-pipelines");
            Assert.That(azure, Does.Contain("##vso[task.logissue type=error;sourcepath=runtimes/linux-x64/native/libe_sqlite3.so;code=GG1022;]GG1022: runtimes/linux-x64/native/libe_sqlite3.so: GLIBC 2.28 → 2.34"));
            Assert.That(azure.TrimEnd().Split('\n').Last(), Does.StartWith("##vso[task.complete result=Failed;]"));
        }

        [Test]
        [Category("RealWorld")]
        public void JSON_exit_codes_and_package_specs_from_the_local_cache()
        {
            string v06 = RealWorld.NuGet("SQLitePCLRaw.lib.e_sqlite3", "2.0.6"), v11 = RealWorld.NuGet("SQLitePCLRaw.lib.e_sqlite3", "2.1.11");
            var (exit, output, _) = Run("diff", v06, v11, "--format", "json");
            Assert.That(exit, Is.EqualTo(1), "without --baseline any rise fails");
            JsonElement files = JsonDocument.Parse(output).RootElement.GetProperty("files");
            JsonElement x64 = files.EnumerateArray().Single(f => f.GetProperty("place").GetString() == "runtimes/linux-x64/native/libe_sqlite3.so");
            Assert.That(x64.GetProperty("change").GetString(), Is.EqualTo("rose"));
            Assert.That(x64.GetProperty("floors")[0].GetProperty("before").GetString(), Is.EqualTo("2.14"));
            Assert.That(x64.GetProperty("floors")[0].GetProperty("after").GetString(), Is.EqualTo("2.28"));
            Assert.That(x64.GetProperty("newNeeds")[0].GetProperty("symbols")[0].GetString(), Is.EqualTo("fcntl64"));
            Assert.That(x64.GetProperty("noLongerRunsOn").EnumerateArray().Select(e => e.GetString()), Is.EquivalentTo(new[] { "centos7", "amazonlinux2", "ubuntu18.04" }));
            Assert.That(files.EnumerateArray().Count(f => f.GetProperty("change").GetString() == "added"), Is.EqualTo(6), "the musl, ppc64le and riscv64 builds 2.1 added");
            Assert.That(Run("diff", v06, v11, "--baseline", "centos8").Exit, Is.Zero, "2.1.11 still runs on RHEL 8");
            Assert.That(Run("diff", v11, v11).Exit, Is.Zero);

            // ID@VERSION is read from the local NuGet cache (NUGET_PACKAGES), as restore lays it out.
            string cache = Repo.TempDir("diff-cache");
            foreach ((string package, string version) in new[] { (v06, "2.0.6"), (v11, "2.1.11") })
            {
                string folder = Path.Combine(cache, "sqlitepclraw.lib.e_sqlite3", version);
                Directory.CreateDirectory(folder);
                File.Copy(package, Path.Combine(folder, "sqlitepclraw.lib.e_sqlite3." + version + ".nupkg"));
            }
            string? saved = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
            try
            {
                Environment.SetEnvironmentVariable("NUGET_PACKAGES", cache);
                var spec = Run("diff", "SQLitePCLRaw.lib.e_sqlite3@2.0.6", "SQLitePCLRaw.lib.e_sqlite3@2.1.11", "--baseline", "centos7");
                Assert.That(spec.Exit, Is.EqualTo(1), spec.Out + spec.Err);
                Assert.That(spec.Out, Does.Contain("error GG1022: runtimes/linux-x64/native/libe_sqlite3.so: GLIBC 2.14 → 2.28"));
                var missing = Run("diff", "SQLitePCLRaw.lib.e_sqlite3@9.9.9", "SQLitePCLRaw.lib.e_sqlite3@2.1.11");
                Assert.That(missing.Exit, Is.EqualTo(2));
                Assert.That(missing.Err, Does.Contain("not in the local NuGet cache"));
            }
            finally
            {
                Environment.SetEnvironmentVariable("NUGET_PACKAGES", saved);
            }
        }

        [Test]
        public void Two_files_are_compared_and_usage_errors_are_exit_code_2()
        {
            var (exit, output, _) = Run("diff", Repo.Fixture("gcc-x86_64-pie"), Repo.Fixture("libnewglibc.so"));
            Assert.That(exit, Is.EqualTo(0), "two different names are two places: one removed, one added, no rise");
            Assert.That(output, Does.Contain("  - gcc-x86_64-pie: removed").And.Contain("  + libnewglibc.so: added, needs GLIBC 2.36"));
            string dir = Repo.TempDir("diff-files");
            Directory.CreateDirectory(Path.Combine(dir, "a"));
            Directory.CreateDirectory(Path.Combine(dir, "b"));
            File.Copy(Repo.Fixture("gcc-x86_64-pie"), Path.Combine(dir, "a", "app"));
            File.Copy(Repo.Fixture("libnewglibc.so"), Path.Combine(dir, "b", "app"));
            var folders = Run("diff", Path.Combine(dir, "a"), Path.Combine(dir, "b"));
            Assert.That(folders.Exit, Is.EqualTo(1), folders.Out);
            Assert.That(folders.Out, Does.Contain("warning GG1022: app: GLIBC ").And.Contain("→ 2.36"));
            Assert.That(Run("diff", "/no/such/file", Repo.Fixture("gcc-x86_64-pie")).Exit, Is.EqualTo(2));
            Assert.That(Run("diff", Repo.Fixture("gcc-x86_64-pie"), Repo.Fixture("gcc-x86_64-pie"), "--baseline", "centos99").Exit, Is.EqualTo(2));
        }
    }
}
