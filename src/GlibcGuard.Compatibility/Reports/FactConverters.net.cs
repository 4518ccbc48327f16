using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GlibcGuard.Compatibility.Reports
{
    /// <summary>
    /// The typed facts in JSON: each as the name reports have always used ("x86_64", "shared-library", "GG0001"),
    /// written by the same name tables the text output uses. Reports are written, never read back, by the tool.
    /// </summary>
    internal static class FactConverters
    {
        public static void AddTo(JsonSerializerOptions options)
        {
            options.Converters.Add(new Named<Architecture>(a => a.Name));
            options.Converters.Add(new Named<ObjectKind>(k => k.Name()));
            options.Converters.Add(new Named<Linkage>(l => l.Name()));
            options.Converters.Add(new Named<ByteOrder>(b => b.Name()));
            options.Converters.Add(new Named<LibcKind>(c => c.Name()));
            options.Converters.Add(new Named<X86IsaLevel>(i => i.Name()));
            options.Converters.Add(new Named<DiagnosticId>(d => d.AsString()));
            options.Converters.Add(new NamedClass<RuntimeIdentifier>(r => r.Value));
        }

        private sealed class Named<T> : JsonConverter<T> where T : struct
        {
            private readonly Func<T, string> _name;

            public Named(Func<T, string> name) => _name = name;

            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                throw new NotSupportedException("GlibcGuard writes reports; it does not read them back");

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(_name(value));
        }

        private sealed class NamedClass<T> : JsonConverter<T> where T : class
        {
            private readonly Func<T, string> _name;

            public NamedClass(Func<T, string> name) => _name = name;

            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                throw new NotSupportedException("GlibcGuard writes reports; it does not read them back");

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(_name(value));
        }
    }
}
