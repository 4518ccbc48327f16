using System.IO;
using GlibcGuard.Inputs;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Cli
{
    /// <summary>`glibcguard check` of a self-contained publish folder reads the app's globalization mode from its runtimeconfig.json.</summary>
    [TestFixture]
    public class RuntimeConfigTests
    {
        private static string Folder(params (string Name, string Text)[] files)
        {
            string dir = Repo.TempDir("runtimeconfig");
            foreach (var (name, text) in files) File.WriteAllText(Path.Combine(dir, name), text);
            return dir;
        }

        [Test]
        public void The_invariant_setting_comes_from_the_runtimeconfig()
        {
            const string Invariant = "{ \"runtimeOptions\": { \"configProperties\": { \"System.Globalization.Invariant\": true } } }";
            const string NotSet = "{ \"runtimeOptions\": { \"tfm\": \"net10.0\", \"configProperties\": { \"System.GC.Server\": false } } }";
            Assert.That(RuntimeConfig.Invariant(new[] { Folder(("app.runtimeconfig.json", Invariant)) }), Is.True);
            Assert.That(RuntimeConfig.Invariant(new[] { Folder(("app.runtimeconfig.json", NotSet)) }), Is.False, "not set: the runtime's default, ICU");
            Assert.That(RuntimeConfig.Invariant(new[] { Folder() }), Is.Null, "no runtimeconfig (NativeAOT): not known");
            Assert.That(RuntimeConfig.Invariant(new[] { Folder(("a.runtimeconfig.json", Invariant), ("b.runtimeconfig.json", NotSet)) }), Is.Null, "two apps that disagree");
            Assert.That(RuntimeConfig.Invariant(new[] { Folder(("app.runtimeconfig.json", "{ not json")) }), Is.Null, "damaged: not known, no crash");
        }

        [TestCase("{ \"System.Globalization.Invariant\": true }", false)]
        [TestCase("{ \"runtimeOptions\": { \"System.Globalization.Invariant\": true } }", false)]
        [TestCase("{ \"other\": { \"configProperties\": { \"System.Globalization.Invariant\": true } } }", false)]
        [TestCase("{ \"runtimeOptions\": { \"configProperties\": { \"x\": { \"System.Globalization.Invariant\": true } } } }", false)]
        [TestCase("// written by hand\n{ \"runtimeOptions\": { \"configProperties\": { \"System.Globalization.Invariant\": true, }, }, }", true)]
        [TestCase("{ \"runtimeOptions\": { \"configProperties\": { \"System.Globalization.Invariant\": \"yes\" } } }", null)]
        [TestCase("{ \"runtimeOptions\": { \"configProperties\": { \"System.Globalization.Invariant\": true } }, \"runtimeOptions2\": [ }", null)]
        [TestCase("[ true ]", false)]
        public void Only_the_setting_at_its_place_counts(string text, bool? invariant)
        {
            Assert.That(RuntimeConfig.Invariant(new[] { Folder(("app.runtimeconfig.json", text)) }), Is.EqualTo(invariant));
        }

        [Test]
        public void A_self_contained_publish_that_is_not_invariant_gets_the_ICU_warning_on_debian12()
        {
            // A folder with the runtime's main library and a runtimeconfig that leaves ICU on.
            string dir = Folder(("app.runtimeconfig.json", "{ \"runtimeOptions\": { \"configProperties\": {} } }"));
            File.Copy(Repo.Fixture("libgreet.so.1"), Path.Combine(dir, "libcoreclr.so"));
            var (_, output, _) = InspectCommandTests.Run("check", dir, "--baseline", "debian12");
            Assert.That(output, Does.Contain("warning GG1019: This app uses ICU for globalization"), output);
            File.WriteAllText(Path.Combine(dir, "app.runtimeconfig.json"), "{ \"runtimeOptions\": { \"configProperties\": { \"System.Globalization.Invariant\": true } } }");
            Assert.That(InspectCommandTests.Run("check", dir, "--baseline", "debian12").Out, Does.Not.Contain("GG1019"));
        }
    }
}
