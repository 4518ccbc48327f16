using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using GlibcGuard.Cli;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Cli
{
    /// <summary>
    /// `glibcguard check PACKAGE --search-feeds`: the feed search (GlibcGuard.Feeds, NuGet's client libraries in a
    /// process of its own, this tree's build) asks an HTTP feed on 127.0.0.1 for the versions of the package and
    /// names the one whose file fits.
    /// </summary>
    [TestFixture]
    public class SearchFeedsTests
    {
        /// <summary>A package of one native file, runtimes/linux-x64/native/libfloor.so (a copy of <paramref name="fixture"/>).</summary>
        internal static string Nupkg(string dir, string id, string version, string fixture)
        {
            string path = Path.Combine(dir, id.ToLowerInvariant() + "." + version + ".nupkg");
            using ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create);
            using (var nuspec = new StreamWriter(zip.CreateEntry(id + ".nuspec").Open()))
            {
                nuspec.Write("<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>" + id +
                    "</id><version>" + version + "</version><authors>tests</authors><description>x</description></metadata></package>");
            }
            zip.CreateEntryFromFile(Repo.Fixture(fixture), "runtimes/linux-x64/native/libfloor.so");
            return path;
        }

        [Test]
        public void The_version_that_fits_is_found_on_an_HTTP_feed()
        {
            string tool = Path.Combine(Repo.Root, "src", "GlibcGuard.Feeds", "bin", "Release", "net8.0", "GlibcGuard.Feeds.dll");
            Assert.That(File.Exists(tool), Is.True, "the solution's build makes the feed search: " + tool);
            string dir = Repo.TempDir("search-feeds");
            string id = "Floor.Cli" + Guid.NewGuid().ToString("N").Substring(0, 6);
            string v1 = Nupkg(dir, id, "1.0.0", "libgreet.so.1"), v2 = Nupkg(dir, id, "2.0.0", "libnewglibc.so");
            using var server = new TestFeedServer(id, new Dictionary<string, string> { ["1.0.0"] = v1, ["2.0.0"] = v2 });

            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var request = new CheckCommand.Request
            {
                Paths = new[] { v2 },
                Baseline = "centos8",
                Format = "text",
                SearchFeeds = true,
                Sources = new[] { server.Index },
                Environment = name => name == "GLIBCGUARD_FEEDS" ? tool : null,
                StdoutIsFile = false,
            };
            int exit = CheckCommand.Run(request, stdout, stderr);
            Assert.That(exit, Is.EqualTo(1), stdout + "\n" + stderr);
            Assert.That(stderr.ToString(), Does.Contain("GlibcGuard: feeds searched for " + id + " (runtimes/linux-x64/native/libfloor.so): fits 1.0.0"));
            Assert.That(stdout.ToString(), Does.Contain("fix: " + id + " 1.0.0 fits centos8 (found in " + server.Index + "): reference that version"), stdout.ToString());
            Assert.That(server.Downloads, Is.EqualTo(new[] { "1.0.0" }), "2.0.0 is the one checked; 1.0.0 the one tried");

            // Without the flag nothing is asked of the feed.
            var quiet = new StringWriter();
            CheckCommand.Run(new CheckCommand.Request { Paths = new[] { v2 }, Baseline = "centos8", Format = "text", StdoutIsFile = false }, quiet, new StringWriter());
            Assert.That(quiet.ToString(), Does.Not.Contain("fits centos8"));
            Assert.That(server.Downloads, Has.Count.EqualTo(1));
        }
    }
}
