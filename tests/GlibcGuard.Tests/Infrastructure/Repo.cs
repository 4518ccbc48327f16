using System;
using System.IO;

namespace GlibcGuard.Tests.Infrastructure
{
    /// <summary>Locates the repository and its committed fixtures from the test binaries.</summary>
    internal static class Repo
    {
        private static readonly Lazy<string> s_root = new Lazy<string>(() =>
        {
            string? dir = AppContext.BaseDirectory;
            while (dir != null && !File.Exists(Path.Combine(dir, "GlibcGuard.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }
            return dir ?? throw new InvalidOperationException("GlibcGuard.sln not found above " + AppContext.BaseDirectory);
        });

        public static string Root => s_root.Value;

        public static string FixtureDir => Path.Combine(Root, "tests", "fixtures", "elf");

        public static string Fixture(string name)
        {
            string path = Path.Combine(FixtureDir, name);
            Assert.That(File.Exists(path), Is.True, "missing fixture " + path + " (tests/fixtures/build.sh makes it)");
            return path;
        }

        /// <summary>Every committed ELF fixture.</summary>
        public static string[] AllFixtures()
        {
            string[] files = Directory.GetFiles(FixtureDir);
            Array.Sort(files, StringComparer.Ordinal);
            return Array.FindAll(files, f => !f.EndsWith(".txt", StringComparison.Ordinal));
        }

        /// <summary>Where every run keeps its temporary folders: one folder per test process, deleted when the run ends.</summary>
        public static readonly string TempRoot = Path.Combine(Path.GetTempPath(), "glibcguard-tests");

        public static readonly string RunTempDir = Path.Combine(TempRoot, "run-" + Environment.ProcessId);

        public static string TempDir(string prefix)
        {
            string dir = Path.Combine(RunTempDir, prefix + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}
