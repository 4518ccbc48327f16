using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using ELFSharp.ELF.Segments;
using GlibcGuard.Elf;
using Lof = LibObjectFile.Elf;

namespace GlibcGuard.Benchmarks
{
    /// <summary>The facts every reader must extract: interpreter, needed libraries, version needs and the per-symbol join.</summary>
    public sealed record Facts(string? Interpreter, int Needed, int VersionNeeds, int VersionedImports)
    {
        public override string ToString() => $"interp={Interpreter} needed={Needed} verneed={VersionNeeds} versioned-imports={VersionedImports}";
    }

    public static class PeerReaders
    {
        public static Facts GlibcGuard(string path)
        {
            using ElfFile elf = ElfFile.Open(path);
            string? interp = elf.Interpreter;
            int needed = elf.Dynamic?.Needed.Count ?? 0;
            int needs = elf.VersionNeeds.Sum(n => n.Versions.Count);
            int imports = elf.Imports.Count(i => i.Version != null);
            return new Facts(interp, needed, needs, imports);
        }

        public static Facts LibObjectFile(string path)
        {
            using FileStream stream = File.OpenRead(path);
            var elf = Lof.ElfFile.Read(stream, new Lof.ElfReaderOptions { UseSubStream = true });
            var interpSection = elf.Sections.FirstOrDefault(s => s.Name.Value == ".interp") as Lof.ElfStreamSection;
            string? interp = interpSection is null ? null : ReadCString(ReadAll(interpSection.Stream), 0);
            var dynamic = elf.Sections.OfType<Lof.ElfDynamicLinkingTable>().FirstOrDefault();
            int needed = dynamic?.GetNeededLibraries().Count() ?? 0;
            var verneed = elf.Sections.FirstOrDefault(s => s.Type == Lof.ElfSectionType.GnuVersionNeedsSection) as Lof.ElfStreamSection;
            var versym = elf.Sections.FirstOrDefault(s => s.Type == Lof.ElfSectionType.GnuVersionSymbolTable) as Lof.ElfStreamSection;
            var dynsym = elf.Sections.OfType<Lof.ElfSymbolTable>().FirstOrDefault(s => s.Type == Lof.ElfSectionType.DynamicLinkerSymbolTable);
            if (verneed is null || dynsym is null)
            {
                return new Facts(interp, needed, 0, 0);
            }
            var strings = (Lof.ElfStringTable)verneed.Link.Section!;
            var versions = RawVersions.DecodeVerneed(ReadAll(verneed.Stream), i => strings.TryGetString(i, out string? s) ? s : "");
            byte[] versymBytes = versym is null ? Array.Empty<byte>() : ReadAll(versym.Stream);
            int imports = 0;
            for (int i = 1; i < dynsym.Entries.Count; i++)
            {
                var sym = dynsym.Entries[i];
                if (!sym.SectionLink.IsEmpty || sym.Name.IsEmpty) continue;
                if (i * 2 + 2 <= versymBytes.Length && versions.ContainsKey((ushort)(BitConverter.ToUInt16(versymBytes, i * 2) & 0x7fff))) imports++;
            }
            return new Facts(interp, needed, versions.Count, imports);
        }

        public static Facts ElfSharp(string path)
        {
            using IELF elf = ELFReader.Load(path);
            string? interp = null;
            foreach (ISegment segment in elf.Segments)
            {
                if (segment.Type == SegmentType.Interpreter) interp = ReadCString(segment.GetFileContents(), 0);
            }
            var dynstr = elf.TryGetSection(".dynstr", out ISection s1) ? s1 as StringTable<ulong> : null;
            int needed = 0;
            if (elf.TryGetSection(".dynamic", out ISection dyn) && dyn is IDynamicSection dynamic)
            {
                needed = dynamic.Entries.Count(e => e.Tag == DynamicTag.Needed);
            }
            if (!elf.TryGetSection(".gnu.version_r", out ISection verneed) || !elf.TryGetSection(".dynsym", out ISection dynsymSection) || dynstr is null)
            {
                return new Facts(interp, needed, 0, 0);
            }
            var versions = RawVersions.DecodeVerneed(verneed.GetContents(), i => dynstr[i]);
            byte[] versym = elf.TryGetSection(".gnu.version", out ISection vs) ? vs.GetContents() : Array.Empty<byte>();
            var symbols = ((ISymbolTable)dynsymSection).Entries.ToList();
            int imports = 0;
            for (int i = 1; i < symbols.Count; i++)
            {
                var sym = (SymbolEntry<ulong>)symbols[i];
                if (sym.PointedSectionIndex != 0 || sym.Name.Length == 0) continue;
                if (i * 2 + 2 <= versym.Length && versions.ContainsKey((ushort)(BitConverter.ToUInt16(versym, i * 2) & 0x7fff))) imports++;
            }
            return new Facts(interp, needed, versions.Count, imports);
        }

        private static byte[] ReadAll(Stream stream)
        {
            stream.Position = 0;
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }

        private static string ReadCString(byte[] bytes, int offset)
        {
            int end = Array.IndexOf(bytes, (byte)0, offset);
            return Encoding.UTF8.GetString(bytes, offset, (end < 0 ? bytes.Length : end) - offset);
        }
    }

    /// <summary>A plain little-endian .gnu.version_r decoder for the peers, which expose the section only as bytes.</summary>
    public static class RawVersions
    {
        public static Dictionary<ushort, string> DecodeVerneed(byte[] bytes, Func<uint, string> name)
        {
            var result = new Dictionary<ushort, string>();
            int record = 0;
            while (record + 16 <= bytes.Length)
            {
                int count = BitConverter.ToUInt16(bytes, record + 2);
                string file = name(BitConverter.ToUInt32(bytes, record + 4));
                int aux = record + (int)BitConverter.ToUInt32(bytes, record + 8);
                for (int j = 0; j < count && aux + 16 <= bytes.Length; j++)
                {
                    result[BitConverter.ToUInt16(bytes, aux + 6)] = file + ":" + name(BitConverter.ToUInt32(bytes, aux + 8));
                    aux += (int)BitConverter.ToUInt32(bytes, aux + 12);
                }
                uint next = BitConverter.ToUInt32(bytes, record + 12);
                if (next == 0) break;
                record += (int)next;
            }
            return result;
        }
    }
}
