using System;
using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    /// <summary>
    /// Where one open <see cref="ElfFile"/> keeps the tables it reads: slices of 64 KB chunks, taken in turn and all
    /// given back at once when the file is disposed. The arena then serves the next file, so a folder of a thousand
    /// libraries is read into the same few chunks instead of a fresh array per table: no allocation, no zeroed
    /// pages, nothing for the collector to do.
    /// </summary>
    /// <remarks>
    /// The tables a check reads fit in a chunk: a string table larger than <see cref="ElfStringTable.WholeLimit"/> is
    /// read in pages and the symbol table in windows. A file whose tables fill its chunks gets another (kept, up to
    /// <see cref="KeptChunks"/>, for the next file); a table larger than a chunk (a damaged file's version chain read
    /// in growing windows, an unstripped file's symbol names) gets an array of its own, for that file only. A chunk
    /// is added, never copied or replaced. Arenas wait in a small shared stack between files.
    /// </remarks>
    internal sealed class ElfArena
    {
        /// <summary>The size of a chunk: the largest table read whole fits one.</summary>
        internal const int ChunkSize = 64 * 1024;

        /// <summary>Chunks an arena keeps between files (the tables of most libraries fit the first).</summary>
        internal const int KeptChunks = 4;

        /// <summary>
        /// Arenas kept between files: one per thread that reads at once (the pool's workers and the thread that
        /// started them), so that no file starts from an empty arena.
        /// </summary>
        private static readonly int s_keep = Math.Min(64, Environment.ProcessorCount + 2);

        private static readonly Stack<ElfArena> s_free = new Stack<ElfArena>();

        private readonly List<byte[]> _chunks = new List<byte[]>(KeptChunks);
        private int _chunk = -1; // the chunk being filled; -1 before the first table
        private int _used;

        private ElfArena()
        {
        }

        /// <summary>An arena from the shared stack, or a new one.</summary>
        internal static ElfArena Rent()
        {
            lock (s_free)
            {
                if (s_free.Count > 0) return s_free.Pop();
            }
            return new ElfArena();
        }

        /// <summary>
        /// <paramref name="size"/> bytes for a table, 8-byte aligned; their content is whatever the arena held
        /// before (the caller overwrites every byte).
        /// </summary>
        internal byte[] Take(int size, out int start)
        {
            if (size > ChunkSize)
            {
                start = 0;
                return ElfBuffers.AllocateUninitialized(size);
            }
            int at = (_used + 7) & ~7;
            if (_chunk < 0 || at > ChunkSize - size)
            {
                _chunk++;
                if (_chunk == _chunks.Count) _chunks.Add(ElfBuffers.AllocateUninitialized(ChunkSize));
                at = 0;
            }
            _used = at + size;
            start = at;
            return _chunks[_chunk];
        }

        /// <summary>Gives every slice back (the file is closed) and returns the arena to the shared stack.</summary>
        internal void Release()
        {
            if (_chunks.Count > KeptChunks) _chunks.RemoveRange(KeptChunks, _chunks.Count - KeptChunks);
            _chunk = -1;
            _used = 0;
            lock (s_free)
            {
                if (s_free.Count < s_keep) s_free.Push(this);
            }
        }
    }
}
