using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Elf;
using GlibcGuard.Tests.Infrastructure;
using static GlibcGuard.Tests.Infrastructure.TestData;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>Each rule on real fixtures or on images made for it.</summary>
    [TestFixture]
    public class RuleTests
    {
        private static AnalysisInput Image(ElfImageBuilder builder, string name) => new AnalysisInput(BinaryInspector.Inspect(builder.Build(), name));

        private static AnalysisResult Analyze(string baseline, params AnalysisInput[] files) =>
            Analyzer.Analyze(files, new AnalysisOptions { Baseline = B(baseline) });

        internal static ElfImageBuilder Glibc(params (string Library, string Version, ushort Flags, string Symbol)[] needs)
        {
            var b = new ElfImageBuilder { Interpreter = "/lib64/ld-linux-x86-64.so.2" };
            ushort index = 2;
            foreach (var group in needs.GroupBy(n => n.Library))
            {
                b.Needed.Add(group.Key);
                var versions = new List<(string, ushort, ushort)>();
                foreach (var n in group)
                {
                    versions.Add((n.Version, n.Flags, index));
                    b.Imports.Add((n.Symbol, index, false));
                    index++;
                }
                b.VersionNeeds.Add((group.Key, versions));
            }
            return b;
        }

        [Test]
        public void A_NativeAOT_binary_built_here_fails_centos8_and_passes_centos9()
        {
            AnalysisResult centos8 = Analyze("centos8", Fixture("dotnet-x86_64-nativeaot"));
            Finding f = centos8.Findings.Single(x => x.Version == "GLIBC_2.34");
            Assert.That(f.Severity, Is.EqualTo(Severity.Error));
            Assert.That(f.Library, Is.EqualTo("libc.so.6"));
            Assert.That(f.Symbols, Does.Contain("pthread_create"));
            Assert.That(f.Message, Does.Contain("It runs on: RHEL 9+, Amazon Linux 2023, Ubuntu 22.04+, Debian 12+."));
            Assert.That(f.Fix, Does.Contain("-p:SysRoot=").And.Contain("NativeAOT"));
            Assert.That(Analyze("centos9", Fixture("dotnet-x86_64-nativeaot")).HasErrors, Is.False);
        }

        [Test]
        public void aarch64_centos7_has_GLIBC_2_18_nodes_but_not_the_symbols_really_added_in_2_18()
        {
            var b = Glibc(("libc.so.6", "GLIBC_2.17", 0, "puts"), ("libc.so.6", "GLIBC_2.18", 0, "__cxa_thread_atexit_impl"));
            b.Machine = 183;
            b.Interpreter = "/lib/ld-linux-aarch64.so.1";
            AnalysisResult result = Analyze("centos7", Image(b, "libtls.so"));
            Finding f = result.Findings.Single(x => x.Severity == Severity.Error);
            Assert.That(f.Id, Is.EqualTo(DiagnosticId.SymbolMissing));
            Assert.That(f.Symbols, Is.EqualTo(new[] { "__cxa_thread_atexit_impl" }));

            var ok = Glibc(("libc.so.6", "GLIBC_2.18", 0, "some_other_symbol"));
            ok.Machine = 183;
            ok.Interpreter = "/lib/ld-linux-aarch64.so.1";
            Assert.That(Analyze("centos7", Image(ok, "libok.so")).HasErrors, Is.False, "GLIBC_2.18 itself exists on aarch64 centos7");
            ok.Machine = 62;
            ok.Interpreter = "/lib64/ld-linux-x86-64.so.2";
            Assert.That(Analyze("centos7", Image(ok, "libok.so")).HasErrors, Is.True, "but not on x86_64");
        }

        [Test]
        public void GLIBC_PRIVATE_is_never_portable()
        {
            var result = Analyze("debian13", Image(Glibc(("libc.so.6", "GLIBC_PRIVATE", 0, "__libc_dlopen_mode")), "libpriv.so"));
            Assert.That(result.Findings.Single().Id, Is.EqualTo(DiagnosticId.PrivateVersion));
        }

        [Test]
        public void A_weak_version_need_is_a_warning_not_an_error()
        {
            var result = Analyze("centos8", Image(Glibc(("libc.so.6", "GLIBC_2.2.5", 0, "puts"), ("libc.so.6", "GLIBC_2.38", 2, "__isoc23_strtol")), "libweak.so"));
            Finding f = result.Findings.Single();
            Assert.That(f.Id, Is.EqualTo(DiagnosticId.WeakVersionMissing));
            Assert.That(f.Severity, Is.EqualTo(Severity.Warning));
            Assert.That(result.HasErrors, Is.False);
        }

        [Test]
        public void Needs_on_the_dynamic_loader_count_like_any_other()
        {
            var result = Analyze("centos9", Image(Glibc(("ld-linux-x86-64.so.2", "GLIBC_2.35", 0, "_dl_find_object")), "libunwinder.so"));
            Finding f = result.Findings.Single();
            Assert.That(f.Id, Is.EqualTo(DiagnosticId.VersionMissing));
            Assert.That(f.Library, Is.EqualTo("ld-linux-x86-64.so.2"));
            Assert.That(f.Symbols, Is.EqualTo(new[] { "_dl_find_object" }));
        }

        [Test]
        public void Version_nodes_that_never_existed_are_missing_even_below_the_baselines_glibc()
        {
            // GLIBC 2.19 to 2.21 created no version nodes on x86_64.
            var result = Analyze("centos9", Image(Glibc(("libc.so.6", "GLIBC_2.20", 0, "imaginary")), "libodd.so"));
            Assert.That(result.Findings.Single().Id, Is.EqualTo(DiagnosticId.VersionMissing));
            // A custom baseline compares numbers, so there it is "present".
            Assert.That(Analyze("glibc-2.34", Image(Glibc(("libc.so.6", "GLIBC_2.20", 0, "imaginary")), "libodd.so")).HasErrors, Is.False);
        }

        [Test]
        public void Cxx_families_are_checked_per_baseline()
        {
            AnalysisInput cpp = Fixture("gxx-x86_64-cpp");
            var centos7 = Analyze("centos7", cpp).Findings.Where(f => f.Id == DiagnosticId.VersionMissing).Select(f => f.Version).ToList();
            Assert.That(centos7, Does.Contain("GLIBCXX_3.4.21"));
            Assert.That(Analyze("centos8", cpp).Findings.Where(f => f.Id == DiagnosticId.VersionMissing).Select(f => f.Version), Is.EquivalentTo(new[] { "GLIBC_2.34" }));
        }

        [Test]
        public void A_library_the_baseline_lacks_is_named_unless_the_set_ships_it()
        {
            var b = Glibc(("libc.so.6", "GLIBC_2.2.5", 0, "puts"));
            b.Needed.Add("libssl.so.3");
            b.Needed.Add("liblttng-ust.so.0");
            AnalysisResult centos8 = Analyze("centos8", Image(b, "libnet.so"));
            Assert.That(centos8.Findings.Where(f => f.Id == DiagnosticId.LibraryMissing).Select(f => f.Library), Is.EquivalentTo(new[] { "libssl.so.3", "liblttng-ust.so.0" }));
            Assert.That(Analyze("centos9", Image(b, "libnet.so")).Findings.Select(f => f.Library), Is.EquivalentTo(new[] { "liblttng-ust.so.0" }));

            var lttng = new ElfImageBuilder { Soname = "liblttng-ust.so.0" };
            AnalysisResult shipped = Analyze("centos9", Image(b, "libnet.so"), Image(lttng, "lib/liblttng-ust.so.0"));
            Assert.That(shipped.Findings, Is.Empty);
        }

        [Test]
        public void A_library_shipped_beside_the_file_must_define_the_versions_it_needs()
        {
            AnalysisResult ok = Analyze("centos9", Fixture("gcc-x86_64-rpath"), Fixture("libgreet.so.1"));
            Assert.That(ok.Findings.Where(f => f.Library == "libgreet.so.1"), Is.Empty);

            var user = Glibc(("libgreet.so.1", "GREET_3.0", 0, "greet_v3"));
            AnalysisResult bad = Analyze("centos9", Image(user, "app"), Fixture("libgreet.so.1"));
            Finding f = bad.Findings.Single();
            Assert.That(f.Id, Is.EqualTo(DiagnosticId.VersionMissing));
            Assert.That(f.Message, Does.Contain("libgreet.so.1 shipped beside it does not define that version"));

            // A weak need is GG1003, a warning, whoever lacks the version: the baseline or the copy beside the file.
            AnalysisResult weak = Analyze("centos9", Image(Glibc(("libgreet.so.1", "GREET_3.0", 2, "greet_v3")), "app"), Fixture("libgreet.so.1"));
            Finding w = weak.Findings.Single();
            Assert.That(w.Id, Is.EqualTo(DiagnosticId.WeakVersionMissing));
            Assert.That(w.Severity, Is.EqualTo(Severity.Warning));
            Assert.That(w.Message, Does.Contain("app has a weak need for GREET_3.0 from libgreet.so.1, but the libgreet.so.1 shipped beside it does not define that version"));
        }

        [Test]
        public void A_library_beside_the_file_provides_only_for_its_own_machine()
        {
            // The aarch64 libgreet.so.1 (same soname) cannot be loaded into the x86_64 program: it is no provider,
            // and the library is not on a stock install either.
            AnalysisResult wrongArch = Analyze("centos9", Fixture("gcc-x86_64-rpath"), Fixture("libgreet-aarch64.so.1"));
            Assert.That(wrongArch.Findings.Where(f => f.File.EndsWith("gcc-x86_64-rpath")).Select(f => f.Id),
                Is.EquivalentTo(new[] { DiagnosticId.LibraryMissing }), string.Join("\n", wrongArch.Findings));
            Assert.That(wrongArch.Findings.Single(f => f.Id == DiagnosticId.LibraryMissing).Library, Is.EqualTo("libgreet.so.1"));

            // With the x86_64 copy as well (listed second), that one serves.
            AnalysisResult both = Analyze("centos9", Fixture("gcc-x86_64-rpath"), Fixture("libgreet-aarch64.so.1"), Fixture("libgreet.so.1"));
            Assert.That(both.Findings.Where(f => f.File.EndsWith("gcc-x86_64-rpath")), Is.Empty, string.Join("\n", both.Findings));
        }

        [Test]
        public void An_interpreter_outside_the_standard_loader_path_is_named()
        {
            var b = Glibc(("libc.so.6", "GLIBC_2.2.5", 0, "puts"));
            b.Interpreter = "/nix/store/abc-glibc-2.38/lib/ld-linux-x86-64.so.2";
            Finding f = Analyze("debian13", Image(b, "nixapp")).Findings.Single();
            Assert.That(f.Id, Is.EqualTo(DiagnosticId.NonstandardInterpreter));
            Assert.That(f.Fix, Does.Contain("patchelf --set-interpreter /lib64/ld-linux-x86-64.so.2"));
            Assert.That(Analyze("debian13", Fixture("gcc-x86_64-pie")).Findings, Is.Empty);
            Assert.That(Analyze("debian13", Fixture("gcc-aarch64-pie")).Findings, Is.Empty);
            Assert.That(Analyze("debian13", Fixture("gcc-s390x-pie")).Findings, Is.Empty);
        }

        [Test]
        public void A_libc_shipped_beside_the_file_does_not_satisfy_its_needs()
        {
            var libc = new ElfImageBuilder { Soname = "libc.so.6" };
            AnalysisResult result = Analyze("centos8", Fixture("gcc-x86_64-pie"), Image(libc, "lib/libc.so.6"));
            Assert.That(result.Findings.Single(f => f.Id == DiagnosticId.VersionMissing).Version, Is.EqualTo("GLIBC_2.34"),
                "the system's loader loads the system's libc, whatever is shipped");
        }

        [Test]
        public void Help_links_are_the_repository_url_written_in_one_place()
        {
            string props = File.ReadAllText(Path.Combine(Repo.Root, "Directory.Build.props"));
            string url = System.Text.RegularExpressions.Regex.Match(props, "<RepositoryUrl>(.+?)</RepositoryUrl>").Groups[1].Value;
            Assert.That(url, Does.StartWith("https://"));
            Assert.That(DiagnosticId.VersionMissing.HelpLink(), Is.EqualTo(url + "/blob/main/docs/diagnostics.md#gg1001"));
            // No source, script or build file writes the address a second time.
            var elsewhere = Directory.EnumerateFiles(Repo.Root, "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && !f.Contains("/artifacts/") && !f.Contains("/.git/") && !f.Contains("/fixtures/"))
                .Where(f => new[] { ".cs", ".props", ".targets", ".csproj", ".sh", ".json" }.Contains(Path.GetExtension(f)))
                .Where(f => !f.EndsWith("Directory.Build.props") && File.ReadAllText(f).Contains(url))
                .ToList();
            Assert.That(elsewhere, Is.Empty);
        }

        /// <summary>
        /// The registry and docs/diagnostics.md say the same of every code: a "## GGnnnn" section whose bold first words
        /// are the registry's title and whose parenthesis names the default severity first and every other severity
        /// the registry allows (the cases where it differs are the docs' to explain).
        /// </summary>
        [Test]
        public void Every_code_is_declared_once_and_its_documentation_says_the_same()
        {
            string docs = File.ReadAllText(Path.Combine(Repo.Root, "docs", "diagnostics.md")).Replace("\r\n", "\n");
            Assert.That(Diagnostics.All.Select(d => d.Id), Is.EquivalentTo(System.Enum.GetValues<DiagnosticId>()), "every code is in the registry, once");
            var sections = System.Text.RegularExpressions.Regex.Matches(docs, @"^## (GG\d{4})\n\n\*\*(.+?)\*\* \(([^)]*)\)", System.Text.RegularExpressions.RegexOptions.Multiline | System.Text.RegularExpressions.RegexOptions.Singleline)
                .ToDictionary(m => m.Groups[1].Value, m => (Title: m.Groups[2].Value.Replace("\n", " "), Severity: m.Groups[3].Value.Replace("\n", " ")));
            foreach (Diagnostic d in Diagnostics.All)
            {
                Assert.That(sections.ContainsKey(d.Code), Is.True, d.Code + " has a section that starts with its bold title and severity");
                var (title, severity) = sections[d.Code];
                Assert.That(title, Is.EqualTo(d.Title), d.Code);
                string[] words = System.Text.RegularExpressions.Regex.Matches(severity, @"\b(error|warning|info)\b").Select(m => m.Value).ToArray();
                Assert.That(words.FirstOrDefault(), Is.EqualTo(d.Severity.ToString().ToLowerInvariant()), d.Code + ": the default severity comes first: " + severity);
                Assert.That(words.Distinct().OrderBy(w => w), Is.EqualTo(d.Also.Append(d.Severity).Select(x => x.ToString().ToLowerInvariant()).Distinct().OrderBy(w => w)),
                    d.Code + ": every severity the registry allows, and no other, is documented: " + severity);
                Assert.That(d.HelpLink, Does.EndWith("#" + d.Code.ToLowerInvariant()));
            }
            Assert.That(sections.Keys, Is.EquivalentTo(Diagnostics.All.Select(d => d.Code)), "no section for a code the registry does not declare");
        }

        /// <summary>
        /// Every finding the rules make, over every fixture and the real-world sets of these tests, on every built-in
        /// baseline with and without a .NET app, has a severity the registry declares for its code; and the CLI's
        /// own lines are built from the registry (no hand-written "glibcguard: error GGnnnn" left in the source).
        /// </summary>
        [Test]
        public void Every_severity_used_is_one_the_registry_declares()
        {
            var files = Repo.AllFixtures().Select(f => new AnalysisInput(BinaryInspector.Inspect(f))).ToList();
            foreach (Baseline b in BaselineCatalog.All)
            {
                foreach (DotNetApp? app in new[] { null, new DotNetApp { CarriesRuntime = true }, new DotNetApp { CarriesRuntime = true, InvariantGlobalization = false, UsesOpenSsl = true } })
                {
                    Analyzer.Analyze(files, new AnalysisOptions { Baseline = b, DotNetApp = app, DotNetMajorVersion = 10 });
                    foreach (AnalysisInput f in files) Analyzer.Analyze(new[] { f }, new AnalysisOptions { Baseline = b, DotNetApp = app, DotNetMajorVersion = 10 });
                }
            }
            // Under the suite's GLIBCGUARD_STRICT_DIAGNOSTICS=1 an undeclared severity throws out of Analyze; this shows it would.
            Assert.That(() => Diagnostics.Note(DiagnosticId.VersionMissing, Severity.Info), Throws.InvalidOperationException);
            Assert.That(() => Diagnostics.Note(DiagnosticId.ArchitectureNotShipped, Severity.Error), Throws.Nothing);
            var literal = Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && Path.GetFileName(f) != "Diagnostics.cs")
                .Where(f => System.Text.RegularExpressions.Regex.IsMatch(File.ReadAllText(f), @"""glibcguard: (error|warning|info) GG")).ToList();
            Assert.That(literal, Is.Empty, "a CLI message written by hand instead of Diagnostics.Line");
        }

        /// <summary>
        /// The rules decide; the registry words: every finding is made by a builder in Diagnostics.Texts.cs, beside
        /// the codes' declarations, so no rule writes a message, fix or reason of its own.
        /// </summary>
        [Test]
        public void Every_finding_is_worded_by_the_registry()
        {
            var makers = Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && File.ReadAllText(f).Contains("new Finding("))
                .Select(Path.GetFileName).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
            Assert.That(makers, Is.EqualTo(new[] { "Diagnostics.Texts.cs", "Finding.cs" }));
            // And the words are the ones the findings carry: a builder's message, fix and runs-on reason, from its data.
            Finding floor = Diagnostics.RuntimeFloorAboveBaseline(10, "2.27", new List<AnalysisInput>(), B("centos7"));
            Assert.That(floor.Message, Is.EqualTo(".NET 10's runtime needs glibc 2.27 or later (documented; its files here need no more than glibc 2.17 themselves), " +
                "but centos7 (glibc 2.17) is older, so no build of this app can start there."));
            Assert.That(floor.Reason, Is.EqualTo("the .NET runtime needs glibc 2.27"));
            Finding musl = Diagnostics.MuslOnGlibcTarget(Fixture("musl-x86_64-dynamic"), B("centos7"), dotnetPublish: false, words: false);
            Assert.That(musl.Message, Is.Empty, "no words for a verdict nobody reads");
            Assert.That(musl.Reason, Is.EqualTo("musl-x86_64-dynamic is linked against musl"), "a reason made from the finding's own data");
        }

        [Test]
        public void musl_glibc_and_mixed_files_are_told_apart_by_target()
        {
            Assert.That(Analyze("centos9", Fixture("musl-x86_64-dynamic")).Findings.Single().Id, Is.EqualTo(DiagnosticId.MuslOnGlibcTarget));

            var musl = Analyzer.Analyze(new[] { Fixture("gcc-x86_64-pie"), Fixture("musl-x86_64-dynamic") },
                new AnalysisOptions { Baseline = B("centos9"), TargetMachine = Architecture.X86_64, TargetIsMusl = true });
            Assert.That(musl.Findings.Select(f => f.Id), Is.EquivalentTo(new[] { DiagnosticId.GlibcOnMuslTarget }));

            var mixed = new ElfImageBuilder { Interpreter = "/lib64/ld-linux-x86-64.so.2", Needed = { "libc.musl-x86_64.so.1" } };
            Assert.That(Analyze("centos9", Image(mixed, "patched")).Findings.Single().Id, Is.EqualTo(DiagnosticId.MixedLibc));
        }

        [Test]
        public void A_file_for_another_architecture_is_an_error_when_the_target_is_known()
        {
            var result = Analyzer.Analyze(new[] { Fixture("libgreet-aarch64.so.1") }, new AnalysisOptions { Baseline = B("centos9"), TargetMachine = Architecture.X86_64 });
            Finding f = result.Findings.Single();
            Assert.That(f.Id, Is.EqualTo(DiagnosticId.ArchitectureMismatch));
            Assert.That(f.Message, Does.Contain("built for aarch64"));
        }

        [Test]
        public void Kernel_floor_isa_level_executable_stack_and_search_paths()
        {
            byte[] image = File.ReadAllBytes(Repo.Fixture("gcc-x86_64-pie"));
            using (ElfFile elf = ElfFile.Read(image))
            {
                ElfNote tag = elf.Notes.Single(n => n.Type == ElfFile.NT_GNU_ABI_TAG);
                System.BitConverter.GetBytes(5u).CopyTo(image, tag.Descriptor.FileOffset + 4); // "for GNU/Linux 5.2.0"
            }
            var kernel = Analyze("centos7", new AnalysisInput(BinaryInspector.Inspect(image, "newkernel")));
            Assert.That(kernel.Findings.Single(f => f.Id == DiagnosticId.KernelTooNew).Message, Does.Contain("5.2.0").And.Contain("3.10.0"));
            Assert.That(Analyze("debian13", new AnalysisInput(BinaryInspector.Inspect(image, "newkernel"))).Findings, Is.Empty);

            Assert.That(Analyze("centos9", Fixture("gcc-x86_64-isa-v3")).Findings.Single().Id, Is.EqualTo(DiagnosticId.IsaLevelTooHigh));
            Assert.That(Analyze("rhel10", Fixture("gcc-x86_64-isa-v3")).Findings, Is.Empty);
            Assert.That(Analyze("centos9", Fixture("gcc-x86_64-execstack")).Findings.Single().Id, Is.EqualTo(DiagnosticId.ExecutableStack));
            Assert.That(Analyze("centos9", Fixture("gcc-x86_64-runpath"), Fixture("libgreet.so.1")).Findings.Single().Id, Is.EqualTo(DiagnosticId.AbsoluteSearchPath));
            Assert.That(Analyze("centos9", Fixture("gcc-x86_64-rpath"), Fixture("libgreet.so.1")).Findings, Is.Empty, "$ORIGIN is portable");
        }

        [Test]
        public void Static_and_Go_binaries_are_explained()
        {
            Assert.That(Analyze("centos7", Fixture("gcc-x86_64-static")).Findings.Single().Message, Does.Contain("statically linked with glibc (glibc's ABI-tag note").And.Contain("NSS"));
            Assert.That(Analyze("centos7", Fixture("musl-x86_64-static")).Findings.Single().Id, Is.EqualTo(DiagnosticId.StaticBinary));
            AnalysisResult go = Analyze("centos7", Fixture("go-x86_64-nocgo"));
            Assert.That(go.Findings.Single().Message, Does.Contain("go1.19.8 (cgo off"));
            Finding cgo = Analyze("centos8", Fixture("go-x86_64-cgo")).Findings.First(f => f.Id == DiagnosticId.VersionMissing);
            Assert.That(cgo.Fix, Does.Contain("CGO_ENABLED=0"));
        }

        [Test]
        public void The_dotnet_runtime_floor_is_said_once_instead_of_once_per_runtime_file()
        {
            AnalysisInput Runtime(string name)
            {
                var b = Glibc(("libc.so.6", "GLIBC_2.2.5", 0, "malloc"), ("libc.so.6", "GLIBC_2.27", 0, "memfd_create"));
                b.Soname = name;
                var input = Image(b, "publish/" + name);
                input.IsDotNetRuntime = true;
                return input;
            }
            AnalysisInput app = Fixture("libgreet.so.1");
            var result = Analyzer.Analyze(new[] { Runtime("libcoreclr.so"), Runtime("libclrjit.so"), app },
                new AnalysisOptions { Baseline = B("centos7"), DotNetMajorVersion = 10 });
            Finding floor = result.Findings.Single(f => f.Id == DiagnosticId.RuntimeFloorAboveBaseline);
            Assert.That(floor.Message, Does.StartWith(".NET 10's runtime needs glibc 2.27 or later (libcoreclr.so, libclrjit.so)"));
            Assert.That(result.Findings.Count(f => f.Id == DiagnosticId.VersionMissing && f.File.Contains("libc")), Is.Zero);
            Assert.That(Analyzer.Analyze(new[] { Runtime("libcoreclr.so") }, new AnalysisOptions { Baseline = B("ubuntu18.04"), DotNetMajorVersion = 10 }).Findings, Is.Empty);
        }

        [Test]
        public void The_runtime_floor_names_only_the_runtime_files_that_need_more_than_the_baseline()
        {
            AnalysisInput Runtime(string name, string version)
            {
                var b = Glibc(("libc.so.6", "GLIBC_2.2.5", 0, "malloc"), ("libc.so.6", version, 0, "getrandom"));
                b.Soname = name;
                var input = Image(b, "publish/" + name);
                input.IsDotNetRuntime = true;
                return input;
            }
            var options = new AnalysisOptions { Baseline = B("centos7"), DotNetMajorVersion = 10 };
            Finding floor = Analyzer.Analyze(new[] { Runtime("libhostfxr.so", "GLIBC_2.16"), Runtime("libcoreclr.so", "GLIBC_2.27") }, options)
                .Findings.Single(f => f.Id == DiagnosticId.RuntimeFloorAboveBaseline);
            Assert.That(floor.Message, Does.StartWith(".NET 10's runtime needs glibc 2.27 or later (libcoreclr.so), but centos7"), "libhostfxr.so needs only 2.16");

            Finding documented = Analyzer.Analyze(new[] { Runtime("libhostfxr.so", "GLIBC_2.16") }, options).Findings.Single(f => f.Id == DiagnosticId.RuntimeFloorAboveBaseline);
            Assert.That(documented.Message, Does.Contain("(documented; its files here need no more than glibc 2.17 themselves)"));
        }

        /// <summary>The families whose library a baseline can list as provided, and that library.</summary>
        private static readonly (string Family, string Library)[] s_familyLibraries =
        {
            ("GLIBC", "libc.so.6"), ("GLIBCXX", "libstdc++.so.6"), ("CXXABI", "libstdc++.so.6"), ("GCC", "libgcc_s.so.1"),
            ("ZLIB", "libz.so.1"), ("LIBATOMIC", "libatomic.so.1"),
        };

        [Test]
        public void No_baseline_contradicts_itself_a_provided_library_is_never_said_to_define_nothing()
        {
            int checkedSets = 0;
            foreach (Baseline b in BaselineCatalog.All)
            {
                foreach (Architecture arch in b.Architectures)
                {
                    foreach (var (family, library) in s_familyLibraries)
                    {
                        if (!b.ProvidesLibrary(library)) continue;
                        // The oldest node of each family: a provided library defines it, or the data has no set for
                        // it and the version is not judged (never "missing" from a library the baseline provides).
                        string oldest = family switch { "GLIBC" => arch == Architecture.X86_64 ? "GLIBC_2.2.5" : "GLIBC_2.17", "GLIBCXX" => "GLIBCXX_3.4", "CXXABI" => "CXXABI_1.3", "GCC" => "GCC_3.0", "ZLIB" => "ZLIB_1.2.0", _ => "LIBATOMIC_1.0" };
                        if (family == "GLIBC" && arch != Architecture.X86_64 && arch != Architecture.Aarch64) continue;
                        VersionVerdict verdict = b.Check(arch, oldest);
                        Assert.That(verdict, Is.Not.EqualTo(VersionVerdict.Missing), b.Id + " " + arch + ": provides " + library + " but says it lacks " + oldest);
                        checkedSets++;
                    }
                }
            }
            Assert.That(checkedSets, Is.GreaterThan(100));
            Assert.That(B("centos7").Check(Architecture.X86_64, "LIBATOMIC_1.0"), Is.EqualTo(VersionVerdict.Unchecked), "centos7's x86_64 libatomic set is empty in the data");
        }

        [Test]
        public void A_malformed_file_is_a_warning_and_the_others_are_still_checked()
        {
            byte[] truncated = File.ReadAllBytes(Repo.Fixture("gcc-x86_64-pie")).Take(300).ToArray();
            AnalysisResult result = Analyze("centos8", new AnalysisInput(BinaryInspector.Inspect(truncated, "broken.so")), Fixture("gcc-x86_64-pie"));
            Assert.That(result.Findings.Single(f => f.File == "broken.so").Id, Is.EqualTo(DiagnosticId.MalformedElf));
            Assert.That(result.Findings.Single(f => f.File == "broken.so").Severity, Is.EqualTo(Severity.Warning));
            Assert.That(result.Findings.Any(f => f.Id == DiagnosticId.VersionMissing), Is.True);
        }

        [Test]
        public void Baseline_names_aliases_and_custom_versions()
        {
            Assert.That(B("RHEL8").Id, Is.EqualTo("centos8"));
            Assert.That(B("manylinux2014").Id, Is.EqualTo("manylinux_2_17"));
            Assert.That(B("glibc-2.31").GlibcVersion, Is.EqualTo("2.31"));
            Assert.That(BaselineCatalog.TryGet("centos6", out _), Is.False);
            Assert.That(BaselineCatalog.TryGet("glibc-3.1", out _), Is.False);
            foreach (string id in new[] { "centos7", "centos8", "centos9", "rhel10", "amazonlinux2", "amazonlinux2023", "ubuntu18.04", "ubuntu20.04", "ubuntu22.04", "ubuntu24.04", "debian10", "debian11", "debian12", "debian13" })
            {
                Baseline b = B(id);
                Assert.That(b.Architectures, Is.SupersetOf(new[] { Architecture.X86_64, Architecture.Aarch64 }), id);
                Assert.That(b.ProvidesLibrary("libc.so.6") && b.ProvidesLibrary("libstdc++.so.6") && b.ProvidesLibrary("ld-linux-aarch64.so.1"), Is.True, id);
            }
            Assert.That(B("centos8").ProvidesLibrary("libssl.so.1.1") && !B("centos8").ProvidesLibrary("libssl.so.3"), Is.True);
        }
    }
}
