using System.IO;
using System.Linq;
using System.Text.Json;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Infrastructure;
using static GlibcGuard.Tests.Infrastructure.TestData;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// The .NET container images as baselines: the generated catalog says what eng/reference/dotnet-images.json says,
    /// which says what the shared reference data says of each chiseled image; names resolve as users write them;
    /// the fixes name what works in that kind of image; images without a baseline say why.
    /// </summary>
    [TestFixture]
    public class ImageBaselineTests
    {
        [Test]
        public void The_catalog_is_the_reference_data()
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "eng", "reference", "dotnet-images.json")));
            JsonElement[] images = doc.RootElement.GetProperty("images").EnumerateArray().ToArray();
            Assert.That(ImageCatalog.All.Select(i => i.Id), Is.EqualTo(images.Select(i => i.GetProperty("id").GetString())));
            foreach (JsonElement image in images)
            {
                ImageSpec spec = ImageCatalog.Find(image.GetProperty("id").GetString()!)!;
                Assert.That(spec.UnsupportedReason is null, Is.EqualTo(image.GetProperty("supported").GetBoolean()), spec.Id);
                if (spec.UnsupportedReason != null) continue;
                Assert.That(spec.Libraries, Is.EqualTo(image.GetProperty("libraries").EnumerateArray().Select(l => l.GetString())), spec.Id);
                Assert.That(spec.Icu, Is.EqualTo(image.GetProperty("icu").GetBoolean()), spec.Id);
                Assert.That(spec.Source, Does.Contain("dotnet/dotnet-docker@"), spec.Id + ": the Dockerfile's repository and commit");
            }
            Assert.That(ImageCatalog.All.Count(i => i.UnsupportedReason is null), Is.EqualTo(26));
            Assert.That(ImageCatalog.All.Count(i => i.IsMusl), Is.EqualTo(12), "the Alpine variants");
        }

        /// <summary>A chiseled image's list has as many libraries as the reference data counts for amd64 (the loader counted once).</summary>
        [Test]
        public void A_chiseled_image_has_the_amd64_libraries_of_its_slices_as_the_data_counts_them()
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "eng", "reference", "dotnet-images.json")));
            int checkedImages = 0;
            foreach (JsonElement image in doc.RootElement.GetProperty("images").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "chiseled" && i.GetProperty("supported").GetBoolean()))
            {
                ImageSpec spec = ImageCatalog.Find(image.GetProperty("id").GetString()!)!;
                Assert.That(spec.Libraries.Count(l => !l.StartsWith("ld-")) + 1, Is.EqualTo(image.GetProperty("library_count_amd64").GetInt32()), spec.Id);
                checkedImages++;
            }
            Assert.That(checkedImages, Is.EqualTo(8));
        }

        [TestCase("mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled", "dotnet-8.0-jammy-chiseled", "2.35")]
        [TestCase("mcr.microsoft.com/dotnet/runtime:9.0-bookworm-slim", "dotnet-9.0-bookworm-slim", "2.36")]
        [TestCase("dotnet/runtime-deps:10.0-noble-chiseled-extra", "dotnet-10.0-noble-chiseled-extra", "2.39")]
        [TestCase("mcr.microsoft.com/dotnet/aspnet:8.0", "dotnet-8.0-bookworm-slim", "2.36")]
        [TestCase("mcr.microsoft.com/dotnet/runtime-deps:10.0", "dotnet-10.0-noble", "2.39")]
        [TestCase("DOTNET-8.0-NOBLE", "dotnet-8.0-noble", "2.39")]
        public void Images_are_named_as_users_write_them(string name, string id, string glibc)
        {
            Assert.That(BaselineCatalog.TryGet(name, out Baseline b), Is.True, name);
            Assert.That((b.Image!.Id, b.GlibcVersion, b.LibrariesAreMinimalInstall), Is.EqualTo((id, glibc, true)));
            Assert.That(BaselineCatalog.All, Has.None.SameAs(b), "images are not among the distros of \"runs on\" and the matrix");
        }

        [TestCase("mcr.microsoft.com/dotnet/runtime-deps:8.0-azurelinux3.0", "Azure Linux 3.0")]
        [TestCase("mcr.microsoft.com/dotnet/runtime:10.0-resolute-chiseled", "Ubuntu 26.04")]
        public void An_image_without_a_baseline_says_why(string name, string reason)
        {
            Assert.That(BaselineCatalog.TryGet(name, out _), Is.False);
            Assert.That(BaselineCatalog.WhyUnknown(name), Does.Contain("GlibcGuard has no baseline for: ").And.Contain(reason));
            Assert.That(new CheckRequest { Baseline = name }.TryBuild(out _, out RequestError? error), Is.False);
            Assert.That(error!.Message, Does.Contain(reason));
        }

        private static Finding LibraryMissing(string baseline, string library)
        {
            var app = RuleTests.Glibc(("libc.so.6", "GLIBC_2.2.5", 0, "puts"));
            app.Needed.Add(library);
            AnalysisResult result = Analyzer.Analyze(new[] { new AnalysisInput(BinaryInspector.Inspect(app.Build(), "app")) }, new AnalysisOptions { Baseline = B(baseline) });
            return result.Findings.Single(f => f.Id == DiagnosticId.LibraryMissing);
        }

        [Test]
        public void A_library_a_full_image_lacks_is_fixed_with_the_releases_package_in_the_dockerfile()
        {
            Finding f = LibraryMissing("mcr.microsoft.com/dotnet/aspnet:8.0-bookworm-slim", "libfontconfig.so.1");
            Assert.That(f.Message, Does.Contain("which the image mcr.microsoft.com/dotnet/aspnet:8.0-bookworm-slim does not have"));
            Assert.That(f.Fix, Does.StartWith("add it to the image's Dockerfile: RUN apt-get update && apt-get install -y --no-install-recommends libfontconfig1 (the Debian 12 package"));
            Assert.That(LibraryMissing("mcr.microsoft.com/dotnet/runtime:10.0-noble", "libgdiplus.so.0").Fix, Does.Contain("install -y --no-install-recommends libgdiplus (the Ubuntu 24.04 package"));
            Assert.That(LibraryMissing("dotnet-9.0-bookworm-slim", "libnot-a-real-library.so.7").Fix, Does.StartWith("no Debian 12 package ships libnot-a-real-library.so.7"));
        }

        [Test]
        public void A_library_a_chiseled_image_lacks_is_fixed_with_the_variant_that_has_it()
        {
            // The -extra variant has ICU; the full jammy image has liblzma; none has fontconfig: the full image and its package.
            Assert.That(LibraryMissing("mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled", "libicuuc.so.70").Fix,
                Does.StartWith("use the -extra variant, mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled-extra, which has it"));
            Assert.That(LibraryMissing("mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled", "liblzma.so.5").Fix,
                Does.StartWith("use the full image, mcr.microsoft.com/dotnet/aspnet:8.0-jammy, which has it"));
            Assert.That(LibraryMissing("mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled", "libfontconfig.so.1").Fix,
                Does.StartWith("a chiseled image has no package manager: use the full image, mcr.microsoft.com/dotnet/runtime-deps:10.0-noble, and add RUN apt-get update && apt-get install -y --no-install-recommends libfontconfig1"));
        }

        [Test]
        public void A_non_invariant_app_on_a_chiseled_image_without_ICU_is_told_it_runs_invariant_there()
        {
            var input = new AnalysisInput(BinaryInspector.Inspect(Repo.Fixture("gcc-x86_64-static")));
            var app = new DotNetApp { CarriesRuntime = true, InvariantGlobalization = false, UsesOpenSsl = true };
            AnalysisResult chiseled = Analyzer.Analyze(new[] { input }, new AnalysisOptions { Baseline = B("mcr.microsoft.com/dotnet/runtime-deps:8.0-noble-chiseled"), DotNetApp = app });
            Finding icu = chiseled.Findings.Single(f => f.Id == DiagnosticId.IcuMissing);
            Assert.That(icu.Message, Does.Contain("sets DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true: there the app starts, but with the invariant culture only"));
            Assert.That(icu.Fix, Does.StartWith("use the -extra variant, mcr.microsoft.com/dotnet/runtime-deps:8.0-noble-chiseled-extra, which has ICU"));
            Assert.That(chiseled.Findings.Select(f => f.Id), Has.None.EqualTo(DiagnosticId.OpenSslMissing), "every image has OpenSSL");
            Assert.That(chiseled.Findings.Single(f => f.Id == DiagnosticId.RuntimePrerequisites).Message,
                Does.EndWith("The image mcr.microsoft.com/dotnet/runtime-deps:8.0-noble-chiseled has no ICU, OpenSSL and no GSSAPI."));
            AnalysisResult extra = Analyzer.Analyze(new[] { input }, new AnalysisOptions { Baseline = B("mcr.microsoft.com/dotnet/runtime-deps:8.0-noble-chiseled-extra"), DotNetApp = app });
            Assert.That(extra.Findings.Select(f => f.Id), Has.None.EqualTo(DiagnosticId.IcuMissing));
        }

        /// <summary>
        /// An Alpine image is a musl target: a glibc file is GG1006 there ("it will not start on Alpine", use the
        /// linux-musl-* build), a musl file is not, and where the glibc file runs elsewhere is still said.
        /// </summary>
        [Test]
        public void On_an_alpine_image_a_glibc_file_is_told_it_needs_glibc()
        {
            Baseline alpine = B("mcr.microsoft.com/dotnet/aspnet:10.0-alpine3.24");
            Assert.That((alpine.IsMusl, alpine.LibcLabel, alpine.DisplayName), Is.EqualTo((true, "musl", "mcr.microsoft.com/dotnet/aspnet:10.0-alpine3.24 (Alpine, musl)")));
            Assert.That(new CheckRequest { Baseline = alpine.Id, Rid = "linux-x64" }.TryBuild(out AnalysisOptions options, out _), Is.True);
            Assert.That(options.TargetIsMusl, Is.True, "a linux-x64 publish for an Alpine image is judged for musl");
            AnalysisInput glibc = Fixture("gcc-x86_64-pie"), musl = Fixture("musl-x86_64-dynamic");
            AnalysisResult result = Analyzer.Analyze(new[] { glibc, musl }, options);
            Finding f = result.Findings.Single(x => x.Severity == Severity.Error);
            Assert.That((f.Id, f.File), Is.EqualTo((DiagnosticId.GlibcOnMuslTarget, glibc.Facts.Path)));
            Assert.That(f.Message, Does.EndWith("but the target uses musl; it will not start on Alpine."));
            Assert.That(f.Fix, Is.EqualTo("use the musl (linux-musl-*) build of this file."));
            Assert.That(Analyzer.Analyze(new[] { glibc }, options).RunsOn, Does.Contain("Debian 12+"), "where the glibc file runs is judged for glibc");
            Assert.That(GlibcGuard.Compatibility.Reports.CheckReport.From(result, options).Baseline.Glibc, Is.Null);
        }

        /// <summary>The .NET 9+ images dropped zlib; SkiaSharp's native library is judged against each kind by the data alone.</summary>
        [Test]
        public void The_images_differ_where_the_data_says_they_do()
        {
            Assert.That(B("dotnet-8.0-noble-chiseled").ProvidesLibrary("libz.so.1"), Is.True);
            Assert.That(B("dotnet-9.0-noble-chiseled").ProvidesLibrary("libz.so.1"), Is.False, "zlib was removed from the .NET 9 runtime-deps images");
            Assert.That(B("dotnet-8.0-jammy-chiseled").ProvidesLibrary("libfontconfig.so.1"), Is.False);
            Assert.That(B("dotnet-8.0-jammy").ProvidesLibrary("libicuuc.so.70"), Is.True);
        }
    }
}
