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
        public static bool IsRuntimeFileName(string fileName) =>
            Array.IndexOf(s_names, fileName) >= 0 ||
            (fileName.StartsWith("libSystem.", StringComparison.Ordinal) && fileName.EndsWith(".so", StringComparison.Ordinal));
    }
}
