using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using GlibcGuard.Elf;

namespace GlibcGuard.Inputs
{
    /// <summary>
    /// The ELF entries of a zip-based container (a NuGet package; a wheel would be another), read without trusting the
    /// archive: its own records are checked first (<see cref="ZipLayout"/>: sizes, overlaps), every byte inflated is
    /// charged to the run's <see cref="ReadBudget"/>, only entries that start with the ELF magic are inflated whole.
    /// Nothing is extracted to disk but an ELF entry over <see cref="LargeEntry"/>, inflated to a temporary file for as
    /// long as it is read. What an entry's place means (its platform folder, the container's identity) is the
    /// format's to say, through the context function it gives.
    /// </summary>
    internal static class ZipContainer
    {
        private static readonly byte[] s_zipMagic = { 0x50, 0x4b, 0x03, 0x04 };

        /// <summary>Entries up to this size are inflated into memory; larger ones into a temporary file.</summary>
        public const long LargeEntry = 16 * 1024 * 1024;

        /// <summary>The largest entry read at all (as for bundle entries).</summary>
        public const long MaxEntrySize = DotNetBundle.MaxEntrySize;

        /// <summary>True when the file starts as a zip archive.</summary>
        public static bool IsZip(string path) => StartsWith(path, s_zipMagic);

        /// <summary>
        /// Visits every ELF entry of the archive at <paramref name="path"/> (called a <paramref name="what"/> in
        /// messages), each with the context <paramref name="contexts"/> gives its name once the archive is open.
        /// Returns the number of sources visited.
        /// </summary>
        public static int Read(string path, ReadBudget budget, Action<ElfInput> visit, string what, Func<ZipArchive, Func<string, InputContext>> contexts)
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
                        "the " + what + "'s zip entries overlap: " + first.Name + " (local header at " + first.LocalHeaderOffset + ") lies inside the data of " +
                        firstOther.Name + (first.LocalHeaderOffset == firstOther.LocalHeaderOffset ? " (the same record repeated)" : "") +
                        (overlaps.Count > 1 ? ", and " + (overlaps.Count - 1) + " more" : "") + "; the " + overlapping.Count +
                        " entries involved are not read", first.LocalHeaderOffset)));
                    count++;
                }
                ContainerAllowance allowance = budget.ForContainer(path);
                // The central directory is read on first use of Entries: damage there surfaces inside this block.
                using (ZipArchive zip = ZipFile.OpenRead(path))
                {
                    Func<string, InputContext> contextOf = contexts(zip);
                    IReadOnlyList<ZipArchiveEntry> entries = zip.Entries;
                    for (int i = 0; i < entries.Count; i++)
                    {
                        ZipArchiveEntry entry = entries[i];
                        if (entry.Length < 52 || entry.FullName.EndsWith("/", StringComparison.Ordinal) || overlapping.Contains(i))
                        {
                            continue; // smaller than an ELF header, a folder, or reported above
                        }
                        string origin = path + "!" + entry.FullName;
                        InputContext context = contextOf(entry.FullName);
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
                    new ContainerFormatException("the " + what + " cannot be read as a zip archive: " + e.Reason, e.Offset, e.Value)));
                count++;
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
            {
                visit(new ElfInput(path, InputKind.PackageEntry, InputContext.None, null, ownsFile: true,
                    new ContainerFormatException("the " + what + " cannot be read as a zip archive: " + e.Message, -1)));
                count++;
            }
            return count;
        }

        /// <summary>
        /// Visits an entry that starts with the ELF magic; false for any other entry, after inflating only its first
        /// four bytes (managed and Windows files are never inflated whole). An ELF entry up to
        /// <see cref="LargeEntry"/> is inflated into a buffer from the reader's own pool (ElfBuffers), reused entry after entry; a larger one (a 114 MB
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
                byte[] data = ElfBuffers.Allocate((int)entry.Length);
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
                    ElfBuffers.Release(data); // the visit is over: nothing keeps a view of the buffer
                }
            }
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
