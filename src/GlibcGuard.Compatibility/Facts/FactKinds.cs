using System;

namespace GlibcGuard.Compatibility
{
    /// <summary>What kind of object file it is, with the PIE distinction the loader makes.</summary>
    internal enum ObjectKind
    {
        /// <summary>ET_NONE, or a type the file did not get to say.</summary>
        None,
        /// <summary>ET_REL: an object file (.o), not something a loader ever sees.</summary>
        Relocatable,
        /// <summary>ET_EXEC.</summary>
        Executable,
        /// <summary>ET_DYN that is a program (DF_1_PIE, or an interpreter and no DT_SONAME).</summary>
        PieExecutable,
        /// <summary>ET_DYN that is a library.</summary>
        SharedLibrary,
        /// <summary>ET_CORE.</summary>
        Core,
        /// <summary>An OS- or processor-specific e_type.</summary>
        Other,
    }

    /// <summary>How a file gets its libraries.</summary>
    internal enum Linkage
    {
        /// <summary>Nothing to link: object files, and shared libraries that need nothing.</summary>
        None,
        /// <summary>It has an interpreter or needs libraries.</summary>
        Dynamic,
        /// <summary>A static ET_EXEC.</summary>
        Static,
        /// <summary>A static position-independent executable.</summary>
        StaticPie,
    }

    /// <summary>Byte order of the file.</summary>
    internal enum ByteOrder
    {
        Little,
        Big,
    }

    /// <summary>Which C library a file is built against, from its interpreter, needed sonames, notes and symbols.</summary>
    internal enum LibcKind
    {
        /// <summary>No C library (a relocatable object, or a library that needs nothing).</summary>
        None,
        Glibc,
        Musl,
        /// <summary>Statically linked glibc (it carries glibc's ABI tag note).</summary>
        StaticGlibc,
        /// <summary>Statically linked musl (its start-up symbols are still in .symtab).</summary>
        StaticMusl,
        /// <summary>Static, C library unknown (stripped, or Go without cgo).</summary>
        Static,
        /// <summary>Both glibc and musl: never loads right on either.</summary>
        Mixed,
        /// <summary>Android's C library.</summary>
        Bionic,
        /// <summary>uClibc / uClibc-ng, embedded Linux.</summary>
        UClibc,
        /// <summary>The Solaris / illumos C library.</summary>
        Solaris,
    }

    /// <summary>An x86-64 micro-architecture level (psABI): what a CPU must support.</summary>
    internal enum X86IsaLevel
    {
        /// <summary>Not stated.</summary>
        None = 0,
        Baseline = 1,
        V2 = 2,
        V3 = 3,
        V4 = 4,
    }

    /// <summary>The names the reports and messages use for the fact kinds: one place, one spelling.</summary>
    internal static class FactNames
    {
        public static string Name(this ObjectKind kind)
        {
            switch (kind)
            {
                case ObjectKind.Relocatable: return "relocatable";
                case ObjectKind.Executable: return "executable";
                case ObjectKind.PieExecutable: return "pie-executable";
                case ObjectKind.SharedLibrary: return "shared-library";
                case ObjectKind.Core: return "core";
                case ObjectKind.Other: return "other";
                default: return "none";
            }
        }

        public static string Name(this Linkage linkage)
        {
            switch (linkage)
            {
                case Linkage.Dynamic: return "dynamic";
                case Linkage.Static: return "static";
                case Linkage.StaticPie: return "static-pie";
                default: return "none";
            }
        }

        public static string Name(this ByteOrder order) => order == ByteOrder.Big ? "big" : "little";

        public static string Name(this LibcKind kind)
        {
            switch (kind)
            {
                case LibcKind.Glibc: return "glibc";
                case LibcKind.Musl: return "musl";
                case LibcKind.StaticGlibc: return "static-glibc";
                case LibcKind.StaticMusl: return "static-musl";
                case LibcKind.Static: return "static";
                case LibcKind.Mixed: return "mixed";
                case LibcKind.Bionic: return "bionic";
                case LibcKind.UClibc: return "uclibc";
                case LibcKind.Solaris: return "solaris";
                default: return "none";
            }
        }

        public static string Name(this X86IsaLevel level) =>
            level == X86IsaLevel.None ? "none" : level == X86IsaLevel.Baseline ? "x86-64-baseline" : "x86-64-v" + (int)level;

        /// <summary>True for glibc, dynamic or static.</summary>
        public static bool IsGlibc(this LibcKind kind) => kind == LibcKind.Glibc || kind == LibcKind.StaticGlibc;

        /// <summary>True for a C library that is neither glibc nor musl: bionic, uClibc, Solaris.</summary>
        public static bool IsForeign(this LibcKind kind) => kind == LibcKind.Bionic || kind == LibcKind.UClibc || kind == LibcKind.Solaris;

        /// <summary>Parses the names above (the JSON readers' side); false for an unknown name.</summary>
        public static bool TryParse<T>(string name, out T value) where T : struct, Enum
        {
            foreach (T v in (T[])Enum.GetValues(typeof(T)))
            {
                if (NameOf(v) == name)
                {
                    value = v;
                    return true;
                }
            }
            value = default;
            return false;
        }

        /// <summary>The name of any fact kind value.</summary>
        public static string NameOf<T>(T value) where T : struct, Enum
        {
            switch (value)
            {
                case ObjectKind k: return k.Name();
                case Linkage l: return l.Name();
                case ByteOrder b: return b.Name();
                case LibcKind c: return c.Name();
                case X86IsaLevel i: return i.Name();
                default: return value.ToString();
            }
        }
    }
}
