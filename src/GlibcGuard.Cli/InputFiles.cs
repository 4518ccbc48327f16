using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Elf;

namespace GlibcGuard.Cli
{
    /// <summary>
    /// Turns the paths on the command line into the files to read. Directories are walked (symbolic links are
    /// not followed, so link loops and lib.so → lib.so.1 duplicates do not arise) and only files that start
    /// with the ELF magic (or NuGet packages) are read; a file named explicitly is always kept, so that a non-ELF
    /// file gets a clear error instead of silence.
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
        public static List<Input> Expand(IEnumerable<string> paths, List<string> missing)
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
                    // Regular files of four bytes or more (the walk knows each size; FIFOs and devices say 0 and
                    // are never opened, so a scan cannot block on one).
                    var found = new List<string>(new FileSystemEnumerable<string>(path, (ref FileSystemEntry e) => e.ToFullPath(), options)
                    {
                        ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory && e.Length >= 4,
                    });
                    found.Sort(StringComparer.Ordinal);
                    // Not opened here: the reader opens each once and skips what does not start as ELF (or is
                    // not a package), in parallel (see Read).
                    foreach (string file in found)
                    {
                        files.Add(new Input(file, explicitlyNamed: false));
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

        /// <summary>
        /// Reads the inputs in parallel, with what single-file bundles and packages contain; the result keeps the
        /// input order. A file found in a folder that is neither ELF nor a package gives nothing; a file named
        /// explicitly is always read (so its problem is reported).
        /// </summary>
        public static List<AnalysisInput> Read(IReadOnlyList<Input> inputs)
        {
            var read = new List<AnalysisInput>[inputs.Count];
            System.Threading.Tasks.Parallel.For(0, inputs.Count, i =>
                read[i] = inputs[i].ExplicitlyNamed ? ContainerReader.Read(inputs[i].Path) : ContainerReader.ReadIfElf(inputs[i].Path));
            return read.SelectMany(r => r).ToList();
        }
    }
}
