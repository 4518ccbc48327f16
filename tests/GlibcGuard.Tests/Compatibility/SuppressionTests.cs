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

        [TestCase("a/**/b", "a/b", true)]
        [TestCase("a/**/b", "a/x/y/b", true)]
        [TestCase("a/*/b", "a/x/y/b", false)]
        [TestCase("**", "x/y", true)]
        [TestCase("*.so", "lib/x.so", false)]
        [TestCase("lib?.so", "libm.so", true)]
        [TestCase("", "", true)]
        [TestCase("", "a", false)]
        public void Path_globs_cross_folders_only_with_two_stars(string pattern, string text, bool matches)
        {
            Assert.That(new Glob(pattern, path: true, ignoreCase: false).IsMatch(text), Is.EqualTo(matches));
        }

        /// <summary>
        /// The matcher against a regular expression written from the same rules, over random patterns and names from
        /// a small alphabet (so that stars, folders and case meet often). The seed is fixed; a failure prints it.
        /// </summary>
        [Test]
        public void Globs_match_what_the_equivalent_regular_expression_matches()
        {
            const int Seed = 20261204;
            var random = new Random(Seed);
            const string PatternChars = "aB/*?.";
            const string TextChars = "abAB/.";
            for (int n = 0; n < 3000; n++)
            {
                string pattern = new string(Enumerable.Range(0, random.Next(0, 7)).Select(_ => PatternChars[random.Next(PatternChars.Length)]).ToArray());
                string text = new string(Enumerable.Range(0, random.Next(0, 9)).Select(_ => TextChars[random.Next(TextChars.Length)]).ToArray());
                bool path = random.Next(2) == 0, ignoreCase = random.Next(2) == 0;
                bool expected = Oracle(pattern, path, ignoreCase).IsMatch(text);
                Assert.That(new Glob(pattern, path, ignoreCase).IsMatch(text), Is.EqualTo(expected),
                    "'" + pattern + "' against '" + text + "' (path " + path + ", ignore case " + ignoreCase + "; seed " + Seed + ", case " + n + ")");
            }
        }

        private static System.Text.RegularExpressions.Regex Oracle(string pattern, bool path, bool ignoreCase)
        {
            var sb = new System.Text.StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '*' && path && i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    sb.Append("(?s:.*)");
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/') i++;
                }
                else if (c == '*') sb.Append(path ? "[^/]*" : "(?s:.*)");
                else if (c == '?') sb.Append("(?s:.)");
                else sb.Append(System.Text.RegularExpressions.Regex.Escape(c.ToString()));
            }
            var options = System.Text.RegularExpressions.RegexOptions.CultureInvariant;
            if (ignoreCase) options |= System.Text.RegularExpressions.RegexOptions.IgnoreCase;
            return new System.Text.RegularExpressions.Regex(sb.Append("$").ToString(), options);
        }

        [TestCase("GG1001", "GG1001")]
        [TestCase("gg10*", "GG10*")]
        [TestCase("1001", "GG1001")]
        [TestCase(" 10?1 ", "GG10?1")]
        [TestCase("GG", null)]
        [TestCase("", null)]
        [TestCase("GG10a1", null)]
        [TestCase("XX1001", null)]
        public void Codes_are_normalized_or_refused(string written, string? canonical)
        {
            Assert.That(Suppression.NormalizeCode(written), Is.EqualTo(canonical));
        }

        [Test]
        public void Comments_blank_lines_and_errors_with_line_numbers()
        {
            Assert.That(Suppression.ParseFile("# header\n\nGG1004 * liblttng-ust.so.0  # tracing is optional\n", "s.txt"), Has.Count.EqualTo(1));
            var e = Assert.Throws<FormatException>(() => Suppression.ParseFile("GG1001 *\nnot-a-code x\n", "s.txt"))!;
            Assert.That(e.Message, Does.StartWith("s.txt(2): expected 'CODE PATH-GLOB"));
        }
    }
}
