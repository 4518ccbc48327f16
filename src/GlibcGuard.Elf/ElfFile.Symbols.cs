using System;
using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    // The dynamic symbol table: where it is (.dynsym, else DT_SYMTAB with its size from DT_HASH or DT_GNU_HASH),
    // read once, and its entries.
    partial class ElfFile
    {
        private IReadOnlyList<ElfSymbol>? _lazySymbols;
        private bool _symbolTablesLocated, _symbolTablesRead;
        private ElfBytes _symbolBytes, _versymBytes;
        private int _symbolCount;
        private ulong _symbolsAt, _versymAt;
        private bool _hasVersym;

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
