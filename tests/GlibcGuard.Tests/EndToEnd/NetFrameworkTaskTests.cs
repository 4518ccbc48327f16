using System.IO;
using System.IO.Compression;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Tasks;
using GlibcGuard.Tests.Infrastructure;
using GlibcGuard.Tests.Tasks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// The packed tasks/net472 build, the one Visual Studio's MSBuild loads, run on a .NET Framework-compatible
    /// runtime (Debian's Mono) by a small net472 host with MSBuild's net472 assemblies from NuGet: it logs what the
    /// .NET task logs and writes the same JSON and SARIF reports, byte for byte (the tool version aside: the packed
    /// build carries the feed's version).
    /// </summary>
    [TestFixture]
    [Category("EndToEnd")]
    public class NetFrameworkTaskTests
    {
        private static PackageFeed Feed => PackageFeed.Instance;

        private static string? s_host;

        /// <summary>Builds tests/GlibcGuard.TaskHost (net472) once.</summary>
        private static string Host()
        {
            if (s_host is null)
            {
                string output = Path.Combine(Repo.Root, "artifacts", "taskhost");
                var build = Feed.Dotnet(Path.Combine(Repo.Root, "tests", "GlibcGuard.TaskHost"), "build", "-c", "Release", "-o", output, "-nodeReuse:false", "-tl:off");
                Assert.That(build.ExitCode, Is.Zero, build.All);
                s_host = Path.Combine(output, "GlibcGuard.TaskHost.exe");
            }
            return s_host;
        }

        /// <summary>The package's tasks/net472 folder, unpacked.</summary>
        private static string PackedNet472Task()
        {
            string dir = Path.Combine(Feed.Root, "unpacked-net472");
            if (!Directory.Exists(dir))
            {
                ZipFile.ExtractToDirectory(Path.Combine(Feed.Feed, "GlibcGuard." + Feed.Version + ".nupkg"), dir);
            }
            string task = Path.Combine(dir, "tasks", "net472", "GlibcGuard.Tasks.dll");
            Assert.That(File.Exists(task), Is.True, string.Join("\n", Directory.GetFiles(dir, "*", SearchOption.AllDirectories)));
            return task;
        }

        [Test]
        public void The_net472_task_on_mono_logs_and_writes_what_the_net_task_does()
        {
            // A file that needs GLIBC_2.36, a musl file, a program, a damaged file, a Go program: most rules speak.
            string damaged = Path.Combine(Repo.TempDir("net472"), "truncated.so");
            File.WriteAllBytes(damaged, File.ReadAllBytes(Repo.Fixture("libnewglibc.so")).Take(200).ToArray());
            string[] files = { Repo.Fixture("libnewglibc.so"), Repo.Fixture("libmuslgreet.so"), Repo.Fixture("gcc-x86_64-pie"), Repo.Fixture("go-x86_64-cgo"), damaged };
            string monoOut = Repo.TempDir("net472-mono"), netOut = Repo.TempDir("net472-net");

            var mono = Processes.Run("mono", new[]
            {
                Host(), PackedNet472Task(), "Files=" + string.Join(";", files), "Baseline=centos8", "RuntimeIdentifier=linux-x64",
                "TargetFrameworkVersion=v10.0", "SelfContained=true", "ProjectFile=app.csproj",
                "ReportPath=" + Path.Combine(monoOut, "report.json"), "SarifPath=" + Path.Combine(monoOut, "report.sarif"),
            }, Repo.Root, null, timeoutSeconds: 120);
            Assert.That(mono.ExitCode, Is.Zero, mono.All);
            Assert.That(mono.StdErr, Is.Empty, "no load or binding error");

            var engine = new MockEngine();
            var task = new CheckNativeFiles
            {
                BuildEngine = engine,
                Files = files.Select(f => (ITaskItem)new TaskItem(f)).ToArray(),
                Baseline = "centos8",
                RuntimeIdentifier = "linux-x64",
                TargetFrameworkVersion = "v10.0",
                SelfContained = true,
                ProjectFile = "app.csproj",
                ReportPath = Path.Combine(netOut, "report.json"),
                SarifPath = Path.Combine(netOut, "report.sarif"),
            };
            Assert.That(task.Execute(), Is.True, engine.Log);

            string[] monoLines = mono.StdOut.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
            string[] netLines = engine.Lines.Select(l => l.Replace("\n", "\\n")).ToArray();
            Assert.That(monoLines, Is.EqualTo(netLines), "the same diagnostics, in the same order");
            Assert.That(netLines.Count(l => l.StartsWith("WARNING GG1001 ")), Is.GreaterThan(0));
            Assert.That(netLines, Has.Some.StartsWith("WARNING GG0001 " + damaged));

            foreach (string report in new[] { "report.json", "report.sarif" })
            {
                string a = File.ReadAllText(Path.Combine(monoOut, report)).Replace(Feed.Version, "VERSION");
                string b = File.ReadAllText(Path.Combine(netOut, report)).Replace(ToolVersion.Current, "VERSION");
                Assert.That(a, Is.EqualTo(b), report + " is the same file");
            }
        }
    }
}
