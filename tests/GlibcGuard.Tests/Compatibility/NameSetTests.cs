using System.Collections.Generic;
using System.Linq;
using GlibcGuard.Compatibility;

namespace GlibcGuard.Tests.Compatibility
{
    /// <summary>The sorted name set the baselines are made of: a set's answers whatever order its names come in.</summary>
    [TestFixture]
    public class NameSetTests
    {
        [Test]
        public void Names_in_any_order_with_duplicates_make_one_ordinal_set()
        {
            var set = new NameSet(new[] { "libz.so.1", "libc.so.6", "libZ.so.1", "libc.so.6", "ld-linux-x86-64.so.2" });
            Assert.That(set.Count, Is.EqualTo(4));
            Assert.That(set, Is.EqualTo(new[] { "ld-linux-x86-64.so.2", "libZ.so.1", "libc.so.6", "libz.so.1" }), "ordinal: upper case first");
            Assert.That(set.Contains("libz.so.1") && set.Contains("libZ.so.1"), Is.True);
            Assert.That(set.Contains("libz.so"), Is.False);
            Assert.That(set.Contains(""), Is.False);
        }

        [Test]
        public void Adding_keeps_the_order_and_drops_what_is_there()
        {
            var set = new NameSet();
            foreach (string name in new[] { "GLIBC_2.3", "GLIBC_2.17", "GLIBC_2.2.5", "GLIBC_2.17" }) set.Add(name);
            Assert.That(set.ToArray(), Is.EqualTo(new[] { "GLIBC_2.17", "GLIBC_2.2.5", "GLIBC_2.3" }));
            var many = new NameSet(new[] { "b" });
            for (int i = 0; i < 100; i++) many.Add("n" + i);
            Assert.That(many.Count, Is.EqualTo(101));
            Assert.That(Enumerable.Range(0, 100).All(i => many.Contains("n" + i)) && many.Contains("b"), Is.True);
        }

        [Test]
        public void Every_built_in_set_is_in_the_order_the_search_relies_on()
        {
            // The generated data's sets are taken as they are (NameSet.Ordered): a set out of order or with a duplicate
            // would answer wrongly, so each is checked here, every architecture's version sets included.
            var sets = new List<(string Where, NameSet Set)>();
            foreach (Baseline b in BaselineCatalog.All)
            {
                sets.Add((b.Id + " libraries", b.Libraries));
                sets.AddRange(b.LibraryVersions.Select(kv => (b.Id + " " + kv.Key + " versions", kv.Value)));
                sets.AddRange(b.SymbolBlacklist.Select(kv => (b.Id + " " + kv.Key + " blacklist", kv.Value)));
                foreach (Architecture a in b.Architectures)
                {
                    sets.AddRange(b.VersionSets[a].Families.Select(kv => (b.Id + " " + a.Name + " " + kv.Key, kv.Value)));
                }
            }
            Assert.That(sets.Count(s => s.Where.EndsWith(" GLIBC")), Is.GreaterThan(10), "every baseline's GLIBC versions, each architecture's, are among them");
            Assert.That(sets.Where(s => !s.Set.IsStrictlyOrdered()).Select(s => s.Where), Is.Empty);
            Assert.That(NameSet.Ordered(new[] { "b", "a" }).IsStrictlyOrdered(), Is.False, "the check sees a set out of order");
            Assert.That(NameSet.Ordered(new[] { "a", "a" }).IsStrictlyOrdered(), Is.False, "and a duplicate");
        }

        [Test]
        public void A_baselines_library_list_is_made_when_first_read_and_the_sonames_every_list_holds_need_none()
        {
            // Fresh baselines from the generated data (the catalog's own are shared with the other tests).
            Baseline[] fresh = BaselineCatalog.CreateForTests();
            var every = BaselineCatalog.InEveryLibraryList.ToArray();
            Assert.That(every, Does.Contain("libc.so.6").And.Contain("libm.so.6"));
            foreach (Baseline b in fresh)
            {
                // Answering for a soname every list holds, or for the loader, makes no list.
                Assert.That(every.All(b.ProvidesLibrary) && b.ProvidesLibrary("ld-linux-x86-64.so.2"), Is.True, b.Id);
                Assert.That(b.LibrariesMade, Is.False, b.Id + ": made for a soname every list holds");
            }
            // Every other soname of any list is answered from the baseline's own list, made once, as before.
            var all = new SortedSet<string>(fresh.SelectMany(b => b.Libraries), System.StringComparer.Ordinal) { "libnotthere.so.1" };
            foreach (Baseline b in fresh)
            {
                Assert.That(b.LibrariesMade, Is.True, b.Id);
                Assert.That(every.Where(so => !b.Libraries.Contains(so)), Is.Empty, b.Id + " lacks a soname InEveryLibraryList claims");
                NameSet made = b.Libraries;
                System.Threading.Tasks.Parallel.ForEach(all, so =>
                    Assert.That(b.ProvidesLibrary(so), Is.EqualTo(made.Contains(so) || CLibraries.IsGlibcLoader(so)), b.Id + " " + so));
                Assert.That(b.Libraries, Is.SameAs(made), b.Id + ": made once");
            }
            // A list given in place of the data's is the one asked, with no short cut.
            Baseline replaced = BaselineCatalog.CreateForTests()[0];
            replaced.Libraries = new NameSet(new[] { "libfoo.so.1" });
            Assert.That(replaced.ProvidesLibrary("libc.so.6"), Is.False);
        }

        [Test]
        public void A_familys_versions_are_made_once_when_first_asked_for_and_the_others_not_at_all()
        {
            var made = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
            var sets = new VersionSets("GCC GLIBC", family =>
            {
                made.AddOrUpdate(family, 1, (_, n) => n + 1);
                return family switch
                {
                    "GLIBC" => new[] { "2.17", "2.2.5" },
                    "GCC" => new[] { "3.0" },
                    _ => null,
                };
            });
            Assert.That(made, Is.Empty);
            System.Threading.Tasks.Parallel.For(0, 64, _ => Assert.That(sets.TryGet("GLIBC", out NameSet v) && v.Contains("2.2.5") && !v.Contains("2.3"), Is.True));
            Assert.That(made, Is.EquivalentTo(new Dictionary<string, int> { ["GLIBC"] = 1 }), "GCC was never asked for");
            Assert.That(sets.TryGet("ZLIB", out _), Is.False, "a family the data does not have");
            Assert.That(sets.Families.Select(kv => kv.Key + ":" + kv.Value.Count), Is.EquivalentTo(new[] { "GCC:1", "GLIBC:2" }));
            Assert.That(made["GLIBC"], Is.EqualTo(1));
        }
    }
}
