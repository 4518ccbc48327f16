using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// Published through the freshly packed package, run in minimal Debian 11, 12 and 13 roots (<see cref="DebianRoots"/>):
    /// a self-contained .NET 10 app dies for ICU, or for OpenSSL at its first hash, exactly where GlibcGuard's
    /// warnings and conditional "runs on" say, and runs everywhere else; given the library the condition names, it
    /// runs there too. (NativeAOT and cgo programs are run in the roots by LinkToBaselineTests and FixHintTests.)
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    [Category("EndToEnd")]
    public class LoaderRunTests
    {
        private static PackageFeed Feed => PackageFeed.Instance;

        private const string Number = "number 1,234,567.891";
        private const string Hashed = Number + " sha256 101f1ccc2b95fe8c";
        private const string NoIcu = "Couldn't find a valid ICU package installed on the system.";
        private const string NoSsl = "No usable version of libssl was found";

        private static string Publish(string name, string baseline, bool invariant, out string output)
        {
            string source = Path.Combine(Repo.Root, "tests", "fixtures", "src", "rootapp");
            string project = Feed.Project(name, File.ReadAllText(Path.Combine(source, "rootapp.csproj.template"))
                    .Replace("</PropertyGroup>", "<AssemblyName>rootapp</AssemblyName><InvariantGlobalization>" + (invariant ? "true" : "false") + "</InvariantGlobalization></PropertyGroup>"),
                File.ReadAllText(Path.Combine(source, "Program.cs")));
            var r = Feed.Publish(project, "-v:n", "-p:GlibcGuardBaseline=" + baseline);
            Assert.That(r.ExitCode, Is.Zero, r.All);
            output = r.All;
            return Path.Combine(project, "bin", "Release", "net10.0", "linux-x64", "publish");
        }

        private static Processes.Result Run(string baseline, string publish, params string[] args) =>
            DebianRoots.Run(baseline, publish, "rootapp", args);

        [Test]
        public void A_non_invariant_app_dies_for_ICU_in_every_minimal_root_and_runs_once_ICU_is_there()
        {
            string publish = Publish("rootapp-icu", "debian11", invariant: false, out string output);
            Assert.That(output, Does.Contain("warning GG1019: This app uses ICU for globalization"), "at default verbosity: a warning");
            Assert.That(output, Does.Contain("Debian 11 with ICU installed, Debian 12 with ICU and OpenSSL installed, Debian 13 with ICU installed"), output);

            foreach ((string baseline, _) in DebianRoots.Releases)
            {
                var run = Run(baseline, publish);
                Assert.That((run.ExitCode, run.All.Contains(NoIcu)), Is.EqualTo((134, true)), baseline + ": " + run.All);
            }

            // The condition met: Debian 12's own libicu72 (this machine is Debian 12) in the app's folder, found by the
            // runtime's dlopen through LD_LIBRARY_PATH as it would be in /usr/lib: the app starts and formats in German.
            string icu = Path.Combine(publish, "icu");
            Directory.CreateDirectory(icu);
            foreach (string lib in new[] { "libicuuc.so.72", "libicui18n.so.72", "libicudata.so.72" })
            {
                File.Copy(Path.Combine("/usr/lib/x86_64-linux-gnu", lib), Path.Combine(icu, lib), overwrite: true);
            }
            var withIcu = DebianRoots.Run("debian12", publish, "rootapp", Array.Empty<string>(), new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = "$APP/icu" });
            Assert.That((withIcu.ExitCode, withIcu.StdOut.Trim()), Is.EqualTo((0, "number 1.234.567,891")), withIcu.All);
        }

        [Test]
        public void An_invariant_app_needs_OpenSSL_only_on_Debian_12_as_GG1020_says()
        {
            string publish = Publish("rootapp-ssl", "debian12", invariant: true, out string output);
            Assert.That(output, Does.Contain("warning GG1020: This app ships the assemblies that use OpenSSL"));
            Assert.That(output, Does.Not.Contain("GG1019"));
            Assert.That(output, Does.Contain("Debian 11, Debian 12 with OpenSSL installed, Debian 13."), output);

            foreach ((string baseline, _) in DebianRoots.Releases)
            {
                var plain = Run(baseline, publish);
                Assert.That((plain.ExitCode, plain.StdOut.Trim()), Is.EqualTo((0, Number)), baseline + ": " + plain.All);
                var hash = Run(baseline, publish, "--hash");
                if (baseline == "debian12")
                {
                    Assert.That((hash.ExitCode, hash.All.Contains(NoSsl)), Is.EqualTo((134, true)), hash.All);
                }
                else
                {
                    Assert.That((hash.ExitCode, hash.StdOut.Trim()), Is.EqualTo((0, Hashed)), baseline + ": " + hash.All);
                }
            }
        }
    }
}
