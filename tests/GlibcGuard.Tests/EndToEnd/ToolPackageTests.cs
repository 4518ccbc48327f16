using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// The GlibcGuard.Tool packages eng/pack.sh makes (the README's path): a pointer package and three builds,
    /// NativeAOT for linux-x64 and linux-arm64 linked against CentOS 7's glibc and checked by GlibcGuard during
    /// their own pack, and a framework-dependent one for every other platform. readelf, qemu and the dotnet
    /// runtime judge the results, not GlibcGuard alone.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    [Category("EndToEnd")]
    public class ToolPackageTests
    {
        private static PackageFeed Feed => PackageFeed.Instance;

        private static string Package(string id) => Path.Combine(Feed.Feed, id + "." + Feed.Version + ".nupkg");

        /// <summary>Unpacks one package into a fresh folder under the feed's root; returns that folder.</summary>
        private static string Unpack(string id)
        {
            string dir = Path.Combine(Feed.Root, "unpacked", id);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            ZipFile.ExtractToDirectory(Package(id), dir);
            return dir;
        }

        private static string NativeTool(string rid)
        {
            string exe = Path.Combine(Unpack("GlibcGuard.Tool." + rid), "tools", "any", rid, "glibcguard");
            File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return exe;
        }

        /// <summary>
        /// src/GlibcGuard.Cli/startup.order (eng/gen-startup-order.py) lists the methods a small check runs, for the
        /// compiler to place first and together. It still names the tool's methods (a list gone stale by renames
        /// would silently place nothing: the compiler skips names it does not know), and the packed build placed them
        /// ahead of every method it does not list. Read from the symbols the linux-x64 build kept beside it.
        /// </summary>
        [Test]
        public void The_native_tool_places_first_the_methods_startup_order_lists()
        {
            string[] listed = File.ReadAllLines(Path.Combine(Repo.Root, "src", "GlibcGuard.Cli", "startup.order")).Where(l => l.Length > 0).ToArray();
            Assert.That(listed, Has.Length.GreaterThan(500).And.Unique);
            string symbols = Path.Combine(Feed.PackTree, "src", "GlibcGuard.Cli", "bin", "Release", "net10.0", "linux-x64", "native", "glibcguard.dbg");
            Assert.That(File.Exists(symbols), Is.True, symbols);

            var sections = Processes.Run("readelf", new[] { "-SW", symbols });
            Match code = Regex.Match(sections.StdOut, @"\]\s+__managedcode\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)");
            Assert.That(code.Success, Is.True, sections.All);
            ulong start = System.Convert.ToUInt64(code.Groups[1].Value, 16), end = start + System.Convert.ToUInt64(code.Groups[2].Value, 16);
            var nm = Processes.Run("nm", new[] { "--defined-only", symbols });
            Assert.That(nm.ExitCode, Is.Zero, nm.StdErr);
            var methods = new System.Collections.Generic.Dictionary<string, ulong>();
            foreach (Match m in Regex.Matches(nm.StdOut, @"^([0-9a-f]+) [tT] (.+)$", RegexOptions.Multiline))
            {
                ulong at = System.Convert.ToUInt64(m.Groups[1].Value, 16);
                if (at >= start && at < end) methods[m.Groups[2].Value.TrimEnd('\r')] = at;
            }
            Assert.That(methods, Has.Count.GreaterThan(5000), "the managed methods of " + symbols);

            // A method inlined away by an unrelated change may leave the list; many gone means it is stale.
            string[] gone = listed.Where(n => !methods.ContainsKey(n)).ToArray();
            Assert.That(gone.Length, Is.LessThanOrEqualTo(listed.Length / 20),
                "startup.order names methods the tool no longer has; rerun eng/gen-startup-order.py: " + string.Join(", ", gone.Take(20)));
            var placed = new System.Collections.Generic.HashSet<ulong>(listed.Where(methods.ContainsKey).Select(n => methods[n]));
            ulong firstUnlisted = methods.Values.Where(a => !placed.Contains(a)).Min();
            string[] late = listed.Where(n => methods.TryGetValue(n, out ulong at) && at > firstUnlisted).ToArray();
            Assert.That(late, Is.Empty, "listed methods the build did not place first (is IlcOrderFile still set in GlibcGuard.Cli.csproj?)");
            Assert.That(placed.Max() - start, Is.LessThan(1024UL * 1024), "the listed methods span more than 1 MB of code");
        }

        [Test]
        public void The_pointer_package_names_the_three_builds_and_no_package_carries_symbols()
        {
            using (ZipArchive pointer = ZipFile.OpenRead(Package("GlibcGuard.Tool")))
            {
                string settings = new StreamReader(pointer.GetEntry("tools/any/any/DotnetToolSettings.xml")!.Open()).ReadToEnd();
                foreach (string rid in new[] { "linux-x64", "linux-arm64", "any" })
                {
                    Assert.That(settings, Does.Contain("RuntimeIdentifier=\"" + rid + "\"").And.Contain("GlibcGuard.Tool." + rid), settings);
                }
                Assert.That(pointer.Entries.Select(e => e.FullName), Has.None.Contains("glibcguard"), "the pointer carries no tool");
            }
            foreach (string rid in new[] { "linux-x64", "linux-arm64", "any" })
            {
                using ZipArchive zip = ZipFile.OpenRead(Package("GlibcGuard.Tool." + rid));
                string[] names = zip.Entries.Select(e => e.FullName).ToArray();
                Assert.That(names, Has.None.EndsWith(".dbg").And.None.EndsWith(".pdb"), rid + ": " + string.Join(", ", names));
                Assert.That(names, Has.Some.EndsWith(rid == "any" ? "/glibcguard.dll" : "/" + rid + "/glibcguard"), rid);
            }
        }

        [Test]
        public void The_native_builds_link_against_glibc_217_and_pass_their_own_gate()
        {
            string log = Feed.PackOutput;
            Assert.That(Regex.Matches(log, @"GlibcGuard: linking against glibc 2\.17 \(centos7\) with zig 0\.11\.0, -target (x86_64|aarch64)-linux-gnu\.2\.17").Count, Is.EqualTo(2), log);
            Assert.That(Regex.Matches(log, @"GG2003: checked 1 ELF file against centos7 \(glibc 2\.17\): no problems").Count, Is.EqualTo(2), log);
            Assert.That(Regex.Matches(log, @"warning IL\d+").Count, Is.Zero, "trimming and AOT analysis are clean\n" + log);

            string x64 = NativeTool("linux-x64"), arm64 = NativeTool("linux-arm64");
            Assert.That(ReadElf.Of(x64).Machine, Does.Contain("X86-64"));
            Assert.That(ReadElf.Of(arm64).Machine, Does.Contain("AArch64"));
            // Position-dependent, so that start-up relocates nothing (GlibcGuard.Cli.csproj, docs/performance.md).
            Assert.That(ReadElf.Of(x64).Type, Does.StartWith("EXEC"), "the x64 tool is not a PIE");
            Assert.That(ReadElf.Of(arm64).Type, Does.StartWith("EXEC"), "the arm64 tool is not a PIE");
            Assert.That(ReadElf.MaxGlibc(x64), Is.LessThanOrEqualTo(new System.Version(2, 17)), "readelf's view of the x64 tool");
            Assert.That(ReadElf.MaxGlibc(arm64), Is.LessThanOrEqualTo(new System.Version(2, 17)), "readelf's view of the arm64 tool");
            // The tool judges both builds of itself: compatible with CentOS 7 (exit 0).
            var self = Processes.Run(x64, new[] { "check", x64, arm64, "--baseline", "centos7" });
            Assert.That(self.ExitCode, Is.Zero, self.All);
            Assert.That(self.StdOut, Does.Contain("Checked 2 ELF files against CentOS 7 / RHEL 7 (glibc 2.17): compatible, 0 errors"));
        }

        /// <summary>
        /// Standard output that cannot be written is GG9006 and exit code 2, never a crash; a reader that goes away
        /// ends the output quietly and the check's own exit code stands; a file both streams go to gets both.
        /// </summary>
        [Test]
        public void An_unwritable_standard_output_is_GG9006_and_a_closed_pipe_ends_quietly()
        {
            string tool = NativeTool("linux-x64"), file = Repo.Fixture("gcc-x86_64-pie");
            var full = Processes.Run("/bin/sh", new[] { "-c", "exec \"$0\" check \"$1\" > /dev/full", tool, file });
            Assert.That(full.ExitCode, Is.EqualTo(2), full.All);
            Assert.That(full.StdErr.Trim(), Is.EqualTo("glibcguard: error GG9006: the output could not be written to standard output: No space left on device"), full.All);
            var closed = Processes.Run("/bin/sh", new[] { "-c", "exec \"$0\" --version >&-", tool });
            Assert.That(closed.ExitCode, Is.EqualTo(2), closed.All);
            Assert.That(closed.StdErr, Does.StartWith("glibcguard: error GG9006: the output could not be written to standard output: "), closed.All);
            // The reader is gone before the tool writes: every write meets EPIPE.
            var pipe = Processes.Run("/bin/bash", new[] { "-c", "{ sleep 0.3; \"$0\" check \"$1\"; } | true; echo \"exit ${PIPESTATUS[0]}\"", tool, file });
            Assert.That(pipe.StdOut.Trim(), Is.EqualTo("exit 1"), "GG1001's exit code, the closed pipe said nothing: " + pipe.All);
            Assert.That(pipe.StdErr, Is.Empty, pipe.All);
            // One file for both streams, as CI logs are made: both in it, neither written over the other.
            string log = Path.Combine(Repo.TempDir("stdout"), "log"), notElf = Path.Combine(Path.GetDirectoryName(log)!, "notes.txt");
            File.WriteAllText(notElf, "not an ELF file\n");
            var shared = Processes.Run("/bin/sh", new[] { "-c", "exec \"$0\" check \"$1\" \"$2\" > \"$3\" 2>&1", tool, file, notElf, log });
            Assert.That(shared.ExitCode, Is.EqualTo(1), shared.All);
            string both = File.ReadAllText(log);
            Assert.That(both, Does.StartWith("glibcguard: warning GG0005: " + notElf + " is not an ELF file"), both);
            Assert.That(both, Does.Contain(": error GG1001: gcc-x86_64-pie needs GLIBC_2.34 from libc.so.6").And.Contain("Checked 1 ELF file against"), both);
        }

        [Test]
        public void Install_picks_the_native_build_and_it_checks()
        {
            string tools = Path.Combine(Feed.Root, "tools");
            var install = Feed.Dotnet(Feed.Root, "tool", "install", "GlibcGuard.Tool", "--version", Feed.Version, "--tool-path", tools, "--add-source", Feed.Feed);
            Assert.That(install.ExitCode, Is.Zero, install.All);
            string command = Path.Combine(tools, "glibcguard");
            string target = new FileInfo(command).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? command;
            Assert.That(target.Replace('\\', '/'), Does.EndWith("/tools/any/linux-x64/glibcguard"), "the linux-x64 package, not the framework-dependent one");
            Assert.That(GlibcGuard.Elf.ElfFile.IsElfFile(target), Is.True);

            var check = Processes.Run(command, new[] { "check", Repo.Fixture("gcc-x86_64-pie"), "--baseline", "centos8" });
            Assert.That(check.ExitCode, Is.EqualTo(1), check.All);
            Assert.That(check.StdOut, Does.Contain("error GG1001: gcc-x86_64-pie needs GLIBC_2.34"));
            var sarif = Processes.Run(command, new[] { "check", Repo.FixtureDir, "--rid", "linux-x64", "--format", "sarif" });
            Assert.That(sarif.StdOut, Does.Contain("\"ruleId\": \"GG1001\""));
            var inspect = Processes.Run(command, new[] { "inspect", Repo.Fixture("go-x86_64-cgo"), "--format", "json" });
            Assert.That(inspect.StdOut, Does.Contain("\"CGO_ENABLED\": \"1\""));
        }

        /// <summary>
        /// The native tool starts the feed search it carries (feeds/, run with `dotnet exec`) without
        /// System.Diagnostics.Process, through posix_spawn: it finds on an HTTP feed on 127.0.0.1 the version of a
        /// package whose file fits, as the framework-dependent build does (SearchFeedsTests), and a feed search that
        /// cannot start is said so.
        /// </summary>
        [Test]
        public void The_native_tool_runs_its_feed_search_and_names_the_version_that_fits()
        {
            string exe = NativeTool("linux-x64");
            Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(exe)!, "feeds", "GlibcGuard.Feeds.dll")), Is.True, "the package carries the feed search");
            string dir = Repo.TempDir("native-search-feeds");
            string id = "Floor.Native" + System.Guid.NewGuid().ToString("N").Substring(0, 6);
            string v1 = GlibcGuard.Tests.Cli.SearchFeedsTests.Nupkg(dir, id, "1.0.0", "libgreet.so.1");
            string v2 = GlibcGuard.Tests.Cli.SearchFeedsTests.Nupkg(dir, id, "2.0.0", "libnewglibc.so");
            using var server = new TestFeedServer(id, new System.Collections.Generic.Dictionary<string, string> { ["1.0.0"] = v1, ["2.0.0"] = v2 });
            var environment = new System.Collections.Generic.Dictionary<string, string?> { ["DOTNET_HOST_PATH"] = null, ["GLIBCGUARD_FEEDS"] = null };

            var check = Processes.Run(exe, new[] { "check", v2, "--baseline", "centos8", "--search-feeds", "--source", server.Index }, dir, environment, timeoutSeconds: 300);
            Assert.That(check.ExitCode, Is.EqualTo(1), check.All);
            Assert.That(check.StdErr, Does.Contain("GlibcGuard: feeds searched for " + id + " (runtimes/linux-x64/native/libfloor.so): fits 1.0.0"), check.All);
            Assert.That(check.StdOut, Does.Contain("fix: " + id + " 1.0.0 fits centos8 (found in " + server.Index + "): reference that version"), check.All);
            Assert.That(server.Downloads, Is.EqualTo(new[] { "1.0.0" }));

            environment["DOTNET_HOST_PATH"] = "/nonexistent/dotnet";
            var unstarted = Processes.Run(exe, new[] { "check", v2, "--baseline", "centos8", "--search-feeds", "--source", server.Index }, dir, environment, timeoutSeconds: 120);
            Assert.That(unstarted.ExitCode, Is.EqualTo(1), unstarted.All);
            Assert.That(unstarted.StdErr, Does.Contain("/nonexistent/dotnet could not be started: No such file or directory"), unstarted.All);
        }

        /// <summary>
        /// `dotnet pack GlibcGuard.sln` makes the MSBuild package only: the tool's pointer package without the RID
        /// packages it names would not install, so the tool is packed by eng/pack.sh alone (the README's layout).
        /// </summary>
        [Test]
        public void Packing_the_solution_makes_only_packages_that_install()
        {
            // A copy of the tree (what git tracks, and new files it does not ignore), so that this build touches
            // nothing the running tests use.
            string copy = Path.Combine(Feed.Root, "sln-copy"), feed = Path.Combine(Feed.Root, "sln-feed");
            var list = Processes.Run("git", new[] { "ls-files", "--cached", "--others", "--exclude-standard", "-z" }, Repo.Root);
            Assert.That(list.ExitCode, Is.Zero, list.All);
            foreach (string file in list.StdOut.Split('\0', System.StringSplitOptions.RemoveEmptyEntries))
            {
                string from = Path.Combine(Repo.Root, file.TrimEnd('\r', '\n'));
                if (!File.Exists(from)) continue; // deleted in the work tree
                string to = Path.Combine(copy, file.TrimEnd('\r', '\n'));
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(from, to, overwrite: true);
            }
            var pack = Feed.Dotnet(copy, "pack", "GlibcGuard.sln", "-c", "Release", "-o", feed, "-p:Version=" + Feed.Version, "-nodeReuse:false", "-tl:off");
            Assert.That(pack.ExitCode, Is.Zero, pack.All);
            Assert.That(Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName), Is.EqualTo(new[] { "GlibcGuard." + Feed.Version + ".nupkg" }), pack.All);
            string project = Feed.Project("slnfeedapp", @"<Project Sdk=""Microsoft.NET.Sdk""><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
            var add = Feed.Dotnet(project, "add", "package", "GlibcGuard", "--version", Feed.Version, "--source", feed);
            Assert.That(add.ExitCode, Is.Zero, "the package it makes installs: " + add.All);
        }

        [Test]
        public void The_arm64_build_runs_under_qemu()
        {
            string arm64 = NativeTool("linux-arm64");
            var run = Processes.Run("qemu-aarch64", new[] { "-L", "/usr/aarch64-linux-gnu", arm64, "check", Repo.Fixture("gcc-x86_64-pie"), "--baseline", "centos8" });
            Assert.That(run.ExitCode, Is.EqualTo(1), run.All);
            Assert.That(run.StdOut, Does.Contain("error GG1001: gcc-x86_64-pie needs GLIBC_2.34"));
        }

        [Test]
        public void The_any_build_runs_on_the_dotnet_runtime()
        {
            string dll = Path.Combine(Unpack("GlibcGuard.Tool.any"), "tools", "net10.0", "any", "glibcguard.dll");
            var run = Processes.Run("dotnet", new[] { dll, "check", Repo.Fixture("gcc-x86_64-pie"), "--baseline", "centos8" });
            Assert.That(run.ExitCode, Is.EqualTo(1), run.All);
            Assert.That(run.StdOut, Does.Contain("error GG1001: gcc-x86_64-pie needs GLIBC_2.34"));
        }
    }
}
