using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility.Reports
{
    /// <summary>
    /// The JSON report of a check (schema version 1, documented in docs/report-format.md). Field names and
    /// meanings only grow; a change that breaks readers raises <see cref="SchemaVersion"/>.
    /// </summary>
    internal sealed partial class CheckReport
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
            /// <summary>What must be installed beyond the baseline's minimal install (sonames, "ICU", "OpenSSL").</summary>
            public List<string> Requires { get; set; } = new List<string>();
            public List<string> RunsOn { get; set; } = new List<string>();
        }

        public sealed class MatrixInfo
        {
            public string Baseline { get; set; } = "";
            public string Glibc { get; set; } = "";
            public bool Runs { get; set; }
            public string? Reason { get; set; }
            /// <summary>What must be installed beyond the baseline's minimal install (sonames, "ICU", "OpenSSL").</summary>
            public List<string> Requires { get; set; } = new List<string>();
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
            /// <summary>The glibc version; null for a musl baseline (an Alpine image).</summary>
            public string? Glibc { get; set; }
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
            public IReadOnlyDictionary<string, string> MaxVersions { get; set; } = s_noVersions;
            public IReadOnlyList<string> RunsOn { get; set; } = Array.Empty<string>();
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
        private static readonly IReadOnlyDictionary<string, string> s_noVersions = new Dictionary<string, string>();

        public static CheckReport From(AnalysisResult result, AnalysisOptions options, bool matrix = false)
        {
            var report = new CheckReport
            {
                Baseline = new BaselineInfo
                {
                    Id = result.Baseline.Id,
                    DisplayName = result.Baseline.DisplayName,
                    Glibc = result.Baseline.IsMusl ? null : result.Baseline.GlibcVersion,
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
            report.Rids = result.RidVerdicts.Select(v => new RidInfo { Rid = v.Rid.Value, Files = v.Files, Runs = v.Runs, Reason = v.Reason, Requires = v.Requires.ToList(), RunsOn = v.RunsOn.ToList() }).ToList();
            report.Matrix = matrix ? result.Matrix.Select(m => new MatrixInfo { Baseline = m.Baseline.Id, Glibc = m.Baseline.GlibcVersion, Runs = m.Passes, Reason = m.Reason, Requires = m.Requires.ToList() }).ToList() : null;
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
                    RunsOn = input.Facts.Error is null ? result.RunsOnFor(input) : Array.Empty<string>(),
                    Error = input.Facts.Error,
                });
            }
            foreach (Finding f in result.Findings)
            {
                report.Findings.Add(new FindingInfo
                {
                    Code = f.Code,
                    Severity = f.Severity.Name(),
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

        /// <summary>
        /// The report as JSON (camelCase, indented, nulls written out), written by <see cref="JsonText"/> so that the
        /// .NET Framework task and the .NET builds write the same bytes.
        /// </summary>
        public string ToJson()
        {
            var text = new System.IO.StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            WriteJson(text);
            return text.ToString();
        }

        /// <summary>As <see cref="ToJson()"/>, straight into <paramref name="writer"/> (the command line writes a large report without making it one string).</summary>
        public void WriteJson(System.IO.TextWriter writer)
        {
            var w = new JsonText(writer);
            w.StartObject();
            w.Property("schema", Schema);
            w.Name("tool").StartObject().Property("name", Tool.Name).Property("version", Tool.Version).EndObject();
            w.Name("baseline").StartObject()
                .Property("id", Baseline.Id).Property("displayName", Baseline.DisplayName).Property("glibc", Baseline.Glibc)
                .Property("kernel", Baseline.Kernel).Property("source", Baseline.Source).EndObject();
            w.Name("target").StartObject().Property("machine", Target.Machine).Property("libc", Target.Libc).EndObject();
            w.Name("summary").StartObject()
                .Property("files", Summary.Files).Property("errors", Summary.Errors).Property("warnings", Summary.Warnings)
                .Property("infos", Summary.Infos).Property("unchecked", Summary.Unchecked).Property("compatible", Summary.Compatible)
                .Property("runsOn", Summary.RunsOn).EndObject();
            w.Name("files").StartArray();
            foreach (FileInfo f in Files)
            {
                w.StartObject().Property("path", f.Path).Property("machine", f.Machine).Property("type", f.Type).Property("libc", f.Libc).Property("package", f.Package);
                w.Name("maxVersions").StartObject();
                foreach (KeyValuePair<string, string> v in f.MaxVersions) w.Property(v.Key, v.Value);
                w.EndObject();
                w.Property("runsOn", f.RunsOn);
                w.Name("error");
                if (f.Error is null) w.Null();
                else w.StartObject().Property("code", f.Error.Code.AsString()).Property("message", f.Error.Message).Name("offset").Number(f.Error.Offset).EndObject();
                w.EndObject();
            }
            w.EndArray();
            w.Name("findings").StartArray();
            foreach (FindingInfo f in Findings)
            {
                w.StartObject().Property("code", f.Code).Property("severity", f.Severity).Property("file", f.File).Property("message", f.Message)
                    .Property("fix", f.Fix).Property("library", f.Library).Property("version", f.Version).Property("symbols", f.Symbols)
                    .Property("helpLink", f.HelpLink).EndObject();
            }
            w.EndArray();
            w.Name("matrix");
            if (Matrix is null)
            {
                w.Null();
            }
            else
            {
                w.StartArray();
                foreach (MatrixInfo m in Matrix)
                {
                    w.StartObject().Property("baseline", m.Baseline).Property("glibc", m.Glibc).Property("runs", m.Runs).Property("reason", m.Reason).Property("requires", m.Requires).EndObject();
                }
                w.EndArray();
            }
            w.Name("rids").StartArray();
            foreach (RidInfo r in Rids)
            {
                w.StartObject().Property("rid", r.Rid).Property("files", r.Files).Property("runs", r.Runs).Property("reason", r.Reason).Property("requires", r.Requires).Property("runsOn", r.RunsOn).EndObject();
            }
            w.EndArray();
            w.EndObject();
        }
    }
}
