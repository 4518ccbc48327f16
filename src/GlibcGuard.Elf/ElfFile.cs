using System;
using System.Collections.Generic;
using System.IO;

namespace GlibcGuard.Elf
{
    /// <summary>
    /// An ELF file opened for reading. The ELF header is read and validated when the file is opened; everything
    /// else (program headers, section headers, dynamic table, symbols, versions, notes, Go build info) is
    /// read on first use, from only the byte ranges it occupies, and cached.
    /// </summary>
    /// <remarks>
    /// Nothing in the file is trusted: every offset, size, count, link and string index is checked, and damage
    /// is either an <see cref="ElfFormatException"/> (structural: the fact asked for cannot be known) or an
    /// <see cref="ElfWarning"/> with a visible placeholder (a name that cannot be read). An instance is not
    /// thread-safe; it owns its <see cref="ElfSource"/> and releases it on <see cref="Dispose"/>.
    /// </remarks>
    internal sealed partial class ElfFile : IDisposable
    {
        /// <summary>The largest single table the reader will allocate for (64 MiB).</summary>
        public const int MaxTableSize = 64 << 20;

        private static readonly byte[] s_magic = { 0x7f, (byte)'E', (byte)'L', (byte)'F' };

        private readonly ElfSource _source;
        private readonly ElfList<ElfWarning> _warnings = new ElfList<ElfWarning>(0);

        private ElfFile(ElfSource source)
        {
            _source = source;
            Header = ReadHeader(source);
        }

        /// <summary>The ELF header.</summary>
        public ElfHeader Header { get; }

        /// <summary>All program headers, in file order (read on first use, as every other table).</summary>
        /// <exception cref="ElfFormatException">The program header table does not fit in the file.</exception>
        public IReadOnlyList<ElfProgramHeader> ProgramHeaders => _lazyProgramHeaders ??= ReadProgramHeaders();

        private ElfList<ElfProgramHeader>? _lazyProgramHeaders;

        /// <summary>The bytes the file is read from.</summary>
        internal ElfSource Source => _source;

        /// <summary>Size of the underlying file or buffer in bytes.</summary>
        public long Length => _source.Length;

        /// <summary>Recoverable damage found so far (reading more facts may add to it).</summary>
        public IReadOnlyList<ElfWarning> Warnings => _warnings;

        /// <summary>Opens the file at <paramref name="path"/>; throws <see cref="ElfFormatException"/> if it is not a readable ELF file.</summary>
        /// <exception cref="ElfFormatException">The file is not ELF or its headers are damaged.</exception>
        /// <exception cref="IOException">The file cannot be read.</exception>
        public static ElfFile Open(string path)
        {
            ElfSource source = ElfSource.OpenFile(path);
            try
            {
                return new ElfFile(source);
            }
            catch
            {
                source.Dispose();
                throw;
            }
        }

        /// <summary>Reads an ELF image held in memory. The array is not copied and must not change while in use.</summary>
        public static ElfFile Read(byte[] image) => Read(image, 0, image?.Length ?? 0);

        /// <summary>
        /// Opens the file when its first four bytes are the ELF magic; otherwise closes it and returns null, without
        /// an exception. A folder scan opens each file once this way. Damage past the magic still throws
        /// <see cref="ElfFormatException"/>: a file that starts as ELF is an ELF file, readable or not.
        /// Only for a regular file (opening a FIFO blocks): see <see cref="IsElfFile"/>.
        /// </summary>
        public static ElfFile? TryOpen(string path)
        {
            ElfSource source = ElfSource.OpenFile(path);
            try
            {
                byte[] prefix = t_prefix ??= new byte[4];
                if (source.Length < 4 || !TryRead(source, prefix) || !HasElfMagic(prefix, 4))
                {
                    source.Dispose();
                    return null;
                }
                return new ElfFile(source);
            }
            catch
            {
                source.Dispose();
                throw;
            }
        }

        [ThreadStatic] private static byte[]? t_prefix;

        /// <summary>Reads an ELF image held in part of an array.</summary>
        public static ElfFile Read(byte[] image, int offset, int count) => new ElfFile(ElfSource.FromArray(image, offset, count));

