using GlibcGuard.Compatibility;

namespace GlibcGuard.Tests.Infrastructure
{
    /// <summary>The helpers every rule test uses (with `using static`): a built-in baseline by id, a fixture read as an input.</summary>
    internal static class TestData
    {
        /// <summary>A built-in baseline; an unknown id fails the test that asks.</summary>
        public static Baseline B(string id)
        {
            Assert.That(BaselineCatalog.TryGet(id, out Baseline b), Is.True, id + " is a built-in baseline");
            return b;
        }

        /// <summary>A file of tests/fixtures/elf, read as the engine reads any file.</summary>
        public static AnalysisInput Fixture(string name) => new AnalysisInput(BinaryInspector.Inspect(Repo.Fixture(name)));
    }
}
