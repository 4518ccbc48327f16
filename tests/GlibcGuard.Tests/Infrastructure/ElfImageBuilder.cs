using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace GlibcGuard.Tests.Infrastructure
{
    /// <summary>
    /// Writes small, exact ELF images for the cases toolchains will not produce: any class and byte order,
    /// weak version needs, hostile counts and links. The image is one PT_LOAD at address 0 (so addresses are
    /// file offsets), a PT_DYNAMIC, optionally PT_INTERP, and no section headers. The offsets of the tables are
    /// exposed so a test can damage exactly the field it means to.
    /// </summary>
    internal sealed class ElfImageBuilder
    {
        public bool Is64 = true;
        public bool BigEndian;
        public ushort Machine = 62;
        public ushort Type = 3;
        public uint Flags;
        public string? Interpreter;
        /// <summary>Overrides PT_INTERP's file size (0: a header with no bytes, as in separate debug files).</summary>
        public int? InterpreterFileSize;
        public List<string> Needed = new();
        public string? Soname;
        public List<(string Library, List<(string Version, ushort Flags, ushort Index)> Versions)> VersionNeeds = new();
        public List<(string Name, ushort VersionIndex, bool Weak)> Imports = new();
        /// <summary>Strings put in the string table first, in this order (so that its order can differ from the symbols').</summary>
        public List<string> StringsFirst = new();
        public bool TerminateDynamic = true;
        /// <summary>Bytes placed inside the (writable) PT_LOAD segment, e.g. a bundle marker.</summary>
        public byte[]? ExtraData;
        /// <summary>Zero bytes at the end of the PT_LOAD segment, after every table.</summary>
        public int TailPadding;

        // Filled by Build(): file offsets of what was written.
        public int DynamicOffset, DynStrOffset, DynStrSize, DynSymOffset, VersymOffset, VerneedOffset, HashOffset, InterpOffset, ExtraDataOffset;
        public int DynamicEntrySize => Is64 ? 16 : 8;

        public byte[] Build()
        {
            var strings = new MemoryStream();
            strings.WriteByte(0);
            var stringIndex = new Dictionary<string, int>();
            int Str(string s)
            {
                if (stringIndex.TryGetValue(s, out int at)) return at;
                at = (int)strings.Length;
                byte[] b = Encoding.UTF8.GetBytes(s);
                strings.Write(b, 0, b.Length);
                strings.WriteByte(0);
                stringIndex[s] = at;
                return at;
            }
            foreach (string n in StringsFirst) Str(n);
            foreach (string n in Needed) Str(n);
            if (Soname != null) Str(Soname);
            foreach (var need in VersionNeeds) { Str(need.Library); foreach (var v in need.Versions) Str(v.Version); }
            foreach (var imp in Imports) Str(imp.Name);

            int ehdr = Is64 ? 64 : 52, phent = Is64 ? 56 : 32;
            int phnum = Interpreter != null ? 4 : 3;
            int o = ehdr + phnum * phent;
            var body = new Writer(BigEndian);
            body.Pad(o);

            if (Interpreter != null)
            {
                InterpOffset = body.Length;
                body.Bytes(Encoding.ASCII.GetBytes(Interpreter + "\0"));
            }
            body.Align(8);
            if (ExtraData != null)
            {
                ExtraDataOffset = body.Length;
                body.Bytes(ExtraData);
                body.Align(8);
            }
            DynStrOffset = body.Length;
            DynStrSize = (int)strings.Length;
            body.Bytes(strings.ToArray());

            body.Align(8);
            DynSymOffset = body.Length;
            int symCount = Imports.Count + 1;
            int symSize = Is64 ? 24 : 16;
            body.Pad(body.Length + symSize); // symbol 0
            foreach (var imp in Imports)
            {
                byte info = (byte)(((imp.Weak ? 2 : 1) << 4) | 2); // binding, STT_FUNC
                if (Is64) { body.U32((uint)Str(imp.Name)); body.U8(info); body.U8(0); body.U16(0); body.U64(0); body.U64(0); }
                else { body.U32((uint)Str(imp.Name)); body.U32(0); body.U32(0); body.U8(info); body.U8(0); body.U16(0); }
            }
            body.Align(2);
            VersymOffset = body.Length;
            body.U16(0);
            foreach (var imp in Imports) body.U16(imp.VersionIndex);

            body.Align(4);
            VerneedOffset = body.Length;
            for (int i = 0; i < VersionNeeds.Count; i++)
            {
                var need = VersionNeeds[i];
                int size = 16 + 16 * need.Versions.Count;
                body.U16(1); body.U16((ushort)need.Versions.Count); body.U32((uint)Str(need.Library)); body.U32(16);
                body.U32(i == VersionNeeds.Count - 1 ? 0u : (uint)size);
                for (int j = 0; j < need.Versions.Count; j++)
                {
                    var v = need.Versions[j];
                    body.U32(0x0d696910); body.U16(v.Flags); body.U16(v.Index); body.U32((uint)Str(v.Version));
                    body.U32(j == need.Versions.Count - 1 ? 0u : 16u);
                }
            }

            body.Align(4);
            HashOffset = body.Length;
            body.U32(1); body.U32((uint)symCount); body.U32(0);
            for (int i = 0; i < symCount; i++) body.U32(0);

            body.Align(8);
            DynamicOffset = body.Length;
            void Dyn(long tag, ulong value) { if (Is64) { body.U64((ulong)tag); body.U64(value); } else { body.U32((uint)tag); body.U32((uint)value); } }
            foreach (string n in Needed) Dyn(1, (ulong)Str(n));
            if (Soname != null) Dyn(14, (ulong)Str(Soname));
            Dyn(5, (ulong)DynStrOffset);
            Dyn(10, (ulong)DynStrSize);
            Dyn(6, (ulong)DynSymOffset);
            Dyn(11, (ulong)symSize);
            Dyn(4, (ulong)HashOffset);
            Dyn(0x6ffffff0, (ulong)VersymOffset);
            if (VersionNeeds.Count > 0) { Dyn(0x6ffffffe, (ulong)VerneedOffset); Dyn(0x6fffffff, (ulong)VersionNeeds.Count); }
            if (TerminateDynamic) Dyn(0, 0);
            int dynamicSize = body.Length - DynamicOffset;
            body.Pad(body.Length + TailPadding);
            int total = body.Length;

            byte[] image = body.ToArray();
            var h = new Writer(BigEndian);
            h.Bytes(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', (byte)(Is64 ? 2 : 1), (byte)(BigEndian ? 2 : 1), 1, 0 });
            h.Pad(16);
            h.U16(Type); h.U16(Machine); h.U32(1);
            if (Is64) { h.U64(0); h.U64((ulong)ehdr); h.U64(0); } else { h.U32(0); h.U32((uint)ehdr); h.U32(0); }
            h.U32(Flags); h.U16((ushort)ehdr); h.U16((ushort)phent); h.U16((ushort)phnum); h.U16((ushort)(Is64 ? 64 : 40)); h.U16(0); h.U16(0);
            void Phdr(uint type, uint flags, int offset, int size)
            {
                if (Is64) { h.U32(type); h.U32(flags); h.U64((ulong)offset); h.U64((ulong)offset); h.U64((ulong)offset); h.U64((ulong)size); h.U64((ulong)size); h.U64(8); }
                else { h.U32(type); h.U32((uint)offset); h.U32((uint)offset); h.U32((uint)offset); h.U32((uint)size); h.U32((uint)size); h.U32(flags); h.U32(8); }
            }
            if (Interpreter != null) Phdr(3, 4, InterpOffset, InterpreterFileSize ?? Interpreter.Length + 1);
            Phdr(1, 6, 0, total);
            Phdr(2, 6, DynamicOffset, dynamicSize);
            Phdr(0x6474e551, 6, 0, 0); // PT_GNU_STACK, not executable
            byte[] header = h.ToArray();
            Buffer.BlockCopy(header, 0, image, 0, header.Length);
            return image;
        }

        /// <summary>Writes a 32-bit value into an image in its byte order.</summary>
        public void Poke32(byte[] image, int offset, uint value)
        {
            for (int i = 0; i < 4; i++) image[offset + i] = (byte)(value >> (BigEndian ? (3 - i) * 8 : i * 8));
        }

        public void Poke16(byte[] image, int offset, ushort value)
        {
            image[offset + (BigEndian ? 1 : 0)] = (byte)value;
            image[offset + (BigEndian ? 0 : 1)] = (byte)(value >> 8);
        }

        private sealed class Writer
        {
            private readonly MemoryStream _s = new();
            private readonly bool _be;
            public Writer(bool bigEndian) => _be = bigEndian;
            public int Length => (int)_s.Length;
            public void U8(byte v) => _s.WriteByte(v);
            public void U16(ushort v) => Put(v, 2);
            public void U32(uint v) => Put(v, 4);
            public void U64(ulong v) => Put(v, 8);
            public void Bytes(byte[] b) => _s.Write(b, 0, b.Length);
            public void Pad(int to) { while (_s.Length < to) _s.WriteByte(0); }
            public void Align(int a) => Pad((Length + a - 1) / a * a);
            public byte[] ToArray() => _s.ToArray();
            private void Put(ulong v, int n) { for (int i = 0; i < n; i++) _s.WriteByte((byte)(v >> (_be ? (n - 1 - i) * 8 : i * 8))); }
        }
    }
}
