using System.Collections.Generic;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// A few values by architecture: a linear search over at most a handful of keys. The .NET collections keyed by a
    /// struct of this assembly would be compiled at run time (ReadyToRun code cannot hold the framework's generic code
    /// for our types), and the MSBuild task's first call pays for that on every publish; this type is compiled ahead.
    /// </summary>
    internal sealed class ArchitectureMap<T> where T : class
    {
        private Architecture[] _keys = new Architecture[4];
        private T[] _values = new T[4];
        private int _count;

        public int Count => _count;

        /// <summary>The value for <paramref name="architecture"/>; setting replaces or adds it.</summary>
        public T this[Architecture architecture]
        {
            get => TryGetValue(architecture, out T value) ? value : throw new KeyNotFoundException(architecture.ToString());
            set
            {
                int at = IndexOf(architecture);
                if (at < 0)
                {
                    if (_count == _keys.Length)
                    {
                        var keys = new Architecture[_count * 2];
                        var values = new T[_count * 2];
                        for (int i = 0; i < _count; i++)
                        {
                            keys[i] = _keys[i];
                            values[i] = _values[i];
                        }
                        _keys = keys;
                        _values = values;
                    }
                    at = _count++;
                    _keys[at] = architecture;
                }
                _values[at] = value;
            }
        }

        public bool TryGetValue(Architecture architecture, out T value)
        {
            int at = IndexOf(architecture);
            value = at < 0 ? null! : _values[at];
            return at >= 0;
        }

        public bool ContainsKey(Architecture architecture) => IndexOf(architecture) >= 0;

        /// <summary>The architectures, in the order they were added.</summary>
        public IEnumerable<Architecture> Keys
        {
            get
            {
                var keys = new Architecture[_count];
                System.Array.Copy(_keys, keys, _count);
                return keys;
            }
        }

        private int IndexOf(Architecture architecture)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_keys[i].Equals(architecture)) return i;
            }
            return -1;
        }

        /// <summary>The <paramref name="index"/>th architecture added.</summary>
        public Architecture KeyAt(int index) => _keys[index];

        /// <summary>Its value.</summary>
        public T ValueAt(int index) => _values[index];
    }
}
