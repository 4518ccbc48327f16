using System;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using GlibcGuard.Compatibility;

namespace GlibcGuard.Tests.Infrastructure
{
    /// <summary>
    /// System.Text.Json set up as GlibcGuard's JSON conventions say (camelCase names, nulls written, the typed facts
    /// by their names), serializing by reflection: what the reports' own writer must agree with.
    /// </summary>
    internal static class SystemTextJsonOracle
    {
        public static readonly JsonSerializerOptions Options = Create();

        private static JsonSerializerOptions Create()
        {
            var options = new JsonSerializerOptions
            {
                PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
                WriteIndented = true,
                DefaultIgnoreCondition = JsonIgnoreCondition.Never,
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            };
            options.Converters.Add(new Named<Architecture>(a => a.Name));
            options.Converters.Add(new Named<ObjectKind>(k => k.Name()));
            options.Converters.Add(new Named<Linkage>(l => l.Name()));
            options.Converters.Add(new Named<ByteOrder>(b => b.Name()));
            options.Converters.Add(new Named<LibcKind>(c => c.Name()));
            options.Converters.Add(new Named<X86IsaLevel>(i => i.Name()));
            options.Converters.Add(new Named<DiagnosticId>(d => d.AsString()));
            options.Converters.Add(new NamedClass<RuntimeIdentifier>(r => r.Value));
            return options;
        }

        private sealed class Named<T> : JsonConverter<T> where T : struct
        {
            private readonly Func<T, string> _name;

            public Named(Func<T, string> name) => _name = name;

            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(_name(value));
        }

        private sealed class NamedClass<T> : JsonConverter<T> where T : class
        {
            private readonly Func<T, string> _name;

            public NamedClass(Func<T, string> name) => _name = name;

            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(_name(value));
        }
    }
}
