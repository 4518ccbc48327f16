using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Cli;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Cli
{
    /// <summary>
    /// `--format azure-pipelines` and `--format github`: golden lines for hostile names, checked against each
    /// agent's documented unescaping (Azure Pipelines' agent: %3B, %0D, %0A, %5D, then %AZP25; the GitHub runner:
    /// %0D, %0A, %3A, %2C, then %25), and the exit code, task.complete and summary agreeing.
    /// </summary>
    [TestFixture]
    public class CiFormatTests
    {
        private const string Hostile = "a;b]c%d::e,f\r\ng%AZP25h%3Bi%25j";

        private static string AzureUnescapeData(string s) => s.Replace("%0D", "\r").Replace("%0A", "\n").Replace("%AZP25", "%");
        private static string AzureUnescapeProperty(string s) =>
            s.Replace("%3B", ";").Replace("%0D", "\r").Replace("%0A", "\n").Replace("%5D", "]").Replace("%AZP25", "%");
        private static string GitHubUnescapeData(string s) => s.Replace("%0D", "\r").Replace("%0A", "\n").Replace("%25", "%");
        private static string GitHubUnescapeProperty(string s) =>
            s.Replace("%0D", "\r").Replace("%0A", "\n").Replace("%3A", ":").Replace("%2C", ",").Replace("%25", "%");

        [Test]
        public void Escaping_matches_each_agents_documented_rules()
        {
            Assert.That(CiReport.AzureData(Hostile), Is.EqualTo("a;b]c%AZP25d::e,f%0D%0Ag%AZP25AZP25h%AZP253Bi%AZP2525j"));
            Assert.That(CiReport.AzureProperty(Hostile), Is.EqualTo("a%3Bb%5Dc%AZP25d::e,f%0D%0Ag%AZP25AZP25h%AZP253Bi%AZP2525j"));
            Assert.That(CiReport.GitHubData(Hostile), Is.EqualTo("a;b]c%25d::e,f%0D%0Ag%25AZP25h%253Bi%2525j"));
            Assert.That(CiReport.GitHubProperty(Hostile), Is.EqualTo("a;b]c%25d%3A%3Ae%2Cf%0D%0Ag%25AZP25h%253Bi%2525j"));
            // What the agents make of them is the original text.
            Assert.That(AzureUnescapeData(CiReport.AzureData(Hostile)), Is.EqualTo(Hostile));
            Assert.That(AzureUnescapeProperty(CiReport.AzureProperty(Hostile)), Is.EqualTo(Hostile));
            Assert.That(GitHubUnescapeData(CiReport.GitHubData(Hostile)), Is.EqualTo(Hostile));
            Assert.That(GitHubUnescapeProperty(CiReport.GitHubProperty(Hostile)), Is.EqualTo(Hostile));
            // Nothing that ends a property or a command survives unescaped.
            Assert.That(CiReport.AzureProperty(Hostile), Does.Not.Contain(";").And.Not.Contain("]").And.Not.Contain("\n"));
            Assert.That(CiReport.GitHubProperty(Hostile), Does.Not.Contain(":").And.Not.Contain(",").And.Not.Contain("\n"));
        }

        /// <summary>A copy of the libnewglibc.so fixture (needs GLIBC_2.36) under a name with every character the commands care about.</summary>
        private static string HostileFile()
        {
            string path = Path.Combine(Repo.TempDir("ci"), "lib;odd]%x::y,z\nb.so");
            File.Copy(Repo.Fixture("libnewglibc.so"), path);
            return path;
        }

        private static (int Exit, string Out, string Err) Check(Dictionary<string, string> environment, bool stdoutIsFile, params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int exit = CheckCommand.Run(new CheckCommand.Request
            {
                Paths = args.TakeWhile(a => !a.StartsWith("--")).ToArray(),
                Baseline = args.SkipWhile(a => a != "--baseline").Skip(1).FirstOrDefault() ?? "centos8",
                Format = args.SkipWhile(a => a != "--format").Skip(1).FirstOrDefault(),
                Environment = name => environment.TryGetValue(name, out string? v) ? v : null,
                StdoutIsFile = stdoutIsFile,
            }, stdout, stderr);
            return (exit, stdout.ToString(), stderr.ToString());
        }

        [Test]
        public void Azure_pipelines_golden_lines_for_a_hostile_file_name()
        {
            string file = HostileFile();
            var (exit, output, _) = InspectCommandTests.Run("check", file, "--baseline", "centos8", "--format", "azure-pipelines");
            Assert.That(exit, Is.EqualTo(1));
            string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string sourcepath = CiReport.AzureProperty(file);
            Assert.That(sourcepath, Does.EndWith("lib%3Bodd%5D%AZP25x::y,z%0Ab.so"));
            Assert.That(lines[0], Does.StartWith("##vso[task.logissue type=error;sourcepath=" + sourcepath + ";code=GG1001;]GG1001: lib;odd]%AZP25x::y,z%0Ab.so needs GLIBC_2."), output);
            Assert.That(lines.Count(l => l.StartsWith("##vso[")), Is.EqualTo(lines.Length - 1), "one command a line; only the summary is plain");
            Assert.That(lines[^2], Does.StartWith("Checked 1 ELF file against CentOS 8"));
            Assert.That(lines[^1], Is.EqualTo("##vso[task.complete result=Failed;]glibcguard: " + CiReport.AzureData(lines[^2])));
            // The agent reads back the file name exactly.
            string property = lines[0].Substring(lines[0].IndexOf("sourcepath=", StringComparison.Ordinal) + "sourcepath=".Length);
            Assert.That(AzureUnescapeProperty(property.Substring(0, property.IndexOf(";code=", StringComparison.Ordinal))), Is.EqualTo(file));
        }

        [Test]
        public void GitHub_golden_lines_for_a_hostile_file_name_and_the_step_summary()
        {
            string file = HostileFile();
            string summary = Path.Combine(Repo.TempDir("ci"), "step-summary.md");
            var (exit, output, _) = Check(new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary }, false,
                file, "--baseline", "centos8", "--format", "github");
            Assert.That(exit, Is.EqualTo(1));
            string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines[0], Does.StartWith("::error file=" + CiReport.GitHubProperty(file) + ",title=GG1001::lib;odd]%25x::y,z%0Ab.so needs GLIBC_2."), output);
            Assert.That(CiReport.GitHubProperty(file), Does.EndWith("lib;odd]%25x%3A%3Ay%2Cz%0Ab.so"));
            Assert.That(lines[^1], Does.StartWith("Checked 1 ELF file against CentOS 8"));
            string markdown = File.ReadAllText(summary);
            Assert.That(markdown, Does.StartWith("### GlibcGuard: CentOS 8"));
            Assert.That(markdown, Does.Contain("| error | [GG1001](").And.Contain("lib;odd]%x::y,z b.so | lib;odd]%x::y,z b.so needs GLIBC_2."), markdown);
        }

        [TestCase("gcc-x86_64-pie", "centos9", 0, "Succeeded")]
        [TestCase("gcc-x86_64-execstack", "centos9", 0, "SucceededWithIssues")]
        [TestCase("libnewglibc.so", "centos8", 1, "Failed")]
        public void Exit_code_task_complete_and_summary_agree(string fixture, string baseline, int expectedExit, string result)
        {
            var (exit, output, _) = InspectCommandTests.Run("check", Repo.Fixture(fixture), "--baseline", baseline, "--format", "azure-pipelines");
            Assert.That(exit, Is.EqualTo(expectedExit), output);
            string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines[^1], Does.StartWith("##vso[task.complete result=" + result + ";]glibcguard: Checked 1 ELF file"));
            Assert.That(lines[^2], Does.Contain(expectedExit == 1 ? "NOT compatible" : "compatible"));
        }

        [Test]
        public void An_incomplete_check_fails_the_task()
        {
            string damaged = Path.Combine(Repo.TempDir("ci"), "truncated.so");
            File.WriteAllBytes(damaged, File.ReadAllBytes(Repo.Fixture("libnewglibc.so")).Take(100).ToArray());
            var (exit, output, _) = InspectCommandTests.Run("check", damaged, "--baseline", "debian12", "--format", "azure-pipelines");
            Assert.That(exit, Is.EqualTo(3));
            Assert.That(output, Does.Contain("##vso[task.logissue type=warning;sourcepath=" + CiReport.AzureProperty(damaged) + ";code=GG0001;]"));
            Assert.That(output.TrimEnd().Split('\n')[^1], Does.StartWith("##vso[task.complete result=Failed;]glibcguard: Checked 1 ELF file against Debian 12"));
        }

        [Test]
        public void The_format_is_picked_from_the_ci_environment_unless_output_is_a_file_or_a_format_is_given()
        {
            string fixture = Repo.Fixture("libnewglibc.so");
            var azure = new Dictionary<string, string> { ["TF_BUILD"] = "True" };
            var github = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true" };
            Assert.That(Check(azure, false, fixture).Out, Does.StartWith("##vso[task.logissue type=error;"));
            Assert.That(Check(github, false, fixture).Out, Does.StartWith("::error file="));
            Assert.That(Check(azure, true, fixture).Out, Does.StartWith(fixture + ": error GG1001"), "redirected to a file: text");
            Assert.That(Check(github, false, fixture, "--format", "text").Out, Does.StartWith(fixture + ": error GG1001"), "--format text forces text");
            Assert.That(Check(new Dictionary<string, string>(), false, fixture).Out, Does.StartWith(fixture + ": error GG1001"), "no CI: text");
        }

        [Test]
        public void In_a_ci_job_the_tool_writes_commands_to_a_pipe_and_text_to_a_file()
        {
            // The real tool in a child shell with TF_BUILD set: its standard output a pipe (as an agent captures
            // it), then a regular file (`> report.txt`).
            string tool = Path.Combine(AppContext.BaseDirectory, "glibcguard.dll");
            string fixture = Repo.Fixture("libnewglibc.so");
            string file = Path.Combine(Repo.TempDir("ci"), "report.txt");
            var environment = new Dictionary<string, string?> { ["TF_BUILD"] = "True", ["GITHUB_ACTIONS"] = null };
            var piped = Processes.Run("bash", new[] { "-c", "dotnet \"$0\" check \"$1\" | cat", tool, fixture }, Repo.Root, environment, timeoutSeconds: 60);
            Assert.That(piped.StdOut, Does.StartWith("##vso[task.logissue type=error;"), piped.All);
            var redirected = Processes.Run("bash", new[] { "-c", "dotnet \"$0\" check \"$1\" > \"$2\"", tool, fixture, file }, Repo.Root, environment, timeoutSeconds: 60);
            Assert.That(redirected.ExitCode, Is.EqualTo(1), redirected.All);
            Assert.That(File.ReadAllText(file), Does.StartWith(fixture + ": error GG1001"));
        }
    }
}