        /// <summary>Reads an ELF image from any random-access source; the file takes ownership of it.</summary>
        public static ElfFile Read(ElfSource source)
        {
            if (source is null) throw new ArgumentNullException(nameof(source));
            return new ElfFile(source);
        }

        /// <summary>True when <paramref name="prefix"/> starts with the four ELF magic bytes.</summary>
        public static bool HasElfMagic(byte[] prefix, int count) =>
            count >= 4 && prefix[0] == s_magic[0] && prefix[1] == s_magic[1] && prefix[2] == s_magic[2] && prefix[3] == s_magic[3];

        /// <summary>
        /// Reads the first four bytes of a regular file and says whether they are the ELF magic. Files shorter than
        /// the magic and anything that is not a regular file (FIFOs, devices) are not opened.
        /// </summary>
        public static bool IsElfFile(string path)
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length >= 4 && StartsWithElfMagic(path);
        }

        /// <summary>
        /// Opens the file and says whether its first four bytes are the ELF magic: one open, one read. For callers
        /// that already know the path is a regular file of at least four bytes (a folder scan has its size from
        /// the directory walk); anything else goes through <see cref="IsElfFile"/>, as opening a FIFO would block.
        /// </summary>
        public static bool StartsWithElfMagic(string path)
        {
            // The magic alone decides: a truncated ELF file is an ELF file that cannot be read, not "not ELF".
            var prefix = new byte[4];
            return ElfSource.ReadPrefix(path, prefix) == 4 && HasElfMagic(prefix, 4);
        }

        private static bool TryRead(ElfSource source, byte[] buffer)
        {
            try
            {
                source.ReadExactly(0, buffer, 0, buffer.Length);
                return true;
            }
            catch (ElfFormatException)
            {
                return false;
            }
        }

