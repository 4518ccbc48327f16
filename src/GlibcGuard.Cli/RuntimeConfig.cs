using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace GlibcGuard.Cli
{
    /// <summary>What a published app's *.runtimeconfig.json says about its globalization mode.</summary>
    internal static class RuntimeConfig
    {
        /// <summary>
        /// System.Globalization.Invariant from the *.runtimeconfig.json files at the top of the folders given: true or
        /// false when every one found says the same (a file without the setting means false, the runtime's default),
        /// null when there is none (a NativeAOT app bakes the setting in) or they disagree or cannot be read.
        /// </summary>
        public static bool? Invariant(IEnumerable<string> paths)
        {
            bool? found = null;
            foreach (string path in paths)
            {
                if (!Directory.Exists(path)) continue;
                foreach (string file in Directory.EnumerateFiles(path, "*.runtimeconfig.json"))
                {
                    bool? one = Read(file);
                    if (one is null || (found != null && found != one)) return null;
                    found = one;
                }
            }
            return found;
        }

        /// <summary>
        /// Whether a published app in the folders given ships an assembly that loads OpenSSL (System.Net.Http.dll, …):
        /// true when one is there, false when the folders hold an app's *.runtimeconfig.json and none of them, null
        /// when no folder holds a managed app (a NativeAOT executable, loose files).
        /// </summary>
        public static bool? UsesOpenSsl(IEnumerable<string> paths)
        {
            bool? found = null;
            foreach (string path in paths)
            {
                if (!Directory.Exists(path) || !Directory.EnumerateFiles(path, "*.runtimeconfig.json").Any()) continue;
                found = false;
                if (Compatibility.DotNetApp.OpenSslAssemblies.Any(a => File.Exists(Path.Combine(path, a)))) return true;
            }
            return found;
        }

        private static bool? Read(string file)
        {
            try
            {
                var info = new FileInfo(file);
                if (info.Length > 1 << 20) return null;
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                    doc.RootElement.TryGetProperty("runtimeOptions", out JsonElement options) && options.ValueKind == JsonValueKind.Object &&
                    options.TryGetProperty("configProperties", out JsonElement properties) && properties.ValueKind == JsonValueKind.Object &&
                    properties.TryGetProperty("System.Globalization.Invariant", out JsonElement invariant))
                {
                    return invariant.ValueKind == JsonValueKind.True ? true : invariant.ValueKind == JsonValueKind.False ? false : (bool?)null;
                }
                return false;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonException)
            {
                return null;
            }
        }
    }
}
