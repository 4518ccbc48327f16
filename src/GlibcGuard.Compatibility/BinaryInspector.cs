using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using GlibcGuard.Elf;

namespace GlibcGuard.Compatibility
{
    /// <summary>Reads an ELF file into <see cref="BinaryFacts"/>. Never throws for bad input: damage becomes <see cref="BinaryFacts.Error"/>.</summary>
    internal static class BinaryInspector
    {
        /// <summary>Opens and reads the file at <paramref name="path"/>.</summary>
        public static BinaryFacts Inspect(string path, string? displayPath = null) => Inspect(() => ElfFile.Open(path), displayPath ?? path);

        /// <summary>Reads a source the inputs layer found (a file, a bundle entry, a package entry).</summary>
        public static BinaryFacts Inspect(Inputs.ElfInput source, ImportNameFilter? names = null)
        {
            // A folder's thousand files each come this way: no delegate between the source and the facts.
            var facts = new BinaryFacts { Path = source.Origin };
            if (source.Kind != Inputs.InputKind.File) names = names?.InContainers; // its bytes cannot be read again later
            ElfFile? elf = null;
            bool owns = false;
            try
            {
                elf = source.Open(out owns);
                Fill(elf, facts, names);
            }
            catch (Exception e) when (ErrorOf(e) is ReadError error)
            {
                facts.Error = error;
            }
            finally
            {
                if (owns) elf?.Dispose();
            }
            return facts;
        }

        /// <summary>Reads an ELF image held in memory.</summary>
        public static BinaryFacts Inspect(byte[] image, string displayPath, ImportNameFilter? names = null) => Inspect(() => ElfFile.Read(image), displayPath, names);

        private static BinaryFacts Inspect(Func<ElfFile> open, string displayPath, ImportNameFilter? names = null) =>
            Inspect(displayPath, fill => { using (ElfFile elf = open()) return fill(elf); }, names);

        private static BinaryFacts Inspect(string displayPath, Func<Func<ElfFile, bool>, bool> read, ImportNameFilter? names = null)
        {
            var facts = new BinaryFacts { Path = displayPath };
            try
            {
                read(elf =>
                {
                    Fill(elf, facts, names);
                    return true;
                });
            }
            catch (Exception e) when (ErrorOf(e) is ReadError error)
            {
                facts.Error = error;
            }
            return facts;
        }

        /// <summary>What a failed read means for the facts (GG0001, GG0002), or null for an exception that is a bug, not the input's.</summary>
        private static ReadError? ErrorOf(Exception e) =>
            e is ElfFormatException format ? new ReadError { Code = DiagnosticId.MalformedElf, Message = format.Reason, Offset = format.Offset >= 0 ? format.Offset : (long?)null }
            : e is IOException || e is UnauthorizedAccessException || e is NotSupportedException ? new ReadError { Code = DiagnosticId.UnreadableFile, Message = e.Message }
            : null;

        /// <summary>
        /// Fills <paramref name="facts"/> from an open file, most basic facts first, so that a file damaged
        /// late still reports what could be read. Throws <see cref="ElfFormatException"/> at the first damage.
        /// With <paramref name="names"/>, each need keeps the names of its symbols that filter keeps; else all.
        /// </summary>
        public static void Fill(ElfFile elf, BinaryFacts facts, ImportNameFilter? names = null)
        {
            try
            {
                FillCore(elf, facts, names);
            }
            finally
            {
                IReadOnlyList<ElfWarning> warnings = elf.Warnings;
                for (int i = 0; i < warnings.Count; i++)
                {
                    facts.Warnings.Add(warnings[i].ToString());
                }
            }
        }

        // Where a file's versioned imports are noted while the symbol table is walked (need, name offset, length),
        // and how many names and bytes each need gets: one of each per thread, reused file after file.
        [ThreadStatic] private static int[]? t_imports;
        [ThreadStatic] private static int[]? t_counts, t_places;
        [ThreadStatic] private static byte[]? t_name;