        /// <summary>
        /// Closes the file and gives back its table buffers. Facts already read as strings and lists of strings or
        /// objects (needed libraries, versions, imports, warnings) stay valid; the tables (program headers, dynamic
        /// entries, notes) and <see cref="ElfBytes"/> views of the file's bytes do not.
        /// </summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _source.Dispose();
            _lazyProgramHeaders?.Release();
            (_lazyDynamic?.Entries as ElfList<ElfDynamicEntry>)?.Release();
            _lazyNotes?.Release();
            _lazyNeedTable?.Release();
            _lazyDefinitionRecords?.Release();
            _arena?.Release();
            _arena = null;
        }

        /// <summary>Where this file's tables are read to; back to the shared stack on Dispose.</summary>
        private ElfArena? _arena;
        private bool _disposed;

        /// <summary>
        /// Table buffers go back to the arena stack on Dispose, so nothing may read them afterwards: every read of
        /// the file or of a kept table checks this first.
        /// </summary>
        internal void ThrowIfDisposed()
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(ElfFile), "the ELF file was disposed; facts already read stay valid, reading more does not");
            }
        }

        internal void Warn(string message, long offset) => _warnings.Add(new ElfWarning(message, offset));

        /// <summary>
        /// Reads <paramref name="size"/> bytes at file offset <paramref name="offset"/> into this file's arena after
        /// checking that the range lies inside the file and is not larger than <see cref="MaxTableSize"/>. The view
        /// is valid until the file is disposed.
        /// </summary>
        internal ElfBytes ReadRange(ulong offset, ulong size, string what)
        {
            CheckRange(offset, size, what);
            return ReadCheckedRange(offset, size);
        }

        /// <summary>
        /// As <see cref="ReadRange(ulong, ulong, string)"/> for a table whose name carries a number, "program header
        /// table (9 entries)": the name is joined only when the range is refused (every file reads these tables).
        /// </summary>
        internal ElfBytes ReadRange(ulong offset, ulong size, string what, ulong number, string after)
        {
            ThrowIfDisposed();
            long length = _source.Length;
            if (offset > (ulong)length || size > (ulong)length - offset || size > MaxTableSize)
            {
                CheckRange(offset, size, what + number.ToString(System.Globalization.CultureInfo.InvariantCulture) + after);
            }
            return ReadCheckedRange(offset, size);
        }

        private ElfBytes ReadCheckedRange(ulong offset, ulong size)
        {
            // In place where the source holds the bytes already (a small file, the start or the end of a large one,
            // a package's entry in memory); else read into the arena.
            if (_source.TryView((long)offset, (int)size, out byte[]? held, out int at))
            {
                return new ElfBytes(held!, at, (int)size, Header.IsBigEndian, (long)offset);
            }
            byte[] buffer = (_arena ??= ElfArena.Rent()).Take((int)size, out int start);
            _source.ReadExactly((long)offset, buffer, start, (int)size);
            return new ElfBytes(buffer, start, (int)size, Header.IsBigEndian, (long)offset);
        }

        /// <summary>
        /// As <see cref="ReadInto"/> for a table walked a window at a time: the window's buffer (<paramref name="window"/>
        /// bytes of this file's arena) is taken only when a window is not held in place.
        /// </summary>
        internal ElfBytes ReadWindow(ulong offset, int size, int window, ref byte[]? buffer, ref int start)
        {
            ThrowIfDisposed();
            if (_source.TryView((long)offset, size, out byte[]? held, out int at))
            {
                return new ElfBytes(held!, at, size, Header.IsBigEndian, (long)offset);
            }
            buffer ??= (_arena ??= ElfArena.Rent()).Take(window, out start);
            _source.ReadExactly((long)offset, buffer, start, size);
            return new ElfBytes(buffer, start, size, Header.IsBigEndian, (long)offset);
        }

        /// <summary>Room for <paramref name="size"/> bytes in this file's arena, for a table read piece by piece (valid until Dispose).</summary>
        internal byte[] Scratch(int size, out int start)
        {
            ThrowIfDisposed();
            return (_arena ??= ElfArena.Rent()).Take(size, out start);
        }

        /// <summary>
        /// The <paramref name="size"/> bytes at <paramref name="offset"/> (a range already checked with
        /// <see cref="CheckRange"/>): in place where the source holds them, else read into a buffer the caller
        /// reuses. Valid until the next read into that buffer, or until Dispose.
        /// </summary>
        internal ElfBytes ReadInto(ulong offset, int size, byte[] buffer, int start)
        {
            ThrowIfDisposed();
            if (_source.TryView((long)offset, size, out byte[]? held, out int at))
            {
                return new ElfBytes(held!, at, size, Header.IsBigEndian, (long)offset);
            }
            _source.ReadExactly((long)offset, buffer, start, size);
            return new ElfBytes(buffer, start, size, Header.IsBigEndian, (long)offset);
        }

        /// <summary>
        /// Throws unless <paramref name="size"/> bytes at <paramref name="offset"/> lie inside the file and are no
        /// more than <see cref="MaxTableSize"/> (and the file is still open).
        /// </summary>
        internal void CheckRange(ulong offset, ulong size, string what)
        {
            ThrowIfDisposed();
            long length = _source.Length;
            if (offset > (ulong)length)
            {
                ElfThrow.Format(what + " starts at 0x" + offset.ToString("x") + ", past the end of the file (size 0x" + length.ToString("x") + ")", (long)Math.Min(offset, long.MaxValue));
            }
            if (size > (ulong)length - offset)
            {
                ElfThrow.Truncated(what, (long)offset, (long)Math.Min(size, long.MaxValue), length);
            }
            if (size > MaxTableSize)
            {
                ElfThrow.Format(what + " is larger than the reader accepts (" + MaxTableSize + " bytes)", (long)offset, size);
            }
        }

        [ThreadStatic] private static byte[]? t_ident;

        private static ElfHeader ReadHeader(ElfSource source)
        {
            long length = source.Length;
            if (length < 16)
            {
                ElfThrow.Format("file is too small to be ELF (" + length + " bytes)", 0);
            }
            byte[] ident = t_ident ??= new byte[64]; // decoded into the header before anything else runs on this thread
            int identLength = (int)Math.Min(64, length);
            source.ReadExactly(0, ident, 0, identLength);
            if (!HasElfMagic(ident, identLength))
            {
                ElfThrow.Format("not an ELF file: bad magic", 0);
            }
            byte cls = ident[4], data = ident[5], version = ident[6];
            if (cls != 1 && cls != 2)
            {
                ElfThrow.Format("unknown EI_CLASS", 4, cls);
            }
            if (data != 1 && data != 2)
            {
                ElfThrow.Format("unknown EI_DATA", 5, data);
            }
            if (version != 1)
            {
                ElfThrow.Format("unknown EI_VERSION", 6, version);
            }
            bool is64 = cls == 2;
            int headerSize = is64 ? 64 : 52;
            if (length < headerSize)
            {
                ElfThrow.Truncated("ELF header", 0, headerSize, length);
            }
            var b = new ElfBytes(ident, 0, headerSize, data == 2, 0);
            var type = (ElfType)b.PeekUInt16(16);
            var machine = (ElfMachine)b.PeekUInt16(18);
            ulong entry = b.PeekWord(24, is64);
            ulong phoff = is64 ? b.PeekUInt64(32) : b.PeekUInt32(28);
            ulong shoff = is64 ? b.PeekUInt64(40) : b.PeekUInt32(32);
            uint flags = b.PeekUInt32(is64 ? 48 : 36);
            int p = is64 ? 54 : 42;
            ushort phentsize = b.PeekUInt16(p), phnum = b.PeekUInt16(p + 2);
            ushort shentsize = b.PeekUInt16(p + 4), shnum = b.PeekUInt16(p + 6), shstrndx = b.PeekUInt16(p + 8);

            uint programCount = phnum, sectionCount = shnum, nameIndex = shstrndx;
            // Extended numbering: counts that do not fit in 16 bits live in section header 0.
            const ushort PN_XNUM = 0xffff, SHN_XINDEX = 0xffff;
            // e_shnum 0 with e_shentsize 0 is a file without a section table (some linkers and strippers write a
            // stale e_shoff): no header 0 to read, as readelf reads it.
            if (shoff != 0 && shentsize != 0 && (shnum == 0 || phnum == PN_XNUM || shstrndx == SHN_XINDEX))
            {
                ElfSectionHeader s0 = ReadSectionHeaderAt(source, b, is64, shoff, shentsize, "section header 0");
                if (shnum == 0)
                {
                    sectionCount = s0.Size > uint.MaxValue ? uint.MaxValue : (uint)s0.Size;
                }
                if (phnum == PN_XNUM)
                {
                    programCount = s0.Info;
                }
                if (shstrndx == SHN_XINDEX)
                {
                    nameIndex = s0.Link;
                }
            }
            return new ElfHeader(is64 ? ElfClass.Elf64 : ElfClass.Elf32, data == 2, ident[7], type, machine, entry,
                phoff, shoff, flags, phentsize, programCount, shentsize, sectionCount, nameIndex);
        }

        private static ElfSectionHeader ReadSectionHeaderAt(ElfSource source, ElfBytes header, bool is64, ulong offset, ushort entrySize, string what)
        {
            int minimum = is64 ? 64 : 40;
            if (entrySize < minimum)
            {
                ElfThrow.Format("e_shentsize is smaller than a section header (" + minimum + ")", is64 ? 58 : 46, entrySize);
            }
            if (offset > (ulong)source.Length || (ulong)minimum > (ulong)source.Length - offset)
            {
                ElfThrow.Truncated(what, (long)Math.Min(offset, long.MaxValue), minimum, source.Length);
            }
            var buffer = new byte[minimum];
            source.ReadExactly((long)offset, buffer, 0, minimum);
            return DecodeSectionHeader(new ElfBytes(buffer, 0, minimum, header.IsBigEndian, (long)offset), 0, is64, "");
        }

        private ElfList<ElfProgramHeader> ReadProgramHeaders()
        {
            ThrowIfDisposed();
            uint count = Header.ProgramHeaderCount;
            if (count == 0 || Header.ProgramHeaderOffset == 0)
            {
                return new ElfList<ElfProgramHeader>(0);
            }
            bool is64 = Header.Is64;
            int minimum = is64 ? 56 : 32;
            ushort entrySize = Header.ProgramHeaderEntrySize;
            if (entrySize < minimum)
            {
                ElfThrow.Format("e_phentsize is smaller than a program header (" + minimum + ")", is64 ? 54 : 42, entrySize);
            }
            ElfBytes table = ReadRange(Header.ProgramHeaderOffset, (ulong)count * entrySize, "program header table (", count, " entries)");
            var headers = ElfList<ElfProgramHeader>.Lend((int)count);
            for (int i = 0; i < count; i++)
            {
                int o = i * entrySize;
                headers.Add(is64
                    ? new ElfProgramHeader((ElfSegmentType)table.PeekUInt32(o), table.PeekUInt32(o + 4), table.PeekUInt64(o + 8),
                        table.PeekUInt64(o + 16), table.PeekUInt64(o + 32), table.PeekUInt64(o + 40), table.PeekUInt64(o + 48))
                    : new ElfProgramHeader((ElfSegmentType)table.PeekUInt32(o), table.PeekUInt32(o + 24), table.PeekUInt32(o + 4),
                        table.PeekUInt32(o + 8), table.PeekUInt32(o + 16), table.PeekUInt32(o + 20), table.PeekUInt32(o + 28)));
            }
            return headers;
        }

        /// <summary>The first program header of the given type, or null.</summary>
        public ElfProgramHeader? FindSegment(ElfSegmentType type)
        {
            IReadOnlyList<ElfProgramHeader> all = ProgramHeaders;
            for (int i = 0; i < all.Count; i++)
            {
                ElfProgramHeader ph = all[i];
                if (ph.Type == type)
                {
                    return ph;
                }
            }
            return null;
        }

        /// <summary>
        /// Translates a virtual address to a file offset through the PT_LOAD segments; also returns how many
        /// bytes of file data the segment holds from that address on. Returns false for an unmapped address.
        /// </summary>
        public bool TryMapAddress(ulong address, out ulong fileOffset, out ulong bytesInSegment)
        {
            IReadOnlyList<ElfProgramHeader> all = ProgramHeaders;
            for (int i = 0; i < all.Count; i++)
            {
                ElfProgramHeader ph = all[i];
                if (ph.Type == ElfSegmentType.Load && address >= ph.VirtualAddress && address - ph.VirtualAddress < ph.FileSize)
                {
                    ulong delta = address - ph.VirtualAddress;
                    if (ph.Offset > ulong.MaxValue - delta)
                    {
                        continue;
                    }
                    fileOffset = ph.Offset + delta;
                    bytesInSegment = ph.FileSize - delta;
                    return true;
                }
            }
            fileOffset = 0;
            bytesInSegment = 0;
            return false;
        }

        /// <summary>The PT_INTERP path (the dynamic loader), or null for files without one.</summary>
        public string? Interpreter
        {
            get
            {
                if (!_interpreterRead)
                {
                    _interpreterRead = true;
                    ElfProgramHeader? interp = FindSegment(ElfSegmentType.Interpreter);
                    // A zero-size PT_INTERP (separate debug files keep the header, not the bytes) names no loader.
                    if (interp is ElfProgramHeader ph && ph.FileSize > 0)
                    {
                        ElfBytes bytes = ReadRange(ph.Offset, Math.Min(ph.FileSize, 4096), "PT_INTERP segment");
                        if (bytes.TryPeekCString(0, out string path))
                        {
                            _lazyInterpreter = path;
                        }
                        else
                        {
                            Warn("PT_INTERP path is not NUL-terminated", bytes.FileOffset);
                            _lazyInterpreter = bytes.PeekUtf8(0, bytes.Length);
                        }
                    }
                }
                return _lazyInterpreter;
            }
        }

        private bool _interpreterRead;
        private string? _lazyInterpreter;

        /// <summary>
        /// Whether the stack is executable: PT_GNU_STACK has PF_X, or a file with segments has no PT_GNU_STACK
        /// (the loader then defaults to an executable stack on most architectures).
        /// </summary>
        public bool HasExecutableStack
        {
            get
            {
                ElfProgramHeader? stack = FindSegment(ElfSegmentType.GnuStack);
                return stack is ElfProgramHeader ph ? ph.IsExecutable : ProgramHeaders.Count > 0 && Header.Type != ElfType.Core;
            }
        }
    }
}
