using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// Real `dotnet publish` runs of throwaway projects against the freshly packed package: NativeAOT,
    /// self-contained, single-file, package native assets, a Go binary as content, musl and Windows RIDs.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    [Category("EndToEnd")]
    public class PublishTests
    {
        private static PackageFeed Feed => PackageFeed.Instance;

        private const string Reference = @"<ItemGroup><PackageReference Include=""GlibcGuard"" Version=""$GlibcGuardVersion$"" PrivateAssets=""all"" /></ItemGroup>";

        private static string Csproj(string properties, string items = "") => @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <InvariantGlobalization>true</InvariantGlobalization>
    " + properties + @"
  </PropertyGroup>
  " + Reference + @"
  " + items + @"
</Project>";

        private static string[] Lines(Processes.Result r, string code) =>
            r.All.Split('\n').Where(l => l.Contains(" " + code + ":")).Select(l => l.Trim()).Distinct().ToArray();

        private static string s_aot = "";

        private static string Aot()
        {
            if (s_aot.Length == 0)
            {
                s_aot = Feed.Project("aotapp", Csproj("<PublishAot>true</PublishAot>"));
            }
            return s_aot;
        }

        [Test, Order(1)]
        public void NativeAOT_built_here_needs_GLIBC_2_34_so_centos8_warns_and_the_publish_succeeds()
        {
            var r = Feed.Publish(Aot(), "-r", "linux-x64");
            Assert.That(r.ExitCode, Is.Zero, r.All);
            string[] warnings = Lines(r, "GG1001");
            Assert.That(warnings.Any(l => l.Contains("GlibcGuard warning GG1001: aotapp needs GLIBC_2.34 from libc.so.6, which centos8 (glibc 2.28) does not define")), Is.True, r.All);
            Assert.That(warnings.All(l => Regex.IsMatch(l, @"^/\S+/native/aotapp : GlibcGuard warning GG1001: ")), Is.True, "the ELF file is the warning's file\n" + string.Join("\n", warnings));
            Assert.That(r.All, Does.Contain("GG2003: checked 1 ELF file against centos8 (glibc 2.28)"));

            var again = Feed.Publish(Aot(), "-r", "linux-x64");
            Assert.That(Lines(again, "GG1001"), Is.EqualTo(warnings), "an incremental publish shows the diagnostics again");
        }

        [Test, Order(2)]
        public void NativeAOT_under_centos9_has_no_glibc_findings()
        {
            var r = Feed.Publish(Aot(), "-r", "linux-x64", "-p:GlibcGuardBaseline=centos9");
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(Lines(r, "GG1001"), Is.Empty, r.All);
            Assert.That(r.All, Does.Contain("against centos9 (glibc 2.34): no problems"));
        }

        private static string s_content = "";

        /// <summary>
        /// A framework-dependent app that publishes a prebuilt library needing a newer glibc: the cheapest publish
        /// that raises GG1001. How findings become warnings, errors or nothing does not depend on how the ELF file
        /// was made, so the promotion and NoWarn cases use this one instead of NativeAOT publishes.
        /// </summary>
        private static string Content()
        {
            if (s_content.Length == 0)
            {
                s_content = Feed.Project("contentapp", Csproj("",
                    @"<ItemGroup><None Include=""" + Repo.Fixture("libnewglibc.so") + @""" Link=""libnewglibc.so"" CopyToPublishDirectory=""PreserveNewest"" /></ItemGroup>"));
            }
            return s_content;
        }

        private static Processes.Result PublishContent(params string[] args) =>
            Feed.Publish(Content(), new[] { "-r", "linux-x64", "--self-contained", "false" }.Concat(args).ToArray());

        [Test]
        public void A_prebuilt_library_warns_and_the_publish_succeeds()
        {
            var r = PublishContent();
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Contain("GlibcGuard warning GG1001: libnewglibc.so needs GLIBC_2."));
        }

        [TestCase("-p:WarningsAsErrors=GG1001")]
        [TestCase("-p:GlibcGuardTreatWarningsAsErrors=true")]
        [TestCase("-p:TreatWarningsAsErrors=true")]
        public void Promoting_the_warning_fails_the_publish(string property)
        {
            var r = PublishContent(property);
            Assert.That(r.ExitCode, Is.Not.Zero, r.All);
            Assert.That(r.All, Does.Contain("GlibcGuard error GG1001: libnewglibc.so needs GLIBC_2."));
        }

        [Test]
        public void NoWarn_silences_the_code_and_the_summary_agrees()
        {
            var r = PublishContent("-p:NoWarn=GG1001", "-v:n");
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Not.Contain("warning GG1001"));
            Assert.That(r.All, Does.Match(@"GG2003: checked \d+ ELF files? against centos8 \(glibc 2\.28\): no problems"));
        }

        /// <summary>
        /// `dotnet publish` in a terminal (the terminal logger, default in interactive shells), run under `script`
        /// so that it has one. Findings are warnings and always show; the terminal logger drops messages, even
        /// high-importance ones, below detailed verbosity (its maintainers' choice), so the GG2003 summary shows
        /// with `-tlp:verbosity=detailed` (or `-tl:off`). The README says the same.
        /// </summary>
        [Test]
        public void Under_the_terminal_logger_findings_show_and_the_summary_shows_at_detailed_verbosity()
        {
            string Run(string extra)
            {
                var r = Processes.Run("script", new[] { "-qec", "dotnet publish -c Release -r linux-x64 --self-contained false -nodeReuse:false -tl:on " + extra, "/dev/null" },
                    Content(), Feed.DotnetEnvironment(), timeoutSeconds: 600);
                Assert.That(r.ExitCode, Is.Zero, r.All);
                // Without the terminal's control sequences (colours, cursor moves, progress reports).
                return Regex.Replace(r.All, @"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)", "");
            }
            string plain = Run("");
            Assert.That(plain, Does.Contain("GG1001").And.Contain("libnewglibc.so needs GLIBC_2."), plain);
            Assert.That(plain, Does.Not.Contain("GG2003"), "if this fails, the terminal logger now shows messages: say so in the README");
            string detailed = Run("-tlp:verbosity=detailed");
            Assert.That(detailed, Does.Contain("GG2003: checked").And.Contain("against centos8 (glibc 2.28)"), detailed);
        }

        [Test]
        public void A_self_contained_dotnet10_app_reports_the_runtime_floor_once_under_centos7()
        {
            string project = Feed.Project("selfcontained", Csproj("<SelfContained>true</SelfContained><GlibcGuardBaseline>centos7</GlibcGuardBaseline>"));
            var r = Feed.Publish(project, "-r", "linux-x64");
            Assert.That(r.ExitCode, Is.Zero, r.All);
            string[] floor = Lines(r, "GG1014");
            Assert.That(floor, Has.Length.EqualTo(1), r.All);
            Assert.That(floor[0], Does.Contain(".NET 10's runtime needs glibc 2.27 or later (libcoreclr.so, "));
            Assert.That(floor[0], Does.StartWith(Path.Combine(project, "selfcontained.csproj") + " : GlibcGuard warning GG1014"), "placed on the project");
            Assert.That(Lines(r, "GG1001"), Is.Empty, "the runtime's files are not listed one by one");
            Assert.That(Regex.Match(r.All, @"checked (\d+) ELF files").Groups[1].Value, Is.Not.Empty.And.Not.EqualTo("1"));
        }

        [Test]
        public void Package_native_assets_are_attributed_and_a_go_binary_gets_its_own_baseline()
        {
            File.Copy(Repo.Fixture("go-x86_64-cgo"), Path.Combine(Feed.Root, "gohelper-" + Feed.Version), overwrite: true);
            string project = Feed.Project("withnatives", Csproj("<GlibcGuardBaseline>centos8</GlibcGuardBaseline><GlibcGuardReportPath>$(MSBuildProjectDirectory)/glibcguard.json</GlibcGuardReportPath>",
                @"<ItemGroup>
    <PackageReference Include=""Fake.Native"" Version=""1.0.0"" />
    <None Include=""../gohelper-" + Feed.Version + @""" Link=""gohelper"" CopyToPublishDirectory=""PreserveNewest"" />
    <None Include=""../gohelper-" + Feed.Version + @""" Link=""gohelper-old"" CopyToPublishDirectory=""PreserveNewest"" />
    <GlibcGuardFile Include=""../gohelper-" + Feed.Version + @""" Baseline=""centos9"" />
  </ItemGroup>"));
            var r = Feed.Publish(project, "-r", "linux-x64", "--self-contained", "false", "-v:n");
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Contain("GlibcGuard warning GG1001: runtimes/linux-x64/native/libnewglibc.so from Fake.Native 1.0.0 needs GLIBC_2.34 from libc.so.6"));
            Assert.That(r.All, Does.Contain("GlibcGuard warning GG1005: runtimes/linux-x64/native/libmuslgreet.so from Fake.Native 1.0.0 is linked against musl"));
            Assert.That(Lines(r, "GG1001").Where(l => l.Contains("gohelper")), Is.Empty, "the Go helper is judged against its own baseline (centos9)");
            Assert.That(r.All, Does.Contain("is a Go program built with go1.19.8 (cgo on"));

            JsonElement report = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "glibcguard.json"))).RootElement;
            Assert.That(report.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("package").GetString()), Has.Some.EqualTo("Fake.Native/1.0.0"));
        }

        /// <summary>
        /// The publish most Dockerfiles run before `FROM aspnet`: no RuntimeIdentifier, so every package's
        /// runtimes/&lt;rid&gt;/native/ folder is published. Each Linux file is judged for its folder's RID, with the
        /// same message the RID-specific publish gives, and the summary says per RID whether the app runs.
        /// </summary>
        [Test]
        public void A_portable_publish_is_checked_per_rid_folder_with_the_findings_of_the_rid_publish()
        {
            string project = Feed.Project("portable", Csproj("<GlibcGuardBaseline>centos7</GlibcGuardBaseline>",
                @"<ItemGroup><PackageReference Include=""SQLitePCLRaw.lib.e_sqlite3"" Version=""2.1.11"" /></ItemGroup>"));
            var portable = Feed.Publish(project, "-o", Path.Combine(project, "out-portable"));
            Assert.That(portable.ExitCode, Is.Zero, portable.All);
            Assert.That(File.Exists(Path.Combine(project, "out-portable", "runtimes", "linux-x64", "native", "libe_sqlite3.so")), Is.True, "a portable publish keeps the RID folders");
            string[] x64 = Lines(portable, "GG1001").Where(l => l.Contains("GG1001: runtimes/linux-x64/native/libe_sqlite3.so from ")).ToArray();
            Assert.That(x64, Has.Length.EqualTo(1), portable.All);
            Assert.That(x64[0], Does.Contain("GlibcGuard warning GG1001: runtimes/linux-x64/native/libe_sqlite3.so from SQLitePCLRaw.lib.e_sqlite3 2.1.11 needs GLIBC_2.28 from libc.so.6, which centos7 (glibc 2.17) does not define"));
            Assert.That(portable.All, Does.Not.Contain("GG1008"), "every file is judged for its own folder's architecture");
            Assert.That(portable.All, Does.Match(@"GG2003: checked \d+ ELF files against centos7 \(glibc 2\.17\): \d+ problems\. As linux-arm: no, [^;]+; as linux-arm64: no, libe_sqlite3\.so needs GLIBC_2\.28 \(libc\.so\.6\);"));
            // As linux-x64 the app also starts through the SDK's x64 apphost, which is judged with the set's x64 files.
            Assert.That(portable.All, Does.Match(@"; as linux-x64: no, [^;]+; as linux-x86: no, libe_sqlite3\.so needs GLIBC_2\.28 \(libc\.so\.6\)\. The set runs on: RHEL 8\+"));

            var rid = Feed.Publish(project, "-r", "linux-x64", "--self-contained", "false", "-o", Path.Combine(project, "out-rid"));
            Assert.That(rid.ExitCode, Is.Zero, rid.All);
            string Message(string line) => line.Substring(line.IndexOf("GlibcGuard warning", System.StringComparison.Ordinal));
            string[] ridLines = Lines(rid, "GG1001").Where(l => l.Contains("/libe_sqlite3.so from ")).ToArray();
            Assert.That(ridLines.Select(Message), Is.EqualTo(x64.Select(Message)), "the same finding as the linux-x64 publish");
        }

        private static Processes.Result Build(string project, params string[] args) =>
            Feed.Dotnet(project, new[] { "build", "-c", "Release", "-nodeReuse:false", "-tl:off", "-clp:NoSummary", "-p:UseSharedCompilation=false" }.Concat(args).ToArray());

        /// <summary>
        /// A project that sets a Linux RuntimeIdentifier gets the findings of its package native assets at build
        /// time, once: a no-change build neither reads nor says anything again (and costs next to nothing), and the
        /// publish does not repeat them.
        /// </summary>
        [Test]
        public void A_build_with_a_linux_rid_reports_package_findings_once_and_incrementally()
        {
            string project = Feed.Project("buildcheck", Csproj("<RuntimeIdentifier>linux-x64</RuntimeIdentifier><SelfContained>false</SelfContained>",
                @"<ItemGroup><PackageReference Include=""Fake.Native"" Version=""1.0.0"" /></ItemGroup>"));
            var build = Build(project, "-v:n");
            Assert.That(build.ExitCode, Is.Zero, build.All);
            Assert.That(Lines(build, "GG1001"), Has.Some.Contains("GlibcGuard warning GG1001: runtimes/linux-x64/native/libnewglibc.so from Fake.Native 1.0.0 needs GLIBC_2.34 from libc.so.6"), build.All);
            Assert.That(build.All, Does.Contain("GlibcGuard warning GG1005: runtimes/linux-x64/native/libmuslgreet.so from Fake.Native 1.0.0 is linked against musl"));
            Assert.That(build.All, Does.Contain("GG2003: at build time, checked 2 ELF files against centos8"));

            var again = Build(project, "-v:n", "-clp:PerformanceSummary");
            Assert.That(again.ExitCode, Is.Zero, again.All);
            Assert.That(again.All, Does.Not.Contain("GG1001").And.Not.Contain("GG2003"), "nothing changed: nothing is said again");
            int cost = Regex.Matches(again.All, @"(\d+) ms\s+(_GlibcGuardBuildCheckInputs|GlibcGuardCheckAtBuild)\s+\d+ calls").Sum(m => int.Parse(m.Groups[1].Value));
            TestContext.Out.WriteLine("no-change build: GlibcGuard's targets took " + cost + " ms");
            Assert.That(cost, Is.LessThan(25), again.All);

            var publish = Feed.Publish(project, "-v:n");
            Assert.That(publish.ExitCode, Is.Zero, publish.All);
            Assert.That(Lines(publish, "GG1001").Where(l => l.Contains("libnewglibc.so")), Is.Empty, "shown at build time, unchanged since: " + publish.All);
            Assert.That(publish.All, Does.Match(@"GG2003: checked \d+ ELF files? against centos8 \(glibc 2\.28\): 3 problems \(3 of them shown at build time and not repeated\)"), "GG1005 and two GG1001");

            var baseline = Build(project, "-v:n", "-p:GlibcGuardBaseline=centos9");
            Assert.That(baseline.All, Does.Contain("GG2003: at build time, checked 2 ELF files against centos9"), "a setting that changes the verdict checks again");
        }

        [Test]
        public void GlibcGuardCheckOnBuild_false_turns_the_build_time_check_off()
        {
            string project = Feed.Project("buildcheckoff", Csproj("<RuntimeIdentifier>linux-x64</RuntimeIdentifier><SelfContained>false</SelfContained><GlibcGuardCheckOnBuild>false</GlibcGuardCheckOnBuild>",
                @"<ItemGroup><PackageReference Include=""Fake.Native"" Version=""1.0.0"" /></ItemGroup>"));
            var build = Build(project, "-v:n");
            Assert.That(build.ExitCode, Is.Zero, build.All);
            Assert.That(build.All, Does.Not.Contain("GG1001").And.Not.Contain("GG2003"));
            var publish = Feed.Publish(project);
            Assert.That(Lines(publish, "GG1001").Where(l => l.Contains("libnewglibc.so")), Is.Not.Empty, "the publish gate reports it");
        }

        [Test]
        public void A_single_file_bundle_checks_the_host_and_the_embedded_native_libraries()
        {
            string project = Feed.Project("singlefile", Csproj("<PublishSingleFile>true</PublishSingleFile><SelfContained>true</SelfContained><IncludeNativeLibrariesForSelfExtract>true</IncludeNativeLibrariesForSelfExtract>",
                @"<ItemGroup><PackageReference Include=""Fake.Native"" Version=""1.0.0"" /></ItemGroup>"));
            var r = Feed.Publish(project, "-r", "linux-x64");
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Contain("GG1001: runtimes/linux-x64/native/libnewglibc.so from Fake.Native 1.0.0 needs GLIBC_2.34"));
            Assert.That(r.All, Does.Contain("GG1005: runtimes/linux-x64/native/libmuslgreet.so from Fake.Native 1.0.0"));
            Assert.That(Directory.GetFiles(Path.Combine(project, "bin", "Release", "net10.0", "linux-x64", "publish")).Select(Path.GetFileName),
                Does.Not.Contain("libnewglibc.so"), "the library went into the bundle, and was still checked");
        }

        [Test]
        public void A_musl_publish_rejects_glibc_linked_files()
        {
            File.Copy(Repo.Fixture("go-x86_64-cgo"), Path.Combine(Feed.Root, "gohelper-musl"), overwrite: true);
            string project = Feed.Project("muslapp", Csproj("",
                @"<ItemGroup><None Include=""../gohelper-musl"" Link=""gohelper"" CopyToPublishDirectory=""PreserveNewest"" /></ItemGroup>"));
            var r = Feed.Publish(project, "-r", "linux-musl-x64", "--self-contained", "false");
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Contain("GlibcGuard warning GG1006: gohelper-musl is linked against glibc"));
        }

        [Test]
        public void Nothing_runs_for_a_windows_publish()
        {
            File.Copy(Repo.Fixture("go-x86_64-cgo"), Path.Combine(Feed.Root, "gohelper-win"), overwrite: true);
            string project = Feed.Project("winapp", Csproj("",
                @"<ItemGroup><None Include=""../gohelper-win"" Link=""gohelper"" CopyToPublishDirectory=""PreserveNewest"" /></ItemGroup>"));
            var r = Feed.Publish(project, "-r", "win-x64", "--self-contained", "false", "-v:n");
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Not.Contain("GG1"));
            Assert.That(r.All, Does.Not.Contain("GG2003"));
        }
    }
}
