using System;
using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    partial class ElfFile
    {
        private const int VerneedSize = 16, VernauxSize = 16, VerdefSize = 20, VerdauxSize = 8;
        private const int FirstWindow = 4096;

        private IReadOnlyList<ElfVersionNeed>? _lazyVersionNeeds;
        private IReadOnlyList<ElfVersionDefinition>? _lazyVersionDefinitions;

        /// <summary>
        /// .gnu.version_r: for each needed library, the version nodes the file needs from it
        /// (DT_VERNEED / DT_VERNEEDNUM; SHT_GNU_verneed when the dynamic table does not point at one).
        /// </summary>
        /// <exception cref="ElfFormatException">The table is damaged.</exception>
        public IReadOnlyList<ElfVersionNeed> VersionNeeds => _lazyVersionNeeds ??= ReadVersionNeeds();

        /// <summary>.gnu.version_d: the version nodes the file defines (DT_VERDEF / DT_VERDEFNUM).</summary>
        /// <exception cref="ElfFormatException">The table is damaged.</exception>
        public IReadOnlyList<ElfVersionDefinition> VersionDefinitions => _lazyVersionDefinitions ??= ReadVersionDefinitions();

        /// <summary>
        /// .gnu.version_r as records, read once: the walk <see cref="VersionNeeds"/> and the import walk share, which
        /// makes no object per entry (a folder check reads a thousand files' tables and keeps none of them).
        /// </summary>
        /// <exception cref="ElfFormatException">The table is damaged.</exception>
        internal ElfVersionNeedTable VersionNeedTable => _lazyNeedTable ??= ReadVersionNeedTable();

        private ElfVersionNeedTable? _lazyNeedTable;

        private IReadOnlyList<ElfVersionNeed> ReadVersionNeeds()
        {
            ElfVersionNeedTable table = VersionNeedTable;
            if (table.Files.Count == 0) return Array.Empty<ElfVersionNeed>();
            var needs = new List<ElfVersionNeed>(table.Files.Count);
            IReadOnlyList<ElfVersionNeedRecord> records = table.Records;
            int r = 0;
            for (int n = 0; n < table.Files.Count; n++)
            {
                var versions = new List<ElfVersionRequirement>();
                for (; r < records.Count && records[r].Need == n; r++)
                {
                    ElfVersionNeedRecord e = records[r];
                    versions.Add(new ElfVersionRequirement(table.Files[n], e.Name, e.Hash, e.Flags, e.Index));
                }
                needs.Add(new ElfVersionNeed(table.Files[n], versions));
            }
            return needs;
        }

        private ElfVersionNeedTable ReadVersionNeedTable()
        {
            if (!TryLocateVersionTable(ElfDynamicTag.VersionNeeds, ElfDynamicTag.VersionNeedCount, ElfSectionType.GnuVersionNeeds,
                "version needs (DT_VERNEED)", out ulong offset, out ulong available, out ulong? exactSize, out uint count))
            {
                return ElfVersionNeedTable.Empty;
            }
            var files = ElfList<string>.Lend((int)Math.Min(count, 16));
            var records = ElfList<ElfVersionNeedRecord>.Lend(16);
            ReadGrowing(offset, available, exactSize, "version needs (DT_VERNEED)", table =>
            {
                files.Clear(); // a window too small is read again, larger
                records.Clear();
                var chain = new ElfChain(table, 0, count, VerneedSize, 12, "verneed");
                while (chain.MoveNext())
                {
                    int r = chain.Current;
                    ushort version = table.PeekUInt16(r); // vn_version: VER_NEED_CURRENT (1)
                    if (version != 1)
                    {
                        ElfThrow.Format("unsupported vn_version in verneed record " + (chain.Visited - 1), table.FileOffset + r, version);
                    }
                    ushort auxCount = table.PeekUInt16(r + 2); // vn_cnt: number of vernaux entries
                    string file = DynamicString(table.PeekUInt32(r + 4), "vn_file", table.FileOffset + r); // vn_file: soname
                    uint auxOffset = table.PeekUInt32(r + 8); // vn_aux: offset of first vernaux, relative to this record
                    int need = files.Count;
                    files.Add(file);
                    var aux = new ElfChain(table, (long)r + auxOffset, auxCount, VernauxSize, 12, "vernaux", file);
                    while (aux.MoveNext())
                    {
                        int a = aux.Current;
                        uint hash = table.PeekUInt32(a);          // vna_hash
                        ushort flags = table.PeekUInt16(a + 4);   // vna_flags: VER_FLG_WEAK
                        ushort index = table.PeekUInt16(a + 6);   // vna_other: versym index
                        string name = DynamicString(table.PeekUInt32(a + 8), "vna_name", table.FileOffset + a);
                        records.Add(new ElfVersionNeedRecord(need, name, hash, flags, index));
                    }
                    if (aux.EndedEarly)
                    {
                        Warn("vernaux chain of " + file + " ends after " + aux.Visited + " of " + auxCount + " entries", table.FileOffset + r);
                    }
                }
                if (chain.EndedEarly)
                {
                    Warn("verneed chain ends after " + chain.Visited + " of " + count + " entries", table.FileOffset);
                }
                return true;
            });
            return new ElfVersionNeedTable(files, records);
        }

        /// <summary>.gnu.version_d as records, read once (lent, given back when the file is closed): what <see cref="VersionDefinitions"/> is made from.</summary>
        /// <exception cref="ElfFormatException">The table is damaged.</exception>
        internal IReadOnlyList<ElfVersionDefinitionRecord> VersionDefinitionRecords => _lazyDefinitionRecords ??= ReadVersionDefinitionRecords();

        private ElfList<ElfVersionDefinitionRecord>? _lazyDefinitionRecords;

        private IReadOnlyList<ElfVersionDefinition> ReadVersionDefinitions()
        {
            IReadOnlyList<ElfVersionDefinitionRecord> records = VersionDefinitionRecords;
            if (records.Count == 0) return Array.Empty<ElfVersionDefinition>();
            var definitions = new List<ElfVersionDefinition>(records.Count);
            for (int i = 0; i < records.Count; i++)
            {
                ElfVersionDefinitionRecord d = records[i];
                string[] parents = d.Parent is null ? Array.Empty<string>() : new string[1 + (d.MoreParents?.Length ?? 0)];
                if (d.Parent != null)
                {
                    parents[0] = d.Parent;
                    d.MoreParents?.CopyTo(parents, 1);
                }
                definitions.Add(new ElfVersionDefinition(d.Index, d.Flags, d.Hash, d.Name, parents));
            }
            return definitions;
        }

        private ElfList<ElfVersionDefinitionRecord> ReadVersionDefinitionRecords()
        {
            if (!TryLocateVersionTable(ElfDynamicTag.VersionDefinitions, ElfDynamicTag.VersionDefinitionCount, ElfSectionType.GnuVersionDefinitions,
                "version definitions (DT_VERDEF)", out ulong offset, out ulong available, out ulong? exactSize, out uint count))
            {
                return new ElfList<ElfVersionDefinitionRecord>(0);
            }
            var definitions = ElfList<ElfVersionDefinitionRecord>.Lend((int)Math.Min(count, 64));
            ReadGrowing(offset, available, exactSize, "version definitions (DT_VERDEF)", table =>
            {
                definitions.Clear(); // a window too small is read again, larger
                var chain = new ElfChain(table, 0, count, VerdefSize, 16, "verdef");
                while (chain.MoveNext())
                {
                    int r = chain.Current;
                    ushort version = table.PeekUInt16(r); // vd_version: VER_DEF_CURRENT (1)
                    if (version != 1)
                    {
                        ElfThrow.Format("unsupported vd_version in verdef record " + (chain.Visited - 1), table.FileOffset + r, version);
                    }
                    ushort flags = table.PeekUInt16(r + 2);    // vd_flags: VER_FLG_BASE
                    ushort index = table.PeekUInt16(r + 4);    // vd_ndx: versym index
                    ushort auxCount = table.PeekUInt16(r + 6); // vd_cnt: number of verdaux entries
                    uint hash = table.PeekUInt32(r + 8);       // vd_hash
                    uint auxOffset = table.PeekUInt32(r + 12); // vd_aux: offset of first verdaux, relative to this record
                    string name = "";
                    string? parent = null;
                    List<string>? more = null;
                    var aux = new ElfChain(table, (long)r + auxOffset, auxCount, VerdauxSize, 4, "verdaux");
                    while (aux.MoveNext())
                    {
                        string auxName = DynamicString(table.PeekUInt32(aux.Current), "vda_name", table.FileOffset + aux.Current);
                        if (aux.Visited == 1) name = auxName;
                        else if (parent is null) parent = auxName;
                        else (more ??= new List<string>(1)).Add(auxName);
                    }
                    definitions.Add(new ElfVersionDefinitionRecord(index, flags, hash, name, parent, more?.ToArray()));
                }
                return true;
            });
            return definitions;
        }

        /// <summary>
        /// Finds a version table through the dynamic table (address and count), or through its section when the
        /// file has no dynamic table entry for it. The exact size is known only from a section header.
        /// </summary>
        private bool TryLocateVersionTable(ElfDynamicTag addressTag, ElfDynamicTag countTag, ElfSectionType sectionType, string what,
            out ulong offset, out ulong available, out ulong? exactSize, out uint count)
        {
            offset = available = 0;
            exactSize = null;
            count = 0;
            ElfDynamicInfo? dynamic = Dynamic;
            ulong? address = dynamic?.Find(addressTag);
            ulong? declaredCount = dynamic?.Find(countTag);
            ElfSectionHeader? section = null;
            if (address is ulong a)
            {
                if (!TryMapAddress(a, out offset, out available))
                {
                    section = FindSectionOrNull(sectionType, a);
                    if (section is null)
                    {
                        ElfThrow.Format(what + " address is not inside any PT_LOAD segment", dynamic!.OffsetOf(addressTag), a);
                    }
                }
            }
            else
            {
                section = FindSectionOrNull(sectionType, 0);
                if (section is null)
                {
                    return false;
                }
            }
            if (section is ElfSectionHeader sh)
            {
                if (_dynamicStrings.Length == 0)
                {
                    UseLinkedStringTable(sh, what);
                }
                offset = sh.Offset;
                available = sh.Size;
                exactSize = sh.Size;
                declaredCount ??= sh.Info;
            }
            if (declaredCount is null)
            {
                Warn(what + " has no record count (" + (countTag == ElfDynamicTag.VersionNeedCount ? "DT_VERNEEDNUM" : "DT_VERDEFNUM") + "); the chain is followed to its end", (long)Math.Min(offset, long.MaxValue));
            }
            count = declaredCount is ulong c ? (uint)Math.Min(c, ushort.MaxValue) : ushort.MaxValue;
            return count > 0;
        }

        /// <summary>
        /// Without a dynamic table (an object file, or one whose PT_DYNAMIC is gone) names come from the string
        /// table the version section links to.
        /// </summary>
        private void UseLinkedStringTable(ElfSectionHeader section, string what)
        {
            IReadOnlyList<ElfSectionHeader> sections = SectionsOrEmpty();
            if (section.Link == 0 || section.Link >= sections.Count || sections[(int)section.Link].Type != ElfSectionType.StringTable)
            {
                Warn(what + " section links to " + section.Link + ", which is not a string table", (long)Math.Min(section.Offset, long.MaxValue));
                return;
            }
            ElfSectionHeader strings = sections[(int)section.Link];
            string table = "string table (section " + section.Link + ")";
            CheckRange(strings.Offset, strings.Size, table);
            _dynamicStrings = ElfStringTable.At(this, strings.Offset, strings.Size, table);
        }

        /// <summary>
        /// Reads a table whose size the file does not state: first a small window, then larger ones while the
        /// decoder runs past the window and the segment has more bytes (other damage is final at once). A section
        /// size, when known, is exact.
        /// </summary>
        private T ReadGrowing<T>(ulong offset, ulong available, ulong? exactSize, string what, Func<ElfBytes, T> decode)
        {
            if (exactSize is ulong exact)
            {
                return decode(ReadRange(offset, exact, what));
            }
            ulong window = Math.Min(available, FirstWindow);
            while (true)
            {
                int warningsBefore = _warnings.Count;
                ElfBytes table = ReadRange(offset, window, what);
                try
                {
                    return decode(table);
                }
                catch (ElfFormatException e) when (e.RanPastTable && window < Math.Min(available, MaxTableSize))
                {
                    _warnings.RemoveFrom(warningsBefore);
                    window = Math.Min(Math.Min(available, MaxTableSize), window * 16);
                }
            }
        }
    }
}