        // Marks a noted import whose need keeps listed names only, until its name is looked at.
        private const int ListedOnly = 1 << 16;

        /// <summary>
        /// Gives each need of <paramref name="byIndex"/> the names of the symbols bound to it, in symbol-table order
        /// (those <paramref name="kept"/> says to keep): all of the file's names in one array of bytes and one of ends,
        /// each need's list a range of them.
        /// </summary>
        private static void NameImports(ElfFile elf, VersionNeedFacts?[] byIndex, NamesKept[] kept, string?[] libraries, int needs, ImportNameFilter? filter)
        {
            int[] noted = t_imports ?? new int[3 * 128];
            t_imports = null; // a visit on this thread during the walk (none today) would start its own
            int count = 0;
            bool anyListed = false;
            List<(int At, string Name)>? placeholders = null;
            elf.VisitImports((index, weak, nameOffset, nameLength, placeholder) =>
            {
                if (index < 0 || index >= needs || byIndex[index] is null)
                {
                    return;
                }
                NamesKept keep = kept[index];
                if (keep == NamesKept.None) return;
                if (keep == NamesKept.Listed)
                {
                    if (placeholder != null || nameLength > filter!.LongestListed) return; // never a listed name
                    anyListed = true;
                }
                if (count + 3 > noted.Length) Array.Resize(ref noted, noted.Length * 2);
                if (placeholder != null) (placeholders ??= new List<(int, string)>()).Add((count, placeholder));
                noted[count] = keep == NamesKept.Listed ? index | ListedOnly : index;
                noted[count + 1] = nameOffset;
                noted[count + 2] = placeholder is null ? nameLength : -1;
                count += 3;
            });
            ElfStringTable strings = elf.DynamicStrings;
            int imports = count / 3;
            // A table read in pages is read from in the order of its names, so that each page is read once: the order
            // is found once (the offsets do not change below; only a need's number does).
            int[]? byOffset = count > 0 && strings.IsPaged ? ElfStringTable.ByOffset(noted, 3, 1, imports) : null;
            if (anyListed)
            {
                // A name kept only if listed is looked at now.
                byte[] name = t_name is byte[] spare && spare.Length >= filter!.LongestListed ? spare : new byte[Math.Max(64, filter!.LongestListed)];
                t_name = null;
                for (int i = 0; i < imports; i++)
                {
                    int e = byOffset is null ? i : byOffset[i];
                    int index = noted[3 * e];
                    if ((index & ListedOnly) == 0) continue;
                    index &= ~ListedOnly;
                    int length = noted[3 * e + 2];
                    strings.CopyTo(noted[3 * e + 1], length, name, 0);
                    noted[3 * e] = filter.IsListed(libraries[index]!, name, 0, length) ? index : -1;
                }
                t_name = name;
            }
            if (count > 0)
            {
                // [index]: names; [needs + index]: bytes.
                int[] counts = t_counts is int[] spare && spare.Length >= 2 * needs ? spare : new int[Math.Max(64, 2 * needs)];
                t_counts = null;
                Array.Clear(counts, 0, 2 * needs);
                int p = 0, allNames = 0, allBytes = 0;
                for (int i = 0; i < count; i += 3)
                {
                    if (noted[i] < 0) continue; // a name not listed after all
                    int length = noted[i + 2] >= 0 ? noted[i + 2] : Encoding.UTF8.GetByteCount(placeholders![p++].Name);
                    counts[noted[i]]++;
                    counts[needs + noted[i]] += length;
                    allNames++;
                    allBytes += length;
                }
                if (allNames > 0)
                {
                    var bytes = new byte[allBytes];
                    var ends = new int[allNames];
                    // Where each need's names go: [index] the next name's place in ends, [needs + index] the next byte.
                    for (int index = 0, first = 0, byteStart = 0; index < needs; index++)
                    {
                        int names = counts[index], length = counts[needs + index];
                        if (names == 0) continue;
                        byIndex[index]!.Symbols = SymbolNames.Within(bytes, byteStart, ends, first, names);
                        counts[index] = first;
                        counts[needs + index] = byteStart;
                        first += names;
                        byteStart += length;
                    }
                    // Each name's place, in symbol order (the order of each need's list); a placeholder is written now.
                    int[] places = t_places is int[] spare2 && spare2.Length >= imports ? spare2 : new int[Math.Max(128, imports)];
                    t_places = null;
                    p = 0;
                    for (int e = 0; e < imports; e++)
                    {
                        int index = noted[3 * e], length = noted[3 * e + 2];
                        if (index < 0) continue;
                        int at = counts[needs + index];
                        if (length < 0)
                        {
                            string placeholder = placeholders![p++].Name;
                            length = Encoding.UTF8.GetBytes(placeholder, 0, placeholder.Length, bytes, at);
                        }
                        places[e] = at;
                        ends[counts[index]++] = at + length;
                        counts[needs + index] = at + length;
                    }
                    for (int i = 0; i < imports; i++)
                    {
                        int e = byOffset is null ? i : byOffset[i];
                        if (noted[3 * e] >= 0 && noted[3 * e + 2] >= 0) strings.CopyTo(noted[3 * e + 1], noted[3 * e + 2], bytes, places[e]);
                    }
                    t_places = places;
                }
                t_counts = counts;
            }
            t_imports = noted;
        }

