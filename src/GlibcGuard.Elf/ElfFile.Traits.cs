using System;
using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    partial class ElfFile
    {
        /// <summary>
        /// True for a position-independent executable: ET_DYN with DF_1_PIE; without that flag, ET_DYN with an
        /// interpreter and no DT_SONAME (older linkers set no DF_1_PIE). A shared library that also has PT_INTERP
        /// (glibc's libc.so.6, Android libraries) names itself with DT_SONAME and stays a shared library.
        /// </summary>
        public bool IsPie =>
            Header.Type == ElfType.SharedObject &&
            (((Dynamic?.Flags1 ?? 0) & ElfDynamicInfo.DF_1_PIE) != 0 || (Interpreter != null && Dynamic?.SharedObjectName == null));

        /// <summary>
        /// True when the symbol table (.symtab, which only unstripped files keep) names <paramref name="symbol"/>:
        /// a cheap test on the string table's bytes, no symbol is decoded.
        /// </summary>
        public bool SymbolTableNames(string symbol) => SymbolTableNames(new[] { symbol })[0];

        /// <summary>
        /// For each of <paramref name="symbols"/>, whether the symbol table (.symtab) names it; all false for a stripped
        /// file. The string table is read once.
        /// </summary>
        public bool[] SymbolTableNames(string[] symbols)
        {
            var found = new bool[symbols.Length];
            ElfSectionHeader[] sections = SectionsOrEmpty();
            foreach (ElfSectionHeader symtab in sections)
            {
                if (symtab.Type != ElfSectionType.SymbolTable || symtab.Link >= sections.Length)
                {
                    continue;
                }
                ElfSectionHeader strtab = sections[(int)symtab.Link];
                if (strtab.Type != ElfSectionType.StringTable || strtab.Size > MaxTableSize)
                {
                    continue;
                }
                ElfBytes names = ReadRange(strtab.Offset, strtab.Size, "symbol name table");
                var wanted = new List<int>();
                for (int i = 0; i < symbols.Length; i++)
                {
                    // A name that is not in the table's bytes at all is not named (the cheap, usual answer). One that
                    // is may be the tail of a longer name (linkers share tails: "getpwuid_r" inside "mygetpwuid_r"),
                    // so then the symbols' own name offsets decide.
                    if (names.IndexOf(System.Text.Encoding.ASCII.GetBytes(symbols[i] + "\0"), 0) >= 0) wanted.Add(i);
                }
                if (wanted.Count > 0 && symtab.EntrySize >= 4 && symtab.Size <= MaxTableSize)
                {
                    ElfBytes entries = ReadRange(symtab.Offset, symtab.Size, "symbol table");
                    int size = (int)symtab.EntrySize;
                    var ascii = new byte[wanted.Count][];
                    for (int w = 0; w < wanted.Count; w++) ascii[w] = System.Text.Encoding.ASCII.GetBytes(symbols[wanted[w]]);
                    for (int at = 0; at + size <= entries.Length; at += size)
                    {
                        uint name = entries.PeekUInt32(at); // st_name comes first in both ELF classes
                        for (int w = 0; w < wanted.Count; w++)
                        {
                            if (!found[wanted[w]] && names.CStringEquals(name, ascii[w])) found[wanted[w]] = true;
                        }
                    }
                }
                break;
            }
            return found;
        }

        /// <summary>
        /// For each of <paramref name="needles"/>, whether the bytes of the section named <paramref name="sectionName"/>
        /// (.rodata: the literals a stripped file still holds) contain it; all false when there is no such section or it
        /// holds no file bytes. Read a window at a time, and no further once every needle is found; used for static
        /// files only.
        /// </summary>
        public bool[] SectionContains(string sectionName, string[] needles)
        {
            var found = new bool[needles.Length];
            if (!(FindNamedSectionOrNull(sectionName) is ElfSectionHeader section) || section.Type == ElfSectionType.NoBits || section.Size == 0)
            {
                return found;
            }
            var patterns = new byte[needles.Length][];
            int longest = 1;
            for (int i = 0; i < needles.Length; i++)
            {
                patterns[i] = System.Text.Encoding.ASCII.GetBytes(needles[i]);
                longest = Math.Max(longest, patterns[i].Length);
            }
            const int Window = 256 * 1024;
            ulong end = Math.Min(section.Size, (ulong)MaxTableSize);
            int left = needles.Length;
            // Windows overlap by a needle's length less one, so a needle across two windows is still seen whole.
            for (ulong at = 0; at < end && left > 0; at += (ulong)(Window - (longest - 1)))
            {
                ulong size = Math.Min((ulong)Window, end - at);
                ElfBytes bytes = ReadRange(section.Offset + at, size, sectionName + " section");
                for (int i = 0; i < patterns.Length; i++)
                {
                    if (!found[i] && bytes.IndexOf(patterns[i], 0) >= 0)
                    {
                        found[i] = true;
                        left--;
                    }
                }
                if (size < (ulong)Window) break;
            }
            return found;
        }
    }
}
