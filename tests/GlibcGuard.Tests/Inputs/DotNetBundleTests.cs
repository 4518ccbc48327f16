using System;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Elf;
using GlibcGuard.Inputs;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Inputs
{
    /// <summary>The single-file bundle reader on bundles written by the test's own bundler, whole and damaged.</summary>
    [TestFixture]
    public class DotNetBundleTests
    {
        private static BundleBuilder Sample() => new BundleBuilder
        {
            Files =
            {
                ("app.dll", new byte[] { 0x4d, 0x5a, 1, 2, 3 }, 1, false),
                ("libnewglibc.so", File.ReadAllBytes(Repo.Fixture("libnewglibc.so")), 2, true),
                ("native/libgreet.so.1", File.ReadAllBytes(Repo.Fixture("libgreet.so.1")), 2, false),
                ("app.deps.json", System.Text.Encoding.UTF8.GetBytes("{}"), 3, false),
            },
        };

        [Test]
        public void Entries_are_listed_and_read_without_extracting()
        {
            BundleBuilder builder = Sample();
            byte[] image = builder.Build();
            using ElfFile host = ElfFile.Read(image);
            DotNetBundle bundle = DotNetBundle.TryRead(host)!;
            Assert.That(bundle.HeaderOffset, Is.EqualTo(builder.HeaderOffset));
            Assert.That(bundle.MajorVersion, Is.EqualTo(6u));
            Assert.That(bundle.BundleId, Is.EqualTo("testbundle"));
            Assert.That(bundle.Entries.Select(e => e.RelativePath + ":" + e.Type + ":" + e.IsCompressed), Is.EqualTo(new[]
            {
                "app.dll:Assembly:False", "libnewglibc.so:NativeBinary:True", "native/libgreet.so.1:NativeBinary:False", "app.deps.json:DepsJson:False",
            }));
            Assert.That(bundle.ReadEntry(bundle.Entries[1], new ReadBudget().ForContainer("test")), Is.EqualTo(File.ReadAllBytes(Repo.Fixture("libnewglibc.so"))));
            Assert.That(bundle.ReadEntry(bundle.Entries[2], new ReadBudget().ForContainer("test")), Is.EqualTo(File.ReadAllBytes(Repo.Fixture("libgreet.so.1"))));
        }

        [Test]
        public void A_host_that_is_not_a_bundle_has_no_manifest()
        {
            using ElfFile plain = ElfFile.Open(Repo.Fixture("gcc-x86_64-pie"));
            Assert.That(DotNetBundle.TryRead(plain), Is.Null);
            var marker = new byte[40];
            BundleBuilder.Signature.CopyTo(marker, 8); // signature with a zero offset: an apphost that was never bundled
            using ElfFile apphost = ElfFile.Read(new ElfImageBuilder { ExtraData = marker }.Build());
            Assert.That(DotNetBundle.TryRead(apphost), Is.Null);
        }

        [Test]
        public void Check_reports_files_inside_the_bundle_as_bundle_path_bang_inner_path()
        {
            string path = Path.Combine(Repo.TempDir("bundle"), "app");
            File.WriteAllBytes(path, Sample().Build());
            var inputs = InputInspector.Read(path);
            Assert.That(inputs.Select(i => i.Facts.Path), Is.EqualTo(new[] { path, path + "!libnewglibc.so", path + "!native/libgreet.so.1" }));
            Assert.That(inputs[0].IsDotNetRuntime, Is.True, "a bundle's host is the single-file host");
            BaselineCatalog.TryGet("centos8", out Baseline centos8);
            AnalysisResult result = Analyzer.Analyze(inputs, new AnalysisOptions { Baseline = centos8 });
            Assert.That(result.Findings.Where(f => f.Id == DiagnosticId.VersionMissing).Select(f => f.File).Distinct(), Is.EqualTo(new[] { path + "!libnewglibc.so" }));
        }

        [Test]
        public void Damaged_manifests_are_findings_with_an_offset()
        {
            BundleBuilder builder = Sample();
            byte[] image = builder.Build();
            int header = (int)builder.HeaderOffset;

            byte[] Variant(Action<byte[]> damage) { var copy = (byte[])image.Clone(); damage(copy); return copy; }
            var cases = new (string Name, byte[] Image, string Expected)[]
            {
                ("version", Variant(b => BitConverter.GetBytes(9u).CopyTo(b, header)), "unsupported bundle manifest version 9.0"),
                ("count", Variant(b => BitConverter.GetBytes(int.MaxValue).CopyTo(b, header + 8)), "file count does not fit"),
                ("truncated", image.Take(header + 120).ToArray(), "bundle manifest ends inside its entry"),
                ("short", image.Take(header + 30).ToArray(), "file count does not fit"),
                ("offset", Variant(b => BitConverter.GetBytes((long)image.Length * 4).CopyTo(b, FindMarker(b) - 8)), "outside the file"),
            };
            foreach (var (name, bytes, expected) in cases)
            {
                using ElfFile host = ElfFile.Read(bytes);
                var e = Assert.Throws<ContainerFormatException>(() => DotNetBundle.TryRead(host), name)!;
                Assert.That(e.Message, Does.Contain(expected), name);
                Assert.That(e.Offset, Is.GreaterThan(0), name + ": the damage has a place");
            }

            string path = Path.Combine(Repo.TempDir("bundle"), "broken");
            File.WriteAllBytes(path, cases[1].Image);
            var inputs = InputInspector.Read(path);
            Assert.That(inputs.Last().Facts.Error!.Code.AsString(), Is.EqualTo("GG0004"));
            BaselineCatalog.TryGet("centos8", out Baseline centos8);
            Assert.That(Analyzer.Analyze(inputs, new AnalysisOptions { Baseline = centos8 }).Findings.Select(f => f.Code), Does.Contain("GG0004"));
        }

        [Test]
        public void Damaged_compressed_data_is_an_error_not_a_crash()
        {
            BundleBuilder builder = Sample();
            byte[] image = builder.Build();
            using (ElfFile host = ElfFile.Read(image))
            {
                BundleEntry entry = DotNetBundle.TryRead(host)!.Entries[1];
                for (int i = 0; i < 64; i++) image[entry.Offset + 20 + i] ^= 0x5a;
            }
            using ElfFile damaged = ElfFile.Read(image);
            DotNetBundle bundle = DotNetBundle.TryRead(damaged)!;
            var e = Assert.Throws<ContainerFormatException>(() => bundle.ReadEntry(bundle.Entries[1], new ReadBudget().ForContainer("test")))!;
            Assert.That(e.Reason, Does.StartWith("bundle entry libnewglibc.so"));
        }

        [Test]
        public void Mutated_manifests_are_read_or_rejected_with_a_format_error_never_a_crash()
        {
            BundleBuilder builder = Sample();
            byte[] image = builder.Build();
            var random = new Random(1126);
            int read = 0, rejected = 0;
            for (int i = 0; i < 2000; i++)
            {
                byte[] v = (byte[])image.Clone();
                int at = (int)builder.HeaderOffset + random.Next(image.Length - (int)builder.HeaderOffset);
                for (int k = random.Next(1, 6); k > 0; k--) v[Math.Min(v.Length - 1, at + random.Next(16))] = (byte)random.Next(256);
                try
                {
                    using ElfFile host = ElfFile.Read(v);
                    DotNetBundle? bundle = DotNetBundle.TryRead(host);
                    foreach (BundleEntry entry in bundle?.Entries ?? Array.Empty<BundleEntry>())
                    {
                        if (entry.Type == BundleFileType.NativeBinary) BinaryInspector.Inspect(bundle!.ReadEntry(entry, new ReadBudget().ForContainer("test")), entry.RelativePath);
                    }
                    read++;
                }
                catch (Exception e) when (e is ElfFormatException || e is ContainerFormatException)
                {
                    rejected++;
                }
            }
            TestContext.Out.WriteLine(read + " read, " + rejected + " rejected (seed 1126)");
            Assert.That(rejected, Is.GreaterThan(0), "the mutations reach the manifest's checks");
            Assert.That(read, Is.GreaterThan(0), "and some leave a readable bundle");
        }

        private static int FindMarker(byte[] image)
        {
            for (int i = 8; i < image.Length - BundleBuilder.Signature.Length; i++)
            {
                if (image.AsSpan(i, BundleBuilder.Signature.Length).SequenceEqual(BundleBuilder.Signature)) return i;
            }
            throw new InvalidOperationException("no marker");
        }
    }
}
