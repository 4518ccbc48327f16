using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using GlibcGuard.Elf;
using GlibcGuard.Tests.Infrastructure;
using LibObjectFile.Diagnostics;
using Lof = LibObjectFile.Elf;

namespace GlibcGuard.Tests.Elf
{
    /// <summary>
    /// LibObjectFile as an independent reader (dynamic entries, raw version sections decoded here by the test)
    /// and as a writer of images with a section table but no dynamic table, in every class and byte order.
    /// </summary>
    [TestFixture]
    public class LibObjectFileOracleTests
    {
        public static IEnumerable<string> Fixtures() =>
            Repo.AllFixtures().Select(Path.GetFileName).Where(n => !n!.EndsWith("-nosections"))!;

        [TestCaseSource(nameof(Fixtures))]
        public void Needed_libraries_and_version_needs_match_LibObjectFile(string name)
        {
            string path = Repo.Fixture(name);
            using FileStream stream = File.OpenRead(path);
            Assert.That(Lof.ElfFile.TryRead(stream, out Lof.ElfFile? oracle, out DiagnosticBag? diagnostics), Is.True, diagnostics?.ToString());
            using ElfFile elf = ElfFile.Open(path);

            var dynamic = oracle!.Sections.OfType<Lof.ElfDynamicLinkingTable>().FirstOrDefault();
            Assert.That(elf.Dynamic?.Needed ?? new List<string>(), Is.EqualTo(dynamic?.GetNeededLibraries().ToList() ?? new List<string>()));

            var verneed = oracle.Sections.FirstOrDefault(s => s.Type == Lof.ElfSectionType.GnuVersionNeedsSection) as Lof.ElfStreamSection;
            var expected = new List<string>();
            if (verneed != null)
            {
                var strings = (Lof.ElfStringTable)verneed.Link.Section!;
                expected = DecodeVerneed(verneed, strings, elf.Header.IsBigEndian);
            }
            var actual = elf.VersionNeeds.SelectMany(n => n.Versions.Select(v => n.File + " " + v.Name + " " + v.Flags + " " + v.Index)).ToList();
            Assert.That(actual, Is.EqualTo(expected));
        }

        // The test's own decoder of .gnu.version_r, written from the gABI layout, independent of the product's.
        private static List<string> DecodeVerneed(Lof.ElfStreamSection section, Lof.ElfStringTable strings, bool bigEndian)
        {
            var bytes = new byte[section.Stream.Length];
            section.Stream.Position = 0;
            section.Stream.ReadExactly(bytes);
            uint U32(int o) => bigEndian ? (uint)(bytes[o] << 24 | bytes[o + 1] << 16 | bytes[o + 2] << 8 | bytes[o + 3]) : System.BitConverter.ToUInt32(bytes, o);
            ushort U16(int o) => bigEndian ? (ushort)(bytes[o] << 8 | bytes[o + 1]) : System.BitConverter.ToUInt16(bytes, o);
            string Str(uint index) => strings.TryGetString(index, out string? s) ? s : "?";
            var result = new List<string>();
            int record = 0;
            for (uint i = 0; i < section.Info.SpecialIndex; i++)
            {
                int count = U16(record + 2);
                string file = Str(U32(record + 4));
                int aux = record + (int)U32(record + 8);
                for (int j = 0; j < count; j++)
                {
                    result.Add(file + " " + Str(U32(aux + 8)) + " " + U16(aux + 4) + " " + U16(aux + 6));
                    aux += (int)U32(aux + 12);
                }
                record += (int)U32(record + 12);
            }
            return result;
        }

        [TestCase(Lof.ElfFileClass.Is64, Lof.ElfEncoding.Lsb)]
        [TestCase(Lof.ElfFileClass.Is64, Lof.ElfEncoding.Msb)]
        [TestCase(Lof.ElfFileClass.Is32, Lof.ElfEncoding.Lsb)]
        [TestCase(Lof.ElfFileClass.Is32, Lof.ElfEncoding.Msb)]
        public void Version_needs_are_found_through_sections_when_there_is_no_dynamic_table(Lof.ElfFileClass cls, Lof.ElfEncoding encoding)
        {
            var elf = new Lof.ElfFile(Lof.ElfArch.X86_64, cls, encoding);
            var dynstr = new Lof.ElfStringTable(".dynstr");
            elf.Add(dynstr);
            uint libc = dynstr.Resolve("libc.so.6").Index, v34 = dynstr.Resolve("GLIBC_2.34").Index, v38 = dynstr.Resolve("GLIBC_2.38").Index;
            bool be = encoding == Lof.ElfEncoding.Msb;
            var table = new MemoryStream();
            void U16(ushort v) { table.WriteByte((byte)(be ? v >> 8 : v)); table.WriteByte((byte)(be ? v : v >> 8)); }
            void U32(uint v) { for (int i = 0; i < 4; i++) table.WriteByte((byte)(v >> (be ? (3 - i) * 8 : i * 8))); }
            U16(1); U16(2); U32(libc); U32(16); U32(0);                 // Elf_Verneed
            U32(0x0d696914); U16(0); U16(2); U32(v34); U32(16);         // Elf_Vernaux GLIBC_2.34
            U32(0x069691b8); U16(2); U16(3); U32(v38); U32(0);          // Elf_Vernaux GLIBC_2.38, VER_FLG_WEAK
            table.Position = 0;
            elf.Add(new Lof.ElfStreamSection(Lof.ElfSectionType.GnuVersionNeedsSection, table)
            {
                Name = ".gnu.version_r",
                Link = dynstr,
                Info = new Lof.ElfSectionLink(1),
            });
            elf.Add(new Lof.ElfSectionHeaderStringTable());
            elf.Add(new Lof.ElfSectionHeaderTable());
            var output = new MemoryStream();
            Assert.That(elf.TryWrite(output, out DiagnosticBag diagnostics), Is.True, diagnostics.ToString());

            using ElfFile ours = ElfFile.Read(output.ToArray());
            Assert.That(ours.Header.Is64, Is.EqualTo(cls == Lof.ElfFileClass.Is64));
            Assert.That(ours.Header.IsBigEndian, Is.EqualTo(be));
            Assert.That(ours.Dynamic, Is.Null);
            var need = ours.VersionNeeds.Single();
            Assert.That(need.File, Is.EqualTo("libc.so.6"));
            Assert.That(need.Versions.Select(v => v.Name + (v.IsWeak ? " weak" : "")), Is.EqualTo(new[] { "GLIBC_2.34", "GLIBC_2.38 weak" }));
        }
    }
}
