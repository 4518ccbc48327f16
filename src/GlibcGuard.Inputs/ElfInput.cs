using System;
using System.Collections.Generic;
using GlibcGuard.Elf;

namespace GlibcGuard.Inputs
{
    /// <summary>Where an ELF source was found.</summary>
    internal enum InputKind
    {
        /// <summary>A file on disk.</summary>
        File,
        /// <summary>A native file embedded in a .NET single-file bundle.</summary>
        BundleEntry,
        /// <summary>A file inside a NuGet package.</summary>
        PackageEntry,
    }

    /// <summary>
    /// What the location of a source says about it, in any container format: the platform its folder names (a NuGet
    /// package's runtimes/&lt;rid&gt;/), the container's identity (id and version) and why that identity is a guess.
    /// </summary>
    internal sealed class InputContext
    {
        public static readonly InputContext None = new InputContext(null, null, null, null);

        public InputContext(string? rid, string? packageId, string? packageVersion, string? identityWarning)
        {
            Rid = rid;
            PackageId = packageId;
            PackageVersion = packageVersion;
            IdentityWarning = identityWarning;
        }

        /// <summary>The RID of a package's runtimes/&lt;rid&gt;/ folder ("linux-musl-x64"), as written.</summary>
        public string? Rid { get; }
        /// <summary>The package id (from the .nuspec, else the file name).</summary>
        public string? PackageId { get; }
        /// <summary>The package version, when the .nuspec says.</summary>
        public string? PackageVersion { get; }
        /// <summary>Why the package's identity is a guess (its .nuspec could not be read), or null.</summary>
        public string? IdentityWarning { get; }
    }

    /// <summary>One file embedded in a single-file bundle, as listed by its manifest.</summary>
    internal sealed class BundleListing
    {
        internal BundleListing(BundleEntry entry) => Entry = entry;

        internal BundleEntry Entry { get; }
        public string Path => Entry.RelativePath;
        public long Size => Entry.Size;
        public long CompressedSize => Entry.CompressedSize;
        public BundleFileType Type => Entry.Type;
    }

    /// <summary>
    /// One ELF source: its origin ("app!libfoo.so", "pkg.nupkg!runtimes/linux-x64/native/libfoo.so"), its context,
    /// and a way to read it. The bytes behind an input handed to a visitor are valid during the visit only (a
    /// package's entry buffer is reused for the next entry): read it there, keep the facts.
    /// </summary>
    internal sealed class ElfInput
    {
        private readonly Func<ElfFile>? _open;
        private readonly ElfFile? _opened;
        private readonly bool _ownsFile;

        internal ElfInput(string origin, InputKind kind, InputContext context, Func<ElfFile>? open, bool ownsFile, ContainerFormatException? error)
        {
            Origin = origin;
            Kind = kind;
            Context = context;
            _open = open;
            _ownsFile = ownsFile;
            Error = error;
        }

        /// <summary>A file the reader has open already (a folder's file, opened to look for a bundle): the visit reads it, the reader closes it.</summary>
        internal ElfInput(string origin, InputKind kind, InputContext context, ElfFile opened)
        {
            Origin = origin;
            Kind = kind;
            Context = context;
            _opened = opened;
        }

        /// <summary>The path as the user gave it, with "!inner/path" for a file inside a container.</summary>
        public string Origin { get; }
        public InputKind Kind { get; }
        public InputContext Context { get; }
        /// <summary>Damage to the container that kept this source from being read at all, or null.</summary>
        public ContainerFormatException? Error { get; }
        /// <summary>For a single-file bundle's host: every file the bundle carries, managed and native.</summary>
        public IReadOnlyList<BundleListing>? Bundle { get; internal set; }

        /// <summary>
        /// Opens the source and hands it to <paramref name="read"/>. <see cref="ElfFormatException"/> and I/O
        /// errors from the open or the read reach the caller, which decides what they mean.
        /// </summary>
        public T Read<T>(Func<ElfFile, T> read)
        {
            ElfFile elf = Open(out bool owns);
            try
            {
                return read(elf);
            }
            finally
            {
                if (owns) elf.Dispose();
            }
        }

        /// <summary>
        /// The source, opened; <paramref name="owns"/> says whether the caller must dispose of it (else the reader
        /// does, after the visit). Errors as for <see cref="Read{T}"/>.
        /// </summary>
        public ElfFile Open(out bool owns)
        {
            if (_opened != null)
            {
                owns = false;
                return _opened;
            }
            if (_open is null)
            {
                throw new InvalidOperationException("this input is a container error and has nothing to read");
            }
            owns = _ownsFile;
            return _open();
        }
    }
}
