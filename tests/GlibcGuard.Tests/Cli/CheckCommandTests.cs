using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using GlibcGuard.Tests.Infrastructure;
using Json.Schema;

namespace GlibcGuard.Tests.Cli
{
    /// <summary>`glibcguard check`: verdicts, exit codes, and the JSON and SARIF reports validated by independent tools.</summary>
    [TestFixture]
    public class CheckCommandTests
    {
        private static (int Exit, string Out, string Err) Run(params string[] args) => InspectCommandTests.Run(args);

        [TestCase("centos7", "gcc-x86_64-pie", 1)]
        [TestCase("centos8", "gcc-x86_64-pie", 1)]
        [TestCase("centos9", "gcc-x86_64-pie", 0)]
        [TestCase("centos7", "gcc-aarch64-pie", 1)]
        [TestCase("centos9", "gcc-aarch64-pie", 0)]
        [TestCase("centos7", "go-aarch64-nocgo", 0)]
        [TestCase("centos8", "gcc-x86_64-static", 0)]
        [TestCase("centos9", "musl-x86_64-dynamic", 1)]
        public void Exit_code_is_1_exactly_when_an_error_is_found(string baseline, string fixture, int expected)
        {
            Assert.That(Run("check", Repo.Fixture(fixture), "--baseline", baseline).Exit, Is.EqualTo(expected));
        }

        [Test]
        public void Usage_errors_are_exit_code_2_with_a_code()
        {
            var unknown = Run("check", Repo.Fixture("gcc-x86_64-pie"), "--baseline", "centos6");
            Assert.That(unknown.Exit, Is.EqualTo(2));
            Assert.That(unknown.Err, Does.Contain("GG9001").And.Contain("centos8"));
            var rid = Run("check", Repo.Fixture("gcc-x86_64-pie"), "--rid", "win-x64");
            Assert.That(rid.Exit, Is.EqualTo(2));
            Assert.That(rid.Err, Does.Contain("error GG9007: --rid 'win-x64' is not a Linux runtime identifier"), "one meaning per code: GG9001 is the baseline");
            string bad = Path.Combine(Repo.TempDir("supp"), "bad.txt");
            File.WriteAllText(bad, "this is not a suppression\n");
            var suppress = Run("check", Repo.Fixture("gcc-x86_64-pie"), "--suppress", bad);
            Assert.That(suppress.Exit, Is.EqualTo(2));
            Assert.That(suppress.Err, Does.Contain("GG9002").And.Contain("bad.txt(1)"));
        }

        [Test]
        public void Text_output_reads_like_a_compiler_and_ends_with_a_summary()
        {
            var (exit, output, _) = Run("check", Repo.Fixture("dotnet-x86_64-nativeaot"), "--baseline", "centos8");
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(output, Does.Match(@"dotnet-x86_64-nativeaot: error GG1001: dotnet-x86_64-nativeaot needs GLIBC_2\.34 from libc\.so\.6, which centos8 \(glibc 2\.28\) does not define: symbols \w+"));
            Assert.That(output, Does.Contain("and 11 more"));
            Assert.That(output, Does.Contain("    fix: NativeAOT links against the build machine's glibc"));
            Assert.That(output.TrimEnd(), Does.EndWith("The set runs on: RHEL 9+, Amazon Linux 2023, Ubuntu 22.04+, Debian 12+."));
        }

        [Test]
        public void Suppressions_remove_findings_and_can_turn_the_verdict()
        {
            string file = Path.Combine(Repo.TempDir("supp"), "glibcguard.suppress");
            File.WriteAllText(file, "GG1001 gcc-x86_64-* libc.so.6 GLIBC_2.34 __libc_start_main\n");
            Assert.That(Run("check", Repo.Fixture("gcc-x86_64-pie"), "--suppress", file).Exit, Is.Zero);
            Assert.That(Run("check", Repo.Fixture("gcc-x86_64-newglibc"), "--suppress", file).Exit, Is.EqualTo(1), "other symbols still need 2.34 and 2.36");
        }

        [Test]
        public void The_json_report_validates_against_the_documented_schema()
        {
            string output = Path.Combine(Repo.TempDir("json"), "report.json");
            var (exit, _, _) = Run("check", Repo.FixtureDir, "--rid", "linux-x64", "--format", "json", "--output", output);
            Assert.That(exit, Is.EqualTo(1));
            var schema = JsonSchema.FromFile(Path.Combine(Repo.Root, "docs", "check-report.schema.json"));
            string text = File.ReadAllText(output);
            JsonNode report = JsonNode.Parse(text)!;
            EvaluationResults results = schema.Evaluate(JsonDocument.Parse(text).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.That(results.IsValid, Is.True, string.Join("\n", (results.Details ?? new System.Collections.Generic.List<EvaluationResults>())
                .Where(d => d.Errors != null).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value))));
            Assert.That(report["findings"]!.AsArray().Any(f => (string)f!["code"]! == "GG1008"), Is.True, "aarch64 fixtures in a linux-x64 check");
            JsonNode nativeAot = report["findings"]!.AsArray().First(f => ((string)f!["file"]!).EndsWith("nativeaot") && (string)f!["version"]! == "GLIBC_2.34")!;
            Assert.That(nativeAot["symbols"]!.AsArray().Count, Is.EqualTo(16), "JSON carries every symbol");
        }

        [Test]
        public void The_sarif_report_passes_the_SARIF_multitool_validator()
        {
            string? multitool = Environment.GetEnvironmentVariable("GLIBCGUARD_SARIF_MULTITOOL");
            Assert.That(multitool != null && File.Exists(multitool), Is.True,
                "GLIBCGUARD_SARIF_MULTITOOL must point at the SARIF multitool; ./test.sh installs it");
            string output = Path.Combine(Repo.TempDir("sarif"), "report.sarif");
            Run("check", Repo.FixtureDir, "--format", "sarif", "--output", output);
            JsonNode sarif = JsonNode.Parse(File.ReadAllText(output))!;
            Assert.That((string)sarif["version"]!, Is.EqualTo("2.1.0"));
            Assert.That(sarif["runs"]![0]!["results"]!.AsArray().Select(r => (string)r!["ruleId"]!), Has.Some.EqualTo("GG1001"));

            var result = Processes.Run(multitool!, new[] { "validate", output, "--output", output + ".validation.sarif" }, timeoutSeconds: 300);
            Assert.That(result.ExitCode, Is.Zero, result.All);
            JsonNode validation = JsonNode.Parse(File.ReadAllText(output + ".validation.sarif"))!;
            var problems = validation["runs"]![0]!["results"]!.AsArray()
                .Where(r => (string?)r!["level"] is "error" or "warning")
                .Select(r => (string)r!["ruleId"]! + ": " + (string?)r!["message"]!["text"]).ToList();
            Assert.That(problems, Is.Empty);
        }
    }
}
