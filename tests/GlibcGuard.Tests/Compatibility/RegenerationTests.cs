using System.IO;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// The generated baseline code is what its generator makes of eng/reference/ today: regenerated into a temporary
    /// folder from a clone's own files (no network) and compared byte for byte with the committed file.
    /// </summary>
    [TestFixture]
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
    }
}
