using System;
using System.Collections.Generic;
using System.IO;
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
                foreach (ElfWarning w in elf.Warnings)
                {
                    facts.Warnings.Add(w.ToString());
                }
            }
        }

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
                facts.Needed.AddRange(dynamic.Needed);
                facts.Soname = dynamic.SharedObjectName;
                facts.Rpath = dynamic.RPath;
                facts.Runpath = dynamic.RunPath;
                facts.DynamicFlags.AddRange(dynamic.FlagNames);
            }

            // Each versym index names its first requirement (as the reader binds imports); the names of the symbols
            // bound to it are copied as bytes, decoded only if a finding or report shows them.
            var byIndex = new VersionNeedFacts?[1];
            var names = new List<string>();
            foreach (ElfVersionNeed need in elf.VersionNeeds)
            {
                var library = new LibraryVersionNeeds { Library = need.File };
                foreach (ElfVersionRequirement r in need.Versions)
                {
                    var version = new VersionNeedFacts { Name = r.Name, Weak = r.IsWeak, Index = r.Index, NodeId = VersionNode.IdOf(r.Name) };
                    int index = r.Index & 0x7fff;
                    if (index >= byIndex.Length) Array.Resize(ref byIndex, index + 1);
                    byIndex[index] ??= version;
                    library.Versions.Add(version);
                    names.Add(r.Name);
                }
                facts.VersionNeeds.Add(library);
            }
            facts.MaxVersions = VersionNode.MaxByFamily(names);
            ElfStringTable strings = elf.DynamicStrings;
            elf.VisitImports((requirement, weak, nameOffset, nameLength, placeholder) =>
            {
                if (requirement is null || byIndex[requirement.Index & 0x7fff] is not VersionNeedFacts v)
                {
                    return;
                }
                if (placeholder != null)
                {
                    v.Symbols.Add(placeholder);
                    return;
                }
                SymbolNames.Slot slot = v.Symbols.Append(nameLength);
                strings.CopyTo(nameOffset, nameLength, slot.Array, slot.Index);
            });
            foreach (ElfVersionDefinition d in elf.VersionDefinitions)
            {
                if (!d.IsBase)
                {
                    facts.VersionDefinitions.Add(d.Name);
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
        }
    }
}
