using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

using GlibcGuard.Elf;

namespace GlibcGuard.Inputs
{
    /// <summary>The kind of a file inside a .NET single-file bundle (the bundler's FileType).</summary>
    internal enum BundleFileType : byte
    {
        Unknown = 0,
        Assembly = 1,
        NativeBinary = 2,
        DepsJson = 3,
        RuntimeConfigJson = 4,
        Symbols = 5,
    }

    /// <summary>One file embedded in a single-file bundle.</summary>
    internal sealed class BundleEntry
    {
        internal BundleEntry(string relativePath, long offset, long size, long compressedSize, BundleFileType type)
        {
            RelativePath = relativePath;
            Offset = offset;
            Size = size;
            CompressedSize = compressedSize;
            Type = type;
        }

        /// <summary>The path inside the bundle, with '/' separators.</summary>
        public string RelativePath { get; }
        /// <summary>File offset of the entry's data.</summary>
        public long Offset { get; }
        /// <summary>Size when extracted.</summary>
        public long Size { get; }
        /// <summary>Size of the raw-deflate data in the bundle; 0 when stored uncompressed.</summary>
        public long CompressedSize { get; }
        /// <summary>What the bundler classified the file as.</summary>
        public BundleFileType Type { get; }
        /// <summary>True when the data is compressed.</summary>
        public bool IsCompressed => CompressedSize != 0;
    }

    /// <summary>
    /// A .NET single-file bundle: an apphost (singlefilehost) with the application's files appended and a
    /// manifest after them. The host's data segment holds the 32-byte bundle signature, preceded by the
    /// manifest's file offset (0 in a host that is not a bundle). Nothing is extracted to disk; an entry is
    /// read (and inflated) into memory on request, up to <see cref="MaxEntrySize"/>.
    /// </summary>
    internal sealed class DotNetBundle
    {
        /// <summary>The largest entry that is read into memory (256 MiB).</summary>
        public const long MaxEntrySize = 256L << 20;

        private const int MaxManifestSize = 16 << 20;

        // SHA-256 of ".net core bundle": the marker the bundler patches the manifest offset in front of.
        private static readonly byte[] s_signature =
        {
            0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
            0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
        };

        private readonly ElfSource _source;

        private DotNetBundle(ElfSource source, long headerOffset, uint major, uint minor, string bundleId, IReadOnlyList<BundleEntry> entries)
        {
            _source = source;
            HeaderOffset = headerOffset;
            MajorVersion = major;
            MinorVersion = minor;
            BundleId = bundleId;
            Entries = entries;
        }

        /// <summary>File offset of the manifest.</summary>
        public long HeaderOffset { get; }
        /// <summary>Manifest major version (6 since .NET 6; 2 for .NET 5; 1 for .NET Core 3).</summary>
        public uint MajorVersion { get; }
        /// <summary>Manifest minor version.</summary>
        public uint MinorVersion { get; }
        /// <summary>The bundle's identity (used for the extraction folder name).</summary>
        public string BundleId { get; }
        /// <summary>The embedded files, in manifest order.</summary>
        public IReadOnlyList<BundleEntry> Entries { get; }