        // Each versym index's first requirement while a file is read: one per thread, cleared after each file.
        [ThreadStatic] private static VersionNeedFacts?[]? t_byIndex;

        // Each versym index's names to keep, and its library's soname, while a file is read: one per thread.
        [ThreadStatic] private static NamesKept[]? t_kept;
        [ThreadStatic] private static string?[]? t_libraries;

        private static void FillCore(ElfFile elf, BinaryFacts facts, ImportNameFilter? filter)
        {
            ElfHeader h = elf.Header;
            facts.Size = elf.Length;
            facts.Class = h.Is64 ? 64 : 32;
            facts.Endianness = h.IsBigEndian ? ByteOrder.Big : ByteOrder.Little;
            facts.Machine = Architecture.Of(h);
            facts.ExecStack = elf.HasExecutableStack;
            facts.Interpreter = elf.Interpreter;
            ElfDynamicInfo? dynamic = elf.Dynamic;
            facts.Type = CLibraries.KindOf(elf);
            Linkage linkage = CLibraries.LinkageOf(elf);
            facts.Linkage = linkage;
            if (dynamic != null)
            {
                // The reader makes these lists for the caller to keep (nothing else holds them once the file is closed).
                if (dynamic.Needed.Count > 0) facts.Needed = dynamic.Needed as List<string> ?? new List<string>(dynamic.Needed);
                facts.Soname = dynamic.SharedObjectName;
                facts.Rpath = dynamic.RPath;
                facts.Runpath = dynamic.RunPath;
                IReadOnlyList<string> flags = dynamic.FlagNames;
                if (flags.Count > 0) facts.DynamicFlags = flags as List<string> ?? new List<string>(flags);
            }

            // Each versym index names its first requirement (as the reader binds imports); the names of the symbols
            // bound to it are kept as bytes, decoded only if a finding or report shows them.
            ElfVersionNeedTable table = elf.VersionNeedTable;
            IReadOnlyList<string> files = table.Files;
            IReadOnlyList<ElfVersionNeedRecord> records = table.Records;
            int maxIndex = 0;
            for (int i = 0; i < records.Count; i++) maxIndex = Math.Max(maxIndex, records[i].Index & 0x7fff);
            int needs = maxIndex + 1;
            VersionNeedFacts?[] byIndex = t_byIndex is VersionNeedFacts?[] spare && spare.Length >= needs ? spare : new VersionNeedFacts?[Math.Max(64, needs)];
            t_byIndex = null;
            NamesKept[] kept = t_kept is NamesKept[] spareKept && spareKept.Length >= needs ? spareKept : new NamesKept[byIndex.Length];
            string?[] libraries = t_libraries is string?[] spareLibraries && spareLibraries.Length >= needs ? spareLibraries : new string?[byIndex.Length];
            t_kept = null;
            t_libraries = null;
            if (files.Count > 0) facts.VersionNeeds = new List<LibraryVersionNeeds>(files.Count);
            for (int n = 0, r = 0; n < files.Count; n++)
            {
                string file = files[n];
                int first = r;
                while (r < records.Count && records[r].Need == n) r++;
                var library = new LibraryVersionNeeds { Library = file, Versions = new List<VersionNeedFacts>(r - first) };
                for (int j = first; j < r; j++)
                {
                    ElfVersionNeedRecord e = records[j];
                    var version = new VersionNeedFacts { Name = e.Name, Weak = e.IsWeak, Index = e.Index, NodeId = VersionNode.IdOf(e.Name) };
                    int index = e.Index & 0x7fff;
                    if (byIndex[index] is null)
                    {
                        byIndex[index] = version;
                        kept[index] = filter?.For(facts.Machine, file, e.Name, version.NodeId, e.IsWeak) ?? NamesKept.All;
                        if (kept[index] != NamesKept.All && !CLibraries.IsGlibcPart(file))
                        {
                            version.NamesFiltered = true; // a copy beside the file may lack the version: see ImportNameFilter.Restore
                            facts.HasFilteredNames = true;
                        }
                        libraries[index] = file;
                    }
                    library.Versions.Add(version);
                }
                facts.VersionNeeds.Add(library);
            }
            try
            {
                NameImports(elf, byIndex, kept, libraries, needs, filter);
            }
            finally
            {
                Array.Clear(byIndex, 0, needs);
                Array.Clear(libraries, 0, needs);
                t_byIndex = byIndex;
                t_kept = kept;
                t_libraries = libraries;
            }
            IReadOnlyList<ElfVersionDefinitionRecord> definitions = elf.VersionDefinitionRecords;
            if (definitions.Count > 1) facts.VersionDefinitions = new List<string>(definitions.Count - 1);
            for (int i = 0; i < definitions.Count; i++)
            {
                if (!definitions[i].IsBase)
                {
                    facts.VersionDefinitions.Add(definitions[i].Name);
                }
            }

            facts.AbiTagKernel = elf.AbiTagKernel;
            facts.BuildId = elf.BuildId;
            if (elf.X86IsaNeeded is uint isa)
            {
                facts.X86IsaNeeded = (X86IsaLevel)ElfFile.X86IsaLevel(isa);
            }
            // Go and NativeAOT are facts about linked programs and libraries, not about object files.
            bool linked = h.Type == ElfType.Executable || h.Type == ElfType.SharedObject;
            if (linked && elf.Go is GoBuildInfo go)
            {
                var goFacts = new GoFacts { Version = go.GoVersion, Module = go.MainModule ?? go.Path, Cgo = go.CgoEnabled };
                foreach (KeyValuePair<string, string> s in go.Settings)
                {
                    goFacts.Settings[s.Key] = s.Value;
                }
                facts.Go = goFacts;
            }
            facts.NativeAot = linked && elf.HasSection("__managedcode");
            facts.Libc = CLibraries.Classify(elf, linkage);
            if (linkage == Linkage.Static || linkage == Linkage.StaticPie)
            {
                facts.LibcEvidence = CLibraries.StaticEvidence(elf, facts.Libc.Value);
                if (facts.Libc == LibcKind.StaticGlibc)
                {
                    CLibraries.StaticGlibcLoads(elf, facts.StaticLoads);
                }
                else if (facts.Libc == LibcKind.StaticMusl)
                {
                    CLibraries.StaticMuslLookups(elf, facts.StaticLoads);
                }
            }
        }
    }
}
