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
    }
}
