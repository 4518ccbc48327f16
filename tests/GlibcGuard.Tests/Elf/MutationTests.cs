using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Elf;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Elf
{
    /// <summary>
    /// Seeded corruption of the real fixtures: flipped bytes, huge counts and offsets written into the headers
    /// and tables, truncations at every structure boundary. Every variant must either read or fail with
    /// <see cref="ElfFormatException"/>, quickly and with bounded allocation. GLIBCGUARD_MUTATIONS sets the
    /// number of variants per fixture (CI runs the default; set it high for a long run).
    /// </summary>
    [TestFixture]
    public class MutationTests
    {
        private static readonly Baseline s_baseline = BaselineCatalog.All[0];

        private static int VariantsPerFixture =>
            int.TryParse(Environment.GetEnvironmentVariable("GLIBCGUARD_MUTATIONS"), out int n) && n > 0 ? n : 300;

        public static IEnumerable<string> SmallFixtures() =>
            Repo.AllFixtures().Where(f => new FileInfo(f).Length < 100_000).Select(Path.GetFileName)!;

        [TestCaseSource(nameof(SmallFixtures))]
        public void Corrupted_variants_read_or_fail_with_a_typed_error(string name)
        {
            byte[] original = File.ReadAllBytes(Repo.Fixture(name));
            int[] boundaries = InterestingOffsets(original);
            // A seed fixed per fixture (string.GetHashCode differs in every process): a failure names it and replays.
            int seed = StableSeed(name);
            var random = new Random(seed);
            int read = 0, rejected = 0;
            for (int i = 0; i < VariantsPerFixture; i++)
            {
                byte[] variant = Mutate(original, boundaries, random, out int length);
                var watch = Stopwatch.StartNew();
                long allocated = GC.GetAllocatedBytesForCurrentThread();
                bool ok = ReadEverything(variant, length);
                Assert.That(watch.Elapsed.TotalSeconds, Is.LessThan(2), "variant " + i + " of " + name + " (seed " + seed + ") took too long");
                Assert.That(GC.GetAllocatedBytesForCurrentThread() - allocated, Is.LessThan(ElfFile.MaxTableSize * 2L), "variant " + i + " of " + name + " (seed " + seed + ")");
                if (ok) read++; else rejected++;
            }
            TestContext.Out.WriteLine(name + " (seed " + seed + "): " + read + " read, " + rejected + " rejected with ElfFormatException");
            Assert.That(rejected, Is.GreaterThan(0), "the mutations reach the reader's checks (seed " + seed + ")");
        }

        /// <summary>FNV-1a of the name: the same in every process and on every machine.</summary>
        private static int StableSeed(string name)
        {
            uint hash = 2166136261;
            foreach (char c in name) hash = (hash ^ c) * 16777619;
            return (int)(hash ^ 20261126);
        }

        /// <summary>Calls every public accessor; returns false when the file was rejected with a format error.</summary>
        private static bool ReadEverything(byte[] image, int length)
        {
            try
            {
                using ElfFile elf = ElfFile.Read(image, 0, length);
                _ = elf.Interpreter;
                _ = elf.Sections.Count;
                _ = elf.Dynamic?.Needed.Count;
                _ = elf.VersionNeeds.Count;
                _ = elf.VersionDefinitions.Count;
                _ = elf.Imports.Count;
                _ = elf.DynamicSymbols.Count;
                _ = elf.Notes.Count;
                _ = elf.AbiTagKernel;
                _ = elf.BuildId;
                _ = elf.X86IsaNeeded;
                _ = elf.Go;
                _ = CLibraries.Classify(elf, CLibraries.LinkageOf(elf));
                _ = elf.HasExecutableStack;
                var facts = new BinaryFacts { Path = "variant" };
                BinaryInspector.Fill(elf, facts);
                Analyzer.Analyze(new[] { new AnalysisInput(facts) }, new AnalysisOptions { Baseline = s_baseline, TargetMachine = Architecture.X86_64 });
                return true;
            }
            catch (ElfFormatException)
            {
                return false;
            }
        }

        private static int[] InterestingOffsets(byte[] image)
        {
            var offsets = new SortedSet<int> { 0, 16, 24, 32, 40, 48, 52, 54, 56, 58, 60, 62, 64 };
            try
            {
                using ElfFile elf = ElfFile.Read(image);
                foreach (ElfProgramHeader ph in elf.ProgramHeaders)
                {
                    offsets.Add((int)ph.Offset);
                    offsets.Add((int)Math.Min(ph.Offset + ph.FileSize, (ulong)image.Length));
                }
                foreach (ElfSectionHeader sh in elf.Sections)
                {
                    if (sh.Offset < (ulong)image.Length) offsets.Add((int)sh.Offset);
                }
                offsets.Add((int)elf.Header.ProgramHeaderOffset);
                offsets.Add((int)Math.Min(elf.Header.SectionHeaderOffset, (ulong)image.Length));
            }
            catch (ElfFormatException)
            {
            }
            return offsets.Where(o => o < image.Length).ToArray();
        }

        private static byte[] Mutate(byte[] original, int[] boundaries, Random random, out int length)
        {
            byte[] v = (byte[])original.Clone();
            length = v.Length;
            int kind = random.Next(5);
            int at = boundaries[random.Next(boundaries.Length)] + random.Next(64);
            at = Math.Min(at, v.Length - 8);
            switch (kind)
            {
                case 0: // flip a few bytes near a structure
                    for (int k = random.Next(1, 8); k > 0; k--) v[Math.Min(v.Length - 1, at + random.Next(32))] ^= (byte)random.Next(1, 256);
                    break;
                case 1: // a huge 32-bit value (counts, offsets, links)
                    BitConverter.GetBytes(random.Next(2) == 0 ? 0xffffffffu : (uint)random.Next()).CopyTo(v, at & ~3);
                    break;
                case 2: // a huge 64-bit value
                    BitConverter.GetBytes(random.Next(2) == 0 ? ulong.MaxValue : (ulong)random.NextInt64()).CopyTo(v, Math.Min(at & ~7, v.Length - 8));
                    break;
                case 3: // truncate at or near a boundary
                    length = Math.Max(0, Math.Min(v.Length, boundaries[random.Next(boundaries.Length)] + random.Next(-4, 5)));
                    break;
                default: // random bytes anywhere in the headers and tables
                    for (int k = random.Next(1, 16); k > 0; k--) v[random.Next(Math.Min(v.Length, 8192))] = (byte)random.Next(256);
                    break;
            }
            return v;
        }
    }
}
