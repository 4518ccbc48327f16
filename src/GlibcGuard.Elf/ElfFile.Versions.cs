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
        private IReadOnlyList<ElfImport>? _lazyImports;
        private IReadOnlyList<ElfSymbol>? _lazySymbols;
        private bool _symbolTablesLocated, _symbolTablesRead;
        private ElfBytes _symbolBytes, _versymBytes;
        private int _symbolCount;
        private ulong _symbolsAt, _versymAt;
        private bool _hasVersym;

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
        /// Every undefined, named dynamic symbol with the version and library its .gnu.version entry names:
        /// "__libc_start_main@GLIBC_2.34 from libc.so.6". Allocates one object per import, nothing per defined symbol.
        /// </summary>
        /// <exception cref="ElfFormatException">The symbol or version tables are damaged.</exception>
        public IReadOnlyList<ElfImport> Imports => _lazyImports ??= ReadImports();

        /// <summary>Every dynamic symbol (index 0 included), with names and version indexes.</summary>
        /// <exception cref="ElfFormatException">The symbol tables are damaged.</exception>
        public IReadOnlyList<ElfSymbol> DynamicSymbols => _lazySymbols ??= ReadSymbols();

        /// <summary>Number of entries in the dynamic symbol table (from .dynsym, else DT_HASH or DT_GNU_HASH).</summary>
        public int DynamicSymbolCount
        {
            get
            {
                LoadSymbolTables();
                return _symbolCount;
            }
        }

        private IReadOnlyList<ElfVersionNeed> ReadVersionNeeds()
        {
            if (!TryLocateVersionTable(ElfDynamicTag.VersionNeeds, ElfDynamicTag.VersionNeedCount, ElfSectionType.GnuVersionNeeds,
                "version needs (DT_VERNEED)", out ulong offset, out ulong available, out ulong? exactSize, out uint count))
            {
                return Array.Empty<ElfVersionNeed>();
            }
            return ReadGrowing(offset, available, exactSize, "version needs (DT_VERNEED)", table =>
            {
                var needs = new List<ElfVersionNeed>((int)Math.Min(count, 16));
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
                    var versions = new List<ElfVersionRequirement>(auxCount);
                    var aux = new ElfChain(table, (long)r + auxOffset, auxCount, VernauxSize, 12, "vernaux of " + file);
                    while (aux.MoveNext())
                    {
                        int a = aux.Current;
                        uint hash = table.PeekUInt32(a);          // vna_hash
                        ushort flags = table.PeekUInt16(a + 4);   // vna_flags: VER_FLG_WEAK
                        ushort index = table.PeekUInt16(a + 6);   // vna_other: versym index
                        string name = DynamicString(table.PeekUInt32(a + 8), "vna_name", table.FileOffset + a);
                        versions.Add(new ElfVersionRequirement(file, name, hash, flags, index));
                    }
                    if (aux.EndedEarly)
                    {
                        Warn("vernaux chain of " + file + " ends after " + aux.Visited + " of " + auxCount + " entries", table.FileOffset + r);
                    }
                    needs.Add(new ElfVersionNeed(file, versions));
                }
                if (chain.EndedEarly)
                {
                    Warn("verneed chain ends after " + chain.Visited + " of " + count + " entries", table.FileOffset);
                }
                return needs;
            });
        }

        private IReadOnlyList<ElfVersionDefinition> ReadVersionDefinitions()
        {
            if (!TryLocateVersionTable(ElfDynamicTag.VersionDefinitions, ElfDynamicTag.VersionDefinitionCount, ElfSectionType.GnuVersionDefinitions,
                "version definitions (DT_VERDEF)", out ulong offset, out ulong available, out ulong? exactSize, out uint count))
            {
                return Array.Empty<ElfVersionDefinition>();
            }
            return ReadGrowing(offset, available, exactSize, "version definitions (DT_VERDEF)", table =>
            {
                var definitions = new List<ElfVersionDefinition>((int)Math.Min(count, 64));
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
                    List<string>? parents = null;
                    var aux = new ElfChain(table, (long)r + auxOffset, auxCount, VerdauxSize, 4, "verdaux");
                    while (aux.MoveNext())
                    {
                        string auxName = DynamicString(table.PeekUInt32(aux.Current), "vda_name", table.FileOffset + aux.Current);
                        if (aux.Visited == 1) name = auxName;
                        else (parents ??= new List<string>(1)).Add(auxName);
                    }
                    definitions.Add(new ElfVersionDefinition(index, flags, hash, name, parents ?? (IReadOnlyList<string>)Array.Empty<string>()));
                }
                return definitions;
            });
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

        private void LoadSymbolTables()
        {
            if (_symbolTablesRead)
            {
                return;
            }
            _symbolTablesRead = true;
            _symbolBytes = _versymBytes = new ElfBytes(Array.Empty<byte>(), 0, 0, Header.IsBigEndian, 0);
            LocateSymbolTables();
            if (_symbolCount == 0)
            {
                return;
            }
            _symbolBytes = ReadRange(_symbolsAt, (ulong)_symbolCount * (ulong)SymbolSize, "dynamic symbol table (DT_SYMTAB)");
            if (_hasVersym)
            {
                _versymBytes = ReadRange(_versymAt, (ulong)_symbolCount * 2, "symbol versions (DT_VERSYM)");
            }
        }

        private int SymbolSize => Header.Is64 ? 24 : 16;

        /// <summary>Finds the dynamic symbol table and its versions, and checks that both lie in the file, without reading them.</summary>
        private void LocateSymbolTables()
        {
            if (_symbolTablesLocated)
            {
                return;
            }
            _symbolTablesLocated = true;
            ElfDynamicInfo? dynamic = Dynamic;
            ulong? symtab = dynamic?.Find(ElfDynamicTag.SymbolTable);
            if (symtab is null)
            {
                return;
            }
            int entrySize = SymbolSize;
            ulong? syment = dynamic!.Find(ElfDynamicTag.SymbolEntrySize);
            if (syment is ulong se && se != (ulong)entrySize)
            {
                ElfThrow.Format("DT_SYMENT does not match the symbol size of this class (" + entrySize + ")", dynamic.OffsetOf(ElfDynamicTag.SymbolEntrySize), se);
            }
            ulong count = CountDynamicSymbols(symtab.Value, dynamic);
            if (count == 0)
            {
                return;
            }
            if (count > MaxTableSize / (ulong)entrySize)
            {
                ElfThrow.Format("dynamic symbol count is larger than the reader accepts", dynamic.OffsetOf(ElfDynamicTag.SymbolTable), count);
            }
            _symbolsAt = LocateAddressedTable(symtab.Value, count * (ulong)entrySize, ElfSectionType.DynamicSymbols, "dynamic symbol table (DT_SYMTAB)",
                dynamic.OffsetOf(ElfDynamicTag.SymbolTable)).Offset;
            if (dynamic.Find(ElfDynamicTag.VersionSymbols) is ulong versym)
            {
                _versymAt = LocateAddressedTable(versym, count * 2, ElfSectionType.GnuVersionSymbols, "symbol versions (DT_VERSYM)", dynamic.OffsetOf(ElfDynamicTag.VersionSymbols)).Offset;
                _hasVersym = true;
            }
            _symbolCount = (int)count;
        }

        private ulong CountDynamicSymbols(ulong symtab, ElfDynamicInfo dynamic)
        {
            // A section header states the size exactly; without one, the hash tables bound the symbol index.
            if (FindSectionOrNull(ElfSectionType.DynamicSymbols, symtab) is ElfSectionHeader sh && sh.EntrySize != 0)
            {
                return sh.Size / sh.EntrySize;
            }
            if (dynamic.Find(ElfDynamicTag.Hash) is ulong hash)
            {
                ElfBytes header = ReadAddressedTable(hash, 8, ElfSectionType.Hash, "symbol hash table (DT_HASH)", dynamic.OffsetOf(ElfDynamicTag.Hash));
                return header.PeekUInt32(4); // nchain == number of symbols
            }
            if (dynamic.Find(ElfDynamicTag.GnuHash) is ulong gnuHash)
            {
                return CountFromGnuHash(gnuHash, dynamic.OffsetOf(ElfDynamicTag.GnuHash));
            }
            Warn("dynamic table has DT_SYMTAB but neither a section header, DT_HASH nor DT_GNU_HASH gives the symbol count; symbols are not read",
                dynamic.OffsetOf(ElfDynamicTag.SymbolTable));
            return 0;
        }

        private ulong CountFromGnuHash(ulong address, long pointerOffset)
        {
            const string what = "GNU hash table (DT_GNU_HASH)";
            ElfBytes header = ReadAddressedTable(address, 16, ElfSectionType.GnuHash, what, pointerOffset);
            uint bucketCount = header.PeekUInt32(0), symbolOffset = header.PeekUInt32(4), bloomCount = header.PeekUInt32(8);
            ulong wordSize = Header.Is64 ? 8UL : 4UL;
            ulong fixedSize = 16 + bloomCount * wordSize + bucketCount * 4UL;
            if (fixedSize > MaxTableSize)
            {
                ElfThrow.Format(what + " bucket and bloom arrays are larger than the reader accepts", header.FileOffset, fixedSize);
            }
            ElfBytes table = ReadAddressedTable(address, fixedSize, ElfSectionType.GnuHash, what, pointerOffset);
            int buckets = (int)(16 + bloomCount * wordSize);
            uint last = 0;
            for (uint i = 0; i < bucketCount; i++)
            {
                last = Math.Max(last, table.PeekUInt32(buckets + (int)i * 4));
            }
            if (last == 0)
            {
                return symbolOffset; // every bucket is empty: only the unhashed symbols exist
            }
            if (last < symbolOffset)
            {
                ElfThrow.Format(what + " bucket names symbol " + last + " below symoffset " + symbolOffset, table.FileOffset + buckets);
            }
            // Walk the chain of the highest bucket to its end marker (low bit set), a window at a time.
            ulong chainStart = address + fixedSize + (ulong)(last - symbolOffset) * 4;
            ulong index = last;
            while (true)
            {
                if (!TryMapAddress(chainStart, out _, out ulong available) || available < 4)
                {
                    // Reported at the bucket array whose highest entry leads there.
                    ElfThrow.Format(what + " chain runs past its segment", table.FileOffset + buckets, chainStart);
                }
                ulong window = Math.Min(available & ~3UL, 1024);
                ElfBytes chain = ReadAddressedTable(chainStart, window, ElfSectionType.GnuHash, what, table.FileOffset + buckets);
                for (int i = 0; i < chain.Length; i += 4, index++)
                {
                    if ((chain.PeekUInt32(i) & 1) != 0)
                    {
                        return index + 1;
                    }
                }
                chainStart += window;
            }
        }

        private IReadOnlyList<ElfImport> ReadImports()
        {
            List<ElfImport>? imports = null;
            VisitImports((requirement, weak, nameOffset, nameLength, placeholder) =>
            {
                string name = placeholder ?? (nameLength == 0 ? "" : _dynamicStrings.PeekUtf8(nameOffset, nameLength));
                (imports ??= new List<ElfImport>(Math.Min(_symbolCount, 1024))).Add(new ElfImport(name, requirement, weak));
            });
            return imports ?? (IReadOnlyList<ElfImport>)Array.Empty<ElfImport>();
        }

        /// <summary>One undefined, named dynamic symbol, as <see cref="VisitImports"/> finds it.</summary>
        /// <param name="requirement">The version its .gnu.version entry names, or null (unversioned, or a version of the file's own).</param>
        /// <param name="weak">STB_WEAK.</param>
        /// <param name="nameOffset">Where its name starts in the dynamic string table (<see cref="DynamicStrings"/>).</param>
        /// <param name="nameLength">Its length in bytes, without the NUL.</param>
        /// <param name="placeholder">For a name that is not in the string table, the text that stands in for it (a warning says so); else null.</param>
        internal delegate void ImportVisitor(ElfVersionRequirement? requirement, bool weak, int nameOffset, int nameLength, string? placeholder);

        /// <summary>
        /// Walks the imports as <see cref="Imports"/> lists them, with the same checks and warnings, but hands out
        /// where each name lies instead of a string: a caller that keeps the names of some imports only (the
        /// versioned ones) decodes those alone.
        /// </summary>
        internal void VisitImports(ImportVisitor visit)
        {
            ThrowIfDisposed();
            LocateSymbolTables();
            if (_symbolCount == 0)
            {
                return;
            }
            ElfVersionRequirement?[] byIndex = IndexRequirements();
            int entrySize = SymbolSize;
            int shndxField = Header.Is64 ? 6 : 14, infoField = Header.Is64 ? 4 : 12;
            // A string table read in pages is measured in the order of its names, not of the symbols, so that each
            // page is read once: the imports are noted first, and visited, in symbol order, after.
            bool deferred = _dynamicStrings.IsPaged;
            int[] noted = deferred ? t_deferred ?? new int[4 * 1024] : Array.Empty<int>();
            t_deferred = null;
            int count = 0;
            // The tables are walked a window at a time through two small buffers: a library's symbol table is
            // mostly what it exports (46,000 entries in libLLVM), and none of it needs to stay in memory.
            int window = Math.Min(_symbolCount, SymbolWindow);
            ElfArena arena = _arena ??= ElfArena.Rent();
            byte[] symbolBuffer = arena.Take(window * entrySize, out int symbolStart);
            int versymStart = 0;
            byte[]? versymBuffer = _hasVersym ? arena.Take(window * 2, out versymStart) : null;
            for (int first = 0; first < _symbolCount; first += window)
            {
                int n = Math.Min(window, _symbolCount - first);
                ElfBytes symbols = ReadInto(_symbolsAt + (ulong)first * (ulong)entrySize, n * entrySize, symbolBuffer, symbolStart);
                ElfBytes versions = versymBuffer is null ? default : ReadInto(_versymAt + (ulong)first * 2, n * 2, versymBuffer, versymStart);
                for (int k = first == 0 ? 1 : 0; k < n; k++)
                {
                    int o = k * entrySize;
                    if (symbols.PeekUInt16Checked(o + shndxField) != 0)
                    {
                        continue; // defined here
                    }
                    uint nameIndex = symbols.PeekUInt32Checked(o);
                    if (nameIndex == 0)
                    {
                        continue;
                    }
                    int version = versymBuffer is null ? -1 : versions.PeekUInt16Checked(k * 2);
                    bool weak = symbols.PeekByteChecked(o + infoField) >> 4 == 2;
                    if (!deferred)
                    {
                        VisitImport(visit, byIndex, first + k, nameIndex, version, weak, Unmeasured);
                        continue;
                    }
                    if (count + 4 > noted.Length) Array.Resize(ref noted, noted.Length * 2);
                    noted[count] = first + k;
                    noted[count + 1] = unchecked((int)nameIndex);
                    noted[count + 2] = version;
                    noted[count + 3] = weak ? 1 : 0;
                    count += 4;
                }
            }
            if (deferred)
            {
                int imports = count / 4;
                int[] lengths = MeasureInNameOrder(noted, imports);
                for (int i = 0; i < imports; i++)
                {
                    int at = 4 * i;
                    VisitImport(visit, byIndex, noted[at], (uint)noted[at + 1], noted[at + 2], noted[at + 3] != 0, lengths[i]);
                }
                t_deferred = noted;
            }
        }

        private const int Unmeasured = -2;

        // Noted imports (symbol, name offset, versym entry, weak) and their name lengths, for a paged string table:
        // one set per thread, reused file after file.
        [ThreadStatic] private static int[]? t_deferred;
        [ThreadStatic] private static int[]? t_lengths;

        /// <summary>Each noted import's name length (-1: not a string of the table), measured in the order of the names.</summary>
        private int[] MeasureInNameOrder(int[] noted, int imports)
        {
            int[] lengths = t_lengths is int[] l && l.Length >= imports ? l : new int[Math.Max(1024, imports)];
            int[] order = ElfStringTable.ByOffset(noted, 4, 1, imports);
            for (int i = 0; i < imports; i++)
            {
                int e = order[i];
                uint nameIndex = (uint)noted[4 * e + 1];
                lengths[e] = nameIndex < (uint)_dynamicStrings.Length && _dynamicStrings.TryMeasureCString(nameIndex, out int length) ? length : -1;
            }
            t_lengths = lengths;
            return lengths;
        }

        /// <summary>
        /// One import: its name measured (unless <paramref name="measured"/> says already: a length, or -1 for none),
        /// a placeholder and a warning for a name that is not in the string table, its version looked up.
        /// </summary>
        private void VisitImport(ImportVisitor visit, ElfVersionRequirement?[] byIndex, int symbol, uint nameIndex, int versym, bool weak, int measured)
        {
            long symbolAt = (long)_symbolsAt + (long)symbol * SymbolSize;
            string? placeholder = null;
            int nameLength = 0;
            bool found = measured == Unmeasured
                ? nameIndex < (uint)_dynamicStrings.Length && _dynamicStrings.TryMeasureCString(nameIndex, out nameLength)
                : measured >= 0;
            if (!found)
            {
                placeholder = DynamicString(nameIndex, "st_name", symbolAt); // warns
            }
            else if (measured != Unmeasured)
            {
                nameLength = measured;
            }
            ElfVersionRequirement? requirement = null;
            if (versym >= 0)
            {
                var version = new VersionIndex((ushort)versym);
                if (version.IsVersioned)
                {
                    requirement = version.Index < byIndex.Length ? byIndex[version.Index] : null;
                    if (requirement is null && !DefinesVersion(version.Index))
                    {
                        string name = placeholder ?? _dynamicStrings.PeekUtf8((int)nameIndex, nameLength);
                        Warn("symbol " + name + " has version index " + version.Index + " that no verneed or verdef entry defines", (long)_versymAt + (long)symbol * 2);
                    }
                }
            }
            visit(requirement, weak, (int)nameIndex, nameLength, placeholder);
        }

        /// <summary>Symbols read at a time by <see cref="VisitImports"/> (48 KB of 64-bit entries).</summary>
        private const int SymbolWindow = 2048;

        private ElfVersionRequirement?[] IndexRequirements()
        {
            IReadOnlyList<ElfVersionNeed> needs = VersionNeeds;
            int max = 0;
            for (int i = 0; i < needs.Count; i++)
            {
                IReadOnlyList<ElfVersionRequirement> versions = needs[i].Versions;
                for (int j = 0; j < versions.Count; j++) max = Math.Max(max, versions[j].Index & 0x7fff);
            }
            var byIndex = new ElfVersionRequirement?[max + 1];
            for (int i = 0; i < needs.Count; i++)
            {
                IReadOnlyList<ElfVersionRequirement> versions = needs[i].Versions;
                for (int j = 0; j < versions.Count; j++) byIndex[versions[j].Index & 0x7fff] ??= versions[j];
            }
            return byIndex;
        }

        private bool DefinesVersion(ushort index)
        {
            foreach (ElfVersionDefinition d in VersionDefinitions)
            {
                if (d.Index == index) return true;
            }
            return false;
        }

        private IReadOnlyList<ElfSymbol> ReadSymbols()
        {
            LoadSymbolTables();
            bool is64 = Header.Is64;
            int entrySize = is64 ? 24 : 16;
            var symbols = new ElfSymbol[_symbolCount];
            for (int i = 0; i < symbols.Length; i++)
            {
                int o = i * entrySize;
                uint nameIndex = _symbolBytes.PeekUInt32(o);
                string name = nameIndex == 0 ? "" : DynamicString(nameIndex, "st_name", _symbolBytes.FileOffset + o);
                var version = new VersionIndex(i * 2 + 2 <= _versymBytes.Length ? _versymBytes.PeekUInt16(i * 2) : (ushort)1);
                symbols[i] = is64
                    ? new ElfSymbol(name, _symbolBytes.PeekUInt64(o + 8), _symbolBytes.PeekUInt64(o + 16), _symbolBytes.PeekByte(o + 4),
                        _symbolBytes.PeekByte(o + 5), _symbolBytes.PeekUInt16(o + 6), version)
                    : new ElfSymbol(name, _symbolBytes.PeekUInt32(o + 4), _symbolBytes.PeekUInt32(o + 8), _symbolBytes.PeekByte(o + 12),
                        _symbolBytes.PeekByte(o + 13), _symbolBytes.PeekUInt16(o + 14), version);
            }
            return symbols;
        }
    }
}
