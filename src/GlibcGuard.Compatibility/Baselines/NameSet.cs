using System;
using System.Collections;
using System.Collections.Generic;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// A set of names (sonames, version nodes, symbols) kept in ordinal order and searched by halves. The generated
    /// data hands over arrays already in that order, so a baseline's sets cost one array each and no hashing: every
    /// run builds every built-in baseline (a finding names where the file would run), and hash sets made from the
    /// data were most of what the tool allocated before reading a file.
    /// </summary>
    internal sealed class NameSet : IReadOnlyCollection<string>
    {
        private string[] _names;
        private int _count;

        public NameSet()
        {
            _names = Array.Empty<string>();
        }

        /// <summary>A set owning <paramref name="names"/> (sorted here unless already in ordinal order; duplicates dropped).</summary>
        public NameSet(string[] names)
        {
            _names = names;
            _count = names.Length;
            for (int i = 1; i < names.Length; i++)
            {
                if (string.CompareOrdinal(names[i - 1], names[i]) >= 0)
                {
                    Array.Sort(names, StringComparer.Ordinal);
                    _count = 0;
                    foreach (string name in names)
                    {
                        if (_count == 0 || names[_count - 1] != name) names[_count++] = name;
                    }
                    break;
                }
            }
        }

        private NameSet(string[] names, int count)
        {
            _names = names;
            _count = count;
        }

        /// <summary>
        /// A set owning <paramref name="names"/>, which are already in ordinal order without duplicates: the generated
        /// data's form, taken as it is (NameSetTests checks every built-in set). Checking the order at every start
        /// was a tenth of what building the baselines cost.
        /// </summary>
        public static NameSet Ordered(string[] names) => new NameSet(names, names.Length);

        /// <summary>Whether the names are in strict ordinal order (what <see cref="Ordered"/> relies on).</summary>
        internal bool IsStrictlyOrdered()
        {
            for (int i = 1; i < _count; i++)
            {
                if (string.CompareOrdinal(_names[i - 1], _names[i]) >= 0) return false;
            }
            return true;
        }

        public int Count => _count;

        public bool Contains(string name) => Array.BinarySearch(_names, 0, _count, name, StringComparer.Ordinal) >= 0;

        /// <summary>Adds <paramref name="name"/> in its place (sets are filled while a baseline is made, then only read).</summary>
        public void Add(string name)
        {
            int at = Array.BinarySearch(_names, 0, _count, name, StringComparer.Ordinal);
            if (at >= 0) return;
            at = ~at;
            if (_count == _names.Length)
            {
                var grown = new string[Math.Max(8, _count * 2)];
                Array.Copy(_names, grown, _count);
                _names = grown;
            }
            Array.Copy(_names, at, _names, at + 1, _count - at);
            _names[at] = name;
            _count++;
        }

        public IEnumerator<string> GetEnumerator()
        {
            for (int i = 0; i < _count; i++) yield return _names[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
