using System.Collections.Generic;
using System;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Elf;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Elf
{
    /// <summary>Structures the toolchains rarely make and files in odd places: each is read exactly or refused cleanly.</summary>
    [TestFixture]
    public class EdgeCaseTests
    {
        [Test]
        public void An_empty_library_name_is_a_warning_and_a_placeholder()
        {
            var b = new ElfImageBuilder { Interpreter = "/lib64/ld-linux-x86-64.so.2", Needed = { "libc.so.6", "" } };
            using ElfFile elf = ElfFile.Read(b.Build());
            Assert.That(elf.Dynamic!.Needed, Is.EqualTo(new[] { "libc.so.6", "<empty DT_NEEDED>" }));
            Assert.That(elf.Warnings.Select(w => w.Message), Has.Some.Contains("DT_NEEDED").And.Some.Contains("names an empty string"));
        }

        [Test]
        public void A_stale_e_shoff_with_no_section_table_reads_as_readelf_reads_it()
        {
            // e_shoff set, e_shnum 0 and e_shentsize 0: no section table, and no extended-numbering header 0 to read.
            byte[] image = File.ReadAllBytes(Repo.Fixture("gcc-x86_64-pie"));
            BitConverter.GetBytes((ulong)64).CopyTo(image, 40);   // e_shoff
            BitConverter.GetBytes((ushort)0).CopyTo(image, 58);   // e_shentsize
            BitConverter.GetBytes((ushort)0).CopyTo(image, 60);   // e_shnum
            BitConverter.GetBytes((ushort)0).CopyTo(image, 62);   // e_shstrndx
            string path = Path.Combine(Repo.TempDir("noshdr"), "app");
            File.WriteAllBytes(path, image);
            var readelf = Processes.Run("readelf", new[] { "-d", "-W", path });
            Assert.That(readelf.StdOut, Does.Contain("(NEEDED)"), "readelf reads its dynamic table");
            using ElfFile elf = ElfFile.Open(path);
            Assert.That(elf.Sections, Is.Empty);
            Assert.That(elf.Dynamic!.Needed, Is.EqualTo(ReadElf.Of(Repo.Fixture("gcc-x86_64-pie")).Needed));
            Assert.That(elf.VersionNeeds, Is.Not.Empty);
        }

        [Test]
        public void One_damaged_note_is_a_warning_and_the_other_notes_are_read()
        {
            byte[] image = File.ReadAllBytes(Repo.Fixture("gcc-x86_64-pie"));
            ElfProgramHeader firstNote;
            string buildId;
            using (ElfFile clean = ElfFile.Read(image))
            {
                firstNote = clean.ProgramHeaders.First(p => p.Type == ElfSegmentType.Note);
                buildId = clean.BuildId!;
                Assert.That(clean.ProgramHeaders.Count(p => p.Type == ElfSegmentType.Note), Is.GreaterThan(1), "the fixture has two note segments");
            }
            BitConverter.GetBytes(0x7fffffffu).CopyTo(image, (int)firstNote.Offset); // n_namesz of its first note runs past the segment
            using ElfFile elf = ElfFile.Read(image);
            var facts = BinaryInspector.Inspect(image, "app");
            Assert.That(facts.Error, Is.Null, "the file is still checked");
            Assert.That(facts.Warnings, Has.Some.Contains("note unreadable"));
            Assert.That(elf.BuildId == buildId || elf.Notes.All(n => n.Type != ElfFile.NT_GNU_BUILD_ID), Is.True);
            Assert.That(facts.VersionNeeds, Is.Not.Empty);
        }

        [Test]
        public void After_dispose_facts_read_stay_and_tables_and_reading_more_are_refused()
        {
            // Table buffers and the tables' arrays go back to pools on Dispose; another file read next may reuse them.
            string build;
            ElfFile elf = ElfFile.Open(Repo.Fixture("gcc-x86_64-pie"));
            var needs = elf.VersionNeeds;
            IReadOnlyList<ElfNote> notes = elf.Notes;
            IReadOnlyList<ElfProgramHeader> segments = elf.ProgramHeaders;
            IReadOnlyList<ElfDynamicEntry> entries = elf.Dynamic!.Entries;
            byte[] kept = notes.First(n => n.Name == "GNU" && n.Type == ElfFile.NT_GNU_BUILD_ID).Descriptor.ToArray();
            build = elf.BuildId!;
            elf.Dispose();
            using (ElfFile other = ElfFile.Open("/usr/lib/x86_64-linux-gnu/libc.so.6"))
            {
                _ = other.Imports; // fills pooled buffers again
                _ = other.Notes.Count;
                _ = other.Dynamic!.Entries.Count;
            }
            Assert.That(needs.Select(n => n.File), Is.EqualTo(ReadElf.Of(Repo.Fixture("gcc-x86_64-pie")).VersionNeeds.Select(v => v.Library).Distinct()));
            Assert.That(string.Concat(kept.Select(b => b.ToString("x2"))), Is.EqualTo(build), "a copy made while the file was open stays");
            Assert.Throws<ObjectDisposedException>(() => _ = notes.Count, "the notes went with the file");
            Assert.Throws<ObjectDisposedException>(() => _ = segments[0], "so did the program headers");
            Assert.Throws<ObjectDisposedException>(() => _ = entries.Count, "and the dynamic entries");
            Assert.Throws<ObjectDisposedException>(() => _ = elf.Imports);
            Assert.Throws<ObjectDisposedException>(() => _ = elf.Sections);
        }

        [Test]
        public void Tables_of_files_read_one_after_another_are_each_their_own()
        {
            // The second file reuses the first one's arrays: what it shows must be its own, as readelf says.
            string[] files = { Repo.Fixture("gcc-x86_64-pie"), "/usr/lib/x86_64-linux-gnu/libc.so.6", Repo.Fixture("gcc-x86_64-pie") };
            foreach (string path in files)
            {
                ReadElf expected = ReadElf.Of(path);
                using ElfFile elf = ElfFile.Open(path);
                Assert.That(elf.Interpreter, Is.EqualTo(expected.Interpreter), path);
                Assert.That(elf.HasExecutableStack, Is.EqualTo(expected.GnuStackExecutable), path);
                Assert.That(elf.Dynamic!.Needed, Is.EqualTo(expected.Needed), path);
                Assert.That(elf.BuildId, Is.EqualTo(expected.BuildId), path);
            }
        }

        [Test]
        public void A_file_patchelf_rewrote_reads_as_readelf_reads_it()
        {
            string dir = Repo.TempDir("patchelf");
            string path = Path.Combine(dir, "patched");
            File.Copy(Repo.Fixture("gcc-x86_64-newglibc"), path);
            // A longer interpreter and a new needed library make patchelf move the tables into a new segment.
            var r = Processes.Run("patchelf", new[] { "--set-interpreter", "/opt/very/long/path/to/a/private/loader/ld-linux-x86-64.so.2", "--add-needed", "libextra.so.7", "--set-rpath", "$ORIGIN/lib", path });
            Assert.That(r.ExitCode, Is.Zero, r.All);
            ReadElf expected = ReadElf.Of(path);
            using ElfFile elf = ElfFile.Open(path);
            Assert.That(elf.Interpreter, Is.EqualTo(expected.Interpreter));
            Assert.That(elf.Dynamic!.Needed, Is.EqualTo(expected.Needed));
            Assert.That(elf.Dynamic.RunPath, Is.EqualTo(expected.Runpath));
            Assert.That(elf.Dynamic.RPath, Is.EqualTo(expected.Rpath));
            Assert.That(elf.VersionNeeds.SelectMany(n => n.Versions.Select(v => (n.File, v.Name, v.IsWeak, (int)v.Index))), Is.EqualTo(expected.VersionNeeds));
            Assert.That(elf.Imports.Where(i => i.Version != null).Select(i => (i.Symbol, i.Version!)), Is.EqualTo(expected.VersionedImports));
        }

        [Test]
        public void A_go_binary_patchelf_rewrote_still_has_its_build_info()
        {
            string path = Path.Combine(Repo.TempDir("patchgo"), "gohelper");
            File.Copy(Repo.Fixture("go-x86_64-cgo"), path);
            var r = Processes.Run("patchelf", new[] { "--set-interpreter", "/opt/a/much/longer/interpreter/path/ld-linux-x86-64.so.2", "--add-needed", "libextra.so.7", path });
            Assert.That(r.ExitCode, Is.Zero, r.All);
            using ElfFile elf = ElfFile.Open(path);
            Assert.That(elf.Go!.GoVersion, Is.EqualTo("go1.19.8"));
            Assert.That(elf.Go.CgoEnabled, Is.True);
            Assert.That(elf.Dynamic!.Needed, Does.Contain("libextra.so.7"));
        }

        [Test]
        public void A_gnu_hash_table_with_only_empty_buckets_counts_the_unhashed_symbols()
        {
            // Strip the section table (so the count must come from DT_GNU_HASH) and empty every bucket: then the
            // table says only its first symoffset symbols exist.
            byte[] image = File.ReadAllBytes(Repo.Fixture("gcc-x86_64-newglibc-nosections"));
            ulong hashOffset, symoffset;
            using (ElfFile elf = ElfFile.Read((byte[])image.Clone()))
            {
                elf.TryMapAddress(elf.Dynamic!.Find(ElfDynamicTag.GnuHash)!.Value, out hashOffset, out _);
            }
            uint buckets = BitConverter.ToUInt32(image, (int)hashOffset);
            symoffset = BitConverter.ToUInt32(image, (int)hashOffset + 4);
            uint bloom = BitConverter.ToUInt32(image, (int)hashOffset + 8);
            int bucketStart = (int)hashOffset + 16 + (int)bloom * 8;
            for (int i = 0; i < buckets; i++) BitConverter.GetBytes(0u).CopyTo(image, bucketStart + i * 4);
            using ElfFile emptied = ElfFile.Read(image);
            Assert.That(emptied.DynamicSymbolCount, Is.EqualTo((int)symoffset));
            Assert.That(emptied.Imports.All(i => i.Symbol.Length > 0), Is.True);
        }

        [Test]
        public void Overlapping_load_segments_map_addresses_through_the_first_that_holds_them()
        {
            var b = new ElfImageBuilder { Needed = { "libc.so.6" } };
            byte[] image = b.Build();
            // Turn PT_GNU_STACK (the last program header) into a second PT_LOAD over the same bytes, shifted.
            int phdr = 64 + 2 * 56;
            BitConverter.GetBytes(1u).CopyTo(image, phdr);
            BitConverter.GetBytes(0x100UL).CopyTo(image, phdr + 8);
            BitConverter.GetBytes(0UL).CopyTo(image, phdr + 16);
            BitConverter.GetBytes((ulong)image.Length - 0x100).CopyTo(image, phdr + 32);
            using ElfFile elf = ElfFile.Read(image);
            Assert.That(elf.Dynamic!.Needed, Is.EqualTo(new[] { "libc.so.6" }));
            Assert.That(elf.TryMapAddress(0x10, out ulong offset, out _), Is.True);
            Assert.That(offset, Is.EqualTo(0x10UL));
        }

        [Test]
        public void A_zero_sized_load_segment_maps_nothing()
        {
            var b = new ElfImageBuilder { Needed = { "libc.so.6" } };
            byte[] image = b.Build();
            int phdr = 64 + 2 * 56;
            BitConverter.GetBytes(1u).CopyTo(image, phdr);                 // PT_LOAD with p_filesz 0 at address 0x900000
            BitConverter.GetBytes(0x900000UL).CopyTo(image, phdr + 16);
            using ElfFile elf = ElfFile.Read(image);
            Assert.That(elf.TryMapAddress(0x900000, out _, out _), Is.False);
            Assert.That(elf.Dynamic!.Needed, Is.EqualTo(new[] { "libc.so.6" }));
        }

        [Test]
        public void Paths_with_spaces_and_non_ascii_letters()
        {
            string dir = Path.Combine(Repo.TempDir("paths"), "Mes Bibliothèques", "ネイティブ");
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, "libgrüße .so");
            File.Copy(Repo.Fixture("libnewglibc.so"), path);
            var (exit, output, _) = GlibcGuard.Tests.Cli.InspectCommandTests.Run("check", Path.GetDirectoryName(dir)!, "--baseline", "centos8");
            Assert.That(exit, Is.EqualTo(1));
            Assert.That(output, Does.Contain(path + ": error GG1001: libgrüße .so needs GLIBC_2.34"));
        }

        [Test]
        public void A_shared_library_with_an_interpreter_is_a_shared_library_as_readelf_says()
        {
            // Debian's own libc.so.6 has PT_INTERP (it runs as a program) and DT_SONAME.
            string libc = "/usr/lib/x86_64-linux-gnu/libc.so.6";
            ReadElf expected = ReadElf.Of(libc);
            Assert.That(expected.Interpreter, Is.Not.Null, "this libc has PT_INTERP");
            string readelfType = Processes.Run("readelf", new[] { "-h", "-W", libc }).StdOut;
            Assert.That(readelfType, Does.Contain("DYN (Shared object file)"));
            Assert.That(BinaryInspector.Inspect(libc).Type, Is.EqualTo(ObjectKind.SharedLibrary));

            var withSoname = new ElfImageBuilder { Interpreter = "/system/bin/linker64", Soname = "libfoo.so", Machine = 183 };
            Assert.That(BinaryInspector.Inspect(withSoname.Build(), "libfoo.so").Type, Is.EqualTo(ObjectKind.SharedLibrary));
            var pie = new ElfImageBuilder { Interpreter = "/lib64/ld-linux-x86-64.so.2" };
            Assert.That(BinaryInspector.Inspect(pie.Build(), "app").Type, Is.EqualTo(ObjectKind.PieExecutable), "no DF_1_PIE, no DT_SONAME: an older PIE");
        }

        [Test]
        public void A_zero_size_interpreter_names_no_loader_and_warns_nothing()
        {
            var debugFile = new ElfImageBuilder { Interpreter = "/lib64/ld-linux-x86-64.so.2", InterpreterFileSize = 0 };
            BinaryFacts facts = BinaryInspector.Inspect(debugFile.Build(), "app.debug");
            Assert.That(facts.Error, Is.Null);
            Assert.That(facts.Interpreter, Is.Null);
            Assert.That(facts.Warnings, Is.Empty);
        }

        [Test]
        public void Glibcs_armel_loader_is_not_a_foreign_loader_path()
        {
            Assert.That(BaselineCatalog.TryGet("debian12", out Baseline debian), Is.True);
            AnalysisInput Arm(string loader)
            {
                // EABI5 with the float ABI in e_flags: 0x400 hard-float (armhf), 0x200 soft-float (armel).
                uint flags = loader.EndsWith("ld-linux.so.3") ? 0x05000200u : 0x05000400u;
                var b = new ElfImageBuilder { Is64 = false, Machine = 40, Interpreter = loader, Type = 2, Flags = flags };
                b.Needed.Add("libc.so.6");
                return new AnalysisInput(BinaryInspector.Inspect(b.Build(), "armapp"));
            }
            var options = new AnalysisOptions { Baseline = debian };
            Assert.That(Analyzer.Analyze(new[] { Arm("/lib/ld-linux.so.3") }, options).Findings.Where(f => f.Id == DiagnosticId.NonstandardInterpreter), Is.Empty, "armel");
            Assert.That(Analyzer.Analyze(new[] { Arm("/lib/ld-linux-armhf.so.3") }, options).Findings.Where(f => f.Id == DiagnosticId.NonstandardInterpreter), Is.Empty, "armhf");
            Assert.That(Analyzer.Analyze(new[] { Arm("/nix/store/x/lib/ld-linux-armhf.so.3") }, options).Findings.Where(f => f.Id == DiagnosticId.NonstandardInterpreter), Has.Exactly(1).Items);
            Assert.That(Arm("/lib/ld-linux.so.3").Facts.Machine, Is.EqualTo(Architecture.Armel));
            Assert.That(Arm("/lib/ld-linux-armhf.so.3").Facts.Machine, Is.EqualTo(Architecture.Arm));
        }
    }
}
