using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using GlibcGuard.Elf;

namespace GlibcGuard.Inputs
{
    /// <summary>
    /// Turns a path into ELF sources: the file itself; for a .NET single-file bundle, also the native files
    /// embedded in it; for a container format (<see cref="IContainerFormat"/>: a NuGet package), every ELF entry,
    /// with what its place in the container says. Damage to a container is an input with an
    /// <see cref="ElfInput.Error"/>, never an exception.
    /// </summary>
    internal static class InputReader
    {
        /// <summary>
        /// The container formats a path may be, tried in turn before it is opened as ELF. A new one (a Python wheel,
        /// a .deb, an OCI layer) is one more <see cref="IContainerFormat"/> here.
        /// </summary>
        private static readonly IContainerFormat[] s_formats = { new NuGetPackage() };

        /// <summary>Entries up to this size are inflated into memory; larger ones into a temporary file.</summary>
        public const long LargeEntry = ZipContainer.LargeEntry;

        /// <summary>True when the name says a container format (a package): such a file is much more work to read than an ELF file.</summary>
        public static bool MayBeContainer(string path) => s_formats.Any(f => path.EndsWith(f.Extension, StringComparison.OrdinalIgnoreCase));

        /// <summary>True when the file looks like a NuGet package (a zip named .nupkg).</summary>
        public static bool IsPackage(string path) => s_formats[0].Matches(path);

        /// <summary>
        /// Visits every source in <paramref name="path"/>, in order. With <paramref name="onlyIfElf"/> (a file found
        /// in a folder) a file that is neither ELF nor a package gives nothing; otherwise it is handed over to be
        /// read, so that the reader says what is wrong with it. Returns the number of sources visited.
        /// </summary>
        public static int Read(string path, bool onlyIfElf, Action<ElfInput> visit) => Read(path, onlyIfElf, InputContext.None, new ReadBudget(), visit);

        /// <summary>
        /// As <see cref="Read(string, bool, Action{ElfInput})"/>, with what the file's location says about it (the
        /// RID of a runtimes/&lt;rid&gt;/ folder it was found in), given to the file and what it embeds, and the
        /// run's <paramref name="budget"/> for what containers may inflate.
        /// </summary>
        public static int Read(string path, bool onlyIfElf, InputContext context, ReadBudget budget, Action<ElfInput> visit)
        {
            foreach (IContainerFormat format in s_formats)
            {
                if (format.Matches(path))
                {
                    return format.Read(path, budget, visit);
                }
            }
            ElfFile? elf;
            try
            {
                elf = onlyIfElf ? ElfFile.TryOpen(path) : ElfFile.Open(path);
            }
            catch (Exception e) when (e is ElfFormatException || e is IOException || e is UnauthorizedAccessException || e is NotSupportedException)
            {
                // Starts as ELF (or was named) but cannot be opened: the reader opens it again and says why.
                visit(new ElfInput(path, InputKind.File, context, () => ElfFile.Open(path), ownsFile: true, error: null));
                return 1;
            }
            if (elf is null)
            {
                return 0;
            }
            using (elf)
            {
                return ReadFile(path, elf, context, budget, visit);
            }
        }

        private static int ReadFile(string path, ElfFile elf, InputContext context, ReadBudget budget, Action<ElfInput> visit)
        {
            DotNetBundle? bundle = null;
            ContainerFormatException? bundleError = null;
            try
            {
                // A bundle's host is a program (an interpreter, not a library); only programs are searched.
                if (elf.Interpreter != null && !(elf.Header.Type == ElfType.SharedObject && !elf.IsPie))
                {
                    bundle = DotNetBundle.TryRead(elf);
                }
            }
            catch (ContainerFormatException e)
            {
                bundleError = new ContainerFormatException("the single-file bundle manifest is damaged: " + e.Reason, e.Offset, e.Value);
            }
            catch (ElfFormatException)
            {
                // The host itself is damaged: reading it says so (GG0001); there is no bundle to look for.
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                bundleError = new ContainerFormatException(e.Message, -1);
            }
            var host = new ElfInput(path, InputKind.File, context, elf)
            {
                Bundle = bundle?.Entries.Select(e => new BundleListing(e)).ToList(),
            };
            visit(host);
            int count = 1;
            if (bundleError != null)
            {
                visit(new ElfInput(path + "!", InputKind.BundleEntry, context, null, ownsFile: true, bundleError));
                return count + 1;
            }
            if (bundle is null)
            {
                return count;
            }
            ContainerAllowance allowance = budget.ForContainer(path);
            foreach (BundleEntry entry in bundle.Entries)
            {
                if (entry.Type != BundleFileType.NativeBinary)
                {
                    continue;
                }
                string origin = path + "!" + entry.RelativePath;
                byte[] data;
                try
                {
                    data = bundle.ReadEntry(entry, allowance);
                }
                catch (ContainerFormatException e)
                {
                    visit(new ElfInput(origin, InputKind.BundleEntry, context, null, ownsFile: true, e));
                    count++;
                    continue;
                }
                catch (ElfFormatException e)
                {
                    visit(new ElfInput(origin, InputKind.BundleEntry, context, null, ownsFile: true, new ContainerFormatException(e.Reason, e.Offset)));
                    count++;
                    continue;
                }
                visit(new ElfInput(origin, InputKind.BundleEntry, context, () => ElfFile.Read(data), ownsFile: true, error: null));
                count++;
            }
            return count;
        }

        /// <summary>"linux-arm64" from "runtimes/linux-arm64/native/libfoo.so"; null elsewhere.</summary>
        public static string? RidOf(string entryPath)
        {
            string[] parts = entryPath.Replace('\\', '/').Split('/');
            return parts.Length > 2 && parts[0].Equals("runtimes", StringComparison.OrdinalIgnoreCase) ? parts[1] : null;
        }
    }
}
