using System;
using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    /// <summary>
    /// Where one open <see cref="ElfFile"/> keeps the tables it reads: slices of one buffer, taken in turn and all
    /// given back at once when the file is disposed. The arena then serves the next file, so a folder of a thousand
    /// libraries is read into the same few megabytes instead of a fresh array per table: no allocation, no zeroed
    /// pages, nothing for the collector to do.
    /// </summary>
    /// <remarks>
    /// A file whose tables outgrow the buffer gets a larger one (the old one stays valid for the views already
    /// taken from it); on release the arena keeps one buffer that would have held them all. Arenas wait in a small
    /// shared stack between files; one grown past <see cref="KeepLimit"/> is dropped rather than kept.
    /// </remarks>
    internal sealed class ElfArena
    {
        /// <summary>The first buffer: the tables of most libraries fit.</summary>
        private const int InitialSize = 64 * 1024;

        /// <summary>An arena larger than this (the tables of one very large library) is not kept for the next file.</summary>
        internal const int KeepLimit = 16 * 1024 * 1024;

        /// <summary>
        /// Arenas kept between files: one per thread that reads at once (the pool's workers and the thread that
        /// started them), so that no file starts from a small new arena and grows it again.
        /// </summary>
        private static readonly int s_keep = Math.Min(64, Environment.ProcessorCount + 2);

        private static readonly Stack<ElfArena> s_free = new Stack<ElfArena>();

        private byte[] _buffer;
        private int _used;
        private int _taken;

        private ElfArena(int size) => _buffer = ElfBuffers.AllocateUninitialized(size);

        /// <summary>An arena from the shared stack, or a new one.</summary>
        internal static ElfArena Rent()
        {
            lock (s_free)
            {
                if (s_free.Count > 0) return s_free.Pop();
            }
            return new ElfArena(InitialSize);
        }

        /// <summary>
        /// <paramref name="size"/> bytes for a table, 8-byte aligned; their content is whatever the arena held
        /// before (the caller overwrites every byte).
        /// </summary>
        internal byte[] Take(int size, out int start)
        {
            _taken += size + 8;
            int at = (_used + 7) & ~7;
            if (at >= _used && size <= _buffer.Length - at)
            {
                _used = at + size;
                start = at;
                return _buffer;
            }
            // Does not fit: a buffer of its own, this time; on release the arena grows to hold all of this file's.
            start = 0;
            return ElfBuffers.AllocateUninitialized(size);
        }

        /// <summary>Gives every slice back (the file is closed) and returns the arena to the shared stack.</summary>
        internal void Release()
        {
            if (_taken > _buffer.Length && _taken <= KeepLimit)
            {
                // This file needed several buffers: next time one holds it all, and then some (growing in steps of
                // at least double, an arena settles after a few large files).
                long size = Math.Max((_taken + 0xffffL) & ~0xffffL, Math.Min((long)_buffer.Length * 2, KeepLimit));
                _buffer = ElfBuffers.AllocateUninitialized((int)size);
            }
            _used = 0;
            _taken = 0;
            if (_buffer.Length > KeepLimit) return;
            lock (s_free)
            {
                if (s_free.Count < s_keep) s_free.Push(this);
            }
        }
    }
}
