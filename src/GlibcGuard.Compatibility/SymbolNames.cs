using System;
using System.Collections;
using System.Collections.Generic;
using System.Text;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// The names of the symbols bound to one version need, kept as the UTF-8 bytes the file holds them in, one after
    /// another. A folder check holds the facts of every file at once and names symbols only in the findings it
    /// makes: the names become strings when first read (all of them then, once), not for every import of every file.
    /// </summary>
    internal sealed class SymbolNames : IReadOnlyList<string>
    {
        private byte[] _bytes = Array.Empty<byte>();
        private int _length;
        private int[] _ends = Array.Empty<int>();
        private int _count;
        private string[]? _strings;

        /// <summary>An empty list, to fill with <see cref="Add(string)"/> or the reader's bytes.</summary>
        public SymbolNames()
        {
        }

        /// <summary>An empty list with room for <paramref name="names"/> names of <paramref name="bytes"/> UTF-8 bytes in all.</summary>
        internal static SymbolNames WithCapacity(int names, int bytes) =>
            new SymbolNames { _bytes = bytes == 0 ? Array.Empty<byte>() : new byte[bytes], _ends = new int[names] };

        /// <summary>A list of the names given.</summary>
        public SymbolNames(IEnumerable<string> names)
        {
            foreach (string name in names) Add(name);
        }

        public int Count => _count;

        public string this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
                return Strings()[index];
            }
        }

        /// <summary>Adds a name.</summary>
        public void Add(string name)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(name);
            Append(utf8.Length).CopyFrom(utf8);
        }

        /// <summary>Makes room for a name of <paramref name="byteCount"/> UTF-8 bytes and says where to write it.</summary>
        internal Slot Append(int byteCount)
        {
            if (_count == _ends.Length) Array.Resize(ref _ends, Math.Max(4, _count * 2));
            if (byteCount > _bytes.Length - _length) Array.Resize(ref _bytes, Math.Max(Math.Max(64, _bytes.Length * 2), _length + byteCount));
            int at = _length;
            _length += byteCount;
            _ends[_count++] = _length;
            _strings = null;
            return new Slot(_bytes, at, byteCount);
        }

        /// <summary>Where one name's bytes go.</summary>
        internal readonly struct Slot
        {
            internal Slot(byte[] array, int index, int count)
            {
                Array = array;
                Index = index;
                Count = count;
            }

            public byte[] Array { get; }
            public int Index { get; }
            public int Count { get; }

            public void CopyFrom(byte[] source) => Buffer.BlockCopy(source, 0, Array, Index, Count);
        }

        /// <summary>
        /// The names in <paramref name="set"/>, in list order, or null for none. Every baseline asks this about every
        /// libc need of every file (a blacklist of six names against hundreds of imports): the first question hashes
        /// each name's bytes once, and each question after that compares numbers, decoding only a name whose hash
        /// matches.
        /// </summary>
        internal List<string>? Matching(HashSet<string> set)
        {
            if (_strings != null) return Matching(_strings, set);
            uint[] hashes = _hashes is uint[] known && known.Length == _count ? known : (_hashes = Hashes());
            List<int>? at = null;
            KeyValuePair<string, uint>[] wantedNames = s_setHashes.GetValue(set, s_hashesOf);
            foreach (KeyValuePair<string, uint> entry in wantedNames)
            {
                string name = entry.Key;
                uint wanted = entry.Value;
                for (int i = Array.IndexOf(hashes, wanted); i >= 0; i = i + 1 < hashes.Length ? Array.IndexOf(hashes, wanted, i + 1) : -1)
                {
                    int start = i == 0 ? 0 : _ends[i - 1];
                    if (SameName(start, _ends[i] - start, name)) (at ??= new List<int>()).Add(i);
                }
            }
            if (at is null) return null;
            at.Sort();
            var found = new List<string>(at.Count);
            foreach (int i in at)
            {
                int start = i == 0 ? 0 : _ends[i - 1];
                found.Add(Encoding.UTF8.GetString(_bytes, start, _ends[i] - start));
            }
            return found;
        }

        private uint[]? _hashes;

        // Each blacklist's names with their hashes, made once per set (every need of every file asks about the same few sets).
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<HashSet<string>, KeyValuePair<string, uint>[]> s_setHashes =
            new System.Runtime.CompilerServices.ConditionalWeakTable<HashSet<string>, KeyValuePair<string, uint>[]>();

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<HashSet<string>, KeyValuePair<string, uint>[]>.CreateValueCallback s_hashesOf = HashesOf;

        private static KeyValuePair<string, uint>[] HashesOf(HashSet<string> set)
        {
            var hashes = new KeyValuePair<string, uint>[set.Count];
            int i = 0;
            foreach (string name in set) hashes[i++] = new KeyValuePair<string, uint>(name, HashOf(name));
            return hashes;
        }

        private uint[] Hashes()
        {
            var hashes = new uint[_count];
            int start = 0;
            for (int i = 0; i < _count; i++)
            {
                hashes[i] = Hash(_bytes, start, _ends[i] - start);
                start = _ends[i];
            }
            return hashes;
        }

        // The hash of a name's UTF-8 bytes, without making them (symbol names are ASCII).
        private static uint HashOf(string name)
        {
            uint h = 2166136261;
            foreach (char c in name)
            {
                if (c >= 0x80)
                {
                    byte[] utf8 = Encoding.UTF8.GetBytes(name);
                    return Hash(utf8, 0, utf8.Length);
                }
                h = (h ^ c) * 16777619;
            }
            return h;
        }

        // FNV-1a over the name's bytes.
        private static uint Hash(byte[] bytes, int start, int length)
        {
            uint h = 2166136261;
            for (int i = start; i < start + length; i++) h = (h ^ bytes[i]) * 16777619;
            return h;
        }

        /// <summary>True when the <paramref name="length"/> bytes at <paramref name="start"/> are <paramref name="name"/> in UTF-8.</summary>
        private bool SameName(int start, int length, string name)
        {
            if (name.Length > length) return false;
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (c >= 0x80) return name.Length <= length && Encoding.UTF8.GetString(_bytes, start, length) == name; // not ASCII: compare decoded
                if (i >= length || _bytes[start + i] != c) return false;
            }
            return name.Length == length;
        }

        /// <summary>The names of <paramref name="names"/> in <paramref name="set"/>, in order, or null for none.</summary>
        internal static List<string>? Matching(IEnumerable<string> names, HashSet<string> set)
        {
            List<string>? found = null;
            foreach (string name in names)
            {
                if (set.Contains(name)) (found ??= new List<string>()).Add(name);
            }
            return found;
        }

        private string[] Strings()
        {
            string[]? strings = _strings;
            if (strings is null)
            {
                strings = new string[_count];
                int start = 0;
                for (int i = 0; i < _count; i++)
                {
                    strings[i] = Encoding.UTF8.GetString(_bytes, start, _ends[i] - start);
                    start = _ends[i];
                }
                _strings = strings;
            }
            return strings;
        }

        public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)Strings()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
