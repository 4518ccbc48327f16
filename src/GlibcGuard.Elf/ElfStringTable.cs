using System;
using System.Text;

namespace GlibcGuard.Elf
{
    /// <summary>
    /// A string table (the dynamic one, DT_STRTAB) read as far as its strings are asked for. A small table is read
    /// whole; a large one page by page, since the names a check needs (libraries, versions, imported symbols) are
    /// a small part of a large library's table, which is mostly the names of what it exports: libLLVM's 3 MB table
    /// is read as 28 pages of 8 KB. The whole range was checked against the file when the table was located, so
    /// a page read fails only if the file shrinks meanwhile.
    /// </summary>
    internal sealed class ElfStringTable
    {
        /// <summary>Tables up to this size are read in one piece.</summary>
        internal const int WholeLimit = 64 * 1024;

        private const int PageShift = 13;
        private const int PageSize = 1 << PageShift;

        private readonly ElfFile? _file;
        private readonly long _offset;
        private readonly string _what;
        private ElfBytes _whole;

        // A large table's pages pass through a few slots of one buffer, the oldest replaced first: a name is copied
        // out as soon as it is found, so no page needs to stay, and a library of any size reads into 64 KB.
        private const int Slots = 8;
        private readonly int[]? _slotOfPage;   // per page: the slot holding it, or -1
        private int[]? _pageInSlot;            // per slot: the page it holds, or -1
        private ElfBytes[]? _slotViews;
        private byte[]? _slotBuffer;
        private int _slotStart, _nextSlot;
        private long _pageBytesRead;

        private ElfStringTable(ElfFile? file, long offset, int length, string what)
        {
            _file = file;
            _offset = offset;
            _what = what;
            Length = length;
            if (length > WholeLimit)
            {
                int count = (int)(((long)length + PageSize - 1) >> PageShift);
                _slotOfPage = new int[count];
                for (int i = 0; i < count; i++) _slotOfPage[i] = -1;
            }
        }

        /// <summary>No table: every index is out of range.</summary>
        internal static readonly ElfStringTable Empty = new ElfStringTable(null, 0, 0, "");

        /// <summary>
        /// The table of <paramref name="length"/> bytes at <paramref name="offset"/>, a range already checked to lie
        /// in the file; a small one is read now.
        /// </summary>
        internal static ElfStringTable At(ElfFile file, ulong offset, ulong length, string what)
        {
            var table = new ElfStringTable(file, (long)offset, (int)length, what);
            if (table._slotOfPage is null)
            {
                table._whole = file.ReadRange(offset, length, what);
            }
            return table;
        }

        /// <summary>True for a table read in pages (larger than <see cref="WholeLimit"/>): reading its names in table order reads each page once.</summary>
        internal bool IsPaged => _slotOfPage != null;

        // The order ByOffset gives, and the offsets it sorts: one pair per thread, reused.
        [ThreadStatic] private static int[]? t_keys, t_order;

        /// <summary>
        /// The order in which to read <paramref name="count"/> names of a paged table, whose offsets are field
        /// <paramref name="field"/> of the records of <paramref name="stride"/> ints in <paramref name="records"/>:
        /// record numbers by offset, so that each page is read once. Valid until the next call on this thread.
        /// </summary>
        internal static int[] ByOffset(int[] records, int stride, int field, int count)
        {
            int[] keys = t_keys is int[] k && k.Length >= count ? k : new int[Math.Max(1024, count)];
            int[] order = t_order is int[] o && o.Length >= count ? o : new int[keys.Length];
            for (int i = 0; i < count; i++)
            {
                keys[i] = records[stride * i + field];
                order[i] = i;
            }
            Array.Sort(keys, order, 0, count);
            t_keys = keys;
            t_order = order;
            return order;
        }

        /// <summary>Its size in bytes.</summary>
        public int Length { get; }

        /// <summary>Bytes read from the file so far, a page read again counted again (what a large table saved, in tests).</summary>
        internal long BytesRead => _slotOfPage is null ? _whole.Length : _pageBytesRead;

