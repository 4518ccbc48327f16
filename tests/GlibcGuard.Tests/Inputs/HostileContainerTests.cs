using System;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using GlibcGuard.Inputs;
using GlibcGuard.Tests.Cli;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Inputs
{
    /// <summary>
    /// Small crafted containers that declare far more work than they hold: each is refused with a code, quickly,
    /// with little memory and no temporary file, and the check is incomplete (exit code 3), never a pass.
    /// </summary>
    [TestFixture]
    [NonParallelizable]
    public class HostileContainerTests
    {
        /// <summary>Runs `glibcguard ARGS` in-process; returns its result with the time and the bytes allocated meanwhile.</summary>
        private static ((int Exit, string Out, string Err) Result, TimeSpan Elapsed, long Allocated) Measure(params string[] args)
        {
            GC.Collect();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var result = InspectCommandTests.Run(args);
            clock.Stop();
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            TestContext.Out.WriteLine("glibcguard " + string.Join(" ", args.Select(Path.GetFileName)) + ": exit " + result.Exit + ", " +
                clock.Elapsed.TotalMilliseconds.ToString("F0") + " ms, " + (allocated >> 20) + " MiB allocated");
            return (result, clock.Elapsed, allocated);
        }

        private static string Write(string name, byte[] bytes)
        {
            string path = Path.Combine(Repo.TempDir("hostile"), name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        private static string[] SpillFiles() => Directory.GetFiles(Path.GetTempPath(), "glibcguard-*.elf");

        [Test]
        public void A_bundle_whose_entries_declare_huge_sizes_is_refused_entry_by_entry_without_allocating_them()
        {
            // 10,000 compressed native entries, each declaring 256 MiB and holding one byte: the old reader
            // allocated every declared size before inflating (64 s, 351 MB peak).
            var builder = new BundleBuilder();
            for (int i = 0; i < 10_000; i++)
            {
                builder.Files.Add(("lib" + i + ".so", new byte[] { 0x7f }, 2, true));
                builder.DeclaredSizes[i] = DotNetBundle.MaxEntrySize;
            }
            string bundle = Write("hugebundle", builder.Build());
            Assert.That(new FileInfo(bundle).Length, Is.LessThan(1 << 20), "a small file");

            var (r, elapsed, allocated) = Measure("check", bundle, "--baseline", "centos8");
            Assert.That(r.Exit, Is.EqualTo(3), "the entries could not be checked: incomplete");
            int refused = Regex.Matches(r.Out, @"warning GG0004: lib\d+\.so could not be checked: bundle entry lib\d+\.so declares 268435456 bytes inflated from \d+ compressed ones, more than deflate can produce").Count;
            Assert.That(refused, Is.EqualTo(10_000), r.Out.Substring(0, Math.Min(2000, r.Out.Length)));
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(20)));
            Assert.That(allocated, Is.LessThan(512L << 20), "nothing near 10,000 × 256 MiB is allocated");
        }

        [Test]
        public void A_bundle_entry_that_inflates_to_less_than_it_declares_costs_what_it_holds()
        {
            // Within deflate's ratio (64 KiB that do not compress, declared as 320 KiB): the buffer grows with what
            // is inflated and the entry is damaged, not read past its data.
            var noise = new byte[64 << 10];
            new Random(2111).NextBytes(noise);
            var builder = new BundleBuilder();
            builder.Files.Add(("libshort.so", noise, 2, true));
            builder.DeclaredSizes[0] = 320 << 10;
            string bundle = Write("shortbundle", builder.Build());
            var (r, _, _) = Measure("check", bundle, "--baseline", "centos8");
            Assert.That(r.Exit, Is.EqualTo(3));
            Assert.That(r.Out, Does.Contain("warning GG0004: libshort.so could not be checked: bundle entry libshort.so does not inflate to its stated size 327680"));
        }

        [Test]
        public void A_package_whose_entries_overlap_is_one_coded_finding_and_no_entry_is_inflated_twice()
        {
            // 1,000 central-directory records all pointing at one local entry that inflates to 250 MiB: the old
            // reader spilled it to a temporary file once per record (84 s, about 244 GiB written).
            string package = Write("overlap.nupkg", CraftedZip.Overlapping(1000, 250L << 20));
            Assert.That(new FileInfo(package).Length, Is.LessThan(1 << 20));
            string[] spillsBefore = SpillFiles();

            var (r, elapsed, allocated) = Measure("check", package, "--baseline", "centos8");
            Assert.That(r.Exit, Is.EqualTo(3), r.Out);
            Assert.That(r.Out, Does.Contain("warning GG0004: overlap.nupkg could not be checked: the package's zip entries overlap: runtimes/linux-x64/native/lib1.so " +
                "(local header at 0) lies inside the data of runtimes/linux-x64/native/lib0.so (the same record repeated), and 998 more; the 1000 entries involved are not read"), r.Out);
            Assert.That(Regex.Matches(r.Out, "GG0004").Count, Is.EqualTo(1), "said once for the package");
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
            Assert.That(allocated, Is.LessThan(64L << 20), "no entry was inflated");
            Assert.That(SpillFiles(), Is.EquivalentTo(spillsBefore), "nothing spilled to the temporary folder");
        }

        [Test]
        public void A_zip_entry_that_declares_more_than_deflate_can_produce_is_refused_before_inflating()
        {
            string package = Write("bomb.nupkg", CraftedZip.Inflated(actual: 4096, declared: 200L << 20));
            var (r, elapsed, allocated) = Measure("check", package, "--baseline", "centos8");
            Assert.That(r.Exit, Is.EqualTo(3));
            Assert.That(r.Out, Does.Match(@"warning GG0004: libbomb\.so could not be checked: zip entry runtimes/linux-x64/native/libbomb\.so declares 209715200 bytes inflated from \d+ compressed ones, more than deflate can produce \(at most 1032 to 1\)"), r.Out);
            Assert.That(allocated, Is.LessThan(32L << 20));
            Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        }

        /// <summary>A package with <paramref name="copies"/> ELF entries (the libnewglibc.so fixture, 14,176 bytes each).</summary>
        private static string HonestPackage(string name, int copies)
        {
            string path = Path.Combine(Repo.TempDir("hostile"), name + ".nupkg");
            using (ZipArchive zip = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                using (var nuspec = new StreamWriter(zip.CreateEntry(name + ".nuspec").Open()))
                {
                    nuspec.Write("<?xml version=\"1.0\"?><package><metadata><id>" + name + "</id><version>1.0.0</version></metadata></package>");
                }
                for (int i = 0; i < copies; i++)
                {
                    zip.CreateEntryFromFile(Repo.Fixture("libnewglibc.so"), "runtimes/linux-x64/native/lib" + i + ".so");
                }
            }
            return path;
        }

        [Test]
        public void A_package_over_its_container_budget_is_GG0007_and_incomplete_and_the_option_raises_it()
        {
            string package = HonestPackage("Budget.Test", 3);
            var (r, _, _) = Measure("check", package, "--baseline", "debian12", "--max-container-bytes", "20K");
            Assert.That(r.Exit, Is.EqualTo(3), r.Out);
            Assert.That(r.Out, Does.Not.Contain("lib0.so could not be checked"), "the first entry fits and is judged");
            Assert.That(r.Out, Does.Contain("warning GG0007: lib2.so could not be checked: " + package + " would need more than its read budget of 20480 bytes to read entry runtimes/linux-x64/native/lib2.so"), r.Out);

            var (raised, _, _) = Measure("check", package, "--baseline", "debian12", "--max-container-bytes", "1M");
            Assert.That(raised.Out, Does.Not.Contain("GG0007"));
            Assert.That(raised.Exit, Is.Zero, "read whole, and libnewglibc.so's GLIBC_2.36 is debian12's: " + raised.Out);
        }

        [Test]
        public void The_run_budget_spans_every_container()
        {
            string first = HonestPackage("Run.First", 1), second = HonestPackage("Run.Second", 1);
            var (r, _, _) = Measure("check", first, second, "--baseline", "debian12", "--max-total-bytes", "20K");
            Assert.That(r.Exit, Is.EqualTo(3));
            Assert.That(Regex.Matches(r.Out, "GG0007").Count, Is.EqualTo(1), r.Out);
            Assert.That(r.Out, Does.Contain("would take this run past its read budget of 20480 bytes"));
        }

        [Test]
        public void A_bundle_over_its_budget_is_GG0007()
        {
            var builder = new BundleBuilder();
            builder.Files.Add(("libnewglibc.so", File.ReadAllBytes(Repo.Fixture("libnewglibc.so")), 2, true));
            builder.Files.Add(("libgreet.so.1", File.ReadAllBytes(Repo.Fixture("libgreet.so.1")), 2, false));
            string bundle = Write("budgetbundle", builder.Build());
            var (r, _, _) = Measure("check", bundle, "--baseline", "debian12", "--max-container-bytes", "16K");
            Assert.That(r.Exit, Is.EqualTo(3));
            Assert.That(r.Out, Does.Contain("warning GG0007: libgreet.so.1 could not be checked: " + bundle + " would need more than its read budget of 16384 bytes to read bundle entry libgreet.so.1"), r.Out);
            Assert.That(r.Out, Does.Not.Contain("libnewglibc.so could not be checked"), "the entry within the budget is judged");
        }

        [TestCase("lots")]
        [TestCase("0")]
        [TestCase("-5M")]
        [TestCase("9999999999G")]
        public void A_budget_that_is_not_a_size_is_a_usage_error(string value)
        {
            var (exit, _, err) = InspectCommandTests.Run("check", Repo.Fixture("libnewglibc.so"), "--max-container-bytes", value);
            Assert.That(exit, Is.EqualTo(2));
            Assert.That(err, Does.Contain("--max-container-bytes takes a size in bytes"));
        }

        [TestCase("1000", 1000L)]
        [TestCase("64K", 65536L)]
        [TestCase("512m", 536870912L)]
        [TestCase("2G", 2147483648L)]
        public void Sizes_parse_with_binary_suffixes(string text, long bytes)
        {
            Assert.That(ReadBudget.TryParseSize(text, out long parsed), Is.True);
            Assert.That(parsed, Is.EqualTo(bytes));
        }
    }
}
