using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GlibcGuard.Inputs
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
                if (OpenSslAssemblies.Any(a => File.Exists(Path.Combine(path, a)))) return true;
            }
            return found;
        }

        /// <summary>The assemblies whose code loads OpenSSL on Linux: any one in a publish means the app may.</summary>
        public static readonly IReadOnlyList<string> OpenSslAssemblies = new[]
        {
            "System.Security.Cryptography.dll", "System.Net.Security.dll", "System.Net.Http.dll", "System.Net.Quic.dll",
        };

        private static bool? Read(string file)
        {
            try
            {
                var info = new FileInfo(file);
                if (info.Length > 1 << 20) return null;
                return InvariantIn(File.ReadAllText(file));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }
        }

        /// <summary>
        /// runtimeOptions.configProperties."System.Globalization.Invariant" of a runtimeconfig.json's text, as the host
        /// reads it (comments and trailing commas allowed): true or false; false when the file says nothing (the
        /// runtime's default); null when it is not JSON or the value is not a boolean.
        /// </summary>
        public static bool? InvariantIn(string text)
        {
            object? json;
            try
            {
                json = JsonValues.Parse(text, lenient: true);
            }
            catch (FormatException)
            {
                return null;
            }
            object? properties = JsonValues.Member(JsonValues.Member(json, "runtimeOptions"), "configProperties");
            if (!(properties is Dictionary<string, object?> map) || !map.TryGetValue("System.Globalization.Invariant", out object? value)) return false;
            return value is bool b ? b : (bool?)null;
        }
    }
}
