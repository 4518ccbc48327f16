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
                // One pass of the reader over the file (a JSON document model would cost the tool's size more than
                // this question is worth): runtimeOptions.configProperties."System.Globalization.Invariant" (the last
                // one, should the file repeat it); a file that says nothing is not invariant, one that is not JSON unknown.
                var reader = new Utf8JsonReader(File.ReadAllBytes(file), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                bool? invariant = false;
                string? under = null, within = null; // the property names at depths 1 and 2 of the path being read
                while (reader.Read())
                {
                    if (reader.TokenType != JsonTokenType.PropertyName) continue;
                    switch (reader.CurrentDepth)
                    {
                        case 1:
                            under = reader.GetString();
                            within = null;
                            break;
                        case 2:
                            within = reader.GetString();
                            break;
                        case 3 when under == "runtimeOptions" && within == "configProperties" && reader.ValueTextEquals("System.Globalization.Invariant"):
                            reader.Read();
                            invariant = reader.TokenType == JsonTokenType.True ? true : reader.TokenType == JsonTokenType.False ? false : (bool?)null;
                            break;
                    }
                }
                return invariant;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is JsonException)
            {
                return null;
            }
        }
    }
}
