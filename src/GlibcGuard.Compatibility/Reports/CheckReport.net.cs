using System.Collections.Generic;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GlibcGuard.Compatibility.Reports
{
    /// <summary>Source-generated serialization of the report: no reflection, no warm-up cost at start.</summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
    [JsonSerializable(typeof(BinaryFacts[]))]
    internal sealed partial class ReportJsonContext : JsonSerializerContext
    {
    }

    /// <summary>`glibcguard inspect`'s JSON, with System.Text.Json (the .NET builds only).</summary>
    internal sealed partial class CheckReport
    {
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
