using System;
using System.Buffers;

namespace GlibcGuard.Elf
{
    /// <summary>
    /// Buffers for table reads. On .NET, small ones are allocated without zeroing (the read overwrites every
    /// byte) and large ones (a big library's symbol and string tables) are rented from the shared pool and
    /// returned when the file is disposed, so reading many large files does not churn the large-object heap.
    /// </summary>
    internal static class ElfBuffers
    {
        // Tables of 4 KB and up come from the shared pool and go back on Dispose: a folder scan reads thousands of
        // files, and fresh arrays for each cost zeroed pages and garbage collections.
        public const int PoolThreshold = 4 * 1024;

        public static byte[] Allocate(int size) =>
            size >= PoolThreshold ? ArrayPool<byte>.Shared.Rent(size) : size < 2048 ? new byte[size] : GC.AllocateUninitializedArray<byte>(size);

        /// <summary>A fresh array whose bytes the caller overwrites before reading any.</summary>
        public static byte[] AllocateUninitialized(int size) => GC.AllocateUninitializedArray<byte>(size);

        public static void Release(byte[] buffer)
        {
            if (buffer.Length >= PoolThreshold) ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
