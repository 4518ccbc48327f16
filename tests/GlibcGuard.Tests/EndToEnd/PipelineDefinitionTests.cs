using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GlibcGuard.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace GlibcGuard.Tests.EndToEnd
{
    /// <summary>
    /// The ready pipeline definitions in docs/ci, parsed with a YAML parser, linted, and their shell steps run here
    /// as the agent would run them (its environment variable set, its variables expanded) against a real publish
    /// of a throwaway app and the freshly packed tool: the findings come out as the CI's commands, and the SARIF file
    /// is where the artifact or upload step looks for it.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    [Category("EndToEnd")]
    public class PipelineDefinitionTests
    {
        private static PackageFeed Feed => PackageFeed.Instance;

        private static YamlMappingNode Load(string name)
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(Path.Combine(Repo.Root, "docs", "ci", name)))
            {
                stream.Load(reader);
            }
            Assert.That(stream.Documents, Has.Count.EqualTo(1), name);
            return (YamlMappingNode)stream.Documents[0].RootNode;
        }

        private static string Scalar(YamlNode node, string key) =>
            ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out YamlNode? v) ? ((YamlScalarNode)v).Value! : "";

        private static YamlNode? Child(YamlNode node, string key) =>
            ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out YamlNode? v) ? v : null;

        /// <summary>An app whose publish carries a library that needs GLIBC_2.36: a finding for the pipeline to show.</summary>
        private static string App(string name) => Feed.Project(name, @"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><InvariantGlobalization>true</InvariantGlobalization><SelfContained>false</SelfContained></PropertyGroup>
  <ItemGroup><None Include=""" + Repo.Fixture("libnewglibc.so") + @""" Link=""libnewglibc.so"" CopyToPublishDirectory=""PreserveNewest"" /></ItemGroup>
</Project>");

        private static Processes.Result Bash(string script, string workingDirectory, Dictionary<string, string?> environment) =>
            Processes.Run("bash", new[] { "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script }, workingDirectory, environment, timeoutSeconds: 900);

        [Test]
        public void The_azure_pipeline_parses_and_its_steps_put_issues_on_the_run_and_the_sarif_file_in_CodeAnalysisLogs()
        {
            YamlMappingNode pipeline = Load("azure-pipelines.yml");
            var steps = ((YamlSequenceNode)Child(pipeline, "steps")!).Children.ToList();
            Assert.That(steps.Where(s => Child(s, "task") != null).Select(s => Scalar(s, "task")), Is.EqualTo(new[] { "UseDotNet@2", "PublishBuildArtifacts@1" }),
                "tasks pinned to a major version");
            YamlNode artifact = Child(steps.Single(s => Scalar(s, "task") == "PublishBuildArtifacts@1"), "inputs")!;
            Assert.That(Scalar(artifact, "ArtifactName"), Is.EqualTo("CodeAnalysisLogs"), "the name the SARIF viewer extension reads");

            // The agent's predefined variables and the pipeline's, with the app and the feed of this run.
            string staging = Repo.TempDir("azure-staging"), agentTemp = Repo.TempDir("azure-agent");
            var variables = ((YamlMappingNode)Child(pipeline, "variables")!).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!);
            variables["Build.ArtifactStagingDirectory"] = staging;
            variables["Agent.TempDirectory"] = agentTemp;
            variables["project"] = Path.Combine(App("azureapp"), "azureapp.csproj");
            variables["glibcguardVersion"] = Feed.Version;
            variables["glibcguardSource"] = Feed.Feed;
            string Expand(string s)
            {
                for (int i = 0; i < 5; i++) s = Regex.Replace(s, @"\$\(([A-Za-z.]+)\)", m => variables.TryGetValue(m.Groups[1].Value, out string? v) ? v : m.Value);
                Assert.That(s, Does.Not.Match(@"\$\([A-Za-z.]+\)"), "every variable is defined");
                return s;
            }

            Dictionary<string, string?> environment = Feed.DotnetEnvironment();
            environment["TF_BUILD"] = "True";
            var results = new List<(string Name, Processes.Result Result)>();
            foreach (YamlNode step in steps.Where(s => Child(s, "script") != null))
            {
                results.Add((Scalar(step, "displayName"), Bash(Expand(Scalar(step, "script")), Feed.Root, environment)));
            }
            Assert.That(results.Take(2).Select(r => r.Result.ExitCode), Is.All.Zero, string.Join("\n", results.Select(r => r.Result.All)));
            Processes.Result check = results.Single(r => r.Name.StartsWith("Check native files")).Result;
            Assert.That(check.ExitCode, Is.EqualTo(1), "the finding fails the step: " + check.All);
            Assert.That(check.StdOut, Does.Match(@"##vso\[task\.logissue type=error;sourcepath=\S+/libnewglibc\.so;code=GG1001;\]GG1001: libnewglibc\.so needs GLIBC_2\."));
            Assert.That(check.StdOut.TrimEnd().Split('\n')[^1], Does.StartWith("##vso[task.complete result=Failed;]"));
            Assert.That(File.Exists(Path.Combine(Expand(Scalar(artifact, "PathtoPublish")), "glibcguard.sarif")), Is.True, "the SARIF file is in the folder the artifact step keeps");
        }

        [Test]
        public void The_github_workflow_parses_and_its_steps_annotate_the_run_and_write_the_sarif_file_it_uploads()
        {
            YamlMappingNode workflow = Load("github-workflow.yml");
            Assert.That(Scalar(Child(workflow, "permissions")!, "security-events"), Is.EqualTo("write"), "upload-sarif needs it");
            var steps = ((YamlSequenceNode)Child(Child(Child(workflow, "jobs")!, "check")!, "steps")!).Children.ToList();
            var uses = steps.Select(s => Scalar(s, "uses")).Where(u => u.Length > 0).ToList();
            Assert.That(uses, Is.All.Match(@"^[\w-]+/[\w/-]+@v\d+$"), "actions pinned to a major version");
            YamlNode upload = steps.Single(s => Scalar(s, "uses").StartsWith("github/codeql-action/upload-sarif@"));

            string workspace = Repo.TempDir("github-workspace"), summary = Path.Combine(Repo.TempDir("github-summary"), "summary.md");
            Dictionary<string, string?> environment = Feed.DotnetEnvironment();
            foreach (var pair in ((YamlMappingNode)Child(workflow, "env")!).Children)
            {
                environment[((YamlScalarNode)pair.Key).Value!] = ((YamlScalarNode)pair.Value).Value;
            }
            environment["PROJECT"] = Path.Combine(App("githubapp"), "githubapp.csproj");
            environment["GLIBCGUARD_VERSION"] = Feed.Version;
            environment["GLIBCGUARD_SOURCE"] = Feed.Feed;
            environment["GITHUB_ACTIONS"] = "true";
            environment["GITHUB_STEP_SUMMARY"] = summary;
            var results = new List<(string Name, Processes.Result Result)>();
            foreach (YamlNode step in steps.Where(s => Scalar(s, "run").Length > 0))
            {
                Assert.That(Scalar(step, "run"), Does.Not.Contain("${{"), "shell steps read the workflow's env, no expressions");
                results.Add((Scalar(step, "name"), Bash(Scalar(step, "run"), workspace, environment)));
            }
            Assert.That(results.Take(2).Select(r => r.Result.ExitCode), Is.All.Zero, string.Join("\n", results.Select(r => r.Result.All)));
            Processes.Result check = results.Single(r => r.Name == "Check native files").Result;
            Assert.That(check.ExitCode, Is.EqualTo(1), check.All);
            Assert.That(check.StdOut, Does.Match(@"::error file=publish/libnewglibc\.so,title=GG1001::libnewglibc\.so needs GLIBC_2\."), "a path relative to the workspace");
            Assert.That(File.ReadAllText(summary), Does.Contain("| error | [GG1001]("));
            Assert.That(File.Exists(Path.Combine(workspace, Scalar(Child(upload, "with")!, "sarif_file"))), Is.True, "the file upload-sarif uploads");
        }
    }
}
