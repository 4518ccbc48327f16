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
    /// The loader is the judge. Minimal Debian 11, 12 and 13 roots made by debootstrap (Debian's mirror; kept under
    /// artifacts/roots/ between runs), and this machine's own programs (/usr/bin, /usr/sbin: x86_64 ELF files other
    /// people built; the libraries too on request, see <see cref="Corpus"/>), each traced by the root's loader (`chroot ROOT ldd FILE`: it maps the file and binds its needs,
    /// none of its code runs) and judged alone by GlibcGuard against that release's baseline. For the file's own
    /// needs: a library the loader cannot find is a GG1004 finding naming it, and a version it cannot find is a GG1001
    /// error naming that library and version; and the other way round. The one deliberate difference: GLIBC_PRIVATE
    /// needs are GG1002 (never portable) where this loader accepts them; they are counted apart.
    /// </summary>
    [TestFixture]
    [Category("RealWorld")]
    [NonParallelizable]
    public class LoaderOracleTests
    {
        private static readonly (string Baseline, string Suite)[] s_releases = { ("debian11", "bullseye"), ("debian12", "bookworm"), ("debian13", "trixie") };

        private static readonly Dictionary<string, string> s_roots = new();

        /// <summary>Makes the three roots at once (each about a minute of download and unpacking), or reuses them.</summary>
        [OneTimeSetUp]
        public void MakeRoots()
        {
            string dir = Path.Combine(Repo.Root, "artifacts", "roots");
            Directory.CreateDirectory(dir);
            var made = new ConcurrentDictionary<string, Processes.Result>();
            Parallel.ForEach(s_releases, r =>
            {
                string root = Path.Combine(dir, r.Suite);
                s_roots[r.Baseline] = root;
                if (File.Exists(Path.Combine(root, ".glibcguard-complete"))) return;
                if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
                var run = Processes.Run("debootstrap", new[] { "--variant=minbase", r.Suite, root, "http://deb.debian.org/debian" }, timeoutSeconds: 900);
                made[r.Suite] = run;
                if (run.ExitCode == 0) File.WriteAllText(Path.Combine(root, ".glibcguard-complete"), "");
            });
            foreach (var (suite, run) in made) Assert.That(run.ExitCode, Is.Zero, suite + ": " + run.All);
        }

        /// <summary>
        /// This machine's x86_64 programs (regular files, not links); with GLIBCGUARD_ORACLE_LIBRARIES=1 also the
        /// libraries of /usr/lib/x86_64-linux-gnu (1,191 files in all here instead of 721: 70 s a root instead of 35,
        /// too long for CI's budget on two cores).
        /// </summary>
        private static List<string> Corpus() => (System.Environment.GetEnvironmentVariable("GLIBCGUARD_ORACLE_LIBRARIES") == "1"
                ? new[] { "/usr/bin", "/usr/sbin", "/usr/lib/x86_64-linux-gnu" } : new[] { "/usr/bin", "/usr/sbin" })
            .SelectMany(d => Directory.EnumerateFiles(d).OrderBy(f => f, System.StringComparer.Ordinal))
            .Where(f => (File.GetAttributes(f) & FileAttributes.ReparsePoint) == 0 && IsX86_64Elf(f)).ToList();

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

        [TestCase("debian11")]
        [TestCase("debian12")]
        [TestCase("debian13")]
        public void The_loader_of_a_minimal_root_and_GlibcGuard_agree_on_every_program(string baseline)
        {
            string root = s_roots[baseline];
            BaselineCatalog.TryGet(baseline, out Baseline b);
            int files = 0, agree = 0, withPrivate = 0;
            var disagreements = new ConcurrentBag<string>();
            List<string> corpus = Corpus();
            // A process per trace: two at a time on this machine's two cores, each file under its own name in the root.
            Parallel.For(0, corpus.Count, new ParallelOptions { MaxDegreeOfParallelism = System.Environment.ProcessorCount }, i =>
            {
                string path = corpus[i], name = "/tmp/glibcguard-oracle-" + i, copy = root + name;
                File.Copy(path, copy, overwrite: true);
                var trace = Processes.Run("chroot", new[] { root, "ldd", name }, timeoutSeconds: 60);
                File.Delete(copy);
                if (trace.All.Contains("not a dynamic executable")) return;
                var loader = new HashSet<string>();
                foreach (string line in trace.All.Split('\n'))
                {
                    Match v = s_version.Match(line.Trim());
                    if (v.Success && v.Groups[3].Value == name) loader.Add("version " + Path.GetFileName(v.Groups[1].Value) + " " + v.Groups[2].Value);
                    Match m = s_missing.Match(line.TrimEnd());
                    if (m.Success) loader.Add("library " + m.Groups[1].Value);
                }
                AnalysisResult result = Analyzer.Analyze(new[] { new AnalysisInput(BinaryInspector.Inspect(path)) }, new AnalysisOptions { Baseline = b });
                var ours = new HashSet<string>(result.Findings.Where(f => f.Id == DiagnosticId.VersionMissing && f.Severity == Severity.Error).Select(f => "version " + f.Library + " " + f.Version)
                    .Concat(result.Findings.Where(f => f.Id == DiagnosticId.LibraryMissing).Select(f => "library " + f.Library)));
                var deliberate = new HashSet<string>(result.Findings.Where(f => f.Id == DiagnosticId.PrivateVersion).Select(f => "version " + f.Library + " " + f.Version));
                Interlocked.Increment(ref files);
                if (deliberate.Count > 0) Interlocked.Increment(ref withPrivate);
                var silent = loader.Where(x => !ours.Contains(x) && !deliberate.Contains(x)).ToList();
                var falseAlarm = ours.Where(x => !loader.Contains(x)).ToList();
                if (silent.Count == 0 && falseAlarm.Count == 0) Interlocked.Increment(ref agree);
                if (silent.Count > 0) disagreements.Add("silent " + path + ": " + string.Join(", ", silent));
                if (falseAlarm.Count > 0) disagreements.Add("false  " + path + ": " + string.Join(", ", falseAlarm));
            });
            TestContext.Out.WriteLine(baseline + ": " + files + " files, " + agree + " agree, " + disagreements.Count(d => d.StartsWith("silent")) + " silent, " +
                disagreements.Count(d => d.StartsWith("false")) + " false (" + withPrivate + " with GLIBC_PRIVATE needs, deliberate)");
            Assert.That(files, Is.GreaterThan(100), "a corpus worth the name");
            Assert.That(disagreements, Is.Empty, string.Join("\n", disagreements));
        }
    }
}
