using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Elf;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Elf
{
    /// <summary>
    /// Where tables and symbol names live while a folder is read: one arena per open file, reused file after file,
    /// and names kept as the file's bytes until something shows them. The facts must be exactly those of the
    /// string-per-import reading they replace.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    public class TableMemoryTests
    {
        private static readonly string[] s_files = { "gxx-x86_64-cpp", "gcc-x86_64-newglibc", "libgreet.so.1", "go-x86_64-cgo", "gcc-i686-pie", "musl-x86_64-dynamic" };

        [Test]
        public void The_import_walk_finds_what_the_import_list_names([ValueSource(nameof(s_files))] string name)
        {
            using ElfFile listed = ElfFile.Open(Repo.Fixture(name));
            using ElfFile walked = ElfFile.Open(Repo.Fixture(name));
            var seen = new List<(string, string?, bool)>();
            ElfStringTable strings = walked.DynamicStrings;
            // A version index stands for its first vernaux entry, as the loader binds a symbol to it.
            var first = new Dictionary<int, string>();
            foreach (ElfVersionRequirement r in walked.VersionNeeds.SelectMany(n => n.Versions)) first.TryAdd(r.Index & 0x7fff, r.Name);
            walked.VisitImports((index, weak, offset, length, placeholder) =>
                seen.Add((placeholder ?? strings.PeekUtf8(offset, length), index >= 0 ? first[index] : null, weak)));
            Assert.That(seen, Is.Not.Empty, name + " imports something");
            Assert.That(seen, Is.EqualTo(listed.Imports.Select(i => (i.Symbol, i.Requirement?.Name, i.IsWeakSymbol)).ToList()));
        }

        [Test]
        public void Facts_name_every_versioned_import_of_a_real_library_as_readelf_does()
        {
            // The largest C++ library of this machine's system folder that the fixtures' machine has: libstdc++.
            string path = Directory.GetFiles("/usr/lib/x86_64-linux-gnu", "libstdc++.so.6*").OrderBy(p => p.Length).First();
            BinaryFacts facts = BinaryInspector.Inspect(path);
            Assert.That(facts.Error, Is.Null);
            var fromFacts = facts.VersionNeeds.SelectMany(l => l.Versions.SelectMany(v => v.Symbols.Select(s => s + "@" + v.Name))).OrderBy(s => s, StringComparer.Ordinal).ToList();
            var fromReadelf = ReadElf.Of(path).VersionedImports.Select(i => i.Symbol + "@" + i.Version).OrderBy(s => s, StringComparer.Ordinal).ToList();
            Assert.That(fromFacts.Count, Is.GreaterThan(100));
            Assert.That(fromFacts, Is.EqualTo(fromReadelf));
        }

        [Test]
        [Category("RealWorld")]
        public void Large_string_tables_read_page_by_page_give_the_imports_readelf_gives()
        {
            // The 30 largest libraries of this machine's system folder whose dynamic string table is read page by page
            // (over 64 KB): their versioned imports, symbol by symbol, are readelf's, and fewer bytes were read than the
            // tables have.
            var paged = new List<(string Path, int Length)>();
            // Files, not the symbolic links to them (libLLVM-15.so and libLLVM-15.so.1 are one library).
            foreach (string path in Directory.GetFiles("/usr/lib/x86_64-linux-gnu", "*.so*").Where(p => new FileInfo(p).LinkTarget is null && ElfFile.IsElfFile(p)).OrderBy(p => p, StringComparer.Ordinal))
            {
                try
                {
                    using ElfFile elf = ElfFile.Open(path);
                    if (elf.DynamicStrings.Length > ElfStringTable.WholeLimit) paged.Add((path, elf.DynamicStrings.Length));
                }
                catch (ElfFormatException)
                {
                }
            }
            Assert.That(paged.Count, Is.GreaterThan(10), "this machine has large libraries to read");
            long tableBytes = 0, readBytes = 0;
            foreach ((string path, int length) in paged.OrderByDescending(p => p.Length).Take(30))
            {
                BinaryFacts facts = BinaryInspector.Inspect(path);
                Assert.That(facts.Error, Is.Null, path);
                var fromFacts = facts.VersionNeeds.SelectMany(l => l.Versions.SelectMany(v => v.Symbols.Select(s => s + "@" + v.Name))).OrderBy(s => s, StringComparer.Ordinal);
                var fromReadelf = ReadElf.Of(path).VersionedImports.Select(i => i.Symbol + "@" + i.Version).OrderBy(s => s, StringComparer.Ordinal);
                Assert.That(fromFacts, Is.EqualTo(fromReadelf), path);
                using ElfFile again = ElfFile.Open(path);
                again.VisitImports((_, _, _, _, _) => { });
                tableBytes += length;
                readBytes += again.DynamicStrings.BytesRead;
            }
            TestContext.Out.WriteLine(paged.Count + " libraries with paged string tables; the 30 largest: " + tableBytes / 1024 + " KB of tables, " + readBytes / 1024 + " KB read for their imports");
            Assert.That(readBytes, Is.LessThan(tableBytes), "a large table is read as far as its imports' names need");
        }

        [Test]
        public void Repeated_names_come_back_as_one_string_and_every_name_as_its_bytes_say()
        {
            byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes("\0" + s + "\0");
            var pool = new ElfNamePool();
            string Get(byte[] b) => pool.Name(b, 1, b.Length - 2);
            // A run's first names are made as they come: the pool's table is not made for a few.
            string early = Get(Utf8("GLIBC_2.2.5"));
            Assert.That(ReferenceEquals(early, Get(Utf8("GLIBC_2.2.5"))), Is.False, "no table yet");
            for (int i = 0; i < ElfNamePool.UnpooledFirst; i++) Assert.That(Get(Utf8("early_" + i)), Is.EqualTo("early_" + i));
            string first = Get(Utf8("GLIBC_2.2.5")), again = Get(Utf8("GLIBC_2.2.5"));
            Assert.That(again, Is.EqualTo("GLIBC_2.2.5"));
            Assert.That(ReferenceEquals(first, again), Is.True, "a short ASCII name read twice is one string");
            Assert.That(Get(Utf8("libstdc++.so.6")), Is.EqualTo("libstdc++.so.6"));
            Assert.That(Get(Utf8("libünïcode.so.1")), Is.EqualTo("libünïcode.so.1"), "not ASCII: decoded, not pooled");
            string longName = new string('x', 200);
            Assert.That(Get(Utf8(longName)), Is.EqualTo(longName));
            // 5,000 names through 1,024 slots, twice: collisions replace each other and every name still reads right.
            for (int round = 0; round < 2; round++)
            {
                for (int i = 0; i < 5000; i++) Assert.That(Get(Utf8("name_" + i)), Is.EqualTo("name_" + i));
            }
            Assert.That(ElfNamePool.Get(new byte[] { 0 }, 0, 0), Is.EqualTo(""));
        }

        [Test]
        public void A_paged_string_table_gives_names_in_symbol_order_whatever_its_own_order()
        {
            // 3,000 imports with long names: a string table over WholeLimit, read through page slots. It holds the
            // names in reverse, so reading them in the table's order (as the reader does, to read each page once)
            // and handing them out in the symbols' order are different orders.
            var names = Enumerable.Range(0, 3000).Select(i => "imported_function_with_a_long_name_" + i.ToString("D5")).ToList();
            var builder = new ElfImageBuilder
            {
                Needed = { "libc.so.6" },
                VersionNeeds = { ("libc.so.6", new() { ("GLIBC_2.2.5", 0, 2), ("GLIBC_2.34", 0, 3) }) },
            };
            builder.StringsFirst.AddRange(Enumerable.Reverse(names));
            for (int i = 0; i < names.Count; i++) builder.Imports.Add((names[i], (ushort)(i % 2 == 0 ? 2 : 3), false));
            byte[] image = builder.Build();
            const int Corrupt = 1500; // this symbol's name points past the table: a placeholder and a warning, in its place
            builder.Poke32(image, builder.DynSymOffset + (Corrupt + 1) * 24, 0x7ffffff0);
            var expected = names.ToList();
            expected[Corrupt] = "<corrupt st_name 0x7ffffff0>";

            using (ElfFile elf = ElfFile.Read(image))
            {
                Assert.That(elf.DynamicStrings.Length, Is.GreaterThan(ElfStringTable.WholeLimit));
                Assert.That(elf.Imports.Select(i => i.Symbol), Is.EqualTo(expected));
                Assert.That(elf.Warnings.Select(w => w.ToString()), Has.Exactly(1).Contains("st_name 0x7ffffff0"));
            }
            BinaryFacts facts = BinaryInspector.Inspect(image, "paged");
            Assert.That(facts.VersionNeeds.Single().Versions.Select(v => v.Name), Is.EqualTo(new[] { "GLIBC_2.2.5", "GLIBC_2.34" }));
            Assert.That(facts.VersionNeeds[0].Versions[0].Symbols, Is.EqualTo(expected.Where((_, i) => i % 2 == 0)));
            Assert.That(facts.VersionNeeds[0].Versions[1].Symbols, Is.EqualTo(expected.Where((_, i) => i % 2 == 1)));
            Assert.That(facts.Warnings, Has.Exactly(1).Contains("st_name 0x7ffffff0"));
        }

        [Test]
        public void A_closed_file_gives_its_arena_to_the_next_and_what_was_read_stays_true()
        {
            // Read a large table set first (the arena grows to hold it), then small files through the same arenas:
            // each file's facts equal those of a fresh process's reading, whatever was in the buffer before.
            string big = Directory.GetFiles("/usr/lib/x86_64-linux-gnu", "libstdc++.so.6*").OrderBy(p => p.Length).First();
            BinaryFacts first = BinaryInspector.Inspect(big);
            foreach (string name in s_files)
            {
                BinaryFacts again = BinaryInspector.Inspect(Repo.Fixture(name));
                var expected = ReadElf.Of(Repo.Fixture(name));
                Assert.That(again.Needed, Is.EqualTo(expected.Needed), name);
                Assert.That(again.VersionNeeds.SelectMany(l => l.Versions.SelectMany(v => v.Symbols.Select(s => s + "@" + v.Name))).OrderBy(s => s, StringComparer.Ordinal),
                    Is.EqualTo(expected.VersionedImports.Select(i => i.Symbol + "@" + i.Version).OrderBy(s => s, StringComparer.Ordinal)), name);
            }
            Assert.That(BinaryInspector.Inspect(big).VersionNeeds.SelectMany(l => l.Versions).Sum(v => v.Symbols.Count),
                Is.EqualTo(first.VersionNeeds.SelectMany(l => l.Versions).Sum(v => v.Symbols.Count)), "the big file read again, into a reused arena");
        }

        [Test]
        public void Reading_a_folder_twice_allocates_little_for_tables_the_second_time()
        {
            // The arenas are warm after the first pass: the second allocates facts, not table buffers. With a fresh
            // array per table instead, this pass over 197 libraries (3.8 MB of tables) allocated 6.2 MB; with the
            // arenas, 1 MB (2026-12-04, this machine).
            string[] files = Directory.GetFiles("/usr/lib/x86_64-linux-gnu", "*.so.*").Where(f => !f.Contains("LLVM")).Take(200).Where(ElfFile.IsElfFile).ToArray();
            Read(files);
            long before = GC.GetAllocatedBytesForCurrentThread();
            long tableBytes = Read(files);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            TestContext.Out.WriteLine(files.Length + " files, " + tableBytes / 1024 + " KB of symbol and string tables read, " + allocated / 1024 + " KB allocated");
            Assert.That(allocated, Is.LessThan(tableBytes / 2), "tables are read into reused arenas");
        }

        private static long Read(string[] files)
        {
            long tableBytes = 0;
            foreach (string f in files)
            {
                using ElfFile elf = ElfFile.Open(f);
                try
                {
                    tableBytes += elf.DynamicStrings.Length + (long)elf.DynamicSymbolCount * 24;
                    elf.VisitImports((_, _, _, _, _) => { });
                }
                catch (ElfFormatException)
                {
                }
            }
            return tableBytes;
        }

        [Test]
        public void Symbol_names_decode_once_and_match_without_decoding_the_rest()
        {
            var names = new SymbolNames(new[] { "memcpy", "pthread_getattr_default_np", "ünïcode", "" });
            Assert.That(names.Count, Is.EqualTo(4));
            Assert.That(names.Matching(new NameSet(new[] { "pthread_getattr_default_np", "absent" })), Is.EqualTo(new[] { "pthread_getattr_default_np" }));
            Assert.That(names.Matching(new NameSet(new[] { "absent" })), Is.Null);
            var repeated = new SymbolNames(new[] { "pow", "exp", "log", "pow" });
            Assert.That(repeated.Matching(new NameSet(new[] { "pow", "exp" })), Is.EqualTo(new[] { "pow", "exp", "pow" }), "list order, every occurrence");
            Assert.That(repeated.Matching(new NameSet(new[] { "po", "pow2" })), Is.Null, "a hash match is checked byte by byte");
            Assert.That(names, Is.EqualTo(new[] { "memcpy", "pthread_getattr_default_np", "ünïcode", "" }));
            Assert.That(names[2], Is.SameAs(names[2]), "decoded once, then kept");
            Assert.That(() => names[4], Throws.TypeOf<ArgumentOutOfRangeException>());
            names.Add("later");
            Assert.That(names.Last(), Is.EqualTo("later"), "a name added after reading is seen");
        }
    }
}
