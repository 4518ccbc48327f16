using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Inputs;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Inputs
{
    /// <summary>
    /// The JSON reader the task uses for project.assets.json, and what is read from it: the chain from a project's
    /// own reference to a package, what each dependent asks for, Central Package Management, the sources.
    /// </summary>
    [TestFixture]
    public class ProjectAssetsTests
    {
        [Test]
        public void Json_values_are_read_with_their_escapes_and_bad_text_is_refused_with_its_place()
        {
            var value = JsonValues.Parse("{\"a\": [1, -2.5e1, true, false, null], \"b\": \"x\\\"y\\\\z\\u00e9\\n\", \"a2\": {}}");
            Assert.That(JsonValues.Member(value, "b"), Is.EqualTo("x\"y\\z\u00e9\n"));
            Assert.That((List<object?>)JsonValues.Member(value, "a")!, Is.EqualTo(new object?[] { 1.0, -25.0, true, false, null }));
            Assert.That(JsonValues.Members(JsonValues.Member(value, "a2")), Is.Empty);

            foreach (var (text, why) in new[]
            {
                ("{\"a\": 1,}", "a member name was expected at character 8"),
                ("[1 2]", "',' or ']' was expected at character 3"),
                ("{\"a\": \"open", "a string is not closed"),
                ("{} x", "text after the value at character 3"),
                ("\"\\q\"", "unknown escape '\\q'"),
                (new string('[', 200) + new string(']', 200), "nesting deeper than 128"),
                ("", "end of text where a value was expected"),
            })
            {
                var e = Assert.Throws<FormatException>(() => JsonValues.Parse(text), text)!;
                Assert.That(e.Message, Does.Contain(why), text);
            }
        }

        private const string Assets = @"{
  ""version"": 3,
  ""targets"": {
    ""net8.0"": {
      ""Top/1.0.0"": { ""type"": ""package"", ""dependencies"": { ""Middle"": ""2.0.0"" } },
      ""Middle/2.0.0"": { ""type"": ""package"", ""dependencies"": { ""Native"": ""[3.0.0, )"" } },
      ""Native/3.0.0"": { ""type"": ""package"" },
      ""Other/1.0.0"": { ""type"": ""package"", ""dependencies"": { ""Native"": ""3.0.0"" } },
      ""Lib/1.0.0"": { ""type"": ""project"" }
    },
    ""net8.0/linux-x64"": {
      ""Top/1.0.0"": { ""type"": ""package"", ""dependencies"": { ""Middle"": ""2.0.0"" } },
      ""Middle/2.0.0"": { ""type"": ""package"", ""dependencies"": { ""Native"": ""[3.0.0, )"", ""Native.Linux"": ""3.0.0"" } },
      ""Native/3.0.0"": { ""type"": ""package"" },
      ""Native.Linux/3.0.0"": { ""type"": ""package"" },
      ""Other/1.0.0"": { ""type"": ""package"", ""dependencies"": { ""Native"": ""3.0.0"" } }
    }
  },
  ""project"": {
    ""restore"": {
      ""projectPath"": ""/src/app/app.csproj"",
      ""sources"": { ""/feeds/local"": {}, ""https://feed.example/v3/index.json"": {} },
      ""centralPackageVersionsManagementEnabled"": true
    },
    ""frameworks"": {
      ""net8.0"": { ""dependencies"": { ""Top"": { ""target"": ""Package"", ""version"": ""[1.0.0, )"" }, ""Other"": { ""target"": ""Package"", ""version"": ""[1.0.0, )"" } } }
    }
  }
}";

        private static string Write(string text)
        {
            string path = Path.Combine(Repo.TempDir("assets"), "project.assets.json");
            File.WriteAllText(path, text);
            return path;
        }

        [Test]
        public void The_chain_runs_from_the_projects_own_reference_to_the_package_in_the_restored_target()
        {
            ProjectAssets assets = ProjectAssets.Read(Write(Assets), "net8.0", "linux-x64", out string? error)!;
            Assert.That(error, Is.Null);
            Assert.That(assets.ChainTo("native.linux"), Is.EqualTo(new[] { ("Top", "1.0.0"), ("Middle", "2.0.0"), ("Native.Linux", "3.0.0") }),
                "by the RID's target, ids matched without case");
            Assert.That(assets.ChainTo("Native"), Is.EqualTo(new[] { ("Other", "1.0.0"), ("Native", "3.0.0") }), "the shortest path");
            Assert.That(assets.ChainTo("Top"), Is.EqualTo(new[] { ("Top", "1.0.0") }));
            Assert.That(assets.ChainTo("Missing"), Is.Null);
            Assert.That(assets.Dependents("Native"), Is.EqualTo(new[] { ("Middle", "2.0.0", "[3.0.0, )"), ("Other", "1.0.0", "3.0.0") }));
            Assert.That((assets.IsDirect("top"), assets.IsDirect("Middle")), Is.EqualTo((true, false)));
            Assert.That((assets.CentralPackageManagement, assets.ProjectPath), Is.EqualTo((true, "/src/app/app.csproj")));
            Assert.That(assets.Sources, Is.EqualTo(new[] { "/feeds/local", "https://feed.example/v3/index.json" }));

            ProjectAssets portable = ProjectAssets.Read(Write(Assets), "net8.0", "", out _)!;
            Assert.That(portable.ChainTo("Native.Linux"), Is.Null, "a publish without a RID restores the RID-less target");
        }

        [Test]
        public void A_missing_or_damaged_assets_file_gives_a_reason_not_a_crash()
        {
            Assert.That(ProjectAssets.Read("/nonexistent/project.assets.json", null, null, out string? missing), Is.Null);
            Assert.That(missing, Is.EqualTo("not there (run restore)"));
            Assert.That(ProjectAssets.Read(Write("{\"targets\": {"), null, null, out string? damaged), Is.Null);
            Assert.That(damaged, Does.StartWith("JSON: "));
            ProjectAssets odd = ProjectAssets.Read(Write("{\"targets\": [1, 2], \"project\": \"x\"}"), null, null, out _)!;
            Assert.That((odd.ChainTo("A"), odd.Sources.Count, odd.CentralPackageManagement), Is.EqualTo(((IReadOnlyList<(string, string)>?)null, 0, false)),
                "values of the wrong kind read as absent");
        }
    }
}
