using System.Collections.Generic;
using System.Linq;
using GlibcGuard.Elf;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Elf
{
    /// <summary>Images the toolchains here will not produce: every class and byte order, weak needs, damage.</summary>
    [TestFixture]
    public class SyntheticImageTests
    {
        private static ElfImageBuilder Sample(bool is64, bool bigEndian) => new ElfImageBuilder
        {
            Is64 = is64,
            BigEndian = bigEndian,
            Machine = (ushort)(bigEndian ? 22 : is64 ? 62 : 3),
            Interpreter = "/lib/ld-linux.so.2",
            Needed = { "libc.so.6", "libm.so.6" },
            Soname = "libsample.so.1",
            VersionNeeds =
            {
                ("libc.so.6", new() { ("GLIBC_2.2.5", 0, 2), ("GLIBC_2.34", 0, 3), ("GLIBC_2.38", 2, 4) }),
                ("libm.so.6", new() { ("GLIBC_2.29", 0, 5) }),
            },
            Imports = { ("puts", 2, false), ("__libc_start_main", 3, false), ("__isoc23_strtol", 4, true), ("exp", 5, false), ("unversioned", 1, false) },
        };

        [TestCase(true, false)]
        [TestCase(true, true)]
        [TestCase(false, false)]
        [TestCase(false, true)]
        public void Every_class_and_byte_order_reads_the_same_facts(bool is64, bool bigEndian)
        {
            byte[] image = Sample(is64, bigEndian).Build();
            using ElfFile elf = ElfFile.Read(image);

            Assert.That(elf.Header.Is64, Is.EqualTo(is64));
            Assert.That(elf.Header.IsBigEndian, Is.EqualTo(bigEndian));
            Assert.That(elf.Interpreter, Is.EqualTo("/lib/ld-linux.so.2"));
            Assert.That(elf.Dynamic!.Needed, Is.EqualTo(new[] { "libc.so.6", "libm.so.6" }));
            Assert.That(elf.Dynamic.SharedObjectName, Is.EqualTo("libsample.so.1"));
            Assert.That(elf.DynamicSymbolCount, Is.EqualTo(6), "from DT_HASH nchain");

            var needs = elf.VersionNeeds.SelectMany(n => n.Versions.Select(v => n.File + ":" + v.Name + ":" + v.IsWeak + ":" + v.Index));
            Assert.That(needs, Is.EqualTo(new[]
            {
                "libc.so.6:GLIBC_2.2.5:False:2", "libc.so.6:GLIBC_2.34:False:3", "libc.so.6:GLIBC_2.38:True:4", "libm.so.6:GLIBC_2.29:False:5",
            }));
            Assert.That(elf.Imports.Select(i => i.ToString()), Is.EqualTo(new[]
            {
                "puts@GLIBC_2.2.5 (libc.so.6)", "__libc_start_main@GLIBC_2.34 (libc.so.6)", "__isoc23_strtol@GLIBC_2.38 (libc.so.6)",
                "exp@GLIBC_2.29 (libm.so.6)", "unversioned",
            }));
            Assert.That(elf.Imports.Single(i => i.Symbol == "__isoc23_strtol").IsWeakSymbol, Is.True);
            Assert.That(elf.Imports.Single(i => i.Symbol == "__isoc23_strtol").Requirement!.IsWeak, Is.True);
            Assert.That(elf.Warnings, Is.Empty);
        }

        [Test]
        public void A_vn_next_past_the_table_is_a_format_error_at_that_record()
        {
            var b = Sample(true, false);
            byte[] image = b.Build();
            b.Poke32(image, b.VerneedOffset + 12, 0x7fff0000); // vn_next of the first verneed record
            using ElfFile elf = ElfFile.Read(image);
            var e = Assert.Throws<ElfFormatException>(() => _ = elf.VersionNeeds)!;
            Assert.That(e.Reason, Does.Contain("verneed record 1"));
            Assert.That(e.Reason, Does.Contain("runs past the table"));
        }

        [Test]
        public void An_unknown_vn_version_is_rejected_with_the_record_offset()
        {
            var b = Sample(false, true);
            byte[] image = b.Build();
            b.Poke16(image, b.VerneedOffset, 2);
            using ElfFile elf = ElfFile.Read(image);
            var e = Assert.Throws<ElfFormatException>(() => _ = elf.VersionNeeds)!;
            Assert.That(e.Offset, Is.EqualTo(b.VerneedOffset));
            Assert.That(e.Value, Is.EqualTo((ushort)2));
            Assert.That(e.Message, Does.Contain("unsupported vn_version in verneed record 0 '2' at byte 0x" + b.VerneedOffset.ToString("x")));
        }

        [Test]
        public void Damage_inside_a_guessed_window_is_final_and_reads_no_more()
        {
            // Without section headers the verneed table's size is a guess: a window that grows only while a record
            // runs past it. Damage of another kind must not make the reader fetch the rest of a large segment.
            var b = Sample(true, false);
            b.TailPadding = 4 << 20;
            byte[] image = b.Build();
            b.Poke16(image, b.VerneedOffset, 2);
            var source = new CountingSource(image);
            using ElfFile elf = ElfFile.Read(source);
            _ = elf.Dynamic;
            long before = source.BytesRead;
            Assert.Throws<ElfFormatException>(() => _ = elf.VersionNeeds);
            Assert.That(source.BytesRead - before, Is.LessThanOrEqualTo(4096));
        }

        private sealed class CountingSource : ElfSource
        {
            private readonly byte[] _image;
            public long BytesRead;
            public CountingSource(byte[] image) => _image = image;
            public override long Length => _image.Length;
            protected override int ReadCore(long offset, byte[] buffer, int index, int count)
            {
                int n = (int)System.Math.Min(count, _image.Length - offset);
                System.Buffer.BlockCopy(_image, (int)offset, buffer, index, n);
                BytesRead += n;
                return n;
            }
        }

        [Test]
        public void A_misaligned_vn_aux_is_rejected()
        {
            var b = Sample(true, false);
            byte[] image = b.Build();
            b.Poke32(image, b.VerneedOffset + 8, 17);
            using ElfFile elf = ElfFile.Read(image);
            Assert.That(Assert.Throws<ElfFormatException>(() => _ = elf.VersionNeeds)!.Reason, Does.Contain("not 4-byte aligned"));
        }

        [Test]
        public void An_absurd_verneed_count_is_bounded_by_the_chain()
        {
            var b = Sample(true, false);
            byte[] image = b.Build();
            // DT_VERNEEDNUM is the last entry before DT_NULL
            int entry = b.DynamicOffset + b.DynamicEntrySize * (2 + 1 + 6 + 1);
            Assert.That(System.BitConverter.ToUInt64(image, entry), Is.EqualTo(0x6fffffffUL));
            System.BitConverter.GetBytes(0xffffffffUL).CopyTo(image, entry + 8);
            using ElfFile elf = ElfFile.Read(image);
            Assert.That(elf.VersionNeeds.Select(n => n.File), Is.EqualTo(new[] { "libc.so.6", "libm.so.6" }));
            Assert.That(elf.Warnings.Select(w => w.Message), Has.Some.Contains("verneed chain ends after 2"));
        }

        [Test]
        public void A_bad_name_index_becomes_a_visible_placeholder_and_a_warning()
        {
            var b = Sample(true, false);
            byte[] image = b.Build();
            b.Poke32(image, b.VerneedOffset + 16 + 8, 0x9999); // vna_name of the first vernaux
            using ElfFile elf = ElfFile.Read(image);
            Assert.That(elf.VersionNeeds[0].Versions[0].Name, Is.EqualTo("<corrupt vna_name 0x9999>"));
            Assert.That(elf.Warnings.Single().Message, Does.StartWith("vna_name 0x9999 is not a string in the dynamic string table"));
            Assert.That(elf.Warnings.Single().Offset, Is.EqualTo(b.VerneedOffset + 16));
        }

        [Test]
        public void A_string_table_without_a_final_nul_gives_a_placeholder()
        {
            var b = Sample(true, false);
            byte[] image = b.Build();
            image[b.DynStrOffset + b.DynStrSize - 1] = (byte)'x'; // the last string loses its terminator
            using ElfFile elf = ElfFile.Read(image);
            Assert.That(elf.Imports.Last().Symbol, Does.StartWith("<corrupt st_name"));
        }

        [Test]
        public void A_dynamic_table_without_DT_NULL_is_read_to_its_end_with_a_warning()
        {
            var b = Sample(true, false);
            b.TerminateDynamic = false;
            using ElfFile elf = ElfFile.Read(b.Build());
            Assert.That(elf.Dynamic!.Needed, Has.Count.EqualTo(2));
            Assert.That(elf.Warnings.Single().Message, Does.Contain("no DT_NULL terminator"));
        }

        [Test]
        public void A_huge_symbol_count_is_refused_without_allocating_it()
        {
            var b = Sample(true, false);
            byte[] image = b.Build();
            b.Poke32(image, b.HashOffset + 4, 0x7fffffff); // nchain
            using ElfFile elf = ElfFile.Read(image);
            long before = System.GC.GetAllocatedBytesForCurrentThread();
            Assert.Throws<ElfFormatException>(() => _ = elf.Imports);
            Assert.That(System.GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1 << 20));
        }

        [Test]
        public void A_version_index_nothing_defines_is_reported()
        {
            var b = Sample(true, false);
            b.Imports.Add(("orphan", 42, false));
            using ElfFile elf = ElfFile.Read(b.Build());
            Assert.That(elf.Imports.Single(i => i.Symbol == "orphan").Version, Is.Null);
            Assert.That(elf.Warnings.Single().Message, Is.EqualTo("symbol orphan has version index 42 that no verneed or verdef entry defines"));
        }
    }
}
