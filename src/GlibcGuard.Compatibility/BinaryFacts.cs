using System.Collections.Generic;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// Everything GlibcGuard knows about one ELF file, as plain data: what `glibcguard inspect` prints and what
    /// the rules judge. Property names are the JSON field names in camelCase.
    /// </summary>
    /// <remarks>A list or map stays unmade until something adds to it or reads it (a folder check holds a thousand of these).</remarks>
    internal sealed class BinaryFacts
    {
        /// <summary>The path as the user gave it (or bundle-path!inner/path for an embedded file).</summary>
        public string Path { get; set; } = "";
        /// <summary>Size of the file in bytes.</summary>
        public long Size { get; set; }
        /// <summary>32 or 64; 0 when the header could not be read.</summary>
        public int Class { get; set; }
        /// <summary>Byte order ("little" or "big" in JSON); null when the header could not be read.</summary>
        public ByteOrder? Endianness { get; set; }
        /// <summary>x86_64, aarch64, i386, arm, ppc64le, ppc64, s390x, riscv64, loongarch64, … (its name in JSON).</summary>
        public Architecture? Machine { get; set; }
        /// <summary>executable, pie-executable, shared-library, relocatable, core.</summary>
        public ObjectKind? Type { get; set; }
        /// <summary>dynamic, static, static-pie, none.</summary>
        public Linkage? Linkage { get; set; }
        /// <summary>PT_INTERP, or null.</summary>
        public string? Interpreter { get; set; }
        /// <summary>DT_NEEDED in file order.</summary>
        public List<string> Needed { get => _needed ??= new List<string>(); set => _needed = value; }
        private List<string>? _needed;
        /// <summary>DT_SONAME.</summary>
        public string? Soname { get; set; }
        /// <summary>DT_RPATH.</summary>
        public string? Rpath { get; set; }
        /// <summary>DT_RUNPATH.</summary>
        public string? Runpath { get; set; }
        /// <summary>DT_FLAGS and DT_FLAGS_1 bits that are set: BIND_NOW, NOW, PIE, NODELETE, …</summary>
        public List<string> DynamicFlags { get => _dynamicFlags ??= new List<string>(); set => _dynamicFlags = value; }
        private List<string>? _dynamicFlags;
        /// <summary>glibc, musl, static-glibc, static-musl, static, none, mixed, bionic, uclibc, solaris.</summary>
        public LibcKind? Libc { get; set; }
        /// <summary>
        /// For a static file, what says which C library is inside ("glibc's ABI-tag note", "musl's __init_libc in the
        /// symbol table", "Go without cgo: no C library"), or why that cannot be told; null for other files.
        /// </summary>
        public string? LibcEvidence { get; set; }
        /// <summary>
        /// For a static glibc, what it still loads from the target's glibc at run time: "NSS" (user, group and host
        /// lookups through nsswitch.conf modules), "iconv" (gconv modules); for a static musl, "lookups" (user, group
        /// or host lookups, which read the files themselves and ignore nsswitch.conf). Empty when none is seen.
        /// </summary>
        public List<string> StaticLoads { get => _staticLoads ??= new List<string>(); set => _staticLoads = value; }
        private List<string>? _staticLoads;
        /// <summary>Version needs per library with the symbols that use each version.</summary>
        public List<LibraryVersionNeeds> VersionNeeds { get => _versionNeeds ??= new List<LibraryVersionNeeds>(); set => _versionNeeds = value; }
        private List<LibraryVersionNeeds>? _versionNeeds;
        /// <summary>Version nodes the file defines itself (.gnu.version_d), base name excluded.</summary>
        public List<string> VersionDefinitions { get => _versionDefinitions ??= new List<string>(); set => _versionDefinitions = value; }
        private List<string>? _versionDefinitions;

        /// <summary>
        /// True when the file defines <paramref name="node"/>: a libstdc++ shipped beside a set defines a hundred
        /// nodes and is asked about every need of every file, on every baseline.
        /// </summary>
        internal bool DefinesVersion(string node)
        {
            List<string>? all = _versionDefinitions;
            if (all is null) return false;
            if (all.Count <= 8) return all.Contains(node);
            HashSet<string>? set = _definitions;
            if (set is null || _definitionsCount != all.Count)
            {
                set = new HashSet<string>(all, System.StringComparer.Ordinal);
                _definitionsCount = all.Count;
                _definitions = set;
            }
            return set.Contains(node);
        }

        private HashSet<string>? _definitions;
        private int _definitionsCount;
        /// <summary>Highest numeric version needed per family (weak needs included), e.g. GLIBC → 2.34.</summary>
        public SortedDictionary<string, string> MaxVersions
        {
            // Made from the needs when first read: a check reads it for few files (the .NET runtime's), `inspect` and `diff` for all.
            get => _maxVersions ??= _versionNeeds is null ? new SortedDictionary<string, string>(System.StringComparer.Ordinal) : VersionNode.MaxByFamily(_versionNeeds);
            set => _maxVersions = value;
        }
        private SortedDictionary<string, string>? _maxVersions;
        /// <summary>Minimum kernel from NT_GNU_ABI_TAG, e.g. "3.2.0", or null.</summary>
        public string? AbiTagKernel { get; set; }
        /// <summary>NT_GNU_BUILD_ID in hex, or null.</summary>
        public string? BuildId { get; set; }
        /// <summary>Highest x86-64 level the GNU property note says is needed ("x86-64-v3" in JSON), or null.</summary>
        public X86IsaLevel? X86IsaNeeded { get; set; }
        /// <summary>PT_GNU_STACK is executable (or missing).</summary>
        public bool ExecStack { get; set; }
        /// <summary>True for a .NET NativeAOT image (it has the compiler's __managedcode section).</summary>
        public bool NativeAot { get; set; }
        /// <summary>Go build information, or null.</summary>
        public GoFacts? Go { get; set; }
        /// <summary>Recoverable damage the reader got past.</summary>
        public List<string> Warnings { get => _warnings ??= new List<string>(); set => _warnings = value; }
        private List<string>? _warnings;
        /// <summary>True when a need's names were left unread and may be wanted again (<see cref="ImportNameFilter.Restore"/>).</summary>
        internal bool HasFilteredNames { get; set; }
        /// <summary>True when <see cref="Warnings"/> has any (without making the list).</summary>
        internal bool HasWarnings => _warnings != null && _warnings.Count > 0;
        /// <summary>Why the file could not be read completely, or null.</summary>
        public ReadError? Error { get; set; }

        /// <summary>For a file read from a NuGet package: the package and folder.</summary>
        public PackageFacts? Package { get; set; }

        /// <summary>For a .NET single-file app: every file its bundle carries, managed and native.</summary>
        public List<BundleEntryFacts>? Bundle { get; set; }
    }

    /// <summary>Where in a NuGet package a file was found.</summary>
    internal sealed class PackageFacts
    {
        /// <summary>The package id (from its .nuspec, else the file name).</summary>
        public string Id { get; set; } = "";
        /// <summary>The package version, when the .nuspec says.</summary>
        public string? Version { get; set; }
        /// <summary>The runtime identifier of its runtimes/&lt;rid&gt;/ folder, if it is in one.</summary>
        public RuntimeIdentifier? Rid { get; set; }
    }

    /// <summary>One file embedded in a .NET single-file app.</summary>
    internal sealed class BundleEntryFacts
    {
        /// <summary>Its path inside the bundle.</summary>
        public string Path { get; set; } = "";
        /// <summary>Its size in bytes.</summary>
        public long Size { get; set; }
        /// <summary>Its compressed size in the bundle, 0 when stored uncompressed.</summary>
        public long CompressedSize { get; set; }
        /// <summary>assembly, native, deps.json, runtimeconfig.json, symbols or unknown.</summary>
        public string Type { get; set; } = "";
    }

    /// <summary>The versions one library must provide.</summary>
    internal sealed class LibraryVersionNeeds
    {
        /// <summary>The soname (vn_file).</summary>
        public string Library { get; set; } = "";
        /// <summary>The versions, in file order.</summary>
        public List<VersionNeedFacts> Versions { get; set; } = new List<VersionNeedFacts>();
    }

    /// <summary>One version needed from a library, with the imported symbols bound to it.</summary>
    internal sealed class VersionNeedFacts
    {
        /// <summary>The node name, e.g. GLIBC_2.34.</summary>
        public string Name { get; set; } = "";
        /// <summary>VER_FLG_WEAK: a missing version does not stop the loader.</summary>
        public bool Weak { get; set; }
        /// <summary>The versym index (vna_other).</summary>
        public int Index { get; set; }
        /// <summary>
        /// Imported symbols with this version, in symbol-table order. Facts read for a check on one baseline
        /// (<see cref="ImportNameFilter"/>) hold the names a finding there can list: of a glibc version the baseline
        /// has, only blacklisted ones.
        /// </summary>
        public SymbolNames Symbols
        {
            get => _symbols ??= new SymbolNames(); // the reader sets it; an empty list only when asked for
            set => _symbols = value;
        }

        private SymbolNames? _symbols;
        /// <summary>A need of a library beside which a copy may lack the version, whose names a check left unread (<see cref="ImportNameFilter"/>).</summary>
        internal bool NamesFiltered { get; set; }
        /// <summary>True when <see cref="Symbols"/> has any (without making an empty list).</summary>
        internal bool HasSymbols => _symbols != null && _symbols.Count > 0;
        /// <summary>The node's number in this process (<see cref="VersionNode.IdOf"/>), or -1: not part of any report.</summary>
        internal int NodeId { get; set; } = -1;
    }

    /// <summary>What a Go binary says about its build.</summary>
    internal sealed class GoFacts
    {
        /// <summary>go1.22.3</summary>
        public string Version { get; set; } = "";
        /// <summary>Main module path.</summary>
        public string? Module { get; set; }
        /// <summary>CGO_ENABLED, or null when not recorded.</summary>
        public bool? Cgo { get; set; }
        /// <summary>Build settings (CGO_ENABLED, GOOS, GOARCH, GOAMD64, -ldflags, -buildmode, …).</summary>
        public SortedDictionary<string, string> Settings { get; set; } = new SortedDictionary<string, string>();
    }

    /// <summary>Why a file could not be read.</summary>
    internal sealed class ReadError
    {
        /// <summary>The finding code (GG0001 malformed ELF, GG0002 unreadable file, GG0004 damaged container).</summary>
        public DiagnosticId Code { get; set; }
        /// <summary>What is wrong.</summary>
        public string Message { get; set; } = "";
        /// <summary>File offset of the damage, or null.</summary>
        public long? Offset { get; set; }
    }
}
