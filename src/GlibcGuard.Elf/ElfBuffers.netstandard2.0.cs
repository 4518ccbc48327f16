namespace GlibcGuard.Elf
{
    /// <summary>Buffers the reader fills (netstandard2.0 has neither uninitialized allocation nor a shared pool).</summary>
    internal static class ElfBuffers
    {
        public const int PoolThreshold = int.MaxValue;

        public static byte[] Allocate(int size) => new byte[size];

        public static byte[] AllocateUninitialized(int size) => new byte[size];

        public static void Release(byte[] buffer)
        {
        }
    }
}
