using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using GlibcGuard.Compatibility;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>
    /// The engine's version verdicts for every glibc fixture under centos7, centos8 and centos9, against a
    /// reference computed here from readelf's output and the raw reference JSON (not the generated tables).
    /// </summary>
    [TestFixture]
    public class ReferenceVerdictTests
    {
        // Which images each baseline stands for: the specification the generator implements.
        private static readonly Dictionary<string, string[]> s_images = new()
        {
            ["centos7"] = new[] { "rhubi-7", "oraclelinux-7" },
            ["centos8"] = new[] { "rhubi-8", "almalinux-8", "rockylinux-8", "oraclelinux-8" },
            ["centos9"] = new[] { "rhubi-9", "centos-stream9", "almalinux-9" },
        };

        private static JsonElement Distros => JsonDocument.Parse(File.ReadAllText(Path.Combine(Repo.Root, "eng", "reference", "distro-symbol-versions.json")))
            .RootElement.GetProperty("distros");

        /// <summary>The version nodes every image of a baseline defines, for one architecture and family.</summary>
        private static HashSet<string>? ReferenceSet(JsonElement distros, string baseline, string arch, string family)
        {
            HashSet<string>? set = null;
            foreach (string image in s_images[baseline])
            {
                if (!distros.GetProperty(image).TryGetProperty(arch, out JsonElement data)) continue;
                if (!data.GetProperty("symbol_versions").TryGetProperty(family, out JsonElement versions)) return null;
                var these = versions.EnumerateArray().Select(v => v.GetString()!).ToHashSet();
                set = set is null ? these : set.Intersect(these).ToHashSet();
            }
            return set;
        }

        public static IEnumerable<TestCaseData> Cases()
        {
            foreach (string name in new[] { "gcc-x86_64-pie", "gcc-x86_64-newglibc", "gxx-x86_64-cpp", "go-x86_64-cgo", "dotnet-x86_64-nativeaot", "gcc-aarch64-pie", "libgreet-aarch64.so.1", "libgreet.so.1" })
            {
                foreach (string baseline in s_images.Keys)
                {
                    yield return new TestCaseData(name, baseline).SetName("{m}(" + name + "," + baseline + ")");
                }
            }
        }

        [TestCaseSource(nameof(Cases))]
        public void Version_findings_match_the_reference(string fixture, string baselineId)
        {
            string path = Repo.Fixture(fixture);
            SortedSet<string> expected = ExpectedMissing(path, baselineId);
            AnalysisResult result = Engine(path, baselineId);
            Assert.That(MissingOf(result), Is.EquivalentTo(expected));
            Assert.That(result.HasErrors, Is.EqualTo(expected.Count > 0));
        }

        /// <summary>The reference: "library version" for every non-weak need readelf shows that the baseline's images do not all define.</summary>
        internal static SortedSet<string> ExpectedMissing(string path, string baselineId)
        {
            ReadElf readelf = ReadElf.Of(path);
            string arch = readelf.Machine == "AArch64" ? "aarch64" : "x86_64";
            JsonElement distros = Distros;
            var expected = new SortedSet<string>();
            foreach (var need in readelf.VersionNeeds.Where(n => !n.Weak))
            {
                int underscore = need.Version.IndexOf('_');
                if (underscore <= 0) continue; // a library's own unversioned-family node (e.g. "LIBGIT2"): not in the data
                string family = need.Version.Substring(0, underscore), version = need.Version.Substring(underscore + 1);
                HashSet<string>? set = ReferenceSet(distros, baselineId, arch, family);
                if (set != null && set.Count > 0 && !set.Contains(version)) expected.Add(need.Library + " " + need.Version);
            }
            return expected;
        }

        /// <summary>The engine on the file alone.</summary>
        internal static AnalysisResult Engine(string path, string baselineId)
        {
            BaselineCatalog.TryGet(baselineId, out Baseline baseline);
            return Analyzer.Analyze(new[] { new AnalysisInput(BinaryInspector.Inspect(path)) }, new AnalysisOptions { Baseline = baseline });
        }

        internal static HashSet<string> MissingOf(AnalysisResult result) =>
            result.Findings.Where(f => f.Id == DiagnosticId.VersionMissing).Select(f => f.Library + " " + f.Version).ToHashSet();

        internal static IEnumerable<string> Baselines => s_images.Keys;
    }
}
