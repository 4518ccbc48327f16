using System;
using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    partial class ElfFile
    {
        private IReadOnlyList<ElfSectionHeader>? _lazySections;

        /// <summary>
        /// The section headers with their names (read on first use). Empty when the file has no section header
        /// table. Section headers are the fallback for facts the program headers do not give.
        /// </summary>
        /// <exception cref="ElfFormatException">The section header table does not fit in the file.</exception>
        public IReadOnlyList<ElfSectionHeader> Sections => _lazySections ??= ReadSections();

        private IReadOnlyList<ElfSectionHeader> ReadSections()
        {
            uint count = Header.SectionHeaderCount;
            if (count == 0 || Header.SectionHeaderOffset == 0)
            {
                return Array.Empty<ElfSectionHeader>();
            }
            bool is64 = Header.Is64;
            int minimum = is64 ? 64 : 40;
            ushort entrySize = Header.SectionHeaderEntrySize;
            if (entrySize < minimum)
            {
                ElfThrow.Format("e_shentsize is smaller than a section header (" + minimum + ")", is64 ? 58 : 46, entrySize);
            }
            ElfBytes table = ReadRange(Header.SectionHeaderOffset, (ulong)count * entrySize, "section header table (" + count + " entries)");
            var raw = new ElfSectionHeader[count];
            for (int i = 0; i < raw.Length; i++)
            {
                raw[i] = DecodeSectionHeader(table, i * entrySize, is64, "");
            }

            ElfBytes names = default;
            bool haveNames = false;
            uint nameIndex = Header.SectionNameTableIndex;
            if (nameIndex != 0 && nameIndex < count && raw[nameIndex].Type != ElfSectionType.NoBits)
            {
                try
                {
                    names = ReadRange(raw[nameIndex].Offset, raw[nameIndex].Size, "section name table (section " + nameIndex + ")");
                    haveNames = true;
                }
                catch (ElfFormatException e)
                {
                    Warn("section names unreadable: " + e.Reason, e.Offset);
                }
            }
            else if (nameIndex != 0)
            {
                Warn("e_shstrndx " + nameIndex + " does not name a section table entry (" + count + " sections); sections are unnamed", is64 ? 62 : 50);
            }

            var sections = new ElfSectionHeader[count];
            for (int i = 0; i < raw.Length; i++)
            {
                string name = "";
                if (haveNames && raw[i].NameOffset != 0 && !names.TryPeekCString(raw[i].NameOffset, out name))
                {
                    name = "<corrupt sh_name 0x" + raw[i].NameOffset.ToString("x") + ">";
                    Warn("section " + i + " has sh_name 0x" + raw[i].NameOffset.ToString("x") + " outside the name table", table.FileOffset + i * entrySize);
                }
                sections[i] = DecodeSectionHeader(table, i * entrySize, is64, name);
            }
            return sections;
        }

        private static ElfSectionHeader DecodeSectionHeader(ElfBytes t, int o, bool is64, string name) => is64
            ? new ElfSectionHeader(name, t.PeekUInt32(o), (ElfSectionType)t.PeekUInt32(o + 4), t.PeekUInt64(o + 8), t.PeekUInt64(o + 16),
                t.PeekUInt64(o + 24), t.PeekUInt64(o + 32), t.PeekUInt32(o + 40), t.PeekUInt32(o + 44), t.PeekUInt64(o + 48), t.PeekUInt64(o + 56))
            : new ElfSectionHeader(name, t.PeekUInt32(o), (ElfSectionType)t.PeekUInt32(o + 4), t.PeekUInt32(o + 8), t.PeekUInt32(o + 12),
                t.PeekUInt32(o + 16), t.PeekUInt32(o + 20), t.PeekUInt32(o + 24), t.PeekUInt32(o + 28), t.PeekUInt32(o + 32), t.PeekUInt32(o + 36));

        /// <summary>The first section with the given name, or null.</summary>
        public ElfSectionHeader? FindSection(string name)
        {
            foreach (ElfSectionHeader s in Sections)
            {
                if (s.Name == name)
                {
                    return s;
                }
            }
            return null;
        }

        /// <summary>True when a section of that name exists; a damaged section table counts as none (with a warning).</summary>
        public bool HasSection(string name)
        {
            foreach (ElfSectionHeader s in SectionsOrEmpty())
            {
                if (s.Name == name) return true;
            }
            return false;
        }

        /// <summary>The first section of the given type, or null.</summary>
        public ElfSectionHeader? FindSection(ElfSectionType type)
        {
            foreach (ElfSectionHeader s in Sections)
            {
                if (s.Type == type)
                {
                    return s;
                }
            }
            return null;
        }

        /// <summary>
        /// Section headers, or an empty list when the table is damaged (recorded as a warning). Used where
        /// sections are only a fallback, so their damage must not hide facts found another way.
        /// </summary>
        internal IReadOnlyList<ElfSectionHeader> SectionsOrEmpty()
        {
            if (_lazySections != null)
            {
                return _lazySections;
            }
            try
            {
                return Sections;
            }
            catch (ElfFormatException e)
            {
                Warn("section header table unreadable: " + e.Reason, e.Offset);
                _lazySections = Array.Empty<ElfSectionHeader>();
                return _lazySections;
            }
        }

        internal ElfSectionHeader? FindSectionOrNull(ElfSectionType type, ulong address)
        {
            foreach (ElfSectionHeader s in SectionsOrEmpty())
            {
                if (s.Type == type && (address == 0 || s.Address == address))
                {
                    return s;
                }
            }
            return null;
        }
    }
}
