using System;
using System.Collections;
using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    /// <summary>
    /// A growable list of the reader's own structs (notes, headers, dynamic entries, warnings). List&lt;T&gt; and
    /// arrays seen through IReadOnlyList&lt;T&gt; would have the framework's generic code compiled at run time for
    /// each of these types (ReadyToRun code cannot include the framework's generics for another assembly's structs),
    /// which the MSBuild task pays on every publish; this type's code is compiled ahead with the reader.
    /// </summary>
    /// <remarks>
    /// A list of one open file's tables is lent its array by the thread that reads it (<see cref="Lend"/>) and gives
    /// it back when the file is closed (<see cref="Release"/>), so that a folder of a thousand files fills the same
    /// few arrays; a released list throws <see cref="ObjectDisposedException"/> rather than show the next file's items.
    /// </remarks>
    internal sealed class ElfList<T> : IReadOnlyList<T>
    {
        // The array the last released list of this type gave back on this thread.
        [ThreadStatic] private static T[]? t_spare;

        private T[] _items;
        private int _count;
        private bool _lent, _released;

        public ElfList(int capacity = 4) => _items = capacity <= 0 ? Array.Empty<T>() : new T[capacity];

        /// <summary>A list for <paramref name="capacity"/> items whose array comes from this thread's spare when it is large enough.</summary>
        internal static ElfList<T> Lend(int capacity)
        {
            T[]? spare = t_spare;
            T[] items;
            if (spare != null && spare.Length >= capacity)
            {
                t_spare = null;
                items = spare;
            }
            else
            {
                items = new T[Math.Max(capacity, 8)];
            }
            return new ElfList<T>(items, 0) { _lent = true };
        }

        private ElfList(T[] items, int count)
        {
            _items = items;
            _count = count;
        }

        /// <summary>Gives a lent array back (cleared) for the next list on this thread; the list cannot be read after.</summary>
        internal void Release()
        {
            if (!_lent || _released) return;
            _released = true;
            Array.Clear(_items, 0, _count);
            if (t_spare is null || t_spare.Length < _items.Length) t_spare = _items;
            _items = Array.Empty<T>();
            _count = 0;
        }

        /// <summary>A list over <paramref name="items"/> (not copied).</summary>
        public ElfList(T[] items)
        {
            _items = items;
            _count = items.Length;
        }

        public int Count => _released ? throw Released() : _count;

        public T this[int index] => (uint)index < (uint)_count ? _items[index] : throw (_released ? Released() : new ArgumentOutOfRangeException(nameof(index)));

        private static ObjectDisposedException Released() =>
            new ObjectDisposedException(nameof(ElfFile), "the ELF file was disposed; its tables went with it (copy what is needed while it is open)");

        /// <summary>Empties the list, keeping its array.</summary>
        public void Clear()
        {
            if (_released) throw Released();
            Array.Clear(_items, 0, _count);
            _count = 0;
        }

        public void Add(T item)
        {
            if (_released) throw Released();
            if (_count == _items.Length)
            {
                var grown = new T[Math.Max(4, _items.Length * 2)];
                Array.Copy(_items, grown, _count);
                _items = grown;
            }
            _items[_count++] = item;
        }

        /// <summary>Drops the items from <paramref name="index"/> on.</summary>
        public void RemoveFrom(int index)
        {
            if ((uint)index > (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
            Array.Clear(_items, index, _count - index);
            _count = index;
        }

        public IEnumerator<T> GetEnumerator()
        {
            if (_released) throw Released();
            for (int i = 0; i < _count; i++) yield return this[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