        /// <summary>The NUL-terminated string at <paramref name="index"/>; false when it is outside the table or no NUL ends it.</summary>
        public bool TryPeekCString(long index, out string value)
        {
            value = "";
            if (!TryMeasureCString(index, out int length)) return false;
            if (length > 0) value = PeekUtf8((int)index, length);
            return true;
        }

        /// <summary>As <see cref="TryPeekCString"/>, for the names files repeat (libraries, versions): see <see cref="ElfNamePool"/>.</summary>
        public bool TryPeekName(long index, out string value)
        {
            value = "";
            if (!TryMeasureCString(index, out int length)) return false;
            if (length == 0) return true;
            if (_slotOfPage is null)
            {
                value = _whole.PeekName((int)index, length);
                return true;
            }
            int page = (int)(index >> PageShift), within = (int)(index & (PageSize - 1));
            value = within + length <= PageSize ? Page(page).PeekName(within, length) : PeekUtf8((int)index, length);
            return true;
        }

        /// <summary>The length of the string at <paramref name="index"/> without decoding it; false where <see cref="TryPeekCString"/> is.</summary>
        public bool TryMeasureCString(long index, out int length)
        {
            length = 0;
            if (index < 0 || index >= Length) return false;
            if (_slotOfPage is null) return _whole.TryMeasureCString(index, out length);
            long at = index;
            while (true)
            {
                ElfBytes page = Page((int)(at >> PageShift));
                int within = (int)(at & (PageSize - 1));
                if (page.TryMeasureCString(within, out int n))
                {
                    length = (int)(at - index) + n;
                    return true;
                }
                at += page.Length - within; // no NUL in the rest of this page: on to the next
                if (at >= Length) return false;
            }
        }

        /// <summary>Decodes <paramref name="count"/> bytes at <paramref name="index"/> (a range <see cref="TryMeasureCString"/> found) as UTF-8.</summary>
        public string PeekUtf8(int index, int count)
        {
            if (_slotOfPage is null) return _whole.PeekUtf8(index, count);
            int page = index >> PageShift, within = index & (PageSize - 1);
            if (within + count <= PageSize) return Page(page).PeekUtf8(within, count);
            var bytes = new byte[count];
            CopyTo(index, count, bytes, 0);
            return Encoding.UTF8.GetString(bytes, 0, count);
        }

        /// <summary>Copies <paramref name="count"/> bytes at <paramref name="index"/> into <paramref name="destination"/>.</summary>
        public void CopyTo(int index, int count, byte[] destination, int destinationIndex)
        {
            if (_slotOfPage is null)
            {
                _whole.CopyTo(index, count, destination, destinationIndex);
                return;
            }
            while (count > 0)
            {
                int within = index & (PageSize - 1);
                int n = Math.Min(count, PageSize - within);
                Page(index >> PageShift).CopyTo(within, n, destination, destinationIndex);
                index += n;
                destinationIndex += n;
                count -= n;
            }
        }

        /// <summary>A page of a large table, valid until the next page is asked for.</summary>
        private ElfBytes Page(int page)
        {
            int slot = _slotOfPage![page];
            if (slot >= 0) return _slotViews![slot];
            if (_slotBuffer is null)
            {
                _slotBuffer = _file!.Scratch(Slots * PageSize, out _slotStart);
                _pageInSlot = new int[Slots];
                _slotViews = new ElfBytes[Slots];
                for (int i = 0; i < Slots; i++) _pageInSlot[i] = -1;
            }
            slot = _nextSlot;
            _nextSlot = (_nextSlot + 1) % Slots;
            if (_pageInSlot![slot] >= 0) _slotOfPage[_pageInSlot[slot]] = -1;
            long start = (long)page << PageShift;
            int size = (int)Math.Min(PageSize, Length - start);
            _slotViews![slot] = _file!.ReadInto((ulong)(_offset + start), size, _slotBuffer, _slotStart + slot * PageSize);
            _pageInSlot[slot] = page;
            _slotOfPage[page] = slot;
            _pageBytesRead += size;
            return _slotViews[slot];
        }
    }
}
