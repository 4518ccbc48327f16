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
        public bool SymbolTableNames(string symbol)
        {
            byte[] needle = System.Text.Encoding.ASCII.GetBytes("\0" + symbol + "\0");
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
                return names.IndexOf(needle, 0) >= 0;
            }
            return false;
        }
    }
}
