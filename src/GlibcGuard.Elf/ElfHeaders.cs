namespace GlibcGuard.Elf
{
    /// <summary>The ELF file header, widened to 64-bit fields for both classes.</summary>
    internal readonly struct ElfHeader
    {
        internal ElfHeader(ElfClass elfClass, bool bigEndian, byte osAbi, ElfType type, ElfMachine machine, ulong entry,
            ulong programHeaderOffset, ulong sectionHeaderOffset, uint flags, ushort programHeaderEntrySize,
            uint programHeaderCount, ushort sectionHeaderEntrySize, uint sectionHeaderCount, uint sectionNameTableIndex)
        {
            Class = elfClass;
            IsBigEndian = bigEndian;
            OsAbi = osAbi;
            Type = type;
            Machine = machine;
            Entry = entry;
            ProgramHeaderOffset = programHeaderOffset;
            SectionHeaderOffset = sectionHeaderOffset;
            Flags = flags;
            ProgramHeaderEntrySize = programHeaderEntrySize;
            ProgramHeaderCount = programHeaderCount;
            SectionHeaderEntrySize = sectionHeaderEntrySize;
            SectionHeaderCount = sectionHeaderCount;
            SectionNameTableIndex = sectionNameTableIndex;
        }

        /// <summary>EI_CLASS</summary>
        public ElfClass Class { get; }
        /// <summary>EI_DATA == ELFDATA2MSB</summary>
        public bool IsBigEndian { get; }
        /// <summary>EI_OSABI</summary>
        public byte OsAbi { get; }
        /// <summary>e_type</summary>
        public ElfType Type { get; }
        /// <summary>e_machine</summary>
        public ElfMachine Machine { get; }
        /// <summary>e_entry</summary>
        public ulong Entry { get; }
        /// <summary>e_phoff</summary>
        public ulong ProgramHeaderOffset { get; }
        /// <summary>e_shoff</summary>
        public ulong SectionHeaderOffset { get; }
        /// <summary>e_flags</summary>
        public uint Flags { get; }
        /// <summary>e_phentsize</summary>
        public ushort ProgramHeaderEntrySize { get; }
        /// <summary>e_phnum, or section 0's sh_info when e_phnum is PN_XNUM</summary>
        public uint ProgramHeaderCount { get; }
        /// <summary>e_shentsize</summary>
        public ushort SectionHeaderEntrySize { get; }
        /// <summary>e_shnum, or section 0's sh_size when e_shnum is 0</summary>
        public uint SectionHeaderCount { get; }
        /// <summary>e_shstrndx, or section 0's sh_link when e_shstrndx is SHN_XINDEX</summary>
        public uint SectionNameTableIndex { get; }

        /// <summary>True for ELFCLASS64.</summary>
        public bool Is64 => Class == ElfClass.Elf64;
    }

    /// <summary>One program header (segment), widened to 64-bit fields.</summary>
    internal readonly struct ElfProgramHeader
    {
        internal ElfProgramHeader(ElfSegmentType type, uint flags, ulong offset, ulong virtualAddress, ulong fileSize, ulong memorySize, ulong alignment)
        {
            Type = type;
            Flags = flags;
            Offset = offset;
            VirtualAddress = virtualAddress;
            FileSize = fileSize;
            MemorySize = memorySize;
            Alignment = alignment;
        }

        /// <summary>p_type</summary>
        public ElfSegmentType Type { get; }
        /// <summary>p_flags (PF_X = 1, PF_W = 2, PF_R = 4)</summary>
        public uint Flags { get; }
        /// <summary>p_offset</summary>
        public ulong Offset { get; }
        /// <summary>p_vaddr</summary>
        public ulong VirtualAddress { get; }
        /// <summary>p_filesz</summary>
        public ulong FileSize { get; }
        /// <summary>p_memsz</summary>
        public ulong MemorySize { get; }
        /// <summary>p_align</summary>
        public ulong Alignment { get; }

        /// <summary>PF_X</summary>
        public bool IsExecutable => (Flags & 1) != 0;
        /// <summary>PF_W</summary>
        public bool IsWritable => (Flags & 2) != 0;
    }

    /// <summary>One section header, widened to 64-bit fields, with its name resolved when the name table is readable.</summary>
    internal readonly struct ElfSectionHeader
    {
        internal ElfSectionHeader(string name, uint nameOffset, ElfSectionType type, ulong flags, ulong address, ulong offset,
            ulong size, uint link, uint info, ulong alignment, ulong entrySize)
        {
            Name = name;
            NameOffset = nameOffset;
            Type = type;
            Flags = flags;
            Address = address;
            Offset = offset;
            Size = size;
            Link = link;
            Info = info;
            Alignment = alignment;
            EntrySize = entrySize;
        }

        /// <summary>The name from the section name table, or "" when it cannot be read.</summary>
        public string Name { get; }
        /// <summary>sh_name</summary>
        public uint NameOffset { get; }
        /// <summary>sh_type</summary>
        public ElfSectionType Type { get; }
        /// <summary>sh_flags</summary>
        public ulong Flags { get; }
        /// <summary>sh_addr</summary>
        public ulong Address { get; }
        /// <summary>sh_offset</summary>
        public ulong Offset { get; }
        /// <summary>sh_size</summary>
        public ulong Size { get; }
        /// <summary>sh_link</summary>
        public uint Link { get; }
        /// <summary>sh_info</summary>
        public uint Info { get; }
        /// <summary>sh_addralign</summary>
        public ulong Alignment { get; }
        /// <summary>sh_entsize</summary>
        public ulong EntrySize { get; }
    }

    /// <summary>
    /// Damage the reader got past: a name it could not read, a table it had to cut short. The value read in
    /// its place is visible (for example "&lt;corrupt vn_file 0x9999&gt;"), never silently dropped.
    /// </summary>
    internal readonly struct ElfWarning
    {
        internal ElfWarning(string message, long offset)
        {
            Message = message;
            Offset = offset;
        }

        /// <summary>What was wrong and what the reader did about it.</summary>
        public string Message { get; }

        /// <summary>File offset of the damaged structure.</summary>
        public long Offset { get; }

        public override string ToString() => Offset >= 0 ? Message + " at byte 0x" + Offset.ToString("x") : Message;
    }
}
