using System;
using System.Collections.Generic;
using System.Linq;
using GlibcGuard.Elf;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// Which C library a file is built for, and the sonames and loaders each C library goes by: the one place
    /// that knows them. The reader supplies the raw facts (interpreter, needed sonames, notes, symbol names).
    /// </summary>
    internal static class CLibraries
    {
        /// <summary>How the file is linked, from its type, interpreter and needed libraries.</summary>
        public static Linkage LinkageOf(ElfFile elf)
        {
            ElfType type = elf.Header.Type;
            if (type == ElfType.Relocatable || type == ElfType.Core)
            {
                return Linkage.None;
            }
            if (elf.Interpreter != null || (elf.Dynamic?.Needed.Count ?? 0) > 0)
            {
                return Linkage.Dynamic;
            }
            if (type == ElfType.Executable)
            {
                return Linkage.Static;
            }
            return elf.IsPie ? Linkage.StaticPie : Linkage.None;
        }

        /// <summary>The object kind with the reader's PIE distinction.</summary>
        public static ObjectKind KindOf(ElfFile elf)
        {
            switch (elf.Header.Type)
            {
                case ElfType.Relocatable: return ObjectKind.Relocatable;
                case ElfType.Executable: return ObjectKind.Executable;
                case ElfType.SharedObject: return elf.IsPie ? ObjectKind.PieExecutable : ObjectKind.SharedLibrary;
                case ElfType.Core: return ObjectKind.Core;
                case ElfType.None: return ObjectKind.None;
                default: return ObjectKind.Other;
            }
        }

        /// <summary>Which C library the file is linked against: PT_INTERP, DT_NEEDED and, for static files, notes and symbols.</summary>
        public static LibcKind Classify(ElfFile elf, Linkage linkage)
        {
            if (linkage == Linkage.None)
            {
                return LibcKind.None;
            }
            if (linkage != Linkage.Dynamic)
            {
                if (elf.AbiTagKernel != null) return LibcKind.StaticGlibc; // glibc's crt1.o carries .note.ABI-tag
                // musl's start-up code defines __init_libc; glibc has no such symbol. Only an unstripped file still says
                // so, a Go program with cgo linked against musl included.
                return elf.SymbolTableNames("__init_libc") ? LibcKind.StaticMusl : LibcKind.Static;
            }
            bool glibc = false, musl = false, bionic = false, uclibc = false, solaris = false, plainLibc = false, solarisLoader = false;
            // A Go program says which operating system it was built for: a GOOS=solaris or illumos build is a Solaris-family program.
            string? goos = null;
            elf.Go?.Settings.TryGetValue("GOOS", out goos);
            solaris |= goos == "solaris" || goos == "illumos";
            bionic |= goos == "android";
            string? interp = elf.Interpreter;
            if (interp != null)
            {
                string name = BaseName(interp);
                // ld.so.1 is glibc's loader on 32-bit PowerPC, MIPS and s390 (/lib/ld.so.1), and Solaris's everywhere
                // (/lib/ld.so.1, /lib/amd64/ld.so.1, /usr/lib/64/ld.so.1): on x86 and SPARC, or from a 64-bit
                // subfolder or /usr/lib, it is Solaris's.
                ElfMachine machine = elf.Header.Machine;
                solarisLoader = name == "ld.so.1" &&
                    (interp.StartsWith("/usr/lib/", StringComparison.Ordinal) || interp.IndexOf("/amd64/", StringComparison.Ordinal) >= 0 ||
                     interp.IndexOf("/64/", StringComparison.Ordinal) >= 0 || interp.IndexOf("/sparcv9/", StringComparison.Ordinal) >= 0 ||
                     machine == ElfMachine.X86_64 || machine == ElfMachine.I386 || machine == ElfMachine.Sparc || machine == ElfMachine.SparcV9);
                bionic |= interp.StartsWith("/system/bin/linker", StringComparison.Ordinal);
                uclibc |= name.StartsWith("ld-uClibc", StringComparison.Ordinal) || name.StartsWith("ld64-uClibc", StringComparison.Ordinal);
                musl |= IsMuslLoader(name);
                glibc |= IsGlibcLoader(name) && !solarisLoader;
            }
            IReadOnlyList<string> neededList = elf.Dynamic?.Needed ?? (IReadOnlyList<string>)Array.Empty<string>();
            // A file that needs glibc's libc.so.6 is no Solaris program whatever its loader is called.
            solaris |= solarisLoader && !neededList.Contains("libc.so.6");
            glibc |= solarisLoader && !solaris;
            foreach (string needed in neededList)
            {
                bionic |= needed == "liblog.so" || needed == "libandroid.so";
                uclibc |= needed == "libc.so.0";
                solaris |= needed == "libc.so.1";
                plainLibc |= needed == "libc.so";
                musl |= IsMuslLibrary(needed) && !(needed == "libc.so" && solaris); // Solaris programs link plain libc.so too
                glibc |= IsGlibcLibrary(needed) && !(needed == "ld.so.1" && solaris);
            }
            // Android's libc is plain libc.so too, as is musl's: the NDK's note tells them apart.
            bionic |= plainLibc && !bionic && elf.HasSection(".note.android.ident");
            if (bionic) return LibcKind.Bionic;
            if (uclibc) return LibcKind.UClibc;
            if (solaris) return LibcKind.Solaris;
            return glibc && musl ? LibcKind.Mixed : musl ? LibcKind.Musl : glibc ? LibcKind.Glibc : LibcKind.None;
        }

        /// <summary>What says which C library a static file carries, or why nothing does (see <see cref="BinaryFacts.LibcEvidence"/>).</summary>
        public static string StaticEvidence(ElfFile elf, LibcKind kind)
        {
            switch (kind)
            {
                case LibcKind.StaticGlibc: return "glibc's ABI-tag note, from its start-up code";
                case LibcKind.StaticMusl: return "musl's __init_libc in the symbol table";
            }
            if (elf.Go?.CgoEnabled == false) return "a Go program built without cgo";
            return elf.HasSection(".symtab")
                ? "no glibc ABI-tag note and no musl start-up symbol"
                : "stripped, and no glibc ABI-tag note; musl leaves no mark a stripped file keeps";
        }

        // A static glibc's NSS code builds the module's file name from "libnss_" (it dlopens libnss_SERVICE.so.2 for
        // every service nsswitch.conf names that is not built in); that literal is in .rodata, stripped or not. iconv
        // is seen by name (iconv_open), in an unstripped file only. dlopen itself says nothing: glibc 2.34 and later
        // link it into every static program, and gconv's strings come with stdio.
        private static readonly string[] s_loaderSymbols = { "iconv_open" };

        /// <summary>Adds to <paramref name="loads"/> what a static glibc still loads from the target's glibc: NSS, iconv.</summary>
        public static void StaticGlibcLoads(ElfFile elf, List<string> loads)
        {
            if (elf.SectionContains(".rodata", new[] { "libnss_" })[0]) loads.Add("NSS");
            if (elf.SymbolTableNames(s_loaderSymbols)[0]) loads.Add("iconv");
        }

        // The lookups a static musl does by reading the files itself (it has no NSS): by name, in an unstripped file.
        private static readonly string[] s_lookupSymbols = { "getpwnam", "getpwuid", "getpwnam_r", "getpwuid_r", "getgrnam", "getgrgid", "getgrnam_r", "getgrgid_r", "getaddrinfo", "gethostbyname" };

        /// <summary>Adds "lookups" to <paramref name="loads"/> when a static musl calls user, group or host lookups.</summary>
        public static void StaticMuslLookups(ElfFile elf, List<string> loads)
        {
            if (Array.IndexOf(elf.SymbolTableNames(s_lookupSymbols), true) >= 0) loads.Add("lookups");
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

        /// <summary>
        /// True for the sonames glibc itself installs (and its loader): a copy shipped beside an application is never
        /// used, because the system's loader loads the system's libc.
        /// </summary>
        public static bool IsGlibcPart(string soname) => s_glibcParts.Contains(soname) || IsGlibcLoader(soname);

        private static readonly HashSet<string> s_glibcParts = new HashSet<string>(StringComparer.Ordinal)
        {
            "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libresolv.so.2", "libutil.so.1",
            "libanl.so.1", "libnsl.so.1", "libmvec.so.1", "libBrokenLocale.so.1", "libthread_db.so.1", "libc_malloc_debug.so.0",
        };

        private static string BaseName(string path)
        {
            int slash = path.LastIndexOf('/');
            return slash < 0 ? path : path.Substring(slash + 1);
        }
    }
}
