using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using GlibcGuard.Inputs;

namespace GlibcGuard.Tests.Inputs
{
    /// <summary>
    /// Our .nuspec scanner against System.Xml, the oracle: on every .nuspec other people wrote that this machine's
    /// NuGet cache holds, and on documents made to be awkward or broken.
    /// </summary>
    [TestFixture]
    public class NuspecIdentityTests
    {
        private static (string? Id, string? Version) Oracle(byte[] bytes)
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            XElement? metadata = XDocument.Load(reader).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
            return (metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "id")?.Value.Trim(),
                    metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "version")?.Value.Trim());
        }

        private static (string? Id, string? Version, string? Error) Read(byte[] bytes) => NuspecIdentity.Read(bytes, bytes.Length);

        [Test]
        public void Every_nuspec_in_the_nuget_cache_reads_as_system_xml_reads_it()
        {
            string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ??
                Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string[] files = Directory.EnumerateFiles(cache, "*.nuspec", SearchOption.AllDirectories).ToArray();
            // The test project's own restore fills the cache with NUnit, LibObjectFile, the SDK's packages and more.
            Assert.That(files.Length, Is.GreaterThan(20), cache);
            foreach (string file in files)
            {
                byte[] bytes = File.ReadAllBytes(file);
                var (id, version, error) = Read(bytes);
                Assert.That(error, Is.Null, file);
                Assert.That((id, version), Is.EqualTo(Oracle(bytes)), file);
                Assert.That(id, Is.Not.Empty, file);
            }
        }

        [TestCase("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- a comment <id>no</id> -->\n<package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\">\n" +
                  "  <metadata minClientVersion=\"2.12\" note='a > b'>\n    <id>A.B</id>\n    <version>1.0.0-beta.1</version>\n    <description><![CDATA[<id>no</id>]]></description>\n  </metadata>\n</package>",
                  "A.B", "1.0.0-beta.1")]
        [TestCase("<n:package xmlns:n=\"urn:x\"><n:metadata><n:id>Pre&amp;fix&#x41;&#66;</n:id><n:version><![CDATA[2.0]]></n:version></n:metadata></n:package>", "Pre&fixAB", "2.0")]
        [TestCase("<package><files/><metadata><version>3</version><id> Spaced </id></metadata></package>", "Spaced", "3")]
        [TestCase("<package><metadata><dependencies><group><id>Not.This</id></group></dependencies><id>This</id><version>1</version></metadata></package>", "This", "1")]
        [TestCase("<package><other><id>Not.This</id></other><metadata><id>X</id></metadata></package>", "X", null)]
        [TestCase("<package/>", null, null)]
        public void Awkward_but_wellformed_documents_read_as_system_xml_reads_them(string xml, string? id, string? version)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(xml);
            Assert.That(Oracle(bytes), Is.EqualTo((id, version)), "the oracle agrees with the expectation");
            Assert.That(Read(bytes), Is.EqualTo((id, version, (string?)null)));
        }

        [Test]
        public void Byte_order_marks_say_the_encoding()
        {
            const string xml = "<package><metadata><id>Ünï</id><version>1</version></metadata></package>";
            foreach (Encoding encoding in new Encoding[] { new UTF8Encoding(true), new UnicodeEncoding(false, true), new UnicodeEncoding(true, true) })
            {
                byte[] bytes = encoding.GetPreamble().Concat(encoding.GetBytes(xml)).ToArray();
                Assert.That(Oracle(bytes), Is.EqualTo(("Ünï", "1")), encoding.WebName);
                Assert.That(Read(bytes), Is.EqualTo(("Ünï", "1", (string?)null)), encoding.WebName);
            }
        }

        [TestCase("<package><metadata><id>Greet", "the document ends inside <id> at line 1, column 29")]
        [TestCase("<!DOCTYPE package [<!ENTITY x \"y\">]><package><metadata><id>&x;</id></metadata></package>", "a document type declaration")]
        [TestCase("<package><metadata><id>A&bogus;</id></metadata></package>", "an unknown entity &bogus;")]
        [TestCase("<package><metadata><id>A&#0;</id></metadata></package>", "an unknown entity &#0;")]
        [TestCase("<package><metadata><id>A</version></metadata></package>", "an end tag </version> that closes nothing open")]
        [TestCase("<package><metadata><id a=\"1>A</id></metadata></package>", "an unterminated tag")]
        [TestCase("<package><!-- open", "an unterminated comment")]
        [TestCase("text<package/>", "text outside the root element at line 1, column 1")]
        [TestCase("", "no root element")]
        [TestCase("<package><metadata>\n<id>A</id>\n< version>1</version></metadata></package>", "a '<' that starts no tag at line 3, column 1")]
        public void Malformed_documents_are_refused_with_what_and_where(string xml, string error)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(xml);
            Assert.That(() => Oracle(bytes), Throws.InstanceOf<XmlException>(), "System.Xml refuses it too");
            var (id, version, message) = Read(bytes);
            Assert.That((id, version), Is.EqualTo(((string?)null, (string?)null)));
            Assert.That(message, Does.StartWith(error));
        }
    }
}
