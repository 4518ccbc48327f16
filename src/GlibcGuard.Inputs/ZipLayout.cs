using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace GlibcGuard.Inputs
{
    /// <summary>One central-directory record of a zip archive and where its data lies.</summary>
    internal sealed class ZipRecord
    {
        internal ZipRecord(int index, string name, ushort method, long compressedSize, long size, long localHeaderOffset, long dataOffset)
        {
            Index = index;
            Name = name;
            Method = method;
            CompressedSize = compressedSize;
            Size = size;
            LocalHeaderOffset = localHeaderOffset;
            DataOffset = dataOffset;
        }

        /// <summary>Position in the central directory (the order ZipArchive lists entries in).</summary>
        public int Index { get; }
        public string Name { get; }
        /// <summary>0 stored, 8 deflate; anything else the archive reader refuses.</summary>
        public ushort Method { get; }
        public long CompressedSize { get; }
        public long Size { get; }
        public long LocalHeaderOffset { get; }
        /// <summary>Where the entry's compressed bytes start (after its local header).</summary>
        public long DataOffset { get; }
        /// <summary>Where they end.</summary>
        public long DataEnd => DataOffset + CompressedSize;
    }

    /// <summary>
    /// The layout of a zip archive (a .nupkg), read from its own records before any entry is inflated: where
    /// each entry's local header and data lie. It answers what the archive reader does not check: whether an
    /// entry's data lies inside the archive, whether two entries share bytes (overlapping or repeated records,
    /// the way one deflate stream is made to inflate a thousand times), and whether an entry's declared size is
    /// one its compressed bytes can produce. Reads the central directory and 30 bytes per local header.
    /// </summary>
    internal static class ZipLayout
    {
        /// <summary>Deflate's largest expansion: a 258-byte match costs at least two bits, so at most 1032 output bytes per input byte.</summary>
        public const long MaxDeflateRatio = 1032;

        /// <summary>The largest central directory read (64 MiB: over half a million records).</summary>
        private const long MaxDirectory = 64L << 20;

        /// <summary>Reads the layout; throws <see cref="ContainerFormatException"/> for a record that is damaged or lies outside the archive.</summary>
        public static List<ZipRecord> Read(Stream archive)
        {
            long length = archive.Length;
            (long count, long directoryOffset, long directorySize) = FindDirectory(archive, length);
            if (directorySize > MaxDirectory || directoryOffset > length - directorySize || count > directorySize / 46)
            {
                throw new ContainerFormatException("the zip central directory (" + count + " records, " + directorySize + " bytes at " + directoryOffset +
                    ") does not fit the archive", directoryOffset);
            }
            byte[] directory = ReadAt(archive, directoryOffset, (int)directorySize);
            var records = new List<ZipRecord>((int)count);
            var header = new byte[30];
            int at = 0;
            for (int i = 0; i < count; i++)
            {
                long recordOffset = directoryOffset + at;
                if (at > directory.Length - 46 || U32(directory, at) != 0x02014b50)
                {
                    throw new ContainerFormatException("zip central directory record " + i + " is damaged", recordOffset);
                }
                ushort method = U16(directory, at + 10);
                long compressed = U32(directory, at + 20), size = U32(directory, at + 24);
                int nameLength = U16(directory, at + 28), extraLength = U16(directory, at + 30), commentLength = U16(directory, at + 32);
                long local = U32(directory, at + 42);
                int end = at + 46 + nameLength + extraLength + commentLength;
                if (end > directory.Length)
                {
                    throw new ContainerFormatException("zip central directory record " + i + " runs past the directory", recordOffset);
                }
                string name = Encoding.UTF8.GetString(directory, at + 46, nameLength);
                ReadZip64(directory, at + 46 + nameLength, extraLength, ref size, ref compressed, ref local);
                if (local < 0 || local > length - 30)
                {
                    throw new ContainerFormatException("zip entry " + name + " has its local header outside the archive", recordOffset, local);
                }
                ReadAt(archive, local, header);
                if (U32(header, 0) != 0x04034b50)
                {
                    throw new ContainerFormatException("zip entry " + name + " has no local header where its record says", local);
                }
                long data = local + 30 + U16(header, 26) + U16(header, 28);
                if (compressed < 0 || size < 0 || data > length || compressed > length - data)
                {
                    throw new ContainerFormatException("zip entry " + name + " declares " + compressed + " compressed bytes at " + data +
                        ", which lie outside the archive (size " + length + ")", recordOffset);
                }
                records.Add(new ZipRecord(i, name, method, compressed, size, local, data));
                at = end;
            }
            return records;
        }

        /// <summary>
        /// The records whose bytes another record's also covers (a record repeated, or two entries' headers and
        /// data overlapping), each with the first record it overlaps; empty for a well-formed archive.
        /// </summary>
        public static List<(ZipRecord Entry, ZipRecord Other)> Overlaps(List<ZipRecord> records)
        {
            var sorted = new List<ZipRecord>(records);
            sorted.Sort((a, b) => a.LocalHeaderOffset != b.LocalHeaderOffset ? a.LocalHeaderOffset.CompareTo(b.LocalHeaderOffset) : a.Index.CompareTo(b.Index));
            var overlaps = new List<(ZipRecord, ZipRecord)>();
            ZipRecord? reach = null; // the record whose data ends furthest so far
            foreach (ZipRecord r in sorted)
            {
                if (reach != null && r.LocalHeaderOffset < reach.DataEnd)
                {
                    overlaps.Add((r, reach));
                }
                if (reach is null || r.DataEnd > reach.DataEnd)
                {
                    reach = r;
                }
            }
            return overlaps;
        }

        /// <summary>Why a record's declared size cannot be what its compressed bytes hold, or null when it can.</summary>
        public static string? ImpossibleSize(ZipRecord r)
        {
            if (r.Method == 0 && r.Size != r.CompressedSize)
            {
                return "zip entry " + r.Name + " is stored uncompressed but declares " + r.Size + " bytes for " + r.CompressedSize + " stored ones";
            }
            if (r.Method == 8 && r.Size > r.CompressedSize * MaxDeflateRatio + 1024)
            {
                return "zip entry " + r.Name + " declares " + r.Size + " bytes inflated from " + r.CompressedSize +
                    " compressed ones, more than deflate can produce (at most " + MaxDeflateRatio + " to 1)";
            }
            return null;
        }

        private static (long Count, long Offset, long Size) FindDirectory(Stream archive, long length)
        {
            if (length < 22)
            {
                throw new ContainerFormatException("the file is too short to be a zip archive", -1, length);
            }
            int tail = (int)Math.Min(length, 22 + 0xFFFF);
            byte[] end = ReadAt(archive, length - tail, tail);
            for (int at = tail - 22; at >= 0; at--)
            {
                if (U32(end, at) != 0x06054b50)
                {
                    continue;
                }
                long count = U16(end, at + 10), size = U32(end, at + 12), offset = U32(end, at + 16);
                if ((count == 0xFFFF || size == 0xFFFFFFFF || offset == 0xFFFFFFFF) && at >= 20 && U32(end, at - 20) == 0x07064b50)
                {
                    long zip64 = (long)U64(end, at - 20 + 8);
                    if (zip64 < 0 || zip64 > length - 56)
                    {
                        throw new ContainerFormatException("the zip64 end record lies outside the archive", length - tail + at - 20, zip64);
                    }
                    byte[] record = ReadAt(archive, zip64, 56);
                    if (U32(record, 0) != 0x06064b50)
                    {
                        throw new ContainerFormatException("the zip64 end record is damaged", zip64);
                    }
                    count = (long)Math.Min(U64(record, 32), long.MaxValue);
                    size = (long)Math.Min(U64(record, 40), long.MaxValue);
                    offset = (long)Math.Min(U64(record, 48), long.MaxValue);
                }
                return (count, offset, size);
            }
            throw new ContainerFormatException("the zip archive has no end-of-central-directory record", -1);
        }

        /// <summary>Takes the 64-bit values of the zip64 extra field (id 1) for the fields that say 0xFFFFFFFF.</summary>
        private static void ReadZip64(byte[] d, int at, int length, ref long size, ref long compressed, ref long local)
        {
            int end = at + length;
            while (at + 4 <= end)
            {
                ushort id = U16(d, at), fieldLength = U16(d, at + 2);
                int field = at + 4;
                if (field + fieldLength > end) return;
                if (id == 1)
                {
                    int p = field, stop = field + fieldLength;
                    if (size == 0xFFFFFFFF && p + 8 <= stop) { size = (long)Math.Min(U64(d, p), long.MaxValue); p += 8; }
                    if (compressed == 0xFFFFFFFF && p + 8 <= stop) { compressed = (long)Math.Min(U64(d, p), long.MaxValue); p += 8; }
                    if (local == 0xFFFFFFFF && p + 8 <= stop) { local = (long)Math.Min(U64(d, p), long.MaxValue); }
                    return;
                }
                at = field + fieldLength;
            }
        }

        private static byte[] ReadAt(Stream s, long offset, int count)
        {
            var buffer = new byte[count];
            ReadAt(s, offset, buffer);
            return buffer;
        }

        private static void ReadAt(Stream s, long offset, byte[] buffer)
        {
            s.Seek(offset, SeekOrigin.Begin);
            int done = 0, n;
            while (done < buffer.Length && (n = s.Read(buffer, done, buffer.Length - done)) > 0) done += n;
            if (done != buffer.Length)
            {
                throw new ContainerFormatException("the zip archive ends early", offset + done);
            }
        }

        private static ushort U16(byte[] d, int at) => (ushort)(d[at] | d[at + 1] << 8);
        private static uint U32(byte[] d, int at) => (uint)(d[at] | d[at + 1] << 8 | d[at + 2] << 16 | d[at + 3] << 24);
        private static ulong U64(byte[] d, int at) => U32(d, at) | (ulong)U32(d, at + 4) << 32;
    }
}
