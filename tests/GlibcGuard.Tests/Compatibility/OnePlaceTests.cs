using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// "Runs on" and the matrix are read off the rules' own findings for every built-in baseline (Verdicts); these
    /// tests pin that property: the check against a baseline (messages with fixes) and that baseline's `--matrix`
    /// row (the same rules, without them) decide alike, and "runs on" names no release whose row fails, over every
    /// fixture alone and all of them together (the real packages in RealWorldTests).
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
            Assert.That(Matrix(nixSet).All(r => !r.Passes), Is.True, "GG1015 fails the file on every glibc distro");
            AssertAgree(nixSet);

            var user = RuleTests.Glibc(("libgreet.so.1", "GREET_3.0", 0, "greet_v3"));
            var besideSet = new[] { new AnalysisInput(BinaryInspector.Inspect(user.Build(), "app")), new AnalysisInput(BinaryInspector.Inspect(Repo.Fixture("libgreet.so.1"))) };
            Assert.That(Matrix(besideSet).Select(r => r.Reason), Has.All.Contains("libgreet.so.1 beside it does not define"));
            AssertAgree(besideSet);
        }

        /// <summary>
        /// A library outside the baseline's minimal install that the set does not ship keeps nothing from loading
        /// what is installed: the row passes with that library as its condition, "runs on" says so, and shipping the
        /// library beside the file removes the condition.
        /// </summary>
        [Test]
        public void A_library_the_target_lacks_makes_runs_on_conditional_not_false()
        {
            var app = RuleTests.Glibc(("libc.so.6", "GLIBC_2.2.5", 0, "puts"));
            app.Needed.Add("libsasl2.so.3");
            var alone = new[] { new AnalysisInput(BinaryInspector.Inspect(app.Build(), "app")) };
            BaselineCatalog.TryGet("debian11", out Baseline debian11);
            AnalysisResult result = Analyzer.Analyze(alone, new AnalysisOptions { Baseline = debian11 });
            Assert.That(result.Findings.Single(f => f.Id == DiagnosticId.LibraryMissing).Library, Is.EqualTo("libsasl2.so.3"));
            MatrixRow row = result.Matrix.Single(r => r.Baseline.Id == "debian11");
            Assert.That((row.Passes, row.Requires), Is.EqualTo((true, (IReadOnlyList<string>)new[] { "libsasl2.so.3" })));
            Assert.That(result.RunsOn, Has.Some.Match("^Debian 1[01]\\+ with libsasl2\\.so\\.3 installed$"), string.Join(", ", result.RunsOn));
            Assert.That(result.RunsOnFor(alone[0]), Is.EqualTo(result.RunsOn), "a set of one file runs where the file runs");
            AssertAgree(alone);

            var lib = new ElfImageBuilder { Soname = "libsasl2.so.3" };
            var shipped = new[] { alone[0], new AnalysisInput(BinaryInspector.Inspect(lib.Build(), "libsasl2.so.3")) };
            AnalysisResult withLib = Analyzer.Analyze(shipped, new AnalysisOptions { Baseline = debian11 });
            Assert.That(withLib.Matrix.Where(r => r.Passes).SelectMany(r => r.Requires), Is.Empty);
            Assert.That(withLib.RunsOn, Has.None.Contains("installed"));
        }

        /// <summary>The matrix of a set checked against the default baseline (every row is judged whatever the baseline).</summary>
        internal static IReadOnlyList<MatrixRow> Matrix(IReadOnlyList<AnalysisInput> files)
        {
            BaselineCatalog.TryGet(BaselineCatalog.DefaultId, out Baseline b);
            return Analyzer.Analyze(files, new AnalysisOptions { Baseline = b }).Matrix;
        }

        internal static void AssertAgree(IReadOnlyList<AnalysisInput> files)
        {
            IReadOnlyList<MatrixRow> matrix = Matrix(files);
            foreach (MatrixRow row in matrix)
            {
                AnalysisResult result = Analyzer.Analyze(files, new AnalysisOptions { Baseline = row.Baseline });
                string errors = string.Join("\n", result.Findings.Where(f => f.Severity == Severity.Error));
                Assert.That(row.Passes, Is.EqualTo(!result.HasErrors), row.Baseline.Id + ": matrix says " + (row.Reason ?? "runs") + "; the check says\n" + errors);
                foreach (string label in result.RunsOn)
                {
                    // "RHEL 9+" names RHEL 9 and every later RHEL baseline; "Ubuntu 22.04" that one alone.
                    string plain = System.Text.RegularExpressions.Regex.Replace(label, " with .* installed$", "").TrimEnd('+');
                    List<MatrixRow> family = matrix.Where(r => r.Baseline.RunsOnFamily == matrix.First(m => m.Baseline.RunsOnLabel == plain).Baseline.RunsOnFamily).ToList();
                    int first = family.FindIndex(r => r.Baseline.RunsOnLabel == plain);
                    var named = label.EndsWith("+") ? family.Skip(first) : family.Skip(first).Where(r => r.Baseline.RunsOnLabel == plain);
                    Assert.That(named.Where(r => !r.Passes).Select(r => r.Baseline.Id), Is.Empty, "\"runs on\" names " + label + " while those rows fail");
                }
            }
        }
    }
}
