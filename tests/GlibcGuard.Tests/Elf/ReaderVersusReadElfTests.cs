using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Elf;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Elf
{
    /// <summary>Every committed fixture, read by our reader and by binutils readelf: the facts must agree.</summary>
    [TestFixture]
    public class ReaderVersusReadElfTests
    {
        public static IEnumerable<string> Fixtures() => Repo.AllFixtures().Select(Path.GetFileName)!;

        private static readonly Dictionary<string, string> s_machines = new()
        {
            ["Advanced Micro Devices X86-64"] = "x86_64",
            ["AArch64"] = "aarch64",
            ["IBM S/390"] = "s390x",
            ["Intel 80386"] = "i386",
        };

        [TestCaseSource(nameof(Fixtures))]
        public void Headers_and_dynamic_table_match_readelf(string name)
        {
            string path = Repo.Fixture(name);
            ReadElf expected = ReadElf.Of(path);
            using ElfFile elf = ElfFile.Open(path);

            Assert.That(elf.Header.Is64 ? "ELF64" : "ELF32", Is.EqualTo(expected.Class));
            Assert.That(elf.Header.IsBigEndian, Is.EqualTo(expected.Data.Contains("big endian")));
            Assert.That(ElfNames.Machine(elf.Header.Machine, elf.Header.Class, elf.Header.IsBigEndian), Is.EqualTo(s_machines[expected.Machine]));
            string expectedType = expected.Type.StartsWith("EXEC") ? "executable"
                : expected.Type.Contains("Position-Independent") ? "pie-executable" : "shared-library";
            Assert.That(ElfNames.ObjectType(elf.Header.Type, elf.IsPie), Is.EqualTo(expectedType));
            Assert.That(elf.Interpreter, Is.EqualTo(expected.Interpreter));
            Assert.That(elf.Dynamic?.Needed ?? new List<string>(), Is.EqualTo(expected.Needed));
            Assert.That(elf.Dynamic?.SharedObjectName, Is.EqualTo(expected.Soname));
            Assert.That(elf.Dynamic?.RPath, Is.EqualTo(expected.Rpath));
            Assert.That(elf.Dynamic?.RunPath, Is.EqualTo(expected.Runpath));
            if (expected.GnuStackExecutable is bool executable)
            {
                Assert.That(elf.HasExecutableStack, Is.EqualTo(executable));
            }
            Assert.That(elf.Warnings, Is.Empty);
        }

        [TestCaseSource(nameof(Fixtures))]
        public void Notes_match_readelf(string name)
        {
            string path = Repo.Fixture(name);
            ReadElf expected = ReadElf.Of(path);
            using ElfFile elf = ElfFile.Open(path);
            Assert.That(elf.BuildId, Is.EqualTo(expected.BuildId));
            Assert.That(elf.AbiTagKernel, Is.EqualTo(expected.AbiKernel));
            Assert.That(elf.X86IsaNeeded is uint isa ? ((GlibcGuard.Compatibility.X86IsaLevel)ElfFile.X86IsaLevel(isa)).Name() : null, Is.EqualTo(expected.IsaNeeded));
        }

        [TestCaseSource(nameof(Fixtures))]
        public void Version_needs_and_the_symbol_join_match_readelf(string name)
        {
            string path = Repo.Fixture(name);
            // readelf finds version tables only through section headers; for a file without them, the
            // sectioned original is the reference.
            string reference = name.EndsWith("-nosections") ? Repo.Fixture(name.Replace("-nosections", "")) : path;
            ReadElf expected = ReadElf.Of(reference);
            using ElfFile elf = ElfFile.Open(path);
            if (expected.VersionNeeds.Count > 0 && !name.StartsWith("libgreet"))
            {
                Assert.That(expected.VersionedImports, Is.Not.Empty, "readelf output was not understood");
            }

            var needs = elf.VersionNeeds.SelectMany(n => n.Versions.Select(v => (n.File, v.Name, v.IsWeak, (int)v.Index))).ToList();
            Assert.That(needs, Is.EqualTo(expected.VersionNeeds));

            var imports = elf.Imports.Where(i => i.Version != null).Select(i => (i.Symbol, i.Version!)).ToList();
            Assert.That(imports, Is.EqualTo(expected.VersionedImports));

            var definitions = elf.VersionDefinitions.Where(d => !d.IsBase).Select(d => d.Name).ToList();
            Assert.That(definitions, Is.EqualTo(expected.VersionDefinitions));
        }

        [Test]
        public void Without_section_headers_the_symbol_count_comes_from_the_gnu_hash_table()
        {
            using ElfFile withSections = ElfFile.Open(Repo.Fixture("gcc-x86_64-newglibc"));
            using ElfFile without = ElfFile.Open(Repo.Fixture("gcc-x86_64-newglibc-nosections"));
            Assert.That(without.Sections, Is.Empty);
            Assert.That(without.Dynamic!.Find(ElfDynamicTag.GnuHash), Is.Not.Null);
            Assert.That(without.Dynamic.Find(ElfDynamicTag.Hash), Is.Null);
            Assert.That(without.DynamicSymbolCount, Is.EqualTo(withSections.DynamicSymbolCount));
            Assert.That(without.DynamicSymbols.Select(s => s.Name), Is.EqualTo(withSections.DynamicSymbols.Select(s => s.Name)));
        }
    }
}
