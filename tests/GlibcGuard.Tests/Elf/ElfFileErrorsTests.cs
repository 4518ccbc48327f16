using System;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Elf;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Elf
{
    /// <summary>Inputs someone will feed the reader: each gives a typed error with a position, never a crash.</summary>
    [TestFixture]
    public class ElfFileErrorsTests
    {
        [TestCase(new byte[0], "file is too small to be ELF (0 bytes)", 0)]
        [TestCase(new byte[] { 0x7f, 0x45, 0x4c, 0x46 }, "file is too small to be ELF (4 bytes)", 0)]
        [TestCase(new byte[] { 0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "ELF header (0x40 bytes) runs past the end of the file (size 0x12)", 0)]
        [TestCase(new byte[] { 0x7f, 0x45, 0x4c, 0x46, 3, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "unknown EI_CLASS", 4)]
        [TestCase(new byte[] { 0x7f, 0x45, 0x4c, 0x46, 2, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "unknown EI_DATA", 5)]
        [TestCase(new byte[] { 0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0 }, "not an ELF file: bad magic", 0)]
        public void Open_Errors(byte[] image, string reason, long offset)
        {
            var e = Assert.Throws<ElfFormatException>(() => ElfFile.Read(image))!;
            Assert.That(e.Reason, Is.EqualTo(reason));
            Assert.That(e.Offset, Is.EqualTo(offset));
            Assert.That(e, Is.InstanceOf<BadImageFormatException>());
        }

        /// <summary>A bad value in the dynamic table is reported at the entry that holds it, not "somewhere".</summary>
        [TestCase(1, "dynamic string table (DT_STRTAB) address is not inside any PT_LOAD segment", 0x7fff0000u)]
        [TestCase(3, "dynamic symbol table (DT_SYMTAB) address is not inside any PT_LOAD segment", 0x7fff0000u)]
        [TestCase(4, "DT_SYMENT does not match the symbol size of this class (24)", 99u)]
        [TestCase(6, "symbol versions (DT_VERSYM) address is not inside any PT_LOAD segment", 0x7fff0000u)]
        public void A_bad_dynamic_value_is_reported_at_its_entry(int entry, string reason, uint value)
        {
            // Entries as the builder writes them: DT_NEEDED, DT_STRTAB, DT_STRSZ, DT_SYMTAB, DT_SYMENT, DT_HASH, DT_VERSYM, …
            var b = new ElfImageBuilder { Interpreter = "/lib64/ld-linux-x86-64.so.2", Needed = { "libc.so.6" }, Imports = { ("puts", 1, false) } };
            byte[] image = b.Build();
            int at = b.DynamicOffset + entry * b.DynamicEntrySize;
            b.Poke32(image, at + 8, value);
            using ElfFile elf = ElfFile.Read(image);
            var e = Assert.Throws<ElfFormatException>(() => { _ = elf.Dynamic; _ = elf.Imports; })!;
            Assert.That(e.Reason, Is.EqualTo(reason));
            Assert.That(e.Offset, Is.EqualTo(at), "the offset of the dynamic entry");
        }

        [Test]
        public void A_truncated_program_header_table_is_named()
        {
            byte[] full = File.ReadAllBytes(Repo.Fixture("gcc-x86_64-pie"));
            using ElfFile elf = ElfFile.Read(full, 0, 100);
            var e = Assert.Throws<ElfFormatException>(() => _ = elf.ProgramHeaders)!;
            Assert.That(e.Reason, Does.StartWith("program header table (13 entries) (0x2d8 bytes) runs past the end of the file (size 0x64)"));
            Assert.That(e.Offset, Is.EqualTo(0x40));
        }

        [Test]
        public void Extended_numbering_in_section_zero_is_followed()
        {
            byte[] image = File.ReadAllBytes(Repo.Fixture("gcc-x86_64-pie"));
            using var original = ElfFile.Read((byte[])image.Clone());
            int count = original.Sections.Count;
            uint nameIndex = original.Header.SectionNameTableIndex;
            long shoff = (long)original.Header.SectionHeaderOffset;
            BitConverter.GetBytes((ushort)0).CopyTo(image, 0x3c);          // e_shnum = 0: the count is in section 0's sh_size
            BitConverter.GetBytes((ushort)0xffff).CopyTo(image, 0x3e);     // e_shstrndx = SHN_XINDEX: the index is in sh_link
            BitConverter.GetBytes((ulong)count).CopyTo(image, shoff + 32);
            BitConverter.GetBytes(nameIndex).CopyTo(image, shoff + 40);
            using var extended = ElfFile.Read(image);
            Assert.That(extended.Header.SectionHeaderCount, Is.EqualTo((uint)count));
            Assert.That(extended.Sections.Select(s => s.Name), Is.EqualTo(original.Sections.Select(s => s.Name)));
        }

        [Test]
        public void A_directory_named_like_a_binary_is_an_unreadable_file_finding()
        {
            string dir = Path.Combine(Repo.TempDir("dir"), "libfoo.so");
            Directory.CreateDirectory(dir);
            BinaryFacts facts = BinaryInspector.Inspect(dir);
            Assert.That(facts.Error!.Code.AsString(), Is.EqualTo("GG0002"));
        }

        [Test]
        public void A_file_that_shrinks_while_it_is_read_is_a_format_error()
        {
            // The reader takes the file's first 16 KB when it opens it (the headers, and a small library's tables):
            // the section headers at the end of a 1 MB program are read after the file has shrunk.
            string path = Path.Combine(Repo.TempDir("shrink"), "shrinking");
            File.Copy(Repo.Fixture("dotnet-x86_64-nativeaot"), path);
            using ElfFile elf = ElfFile.Open(path);
            using (var s = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) s.SetLength(1000);
            var e = Assert.Throws<ElfFormatException>(() =>
            {
                _ = elf.Imports;
                _ = elf.Sections;
            })!;
            Assert.That(e.Reason, Does.Contain("past the end of the file").Or.Contains("shrank"));
        }

        [Test]
        public void A_fifo_is_not_opened_when_looking_for_elf_files()
        {
            string dir = Repo.TempDir("fifo");
            string fifo = Path.Combine(dir, "pipe.so");
            Assert.That(Processes.Run("mkfifo", new[] { fifo }).ExitCode, Is.Zero);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.That(ElfFile.IsElfFile(fifo), Is.False);
            Assert.That(watch.Elapsed.TotalSeconds, Is.LessThan(5));
        }
    }
}