        /// <summary>
        /// Looks for the bundle signature in the writable PT_LOAD segments of <paramref name="host"/> and reads
        /// the manifest. Returns null when the file is not a bundle (no signature, or a zero offset). The bundle
        /// reads its entries through the host's source: use it while the host is open.
        /// </summary>
        /// <exception cref="ContainerFormatException">The signature is present but the manifest is damaged.</exception>
        public static DotNetBundle? TryRead(ElfFile host)
        {
            ElfSource source = host.Source;
            if (source.Length <= ImageEnd(host))
            {
                return null; // nothing appended after the ELF image: not a bundle, and no need to search it
            }
            long headerOffset = FindHeaderOffset(host, out long fieldOffset);
            if (headerOffset == 0)
            {
                return null;
            }
            if (headerOffset < 0 || headerOffset >= source.Length)
            {
                throw new ContainerFormatException("bundle manifest offset is outside the file (size 0x" + source.Length.ToString("x") + ")", fieldOffset, headerOffset);
            }
            long available = Math.Min(source.Length - headerOffset, MaxManifestSize);
            var buffer = new byte[available];
            source.ReadExactly(headerOffset, buffer, 0, buffer.Length);
            var reader = new ManifestReader(buffer, headerOffset);

            uint major = reader.UInt32("major version"), minor = reader.UInt32("minor version");
            if (major != 1 && major != 2 && major != 6)
            {
                throw new ContainerFormatException("unsupported bundle manifest version " + major + "." + minor, headerOffset);
            }
            int count = reader.Int32("file count");
            int minimumEntry = major >= 6 ? 26 : 18;
            if (count < 0 || (long)count * minimumEntry > buffer.Length)
            {
                throw new ContainerFormatException("bundle manifest file count does not fit in the manifest", headerOffset + 8, count);
            }
            string bundleId = reader.String("bundle id");
            if (major >= 2)
            {
                reader.Skip(8 * 5, "deps.json and runtimeconfig.json locations and flags");
            }
            var entries = new List<BundleEntry>(count);
            for (int i = 0; i < count; i++)
            {
                long at = reader.Position;
                long offset = reader.Int64("entry offset"), size = reader.Int64("entry size");
                long compressed = major >= 6 ? reader.Int64("entry compressed size") : 0;
                byte type = reader.Byte("entry type");
                string path = reader.String("entry path");
                long stored = compressed != 0 ? compressed : size;
                if (offset <= 0 || size < 0 || compressed < 0 || type > (byte)BundleFileType.Symbols || stored > source.Length || offset > source.Length - stored)
                {
                    throw new ContainerFormatException("bundle entry " + i + " (" + path + ") has offset " + offset + ", size " + size + ", compressed size " + compressed +
                        " and type " + type + ", which do not fit the file (size " + source.Length + ")", at);
                }
                entries.Add(new BundleEntry(path, offset, size, compressed, (BundleFileType)type));
            }
            return new DotNetBundle(source, headerOffset, major, minor, bundleId, entries);
        }

        /// <summary>
        /// Reads an entry into memory, inflating it when it is compressed. The declared size must be one the
        /// compressed bytes can produce (deflate's largest ratio) and is charged to <paramref name="allowance"/>
        /// before anything is read; the buffer grows with the bytes actually inflated, so an entry that declares
        /// more than it holds costs what it holds.
        /// </summary>
        /// <exception cref="ContainerFormatException">
        /// The entry is larger than <see cref="MaxEntrySize"/>, declares a size its compressed bytes cannot
        /// produce, is over the read budget, or its compressed data is damaged.
        /// </exception>
        public byte[] ReadEntry(BundleEntry entry, ContainerAllowance allowance)
        {
            if (entry.Size > MaxEntrySize)
            {
                throw new ContainerFormatException("bundle entry " + entry.RelativePath + " is larger than the reader accepts", entry.Offset, entry.Size);
            }
            if (entry.IsCompressed && entry.Size > entry.CompressedSize * ZipLayout.MaxDeflateRatio + 1024)
            {
                throw new ContainerFormatException("bundle entry " + entry.RelativePath + " declares " + entry.Size + " bytes inflated from " + entry.CompressedSize +
                    " compressed ones, more than deflate can produce (at most " + ZipLayout.MaxDeflateRatio + " to 1)", entry.Offset);
            }
            allowance.Charge(entry.Size, "bundle entry " + entry.RelativePath, entry.Offset);
            if (!entry.IsCompressed)
            {
                var data = new byte[entry.Size]; // the bytes are in the file: the manifest's ranges were checked against its size
                _source.ReadExactly(entry.Offset, data, 0, data.Length);
                return data;
            }
            var compressed = new byte[entry.CompressedSize];
            _source.ReadExactly(entry.Offset, compressed, 0, compressed.Length);
            try
            {
                using (var inflater = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress))
                {
                    var data = new byte[Math.Min(entry.Size, 1 << 20)];
                    int done = 0;
                    while (true)
                    {
                        if (done == data.Length)
                        {
                            if (data.Length == entry.Size) break;
                            Array.Resize(ref data, (int)Math.Min(entry.Size, (long)data.Length * 2));
                        }
                        int n = inflater.Read(data, done, data.Length - done);
                        if (n == 0) break;
                        done += n;
                    }
                    if (done != entry.Size || inflater.ReadByte() != -1)
                    {
                        throw new ContainerFormatException("bundle entry " + entry.RelativePath + " does not inflate to its stated size " + entry.Size, entry.Offset);
                    }
                    return data;
                }
            }
            catch (InvalidDataException e)
            {
                throw new ContainerFormatException("bundle entry " + entry.RelativePath + " has damaged compressed data: " + e.Message, entry.Offset);
            }
        }

