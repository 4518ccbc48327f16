using System;
using System.Linq;
using GlibcGuard.Compatibility;

namespace GlibcGuard.Tests.Compatibility
{
    [TestFixture]
    public class SuppressionTests
    {
        private static readonly Finding s_version = new Finding(DiagnosticId.VersionMissing, Severity.Error, "publish/runtimes/linux-x64/native/libe_sqlite3.so",
            "needs GLIBC_2.29", null, "libm.so.6", "GLIBC_2.29", new[] { "exp", "log", "pow" });

        [TestCase("GG1001 *", true)]
        [TestCase("GG1001 libe_sqlite3.so", true)]
        [TestCase("GG1001 lib*.so libm.so.6 GLIBC_2.2?", true)]
        [TestCase("GG1001 **/native/*.so", true)]
        [TestCase("GG1001 publish/*.so", false)]
        [TestCase("GG1004 *", false)]
        [TestCase("GG1001 * libc.so.6", false)]
        [TestCase("1001 *", true)]
        public void Code_path_library_and_version_match_with_wildcards(string line, bool suppressed)
        {
            Suppression s = Suppression.ParseFile(line, "x").Single();
            Assert.That(s.Apply(s_version) is null, Is.EqualTo(suppressed));
        }

        [Test]
        public void A_symbol_suppression_removes_symbols_until_none_are_left()
        {
            Suppression s = Suppression.ParseFile("GG1001 * libm.so.6 GLIBC_2.29 lo*", "x").Single();
            Assert.That(s.Apply(s_version)!.Symbols, Is.EqualTo(new[] { "exp", "pow" }));
            Suppression all = Suppression.ParseFile("GG1001 * * * *", "x").Single();
            Assert.That(all.Apply(s_version), Is.Null);
        }

        [Test]
        public void The_message_follows_a_symbol_suppression()
        {
            // A real finding: the pie fixture under centos7 needs GLIBC_2.34 for several symbols.
            var input = new AnalysisInput(BinaryInspector.Inspect(Infrastructure.Repo.Fixture("gcc-x86_64-newglibc")));
            Finding original = Analyzer.Analyze(new[] { input }, new AnalysisOptions { Baseline = Baseline("centos7") })
                .Findings.First(f => f.Id == DiagnosticId.VersionMissing && f.Symbols.Count >= 2);
            string gone = original.Symbols[0];
            Assert.That(original.Message, Does.Contain(gone));

            Finding kept = new Suppression("GG1001", "*", original.Library, original.Version, gone).Apply(original)!;
            Assert.That(kept.Symbols, Is.EqualTo(original.Symbols.Skip(1)));
            Assert.That(kept.Message, Does.Not.Contain(gone + ",").And.Not.Contain(" " + gone + "."), "the suppressed symbol leaves the text");
            Assert.That(kept.Message, Does.Contain(kept.Symbols.Count == 1 ? ": symbol " + kept.Symbols[0] : ": symbols " + kept.Symbols[0]));
            if (kept.Symbols.Count <= 5) Assert.That(kept.Message, Does.Not.Contain(" more"), "no stale 'and N more'");
            Assert.That(kept.FullMessage, Does.StartWith(kept.Message));
        }

        [Test]
        public void Many_symbols_are_counted_from_what_is_left()
        {
            var f = new Finding(DiagnosticId.VersionMissing, Severity.Error, "app", "app needs GLIBC_2.34" + Finding.SymbolListHere + ".", null,
                "libc.so.6", "GLIBC_2.34", new[] { "a1", "a2", "a3", "a4", "a5", "a6", "a7", "b1" });
            Assert.That(f.Message, Is.EqualTo("app needs GLIBC_2.34: symbols a1, a2, a3, a4, a5 and 3 more."));
            Finding left = new Suppression("GG1001", "*", null, null, "a*").Apply(f)!;
            Assert.That(left.Message, Is.EqualTo("app needs GLIBC_2.34: symbol b1."));
        }

        [Test]
        public void Symbol_library_and_version_globs_are_case_sensitive()
        {
            Assert.That(new Suppression("GG1001", "*", null, null, "EXP").Apply(s_version)!.Symbols, Is.EqualTo(new[] { "exp", "log", "pow" }), "C symbols are case-sensitive");
            Assert.That(new Suppression("GG1001", "*", "LIBM.so.6").Apply(s_version), Is.Not.Null);
            Assert.That(new Suppression("gg1001", "PUBLISH/**/LIBE_SQLITE3.SO").Apply(s_version), Is.Null, "codes and paths ignore case");
        }

        private static Baseline Baseline(string id) => BaselineCatalog.TryGet(id, out Baseline b) ? b : throw new ArgumentException(id);

        [Test]
        public void Comments_blank_lines_and_errors_with_line_numbers()
        {
            Assert.That(Suppression.ParseFile("# header\n\nGG1004 * liblttng-ust.so.0  # tracing is optional\n", "s.txt"), Has.Count.EqualTo(1));
            var e = Assert.Throws<FormatException>(() => Suppression.ParseFile("GG1001 *\nnot-a-code x\n", "s.txt"))!;
            Assert.That(e.Message, Does.StartWith("s.txt(2): expected 'CODE PATH-GLOB"));
        }
    }
}
