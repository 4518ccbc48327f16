using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace GlibcGuard.Tests.Infrastructure
{
    /// <summary>
    /// Writes a small .NET single-file bundle the way the SDK's bundler lays it out: a host whose data holds
    /// the 8-byte manifest offset and the 32-byte signature, the files appended after the host, then the
    /// manifest (BinaryWriter encoding, version 6). Offsets of the manifest fields are exposed for damage.
    /// </summary>
    internal sealed class BundleBuilder
    {
        public static readonly byte[] Signature =
        {
            0x8b, 0x12, 0x02, 0xb9, 0x6a, 0x61, 0x20, 0x38, 0x72, 0x7b, 0x93, 0x02, 0x14, 0xd7, 0xa0, 0x32,
            0x13, 0xf5, 0xb9, 0xe6, 0xef, 0xae, 0x33, 0x18, 0xee, 0x3b, 0x2d, 0xce, 0x24, 0xb3, 0x6a, 0xae,
        };

        public List<(string Path, byte[] Data, byte Type, bool Compress)> Files = new();
        public long HeaderOffset;
        /// <summary>Sizes the manifest declares instead of the real ones, by entry index (for crafted bundles).</summary>
        public Dictionary<int, long> DeclaredSizes = new();

        public byte[] Build()
        {
            var marker = new byte[8 + Signature.Length];
            Signature.CopyTo(marker, 8);
            var host = new ElfImageBuilder { Interpreter = "/lib64/ld-linux-x86-64.so.2", Needed = { "libc.so.6" }, ExtraData = marker };
            byte[] image = host.Build();

            var output = new MemoryStream();
            output.Write(image);
            var entries = new List<(long Offset, long Size, long Compressed, byte Type, string Path)>();
            foreach (var (path, data, type, compress) in Files)
            {
                while (output.Length % 16 != 0) output.WriteByte(0);
                long offset = output.Length;
                long compressed = 0;
                if (compress)
                {
                    var deflated = new MemoryStream();
                    using (var deflate = new DeflateStream(deflated, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(data);
                    output.Write(deflated.ToArray());
                    compressed = deflated.Length;
                }
                else
                {
                    output.Write(data);
                }
                entries.Add((offset, DeclaredSizes.TryGetValue(entries.Count, out long declared) ? declared : data.Length, compressed, type, path));
            }
            HeaderOffset = output.Length;
            using (var w = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true))
            {
                w.Write(6u); w.Write(0u); w.Write(entries.Count); w.Write("testbundle");
                w.Write(0L); w.Write(0L); w.Write(0L); w.Write(0L); w.Write(0UL);
                foreach (var e in entries)
                {
                    w.Write(e.Offset); w.Write(e.Size); w.Write(e.Compressed); w.Write(e.Type); w.Write(e.Path);
                }
            }
            byte[] bundle = output.ToArray();
            BitConverter.GetBytes(HeaderOffset).CopyTo(bundle, host.ExtraDataOffset);
            return bundle;
        }
    }
}
