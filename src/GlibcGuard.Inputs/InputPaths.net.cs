using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Enumeration;

namespace GlibcGuard.Inputs
{
    /// <summary>
    /// Turns the paths a user names into the files to read. Directories are walked (symbolic links are not
    /// followed, so link loops and lib.so → lib.so.1 duplicates do not arise); a file found in a folder is read
    /// only when it starts as ELF or is a package, while a file named explicitly is always read, so that a
    /// non-ELF file gets a clear error instead of silence.
    /// </summary>
    internal static class InputPaths
    {
        /// <summary>
        /// Expands <paramref name="paths"/>; names the paths that do not exist in <paramref name="missing"/>, and those
        /// that are folders in <paramref name="folders"/> (where a published app's runtimeconfig.json would be).
        /// </summary>
        public static List<InputRequest> Expand(IEnumerable<string> paths, List<string> missing, List<string>? folders = null)
        {
            var files = new List<InputRequest>();
            foreach (string path in paths)
            {
                // One look at each named path (a thousand named files are a thousand of these).
                var info = new FileInfo(path);
                FileAttributes attributes = info.Attributes; // -1 when nothing is there
                if ((int)attributes == -1)
                {
                    missing.Add(path);
                }
                else if ((attributes & FileAttributes.Directory) != 0)
                {
                    folders?.Add(path);
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
                    string root = System.IO.Path.GetFullPath(path);
                    foreach (string file in found)
                    {
                        string? rid = InputReader.RidOf(System.IO.Path.GetRelativePath(root, file));
                        files.Add(new InputRequest(file, named: false, rid is null ? null : new InputContext(rid, null, null, null), knownRegular: true));
                    }
                }
                else
                {
                    bool regular = (attributes & FileAttributes.Device) == 0 && info.Length >= 4;
                    files.Add(new InputRequest(path, named: true, knownRegular: regular));
                }
            }
            return files;
        }

    }
}
