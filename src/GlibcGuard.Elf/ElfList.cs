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
    internal sealed class ElfList<T> : IReadOnlyList<T>
    {
        private T[] _items;
        private int _count;

        public ElfList(int capacity = 4) => _items = new T[Math.Max(capacity, 1)];

        /// <summary>A list over <paramref name="items"/> (not copied).</summary>
        public ElfList(T[] items)
        {
            _items = items;
            _count = items.Length;
        }

        public int Count => _count;

        public T this[int index] => (uint)index < (uint)_count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

        public void Add(T item)
        {
            if (_count == _items.Length)
            {
                var grown = new T[_items.Length * 2];
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
            for (int i = 0; i < _count; i++) yield return _items[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
