using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// For consumers: a real publish whose native file came in transitively. Microsoft.Data.Sqlite 8.0.30 pulls
    /// SQLitePCLRaw.bundle_e_sqlite3 2.1.12 and with it SQLitePCLRaw.lib.e_sqlite3 2.1.12, whose linux-x64 file needs
    /// GLIBC_2.34. The finding names that chain, sits on the project's PackageReference (file and line, where an IDE's
    /// error list leads), and gives the line that pins a version that fits; with the line added the same publish is
    /// clean, and the app, run in the Debian 11 root, opens a database (without it, Debian 11's loader refuses the file).
    /// Central Package Management gets its own lines; the feed search finds a version on an HTTP feed on 127.0.0.1.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    [Category("EndToEnd")]
    public class ReferenceChainTests
    {
        private static PackageFeed Feed => PackageFeed.Instance;

        private const string Program = @"using Microsoft.Data.Sqlite;
using var connection = new SqliteConnection(""Data Source=:memory:"");
connection.Open();
using var command = connection.CreateCommand();
command.CommandText = ""create table t(x); insert into t values (41); select sqlite_version() || ' ' || (x + 1) from t"";
System.Console.WriteLine(""sqlite "" + command.ExecuteScalar());";

        private static string Csproj(string references, string properties = "") => @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
    <InvariantGlobalization>true</InvariantGlobalization>
    <GlibcGuardBaseline>centos8</GlibcGuardBaseline>
    " + properties + @"
  </PropertyGroup>
  <ItemGroup>
" + references + @"
  </ItemGroup>
</Project>";

        /// <summary>Lets restore see the real SQLitePCLRaw.lib.e_sqlite3 2.1.11 package (a folder feed next to the project), whatever the cache holds.</summary>
        private static void AddRealWorldFeed(string project, string? extra = null)
        {
            string folder = Path.GetDirectoryName(RealWorld.NuGet("SQLitePCLRaw.lib.e_sqlite3", "2.1.11"))!;
            File.WriteAllText(Path.Combine(project, "nuget.config"), $@"<?xml version=""1.0"" encoding=""utf-8""?>
<configuration>
  <packageSources>
    <add key=""real-world"" value=""{folder}"" />{extra}
  </packageSources>
</configuration>");
        }

        private static int LineOf(string file, string text) =>
            Array.FindIndex(File.ReadAllLines(file), l => l.Contains(text)) + 1;

        [Test]
        public void A_transitive_file_names_its_chain_and_the_line_that_fixes_it_and_the_Debian_11_loader_agrees()
        {
            const string sqlite = @"    <PackageReference Include=""Microsoft.Data.Sqlite"" Version=""8.0.30"" />";
            const string guard = @"    <PackageReference Include=""GlibcGuard"" Version=""$GlibcGuardVersion$"" PrivateAssets=""all"" />";
            string project = Feed.Project("chain-sqlite", Csproj(sqlite + "\n" + guard, "<SelfContained>true</SelfContained>"), Program);
            AddRealWorldFeed(project);
            string csproj = Path.Combine(project, "chain-sqlite.csproj");

            var before = Feed.Publish(project, "-o", Path.Combine(project, "out-before"));
            Assert.That(before.ExitCode, Is.Zero, before.All);
            string[] findings = before.All.Split('\n').Where(l => l.Contains("warning GG1001")).Select(l => l.Trim()).ToArray();
            Assert.That(findings, Has.Length.EqualTo(2), before.All);
            int line = LineOf(csproj, "Microsoft.Data.Sqlite");
            foreach (string finding in findings)
            {
                // Placed where the user changes something: the reference that pulled the file in, by file, line and column.
                Assert.That(finding, Does.StartWith(csproj + "(" + line + ",5): GlibcGuard warning GG1001: runtimes/linux-x64/native/libe_sqlite3.so from SQLitePCLRaw.lib.e_sqlite3 2.1.12 needs GLIBC_2.3"));
                Assert.That(finding, Does.Contain("Fix: SQLitePCLRaw.lib.e_sqlite3 2.1.12 comes via Microsoft.Data.Sqlite 8.0.30 → SQLitePCLRaw.bundle_e_sqlite3 2.1.12. "));
                Assert.That(finding, Does.Match(@"SQLitePCLRaw\.lib\.e_sqlite3 2\.1\.11 fits centos8 \(found in (the local package cache|[^)]*real-world)\): add " +
                    Regex.Escape(@"<PackageReference Include=""SQLitePCLRaw.lib.e_sqlite3"" Version=""2.1.11"" NoWarn=""NU1605"" /> to chain-sqlite.csproj. ") +
                    Regex.Escape("That is below what SQLitePCLRaw.bundle_e_sqlite3 2.1.12 asks for (2.1.12 or later): NuGet reports such a pin as a downgrade (NU1605")));
            }
            var refused = DebianRoots.Run("debian11", Path.Combine(project, "out-before"), "chain-sqlite", Array.Empty<string>());
            Assert.That(refused.ExitCode, Is.Not.Zero, refused.All);
            Assert.That(refused.All, Does.Contain("GLIBC_2.3").And.Contain("not found"), "Debian 11's loader refuses the 2.1.12 file\n" + refused.All);

            // The line, as the fix gives it, after the reference: the same publish is clean and the app runs.
            string pin = Regex.Match(findings[0], "add (<PackageReference [^>]*/>) to").Groups[1].Value;
            File.WriteAllText(csproj, File.ReadAllText(csproj).Replace(sqlite, sqlite + "\n    " + pin));
            var after = Feed.Publish(project, "-o", Path.Combine(project, "out-after"));
            Assert.That(after.ExitCode, Is.Zero, after.All);
            Assert.That(after.All, Does.Not.Contain("GG1001").And.Not.Contain("NU1605").And.Contain("against centos8 (glibc 2.28): no problems"), after.All);
            var runs = DebianRoots.Run("debian11", Path.Combine(project, "out-after"), "chain-sqlite", Array.Empty<string>());
            Assert.That((runs.ExitCode, runs.StdOut.Trim()), Is.EqualTo((0, "sqlite 3.49.1 42")), runs.All);
        }

        [Test]
        public void Under_central_package_management_the_fix_gives_a_PackageVersion_line_and_it_works()
        {
            string project = Feed.Project("chain-cpm", Csproj(@"    <PackageReference Include=""Microsoft.Data.Sqlite"" />
    <PackageReference Include=""GlibcGuard"" PrivateAssets=""all"" />"), Program);
            AddRealWorldFeed(project);
            string props = Path.Combine(project, "Directory.Packages.props");
            string versions = @"    <PackageVersion Include=""Microsoft.Data.Sqlite"" Version=""8.0.30"" />
    <PackageVersion Include=""GlibcGuard"" Version=""" + Feed.Version + @""" />";
            File.WriteAllText(props, "<Project>\n  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>\n  <ItemGroup>\n" + versions + "\n  </ItemGroup>\n</Project>\n");

            var before = Feed.Publish(project);
            Assert.That(before.ExitCode, Is.Zero, before.All);
            string finding = before.All.Split('\n').First(l => l.Contains("warning GG1001"));
            var fix = Regex.Match(finding, @"add (<PackageVersion Include=""SQLitePCLRaw\.lib\.e_sqlite3"" Version=""2\.1\.11"" />) to Directory\.Packages\.props and (<PackageReference Include=""SQLitePCLRaw\.lib\.e_sqlite3"" NoWarn=""NU1605"" />) to chain-cpm\.csproj\.");
            Assert.That(fix.Success, Is.True, finding);

            File.WriteAllText(props, File.ReadAllText(props).Replace(versions, versions + "\n    " + fix.Groups[1].Value));
            string csproj = Path.Combine(project, "chain-cpm.csproj");
            File.WriteAllText(csproj, File.ReadAllText(csproj).Replace(@"<PackageReference Include=""Microsoft.Data.Sqlite"" />", @"<PackageReference Include=""Microsoft.Data.Sqlite"" />" + "\n    " + fix.Groups[2].Value));
            var after = Feed.Publish(project);
            Assert.That(after.ExitCode, Is.Zero, after.All);
            Assert.That(after.All, Does.Not.Contain("GG1001").And.Not.Contain("NU1605").And.Contain("no problems"), after.All);
        }

        [Test]
        public void The_feed_search_finds_a_version_that_fits_on_an_HTTP_feed()
        {
            // A package no cache has seen: its 2.0.0 needs GLIBC_2.34, its 1.0.0 (only on the HTTP feed) fits centos8.
            string id = "Floor.Test" + Guid.NewGuid().ToString("N").Substring(0, 8);
            string served = Path.Combine(Feed.Root, "served-" + id);
            string v1 = Feed.MakeNativePackage(id, "1.0.0", served, ("linux-x64", "libgreet.so.1", "libfloor.so"));
            string v2 = Feed.MakeNativePackage(id, "2.0.0", served, ("linux-x64", "libnewglibc.so", "libfloor.so"));
            using var server = new TestFeedServer(id, new Dictionary<string, string> { ["1.0.0"] = v1, ["2.0.0"] = v2 });

            string project = Feed.Project("chain-feeds", Csproj(@"    <PackageReference Include=""" + id + @""" Version=""2.0.0"" />
    <PackageReference Include=""GlibcGuard"" Version=""$GlibcGuardVersion$"" PrivateAssets=""all"" />"));
            File.WriteAllText(Path.Combine(project, "nuget.config"), $@"<?xml version=""1.0"" encoding=""utf-8""?>
<configuration>
  <packageSources>
    <add key=""test-http"" value=""{server.Index}"" allowInsecureConnections=""true"" />
  </packageSources>
</configuration>");

            var plain = Feed.Publish(project);
            Assert.That(plain.ExitCode, Is.Zero, plain.All);
            Assert.That(plain.All, Does.Contain("warning GG1001: runtimes/linux-x64/native/libfloor.so from " + id + " 2.0.0 needs GLIBC_2.34")
                .And.Contain("(none in the local package cache or the folder feeds fits; GlibcGuardSearchFeeds=true looks on the project's feeds too)"), plain.All);
            Assert.That(server.Downloads, Does.Not.Contain("1.0.0"), "no search unless asked");

            var searched = Feed.Publish(project, "-p:GlibcGuardSearchFeeds=true");
            Assert.That(searched.ExitCode, Is.Zero, searched.All);
            Assert.That(searched.All, Does.Contain("Fix: " + id + " 1.0.0 fits centos8 (found in " + server.Index + "): set <PackageReference Include=\"" + id +
                "\" Version=\"1.0.0\" /> in chain-feeds.csproj."), searched.All);
            Assert.That(server.Downloads, Does.Contain("1.0.0"), "the feed search fetched 1.0.0 over HTTP");
        }
    }
}
