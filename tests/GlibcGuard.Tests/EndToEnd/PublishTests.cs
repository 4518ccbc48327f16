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

        [TestCase("-p:WarningsAsErrors=GG1001")]
        [TestCase("-p:GlibcGuardTreatWarningsAsErrors=true")]
        [TestCase("-p:TreatWarningsAsErrors=true")]
        [Order(3)]
        public void Promoting_the_warning_fails_the_publish(string property)
        {
            var r = Feed.Publish(Aot(), "-r", "linux-x64", property);
            Assert.That(r.ExitCode, Is.Not.Zero, r.All);
            Assert.That(r.All, Does.Contain("GlibcGuard error GG1001: aotapp needs GLIBC_2.34"));
        }

        [Test, Order(4)]
        public void NoWarn_silences_the_code()
        {
            var r = Feed.Publish(Aot(), "-r", "linux-x64", "-p:NoWarn=GG1001");
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Not.Contain("warning GG1001"));
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
            Assert.That(r.All, Does.Contain("GlibcGuard warning GG1001: libnewglibc.so from Fake.Native 1.0.0 needs GLIBC_2.34 from libc.so.6"));
            Assert.That(r.All, Does.Contain("GlibcGuard warning GG1005: libmuslgreet.so from Fake.Native 1.0.0 is linked against musl"));
            Assert.That(Lines(r, "GG1001").Where(l => l.Contains("gohelper")), Is.Empty, "the Go helper is judged against its own baseline (centos9)");
            Assert.That(r.All, Does.Contain("is a Go program built with go1.19.8 (cgo on"));

            JsonElement report = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "glibcguard.json"))).RootElement;
            Assert.That(report.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("package").GetString()), Has.Some.EqualTo("Fake.Native/1.0.0"));
        }

        [Test]
        public void A_single_file_bundle_checks_the_host_and_the_embedded_native_libraries()
        {
            string project = Feed.Project("singlefile", Csproj("<PublishSingleFile>true</PublishSingleFile><SelfContained>true</SelfContained><IncludeNativeLibrariesForSelfExtract>true</IncludeNativeLibrariesForSelfExtract>",
                @"<ItemGroup><PackageReference Include=""Fake.Native"" Version=""1.0.0"" /></ItemGroup>"));
            var r = Feed.Publish(project, "-r", "linux-x64");
            Assert.That(r.ExitCode, Is.Zero, r.All);
            Assert.That(r.All, Does.Contain("GG1001: libnewglibc.so from Fake.Native 1.0.0 needs GLIBC_2.34"));
            Assert.That(r.All, Does.Contain("GG1005: libmuslgreet.so from Fake.Native 1.0.0"));
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

        [Test]
        public void The_tool_builds_as_NativeAOT_without_warnings_and_checks()
        {
            string output = Path.Combine(Feed.Root, "aot-tool");
            var publish = Feed.Dotnet(Repo.Root, "publish", Path.Combine(Repo.Root, "src", "GlibcGuard.Cli"), "-c", "Release", "-r", "linux-x64",
                "-p:GlibcGuardAot=true", "-o", output, "-nodeReuse:false", "-tl:off");
            Assert.That(publish.ExitCode, Is.Zero, publish.All);
            Assert.That(Regex.Matches(publish.All, @"warning IL\d+").Count, Is.Zero, "trimming and AOT analysis are clean\n" + publish.All);
            var check = Processes.Run(Path.Combine(output, "glibcguard"), new[] { "check", Repo.FixtureDir, "--rid", "linux-x64", "--format", "sarif" });
            Assert.That(check.ExitCode, Is.EqualTo(1), check.All);
            Assert.That(check.StdOut, Does.Contain("\"ruleId\": \"GG1001\""));
            var inspect = Processes.Run(Path.Combine(output, "glibcguard"), new[] { "inspect", Repo.Fixture("go-x86_64-cgo"), "--format", "json" });
            Assert.That(inspect.StdOut, Does.Contain("\"CGO_ENABLED\": \"1\""));
        }

        [Test]
        public void The_dotnet_tool_installs_from_the_feed_and_checks()
        {
            string tools = Path.Combine(Feed.Root, "tools");
            var install = Feed.Dotnet(Feed.Root, "tool", "install", "GlibcGuard.Tool", "--version", Feed.Version, "--tool-path", tools, "--add-source", Feed.Feed);
            Assert.That(install.ExitCode, Is.Zero, install.All);
            var check = Processes.Run(Path.Combine(tools, "glibcguard"), new[] { "check", Repo.Fixture("gcc-x86_64-pie"), "--baseline", "centos8" });
            Assert.That(check.ExitCode, Is.EqualTo(1), check.All);
            Assert.That(check.StdOut, Does.Contain("error GG1001: gcc-x86_64-pie needs GLIBC_2.34"));
        }
    }
}
