using System.Diagnostics.CodeAnalysis;

namespace GlibcGuard.Elf
{
    /// <summary>Throw helpers: keep the hot paths small and give every failure a context.</summary>
    internal static class ElfThrow
    {
        [DoesNotReturn]
        internal static void Format(string message, long offset, object? value = null) =>
            throw new ElfFormatException(message, offset, value);

        [DoesNotReturn]
        internal static void OutOfBounds(string what, long fileOffset, long byteCount, long available) =>
            throw new ElfFormatException(
                what + ": " + byteCount + " bytes needed, " + (available < 0 ? 0 : available) + " available", fileOffset) { RanPastTable = true };

        [DoesNotReturn]
        internal static void PastTable(string message, long offset) =>
            throw new ElfFormatException(message, offset) { RanPastTable = true };

        [DoesNotReturn]
        internal static void Truncated(string what, long offset, long needed, long fileLength) =>
            throw new ElfFormatException(
                what + " (0x" + needed.ToString("x") + " bytes) runs past the end of the file (size 0x" + fileLength.ToString("x") + ")",
                offset);
    }
}
