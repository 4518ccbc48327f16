using System.IO;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// The generated baseline code is what its generator makes of eng/reference/ today: regenerated into a temporary
    /// folder from a clone's own files (no network) and compared byte for byte with the committed file.
    /// </summary>
    [TestFixture]
    [Parallelizable(ParallelScope.Self)]
    public class RegenerationTests
    {
        [Test]
        public void BaselineData_is_what_gen_baselines_writes_from_eng_reference()
        {
            string dir = Repo.TempDir("regen");
            var run = Processes.Run("python3", new[] { Path.Combine(Repo.Root, "eng", "gen-baselines.py"), Path.Combine(Repo.Root, "eng", "reference"), dir });
            Assert.That(run.ExitCode, Is.Zero, run.All);
            string committed = Path.Combine(Repo.Root, "src", "GlibcGuard.Compatibility", "Baselines", "BaselineData.g.cs");
            Assert.That(File.ReadAllText(Path.Combine(dir, "BaselineData.g.cs")), Is.EqualTo(File.ReadAllText(committed)),
                "run eng/regen.sh and commit the result");
        }

        /// <summary>
        /// The .NET images' data (ImageData.g.cs, the soname tables, eng/reference/dotnet-images.json) from
        /// eng/reference/dotnet-images/ and the Debian and Ubuntu indexes (downloaded once into artifacts/distro-index).
        /// </summary>
        [Test]
        [Category("RealWorld")]
        public void ImageData_is_what_gen_image_baselines_writes_from_eng_reference_and_the_indexes()
        {
            string dir = Repo.TempDir("regen-images");
            var run = Processes.Run("python3", new[] { Path.Combine(Repo.Root, "eng", "gen-image-baselines.py"), Path.Combine(Repo.Root, "eng", "reference", "dotnet-images"), dir },
                timeoutSeconds: 900);
            Assert.That(run.ExitCode, Is.Zero, run.All);
            string baselines = Path.Combine(Repo.Root, "src", "GlibcGuard.Compatibility", "Baselines");
            Assert.That(File.ReadAllText(Path.Combine(dir, "ImageData.g.cs")), Is.EqualTo(File.ReadAllText(Path.Combine(baselines, "ImageData.g.cs"))), "run eng/regen.sh --network");
            Assert.That(File.ReadAllText(Path.Combine(dir, "dotnet-images.json")), Is.EqualTo(File.ReadAllText(Path.Combine(Repo.Root, "eng", "reference", "dotnet-images.json"))));
            foreach (string table in Directory.GetFiles(baselines, "sonames.*.txt.gz"))
            {
                Assert.That(File.ReadAllBytes(Path.Combine(dir, Path.GetFileName(table))), Is.EqualTo(File.ReadAllBytes(table)), table);
            }
        }
    }
}
