using System;
using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    partial class ElfFile
    {
        private ElfSectionHeader[]? _lazyRawSections;
        private IReadOnlyList<ElfSectionHeader>? _lazySections;

        /// <summary>
        /// The section headers with their names (read on first use). Empty when the file has no section header
        /// table. Section headers are the fallback for facts the program headers do not give.
        /// </summary>
        /// <exception cref="ElfFormatException">The section header table does not fit in the file.</exception>
        public IReadOnlyList<ElfSectionHeader> Sections => _lazySections ??= NameSections(RawSections());

        /// <summary>The headers without names: what the reader's own lookups (by type, address, link) need.</summary>
        private ElfSectionHeader[] RawSections()
        {
            if (_lazyRawSections != null)
            {
                return _lazyRawSections;
            }
            ElfBytes table = SectionTable(out int count, out int entrySize);
            bool is64 = Header.Is64;
            var raw = new ElfSectionHeader[count];
            for (int i = 0; i < raw.Length; i++)
            {
                raw[i] = DecodeSectionHeader(table, i * entrySize, is64, "");
            }
            return _lazyRawSections = raw;
        }

        private ElfBytes? _lazySectionTable;

        /// <summary>
        /// The section header table's bytes, read once and checked once (count × e_shentsize inside the file,
        /// e_shentsize at least a header's size); lookups scan it and decode only the entries they return.
        /// </summary>
        private ElfBytes SectionTable(out int count, out int entrySize)
        {
            count = (int)Math.Min(Header.SectionHeaderCount, int.MaxValue);
            entrySize = Header.SectionHeaderEntrySize;
            if (count == 0 || Header.SectionHeaderOffset == 0)
            {
                count = 0;
                return default;
            }
            ThrowIfDisposed();
            if (_lazySectionTable is ElfBytes cached)
            {
                return cached;
            }
            bool is64 = Header.Is64;
            int minimum = is64 ? 64 : 40;
            if (entrySize < minimum)
            {
                ElfThrow.Format("e_shentsize is smaller than a section header (" + minimum + ")", is64 ? 58 : 46, entrySize);
            }
            ElfBytes table = ReadRange(Header.SectionHeaderOffset, (ulong)Header.SectionHeaderCount * (ulong)entrySize, "section header table (", Header.SectionHeaderCount, " entries)");
            _lazySectionTable = table;
            return table;
        }

        private bool _sectionTableDamaged;

        /// <summary>
        /// The index of the next section of <paramref name="type"/> (at <paramref name="address"/>, unless it is 0)
        /// from <paramref name="from"/> on, decoding no other, or -1; -1 also when the table is damaged (a warning).
        /// </summary>
        private int NextSection(ElfSectionType type, ulong address, int from, out ElfSectionHeader found)
        {
            found = default;
            if (_lazyRawSections != null)
            {
                for (int i = from; i < _lazyRawSections.Length; i++)
                {
                    ElfSectionHeader s = _lazyRawSections[i];
                    if (s.Type != type || (address != 0 && s.Address != address)) continue;
                    found = s;
                    return i;
                }
                return -1;
            }
            ElfBytes table;
            int count, entrySize;
            try
            {
                table = SectionTable(out count, out entrySize);
            }
            catch (ElfFormatException e)
            {
                Warn("section header table unreadable: " + e.Reason, e.Offset);
                _sectionTableDamaged = true;
                _lazyRawSections = Array.Empty<ElfSectionHeader>();
                return -1;
            }
            bool is64 = Header.Is64;
            int addressAt = is64 ? 16 : 12;
            for (int i = from; i < count; i++)
            {
                int o = i * entrySize;
                if ((ElfSectionType)table.PeekUInt32Checked(o + 4) != type) continue;
                if (address != 0 && (is64 ? table.PeekUInt64Checked(o + addressAt) : table.PeekUInt32Checked(o + addressAt)) != address) continue;
                found = DecodeSectionHeader(table, o, is64, "");
                return i;
            }
            return -1;
        }

        private IReadOnlyList<ElfSectionHeader> NameSections(ElfSectionHeader[] raw)
        {
            if (raw.Length == 0)
            {
                return new ElfList<ElfSectionHeader>(raw);
            }
            bool is64 = Header.Is64;
            long tableOffset = (long)Header.SectionHeaderOffset;
            ElfBytes names = default;
            bool haveNames = false;
            uint nameIndex = Header.SectionNameTableIndex;
            if (nameIndex != 0 && nameIndex < raw.Length && raw[nameIndex].Type != ElfSectionType.NoBits)
            {
                try
                {
                    names = ReadRange(raw[nameIndex].Offset, raw[nameIndex].Size, "section name table (section ", nameIndex, ")");
                    haveNames = true;
                }
                catch (ElfFormatException e)
                {
                    Warn("section names unreadable: " + e.Reason, e.Offset);
                }
            }
            else if (nameIndex != 0)
            {
                Warn("e_shstrndx " + nameIndex + " does not name a section table entry (" + raw.Length + " sections); sections are unnamed", is64 ? 62 : 50);
            }

            var sections = new ElfSectionHeader[raw.Length];
            for (int i = 0; i < raw.Length; i++)
            {
                ElfSectionHeader r = raw[i];
                string name = "";
                if (haveNames && r.NameOffset != 0 && !names.TryPeekCString(r.NameOffset, out name))
                {
                    name = "<corrupt sh_name 0x" + r.NameOffset.ToString("x") + ">";
                    Warn("section " + i + " has sh_name 0x" + r.NameOffset.ToString("x") + " outside the name table", tableOffset + (long)i * Header.SectionHeaderEntrySize);
                }
                sections[i] = new ElfSectionHeader(name, r.NameOffset, r.Type, r.Flags, r.Address, r.Offset, r.Size, r.Link, r.Info, r.Alignment, r.EntrySize);
            }
            return new ElfList<ElfSectionHeader>(sections);
        }

        // The table was read as count × e_shentsize bytes and e_shentsize is at least a header's size, so every
        // field of entry i lies inside it: one check for the table, none per field.
        private static ElfSectionHeader DecodeSectionHeader(ElfBytes t, int o, bool is64, string name) => is64
            ? new ElfSectionHeader(name, t.PeekUInt32Checked(o), (ElfSectionType)t.PeekUInt32Checked(o + 4), t.PeekUInt64Checked(o + 8), t.PeekUInt64Checked(o + 16),
                t.PeekUInt64Checked(o + 24), t.PeekUInt64Checked(o + 32), t.PeekUInt32Checked(o + 40), t.PeekUInt32Checked(o + 44), t.PeekUInt64Checked(o + 48), t.PeekUInt64Checked(o + 56))
            : new ElfSectionHeader(name, t.PeekUInt32Checked(o), (ElfSectionType)t.PeekUInt32Checked(o + 4), t.PeekUInt32Checked(o + 8), t.PeekUInt32Checked(o + 12),
                t.PeekUInt32Checked(o + 16), t.PeekUInt32Checked(o + 20), t.PeekUInt32Checked(o + 24), t.PeekUInt32Checked(o + 28), t.PeekUInt32Checked(o + 32), t.PeekUInt32Checked(o + 36));

        /// <summary>The first section with the given name, or null.</summary>
        public ElfSectionHeader? FindSection(string name)
        {
            IReadOnlyList<ElfSectionHeader> sections = Sections;
            for (int i = 0; i < sections.Count; i++)
            {
                ElfSectionHeader s = sections[i];
                if (s.Name == name)
                {
                    return s;
                }
            }
            return null;
        }

        /// <summary>True when a section of that name exists; a damaged section table counts as none (with a warning).</summary>
        public bool HasSection(string name) => FindNamedSectionOrNull(name) != null;

        /// <summary>The first section of the given type, or null.</summary>
        public ElfSectionHeader? FindSection(ElfSectionType type)
        {
            IReadOnlyList<ElfSectionHeader> sections = Sections;
            for (int i = 0; i < sections.Count; i++)
            {
                ElfSectionHeader s = sections[i];
                if (s.Type == type)
                {
                    return s;
                }
            }
            return null;
        }

        /// <summary>
        /// Section headers without names, or an empty list when the table is damaged (recorded as a warning).
        /// Used where sections are only a fallback, so their damage must not hide facts found another way.
        /// </summary>
        internal ElfSectionHeader[] SectionsOrEmpty()
        {
            try
            {
                return RawSections();
            }
            catch (ElfFormatException e)
            {
                if (!_sectionTableDamaged)
                {
                    Warn("section header table unreadable: " + e.Reason, e.Offset);
                    _sectionTableDamaged = true;
                }
                return _lazyRawSections = Array.Empty<ElfSectionHeader>();
            }
        }

        /// <summary>
        /// True when the file has a section table with at least one entry that can be read, without decoding it;
        /// a damaged table is a warning (once) and false, as <see cref="SectionsOrEmpty"/> would say.
        /// </summary>
        internal bool HasReadableSectionTable()
        {
            try
            {
                SectionTable(out int count, out _);
                return count > 0;
            }
            catch (ElfFormatException)
            {
                return SectionsOrEmpty().Length > 0;
            }
        }

        /// <summary>
        /// The first section named <paramref name="name"/> (not SHT_NOBITS), or null, also when the table is
        /// damaged. Compares the name table's bytes: no name strings are made for a lookup.
        /// </summary>
        internal ElfSectionHeader? FindNamedSectionOrNull(string name)
        {
            ElfBytes table;
            int count, entrySize;
            try
            {
                table = SectionTable(out count, out entrySize);
            }
            catch (ElfFormatException)
            {
                SectionsOrEmpty(); // records the damage once, as every fallback lookup does
                return null;
            }
            uint nameIndex = Header.SectionNameTableIndex;
            bool is64 = Header.Is64;
            if (count == 0 || nameIndex == 0 || nameIndex >= count)
            {
                return null;
            }
            ElfSectionHeader nameTable = DecodeSectionHeader(table, (int)nameIndex * entrySize, is64, "");
            if (nameTable.Type == ElfSectionType.NoBits)
            {
                return null;
            }
            ElfBytes names;
            try
            {
                names = _sectionNameTable ??= ReadRange(nameTable.Offset, nameTable.Size, "section name table (section ", nameIndex, ")");
            }
            catch (ElfFormatException e)
            {
                Warn("section names unreadable: " + e.Reason, e.Offset);
                return null;
            }
            byte[] wanted = System.Text.Encoding.UTF8.GetBytes(name);
            // The table's bytes are scanned (type and name offset of each entry); only the match is decoded.
            for (int i = 0, o = 0; i < count; i++, o += entrySize)
            {
                if ((ElfSectionType)table.PeekUInt32Checked(o + 4) != ElfSectionType.NoBits && names.CStringEquals(table.PeekUInt32Checked(o), wanted))
                {
                    return DecodeSectionHeader(table, o, is64, name);
                }
            }
            return null;
        }

        private ElfBytes? _sectionNameTable;

        /// <summary>Every section of one type, decoding only those (empty when the table is damaged: a warning).</summary>
        internal ElfList<ElfSectionHeader> SectionsOfType(ElfSectionType type)
        {
            var found = new ElfList<ElfSectionHeader>(0);
            for (int i = NextSection(type, 0, 0, out ElfSectionHeader s); i >= 0; i = NextSection(type, 0, i + 1, out s)) found.Add(s);
            return found;
        }

        /// <summary>The first section of <paramref name="type"/> (at <paramref name="address"/>, unless it is 0), or null.</summary>
        internal ElfSectionHeader? FindSectionOrNull(ElfSectionType type, ulong address) =>
            NextSection(type, address, 0, out ElfSectionHeader found) >= 0 ? found : (ElfSectionHeader?)null;
    }
}
