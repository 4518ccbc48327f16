using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using GlibcGuard.Elf;

namespace GlibcGuard.Inputs
{
    /// <summary>
    /// Turns a path into ELF sources: the file itself; for a .NET single-file bundle, also the native files
    /// embedded in it; for a NuGet package (.nupkg), every ELF entry, with the RID of its runtimes/&lt;rid&gt;/
    /// folder and the package's id and version. Nothing is extracted to disk but a package's ELF entries over
    /// <see cref="LargeEntry"/>, each inflated to a temporary file for as long as it is read. Damage to a
    /// container is an input with an <see cref="ElfInput.Error"/>, never an exception.
    /// </summary>
    internal static class InputReader
    {
        private static readonly byte[] s_zipMagic = { 0x50, 0x4b, 0x03, 0x04 };

        /// <summary>Entries up to this size are inflated into memory; larger ones into a temporary file.</summary>
        public const long LargeEntry = 16 * 1024 * 1024;

        /// <summary>The largest package entry read at all (as for bundle entries).</summary>
        public const long MaxEntrySize = DotNetBundle.MaxEntrySize;

        /// <summary>True when the file looks like a NuGet package (a zip named .nupkg).</summary>
        public static bool IsPackage(string path) =>
            path.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase) && StartsWith(path, s_zipMagic);

        /// <summary>
        /// Visits every source in <paramref name="path"/>, in order. With <paramref name="onlyIfElf"/> (a file found
        /// in a folder) a file that is neither ELF nor a package gives nothing; otherwise it is handed over to be
        /// read, so that the reader says what is wrong with it. Returns the number of sources visited.
        /// </summary>
        public static int Read(string path, bool onlyIfElf, Action<ElfInput> visit) => Read(path, onlyIfElf, InputContext.None, new ReadBudget(), visit);

        /// <summary>
        /// As <see cref="Read(string, bool, Action{ElfInput})"/>, with what the file's location says about it (the
        /// RID of a runtimes/&lt;rid&gt;/ folder it was found in), given to the file and what it embeds, and the
        /// run's <paramref name="budget"/> for what containers may inflate.
        /// </summary>
        public static int Read(string path, bool onlyIfElf, InputContext context, ReadBudget budget, Action<ElfInput> visit)
        {
            if (IsPackage(path))
            {
                return ReadPackage(path, budget, visit);
            }
            ElfFile? elf;
            try
            {
                elf = onlyIfElf ? ElfFile.TryOpen(path) : ElfFile.Open(path);
            }
            catch (Exception e) when (e is ElfFormatException || e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                // Starts as ELF (or was named) but cannot be opened: the reader opens it again and says why.
                visit(new ElfInput(path, InputKind.File, context, () => ElfFile.Open(path), ownsFile: true, error: null));
                return 1;
            }
            if (elf is null)
            {
                return 0;
            }
            using (elf)
            {
                return ReadFile(path, elf, context, budget, visit);
            }
        }

        private static int ReadFile(string path, ElfFile elf, InputContext context, ReadBudget budget, Action<ElfInput> visit)
        {
            DotNetBundle? bundle = null;
            ContainerFormatException? bundleError = null;
            try
            {
                // A bundle's host is a program (an interpreter, not a library); only programs are searched.
                if (elf.Interpreter != null && !(elf.Header.Type == ElfType.SharedObject && !elf.IsPie))
                {
                    bundle = DotNetBundle.TryRead(elf);
                }
            }
            catch (ContainerFormatException e)
            {
                bundleError = new ContainerFormatException("the single-file bundle manifest is damaged: " + e.Reason, e.Offset, e.Value);
            }
            catch (ElfFormatException)
            {
                // The host itself is damaged: reading it says so (GG0001); there is no bundle to look for.
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                bundleError = new ContainerFormatException(e.Message, -1);
            }
            var host = new ElfInput(path, InputKind.File, context, () => elf, ownsFile: false, error: null)
            {
                Bundle = bundle?.Entries.Select(e => new BundleListing(e)).ToList(),
            };
            visit(host);
            int count = 1;
            if (bundleError != null)
            {
                visit(new ElfInput(path + "!", InputKind.BundleEntry, context, null, ownsFile: true, bundleError));
                return count + 1;
            }
            ContainerAllowance allowance = budget.ForContainer(path);
            foreach (BundleEntry entry in bundle?.Entries ?? (IReadOnlyList<BundleEntry>)Array.Empty<BundleEntry>())
            {
                if (entry.Type != BundleFileType.NativeBinary)
                {
                    continue;
                }
                string origin = path + "!" + entry.RelativePath;
                byte[] data;
                try
                {
                    data = bundle!.ReadEntry(entry, allowance);
                }
                catch (ContainerFormatException e)
                {
                    visit(new ElfInput(origin, InputKind.BundleEntry, context, null, ownsFile: true, e));
                    count++;
                    continue;
                }
                catch (ElfFormatException e)
                {
                    visit(new ElfInput(origin, InputKind.BundleEntry, context, null, ownsFile: true, new ContainerFormatException(e.Reason, e.Offset)));
                    count++;
                    continue;
                }
                visit(new ElfInput(origin, InputKind.BundleEntry, context, () => ElfFile.Read(data), ownsFile: true, error: null));
                count++;
            }
            return count;
        }

