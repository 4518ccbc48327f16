using System.Collections.Generic;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GlibcGuard.Compatibility.Reports
{
    /// <summary>Source-generated serialization of the report: no reflection, no warm-up cost at start.</summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
    [JsonSerializable(typeof(CheckReport))]
    [JsonSerializable(typeof(BinaryFacts[]))]
    internal sealed partial class ReportJsonContext : JsonSerializerContext
    {
    }

    /// <summary>
    /// The JSON report of a check (schema version 1, documented in docs/report-format.md). Field names and
    /// meanings only grow; a change that breaks readers raises <see cref="SchemaVersion"/>.
    /// </summary>
    internal sealed class CheckReport
    {
        public const int SchemaVersion = 1;

        public int Schema { get; set; } = SchemaVersion;
        public ToolInfo Tool { get; set; } = new ToolInfo();
        public BaselineInfo Baseline { get; set; } = new BaselineInfo();
        public TargetInfo Target { get; set; } = new TargetInfo();
        public SummaryInfo Summary { get; set; } = new SummaryInfo();
        public List<FileInfo> Files { get; set; } = new List<FileInfo>();
        public List<FindingInfo> Findings { get; set; } = new List<FindingInfo>();
        /// <summary>Every built-in baseline's verdict, when asked for (--matrix); null otherwise.</summary>
        public List<MatrixInfo>? Matrix { get; set; }
        /// <summary>For a portable set: per glibc Linux RID, whether it runs on the baseline as that RID; empty otherwise.</summary>
        public List<RidInfo> Rids { get; set; } = new List<RidInfo>();

        public sealed class RidInfo
        {
            public string Rid { get; set; } = "";
            public int Files { get; set; }
            public bool Runs { get; set; }
            public string? Reason { get; set; }
            public List<string> RunsOn { get; set; } = new List<string>();
        }

        public sealed class MatrixInfo
        {
            public string Baseline { get; set; } = "";
            public string Glibc { get; set; } = "";
            public bool Runs { get; set; }
            public string? Reason { get; set; }
        }

        public sealed class ToolInfo
        {
            public string Name { get; set; } = "glibcguard";
            public string Version { get; set; } = ToolVersion.Current;
        }

        public sealed class BaselineInfo
        {
            public string Id { get; set; } = "";
            public string DisplayName { get; set; } = "";
            public string Glibc { get; set; } = "";
            public string Kernel { get; set; } = "";
            public string Source { get; set; } = "";
        }

        public sealed class TargetInfo
        {
            public string? Machine { get; set; }
            public string Libc { get; set; } = "glibc";
        }

        public sealed class SummaryInfo
        {
            public int Files { get; set; }
            public int Errors { get; set; }
            public int Warnings { get; set; }
            public int Infos { get; set; }
            public int Unchecked { get; set; }
            public bool Compatible { get; set; }
            public List<string> RunsOn { get; set; } = new List<string>();
        }

        public sealed class FileInfo
        {
            public string Path { get; set; } = "";
            public string? Machine { get; set; }
            public string? Type { get; set; }
            public string? Libc { get; set; }
            public string? Package { get; set; }
            public SortedDictionary<string, string> MaxVersions { get; set; } = new SortedDictionary<string, string>();
            public List<string> RunsOn { get; set; } = new List<string>();
            public ReadError? Error { get; set; }
        }

        public sealed class FindingInfo
        {
            public string Code { get; set; } = "";
            public string Severity { get; set; } = "";
            public string File { get; set; } = "";
            public string Message { get; set; } = "";
            public string? Fix { get; set; }
            public string? Library { get; set; }
            public string? Version { get; set; }
            public List<string> Symbols { get; set; } = new List<string>();
            public string HelpLink { get; set; } = "";
        }

        /// <summary>Builds the report of an analysis.</summary>
        public static CheckReport From(AnalysisResult result, AnalysisOptions options, IReadOnlyList<MatrixRow>? matrix = null)
        {
            var set = new FileSet(result.Files);
            var report = new CheckReport
            {
                Baseline = new BaselineInfo
                {
                    Id = result.Baseline.Id,
                    DisplayName = result.Baseline.DisplayName,
                    Glibc = result.Baseline.GlibcVersion,
                    Kernel = result.Baseline.Kernel,
                    Source = result.Baseline.Source,
                },
                Target = new TargetInfo { Machine = options.TargetMachine?.Name, Libc = options.TargetIsMusl ? "musl" : "glibc" },
                Summary = new SummaryInfo
                {
                    Files = result.Files.Count,
                    Errors = result.Count(Severity.Error),
                    Warnings = result.Count(Severity.Warning),
                    Infos = result.Count(Severity.Info),
                    Unchecked = result.Unchecked,
                    Compatible = result.IsCompatible,
                    RunsOn = result.RunsOn.ToList(),
                },
            };
            report.Rids = result.RidVerdicts.Select(v => new RidInfo { Rid = v.Rid.Value, Files = v.Files, Runs = v.Runs, Reason = v.Reason, RunsOn = v.RunsOn.ToList() }).ToList();
            report.Matrix = matrix?.Select(m => new MatrixInfo { Baseline = m.Baseline.Id, Glibc = m.Baseline.GlibcVersion, Runs = m.Passes, Reason = m.Reason }).ToList();
            foreach (AnalysisInput input in result.Files)
            {
                report.Files.Add(new FileInfo
                {
                    Path = input.Facts.Path,
                    Machine = input.Facts.Machine?.Name,
                    Type = input.Facts.Type?.Name(),
                    Libc = input.Facts.Libc?.Name(),
                    Package = input.PackageId is null ? null : input.PackageId + (input.PackageVersion is null ? "" : "/" + input.PackageVersion),
                    MaxVersions = input.Facts.MaxVersions,
                    RunsOn = input.Facts.Error is null ? Analyzer.RunsOnForFile(input, set).ToList() : new List<string>(),
                    Error = input.Facts.Error,
                });
            }
            foreach (Finding f in result.Findings)
            {
                report.Findings.Add(new FindingInfo
                {
                    Code = f.Code,
                    Severity = f.Severity.ToString().ToLowerInvariant(),
                    File = f.File,
                    Message = f.Message,
                    Fix = f.Fix,
                    Library = f.Library,
                    Version = f.Version,
                    Symbols = f.Symbols.ToList(),
                    HelpLink = f.HelpLink,
                });
            }
            return report;
        }

        /// <summary>Serializes with the report's conventions: camelCase, indented, nulls written out.</summary>
        public string ToJson() => JsonSerializer.Serialize(this, Context.CheckReport);

        /// <summary>The JSON of `glibcguard inspect`: one object per file, with the same conventions.</summary>
        public static string ToJson(BinaryFacts[] facts) => JsonSerializer.Serialize(facts, Context.BinaryFactsArray);

        private static ReportJsonContext? s_context;
        private static ReportJsonContext Context => s_context ??= new ReportJsonContext(new JsonSerializerOptions(JsonOptions));

        /// <summary>The JSON options every GlibcGuard JSON output uses.</summary>
        public static readonly JsonSerializerOptions JsonOptions = CreateOptions();

        private static JsonSerializerOptions CreateOptions()
        {
            var options = new JsonSerializerOptions
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                WriteIndented = true,
                DefaultIgnoreCondition = JsonIgnoreCondition.Never,
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            };
            FactConverters.AddTo(options);
            return options;
        }
    }
}
