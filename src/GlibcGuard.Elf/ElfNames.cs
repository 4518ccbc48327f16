using System;
using System.Globalization;

namespace GlibcGuard.Elf
{
    /// <summary>
    /// Spec and display names for ELF constants. Unknown values still read well: "SHT_LOOS+0x3" or "0x1234".
    /// </summary>
    internal static class ElfNames
    {
        /// <summary>EF_ARM_ABI_FLOAT_SOFT: a 32-bit ARM file for the soft-float ABI (Debian's armel), not armhf.</summary>
        public const uint ArmSoftFloat = 0x200;

        /// <summary>
        /// The name tools and distros use for the machine: x86_64, aarch64, i386, …; 32-bit ARM is "arm" (hard-float,
        /// armhf) or "armel" when <paramref name="flags"/> say soft-float.
        /// </summary>
        public static string Machine(ElfMachine machine, ElfClass elfClass, bool bigEndian, uint flags = 0)
        {
            switch (machine)
            {
                case ElfMachine.X86_64: return elfClass == ElfClass.Elf64 ? "x86_64" : "x32";
                case ElfMachine.I386: return "i386";
                case ElfMachine.AArch64: return bigEndian ? "aarch64_be" : "aarch64";
                case ElfMachine.Arm: return bigEndian ? "armeb" : (flags & ArmSoftFloat) != 0 ? "armel" : "arm";
                case ElfMachine.PowerPC64: return bigEndian ? "ppc64" : "ppc64le";
                case ElfMachine.PowerPC: return "ppc";
                case ElfMachine.S390: return elfClass == ElfClass.Elf64 ? "s390x" : "s390";
                case ElfMachine.RiscV: return elfClass == ElfClass.Elf64 ? "riscv64" : "riscv32";
                case ElfMachine.LoongArch: return elfClass == ElfClass.Elf64 ? "loongarch64" : "loongarch32";
                case ElfMachine.Mips: return (elfClass == ElfClass.Elf64 ? "mips64" : "mips") + (bigEndian ? "" : "el");
                case ElfMachine.Sparc: return "sparc";
                case ElfMachine.SparcV9: return "sparcv9";
                case ElfMachine.IA64: return "ia64";
                case ElfMachine.None: return "none";
                default: return "EM_" + ((ushort)machine).ToString(CultureInfo.InvariantCulture);
            }
        }

        /// <summary>e_type with the PIE distinction made by the reader: executable, pie, shared-library, relocatable, core.</summary>
        public static string ObjectType(ElfType type, bool isPie)
        {
            switch (type)
            {
                case ElfType.Relocatable: return "relocatable";
                case ElfType.Executable: return "executable";
                case ElfType.SharedObject: return isPie ? "pie-executable" : "shared-library";
                case ElfType.Core: return "core";
                case ElfType.None: return "none";
                default: return Range((ushort)type, "ET", 0xfe00, 0xfeff, 0xff00);
            }
        }

        /// <summary>Spec name of a segment type, e.g. PT_LOAD, PT_GNU_STACK, PT_LOOS+0x5.</summary>
        public static string SegmentType(ElfSegmentType type) =>
            Enum.IsDefined(typeof(ElfSegmentType), type) ? SpecName("PT", type.ToString()) : Range((uint)type, "PT", 0x60000000, 0x6fffffff, 0x70000000);

        /// <summary>Spec name of a section type, e.g. SHT_DYNSYM, SHT_LOOS+0x3.</summary>
        public static string SectionType(ElfSectionType type) =>
            Enum.IsDefined(typeof(ElfSectionType), type) ? SpecName("SHT", type.ToString()) : Range((uint)type, "SHT", 0x60000000, 0x6fffffff, 0x70000000);

        /// <summary>Formats a value for an error message: numbers as hex, strings as they are.</summary>
        public static string FormatValue(object value)
        {
            switch (value)
            {
                case ulong u: return "0x" + u.ToString("x", CultureInfo.InvariantCulture);
                case long l: return l < 0 ? l.ToString(CultureInfo.InvariantCulture) : "0x" + l.ToString("x", CultureInfo.InvariantCulture);
                case uint u: return "0x" + u.ToString("x", CultureInfo.InvariantCulture);
                case int i: return i.ToString(CultureInfo.InvariantCulture);
                case ushort s: return s.ToString(CultureInfo.InvariantCulture);
                case byte b: return b.ToString(CultureInfo.InvariantCulture);
                case ElfSectionType t: return SectionType(t);
                case ElfSegmentType t: return SegmentType(t);
                default: return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            }
        }

        private static string SpecName(string prefix, string pascal)
        {
            // Readable .NET names map back to the spec's spelling for the few that differ.
            switch (pascal)
            {
                case "Load": return "PT_LOAD";
                case "Dynamic": return prefix + "_DYNAMIC";
                case "Interpreter": return "PT_INTERP";
                case "Note": return prefix + "_NOTE";
                case "SharedLibrary": return "PT_SHLIB";
                case "ProgramHeaders": return "PT_PHDR";
                case "Tls": return "PT_TLS";
                case "GnuEhFrame": return "PT_GNU_EH_FRAME";
                case "GnuStack": return "PT_GNU_STACK";
                case "GnuRelro": return "PT_GNU_RELRO";
                case "GnuProperty": return "PT_GNU_PROPERTY";
                case "ProgBits": return "SHT_PROGBITS";
                case "SymbolTable": return "SHT_SYMTAB";
                case "StringTable": return "SHT_STRTAB";
                case "Rela": return "SHT_RELA";
                case "Hash": return "SHT_HASH";
                case "NoBits": return "SHT_NOBITS";
                case "Rel": return "SHT_REL";
                case "DynamicSymbols": return "SHT_DYNSYM";
                case "GnuHash": return "SHT_GNU_HASH";
                case "GnuVersionDefinitions": return "SHT_GNU_verdef";
                case "GnuVersionNeeds": return "SHT_GNU_verneed";
                case "GnuVersionSymbols": return "SHT_GNU_versym";
                default: return prefix + "_" + pascal.ToUpperInvariant();
            }
        }

        private static string Range(uint value, string prefix, uint osLow, uint osHigh, uint procLow)
        {
            if (value >= osLow && value <= osHigh)
            {
                return prefix + "_LOOS+0x" + (value - osLow).ToString("x", CultureInfo.InvariantCulture);
            }
            if (value >= procLow)
            {
                return prefix + "_LOPROC+0x" + (value - procLow).ToString("x", CultureInfo.InvariantCulture);
            }
            return "0x" + value.ToString("x", CultureInfo.InvariantCulture);
        }
    }
}
