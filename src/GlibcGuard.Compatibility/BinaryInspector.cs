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
        public static BinaryFacts Inspect(Inputs.ElfInput source) => Inspect(source.Origin, source.Read<bool>);

        /// <summary>Reads an ELF image held in memory.</summary>
        public static BinaryFacts Inspect(byte[] image, string displayPath) => Inspect(() => ElfFile.Read(image), displayPath);

        private static BinaryFacts Inspect(Func<ElfFile> open, string displayPath) =>
            Inspect(displayPath, fill => { using (ElfFile elf = open()) return fill(elf); });

        private static BinaryFacts Inspect(string displayPath, Func<Func<ElfFile, bool>, bool> read)
        {
            var facts = new BinaryFacts { Path = displayPath };
            try
            {
                read(elf =>
                {
                    Fill(elf, facts);
                    return true;
                });
            }
            catch (ElfFormatException e)
            {
                facts.Error = new ReadError { Code = DiagnosticId.MalformedElf, Message = e.Reason, Offset = e.Offset >= 0 ? e.Offset : (long?)null };
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                facts.Error = new ReadError { Code = DiagnosticId.UnreadableFile, Message = e.Message };
            }
            return facts;
        }

        /// <summary>
        /// Fills <paramref name="facts"/> from an open file, most basic facts first, so that a file damaged
        /// late still reports what could be read. Throws <see cref="ElfFormatException"/> at the first damage.
        /// </summary>
        public static void Fill(ElfFile elf, BinaryFacts facts)
        {
            try
            {
                FillCore(elf, facts);
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

        /// <summary>
        /// Gives each need of <paramref name="byIndex"/> the names of the symbols bound to it, in symbol-table order:
        /// all of the file's names in one array of bytes and one of ends, each need's list a range of them.
        /// </summary>
        private static void NameImports(ElfFile elf, VersionNeedFacts?[] byIndex, int needs)
        {
            int[] noted = t_imports ?? new int[3 * 128];
            t_imports = null; // a visit on this thread during the walk (none today) would start its own
            int count = 0;
            List<(int At, string Name)>? placeholders = null;
            elf.VisitImports((requirement, weak, nameOffset, nameLength, placeholder) =>
            {
                if (requirement is null || (requirement.Index & 0x7fff) >= needs || byIndex[requirement.Index & 0x7fff] is null)
                {
                    return;
                }
                if (count + 3 > noted.Length) Array.Resize(ref noted, noted.Length * 2);
                if (placeholder != null) (placeholders ??= new List<(int, string)>()).Add((count, placeholder));
                noted[count] = requirement.Index & 0x7fff;
                noted[count + 1] = nameOffset;
                noted[count + 2] = placeholder is null ? nameLength : -1;
                count += 3;
            });
            if (count > 0)
            {
                // [index]: names; [needs + index]: bytes.
                int[] counts = t_counts is int[] spare && spare.Length >= 2 * needs ? spare : new int[Math.Max(64, 2 * needs)];
                t_counts = null;
                Array.Clear(counts, 0, 2 * needs);
                int p = 0, allNames = 0, allBytes = 0;
                for (int i = 0; i < count; i += 3)
                {
                    int length = noted[i + 2] >= 0 ? noted[i + 2] : Encoding.UTF8.GetByteCount(placeholders![p++].Name);
                    counts[noted[i]]++;
                    counts[needs + noted[i]] += length;
                    allNames++;
                    allBytes += length;
                }
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
                int imports = count / 3;
                int[] places = t_places is int[] spare2 && spare2.Length >= imports ? spare2 : new int[Math.Max(128, imports)];
                t_places = null;
                p = 0;
                for (int e = 0; e < imports; e++)
                {
                    int index = noted[3 * e], length = noted[3 * e + 2];
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
                t_counts = counts;
                ElfStringTable strings = elf.DynamicStrings;
                // A table read in pages is copied from in the order of its names: each page is read once.
                int[]? order = strings.IsPaged ? ElfStringTable.ByOffset(noted, 3, 1, imports) : null;
                for (int i = 0; i < imports; i++)
                {
                    int e = order is null ? i : order[i];
                    if (noted[3 * e + 2] >= 0) strings.CopyTo(noted[3 * e + 1], noted[3 * e + 2], bytes, places[e]);
                }
                t_places = places;
            }
            t_imports = noted;
        }

        // Each versym index's first requirement while a file is read: one per thread, cleared after each file.
        [ThreadStatic] private static VersionNeedFacts?[]? t_byIndex;

        private static void FillCore(ElfFile elf, BinaryFacts facts)
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
                if (dynamic.Needed.Count > 0) facts.Needed = new List<string>(dynamic.Needed);
                facts.Soname = dynamic.SharedObjectName;
                facts.Rpath = dynamic.RPath;
                facts.Runpath = dynamic.RunPath;
                IReadOnlyList<string> flags = dynamic.FlagNames;
                if (flags.Count > 0) facts.DynamicFlags = new List<string>(flags);
            }

            // Each versym index names its first requirement (as the reader binds imports); the names of the symbols
            // bound to it are kept as bytes, decoded only if a finding or report shows them.
            IReadOnlyList<ElfVersionNeed> elfNeeds = elf.VersionNeeds;
            int maxIndex = 0;
            for (int i = 0; i < elfNeeds.Count; i++)
            {
                IReadOnlyList<ElfVersionRequirement> versions = elfNeeds[i].Versions;
                for (int j = 0; j < versions.Count; j++) maxIndex = Math.Max(maxIndex, versions[j].Index & 0x7fff);
            }
            int needs = maxIndex + 1;
            VersionNeedFacts?[] byIndex = t_byIndex is VersionNeedFacts?[] spare && spare.Length >= needs ? spare : new VersionNeedFacts?[Math.Max(64, needs)];
            t_byIndex = null;
            if (elfNeeds.Count > 0) facts.VersionNeeds = new List<LibraryVersionNeeds>(elfNeeds.Count);
            for (int i = 0; i < elfNeeds.Count; i++)
            {
                ElfVersionNeed need = elfNeeds[i];
                IReadOnlyList<ElfVersionRequirement> versions = need.Versions;
                var library = new LibraryVersionNeeds { Library = need.File, Versions = new List<VersionNeedFacts>(versions.Count) };
                for (int j = 0; j < versions.Count; j++)
                {
                    ElfVersionRequirement r = versions[j];
                    var version = new VersionNeedFacts { Name = r.Name, Weak = r.IsWeak, Index = r.Index, NodeId = VersionNode.IdOf(r.Name) };
                    byIndex[r.Index & 0x7fff] ??= version;
                    library.Versions.Add(version);
                }
                facts.VersionNeeds.Add(library);
            }
            try
            {
                NameImports(elf, byIndex, needs);
            }
            finally
            {
                Array.Clear(byIndex, 0, needs);
                t_byIndex = byIndex;
            }
            IReadOnlyList<ElfVersionDefinition> definitions = elf.VersionDefinitions;
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
