using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GlibcGuard.Compatibility.Reports
{
    /// <summary>SARIF 2.1.0 output: one run, rule ids are the GG codes, one result per finding.</summary>
    internal static class SarifReport
    {
        public static string ToSarif(AnalysisResult result)
        {
            var usedIds = result.Findings.Select(f => f.Id).Distinct().OrderBy(id => (int)id).ToList();
            var rules = new JsonArray();
            foreach (DiagnosticId id in usedIds)
            {
                var (title, severity) = DiagnosticDescriptions.All[id];
                rules.Add((JsonNode)new JsonObject
                {
                    ["id"] = id.AsString(),
                    ["name"] = id.ToString(),
                    ["shortDescription"] = new JsonObject { ["text"] = title },
                    ["helpUri"] = id.HelpLink(),
                    ["defaultConfiguration"] = new JsonObject { ["level"] = Level(severity) },
                });
            }
            var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (AnalysisInput input in result.Files) sizes[input.Facts.Path] = input.Facts.Size;
            var results = new JsonArray();
            foreach (Finding f in result.Findings)
            {
                var entry = new JsonObject
                {
                    ["ruleId"] = f.Code,
                    ["ruleIndex"] = usedIds.IndexOf(f.Id),
                    ["level"] = Level(f.Severity),
                    ["message"] = new JsonObject { ["text"] = f.FullMessage },
                };
                if (f.File.Length > 0)
                {
                    entry["locations"] = new JsonArray(new JsonObject
                    {
                        ["physicalLocation"] = new JsonObject
                        {
                            ["artifactLocation"] = new JsonObject { ["uri"] = ToUri(f.File) },
                            // A finding is about the whole binary: the region is all of its bytes.
                            ["region"] = new JsonObject { ["byteOffset"] = 0, ["byteLength"] = sizes.TryGetValue(f.File, out long size) ? size : 0 },
                        },
                    });
                }
                var properties = new JsonObject();
                if (f.Library != null) properties["library"] = f.Library;
                if (f.Version != null) properties["version"] = f.Version;
                if (f.Symbols.Count > 0) properties["symbols"] = new JsonArray(f.Symbols.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
                if (properties.Count > 0) entry["properties"] = properties;
                results.Add((JsonNode)entry);
            }
            var root = new JsonObject
            {
                ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
                ["version"] = "2.1.0",
                ["runs"] = new JsonArray(new JsonObject
                {
                    ["tool"] = new JsonObject
                    {
                        ["driver"] = new JsonObject
                        {
                            ["name"] = "GlibcGuard",
                            ["version"] = ToolVersion.Current,
                            ["informationUri"] = DiagnosticIdExtensions.DocsBase,
                            ["rules"] = rules,
                        },
                    },
                    ["invocations"] = new JsonArray(new JsonObject { ["executionSuccessful"] = true }),
                    ["properties"] = new JsonObject { ["baseline"] = result.Baseline.Id },
                    ["results"] = results,
                }),
            };
            return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        }

        private static string Level(Severity severity) => severity == Severity.Error ? "error" : severity == Severity.Warning ? "warning" : "note";

        // Relative paths stay relative (code-scanning tools resolve them against the checkout); each segment is escaped.
        private static string ToUri(string path)
        {
            string p = path.Replace('\\', '/');
            bool absolute = p.StartsWith("/", StringComparison.Ordinal);
            string escaped = string.Join("/", p.Split('/').Select(Uri.EscapeDataString));
            return absolute ? "file://" + escaped : escaped.StartsWith("./", StringComparison.Ordinal) ? escaped.Substring(2) : escaped;
        }
    }
}