        private static int ReadPackage(string path, ReadBudget budget, Action<ElfInput> visit)
        {
            int count = 0;
            try
            {
                // The archive's own records first: where each entry lies, checked before anything is inflated.
                List<ZipRecord> layout;
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 12))
                {
                    layout = ZipLayout.Read(stream);
                }
                // Entries that share bytes with another are never read: one deflate stream could otherwise be
                // inflated once per record. The package says so once, naming them.
                var overlapping = new HashSet<int>();
                List<(ZipRecord Entry, ZipRecord Other)> overlaps = ZipLayout.Overlaps(layout);
                if (overlaps.Count > 0)
                {
                    foreach (var (entry, other) in overlaps)
                    {
                        overlapping.Add(entry.Index);
                        overlapping.Add(other.Index);
                    }
                    var (first, firstOther) = overlaps[0];
                    visit(new ElfInput(path, InputKind.PackageEntry, InputContext.None, null, ownsFile: true, new ContainerFormatException(
                        "the package's zip entries overlap: " + first.Name + " (local header at " + first.LocalHeaderOffset + ") lies inside the data of " +
                        firstOther.Name + (first.LocalHeaderOffset == firstOther.LocalHeaderOffset ? " (the same record repeated)" : "") +
                        (overlaps.Count > 1 ? ", and " + (overlaps.Count - 1) + " more" : "") + "; the " + overlapping.Count +
                        " entries involved are not read", first.LocalHeaderOffset)));
                    count++;
                }
                ContainerAllowance allowance = budget.ForContainer(path);
                // The central directory is read on first use of Entries: damage there surfaces inside this block.
                using (ZipArchive zip = ZipFile.OpenRead(path))
                {
                    (string? id, string? version, string? identityWarning) = PackageIdentity(zip);
                    string packageId = id ?? Path.GetFileNameWithoutExtension(path);
                    IReadOnlyList<ZipArchiveEntry> entries = zip.Entries;
                    for (int i = 0; i < entries.Count; i++)
                    {
                        ZipArchiveEntry entry = entries[i];
                        if (entry.Length < 52 || entry.FullName.EndsWith("/", StringComparison.Ordinal) || overlapping.Contains(i))
                        {
                            continue; // smaller than an ELF header, a folder, or reported above
                        }
                        string origin = path + "!" + entry.FullName;
                        var context = new InputContext(RidOf(entry.FullName), packageId, version, identityWarning);
                        try
                        {
                            // ZipArchive lists the central directory in order: record i is entry i.
                            ZipRecord? record = i < layout.Count && layout[i].Name == entry.FullName ? layout[i] : null;
                            if (record is null)
                            {
                                throw new InvalidDataException("the entry does not match the archive's record " + i);
                            }
                            if (ZipLayout.ImpossibleSize(record) is string impossible)
                            {
                                throw new ContainerFormatException(impossible, record.LocalHeaderOffset);
                            }
                            if (VisitEntry(entry, record, origin, context, allowance, visit))
                            {
                                count++;
                            }
                        }
                        catch (ContainerFormatException e)
                        {
                            visit(new ElfInput(origin, InputKind.PackageEntry, context, null, ownsFile: true, e));
                            count++;
                        }
                        catch (Exception e) when (e is InvalidDataException || e is IOException)
                        {
                            visit(new ElfInput(origin, InputKind.PackageEntry, context, null, ownsFile: true, new ContainerFormatException(e.Message, -1)));
                            count++;
                        }
                    }
                }
            }
            catch (ContainerFormatException e)
            {
                visit(new ElfInput(path, InputKind.PackageEntry, InputContext.None, null, ownsFile: true,
                    new ContainerFormatException("the package cannot be read as a zip archive: " + e.Reason, e.Offset, e.Value)));
                count++;
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
            {
                visit(new ElfInput(path, InputKind.PackageEntry, InputContext.None, null, ownsFile: true,
                    new ContainerFormatException("the package cannot be read as a zip archive: " + e.Message, -1)));
                count++;
            }
            return count;
        }

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
                    using (Stream stream = entry.Open())
                    {
                        var settings = new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Prohibit, XmlResolver = null };
                        using (var reader = System.Xml.XmlReader.Create(stream, settings))
                        {
                            var doc = System.Xml.Linq.XDocument.Load(reader);
                            System.Xml.Linq.XElement? metadata = doc.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
                            string? id = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "id")?.Value;
                            string? version = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "version")?.Value;
                            return (id, version, id is null ? "its .nuspec (" + entry.FullName + ") names no package id" : null);
                        }
                    }
                }
                catch (Exception e) when (e is System.Xml.XmlException || e is InvalidDataException || e is IOException)
                {
                    return (null, null, "its .nuspec (" + entry.FullName + ") could not be read: " + e.Message);
                }
            }
            return (null, null, "it has no .nuspec");
        }

        /// <summary>
        /// Visits an entry that starts with the ELF magic; false for any other entry, after inflating only its first
        /// four bytes (managed and Windows files are never inflated whole). An ELF entry up to
        /// <see cref="LargeEntry"/> is inflated into a buffer reused entry after entry; a larger one (a 114 MB
        /// OpenCV library) into a temporary file, deleted after the visit, that the reader reads as it reads any
        /// file: only the ranges it needs come into memory, so memory follows the facts, not the package.
        /// </summary>
        private static bool VisitEntry(ZipArchiveEntry entry, ZipRecord record, string origin, InputContext context, ContainerAllowance allowance, Action<ElfInput> visit)
        {
            using (Stream stream = entry.Open())
            {
                var magic = new byte[4];
                int got = 0, n;
                while (got < 4 && (n = stream.Read(magic, got, 4 - got)) > 0) got += n;
                if (got < 4 || !ElfFile.HasElfMagic(magic, 4))
                {
                    return false;
                }
                if (entry.Length > MaxEntrySize)
                {
                    throw new InvalidDataException("the entry is larger than the reader accepts (" + entry.Length + " bytes)");
                }
                allowance.Charge(entry.Length, "entry " + entry.FullName, record.LocalHeaderOffset);
                if (entry.Length > LargeEntry)
                {
                    string temp = Path.Combine(Path.GetTempPath(), "glibcguard-" + Guid.NewGuid().ToString("N") + ".elf");
                    try
                    {
                        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                        {
                            file.Write(magic, 0, 4);
                            // Never more than the declared (and charged) size, whatever the stream holds.
                            var chunk = new byte[1 << 20];
                            long left = entry.Length - 4;
                            while ((n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, left + 1))) > 0)
                            {
                                if (n > left)
                                {
                                    throw new InvalidDataException("the entry holds more than its stated " + entry.Length + " bytes");
                                }
                                file.Write(chunk, 0, n);
                                left -= n;
                            }
                            if (file.Length != entry.Length)
                            {
                                throw new InvalidDataException("the entry does not hold its stated " + entry.Length + " bytes");
                            }
                        }
                        visit(new ElfInput(origin, InputKind.PackageEntry, context, () => ElfFile.Open(temp), ownsFile: true, error: null));
                        return true;
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
                    int length = done;
                    visit(new ElfInput(origin, InputKind.PackageEntry, context, () => ElfFile.Read(data, 0, length), ownsFile: true, error: null));
                    return true;
                }
                finally
                {
                    ReturnEntryBuffer(data); // the visit is over: nothing keeps a view of the buffer
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

        /// <summary>"linux-arm64" from "runtimes/linux-arm64/native/libfoo.so"; null elsewhere.</summary>
        public static string? RidOf(string entryPath)
        {
            string[] parts = entryPath.Replace('\\', '/').Split('/');
            return parts.Length > 2 && parts[0].Equals("runtimes", StringComparison.OrdinalIgnoreCase) ? parts[1] : null;
        }

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
