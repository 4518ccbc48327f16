using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// The verdict for a baseline, that baseline's `--matrix` row and "runs on" never disagree: over every fixture
    /// alone and all of them together, for every built-in baseline (the real packages in RealWorldTests).
    /// </summary>
    [TestFixture]
    public class OnePlaceTests
    {
        public static IEnumerable<TestCaseData> Sets()
        {
            string[] names = Directory.GetFiles(Repo.FixtureDir).Where(GlibcGuard.Elf.ElfFile.IsElfFile).Select(Path.GetFileName).OrderBy(n => n).ToArray()!;
            foreach (string name in names)
            {
                yield return new TestCaseData((object)new[] { name }).SetName("{m}(" + name + ")");
            }
            yield return new TestCaseData((object)names).SetName("{m}(all fixtures)");
        }

        [TestCaseSource(nameof(Sets))]
        public void Verdict_matrix_row_and_runs_on_agree(string[] fixtures) =>
            AssertAgree(fixtures.Select(n => new AnalysisInput(BinaryInspector.Inspect(Repo.Fixture(n)))).ToList());

        /// <summary>The two cases where the matrix and "runs on" used to pass a set the check failed.</summary>
        [Test]
        public void A_foreign_loader_path_and_a_beside_library_without_the_version_fail_the_row_too()
        {
            var nix = RuleTests.Glibc(("libc.so.6", "GLIBC_2.2.5", 0, "puts"));
            nix.Interpreter = "/nix/store/abc-glibc-2.38/lib/ld-linux-x86-64.so.2";
            var nixSet = new[] { new AnalysisInput(BinaryInspector.Inspect(nix.Build(), "nixapp")) };
            Assert.That(Analyzer.Matrix(nixSet).All(r => !r.Passes), Is.True, "GG1015 fails the file on every glibc distro");
            AssertAgree(nixSet);

            var user = RuleTests.Glibc(("libgreet.so.1", "GREET_3.0", 0, "greet_v3"));
            var besideSet = new[] { new AnalysisInput(BinaryInspector.Inspect(user.Build(), "app")), new AnalysisInput(BinaryInspector.Inspect(Repo.Fixture("libgreet.so.1"))) };
            Assert.That(Analyzer.Matrix(besideSet).Select(r => r.Reason), Has.All.Contains("libgreet.so.1 beside it does not define"));
            AssertAgree(besideSet);
        }

        internal static void AssertAgree(IReadOnlyList<AnalysisInput> files)
        {
            IReadOnlyList<MatrixRow> matrix = Analyzer.Matrix(files);
            foreach (MatrixRow row in matrix)
            {
                AnalysisResult result = Analyzer.Analyze(files, new AnalysisOptions { Baseline = row.Baseline });
                string errors = string.Join("\n", result.Findings.Where(f => f.Severity == Severity.Error));
                Assert.That(row.Passes, Is.EqualTo(!result.HasErrors), row.Baseline.Id + ": matrix says " + (row.Reason ?? "runs") + "; the check says\n" + errors);
                foreach (string label in result.RunsOn)
                {
                    // "RHEL 9+" names RHEL 9 and every later RHEL baseline; "Ubuntu 22.04" that one alone.
                    string plain = label.TrimEnd('+');
                    List<MatrixRow> family = matrix.Where(r => r.Baseline.RunsOnFamily == matrix.First(m => m.Baseline.RunsOnLabel == plain).Baseline.RunsOnFamily).ToList();
                    int first = family.FindIndex(r => r.Baseline.RunsOnLabel == plain);
                    var named = label.EndsWith("+") ? family.Skip(first) : family.Skip(first).Where(r => r.Baseline.RunsOnLabel == plain);
                    Assert.That(named.Where(r => !r.Passes).Select(r => r.Baseline.Id), Is.Empty, "\"runs on\" names " + label + " while those rows fail");
                }
            }
        }
    }
}
