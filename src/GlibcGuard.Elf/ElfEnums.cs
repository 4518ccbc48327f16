namespace GlibcGuard.Elf
{
    /// <summary>EI_CLASS: the file's word size.</summary>
    internal enum ElfClass : byte
    {
        /// <summary>ELFCLASS32</summary>
        Elf32 = 1,
        /// <summary>ELFCLASS64</summary>
        Elf64 = 2,
    }

    /// <summary>e_type: the object file type.</summary>
    internal enum ElfType : ushort
    {
        /// <summary>ET_NONE</summary>
        None = 0,
        /// <summary>ET_REL: relocatable object (.o)</summary>
        Relocatable = 1,
        /// <summary>ET_EXEC: fixed-address executable</summary>
        Executable = 2,
        /// <summary>ET_DYN: shared object or position-independent executable</summary>
        SharedObject = 3,
        /// <summary>ET_CORE</summary>
        Core = 4,
    }

    /// <summary>e_machine: the instruction set. Only the machines GlibcGuard names are listed; others print as numbers.</summary>
    internal enum ElfMachine : ushort
    {
        /// <summary>EM_NONE</summary>
        None = 0,
        /// <summary>EM_SPARC</summary>
        Sparc = 2,
        /// <summary>EM_386</summary>
        I386 = 3,
        /// <summary>EM_MIPS</summary>
        Mips = 8,
        /// <summary>EM_PPC</summary>
        PowerPC = 20,
        /// <summary>EM_PPC64</summary>
        PowerPC64 = 21,
        /// <summary>EM_S390 (s390 and s390x)</summary>
        S390 = 22,
        /// <summary>EM_ARM</summary>
        Arm = 40,
        /// <summary>EM_SPARCV9</summary>
        SparcV9 = 43,
        /// <summary>EM_IA_64</summary>
        IA64 = 50,
        /// <summary>EM_X86_64</summary>
        X86_64 = 62,
        /// <summary>EM_AARCH64</summary>
        AArch64 = 183,
        /// <summary>EM_RISCV</summary>
        RiscV = 243,
        /// <summary>EM_LOONGARCH</summary>
        LoongArch = 258,
    }

    /// <summary>p_type: program header (segment) type.</summary>
    internal enum ElfSegmentType : uint
    {
        /// <summary>PT_NULL</summary>
        Null = 0,
        /// <summary>PT_LOAD</summary>
        Load = 1,
        /// <summary>PT_DYNAMIC</summary>
        Dynamic = 2,
        /// <summary>PT_INTERP</summary>
        Interpreter = 3,
        /// <summary>PT_NOTE</summary>
        Note = 4,
        /// <summary>PT_SHLIB</summary>
        SharedLibrary = 5,
        /// <summary>PT_PHDR</summary>
        ProgramHeaders = 6,
        /// <summary>PT_TLS</summary>
        Tls = 7,
        /// <summary>PT_GNU_EH_FRAME</summary>
        GnuEhFrame = 0x6474e550,
        /// <summary>PT_GNU_STACK</summary>
        GnuStack = 0x6474e551,
        /// <summary>PT_GNU_RELRO</summary>
        GnuRelro = 0x6474e552,
        /// <summary>PT_GNU_PROPERTY</summary>
        GnuProperty = 0x6474e553,
    }

    /// <summary>sh_type: section type.</summary>
    internal enum ElfSectionType : uint
    {
        /// <summary>SHT_NULL</summary>
        Null = 0,
        /// <summary>SHT_PROGBITS</summary>
        ProgBits = 1,
        /// <summary>SHT_SYMTAB</summary>
        SymbolTable = 2,
        /// <summary>SHT_STRTAB</summary>
        StringTable = 3,
        /// <summary>SHT_RELA</summary>
        Rela = 4,
        /// <summary>SHT_HASH</summary>
        Hash = 5,
        /// <summary>SHT_DYNAMIC</summary>
        Dynamic = 6,
        /// <summary>SHT_NOTE</summary>
        Note = 7,
        /// <summary>SHT_NOBITS</summary>
        NoBits = 8,
        /// <summary>SHT_REL</summary>
        Rel = 9,
        /// <summary>SHT_DYNSYM</summary>
        DynamicSymbols = 11,
        /// <summary>SHT_GNU_HASH</summary>
        GnuHash = 0x6ffffff6,
        /// <summary>SHT_GNU_verdef</summary>
        GnuVersionDefinitions = 0x6ffffffd,
        /// <summary>SHT_GNU_verneed</summary>
        GnuVersionNeeds = 0x6ffffffe,
        /// <summary>SHT_GNU_versym</summary>
        GnuVersionSymbols = 0x6fffffff,
    }

    /// <summary>d_tag: dynamic table entry tag (the ones the reader uses).</summary>
    internal enum ElfDynamicTag : long
    {
        /// <summary>DT_NULL: end of table</summary>
        Null = 0,
        /// <summary>DT_NEEDED</summary>
        Needed = 1,
        /// <summary>DT_HASH</summary>
        Hash = 4,
        /// <summary>DT_STRTAB</summary>
        StringTable = 5,
        /// <summary>DT_SYMTAB</summary>
        SymbolTable = 6,
        /// <summary>DT_STRSZ</summary>
        StringTableSize = 10,
        /// <summary>DT_SYMENT</summary>
        SymbolEntrySize = 11,
        /// <summary>DT_SONAME</summary>
        SharedObjectName = 14,
        /// <summary>DT_RPATH</summary>
        RPath = 15,
        /// <summary>DT_RUNPATH</summary>
        RunPath = 29,
        /// <summary>DT_FLAGS</summary>
        Flags = 30,
        /// <summary>DT_GNU_HASH</summary>
        GnuHash = 0x6ffffef5,
        /// <summary>DT_VERSYM</summary>
        VersionSymbols = 0x6ffffff0,
        /// <summary>DT_FLAGS_1</summary>
        Flags1 = 0x6ffffffb,
        /// <summary>DT_VERDEF</summary>
        VersionDefinitions = 0x6ffffffc,
        /// <summary>DT_VERDEFNUM</summary>
        VersionDefinitionCount = 0x6ffffffd,
        /// <summary>DT_VERNEED</summary>
        VersionNeeds = 0x6ffffffe,
        /// <summary>DT_VERNEEDNUM</summary>
        VersionNeedCount = 0x6fffffff,
    }

}
