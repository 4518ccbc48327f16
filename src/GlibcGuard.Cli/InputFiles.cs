using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Compatibility;
using GlibcGuard.Inputs;

namespace GlibcGuard.Cli
{
    /// <summary>Reads the files <see cref="InputPaths"/> found, in parallel, into the files to judge.</summary>
    internal static class InputFiles
    {
        /// <summary>
        /// Reads the inputs in parallel, with what single-file bundles and packages contain; the result keeps the
        /// input order. Each file is opened once: one that is neither ELF nor a package gives nothing, and when it
        /// was named explicitly its path goes to <paramref name="notElf"/> (so that it is reported, GG0005). A file
        /// that starts as ELF but cannot be read is in the result with its error (never dropped).
        /// </summary>
        public static List<AnalysisInput> Read(IReadOnlyList<InputPaths.Input> inputs, List<string> notElf, ReadBudget budget)
        {
            var read = new List<AnalysisInput>[inputs.Count];
            System.Threading.Tasks.Parallel.For(0, inputs.Count, i =>
            {
                string path = inputs[i].Path;
                // A named path may be a FIFO or a device: opening one could block, and none is ELF.
                read[i] = inputs[i].ExplicitlyNamed && !IsRegularFileOfFourBytes(path) ? new List<AnalysisInput>() : InputInspector.ReadIfElf(path, inputs[i].Rid, budget);
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
