using System;
using System.IO;

namespace GlibcGuard.Elf
{
    /// <summary>
    /// Random access to the bytes of one file. The reader asks only for the ranges it needs (headers, the
    /// dynamic table, string and symbol tables); nothing reads the whole file.
    /// </summary>
    internal abstract partial class ElfSource : IDisposable
    {
        /// <summary>Total length in bytes.</summary>
        public abstract long Length { get; }

        /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="offset"/>; returns how many were read.</summary>
        protected abstract int ReadCore(long offset, byte[] buffer, int index, int count);

        /// <summary>
        /// Reads exactly <paramref name="count"/> bytes at <paramref name="offset"/> into <paramref name="buffer"/>.
        /// A short read (the file shrank while it was read) is a format error at that offset.
        /// </summary>
        public void ReadExactly(long offset, byte[] buffer, int index, int count)
        {
            int done = 0;
            while (done < count)
            {
                int n = ReadCore(offset + done, buffer, index + done, count - done);
                if (n <= 0)
                {
                    ElfThrow.Format("unexpected end of data (the file is shorter than its header says, or shrank while it was read)", offset + done);
                }
                done += n;
            }
        }

        /// <summary>
        /// The <paramref name="count"/> bytes at <paramref name="offset"/> where the source already holds them (a small
        /// file's tables, an entry of a package in memory), to be read in place instead of copied: valid until the
        /// source is disposed, and never written. False when they would have to be read (the caller copies them).
        /// </summary>
        internal virtual bool TryView(long offset, int count, out byte[]? array, out int start)
        {
            array = null;
            start = 0;
            return false;
        }

        /// <summary>Opens a file for random access; the file is shared for reading, writing and deletion.</summary>
        public static ElfSource OpenFile(string path) => new FileSource(path);

        /// <summary>Wraps bytes that are already in memory. The array is not copied.</summary>
        public static ElfSource FromArray(byte[] array, int offset, int count) => new ArraySource(array, offset, count);

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
        }

        private sealed class ArraySource : ElfSource
        {
            private readonly byte[] _array;
            private readonly int _offset;
            private readonly int _count;

            public ArraySource(byte[] array, int offset, int count)
            {
                if (array is null) throw new ArgumentNullException(nameof(array));
                if (offset < 0 || count < 0 || offset > array.Length - count) throw new ArgumentOutOfRangeException(nameof(offset));
                _array = array;
                _offset = offset;
                _count = count;
            }

            public override long Length => _count;

            internal override bool TryView(long offset, int count, out byte[]? array, out int start)
            {
                bool inside = offset >= 0 && count >= 0 && offset <= _count - count;
                array = inside ? _array : null;
                start = inside ? _offset + (int)offset : 0;
                return inside;
            }

            protected override int ReadCore(long offset, byte[] buffer, int index, int count)
            {
                if (offset >= _count)
                {
                    return 0;
                }
                int n = (int)Math.Min(count, _count - offset);
                Buffer.BlockCopy(_array, _offset + (int)offset, buffer, index, n);
                return n;
            }
        }

        private sealed partial class FileSource : ElfSource
        {
            // The start and the end of the file, each read with one system call when first needed. The start holds
            // the ELF header and program headers, and in a small library its symbol, string and version tables too;
            // the end holds the section headers, their names and often the dynamic table. The buffers are reused by
            // the next file read on the same thread (a folder scan reads thousands): taken on first use, given back
            // on Dispose. The file's reader reads its tables in place (TryView) until then; nothing else sees them.
            private const int HeadSize = 16 * 1024;
            private const int TailSize = 8 * 1024;
            [ThreadStatic] private static byte[]? t_spareHead;
            [ThreadStatic] private static byte[]? t_spareTail;
            private byte[]? _head, _tail;
            private int _headLength, _tailLength;
            private long _tailStart;
            private bool _headRead, _tailRead;

            public override long Length => _length;

            protected override int ReadCore(long offset, byte[] buffer, int index, int count)
            {
                if (Held(offset, count, out byte[]? held, out int start))
                {
                    Buffer.BlockCopy(held!, start, buffer, index, count);
                    return count;
                }
                return ReadFile(offset, buffer, index, count);
            }

            internal override bool TryView(long offset, int count, out byte[]? array, out int start) => Held(offset, count, out array, out start);

            /// <summary>
            /// Whether the <paramref name="count"/> bytes at <paramref name="offset"/> lie in the start or the end of
            /// the file (reading that part first if it is the first time it is asked for), and where.
            /// </summary>
            private bool Held(long offset, int count, out byte[]? array, out int start)
            {
                if (!_headRead)
                {
                    _headRead = true;
                    _head = t_spareHead ?? new byte[HeadSize];
                    t_spareHead = null;
                    _headLength = Fill(0, _head, (int)Math.Min(HeadSize, Math.Max(0, _length)));
                }
                if (offset >= 0 && offset + count <= _headLength)
                {
                    array = _head;
                    start = (int)offset;
                    return true;
                }
                if (_length > HeadSize && offset >= _length - TailSize && offset + count <= _length)
                {
                    if (!_tailRead)
                    {
                        _tailRead = true;
                        _tail = t_spareTail ?? new byte[TailSize];
                        t_spareTail = null;
                        _tailStart = Math.Max(HeadSize, _length - TailSize);
                        _tailLength = Fill(_tailStart, _tail, (int)(_length - _tailStart));
                    }
                    if (offset >= _tailStart && offset + count <= _tailStart + _tailLength)
                    {
                        array = _tail;
                        start = (int)(offset - _tailStart);
                        return true;
                    }
                }
                array = null;
                start = 0;
                return false;
            }

            /// <summary>Reads up to <paramref name="want"/> bytes at <paramref name="offset"/>; fewer only at the end of the file.</summary>
            private int Fill(long offset, byte[] buffer, int want)
            {
                int done = 0, n;
                while (done < want && (n = ReadFile(offset + done, buffer, done, want - done)) > 0)
                {
                    done += n;
                }
                return done;
            }

            private void ReturnHead()
            {
                if (_head != null)
                {
                    t_spareHead = _head;
                    _head = null;
                    _headLength = 0;
                }
                if (_tail != null)
                {
                    t_spareTail = _tail;
                    _tail = null;
                    _tailLength = 0;
                }
            }
        }
    }
}
