using System;

namespace GlibcGuard.Compatibility
{
    /// <summary>Recognises the native files of the .NET runtime by name, for callers that have no package metadata.</summary>
    internal static class DotNetRuntimeFiles
    {
        private static readonly string[] s_names =
        {
            "libcoreclr.so", "libclrjit.so", "libhostfxr.so", "libhostpolicy.so", "libmscordaccore.so", "libmscordbi.so",
            "libcoreclrtraceptprovider.so", "libclrgc.so", "libclrgcexp.so", "createdump", "singlefilehost", "apphost",
        };

        /// <summary>True for a runtime-pack native file name (libcoreclr.so, libSystem.Native.so, singlefilehost, …).</summary>
        /// <summary>The runtime's LTTng tracing provider: loaded only where LTTng is installed, so its needs are optional.</summary>
        public static bool IsOptionalTracingProvider(string fileName) => fileName == "libcoreclrtraceptprovider.so";

        public static bool IsRuntimeFileName(string fileName) =>
            Array.IndexOf(s_names, fileName) >= 0 ||
            (fileName.StartsWith("libSystem.", StringComparison.Ordinal) && fileName.EndsWith(".so", StringComparison.Ordinal));
    }
}
