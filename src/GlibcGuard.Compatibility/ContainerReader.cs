using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using GlibcGuard.Elf;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// Reads a path into the files to judge: an ELF file; for a .NET single-file bundle, also the native files
    /// embedded in it ("app!libfoo.so"); for a NuGet package (.nupkg), every ELF file inside it, each judged for
    /// the runtime identifier of its runtimes/&lt;rid&gt;/ folder. Nothing is extracted to disk but a package's
    /// ELF entries over 16 MB, each inflated to a temporary file for as long as it is read. Damage to a
    /// container is a finding, not a failure.
    /// </summary>
    public static class ContainerReader
    {
        private static readonly byte[] s_zipMagic = { 0x50, 0x4b, 0x03, 0x04 };

        /// <summary>True when the file looks like a NuGet package (a zip named .nupkg).</summary>
        public static bool IsPackage(string path) =>
            path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) && StartsWith(path, s_zipMagic);

        /// <summary>Reads <paramref name="path"/> and whatever it contains.</summary>
        public static List<AnalysisInput> Read(string path)
        {
            var inputs = new List<AnalysisInput>();
            if (IsPackage(path))
            {
                ReadPackage(path, inputs);
                return inputs;
            }
            return ReadElf(path, BinaryInspector.Inspect(path));
        }

        /// <summary>
        /// As <see cref="Read(string)"/> for a file found in a folder: a NuGet package, or a file that starts with
        /// the ELF magic; anything else gives an empty list. One open per ELF file.
        /// </summary>
        public static List<AnalysisInput> ReadIfElf(string path)
        {
            if (IsPackage(path))
            {
                return Read(path);
            }
            BinaryFacts? host = BinaryInspector.InspectIfElf(path);
            return host is null ? new List<AnalysisInput>() : ReadElf(path, host);
        }

        private static List<AnalysisInput> ReadElf(string path, BinaryFacts host)
        {
            var inputs = new List<AnalysisInput>();
            var hostInput = new AnalysisInput(host) { IsDotNetRuntime = DotNetRuntimeFiles.IsRuntimeFileName(Path.GetFileName(path)) };
            inputs.Add(hostInput);
            if (host.Error == null && host.Linkage == "dynamic" && host.Type != "shared-library")
            {
                ReadBundle(path, host, hostInput, inputs);
            }
            return inputs;
        }

        private static void ReadBundle(string path, BinaryFacts host, AnalysisInput hostInput, List<AnalysisInput> inputs)
        {
            try
            {
                using (ElfFile elf = ElfFile.Open(path))
                {
                    DotNetBundle? bundle = DotNetBundle.TryRead(elf);
                    if (bundle is null)
                    {
                        return;
                    }
                    // A bundle's host is the single-file host: the .NET runtime itself.
                    hostInput.IsDotNetRuntime = true;
                    host.Bundle = bundle.Entries.Select(e => new BundleEntryFacts
                    {
                        Path = e.RelativePath,
                        Size = e.Size,
                        CompressedSize = e.CompressedSize,
                        Type = BundleTypeName(e.Type),
                    }).ToList();
                    foreach (BundleEntry entry in bundle.Entries)
                    {
                        if (entry.Type != BundleFileType.NativeBinary)
                        {
                            continue;
                        }
                        string display = host.Path + "!" + entry.RelativePath;
                        try
                        {
                            byte[] data = bundle.ReadEntry(entry);
                            inputs.Add(new AnalysisInput(BinaryInspector.Inspect(data, display))
                            {
                                IsDotNetRuntime = DotNetRuntimeFiles.IsRuntimeFileName(Path.GetFileName(entry.RelativePath)),
                            });
                        }
                        catch (ElfFormatException e)
                        {
                            inputs.Add(ContainerError(display, e.Reason, e.Offset));
                        }
                    }
                }
            }
            catch (ElfFormatException e)
            {
                inputs.Add(ContainerError(host.Path + "!", "the single-file bundle manifest is damaged: " + e.Reason, e.Offset));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                inputs.Add(ContainerError(host.Path + "!", e.Message, -1));
            }
        }

        private static void ReadPackage(string path, List<AnalysisInput> inputs)
        {
            try
            {
                using (ZipArchive zip = ZipFile.OpenRead(path))
                {
                    (string? id, string? version) = PackageIdentity(zip);
                    foreach (ZipArchiveEntry entry in zip.Entries)
                    {
                        if (entry.Length < 52 || entry.FullName.EndsWith("/", StringComparison.Ordinal))
                        {
                            continue;
                        }
                        string display = path + "!" + entry.FullName;
                        try
                        {
                            BinaryFacts? facts = InspectEntry(entry, display);
                            if (facts is null)
                            {
                                continue;
                            }
                            facts.Package = new PackageFacts { Id = id ?? Path.GetFileNameWithoutExtension(path), Version = version, Rid = RidOf(entry.FullName) };
                            inputs.Add(new AnalysisInput(facts)
                            {
                                Rid = RidOf(entry.FullName),
                                PackageId = id ?? Path.GetFileNameWithoutExtension(path),
                                PackageVersion = version,
                            });
                        }
                        catch (Exception e) when (e is InvalidDataException || e is IOException || e is ElfFormatException)
                        {
                            inputs.Add(ContainerError(display, e is ElfFormatException f ? f.Reason : e.Message, e is ElfFormatException g ? g.Offset : -1));
                        }
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
            {
                inputs.Add(ContainerError(path, "the package cannot be read as a zip archive: " + e.Message, -1));
            }
        }

        /// <summary>The id and version from the package's .nuspec, when it has a readable one.</summary>
        private static (string? Id, string? Version) PackageIdentity(ZipArchive zip)
        {
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (entry.FullName.IndexOf('/') >= 0 || !entry.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase) || entry.Length > 1 << 20)
                {
                    continue;
                }
                try
                {
                    using (Stream stream = entry.Open())
                    {
                        var settings = new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null };
                        using (var reader = System.Xml.XmlReader.Create(stream, settings))
                        {
                            var doc = System.Xml.Linq.XDocument.Load(reader);
                            System.Xml.Linq.XElement? metadata = doc.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
                            string? id = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "id")?.Value;
                            string? version = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "version")?.Value;
                            return (id, version);
                        }
                    }
                }
                catch (Exception e) when (e is System.Xml.XmlException || e is InvalidDataException || e is IOException)
                {
                    return (null, null);
                }
            }
            return (null, null);
        }

        /// <summary>The entry's bytes when it starts with the ELF magic; null otherwise.</summary>
        /// <summary>Entries up to this size are inflated into memory; larger ones into a temporary file.</summary>
        internal const long LargeEntry = 16 * 1024 * 1024;

        /// <summary>
        /// The facts of an entry that starts with the ELF magic; null for any other entry, after inflating only its
        /// first four bytes (managed and Windows files are never inflated whole). An ELF entry up to
        /// <see cref="LargeEntry"/> is inflated into a buffer reused entry after entry; a larger one (a 114 MB
        /// OpenCV library) into a temporary file, deleted once read, that the reader reads as it reads any file:
        /// only the ranges it needs come into memory, so memory follows the facts, not the package.
        /// </summary>
        private static BinaryFacts? InspectEntry(ZipArchiveEntry entry, string display)
        {
            if (entry.Length > DotNetBundle.MaxEntrySize)
            {
                throw new InvalidDataException("the entry is larger than the reader accepts (" + entry.Length + " bytes)");
            }
            using (Stream stream = entry.Open())
            {
                var magic = new byte[4];
                int got = 0, n;
                while (got < 4 && (n = stream.Read(magic, got, 4 - got)) > 0) got += n;
                if (got < 4 || !ElfFile.HasElfMagic(magic, 4))
                {
                    return null;
                }
                if (entry.Length > LargeEntry)
                {
                    string temp = Path.Combine(Path.GetTempPath(), "glibcguard-" + Guid.NewGuid().ToString("N") + ".elf");
                    try
                    {
                        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                        {
                            file.Write(magic, 0, 4);
                            stream.CopyTo(file, 1 << 20);
                            if (file.Length != entry.Length)
                            {
                                throw new InvalidDataException("the entry does not hold its stated " + entry.Length + " bytes");
                            }
                        }
                        return BinaryInspector.Inspect(temp, display);
                    }
                    finally
                    {
                        File.Delete(temp);
                    }
                }
                byte[] data = RentEntryBuffer((int)entry.Length);
                try
                {
                    Buffer.BlockCopy(magic, 0, data, 0, 4);
                    int done = 4;
                    while (done < entry.Length && (n = stream.Read(data, done, (int)entry.Length - done)) > 0)
                    {
                        done += n;
                    }
                    if (done != entry.Length || stream.ReadByte() != -1)
                    {
                        throw new InvalidDataException("the entry does not hold its stated " + entry.Length + " bytes");
                    }
                    return BinaryInspector.Inspect(data, done, display);
                }
                finally
                {
                    ReturnEntryBuffer(data); // the facts are copies: nothing keeps a view of the buffer
                }
            }
        }

        // Entry buffers, reused: at most one is in use per reading thread, so the bag stays small.
        private static readonly System.Collections.Concurrent.ConcurrentBag<byte[]> s_entryBuffers = new System.Collections.Concurrent.ConcurrentBag<byte[]>();

        private static byte[] RentEntryBuffer(int size)
        {
            if (s_entryBuffers.TryTake(out byte[]? buffer) && buffer.Length >= size)
            {
                return buffer;
            }
            return new byte[size];
        }

        private static void ReturnEntryBuffer(byte[] buffer) => s_entryBuffers.Add(buffer);

        private static string BundleTypeName(BundleFileType type) => type switch
        {
            BundleFileType.Assembly => "assembly",
            BundleFileType.NativeBinary => "native",
            BundleFileType.DepsJson => "deps.json",
            BundleFileType.RuntimeConfigJson => "runtimeconfig.json",
            BundleFileType.Symbols => "symbols",
            _ => "unknown",
        };

        /// <summary>"linux-arm64" from "runtimes/linux-arm64/native/libfoo.so"; null elsewhere.</summary>
        public static string? RidOf(string entryPath)
        {
            string[] parts = entryPath.Replace('\\', '/').Split('/');
            return parts.Length > 2 && parts[0].Equals("runtimes", StringComparison.OrdinalIgnoreCase) ? parts[1] : null;
        }

        private static AnalysisInput ContainerError(string display, string message, long offset) =>
            new AnalysisInput(new BinaryFacts
            {
                Path = display,
                Error = new ReadError { Code = DiagnosticId.MalformedContainer.AsString(), Message = message, Offset = offset >= 0 ? offset : (long?)null },
            });

        private static bool StartsWith(string path, byte[] magic)
        {
            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1))
                {
                    var head = new byte[magic.Length];
                    int n = stream.Read(head, 0, head.Length);
                    if (n != head.Length) return false;
                    for (int i = 0; i < head.Length; i++) if (head[i] != magic[i]) return false;
                    return true;
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
