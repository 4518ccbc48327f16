using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    /// <summary>An entry of .gnu.version (versym): a version index with the hidden bit.</summary>
    internal readonly struct VersionIndex
    {
        /// <summary>Wraps the raw 16-bit versym value.</summary>
        public VersionIndex(ushort raw) => Raw = raw;

        /// <summary>The raw versym value.</summary>
        public ushort Raw { get; }

        /// <summary>The index without the hidden bit. 0 is VER_NDX_LOCAL, 1 is VER_NDX_GLOBAL (unversioned), 2 and up name a verdef or vernaux entry.</summary>
        public ushort Index => (ushort)(Raw & 0x7fff);

        /// <summary>Bit 15: the symbol is hidden (not the default version).</summary>
        public bool IsHidden => (Raw & 0x8000) != 0;

        /// <summary>True when the index names a version (2 and up).</summary>
        public bool IsVersioned => Index >= 2;

        public override string ToString() => IsHidden ? Index + " (hidden)" : Index.ToString();
    }

    /// <summary>
    /// .gnu.version_r of an open file as read: each needed library's soname (vn_file) in file order, and each vernaux
    /// entry with the number of its library. Lent arrays, given back when the file is closed.
    /// </summary>
    internal sealed class ElfVersionNeedTable
    {
        internal static readonly ElfVersionNeedTable Empty = new ElfVersionNeedTable(new ElfList<string>(0), new ElfList<ElfVersionNeedRecord>(0));

        internal ElfVersionNeedTable(ElfList<string> files, ElfList<ElfVersionNeedRecord> records)
        {
            _files = files;
            _records = records;
        }

        private readonly ElfList<string> _files;
        private readonly ElfList<ElfVersionNeedRecord> _records;

        /// <summary>The libraries, in file order.</summary>
        public IReadOnlyList<string> Files => _files;

        /// <summary>The vernaux entries, in file order (each library's together).</summary>
        public IReadOnlyList<ElfVersionNeedRecord> Records => _records;

        internal void Release()
        {
            _files.Release();
            _records.Release();
        }
    }

    /// <summary>A vernaux entry as <see cref="ElfVersionNeedTable"/> holds it.</summary>
    internal readonly struct ElfVersionNeedRecord
    {
        internal ElfVersionNeedRecord(int need, string name, uint hash, ushort flags, ushort index)
        {
            Need = need;
            Name = name;
            Hash = hash;
            Flags = flags;
            Index = index;
        }

        /// <summary>Its library's number in <see cref="ElfVersionNeedTable.Files"/>.</summary>
        public int Need { get; }
        /// <summary>vna_name, e.g. GLIBC_2.34.</summary>
        public string Name { get; }
        /// <summary>vna_hash.</summary>
        public uint Hash { get; }
        /// <summary>vna_flags.</summary>
        public ushort Flags { get; }
        /// <summary>vna_other: the version index symbols use in .gnu.version.</summary>
        public ushort Index { get; }
        /// <summary>VER_FLG_WEAK is set.</summary>
        public bool IsWeak => (Flags & ElfVersionRequirement.VER_FLG_WEAK) != 0;
    }

    /// <summary>One library's entry in .gnu.version_r: the versions the file needs from it.</summary>
    internal sealed class ElfVersionNeed
    {
        internal ElfVersionNeed(string file, IReadOnlyList<ElfVersionRequirement> versions)
        {
            File = file;
            Versions = versions;
        }

        /// <summary>vn_file: the soname of the library the versions must come from.</summary>
        public string File { get; }

        /// <summary>The vernaux entries, in file order.</summary>
        public IReadOnlyList<ElfVersionRequirement> Versions { get; }
    }

    /// <summary>A vernaux entry: one version node the file needs.</summary>
    internal sealed class ElfVersionRequirement
    {
        /// <summary>VER_FLG_WEAK: the loader does not fail when the version is missing.</summary>
        public const ushort VER_FLG_WEAK = 0x2;

        internal ElfVersionRequirement(string library, string name, uint hash, ushort flags, ushort index)
        {
            Library = library;
            Name = name;
            Hash = hash;
            Flags = flags;
            Index = index;
        }

        /// <summary>The library this version is needed from (the parent verneed's vn_file).</summary>
        public string Library { get; }
        /// <summary>vna_name, e.g. GLIBC_2.34.</summary>
        public string Name { get; }
        /// <summary>vna_hash (ELF hash of the name).</summary>
        public uint Hash { get; }
        /// <summary>vna_flags.</summary>
        public ushort Flags { get; }
        /// <summary>vna_other: the version index symbols use in .gnu.version.</summary>
        public ushort Index { get; }
        /// <summary>VER_FLG_WEAK is set.</summary>
        public bool IsWeak => (Flags & VER_FLG_WEAK) != 0;
    }

    /// <summary>A verdef entry as the reader keeps it while the file is open (see <see cref="ElfVersionDefinition"/>).</summary>
    internal readonly struct ElfVersionDefinitionRecord
    {
        internal ElfVersionDefinitionRecord(ushort index, ushort flags, uint hash, string name, string? parent, string[]? moreParents)
        {
            Index = index;
            Flags = flags;
            Hash = hash;
            Name = name;
            Parent = parent;
            MoreParents = moreParents;
        }

        /// <summary>vd_ndx</summary>
        public ushort Index { get; }
        /// <summary>vd_flags</summary>
        public ushort Flags { get; }
        /// <summary>vd_hash</summary>
        public uint Hash { get; }
        /// <summary>The first verdaux name: the version node's name.</summary>
        public string Name { get; }
        /// <summary>The second verdaux name (the first version this one inherits from), or null.</summary>
        public string? Parent { get; }
        /// <summary>Any further verdaux names, or null.</summary>
        public string[]? MoreParents { get; }
        /// <summary>VER_FLG_BASE is set.</summary>
        public bool IsBase => (Flags & ElfVersionDefinition.VER_FLG_BASE) != 0;
    }

    /// <summary>A verdef entry: a version node the file itself defines.</summary>
    internal sealed class ElfVersionDefinition
    {
        /// <summary>VER_FLG_BASE: the entry names the file itself.</summary>
        public const ushort VER_FLG_BASE = 0x1;

        internal ElfVersionDefinition(ushort index, ushort flags, uint hash, string name, IReadOnlyList<string> parents)
        {
            Index = index;
            Flags = flags;
            Hash = hash;
            Name = name;
            Parents = parents;
        }

        /// <summary>vd_ndx</summary>
        public ushort Index { get; }
        /// <summary>vd_flags</summary>
        public ushort Flags { get; }
        /// <summary>vd_hash</summary>
        public uint Hash { get; }
        /// <summary>The first verdaux name: the version node's name.</summary>
        public string Name { get; }
        /// <summary>Further verdaux names: the versions this one inherits from.</summary>
        public IReadOnlyList<string> Parents { get; }
        /// <summary>VER_FLG_BASE is set.</summary>
        public bool IsBase => (Flags & VER_FLG_BASE) != 0;
    }

    /// <summary>An entry of the dynamic symbol table.</summary>
    internal readonly struct ElfSymbol
    {
        internal ElfSymbol(string name, ulong value, ulong size, byte info, byte other, ushort sectionIndex, VersionIndex version)
        {
            Name = name;
            Value = value;
            Size = size;
            Info = info;
            Other = other;
            SectionIndex = sectionIndex;
            Version = version;
        }

        /// <summary>The name from the dynamic string table.</summary>
        public string Name { get; }
        /// <summary>st_value</summary>
        public ulong Value { get; }
        /// <summary>st_size</summary>
        public ulong Size { get; }
        /// <summary>st_info</summary>
        public byte Info { get; }
        /// <summary>st_other</summary>
        public byte Other { get; }
        /// <summary>st_shndx</summary>
        public ushort SectionIndex { get; }
        /// <summary>The .gnu.version entry (Raw 1 when the file has no versym table).</summary>
        public VersionIndex Version { get; }
        /// <summary>STB_* binding: 0 local, 1 global, 2 weak.</summary>
        public int Binding => Info >> 4;
        /// <summary>STT_* type: 0 notype, 1 object, 2 func, 6 tls, 10 gnu_ifunc.</summary>
        public int Type => Info & 0xf;
        /// <summary>SHN_UNDEF: the symbol must come from another object.</summary>
        public bool IsUndefined => SectionIndex == 0;
        /// <summary>STB_WEAK</summary>
        public bool IsWeak => Binding == 2;
    }

    /// <summary>
    /// An undefined dynamic symbol joined with its version and the library that must provide it:
    /// the answer to "which symbol forces GLIBC_2.34, and from where".
    /// </summary>
    internal sealed class ElfImport
    {
        internal ElfImport(string symbol, ElfVersionRequirement? version, bool isWeakSymbol)
        {
            Symbol = symbol;
            Requirement = version;
            IsWeakSymbol = isWeakSymbol;
        }

        /// <summary>The symbol name.</summary>
        public string Symbol { get; }
        /// <summary>The vernaux entry the symbol's versym index names, or null for an unversioned import.</summary>
        public ElfVersionRequirement? Requirement { get; }
        /// <summary>The library the version is needed from, or null for an unversioned import.</summary>
        public string? Library => Requirement?.Library;
        /// <summary>The version node name, or null for an unversioned import.</summary>
        public string? Version => Requirement?.Name;
        /// <summary>STB_WEAK: the symbol may be absent at run time.</summary>
        public bool IsWeakSymbol { get; }

        public override string ToString() => Version is null ? Symbol : Symbol + "@" + Version + " (" + Library + ")";
    }
}
