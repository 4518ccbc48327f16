using System;
#if NET
using System.Buffers.Binary;
#endif
using System.Text;

namespace GlibcGuard.Elf
{
    /// <summary>
    /// A bounds-checked view of bytes read from an ELF file, in the file's byte order. Every Peek goes through
    /// one overflow-proof check; offsets are relative to the view, <see cref="FileOffset"/> places it in the file
    /// so that errors can name an absolute position.
    /// </summary>
    internal readonly struct ElfBytes
    {
        private readonly byte[] _array;
        private readonly int _start;

        internal ElfBytes(byte[] array, int start, int length, bool bigEndian, long fileOffset)
        {
            _array = array;
            _start = start;
            Length = length;
            IsBigEndian = bigEndian;
            FileOffset = fileOffset;
        }

        /// <summary>A little-endian view of a whole array that starts at <paramref name="fileOffset"/> in its file.</summary>
        public ElfBytes(byte[] array, long fileOffset)
            : this(array ?? throw new ArgumentNullException(nameof(array)), 0, array.Length, bigEndian: false, fileOffset)
        {
        }

        /// <summary>
        /// Reads an unsigned LEB128 number at <paramref name="offset"/>: seven bits a byte, lowest first, as Go's
        /// uvarint and .NET's 7-bit encoded lengths are written. False when it runs past the view or does not fit
        /// in 64 bits; <paramref name="length"/> is the number of bytes it took.
        /// </summary>
        public bool TryPeekUleb128(int offset, out ulong value, out int length)
        {
            value = 0;
            length = 0;
            if (offset < 0)
            {
                return false;
            }
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (offset >= Length - length)
                {
                    return false;
                }
                byte b = _array[_start + offset + length];
                length++;
                if (shift == 63 && b > 1)
                {
                    return false; // a tenth byte may add one bit only
                }
                value |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                {
                    return true;
                }
            }
            return false;
        }

        /// <summary>Number of bytes in the view.</summary>
        public int Length { get; }

        /// <summary>True when multi-byte values are stored most significant byte first (ELFDATA2MSB).</summary>
        public bool IsBigEndian { get; }

        /// <summary>File offset of the first byte of the view.</summary>
        public long FileOffset { get; }

        /// <summary>True when <paramref name="count"/> bytes at <paramref name="offset"/> lie inside the view.</summary>
        public bool Contains(long offset, long count) =>
            offset >= 0 && count >= 0 && (ulong)offset <= (ulong)Length && (ulong)count <= (ulong)(Length - offset);

        private int CheckBounds(int offset, int count)
        {
            if (unchecked((ulong)(uint)offset + (uint)count) > (ulong)Length)
            {
                ElfThrow.OutOfBounds("read outside of table", FileOffset + offset, count, Length - (long)offset);
            }
            return _start + offset;
        }

        public byte PeekByte(int offset) => _array[CheckBounds(offset, 1)];

        public ushort PeekUInt16(int offset) => U16(CheckBounds(offset, 2));

        public uint PeekUInt32(int offset) => U32(CheckBounds(offset, 4));

        /// <summary>
        /// For loops over a table whose size the caller has already checked against the number of records
        /// (the symbol table: count × entry size ≤ <see cref="Length"/>): the same reads without a check each.
        /// </summary>
        internal ushort PeekUInt16Checked(int offset) => U16(_start + offset);

        /// <inheritdoc cref="PeekUInt16Checked"/>
        internal uint PeekUInt32Checked(int offset) => U32(_start + offset);

        /// <inheritdoc cref="PeekUInt16Checked"/>
        internal byte PeekByteChecked(int offset) => _array[_start + offset];

        /// <inheritdoc cref="PeekUInt16Checked"/>
        internal ulong PeekUInt64Checked(int offset) => U64(_start + offset);

        // One unaligned load each, swapped when the file's byte order is not the machine's.
        private bool Swap => IsBigEndian == BitConverter.IsLittleEndian;

#if NET
        // The span checks the range once; the read is one load, inlined where BitConverter's is a call.
        private ushort U16(int i)
        {
            ushort v = BinaryPrimitives.ReadUInt16LittleEndian(new ReadOnlySpan<byte>(_array, i, 2));
            return IsBigEndian ? BinaryPrimitives.ReverseEndianness(v) : v;
        }

        private uint U32(int i)
        {
            uint v = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(_array, i, 4));
            return IsBigEndian ? BinaryPrimitives.ReverseEndianness(v) : v;
        }

        private ulong U64(int i)
        {
            ulong v = BinaryPrimitives.ReadUInt64LittleEndian(new ReadOnlySpan<byte>(_array, i, 8));
            return IsBigEndian ? BinaryPrimitives.ReverseEndianness(v) : v;
        }
