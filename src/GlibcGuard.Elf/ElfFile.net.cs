using System;
using System.Runtime.InteropServices;

namespace GlibcGuard.Elf
{
    partial class ElfFile
    {
        /// <summary>
        /// Reads an ELF image from memory. Array-backed memory is used in place; other memory (native, pinned
        /// spans) is copied once, since the reader's views are array-based so that .NET Framework can use them too.
        /// </summary>
        public static ElfFile Read(ReadOnlyMemory<byte> image)
        {
            if (MemoryMarshal.TryGetArray(image, out ArraySegment<byte> segment) && segment.Array != null)
            {
                return Read(segment.Array, segment.Offset, segment.Count);
            }
            return Read(image.ToArray());
        }

        /// <summary>Reads an ELF image from a span (copied once; see <see cref="Read(ReadOnlyMemory{byte})"/>).</summary>
        public static ElfFile Read(ReadOnlySpan<byte> image) => Read(image.ToArray());
    }
}
