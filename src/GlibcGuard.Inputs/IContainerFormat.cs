using System;

namespace GlibcGuard.Inputs
{
    /// <summary>
    /// A container format: a file that holds ELF files, and what their places in it say. Implementations: a NuGet
    /// package. A new format is one class and its tests, listed in <see cref="InputReader"/>.
    /// </summary>
    internal interface IContainerFormat
    {
        /// <summary>The file name ending of the format (".nupkg"): a cheap first guess, before <see cref="Matches"/> opens the file.</summary>
        string Extension { get; }

        /// <summary>True when the file at <paramref name="path"/> is in this format (its name and first bytes; nothing more is read).</summary>
        bool Matches(string path);

        /// <summary>Visits every ELF source inside, each with its context; damage is a source with an error, never an exception. Returns the count.</summary>
        int Read(string path, ReadBudget budget, Action<ElfInput> visit);
    }
}
