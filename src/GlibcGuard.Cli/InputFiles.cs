using System;
using System.Collections.Generic;
using System.IO;
using GlibcGuard.Elf;

namespace GlibcGuard.Cli
{
    /// <summary>
    /// Turns the paths on the command line into the files to read. Directories are walked (symbolic links are
    /// not followed, so link loops and lib.so → lib.so.1 duplicates do not arise) and only files that start
    /// with the ELF magic (or NuGet packages) are kept; a file named explicitly is always kept, so that a non-ELF file gets a
    /// clear error instead of silence.
    /// </summary>
    internal static class InputFiles
    {
        internal sealed class Input
        {
            public Input(string path, bool explicitlyNamed)
            {
                Path = path;
                ExplicitlyNamed = explicitlyNamed;
            }

            public string Path { get; }
            public bool ExplicitlyNamed { get; }
        }

        /// <summary>Expands <paramref name="paths"/>; names the paths that do not exist in <paramref name="missing"/>.</summary>
        public static List<Input> Expand(IEnumerable<string> paths, List<string> missing, Func<string, bool>? include = null)
        {
            var files = new List<Input>();
            foreach (string path in paths)
            {
                if (Directory.Exists(path))
                {
                    var options = new EnumerationOptions
                    {
                        RecurseSubdirectories = true,
                        IgnoreInaccessible = true,
                        AttributesToSkip = FileAttributes.ReparsePoint,
                        ReturnSpecialDirectories = false,
                    };
                    var found = new List<string>(Directory.EnumerateFiles(path, "*", options));
                    found.Sort(StringComparer.Ordinal);
                    foreach (string file in found)
                    {
                        if ((include ?? IsElf)(file))
                        {
                            files.Add(new Input(file, explicitlyNamed: false));
                        }
                    }
                }
                else if (File.Exists(path))
                {
                    files.Add(new Input(path, explicitlyNamed: true));
                }
                else
                {
                    missing.Add(path);
                }
            }
            return files;
        }

        /// <summary>True for a file worth reading: ELF (a single-file app is ELF too) or a NuGet package.</summary>
        /// A file that cannot even be opened is kept, so that reading it reports why (GG0002).
        public static bool IsCandidate(string file)
        {
            try
            {
                return ElfFile.IsElfFile(file) || Compatibility.ContainerReader.IsPackage(file);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return true;
            }
        }

        private static bool IsElf(string file)
        {
            try
            {
                return ElfFile.IsElfFile(file) || Compatibility.ContainerReader.IsPackage(file);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
