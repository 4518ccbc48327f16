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
        public void Comments_blank_lines_and_errors_with_line_numbers()
        {
            Assert.That(Suppression.ParseFile("# header\n\nGG1004 * liblttng-ust.so.0  # tracing is optional\n", "s.txt"), Has.Count.EqualTo(1));
            var e = Assert.Throws<FormatException>(() => Suppression.ParseFile("GG1001 *\nnot-a-code x\n", "s.txt"))!;
            Assert.That(e.Message, Does.StartWith("s.txt(2): expected 'CODE PATH-GLOB"));
        }
    }
}
