using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Elf;
using GlibcGuard.Tests.Infrastructure;

namespace GlibcGuard.Tests.Elf
{
    /// <summary>Go build info read by our reader versus `go version -m` on the same binary (committed beside it).</summary>
    [TestFixture]
    public class GoBuildInfoTests
    {
        [TestCase("go-x86_64-nocgo", "go-x86_64-nocgo")]
        [TestCase("go-x86_64-cgo", "go-x86_64-cgo")]
        [TestCase("go-aarch64-nocgo", "go-aarch64-nocgo")]
        [TestCase("go-x86_64-nocgo-nosections", "go-x86_64-nocgo")]
        public void Build_info_matches_go_version_m(string fixture, string reference)
        {
            string[] lines = File.ReadAllLines(Repo.Fixture(reference + ".goversion.txt"));
            string version = lines[0].Split(": ")[1];
            var settings = lines.Select(l => l.Trim().Split('\t')).Where(p => p[0] == "build")
                .ToDictionary(p => p[1].Split('=')[0], p => p[1].Substring(p[1].IndexOf('=') + 1));
            string path = lines.Select(l => l.Trim().Split('\t')).First(p => p[0] == "path")[1];

            using ElfFile elf = ElfFile.Open(Repo.Fixture(fixture));
            GoBuildInfo go = elf.Go!;
            Assert.That(go, Is.Not.Null);
            Assert.That(go.GoVersion, Is.EqualTo(version));
            Assert.That(go.Path, Is.EqualTo(path));
            Assert.That(go.MainModule, Is.EqualTo("example.com/gohello"));
            Assert.That(go.Settings, Is.EquivalentTo(settings));
            Assert.That(go.CgoEnabled, Is.EqualTo(settings["CGO_ENABLED"] == "1"));
            Assert.That(go.IsPointerFormat, Is.False);
        }

        [TestCase("gcc-x86_64-pie")]
        [TestCase("gcc-x86_64-newglibc-nosections")]
        [TestCase("dotnet-x86_64-nativeaot")]
        public void Files_that_are_not_Go_have_no_build_info(string fixture)
        {
            using ElfFile elf = ElfFile.Open(Repo.Fixture(fixture));
            Assert.That(elf.Go, Is.Null);
        }

        [Test]
        public void The_pre_1_18_pointer_format_is_read_through_the_load_segments()
        {
            // A minimal image: one PT_LOAD (RW) at address 0x1000 holding the 32-byte header with two pointers,
            // each pointing at a Go string header (pointer, length) that points at the text.
            var data = new byte[0x200];
            byte[] magic = { 0xff, (byte)' ', (byte)'G', (byte)'o', (byte)' ', (byte)'b', (byte)'u', (byte)'i', (byte)'l', (byte)'d', (byte)'i', (byte)'n', (byte)'f', (byte)':' };
            magic.CopyTo(data, 0);
            data[14] = 8;  // pointer size
            data[15] = 0;  // little-endian, pointer format
            const ulong Base = 0x1000;
            void Ptr(int at, ulong value) => System.BitConverter.GetBytes(value).CopyTo(data, at);
            Ptr(16, Base + 0x40);
            Ptr(24, Base + 0x50);
            string version = "go1.17.13";
            string mod = new string('S', 16) + "path\texample.com/old\nbuild\tCGO_ENABLED=1\n" + new string('E', 16);
            System.Text.Encoding.ASCII.GetBytes(version).CopyTo(data, 0x80);
            System.Text.Encoding.ASCII.GetBytes(mod).CopyTo(data, 0xa0);
            Ptr(0x40, Base + 0x80); Ptr(0x48, (ulong)version.Length);
            Ptr(0x50, Base + 0xa0); Ptr(0x58, (ulong)mod.Length);

            var image = new byte[0x100 + data.Length];
            byte[] ident = { 0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0 };
            ident.CopyTo(image, 0);
            System.BitConverter.GetBytes((ushort)2).CopyTo(image, 16);    // ET_EXEC
            System.BitConverter.GetBytes((ushort)62).CopyTo(image, 18);
            System.BitConverter.GetBytes(1u).CopyTo(image, 20);
            System.BitConverter.GetBytes(64UL).CopyTo(image, 32);         // e_phoff
            System.BitConverter.GetBytes((ushort)56).CopyTo(image, 54);   // e_phentsize
            System.BitConverter.GetBytes((ushort)1).CopyTo(image, 56);    // e_phnum
            System.BitConverter.GetBytes(1u).CopyTo(image, 64);           // PT_LOAD
            System.BitConverter.GetBytes(6u).CopyTo(image, 68);           // PF_R | PF_W
            System.BitConverter.GetBytes(0x100UL).CopyTo(image, 72);      // p_offset
            System.BitConverter.GetBytes(Base).CopyTo(image, 80);         // p_vaddr
            System.BitConverter.GetBytes((ulong)data.Length).CopyTo(image, 96);
            System.BitConverter.GetBytes((ulong)data.Length).CopyTo(image, 104);
            data.CopyTo(image, 0x100);

            using ElfFile elf = ElfFile.Read(image);
            GoBuildInfo go = elf.Go!;
            Assert.That(go.IsPointerFormat, Is.True);
            Assert.That(go.GoVersion, Is.EqualTo("go1.17.13"));
            Assert.That(go.Path, Is.EqualTo("example.com/old"));
            Assert.That(go.CgoEnabled, Is.True);
        }
    }
}
