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

        /// <summary>
        /// Reads the inputs in parallel, with what single-file bundles and packages contain; the result keeps the
        /// input order. Each file is opened once: one that is neither ELF nor a package gives nothing, and when it
        /// was named explicitly its path goes to <paramref name="notElf"/> (so that it is reported, GG0005). A file
        /// that starts as ELF but cannot be read is in the result with its error (never dropped).
        /// </summary>
        public static List<AnalysisInput> Read(IReadOnlyList<Input> inputs, List<string> notElf)
        {
            var read = new List<AnalysisInput>[inputs.Count];
            System.Threading.Tasks.Parallel.For(0, inputs.Count, i =>
            {
                string path = inputs[i].Path;
                // A named path may be a FIFO or a device: opening one could block, and none is ELF.
                read[i] = inputs[i].ExplicitlyNamed && !IsRegularFileOfFourBytes(path) ? new List<AnalysisInput>() : ContainerReader.ReadIfElf(path);
            });
            for (int i = 0; i < inputs.Count; i++)
            {
                if (inputs[i].ExplicitlyNamed && read[i].Count == 0) notElf.Add(inputs[i].Path);
            }
            return read.SelectMany(r => r).ToList();
        }

        private static bool IsRegularFileOfFourBytes(string path)
        {
            try
            {
                var info = new FileInfo(path);
                return info.Exists && info.Length >= 4 && (info.Attributes & (FileAttributes.Device | FileAttributes.Directory)) == 0;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return true; // let the read say what is wrong
            }
        }
    }
}
