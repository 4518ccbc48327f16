using System.IO;
using System.Linq;
using System.Text.Json;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// GG2004 and GG1016: the .NET runtime's dlopen prerequisites, from the rows in DotNetPrerequisites, which must
    /// say what eng/reference/dotnet-prerequisites.json says (with its sources) and what the baselines say of OpenSSL.
    /// </summary>
    [TestFixture]
    public class PrerequisiteTests
    {
        private static AnalysisResult Analyze(string baseline, DotNetApp? app, int? dotnet = 10)
        {
            Assert.That(BaselineCatalog.TryGet(baseline, out Baseline b), Is.True);
            var input = new AnalysisInput(BinaryInspector.Inspect(Repo.Fixture("gcc-x86_64-static")));
            return Analyzer.Analyze(new[] { input }, new AnalysisOptions { Baseline = b, DotNetApp = app, DotNetMajorVersion = dotnet, TargetMachine = Architecture.X86_64 });
        }

        [Test]
        public void The_rows_are_the_reference_data()
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "eng", "reference", "dotnet-prerequisites.json")));
            JsonElement root = doc.RootElement;
            JsonElement[] distros = root.GetProperty("distros").EnumerateArray().ToArray();
            Assert.That(DotNetPrerequisites.Rows.Select(r => r.Baseline), Is.EqualTo(distros.Select(d => d.GetProperty("baseline").GetString())));
            string? S(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
            var sources = root.GetProperty("sources").EnumerateObject().Select(p => p.Name).ToHashSet();
            foreach (var (row, d) in DotNetPrerequisites.Rows.Zip(distros))
            {
                Assert.That((row.Install, row.Icu, row.OpenSsl, row.Krb5, row.OpenSslVersion, row.Minimal),
                    Is.EqualTo((S(d, "install"), S(d, "icu"), S(d, "openssl"), S(d, "krb5"), S(d, "opensslVersion"), S(d, "minimal"))), row.Baseline);
                Assert.That(S(d, "source")!.Split(", "), Is.SubsetOf(sources), row.Baseline + ": every row names a source that exists");
                Assert.That(BaselineCatalog.TryGet(row.Baseline, out Baseline b), Is.True, row.Baseline);
                // The OpenSSL the row records is the one the baseline's own source says (eng/gen-baselines.py).
                Assert.That(b.Source, Does.Contain("OpenSSL " + row.OpenSslVersion), row.Baseline);
            }
            Assert.That(root.GetProperty("dotnet").GetProperty("opensslMinimum").GetProperty("10").GetString(), Is.EqualTo(DotNetPrerequisites.OpenSslMinimum[10]));
        }

        [Test]
        public void An_app_that_carries_the_runtime_is_told_what_the_runtime_loads_and_how_to_install_it()
        {
            Finding info = Analyze("centos8", new DotNetApp { CarriesRuntime = true, InvariantGlobalization = false }).Findings.Single(f => f.Id == DiagnosticId.RuntimePrerequisites);
            Assert.That(info.Severity, Is.EqualTo(Severity.Info));
            Assert.That(info.Message, Is.EqualTo("The .NET runtime in this app loads, with dlopen and so unseen by any ELF check: " +
                "ICU (libicuuc, libicui18n) for globalization (not with InvariantGlobalization=true); OpenSSL (libssl, libcrypto) for HTTPS and cryptography, 1.1.1 or later; " +
                "GSSAPI (libgssapi_krb5.so.2), only for Negotiate/Kerberos authentication. On centos8: dnf install -y libicu openssl-libs krb5-libs."));

            Finding debian = Analyze("debian12", new DotNetApp { CarriesRuntime = true, InvariantGlobalization = true }).Findings.Single(f => f.Id == DiagnosticId.RuntimePrerequisites);
            Assert.That(debian.Message, Does.Not.Contain("ICU"));
            Assert.That(debian.Message, Does.EndWith("On debian12: apt-get install -y libssl3 libgssapi-krb5-2 (not in a minimal debian12 install (Priority optional))."));

            Finding unknown = Analyze("debian11", new DotNetApp { CarriesRuntime = true }).Findings.Single(f => f.Id == DiagnosticId.RuntimePrerequisites);
            Assert.That(unknown.Message, Does.Contain("unless the app runs with InvariantGlobalization").And.EndWith("GlibcGuard has no package names for debian11."));
        }

        [Test]
        public void Nothing_is_said_for_a_framework_dependent_app_a_musl_target_or_no_app()
        {
            Assert.That(Analyze("centos8", null).Findings.Where(f => f.Id == DiagnosticId.RuntimePrerequisites), Is.Empty);
            Assert.That(Analyze("centos8", new DotNetApp { CarriesRuntime = false }).Findings.Where(f => f.Id == DiagnosticId.RuntimePrerequisites), Is.Empty);
        }

        [TestCase("centos7", true)]
        [TestCase("amazonlinux2", true)]
        [TestCase("centos8", false)]
        [TestCase("ubuntu18.04", false)]
        [TestCase("debian10", false)]
        public void Dotnet10_on_a_distro_with_OpenSSL_1_0_2_is_GG1016(string baseline, bool warns)
        {
            var app = new DotNetApp { CarriesRuntime = true, InvariantGlobalization = true };
            Finding[] old = Analyze(baseline, app).Findings.Where(f => f.Id == DiagnosticId.OpenSslTooOld).ToArray();
            Assert.That(old, Has.Length.EqualTo(warns ? 1 : 0));
            if (warns)
            {
                Assert.That(old[0].Severity, Is.EqualTo(Severity.Warning));
                Assert.That(old[0].Message, Does.EndWith("but " + baseline + " ships OpenSSL 1.0.2."));
            }
            Assert.That(Analyze(baseline, app, dotnet: 8).Findings.Where(f => f.Id == DiagnosticId.OpenSslTooOld), Is.Empty, ".NET 8 still loads 1.0.2");
            Assert.That(Analyze(baseline, app, dotnet: null).Findings.Where(f => f.Id == DiagnosticId.OpenSslTooOld), Is.Empty, "unknown .NET version: no claim");
        }

        /// <summary>
        /// A self-contained app that is not invariant loads ICU at start. Debian's and Ubuntu's minimal installs
        /// (read from their own indexes) have none, so it dies there: a warning with the package to install. Where
        /// the data is not a measured minimal install (centos8) or the app is invariant, no warning.
        /// </summary>
        /// <summary>
        /// OpenSSL is loaded at the first cryptographic or TLS call. Debian 12's minimal install has no libssl (11's and
        /// 13's do): a warning when the publish ships an assembly that calls it, info when that is not known, nothing
        /// when it is known not to; the warning makes "runs on" Debian 12 conditional, and only there.
        /// </summary>
        [Test]
        public void An_app_that_uses_OpenSSL_on_a_minimal_install_without_it_is_warned_and_runs_on_says_so()
        {
            var uses = new DotNetApp { CarriesRuntime = true, InvariantGlobalization = true, UsesOpenSsl = true };
            AnalysisResult debian12 = Analyze("debian12", uses);
            Finding warning = debian12.Findings.Single(f => f.Id == DiagnosticId.OpenSslMissing);
            Assert.That(warning.Severity, Is.EqualTo(Severity.Warning));
            Assert.That(warning.Message, Does.Contain("a minimal debian12 install has no OpenSSL"));
            Assert.That(warning.Fix, Does.Contain("apt-get install -y libssl3"));
            Assert.That(debian12.Matrix.Single(r => r.Baseline.Id == "debian12").Requires, Is.EqualTo(new[] { "OpenSSL" }));
            Assert.That(debian12.Matrix.Single(r => r.Baseline.Id == "debian13").Requires, Is.Empty, "Debian 13's minimal install has libssl.so.3");
            Assert.That(debian12.Matrix.Single(r => r.Baseline.Id == "debian11").Requires, Is.Empty, "Debian 11's minimal install has libssl.so.1.1");
            Assert.That(debian12.RunsOn, Does.Contain("Debian 12 with OpenSSL installed").And.Contain("Debian 13"));

            Assert.That(Analyze("debian11", uses).Findings.Select(f => f.Id), Has.None.EqualTo(DiagnosticId.OpenSslMissing));
            Finding unknown = Analyze("debian12", new DotNetApp { CarriesRuntime = true, InvariantGlobalization = true }).Findings.Single(f => f.Id == DiagnosticId.OpenSslMissing);
            Assert.That(unknown.Severity, Is.EqualTo(Severity.Info));
            Assert.That(unknown.Message, Does.StartWith("If this app uses cryptography, TLS or HTTPS"));
            AnalysisResult notUsed = Analyze("debian12", new DotNetApp { CarriesRuntime = true, InvariantGlobalization = true, UsesOpenSsl = false });
            Assert.That(notUsed.Findings.Select(f => f.Id), Has.None.EqualTo(DiagnosticId.OpenSslMissing));
            Assert.That(notUsed.RunsOn, Has.None.Contains("installed"));
        }

        [Test]
        public void A_non_invariant_app_runs_on_a_minimal_install_only_with_ICU_installed()
        {
            AnalysisResult result = Analyze("debian12", new DotNetApp { CarriesRuntime = true, InvariantGlobalization = false, UsesOpenSsl = false });
            Assert.That(result.Matrix.Where(r => r.Baseline.RunsOnFamily == "Debian" && r.Baseline.LibrariesAreMinimalInstall).Select(r => r.Requires),
                Has.All.EqualTo(new[] { "ICU" }));
            Assert.That(result.RunsOn, Does.Contain("Debian 11+ with ICU installed"), string.Join(", ", result.RunsOn));
            Assert.That(result.Matrix.Single(r => r.Baseline.Id == "centos8").Requires, Is.EqualTo(new[] { "ICU" }), "the almalinux:8 image installs no ICU");
            Assert.That(result.Matrix.Single(r => r.Baseline.Id == "rhel10").Requires, Is.Empty, "no image data for RHEL 10: GG2004 names ICU, no condition is claimed");
        }

        [Test]
        public void A_non_invariant_app_on_a_minimal_install_without_ICU_is_warned()
        {
            Finding debian12 = Analyze("debian12", new DotNetApp { CarriesRuntime = true, InvariantGlobalization = false }).Findings.Single(f => f.Id == DiagnosticId.IcuMissing);
            Assert.That(debian12.Severity, Is.EqualTo(Severity.Warning));
            Assert.That(debian12.Message, Does.Contain("a minimal debian12 install has no ICU").And.Contain("Couldn't find a valid ICU package installed on the system"));
            Assert.That(debian12.Fix, Does.StartWith("install ICU on the target (apt-get install -y libicu72), or set InvariantGlobalization=true"));
            Finding debian11 = Analyze("debian11", new DotNetApp { CarriesRuntime = true, InvariantGlobalization = false }).Findings.Single(f => f.Id == DiagnosticId.IcuMissing);
            Assert.That(debian11.Fix, Does.Contain("the distribution's libicu package"), "no package name in the data for debian11: said so, not guessed");
            foreach (string baseline in new[] { "debian13", "ubuntu18.04", "ubuntu20.04", "ubuntu22.04", "ubuntu24.04" })
            {
                Assert.That(Analyze(baseline, new DotNetApp { CarriesRuntime = true, InvariantGlobalization = false }).Findings.Select(f => f.Id), Does.Contain(DiagnosticId.IcuMissing), baseline);
            }
            Assert.That(Analyze("debian12", new DotNetApp { CarriesRuntime = true, InvariantGlobalization = true }).Findings.Select(f => f.Id), Has.None.EqualTo(DiagnosticId.IcuMissing), "invariant");
            Assert.That(Analyze("rhel10", new DotNetApp { CarriesRuntime = true, InvariantGlobalization = false }).Findings.Select(f => f.Id), Has.None.EqualTo(DiagnosticId.IcuMissing), "no image data for RHEL 10");
            // The RHEL family is judged by its official images' packages: none installs ICU; every one has OpenSSL.
            foreach ((string baseline, string image, string install) in new[] { ("centos7", "centos:7", "yum install -y libicu"), ("centos8", "almalinux:8", "dnf install -y libicu"),
                         ("centos9", "almalinux:9", "dnf install -y libicu"), ("amazonlinux2", "amazonlinux:2", "yum install -y libicu"), ("amazonlinux2023", "amazonlinux:2023", "dnf install -y libicu") })
            {
                AnalysisResult rhel = Analyze(baseline, new DotNetApp { CarriesRuntime = true, InvariantGlobalization = false, UsesOpenSsl = true });
                Finding icu = rhel.Findings.Single(f => f.Id == DiagnosticId.IcuMissing);
                Assert.That(icu.Message, Does.Contain(baseline + "'s image (" + image + ") has no ICU"), baseline);
                Assert.That(icu.Fix, Does.Contain(install), baseline);
                Assert.That(rhel.Findings.Select(f => f.Id), Has.None.EqualTo(DiagnosticId.OpenSslMissing), baseline + ": openssl-libs is installed");
            }
            Assert.That(Analyze("debian12", new DotNetApp { CarriesRuntime = false, InvariantGlobalization = false }).Findings.Select(f => f.Id), Has.None.EqualTo(DiagnosticId.IcuMissing), "framework-dependent: the runtime's own package brings ICU");
        }
    }
}
