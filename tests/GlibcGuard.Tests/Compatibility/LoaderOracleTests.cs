using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// The loader is the judge. Minimal Debian 11, 12 and 13 roots (<see cref="DebianRoots"/>: debootstrap minbase
    /// from Debian's mirror), and x86_64 ELF files other people built: this machine's own programs and libraries
    /// (/usr/bin, /usr/sbin, /usr/lib/x86_64-linux-gnu), the linux-x64 files of real NuGet and npm
    /// packages at fixed versions, and the x86_64 fixtures. Each is traced by the root's loader (`chroot ROOT ldd
    /// FILE`: it maps the file and binds its needs, none of its code runs) and judged alone by GlibcGuard against
    /// that release's baseline. For the file's own needs: a library the loader cannot find is a GG1004 finding
    /// naming it, a version it cannot find is a GG1001 error naming that library and version, and the other way
    /// round. And "runs on": the file's row for the release passes exactly when the loader binds every version it
    /// needs, its condition ("with libsasl2.so.3 installed") names exactly the libraries the loader could not find,
    /// and its "runs on" labels claim the release exactly then. A musl-linked file is GG1005 where the loader cannot
    /// find musl's C library: the same verdict in each one's terms. The one deliberate difference: GLIBC_PRIVATE
    /// needs are GG1002 (never portable) where this loader accepts them; they are counted apart.
    /// </summary>
    [TestFixture]
    [Category("RealWorld")]
    [Parallelizable(ParallelScope.Self)]
    public class LoaderOracleTests
    {
        /// <summary>Packages whose linux-x64 files join the corpus (fixed versions; downloaded once into artifacts/real-world/).</summary>
        private static readonly (string Id, string Version)[] s_nuget =
        {
            ("SQLitePCLRaw.lib.e_sqlite3", "2.1.11"), ("librdkafka.redist", "2.16.0"), ("SkiaSharp.NativeAssets.Linux", "2.88.9"),
            ("HarfBuzzSharp.NativeAssets.Linux", "7.3.0.3"), ("LibGit2Sharp.NativeBinaries", "2.0.324"), ("Grpc.Core", "2.46.5"),
        };

        /// <summary>npm packages with linux-x64 glibc files: sharp's addon (needs libvips-cpp, shipped in another package), and its libvips.</summary>
        private static readonly string[] s_npm = { "@img/sharp-linux-x64@0.33.5", "@img/sharp-libvips-linux-x64@1.0.4" };

        // Made once for the three roots: the packages are extracted and the files listed once.
        private static readonly Lazy<List<string>> s_corpus = new(MakeCorpus);

        /// <summary>This machine's x86_64 programs and libraries (regular files, not links), the packages' and the fixtures' x86_64 files.</summary>
        private static List<string> Corpus() => s_corpus.Value;

        // Each file's facts, read once for the three roots (a file's facts do not depend on the baseline).
        private static readonly ConcurrentDictionary<string, BinaryFacts> s_facts = new(System.StringComparer.Ordinal);

        private static List<string> MakeCorpus()
        {
            var dirs = new[] { "/usr/bin", "/usr/sbin", "/usr/lib/x86_64-linux-gnu" };
            var files = dirs.SelectMany(d => Directory.EnumerateFiles(d).OrderBy(f => f, System.StringComparer.Ordinal)).ToList();
            string packages = Repo.TempDir("oracle-packages");
            foreach (var (id, version) in s_nuget)
            {
                string dir = Path.Combine(packages, id);
                System.IO.Compression.ZipFile.ExtractToDirectory(RealWorld.NuGet(id, version), dir);
                string native = Path.Combine(dir, "runtimes", "linux-x64", "native");
                if (Directory.Exists(native)) files.AddRange(Directory.EnumerateFiles(native).OrderBy(f => f, System.StringComparer.Ordinal));
            }
            foreach (string spec in s_npm)
            {
                files.AddRange(Directory.EnumerateFiles(RealWorld.Npm(spec), "*", SearchOption.AllDirectories).OrderBy(f => f, System.StringComparer.Ordinal));
            }
            files.AddRange(Repo.AllFixtures());
            return files.Where(f => (File.GetAttributes(f) & FileAttributes.ReparsePoint) == 0 && IsX86_64Elf(f)).ToList();
        }

        private static bool IsX86_64Elf(string path)
        {
            try
            {
                using var s = File.OpenRead(path);
                var head = new byte[20];
                return s.Read(head, 0, 20) == 20 && head[0] == 0x7f && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F' && head[18] == 0x3e && head[19] == 0;
            }
            catch (IOException)
            {
                return false;
            }
        }

        // "/tmp/x: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by /tmp/x)": the file's own needs only.
        private static readonly Regex s_version = new(@"^\S+: (\S+): version `([^']+)' not found \(required by (\S+)\)$");
        private static readonly Regex s_missing = new(@"^\s*(\S+) => not found$");

        /// <summary>Whether "runs on" labels claim the release ("Debian 11", or "Debian 10+" for 11), and with what condition.</summary>
        private static (bool Claimed, string Condition) Claim(IReadOnlyList<string> labels, string release)
        {
            int number = int.Parse(release.Substring("Debian ".Length), System.Globalization.CultureInfo.InvariantCulture);
            foreach (string label in labels)
            {
                Match m = Regex.Match(label, @"^Debian (\d+)(\+?)( with .* installed)?$");
                if (!m.Success) continue;
                int first = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (first == number || (m.Groups[2].Value == "+" && first < number)) return (true, m.Groups[3].Value);
            }
            return (false, "");
        }

        [TestCase("debian11")]
        [TestCase("debian12")]
        [TestCase("debian13")]
        public void The_loader_of_a_minimal_root_and_GlibcGuard_agree_on_every_file(string baseline)
        {
            BaselineCatalog.TryGet(baseline, out Baseline b);
            int files = 0, agree = 0, withPrivate = 0, loads = 0, conditional = 0;
            var disagreements = new ConcurrentBag<string>();
            List<string> corpus = Corpus();
            string[] traces = DebianRoots.TraceAll(baseline, corpus);
            Parallel.For(0, corpus.Count, new ParallelOptions { MaxDegreeOfParallelism = System.Environment.ProcessorCount }, i =>
            {
                string path = corpus[i];
                string trace = traces[i];
                if (trace.Contains("not a dynamic executable")) return;
                var loader = new HashSet<string>();
                foreach (string line in trace.Split('\n'))
                {
                    Match v = s_version.Match(line.Trim());
                    if (v.Success && v.Groups[3].Value.StartsWith("/tmp/glibcguard-trace-", System.StringComparison.Ordinal)) loader.Add("version " + Path.GetFileName(v.Groups[1].Value) + " " + v.Groups[2].Value);
                    Match m = s_missing.Match(line.TrimEnd());
                    if (m.Success) loader.Add("library " + m.Groups[1].Value);
                }
                var input = new AnalysisInput(s_facts.GetOrAdd(path, p => BinaryInspector.Inspect(p)));
                AnalysisResult result = Analyzer.Analyze(new[] { input }, new AnalysisOptions { Baseline = b });
                var ours = new HashSet<string>(result.Findings.Where(f => f.Id == DiagnosticId.VersionMissing && f.Severity == Severity.Error).Select(f => "version " + f.Library + " " + f.Version)
                    .Concat(result.Findings.Where(f => f.Id == DiagnosticId.LibraryMissing).Select(f => "library " + f.Library)));
                // A musl-linked file is GG1005: the C library it needs is musl's, which the glibc loader cannot find.
                if (result.Findings.Any(f => f.Id == DiagnosticId.MuslOnGlibcTarget))
                {
                    foreach (string needed in input.Facts.Needed.Where(CLibraries.IsMuslLibrary)) ours.Add("library " + needed);
                }
                var deliberate = new HashSet<string>(result.Findings.Where(f => f.Id == DiagnosticId.PrivateVersion).Select(f => "version " + f.Library + " " + f.Version));
                Interlocked.Increment(ref files);
                if (deliberate.Count > 0) Interlocked.Increment(ref withPrivate);
                var silent = loader.Where(x => !ours.Contains(x) && !deliberate.Contains(x)).ToList();
                var falseAlarm = ours.Where(x => !loader.Contains(x)).ToList();

                // "Runs on": the row and the labels against what the loader did.
                // The loader refuses the file itself when a version is not found or its C library is not there (musl's on
                // glibc); any other library it cannot find is one to install: the row's condition.
                List<string> loaderMissing = loader.Where(x => x.StartsWith("library ", System.StringComparison.Ordinal)).Select(x => x.Substring(8)).OrderBy(x => x, System.StringComparer.Ordinal).ToList();
                bool loaderBindsVersions = !loader.Any(x => x.StartsWith("version ", System.StringComparison.Ordinal)) && !loaderMissing.Any(CLibraries.IsMuslLibrary);
                MatrixRow row = result.Matrix.Single(r => r.Baseline.Id == baseline);
                (bool claimed, string condition) = Claim(result.RunsOnFor(input), b.RunsOnLabel);
                var runsOn = new List<string>();
                if (deliberate.Count == 0)
                {
                    if (row.Passes != loaderBindsVersions) runsOn.Add("row " + (row.Passes ? "passes" : "fails (" + row.Reason + ")") + ", loader " + (loaderBindsVersions ? "binds every version" : "does not"));
                    if (claimed != row.Passes) runsOn.Add("\"runs on\" " + (claimed ? "claims" : "leaves out") + " " + b.RunsOnLabel + " while the row " + (row.Passes ? "passes" : "fails"));
                    if (row.Passes && !row.Requires.OrderBy(x => x, System.StringComparer.Ordinal).SequenceEqual(loaderMissing))
                        runsOn.Add("condition [" + string.Join(", ", row.Requires) + "], loader missing [" + string.Join(", ", loaderMissing) + "]");
                    if (claimed && condition != Analyzer.WithInstalled(row.Requires)) runsOn.Add("label condition '" + condition + "' is not the row's");
                }
                if (loaderBindsVersions && loaderMissing.Count == 0) Interlocked.Increment(ref loads);
                if (row.Passes && row.Requires.Count > 0) Interlocked.Increment(ref conditional);

                if (silent.Count == 0 && falseAlarm.Count == 0 && runsOn.Count == 0) Interlocked.Increment(ref agree);
                if (silent.Count > 0) disagreements.Add("silent " + path + ": " + string.Join(", ", silent));
                if (falseAlarm.Count > 0) disagreements.Add("false  " + path + ": " + string.Join(", ", falseAlarm));
                if (runsOn.Count > 0) disagreements.Add("runs-on " + path + ": " + string.Join("; ", runsOn));
            });
            TestContext.Out.WriteLine(baseline + ": " + files + " files, " + agree + " agree, " + disagreements.Count(d => d.StartsWith("silent")) + " silent, " +
                disagreements.Count(d => d.StartsWith("false")) + " false, " + disagreements.Count(d => d.StartsWith("runs-on")) + " runs-on (" + withPrivate +
                " with GLIBC_PRIVATE needs, deliberate; " + loads + " load as they are, " + conditional + " run with libraries installed)");
            Assert.That(files, Is.GreaterThan(100), "a corpus worth the name");
            Assert.That(corpus.Count(f => !f.StartsWith("/usr/", System.StringComparison.Ordinal)), Is.GreaterThan(15), "package and fixture files are in the corpus");
            Assert.That(disagreements, Is.Empty, string.Join("\n", disagreements));
        }
    }
}
