using System;
using System.Collections.Generic;
using System.IO;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// Packs GlibcGuard (and the glibcguard tool, with eng/pack.sh, and small packages with native assets) into a local feed with
    /// a version unique to this run, and runs `dotnet` in throwaway projects against it, shielded from the
    /// repository's own build files, with node reuse off.
    /// </summary>
    internal sealed class PackageFeed
    {
        private static readonly Lazy<PackageFeed> s_instance = new(() => new PackageFeed());

        public static PackageFeed Instance => s_instance.Value;

        public string Root { get; }
        public string Feed { get; }
        public string Version { get; }
        public string Packages { get; }

        private PackageFeed()
        {
            Root = Repo.TempDir("e2e");
            // A packages folder that outlives the run, so runtime packs are downloaded once per machine;
            // the unique version keeps GlibcGuard itself fresh.
            Packages = Path.Combine(Repo.Root, "artifacts", "e2e-packages");
            Directory.CreateDirectory(Packages);
            if (Prepared() is (string feed, string version, string output))
            {
                // test.sh packed them while the first tests ran (eng/pack-for-tests.sh).
                Feed = feed;
                Version = version;
                PackOutput = output;
                PackTree = Path.Combine(Repo.Root, "artifacts", "pack-tree");
            }
            else
            {
                Version = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + ".g" + Guid.NewGuid().ToString("N").Substring(0, 6); // "g": a SemVer identifier of digits alone may not start with 0
                Feed = Path.Combine(Root, "feed");
                Directory.CreateDirectory(Feed);
                // What a user runs (README): every GlibcGuard package, the tool's native builds linked with zig.
                var pack = Processes.Run("bash", new[] { Path.Combine(Repo.Root, "eng", "pack.sh"), Feed, Version }, Repo.Root, DotnetEnvironment(), timeoutSeconds: 900);
                PackOutput = pack.All;
                PackTree = Repo.Root;
                Assert.That(pack.ExitCode, Is.Zero, pack.All);
            }
            MakeNativePackage();
            MakeMultiRidPackage();

            File.WriteAllText(Path.Combine(Root, "nuget.config"), $@"<?xml version=""1.0"" encoding=""utf-8""?>
<configuration>
  <packageSources>
    <clear />
    <add key=""local"" value=""{Feed}"" />
    <add key=""nuget.org"" value=""https://api.nuget.org/v3/index.json"" />
  </packageSources>
</configuration>");
            // Shield the throwaway projects from any Directory.Build.* above them.
            File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />");
            File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />");
        }

        /// <summary>
        /// The feed test.sh is packing in the background (GLIBCGUARD_TEST_FEED, GLIBCGUARD_TEST_FEED_VERSION), once it
        /// is complete; null when there is none, and a failed pack is a failed setup with what it printed.
        /// </summary>
        private static (string Feed, string Version, string Output)? Prepared()
        {
            string? feed = Environment.GetEnvironmentVariable("GLIBCGUARD_TEST_FEED");
            string? version = Environment.GetEnvironmentVariable("GLIBCGUARD_TEST_FEED_VERSION");
            if (string.IsNullOrEmpty(feed) || string.IsNullOrEmpty(version)) return null;
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(feed, ".complete")) && !File.Exists(Path.Combine(feed, ".failed")))
            {
                if (waited.Elapsed > TimeSpan.FromMinutes(20)) Assert.Fail("eng/pack-for-tests.sh did not finish in 20 minutes: " + feed);
                System.Threading.Thread.Sleep(500);
            }
            string log = Path.Combine(feed, "pack.log");
            string output = File.Exists(log) ? File.ReadAllText(log) : "";
            Assert.That(File.Exists(Path.Combine(feed, ".complete")), Is.True, "eng/pack-for-tests.sh failed:\n" + output);
            return (feed, version, output);
        }

        /// <summary>What eng/pack.sh printed (the tool's NativeAOT builds and their own GlibcGuard check).</summary>
        public string PackOutput { get; }

        /// <summary>The tree eng/pack.sh built in: its build outputs hold what the packages leave out (the tool's symbols).</summary>
        public string PackTree { get; }

        /// <summary>Fake.Native 1.0.0: runtimes/linux-x64/native/ holds a library that needs GLIBC_2.34 and a musl-linked one.</summary>
        private void MakeNativePackage() => MakeNativePackage("Fake.Native", "1.0.0",
            ("linux-x64", "libnewglibc.so", "libnewglibc.so"),
            ("linux-x64", "libmuslgreet.so", "libmuslgreet.so"));

        /// <summary>
        /// Fake.MultiRid 2.0.0, native assets for several RIDs: linux-x64 (needs GLIBC_2.34), linux-arm64 (an aarch64
        /// build), linux-musl-x64 (musl-linked, as it should be), and an aarch64 file misplaced under linux-x64.
        /// </summary>
        private void MakeMultiRidPackage() => MakeNativePackage("Fake.MultiRid", "2.0.0",
            ("linux-x64", "libnewglibc.so", "libnewglibc.so"),
            ("linux-x64", "libgreet-aarch64.so.1", "libwrongarch.so"),
            ("linux-arm64", "libgreet-aarch64.so.1", "libgreet.so.1"),
            ("linux-musl-x64", "libmuslgreet.so", "libmuslgreet.so"));

        /// <summary>Packs a package whose runtimes/&lt;rid&gt;/native/ folders hold the given fixtures under the given names.</summary>
        private void MakeNativePackage(string id, string version, params (string Rid, string Fixture, string Name)[] assets) =>
            MakeNativePackage(id, version, Feed, assets);

        /// <summary>The same, packed into <paramref name="output"/>; returns the .nupkg's path.</summary>
        public string MakeNativePackage(string id, string version, string output, params (string Rid, string Fixture, string Name)[] assets)
        {
            string dir = Path.Combine(Root, "pack-" + id.ToLowerInvariant() + "-" + version);
            var items = new System.Text.StringBuilder();
            foreach (var (rid, fixture, name) in assets)
            {
                Directory.CreateDirectory(Path.Combine(dir, rid));
                File.Copy(Repo.Fixture(fixture), Path.Combine(dir, rid, name));
                items.Append($@"    <None Include=""{rid}/{name}"" Pack=""true"" PackagePath=""runtimes/{rid}/native/"" />").Append('\n');
            }
            File.WriteAllText(Path.Combine(dir, id + ".csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <TargetFramework>netstandard2.0</TargetFramework>
    <IncludeBuildOutput>false</IncludeBuildOutput>
    <PackageId>{id}</PackageId>
    <Version>{version}</Version>
    <NoWarn>NU5128</NoWarn>
  </PropertyGroup>
  <ItemGroup>
{items}  </ItemGroup>
</Project>");
            var result = Dotnet(dir, "pack", "-o", output);
            Assert.That(result.ExitCode, Is.Zero, result.All);
            return Path.Combine(output, id + "." + version + ".nupkg");
        }

        /// <summary>Creates a project folder under the feed's root with the given files.</summary>
        public string Project(string name, string csproj, string program = "System.Console.WriteLine(\"hello\");")
        {
            string dir = Path.Combine(Root, name);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, name + ".csproj"), csproj.Replace("$GlibcGuardVersion$", Version));
            File.WriteAllText(Path.Combine(dir, "Program.cs"), program);
            return dir;
        }

        /// <summary>Runs dotnet with a clean environment: this run's packages folder, no node reuse, no inherited MSBuild paths.</summary>
        public Processes.Result Dotnet(string workingDirectory, params string[] args) =>
            Processes.Run("dotnet", args, workingDirectory, DotnetEnvironment(), timeoutSeconds: 900);

        /// <summary>The environment every dotnet run of the tests gets (see <see cref="Dotnet"/>).</summary>
        public Dictionary<string, string?> DotnetEnvironment() =>
            new Dictionary<string, string?>
            {
                ["NUGET_PACKAGES"] = Packages,
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
                ["MSBUILDDISABLENODEREUSE"] = "1",
                ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
                ["MSBuildExtensionsPath"] = null,
                ["MSBuildSDKsPath"] = null,
                ["MSBUILD_EXE_PATH"] = null,
                ["MSBuildLoadMicrosoftTargetsReadOnly"] = null,
                ["VSTEST_HOST_DEBUG"] = null,
            };

        /// <summary>`dotnet publish` with the console logger (no terminal UI), no node reuse, no warning summary.</summary>
        public Processes.Result Publish(string project, params string[] args)
        {
            var all = new List<string> { "publish", "-c", "Release", "-nodeReuse:false", "-tl:off", "-clp:NoSummary", "-p:UseSharedCompilation=false" };
            all.AddRange(args);
            return Dotnet(project, all.ToArray());
        }
    }
}
