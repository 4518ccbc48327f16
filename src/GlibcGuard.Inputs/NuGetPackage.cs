using System;
using System.IO;
using System.IO.Compression;

namespace GlibcGuard.Inputs
{
    /// <summary>
    /// A NuGet package (.nupkg): a zip whose runtimes/&lt;rid&gt;/ folders say which platform a native file is for, and
    /// whose .nuspec says the package's id and version (the file name stands in for the id, with a warning, when it
    /// cannot be read).
    /// </summary>
    internal sealed class NuGetPackage : IContainerFormat
    {
        public string Extension => ".nupkg";

        public bool Matches(string path) => path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) && ZipContainer.IsZip(path);

        public int Read(string path, ReadBudget budget, Action<ElfInput> visit) =>
            ZipContainer.Read(path, budget, visit, "package", zip =>
            {
                (string? id, string? version, string? identityWarning) = PackageIdentity(zip);
                string packageId = id ?? Path.GetFileNameWithoutExtension(path);
                return entry => new InputContext(InputReader.RidOf(entry), packageId, version, identityWarning);
            });

        /// <summary>The id and version from the package's .nuspec; a warning instead when it cannot be read.</summary>
        private static (string? Id, string? Version, string? Warning) PackageIdentity(ZipArchive zip)
        {
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (entry.FullName.IndexOf('/') >= 0 || !entry.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                if (entry.Length > 1 << 20)
                {
                    return (null, null, "its .nuspec (" + entry.FullName + ") is larger than 1 MB and was not read");
                }
                try
                {
                    // Read whole (at most 1 MB, whatever the entry's header claims), then scanned.
                    var bytes = new byte[(int)entry.Length + 1];
                    int length = 0;
                    using (Stream stream = entry.Open())
                    {
                        int n;
                        while (length < bytes.Length && (n = stream.Read(bytes, length, bytes.Length - length)) > 0) length += n;
                    }
                    if (length > entry.Length)
                    {
                        return (null, null, "its .nuspec (" + entry.FullName + ") is longer than its zip entry says and was not read");
                    }
                    (string? id, string? version, string? error) = NuspecIdentity.Read(bytes, length);
                    if (error != null)
                    {
                        return (null, null, "its .nuspec (" + entry.FullName + ") could not be read: " + error);
                    }
                    return (id, version, string.IsNullOrEmpty(id) ? "its .nuspec (" + entry.FullName + ") names no package id" : null);
                }
                catch (Exception e) when (e is InvalidDataException || e is IOException)
                {
                    return (null, null, "its .nuspec (" + entry.FullName + ") could not be read: " + e.Message);
                }
            }
            return (null, null, "it has no .nuspec");
        }

    }
}
