using System;
using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    /// <summary>
    /// What a Go binary says about its own build (the runtime.buildVersion and runtime.modinfo strings the Go
    /// linker stores in .go.buildinfo): toolchain version, main module and build settings.
    /// </summary>
    internal sealed class GoBuildInfo
    {
        internal GoBuildInfo(string goVersion, string? path, string? mainModule, string? mainVersion,
            IReadOnlyDictionary<string, string> settings, int dependencyCount, bool pointerFormat)
        {
            GoVersion = goVersion;
            Path = path;
            MainModule = mainModule;
            MainModuleVersion = mainVersion;
            Settings = settings;
            DependencyCount = dependencyCount;
            IsPointerFormat = pointerFormat;
        }

        /// <summary>The toolchain that built the binary, e.g. "go1.22.3".</summary>
        public string GoVersion { get; }
        /// <summary>The main package path ("path" line), or null.</summary>
        public string? Path { get; }
        /// <summary>The main module path ("mod" line), or null.</summary>
        public string? MainModule { get; }
        /// <summary>The main module version, e.g. "(devel)", or null.</summary>
        public string? MainModuleVersion { get; }
        /// <summary>Build settings ("build" lines): CGO_ENABLED, GOOS, GOARCH, GOAMD64, -ldflags, -buildmode, …</summary>
        public IReadOnlyDictionary<string, string> Settings { get; }
        /// <summary>Number of "dep" lines (module dependencies).</summary>
        public int DependencyCount { get; }
        /// <summary>True for the pre-Go 1.18 layout, where the header holds pointers to the strings.</summary>
        public bool IsPointerFormat { get; }

        /// <summary>CGO_ENABLED from the build settings: true, false, or null when the binary does not say.</summary>
        public bool? CgoEnabled => Settings.TryGetValue("CGO_ENABLED", out string? v) ? v == "1" : (bool?)null;

        internal static GoBuildInfo Parse(string version, string modinfo, bool pointerFormat)
        {
            string? path = null, mod = null, modVersion = null;
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            int deps = 0;
            foreach (string line in modinfo.Split('\n'))
            {
                string[] parts = line.Split('\t');
                switch (parts[0])
                {
                    case "path" when parts.Length > 1:
                        path = parts[1];
                        break;
                    case "mod" when parts.Length > 1:
                        mod = parts[1];
                        modVersion = parts.Length > 2 ? parts[2] : null;
                        break;
                    case "dep":
                        deps++;
                        break;
                    case "build" when parts.Length > 1:
                        string setting = line.Substring("build\t".Length);
                        int eq = setting.IndexOf('=');
                        if (eq > 0)
                        {
                            settings[setting.Substring(0, eq)] = Unquote(setting.Substring(eq + 1));
                        }
                        break;
                }
            }
            return new GoBuildInfo(version, path, mod, modVersion, settings, deps, pointerFormat);
        }

        // Values with spaces are written as Go-quoted strings ("-ldflags=\"-s -w\"").
        private static string Unquote(string value)
        {
            if (value.Length < 2 || value[0] != '"' || value[value.Length - 1] != '"')
            {
                return value;
            }
            var sb = new System.Text.StringBuilder(value.Length);
            for (int i = 1; i < value.Length - 1; i++)
            {
                char c = value[i];
                if (c == '\\' && i + 1 < value.Length - 1)
                {
                    char n = value[++i];
                    sb.Append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
                }
                else
                {
                    sb.Append(c);
                }
            }
            return sb.ToString();
        }
    }
}
