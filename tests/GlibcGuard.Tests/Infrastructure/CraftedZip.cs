using System;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace GlibcGuard.Tests.Infrastructure
{
    /// <summary>
    /// Writes zip archives byte by byte, for the layouts no zip library writes: many central-directory records
    /// that all point at one local entry (overlapping, repeated), or records whose declared sizes lie.
    /// </summary>
    internal static class CraftedZip
    {
        /// <summary>
        /// One local entry whose deflate stream inflates to <paramref name="inflated"/> bytes (an ELF magic, then
        /// zeros), and <paramref name="records"/> central-directory records named runtimes/linux-x64/native/libN.so,
        /// every one pointing at it.
        /// </summary>
        public static byte[] Overlapping(int records, long inflated) => Build("runtimes/linux-x64/native/lib{0}.so", records, inflated, inflated);

        /// <summary>One honest-looking entry whose records declare <paramref name="declared"/> bytes for its deflate stream of <paramref name="actual"/>.</summary>
        public static byte[] Inflated(long actual, long declared) => Build("runtimes/linux-x64/native/libbomb.so", 1, actual, declared);

        /// <summary>One local entry, then <paramref name="records"/> central records (named by <paramref name="names"/> with their index) all pointing at it.</summary>
        private static byte[] Build(string names, int records, long inflated, long declared)
        {
            byte[] data = Deflate(inflated);
            var output = new MemoryStream();
            var w = new BinaryWriter(output);
            WriteLocal(w, string.Format(names, 0), data.Length, declared);
            w.Write(data);
            long directory = output.Length;
            for (int i = 0; i < records; i++)
            {
                WriteCentral(w, string.Format(names, i), data.Length, declared, 0);
            }
            WriteEnd(w, records, output.Length - directory, directory);
            return output.ToArray();
        }

        private static byte[] Deflate(long inflated)
        {
            var compressed = new MemoryStream();
            using (var deflate = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                var chunk = new byte[1 << 20];
                chunk[0] = 0x7f; chunk[1] = (byte)'E'; chunk[2] = (byte)'L'; chunk[3] = (byte)'F';
                for (long left = inflated; left > 0; left -= chunk.Length)
                {
                    deflate.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
                    chunk[0] = chunk[1] = chunk[2] = chunk[3] = 0;
                }
            }
            return compressed.ToArray();
        }

        private static void WriteLocal(BinaryWriter w, string name, long compressed, long size)
        {
            byte[] n = Encoding.UTF8.GetBytes(name);
            w.Write(0x04034b50u); w.Write((ushort)20); w.Write((ushort)0); w.Write((ushort)8); w.Write(0u); w.Write(0u);
            w.Write((uint)compressed); w.Write((uint)Math.Min(size, uint.MaxValue)); w.Write((ushort)n.Length); w.Write((ushort)0); w.Write(n);
        }

        private static void WriteCentral(BinaryWriter w, string name, long compressed, long size, long local)
        {
            byte[] n = Encoding.UTF8.GetBytes(name);
            w.Write(0x02014b50u); w.Write((ushort)20); w.Write((ushort)20); w.Write((ushort)0); w.Write((ushort)8); w.Write(0u); w.Write(0u);
            w.Write((uint)compressed); w.Write((uint)Math.Min(size, uint.MaxValue)); w.Write((ushort)n.Length); w.Write((ushort)0); w.Write((ushort)0);
            w.Write((ushort)0); w.Write((ushort)0); w.Write(0u); w.Write((uint)local); w.Write(n);
        }

        private static void WriteEnd(BinaryWriter w, int records, long size, long offset)
        {
            w.Write(0x06054b50u); w.Write((ushort)0); w.Write((ushort)0); w.Write((ushort)records); w.Write((ushort)records);
            w.Write((uint)size); w.Write((uint)offset); w.Write((ushort)0);
        }
    }
}
