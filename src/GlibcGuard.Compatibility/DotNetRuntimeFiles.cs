using System;

namespace GlibcGuard.Compatibility
{
    /// <summary>Recognises the native files of the .NET runtime: by the package they come from, else by name.</summary>
    internal static class DotNetRuntimeFiles
    {
        private static readonly string[] s_names =
        {
            "libcoreclr.so", "libclrjit.so", "libhostfxr.so", "libhostpolicy.so", "libmscordaccore.so", "libmscordbi.so",
            "libcoreclrtraceptprovider.so", "libclrgc.so", "libclrgcexp.so", "createdump", "singlefilehost", "apphost",
        };

        /// <summary>The runtime's LTTng tracing provider: loaded only where LTTng is installed, so its needs are optional.</summary>
        public static bool IsOptionalTracingProvider(string fileName) => fileName == "libcoreclrtraceptprovider.so";

        /// <summary>True for a runtime-pack native file name (libcoreclr.so, libSystem.Native.so, singlefilehost, …).</summary>
        public static bool IsRuntimeFileName(string fileName) =>
            Array.IndexOf(s_names, fileName) >= 0 ||
            (fileName.StartsWith("libSystem.", StringComparison.Ordinal) && fileName.EndsWith(".so", StringComparison.Ordinal));

        /// <summary>True for a file of a runtime pack (Microsoft.NETCore.App.Runtime.*, Microsoft.AspNetCore.App.Runtime.*) or with a runtime file's name.</summary>
        public static bool IsRuntimeFile(string fileName, string? packageId) =>
            (packageId != null && (packageId.StartsWith("Microsoft.NETCore.App.", StringComparison.OrdinalIgnoreCase) ||
                                   packageId.StartsWith("Microsoft.AspNetCore.App.Runtime.", StringComparison.OrdinalIgnoreCase))) ||
            IsRuntimeFileName(fileName);
    }
}
