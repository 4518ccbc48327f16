using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using GlibcGuard.Tests.Elf;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Cli
{
    /// <summary>`glibcguard inspect --format json` over the fixture folder agrees with readelf on every file.</summary>
    [TestFixture]
    public class InspectJsonVersusReadElfTests
    {
        private static Dictionary<string, JsonElement>? s_byName;

        private static JsonElement Inspected(string name)
        {
            if (s_byName is null)
            {
                var (exit, output, _) = InspectCommandTests.Run("inspect", Repo.FixtureDir, "--format", "json");
                Assert.That(exit, Is.Zero);
                s_byName = JsonDocument.Parse(output).RootElement.EnumerateArray()
                    .ToDictionary(e => Path.GetFileName(e.GetProperty("path").GetString())!, e => e.Clone());
            }
            return s_byName[name];
        }

        private static string? Str(JsonElement e, string property) =>
            e.GetProperty(property).ValueKind == JsonValueKind.Null ? null : e.GetProperty(property).GetString();

        [TestCaseSource(typeof(ReaderVersusReadElfTests), nameof(ReaderVersusReadElfTests.Fixtures))]
        public void Json_matches_readelf(string name)
        {
            string path = Repo.Fixture(name);
            string reference = name.EndsWith("-nosections") ? Repo.Fixture(name.Replace("-nosections", "")) : path;
            ReadElf expected = ReadElf.Of(path);
            ReadElf expectedVersions = ReadElf.Of(reference);
            JsonElement json = Inspected(name);

            Assert.That(json.GetProperty("class").GetInt32(), Is.EqualTo(expected.Class == "ELF64" ? 64 : 32));
            Assert.That(Str(json, "endianness"), Is.EqualTo(expected.Data.Contains("big endian") ? "big" : "little"));
            Assert.That(Str(json, "interpreter"), Is.EqualTo(expected.Interpreter));
            Assert.That(json.GetProperty("needed").EnumerateArray().Select(n => n.GetString()), Is.EqualTo(expected.Needed));
            Assert.That(Str(json, "soname"), Is.EqualTo(expected.Soname));
            Assert.That(json.GetProperty("dynamicFlags").EnumerateArray().Select(n => n.GetString()), Is.EqualTo(expected.Flags));
            Assert.That(Str(json, "rpath"), Is.EqualTo(expected.Rpath));
            Assert.That(Str(json, "runpath"), Is.EqualTo(expected.Runpath));
            Assert.That(Str(json, "buildId"), Is.EqualTo(expected.BuildId));
            Assert.That(Str(json, "abiTagKernel"), Is.EqualTo(expected.AbiKernel));
            Assert.That(Str(json, "x86IsaNeeded"), Is.EqualTo(expected.IsaNeeded));
            if (expected.GnuStackExecutable is bool executable)
            {
                Assert.That(json.GetProperty("execStack").GetBoolean(), Is.EqualTo(executable));
            }
            var needs = json.GetProperty("versionNeeds").EnumerateArray().SelectMany(l => l.GetProperty("versions").EnumerateArray()
                .Select(v => (l.GetProperty("library").GetString()!, v.GetProperty("name").GetString()!, v.GetProperty("weak").GetBoolean(), v.GetProperty("index").GetInt32())));
            Assert.That(needs, Is.EqualTo(expectedVersions.VersionNeeds));
            var joined = json.GetProperty("versionNeeds").EnumerateArray().SelectMany(l => l.GetProperty("versions").EnumerateArray()
                .SelectMany(v => v.GetProperty("symbols").EnumerateArray().Select(s => (s.GetString()!, v.GetProperty("name").GetString()!))));
            Assert.That(joined, Is.EquivalentTo(expectedVersions.VersionedImports));
            Assert.That(json.GetProperty("error").ValueKind, Is.EqualTo(JsonValueKind.Null));
        }
    }
}
