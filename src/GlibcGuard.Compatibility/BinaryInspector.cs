using System;
using System.Collections.Generic;
using System.IO;
using GlibcGuard.Elf;

namespace GlibcGuard.Compatibility
{
    /// <summary>Reads an ELF file into <see cref="BinaryFacts"/>. Never throws for bad input: damage becomes <see cref="BinaryFacts.Error"/>.</summary>
    public static class BinaryInspector
    {
        /// <summary>Opens and reads the file at <paramref name="path"/>.</summary>
        public static BinaryFacts Inspect(string path, string? displayPath = null) => Inspect(() => ElfFile.Open(path), displayPath ?? path);

        /// <summary>
        /// Opens and reads the file when it starts with the ELF magic; null when it does not (one open either way).
        /// An I/O failure is a fact with an error, as for <see cref="Inspect(string, string)"/>.
        /// </summary>
        public static BinaryFacts? InspectIfElf(string path)
        {
            ElfFile? elf;
            try
            {
                elf = ElfFile.TryOpen(path);
            }
            catch (ElfFormatException)
            {
                return Inspect(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                return Inspect(path);
            }
            if (elf is null)
            {
                return null;
            }
            ElfFile opened = elf;
            return Inspect(() => opened, path);
        }

        /// <summary>Reads an ELF image held in memory (an entry of a bundle or package).</summary>
        public static BinaryFacts Inspect(byte[] image, string displayPath) => Inspect(() => ElfFile.Read(image), displayPath);

        /// <summary>Reads an ELF image held in the first <paramref name="length"/> bytes of a (reused) buffer.</summary>
        public static BinaryFacts Inspect(byte[] image, int length, string displayPath) => Inspect(() => ElfFile.Read(image, 0, length), displayPath);

        private static BinaryFacts Inspect(Func<ElfFile> open, string displayPath)
        {
            var facts = new BinaryFacts { Path = displayPath };
            try
            {
                using (ElfFile elf = open())
                {
                    Fill(elf, facts);
                }
            }
            catch (ElfFormatException e)
            {
                facts.Error = new ReadError { Code = DiagnosticId.MalformedElf.AsString(), Message = e.Reason, Offset = e.Offset >= 0 ? e.Offset : (long?)null };
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                facts.Error = new ReadError { Code = DiagnosticId.UnreadableFile.AsString(), Message = e.Message };
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
            facts.Endianness = h.IsBigEndian ? "big" : "little";
            facts.Machine = ElfNames.Machine(h.Machine, h.Class, h.IsBigEndian);
            facts.ExecStack = elf.HasExecutableStack;
            facts.Interpreter = elf.Interpreter;
            ElfDynamicInfo? dynamic = elf.Dynamic;
            facts.Type = ElfNames.ObjectType(h.Type, elf.IsPie);
            facts.Linkage = elf.Linkage;
            if (dynamic != null)
            {
                facts.Needed.AddRange(dynamic.Needed);
                facts.Soname = dynamic.SharedObjectName;
                facts.Rpath = dynamic.RPath;
                facts.Runpath = dynamic.RunPath;
                facts.DynamicFlags.AddRange(dynamic.FlagNames);
            }

            var byRequirement = new Dictionary<ElfVersionRequirement, VersionNeedFacts>();
            var names = new List<string>();
            foreach (ElfVersionNeed need in elf.VersionNeeds)
            {
                var library = new LibraryVersionNeeds { Library = need.File };
                foreach (ElfVersionRequirement r in need.Versions)
                {
                    var version = new VersionNeedFacts { Name = r.Name, Weak = r.IsWeak, Index = r.Index };
                    byRequirement[r] = version;
                    library.Versions.Add(version);
                    names.Add(r.Name);
                }
                facts.VersionNeeds.Add(library);
            }
            facts.MaxVersions = VersionNode.MaxByFamily(names);
            foreach (ElfImport import in elf.Imports)
            {
                if (import.Requirement != null && byRequirement.TryGetValue(import.Requirement, out VersionNeedFacts? v))
                {
                    v.Symbols.Add(import.Symbol);
                }
            }
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
                facts.X86IsaNeeded = ElfFile.X86IsaLevelName(isa);
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
            facts.Libc = ElfNames.Libc(elf.Libc);
        }
    }
}
