using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using GlibcGuard.Compatibility;
using GlibcGuard.Compatibility.Reports;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// The reports are written by GlibcGuard's own JSON writer (the .NET Framework task may not load System.Text.Json):
    /// its output is what System.Text.Json makes of the same report, and its text is pinned.
    /// </summary>
    [TestFixture]
    public class ReportWriterTests
    {
        private static (AnalysisResult Result, AnalysisOptions Options, System.Collections.Generic.List<AnalysisInput> Files) Sample()
        {
            string root = Repo.TempDir("reportwriter");
            foreach (var (rid, fixture) in new[] { ("linux-x64", "libnewglibc.so"), ("linux-arm64", "libgreet-aarch64.so.1"), ("linux-musl-x64", "libmuslgreet.so") })
            {
                Directory.CreateDirectory(Path.Combine(root, "runtimes", rid, "native"));
                File.Copy(Repo.Fixture(fixture), Path.Combine(root, "runtimes", rid, "native", "lib\"odd\\name\t\u00e9.so"));
            }
            File.WriteAllBytes(Path.Combine(root, "truncated.so"), File.ReadAllBytes(Repo.Fixture("libnewglibc.so")).Take(200).ToArray());
            var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories).OrderBy(f => f, System.StringComparer.Ordinal)
                .SelectMany(f => InputInspector.ReadIfElf(f, GlibcGuard.Inputs.InputReader.RidOf(Path.GetRelativePath(root, f)))).ToList();
            files.Add(new AnalysisInput(BinaryInspector.Inspect(Repo.Fixture("go-x86_64-cgo"))));
            BaselineCatalog.TryGet("centos8", out Baseline centos8);
            var options = new AnalysisOptions { Baseline = centos8 };
            return (Analyzer.Analyze(files, options), options, files);
        }

        [Test]
        public void The_json_report_is_what_System_Text_Json_makes_of_the_same_report()
        {
            var (result, options, files) = Sample();
            CheckReport report = CheckReport.From(result, options, matrix: true);
            Assert.That(report.Rids, Is.Not.Empty);
            Assert.That(report.Files.Any(f => f.Error != null), Is.True);
            JsonNode expected = JsonNode.Parse(JsonSerializer.Serialize(report, SystemTextJsonOracle.Options))!;
            JsonNode actual = JsonNode.Parse(report.ToJson())!;
            Assert.That(JsonNode.DeepEquals(actual, expected), Is.True, report.ToJson());
        }

        [Test]
        public void The_inspect_json_is_what_System_Text_Json_makes_of_the_same_facts()
        {
            // Every fixture, the sample's damaged and odd-named files, large system libraries, and the facts only a
            // package or a bundle gives (made here: the writer is under test, not the reader).
            var facts = Repo.AllFixtures().Select(f => BinaryInspector.Inspect(f)).ToList();
            facts.AddRange(Sample().Files.Select(f => f.Facts));
            facts.Add(BinaryInspector.Inspect("/usr/lib/x86_64-linux-gnu/libc.so.6"));
            facts.Add(BinaryInspector.Inspect(Directory.GetFiles("/usr/lib/x86_64-linux-gnu", "libstdc++.so.6.*").First()));
            BinaryFacts packaged = BinaryInspector.Inspect(Repo.Fixture("libnewglibc.so"));
            packaged.Package = new PackageFacts { Id = "Some.Package", Version = "1.2.3", Rid = RuntimeIdentifier.Parse("linux-x64") };
            packaged.Bundle = new System.Collections.Generic.List<BundleEntryFacts>
            {
                new BundleEntryFacts { Path = "app.dll", Size = 4096, CompressedSize = 1024, Type = "assembly" },
                new BundleEntryFacts { Path = "lib\u00e9.so", Size = 9, Type = "native" },
            };
            packaged.Warnings.Add("a \"quoted\" warning\twith a tab");
            facts.Add(packaged);
            Assert.That(facts.Any(f => f.Go != null) && facts.Any(f => f.Error != null) && facts.Any(f => f.X86IsaNeeded != null), Is.True, "the facts cover Go, errors and ISA levels");
            JsonNode expected = JsonNode.Parse(JsonSerializer.Serialize(facts.ToArray(), SystemTextJsonOracle.Options))!;
            string json = FactsJson.ToJson(facts);
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(json), expected), Is.True, json);
        }

        [Test]
        public void The_sarif_report_parses_and_names_each_finding()
        {
            var (result, _, _) = Sample();
            JsonNode sarif = JsonNode.Parse(SarifReport.ToSarif(result))!;
            JsonArray results = sarif["runs"]![0]!["results"]!.AsArray();
            Assert.That(results.Select(r => r!["ruleId"]!.GetValue<string>()), Is.EqualTo(result.Findings.Select(f => f.Code)));
            Assert.That(results.Select(r => r!["message"]!["text"]!.GetValue<string>()), Is.EqualTo(result.Findings.Select(f => f.FullMessage)));
        }

        [Test]
        public void Json_text_indents_by_two_and_escapes_only_what_json_requires()
        {
            string json = new JsonText().StartObject()
                .Property("text", "quote \" backslash \\ tab \t newline \n bell \u0007 del \u007f é 😀 lone \ud800")
                .Property("list", new[] { "a" }).Name("empty").StartArray().EndArray().Name("none").StartObject().EndObject()
                .Property("n", -5L).Property("yes", true).Name("nothing").Null().EndObject().ToString();
            Assert.That(json, Is.EqualTo("{\n  \"text\": \"quote \\\" backslash \\\\ tab \\t newline \\n bell \\u0007 del \\u007F é 😀 lone \\uD800\",\n" +
                "  \"list\": [\n    \"a\"\n  ],\n  \"empty\": [],\n  \"none\": {},\n  \"n\": -5,\n  \"yes\": true,\n  \"nothing\": null\n}"));
            Assert.That(JsonNode.Parse(json), Is.Not.Null, "valid JSON");
            string text = "quote \" backslash \\ tab \t newline \n bell \u0007 del \u007f é 😀";
            Assert.That(JsonNode.Parse(new JsonText().StartObject().Property("text", text).EndObject().ToString())!["text"]!.GetValue<string>(), Is.EqualTo(text));
        }
    }
}
