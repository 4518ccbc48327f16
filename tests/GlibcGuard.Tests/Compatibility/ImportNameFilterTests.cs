using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Inputs;
using static GlibcGuard.Tests.Infrastructure.TestData;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// A check keeps only the symbol names a report on its baseline can show (<see cref="ImportNameFilter"/>): what it
    /// reports must be what it reports with every name kept, and it must keep less.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    public class ImportNameFilterTests
    {
        private static readonly string[] s_baselines = { "centos7", "centos8", "centos9", "debian11", "ubuntu20.04", "amazonlinux2", "glibc-2.17" };

        // This machine's libraries (Debian 12: needs from GLIBC_2.2.5 to GLIBC_2.36, libstdc++, libz's blacklisted
        // internals on some baselines), read once with every name kept.
        private static readonly System.Lazy<List<InputRequest>> s_libraries = new System.Lazy<List<InputRequest>>(() =>
        {
            var missing = new List<string>();
            List<InputRequest> requests = InputPaths.Expand(new[] { "/usr/lib/x86_64-linux-gnu" }, missing);
            Assert.That(missing, Is.Empty);
            return requests.Where(r => Path.GetFileName(r.Path).Contains(".so")).ToList();
        });

        private static List<AnalysisInput> Read(ImportNameFilter? names) =>
            InputInspector.ReadAll(s_libraries.Value, new ReadBudget(), null, names).SelectMany(r => r).ToList();

        private static int NamesKept(IEnumerable<AnalysisInput> files) =>
            files.Sum(f => f.Facts.Error is null ? f.Facts.VersionNeeds.Sum(l => l.Versions.Sum(v => v.HasSymbols ? v.Symbols.Count : 0)) : 0);

        [Test]
        public void Every_report_on_this_machines_libraries_is_the_one_with_every_name_kept()
        {
            List<AnalysisInput> all = Read(null);
            Assert.That(all.Count, Is.GreaterThan(200), "the libraries of a Debian 12 machine");
            int allNames = NamesKept(all);
            foreach (string id in s_baselines)
            {
                Baseline baseline = B(id);
                List<AnalysisInput> kept = Read(new ImportNameFilter(baseline));
                int keptNames = NamesKept(kept);
                Assert.That(keptNames, Is.LessThan(allNames / 2), id + ": most names are of versions the baseline has");

                AnalysisResult expected = Analyzer.Analyze(all, new AnalysisOptions { Baseline = baseline });
                AnalysisResult actual = Analyzer.Analyze(kept, new AnalysisOptions { Baseline = baseline });
                Assert.That(actual.Findings.Count, Is.EqualTo(expected.Findings.Count), id);
                Assert.That(expected.Findings.Count(f => f.Symbols.Count > 0), Is.GreaterThan(0), id + ": findings that list symbols");
                for (int i = 0; i < expected.Findings.Count; i++)
                {
                    Finding e = expected.Findings[i], a = actual.Findings[i];
                    Assert.That(a, Is.EqualTo(e), id + ": " + e.Code + " " + e.File + " " + e.Version);
                    Assert.That(a.Message, Is.EqualTo(e.Message), id + ": " + e.File);
                    Assert.That(a.Reason, Is.EqualTo(e.Reason), id + ": " + e.File);
                }
                Assert.That(actual.RunsOn, Is.EqualTo(expected.RunsOn), id);
                Assert.That(actual.Matrix.Select(r => r.Reason + "|" + string.Join(",", r.Requires)),
                    Is.EqualTo(expected.Matrix.Select(r => r.Reason + "|" + string.Join(",", r.Requires))), id);
                for (int i = 0; i < all.Count; i++)
                {
                    Assert.That(actual.RunsOnFor(kept[i]), Is.EqualTo(expected.RunsOnFor(all[i])), id + ": " + all[i].Facts.Path);
                }
                TestContext.Out.WriteLine(id + ": " + keptNames + " of " + allNames + " names kept, " + expected.Findings.Count + " findings");
            }
        }

        [Test]
        public void Names_left_unread_are_read_again_when_a_copy_beside_the_file_lacks_the_version()
        {
            // centos9 has GLIBCXX_3.4.21, so the reader leaves the app's names of it unread; the libstdc++.so.6 shipped
            // beside it defines no versions at all, and the finding that says so lists the symbols.
            string folder = Infrastructure.Repo.TempDir("beside");
            var app = RuleTests.Glibc(("libc.so.6", "GLIBC_2.2.5", 0, "puts"), ("libstdc++.so.6", "GLIBCXX_3.4.21", 0, "_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_createERmm"));
            File.WriteAllBytes(Path.Combine(folder, "app"), app.Build());
            File.WriteAllBytes(Path.Combine(folder, "libstdc++.so.6"), new Infrastructure.ElfImageBuilder { Soname = "libstdc++.so.6" }.Build());
            Baseline centos9 = B("centos9");
            var missing = new List<string>();
            List<InputRequest> requests = InputPaths.Expand(new[] { folder }, missing);
            List<AnalysisInput> files = InputInspector.ReadAll(requests, new ReadBudget(), null, new ImportNameFilter(centos9)).SelectMany(r => r).ToList();
            VersionNeedFacts need = files.Single(f => f.FileName == "app").Facts.VersionNeeds.Single(l => l.Library == "libstdc++.so.6").Versions.Single();
            Assert.That(need.HasSymbols, Is.False, "left unread: the baseline has the version");

            Finding f = Analyzer.Analyze(files, new AnalysisOptions { Baseline = centos9 }).Findings.Single(x => x.Id == DiagnosticId.VersionMissing);
            Assert.That(f.Message, Does.Contain("libstdc++.so.6 shipped beside it does not define that version"));
            Assert.That(f.Symbols, Is.EqualTo(new[] { "_ZNSt7__cxx1112basic_stringIcSt11char_traitsIcESaIcEE9_M_createERmm" }), "read again for the finding");
            List<AnalysisInput> all = InputInspector.ReadAll(requests, new ReadBudget()).SelectMany(r => r).ToList();
            Assert.That(Analyzer.Analyze(all, new AnalysisOptions { Baseline = centos9 }).Findings.Select(x => x.Message),
                Is.EqualTo(Analyzer.Analyze(files, new AnalysisOptions { Baseline = centos9 }).Findings.Select(x => x.Message)));
        }

        [Test]
        public void A_blacklisted_name_is_kept_and_found_where_the_version_is_present()
        {
            // aarch64 centos7 defines GLIBC_2.18 nodes but not __cxa_thread_atexit_impl (GG1013).
            var b = RuleTests.Glibc(("libc.so.6", "GLIBC_2.17", 0, "puts"), ("libc.so.6", "GLIBC_2.18", 0, "__cxa_thread_atexit_impl"),
                ("libc.so.6", "GLIBC_2.18", 0, "some_other_symbol"), ("libstdc++.so.6", "GLIBCXX_3.4", 0, "_ZSt4cout"));
            b.Machine = 183;
            b.Interpreter = "/lib/ld-linux-aarch64.so.1";
            byte[] image = b.Build();
            Baseline centos7 = B("centos7");
            BinaryFacts facts = BinaryInspector.Inspect(image, "libtls.so", new ImportNameFilter(centos7));
            var names = facts.VersionNeeds.SelectMany(l => l.Versions).Select(v => v.Name + ":" + string.Join(",", v.HasSymbols ? v.Symbols : new SymbolNames())).ToList();
            Assert.That(names, Is.EqualTo(new[] { "GLIBC_2.17:", "GLIBC_2.18:__cxa_thread_atexit_impl", "GLIBC_2.18:", "GLIBCXX_3.4:" }),
                "of versions centos7 has, only blacklisted names");
            Assert.That(facts.VersionNeeds.Single(l => l.Library == "libstdc++.so.6").Versions.Single().NamesFiltered, Is.True,
                "a copy of libstdc++.so.6 beside the file may lack the version: marked to be read again");

            Finding f = Analyzer.Analyze(new[] { new AnalysisInput(facts) }, new AnalysisOptions { Baseline = centos7 }).Findings.Single(x => x.Severity == Severity.Error);
            Assert.That(f.Id, Is.EqualTo(DiagnosticId.SymbolMissing));
            Assert.That(f.Symbols, Is.EqualTo(new[] { "__cxa_thread_atexit_impl" }));

            // Against a baseline that lacks the version (x86_64 centos7 has no GLIBC_2.18), every name is kept.
            b.Machine = 62;
            b.Interpreter = "/lib64/ld-linux-x86-64.so.2";
            BinaryFacts x64 = BinaryInspector.Inspect(b.Build(), "libtls.so", new ImportNameFilter(centos7));
            Finding missing = Analyzer.Analyze(new[] { new AnalysisInput(x64) }, new AnalysisOptions { Baseline = centos7 }).Findings
                .Single(x => x.Id == DiagnosticId.VersionMissing && x.Symbols.Contains("some_other_symbol"));
            Assert.That(missing.Version, Is.EqualTo("GLIBC_2.18"));
            Assert.That(BinaryInspector.Inspect(image, "libtls.so").VersionNeeds.SelectMany(l => l.Versions).Sum(v => v.Symbols.Count), Is.EqualTo(4),
                "without a filter, every name");
        }
    }
}