        /// <summary>Where the ELF image ends: the last segment's bytes or the section header table, whichever is later.</summary>
        private static long ImageEnd(ElfFile host)
        {
            ulong end = 0;
            foreach (ElfProgramHeader ph in host.ProgramHeaders)
            {
                if (ph.Offset <= ulong.MaxValue - ph.FileSize) end = Math.Max(end, ph.Offset + ph.FileSize);
            }
            ElfHeader h = host.Header;
            ulong table = (ulong)h.SectionHeaderCount * h.SectionHeaderEntrySize;
            if (h.SectionHeaderOffset != 0 && h.SectionHeaderOffset <= ulong.MaxValue - table)
            {
                end = Math.Max(end, h.SectionHeaderOffset + table);
            }
            return (long)Math.Min(end, long.MaxValue);
        }

        private static long FindHeaderOffset(ElfFile host, out long fieldOffset)
        {
            fieldOffset = -1;
            const int Chunk = 1 << 20;
            foreach (ElfProgramHeader ph in host.ProgramHeaders)
            {
                if (ph.Type != ElfSegmentType.Load || !ph.IsWritable || ph.FileSize < (ulong)(s_signature.Length + 8))
                {
                    continue;
                }
                // Chunks overlap by the marker's length so that a marker across a boundary is still found.
                for (ulong start = 0; start < ph.FileSize; start += Chunk - (ulong)(s_signature.Length + 8))
                {
                    ulong length = Math.Min(Chunk, ph.FileSize - start);
                    ElfBytes window = host.ReadRange(ph.Offset + start, length, "writable PT_LOAD segment");
                    int at = window.IndexOf(s_signature, 8);
                    if (at >= 0)
                    {
                        // The offset is stored little-endian whatever the file's byte order (the bundler writes it so).
                        ulong value = 0;
                        for (int i = 0; i < 8; i++) value |= (ulong)window.PeekByte(at - 8 + i) << (8 * i);
                        fieldOffset = window.FileOffset + at - 8;
                        return (long)value;
                    }
                    if (start + length >= ph.FileSize) break;
                }
            }
            return 0;
        }

        /// <summary>Reads the manifest's BinaryWriter encoding (little-endian, 7-bit length-prefixed UTF-8) with bounds checks.</summary>
        private sealed class ManifestReader
        {
            private readonly ElfBytes _data;
            private int _position;

            public ManifestReader(byte[] data, long fileOffset) => _data = new ElfBytes(data, fileOffset);

            public long Position => _data.FileOffset + _position;

            private void Need(int count, string what)
            {
                if (!_data.Contains(_position, count))
                {
                    throw new ContainerFormatException("bundle manifest ends inside its " + what, Position);
                }
            }

            public byte Byte(string what)
            {
                Need(1, what);
                return _data.PeekByte(_position++);
            }

            public uint UInt32(string what)
            {
                Need(4, what);
                uint v = _data.PeekUInt32(_position);
                _position += 4;
                return v;
            }

            public int Int32(string what) => (int)UInt32(what);

            public long Int64(string what)
            {
                ulong low = UInt32(what), high = UInt32(what);
                return (long)(high << 32 | low);
            }

            public void Skip(int count, string what)
            {
                Need(count, what);
                _position += count;
            }

            public string String(string what)
            {
                if (!_data.TryPeekUleb128(_position, out ulong length, out int taken) || length > int.MaxValue)
                {
                    throw new ContainerFormatException("bundle manifest has a damaged length in its " + what, Position);
                }
                _position += taken;
                Need((int)length, what);
                string value = _data.PeekUtf8(_position, (int)length);
                _position += (int)length;
                return value;
            }
        }
    }
}