#else
        private ushort U16(int i)
        {
            ushort v = BitConverter.ToUInt16(_array, i);
            return Swap ? (ushort)(v << 8 | v >> 8) : v;
        }

        private uint U32(int i)
        {
            uint v = BitConverter.ToUInt32(_array, i);
            return Swap ? Reverse(v) : v;
        }

        private ulong U64(int i)
        {
            ulong v = BitConverter.ToUInt64(_array, i);
            return Swap ? (ulong)Reverse((uint)v) << 32 | Reverse((uint)(v >> 32)) : v;
        }
#endif

        private static uint Reverse(uint v) => (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);

        public ulong PeekUInt64(int offset) => U64(CheckBounds(offset, 8));

        /// <summary>Reads a word of the file's class: 8 bytes for ELF64, 4 for ELF32.</summary>
        public ulong PeekWord(int offset, bool is64) => is64 ? PeekUInt64(offset) : PeekUInt32(offset);

        /// <summary>
        /// Reads the NUL-terminated UTF-8 string at <paramref name="offset"/>. Returns false when the offset is
        /// outside the view or no NUL follows it before the end of the view.
        /// </summary>
        public bool TryPeekCString(long offset, out string value)
        {
            value = "";
            if (!TryMeasureCString(offset, out int length))
            {
                return false;
            }
            if (length > 0)
            {
                value = Encoding.UTF8.GetString(_array, _start + (int)offset, length);
            }
            return true;
        }

        /// <summary>
        /// The length of the NUL-terminated string at <paramref name="offset"/>, without decoding it; false where
        /// <see cref="TryPeekCString"/> is false.
        /// </summary>
        internal bool TryMeasureCString(long offset, out int length)
        {
            length = 0;
            if (offset < 0 || offset >= Length)
            {
                return false;
            }
            int begin = _start + (int)offset;
            int end = Array.IndexOf(_array, (byte)0, begin, Length - (int)offset);
            if (end < 0)
            {
                return false;
            }
            length = end - begin;
            return true;
        }

        /// <summary>Copies <paramref name="count"/> bytes at <paramref name="offset"/> of the view into <paramref name="destination"/>.</summary>
        internal void CopyTo(int offset, int count, byte[] destination, int destinationIndex) =>
            Buffer.BlockCopy(_array, CheckBounds(offset, count), destination, destinationIndex, count);

        /// <summary>
        /// True when the NUL-terminated string at <paramref name="offset"/> is exactly <paramref name="ascii"/>;
        /// compares bytes, allocates nothing.
        /// </summary>
        public bool CStringEquals(long offset, byte[] ascii)
        {
            if (offset < 0 || offset > Length - (long)ascii.Length - 1)
            {
                return false;
            }
            int at = _start + (int)offset;
            for (int i = 0; i < ascii.Length; i++)
            {
                if (_array[at + i] != ascii[i]) return false;
            }
            return _array[at + ascii.Length] == 0;
        }

        /// <summary>A sub-view; throws <see cref="ElfFormatException"/> when it does not fit.</summary>
        public ElfBytes Slice(int offset, int length)
        {
            int start = CheckBounds(offset, length);
            return new ElfBytes(_array, start, length, IsBigEndian, FileOffset + offset);
        }

        /// <summary>Index of the first occurrence of <paramref name="pattern"/> at or after <paramref name="from"/>, or -1.</summary>
        public int IndexOf(byte[] pattern, int from)
        {
            if (pattern.Length == 0 || from < 0)
            {
                return -1;
            }
            int last = Length - pattern.Length;
            for (int i = from; i <= last; i++)
            {
                i = Array.IndexOf(_array, pattern[0], _start + i, last - i + 1);
                if (i < 0)
                {
                    return -1;
                }
                i -= _start;
                int j = 1;
                while (j < pattern.Length && _array[_start + i + j] == pattern[j])
                {
                    j++;
                }
                if (j == pattern.Length)
                {
                    return i;
                }
            }
            return -1;
        }

        /// <summary>Copies the view into a new array.</summary>
        public byte[] ToArray()
        {
            var copy = new byte[Length];
            Buffer.BlockCopy(_array, _start, copy, 0, Length);
            return copy;
        }

        /// <summary>Decodes <paramref name="count"/> bytes at <paramref name="offset"/> as UTF-8.</summary>
        public string PeekUtf8(int offset, int count) => Encoding.UTF8.GetString(_array, CheckBounds(offset, count), count);

        /// <summary>As <see cref="PeekUtf8"/>, for a name that files repeat: a short ASCII one comes from <see cref="ElfNamePool"/>.</summary>
        public string PeekName(int offset, int count) => ElfNamePool.Get(_array, CheckBounds(offset, count), count);
    }
}
