using System;
using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    // Imports: each undefined dynamic symbol with the version node and library its .gnu.version entry names.
    partial class ElfFile
    {
        private IReadOnlyList<ElfImport>? _lazyImports;

        /// <summary>
        /// Every undefined, named dynamic symbol with the version and library its .gnu.version entry names:
        /// "__libc_start_main@GLIBC_2.34 from libc.so.6". Allocates one object per import, nothing per defined symbol.
        /// </summary>
        /// <exception cref="ElfFormatException">The symbol or version tables are damaged.</exception>
        public IReadOnlyList<ElfImport> Imports => _lazyImports ??= ReadImports();

        private IReadOnlyList<ElfImport> ReadImports()
        {
            List<ElfImport>? imports = null;
            // Each version index's first requirement, as the loader binds a symbol to it.
            IReadOnlyList<ElfVersionNeed> needs = VersionNeeds;
            var byIndex = new Dictionary<int, ElfVersionRequirement>();
            foreach (ElfVersionNeed need in needs)
            {
                foreach (ElfVersionRequirement r in need.Versions)
                {
                    if (!byIndex.ContainsKey(r.Index & 0x7fff)) byIndex[r.Index & 0x7fff] = r;
                }
            }
            VisitImports((versionIndex, weak, nameOffset, nameLength, placeholder) =>
            {
                string name = placeholder ?? (nameLength == 0 ? "" : _dynamicStrings.PeekUtf8(nameOffset, nameLength));
                ElfVersionRequirement? requirement = versionIndex >= 0 ? byIndex[versionIndex] : null;
                (imports ??= new List<ElfImport>(Math.Min(_symbolCount, 1024))).Add(new ElfImport(name, requirement, weak));
            });
            return imports ?? (IReadOnlyList<ElfImport>)Array.Empty<ElfImport>();
        }

        /// <summary>One undefined, named dynamic symbol, as <see cref="VisitImports"/> finds it.</summary>
        /// <param name="versionIndex">
        /// The version index (without the hidden bit) of the vernaux entry its .gnu.version entry names, whose first
        /// entry in <see cref="VersionNeedTable"/> is the version it is bound to; -1 when unversioned, or a version of the file's own.
        /// </param>
        /// <param name="weak">STB_WEAK.</param>
        /// <param name="nameOffset">Where its name starts in the dynamic string table (<see cref="DynamicStrings"/>).</param>
        /// <param name="nameLength">Its length in bytes, without the NUL.</param>
        /// <param name="placeholder">For a name that is not in the string table, the text that stands in for it (a warning says so); else null.</param>
        internal delegate void ImportVisitor(int versionIndex, bool weak, int nameOffset, int nameLength, string? placeholder);

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
            bool[] needed = NeededIndexes();
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
            // (A small file's tables are read in place, where its source holds them: no buffer at all.)
            byte[]? symbolBuffer = null, versymBuffer = null;
            int symbolStart = 0, versymStart = 0;
            for (int first = 0; first < _symbolCount; first += window)
            {
                int n = Math.Min(window, _symbolCount - first);
                ElfBytes symbols = ReadWindow(_symbolsAt + (ulong)first * (ulong)entrySize, n * entrySize, window * entrySize, ref symbolBuffer, ref symbolStart);
                ElfBytes versions = !_hasVersym ? default : ReadWindow(_versymAt + (ulong)first * 2, n * 2, window * 2, ref versymBuffer, ref versymStart);
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
                    int version = !_hasVersym ? -1 : versions.PeekUInt16Checked(k * 2);
                    bool weak = symbols.PeekByteChecked(o + infoField) >> 4 == 2;
                    if (!deferred)
                    {
                        VisitImport(visit, needed, first + k, nameIndex, version, weak, Unmeasured);
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
                    VisitImport(visit, needed, noted[at], (uint)noted[at + 1], noted[at + 2], noted[at + 3] != 0, lengths[i]);
                }
                t_deferred = noted;
            }
            GiveBack(needed);
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
        private void VisitImport(ImportVisitor visit, bool[] needed, int symbol, uint nameIndex, int versym, bool weak, int measured)
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
            int requirement = -1;
            if (versym >= 0)
            {
                var version = new VersionIndex((ushort)versym);
                if (version.IsVersioned)
                {
                    requirement = version.Index < needed.Length && needed[version.Index] ? version.Index : -1;
                    if (requirement < 0 && !DefinesVersion(version.Index))
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

        // Which version indexes a vernaux entry names, while one file's imports are walked: one array per thread.
        [ThreadStatic] private static bool[]? t_needed;

        private bool[] NeededIndexes()
        {
            IReadOnlyList<ElfVersionNeedRecord> records = VersionNeedTable.Records;
            int max = 0;
            for (int i = 0; i < records.Count; i++) max = Math.Max(max, records[i].Index & 0x7fff);
            // The spare is all false: each walk sets its file's indexes and clears them again when it is done.
            bool[] needed = t_needed is bool[] spare && spare.Length > max ? spare : new bool[Math.Max(64, max + 1)];
            t_needed = null;
            for (int i = 0; i < records.Count; i++) needed[records[i].Index & 0x7fff] = true;
            return needed;
        }

        private void GiveBack(bool[] needed)
        {
            IReadOnlyList<ElfVersionNeedRecord> records = VersionNeedTable.Records;
            for (int i = 0; i < records.Count; i++) needed[records[i].Index & 0x7fff] = false;
            t_needed = needed;
        }

        private bool DefinesVersion(ushort index)
        {
            IReadOnlyList<ElfVersionDefinitionRecord> definitions = VersionDefinitionRecords;
            for (int i = 0; i < definitions.Count; i++)
            {
                if (definitions[i].Index == index) return true;
            }
            return false;
        }
    }
}
