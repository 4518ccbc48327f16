using System;
using System.Buffers;

namespace GlibcGuard.Elf
{
    /// <summary>
    /// Buffers the reader fills before anyone reads them: allocated without zeroing on .NET. Large ones (a package
    /// entry inflated for reading) are rented from the shared pool and given back when done, so reading many large
    /// entries does not churn the large-object heap. (An open file's tables go into its arena: <see cref="ElfArena"/>.)
    /// </summary>
    internal static class ElfBuffers
    {
        // Buffers of 4 KB and up come from the shared pool.
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
