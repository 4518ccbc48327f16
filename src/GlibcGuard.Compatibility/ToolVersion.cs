namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// The product version: <see cref="Informational"/> (with the commit, for --version) and <see cref="DiagnosticsUrl"/>
    /// are written at build time (GlibcGuard.Compatibility.csproj); <see cref="Current"/> is the version without the commit.
    /// </summary>
    internal static partial class ToolVersion
    {
        public static string Current => Informational.IndexOf('+') is int plus && plus >= 0 ? Informational.Substring(0, plus) : Informational;
    }
}
