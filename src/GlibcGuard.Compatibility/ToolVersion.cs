using System.Reflection;

namespace GlibcGuard.Compatibility
{
    /// <summary>The product version, from the assembly's informational version.</summary>
    internal static class ToolVersion
    {
        public static readonly string Current = ReadVersion();

        private static string ReadVersion()
        {
            string? v = typeof(ToolVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (v is null) return "0.0.0";
            int plus = v.IndexOf('+');
            return plus < 0 ? v : v.Substring(0, plus);
        }
    }
}
