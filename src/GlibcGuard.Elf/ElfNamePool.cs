using System.Text;

namespace GlibcGuard.Elf
{
    /// <summary>
    /// The strings of short ASCII names that file after file repeats (libc.so.6, GLIBC_2.2.5, libstdc++.so.6): a
    /// name read again comes back as the string made the first time, not as a new one. A small direct-mapped cache
    /// by hash; a name that collides replaces the one before (the cache bounds its own size). Safe across threads:
    /// a slot holds a whole string or another, and at worst a name is made twice.
    /// </summary>
    /// <remarks>
    /// The pool pays once names repeat across files. Its table (8 KB, each fresh page of it a page fault) is made only
    /// after the run's first <see cref="UnpooledFirst"/> names, which are made as they come: a one-file check reads
    /// a few hundred names and never needs it.
    /// </remarks>
    internal sealed class ElfNamePool
    {
        private const int Slots = 1024;
        private const int LongestPooled = 48;
        internal const int UnpooledFirst = 512;

        /// <summary>The pool every reader uses.</summary>
        private static readonly ElfNamePool s_shared = new ElfNamePool();

        private string?[]? _slots;
        private int _seen;

        /// <summary>The <paramref name="count"/> bytes at <paramref name="start"/> as a string, from the pool when they are a short ASCII name.</summary>
        public static string Get(byte[] bytes, int start, int count) => s_shared.Name(bytes, start, count);

        /// <summary>As <see cref="Get"/>, from this pool.</summary>
        internal string Name(byte[] bytes, int start, int count)
        {
            if (count == 0) return "";
            if (count > LongestPooled) return Encoding.UTF8.GetString(bytes, start, count);
            uint hash = 2166136261;
            for (int i = start; i < start + count; i++)
            {
                byte b = bytes[i];
                if (b >= 0x80) return Encoding.UTF8.GetString(bytes, start, count);
                hash = (hash ^ b) * 16777619;
            }
            string?[]? slots = _slots;
            if (slots is null)
            {
                if (System.Threading.Interlocked.Increment(ref _seen) <= UnpooledFirst) return Encoding.ASCII.GetString(bytes, start, count);
                slots = System.Threading.Interlocked.CompareExchange(ref _slots, new string?[Slots], null) ?? _slots!;
            }
            ref string? slot = ref slots[hash & (Slots - 1)];
            string? known = slot;
            if (known != null && Same(known, bytes, start, count)) return known;
            string made = Encoding.ASCII.GetString(bytes, start, count);
            slot = made;
            return made;
        }

        private static bool Same(string known, byte[] bytes, int start, int count)
        {
            if (known.Length != count) return false;
            for (int i = 0; i < count; i++)
            {
                if (known[i] != bytes[start + i]) return false;
            }
            return true;
        }
    }
}
