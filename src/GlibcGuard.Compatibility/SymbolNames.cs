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
    /// The reader puts all of one file's names in one array of bytes and one of ends, each need's list a range of
    /// them (<see cref="Within"/>); a list made by hand owns its arrays and grows them.
    /// </summary>
    internal sealed class SymbolNames : IReadOnlyList<string>
    {
        private byte[] _bytes = Array.Empty<byte>();
        private int[] _ends = Array.Empty<int>();
        private int _first;      // this list's first name in _ends
        private int _byteStart;  // where its first name starts in _bytes
        private int _capacity;   // how many names its range of _ends holds
        private int _count;
        private bool _shared;    // a range of a file's arrays: no growing
        private string[]? _strings;

        /// <summary>An empty list, to fill with <see cref="Add(string)"/>.</summary>
        public SymbolNames()
        {
        }

        /// <summary>
        /// The list of the <paramref name="names"/> names whose ends are in <paramref name="ends"/> from
        /// <paramref name="first"/> on and whose bytes are in <paramref name="bytes"/> from <paramref name="byteStart"/>
        /// on, one after another: the caller writes both arrays (before anything reads the list).
        /// </summary>
        internal static SymbolNames Within(byte[] bytes, int byteStart, int[] ends, int first, int names) =>
            new SymbolNames { _bytes = bytes, _byteStart = byteStart, _ends = ends, _first = first, _capacity = names, _count = names, _shared = true };

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

        private int StartOf(int index) => index == 0 ? _byteStart : _ends[_first + index - 1];

        private int EndOf(int index) => _ends[_first + index];

        /// <summary>Makes room for a name of <paramref name="byteCount"/> UTF-8 bytes and says where to write it.</summary>
        internal Slot Append(int byteCount)
        {
            int at = _count == 0 ? _byteStart : EndOf(_count - 1);
            if (_shared)
            {
                // The reader counted this list's names and bytes before making it.
                if (_count == _capacity || byteCount > _bytes.Length - at) throw new InvalidOperationException("more names than the list was made for");
            }
            else
            {
                if (_count == _ends.Length) Array.Resize(ref _ends, Math.Max(4, _count * 2));
                if (byteCount > _bytes.Length - at) Array.Resize(ref _bytes, Math.Max(Math.Max(64, _bytes.Length * 2), at + byteCount));
            }
            _ends[_first + _count++] = at + byteCount;
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
        internal List<string>? Matching(NameSet set)
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
                    int start = StartOf(i);
                    if (SameName(start, EndOf(i) - start, name)) (at ??= new List<int>()).Add(i);
                }
            }
            if (at is null) return null;
            at.Sort();
            var found = new List<string>(at.Count);
            foreach (int i in at)
            {
                int start = StartOf(i);
                found.Add(Encoding.UTF8.GetString(_bytes, start, EndOf(i) - start));
            }
            return found;
        }

        private uint[]? _hashes;

        // Each blacklist's names with their hashes, made once per set (every need of every file asks about the same few sets).
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<NameSet, KeyValuePair<string, uint>[]> s_setHashes =
            new System.Runtime.CompilerServices.ConditionalWeakTable<NameSet, KeyValuePair<string, uint>[]>();

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<NameSet, KeyValuePair<string, uint>[]>.CreateValueCallback s_hashesOf = HashesOf;

        private static KeyValuePair<string, uint>[] HashesOf(NameSet set)
        {
            var hashes = new KeyValuePair<string, uint>[set.Count];
            int i = 0;
            foreach (string name in set) hashes[i++] = new KeyValuePair<string, uint>(name, HashOf(name));
            return hashes;
        }

        private uint[] Hashes()
        {
            var hashes = new uint[_count];
            int start = _byteStart;
            for (int i = 0; i < _count; i++)
            {
                hashes[i] = Hash(_bytes, start, EndOf(i) - start);
                start = EndOf(i);
            }
            return hashes;
        }

        // The hash of a name's UTF-8 bytes, without making them (symbol names are ASCII).
        internal static uint HashOf(string name)
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
        internal static uint Hash(byte[] bytes, int start, int length)
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
        internal static List<string>? Matching(IEnumerable<string> names, NameSet set)
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
                int start = _byteStart;
                for (int i = 0; i < _count; i++)
                {
                    strings[i] = Encoding.UTF8.GetString(_bytes, start, EndOf(i) - start);
                    start = EndOf(i);
                }
                _strings = strings;
            }
            return strings;
        }

        public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)Strings()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
