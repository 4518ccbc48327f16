using System;
using System.Collections.Generic;

namespace GlibcGuard.Elf
{
    partial class ElfFile
    {
        /// <summary>
        /// True for a position-independent executable: ET_DYN with DF_1_PIE; without that flag, ET_DYN with an
        /// interpreter and no DT_SONAME (older linkers set no DF_1_PIE). A shared library that also has PT_INTERP
        /// (glibc's libc.so.6, Android libraries) names itself with DT_SONAME and stays a shared library.
        /// </summary>
        public bool IsPie =>
            Header.Type == ElfType.SharedObject &&
            (((Dynamic?.Flags1 ?? 0) & ElfDynamicInfo.DF_1_PIE) != 0 || (Interpreter != null && Dynamic?.SharedObjectName == null));

        /// <summary>
        /// How the file is linked: "dynamic" (it has an interpreter or needs libraries), "static-pie",
        /// "static", or "none" for relocatable objects and shared libraries that need nothing.
        /// </summary>
        public string Linkage
        {
            get
            {
                if (Header.Type == ElfType.Relocatable || Header.Type == ElfType.Core)
                {
                    return "none";
                }
                bool needsSomething = Interpreter != null || (Dynamic?.Needed.Count ?? 0) > 0;
                if (needsSomething)
                {
                    return "dynamic";
                }
                if (Header.Type == ElfType.Executable)
                {
                    return "static";
                }
                return IsPie ? "static-pie" : "none";
            }
        }

        /// <summary>Which C library the file is linked against, from PT_INTERP, DT_NEEDED and, for static files, its notes and symbols.</summary>
        public LibcKind Libc
        {
            get
            {
                string linkage = Linkage;
                if (linkage == "none")
                {
                    return LibcKind.None;
                }
                if (linkage != "dynamic")
                {
                    return StaticLibc();
                }
                bool glibc = false, musl = false, bionic = false, uclibc = false, solaris = false, plainLibc = false;
                string? interp = Interpreter;
                if (interp != null)
                {
                    string name = BaseName(interp);
                    // glibc's own ld.so.1 (32-bit PowerPC, MIPS, s390) lives in /lib; Solaris's in /usr/lib.
                    solaris |= name == "ld.so.1" && interp.StartsWith("/usr/lib/", StringComparison.Ordinal);
                    bionic |= interp.StartsWith("/system/bin/linker", StringComparison.Ordinal);
                    uclibc |= name.StartsWith("ld-uClibc", StringComparison.Ordinal) || name.StartsWith("ld64-uClibc", StringComparison.Ordinal);
                    musl |= IsMuslLoader(name);
                    glibc |= IsGlibcLoader(name) && !solaris;
                }
                foreach (string needed in Dynamic?.Needed ?? (IReadOnlyList<string>)Array.Empty<string>())
                {
                    bionic |= needed == "liblog.so" || needed == "libandroid.so";
                    uclibc |= needed == "libc.so.0";
                    solaris |= needed == "libc.so.1";
                    plainLibc |= needed == "libc.so";
                    musl |= IsMuslLibrary(needed);
                    glibc |= IsGlibcLibrary(needed) && !(needed == "ld.so.1" && solaris);
                }
                // Android's libc is plain libc.so too, as is musl's: the NDK's note tells them apart.
                bionic |= plainLibc && !bionic && HasSection(".note.android.ident");
                if (bionic) return LibcKind.Bionic;
                if (uclibc) return LibcKind.UClibc;
                if (solaris) return LibcKind.Solaris;
                return glibc && musl ? LibcKind.Mixed : musl ? LibcKind.Musl : glibc ? LibcKind.Glibc : LibcKind.None;
            }
        }

        /// <summary>True for musl's loader file name: ld-musl-ARCH.so.1.</summary>
        public static bool IsMuslLoader(string fileName) => fileName.StartsWith("ld-musl-", StringComparison.Ordinal);

        /// <summary>True for glibc's loader file names: ld-linux*.so.N, ld64.so.N, ld.so.1.</summary>
        public static bool IsGlibcLoader(string fileName) =>
            fileName.StartsWith("ld-linux", StringComparison.Ordinal) || fileName.StartsWith("ld64.so.", StringComparison.Ordinal) || fileName == "ld.so.1";

        /// <summary>True for the sonames musl's libc goes by: libc.musl-ARCH.so.1 (Alpine) and plain libc.so.</summary>
        public static bool IsMuslLibrary(string soname) =>
            soname.StartsWith("libc.musl-", StringComparison.Ordinal) || soname == "libc.so" || IsMuslLoader(soname);

        /// <summary>True for glibc's libc soname and its loader.</summary>
        public static bool IsGlibcLibrary(string soname) => soname == "libc.so.6" || soname == "libc.so.6.1" || IsGlibcLoader(soname);

        private static string BaseName(string path)
        {
            int slash = path.LastIndexOf('/');
            return slash < 0 ? path : path.Substring(slash + 1);
        }

        private LibcKind StaticLibc()
        {
            if (AbiTagKernel != null)
            {
                return LibcKind.StaticGlibc; // glibc's crt1.o carries .note.ABI-tag
            }
            if (Go != null)
            {
                return LibcKind.Static;
            }
            return HasMuslSymbols() ? LibcKind.StaticMusl : LibcKind.Static;
        }

        // musl's start-up code defines __init_libc and __libc_start_init; glibc has neither. Only an unstripped
        // static file still has the .symtab that says so.
        private bool HasMuslSymbols()
        {
            ElfSectionHeader[] sections = SectionsOrEmpty();
            foreach (ElfSectionHeader symtab in sections)
            {
                if (symtab.Type != ElfSectionType.SymbolTable || symtab.Link >= sections.Length)
                {
                    continue;
                }
                ElfSectionHeader strtab = sections[(int)symtab.Link];
                if (strtab.Type != ElfSectionType.StringTable || strtab.Size > MaxTableSize)
                {
                    continue;
                }
                ElfBytes names = ReadRange(strtab.Offset, strtab.Size, "symbol name table");
                return names.IndexOf(s_initLibc, 0) >= 0;
            }
            return false;
        }

        private static readonly byte[] s_initLibc = System.Text.Encoding.ASCII.GetBytes("\0__init_libc\0");
    }
}
