using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility.Reports
{
    /// <summary>
    /// SARIF 2.1.0 output: one run, rule ids are the GG codes, one result per finding. Written by
    /// <see cref="JsonText"/>, so the .NET Framework task and the .NET builds write the same bytes.
    /// </summary>
    internal static class SarifReport
    {
        public static string ToSarif(AnalysisResult result)
        {
            var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (AnalysisInput input in result.Files) sizes[input.Facts.Path] = input.Facts.Size;
            return ToSarif(result.Findings, sizes, w => w.Property("baseline", result.Baseline.Id).Property("runsOn", result.RunsOn));
        }

        /// <summary>
        /// SARIF for any findings (a check's, a diff's): <paramref name="sizes"/> gives each file's length for its
        /// region (0 when not known), <paramref name="properties"/> writes the run's own properties.
        /// </summary>
        public static string ToSarif(IReadOnlyList<Finding> findings, IReadOnlyDictionary<string, long> sizes, Action<JsonText> properties)
        {
            var usedIds = findings.Select(f => f.Id).Distinct().OrderBy(id => (int)id).ToList();

            var w = new JsonText();
            w.StartObject();
            w.Property("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            w.Property("version", "2.1.0");
            w.Name("runs").StartArray().StartObject();
            w.Name("tool").StartObject().Name("driver").StartObject();
            w.Property("name", "GlibcGuard").Property("version", ToolVersion.Current).Property("informationUri", DiagnosticIdExtensions.DocsBase);
            w.Name("rules").StartArray();
            foreach (DiagnosticId id in usedIds)
            {
                Diagnostic d = Diagnostics.Of(id);
                w.StartObject().Property("id", d.Code).Property("name", id.ToString());
                w.Name("shortDescription").StartObject().Property("text", d.Title).EndObject();
                w.Property("helpUri", d.HelpLink);
                w.Name("defaultConfiguration").StartObject().Property("level", Level(d.Severity)).EndObject();
                w.EndObject();
            }
            w.EndArray().EndObject().EndObject(); // rules, driver, tool
            w.Name("invocations").StartArray().StartObject().Property("executionSuccessful", true).EndObject().EndArray();
            w.Name("properties").StartObject();
            properties(w);
            w.EndObject();
            w.Name("results").StartArray();
            foreach (Finding f in findings)
            {
                w.StartObject().Property("ruleId", f.Code).Property("ruleIndex", usedIds.IndexOf(f.Id)).Property("level", Level(f.Severity));
                w.Name("message").StartObject().Property("text", f.FullMessage).EndObject();
                if (f.File.Length > 0)
                {
                    w.Name("locations").StartArray().StartObject().Name("physicalLocation").StartObject();
                    w.Name("artifactLocation").StartObject().Property("uri", ToUri(f.File)).EndObject();
                    // A finding is about the whole binary: the region is all of its bytes.
                    w.Name("region").StartObject().Property("byteOffset", 0).Property("byteLength", sizes.TryGetValue(f.File, out long size) ? size : 0).EndObject();
                    w.EndObject().EndObject().EndArray();
                }
                if (f.Library != null || f.Version != null || f.Symbols.Count > 0)
                {
                    w.Name("properties").StartObject();
                    if (f.Library != null) w.Property("library", f.Library);
                    if (f.Version != null) w.Property("version", f.Version);
                    if (f.Symbols.Count > 0) w.Property("symbols", f.Symbols);
                    w.EndObject();
                }
                w.EndObject();
            }
            w.EndArray();
            w.EndObject().EndArray(); // the run, runs
            w.EndObject();
            return w.ToString();
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
