using System;
using System.Collections.Generic;
using GlibcGuard.Elf;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// A processor architecture as the loader tells them apart: e_machine, class and byte order. An x86_64
    /// program and an x32 one share e_machine and are still different architectures; so are ppc64 and ppc64le.
    /// </summary>
    internal readonly struct Architecture : IEquatable<Architecture>
    {
        public Architecture(ElfMachine machine, bool is64, bool isBigEndian, bool softFloat = false)
        {
            ElfMachine = machine;
            Is64 = is64;
            IsBigEndian = isBigEndian;
            IsSoftFloat = softFloat && machine == ElfMachine.Arm;
        }

        /// <summary>The architecture of a file, from its header (32-bit ARM's float ABI from e_flags).</summary>
        public static Architecture Of(ElfHeader header) =>
            new Architecture(header.Machine, header.Is64, header.IsBigEndian, (header.Flags & ElfNames.ArmSoftFloat) != 0);

        public ElfMachine ElfMachine { get; }
        public bool Is64 { get; }
        public bool IsBigEndian { get; }
        /// <summary>32-bit ARM for the soft-float ABI (armel): its own loader and its own distro ports, apart from armhf.</summary>
        public bool IsSoftFloat { get; }

        /// <summary>The name distros and tools use: x86_64, aarch64, i386, ppc64le, armel, … (the reader's one table).</summary>
        public string Name => ElfNames.Machine(ElfMachine, Is64 ? ElfClass.Elf64 : ElfClass.Elf32, IsBigEndian, IsSoftFloat ? ElfNames.ArmSoftFloat : 0);

        public static readonly Architecture X86_64 = new Architecture(ElfMachine.X86_64, true, false);
        public static readonly Architecture I386 = new Architecture(ElfMachine.I386, false, false);
        public static readonly Architecture Aarch64 = new Architecture(ElfMachine.AArch64, true, false);
        public static readonly Architecture Arm = new Architecture(ElfMachine.Arm, false, false);
        public static readonly Architecture Armel = new Architecture(ElfMachine.Arm, false, false, softFloat: true);
        public static readonly Architecture Ppc64le = new Architecture(ElfMachine.PowerPC64, true, false);
        public static readonly Architecture Ppc64 = new Architecture(ElfMachine.PowerPC64, true, true);
        public static readonly Architecture S390x = new Architecture(ElfMachine.S390, true, true);
        public static readonly Architecture Riscv64 = new Architecture(ElfMachine.RiscV, true, false);
        public static readonly Architecture Loongarch64 = new Architecture(ElfMachine.LoongArch, true, false);
        public static readonly Architecture Mips64el = new Architecture(ElfMachine.Mips, true, false);
        public static readonly Architecture Mipsel = new Architecture(ElfMachine.Mips, false, false);
        public static readonly Architecture Mips = new Architecture(ElfMachine.Mips, false, true);

        /// <summary>What GlibcGuard knows about this architecture on Linux, or null for one it has no row for.</summary>
        internal ArchitectureInfo? Info => s_byArchitecture.TryGetValue(this, out ArchitectureInfo? info) ? info : null;

        /// <summary>
        /// Finds an architecture by the name the reader prints or the name a data source uses for it (auditwheel and
        /// uname say i686 and armv7l).
        /// </summary>
        public static bool TryParse(string name, out Architecture architecture)
        {
            foreach (ArchitectureInfo row in s_rows)
            {
                if (row.Architecture.Name == name || row.DataName == name)
                {
                    architecture = row.Architecture;
                    return true;
                }
            }
            architecture = default;
            return false;
        }

        /// <summary>Parses a name this code base writes itself; an unknown one is a bug here, not bad input.</summary>
        internal static Architecture Parse(string name) =>
            TryParse(name, out Architecture a) ? a : throw new ArgumentException("unknown architecture name " + name, nameof(name));

        public bool Equals(Architecture other) =>
            ElfMachine == other.ElfMachine && Is64 == other.Is64 && IsBigEndian == other.IsBigEndian && IsSoftFloat == other.IsSoftFloat;
        public override bool Equals(object? obj) => obj is Architecture a && Equals(a);
        public override int GetHashCode() => ((int)ElfMachine << 3) | (IsSoftFloat ? 4 : 0) | (Is64 ? 2 : 0) | (IsBigEndian ? 1 : 0);
        public static bool operator ==(Architecture a, Architecture b) => a.Equals(b);
        public static bool operator !=(Architecture a, Architecture b) => !a.Equals(b);
        public override string ToString() => Name;

        // The one table: every fact about a Linux architecture that a rule, a fix or a front end needs.
        // Loader paths: each psABI's PT_INTERP as glibc installs it. zig: lib/libc/glibc/abilists of zig 0.11,
        // where each port starts. .NET RIDs: the runtime's RID graph.
        private static readonly ArchitectureInfo[] s_rows =
        {
            new ArchitectureInfo(X86_64, "x64", "x86_64", "/lib64/ld-linux-x86-64.so.2", null, "x86_64-linux-gnu", "2.2.5"),
            new ArchitectureInfo(Aarch64, "arm64", "aarch64", "/lib/ld-linux-aarch64.so.1", null, "aarch64-linux-gnu", "2.17"),
            new ArchitectureInfo(I386, "x86", "i686", "/lib/ld-linux.so.2", null, "x86-linux-gnu", "2.0"),
            // 32-bit ARM is two ports with two loaders: armhf (hard-float, everyone's "arm") and armel (soft-float, Debian).
            new ArchitectureInfo(Arm, "arm", "armv7l", "/lib/ld-linux-armhf.so.3", null, "arm-linux-gnueabihf", "2.4"),
            new ArchitectureInfo(Armel, "armel", "armel", "/lib/ld-linux.so.3", null, "arm-linux-gnueabi", "2.4"),
            new ArchitectureInfo(Ppc64le, "ppc64le", "ppc64le", "/lib64/ld64.so.2", null, "powerpc64le-linux-gnu", "2.17"),
            new ArchitectureInfo(Ppc64, null, "ppc64", "/lib64/ld64.so.1", null, null, null),
            new ArchitectureInfo(S390x, "s390x", "s390x", "/lib/ld64.so.1", null, "s390x-linux-gnu", "2.2"),
            new ArchitectureInfo(Riscv64, "riscv64", "riscv64", "/lib/ld-linux-riscv64-lp64d.so.1", null, "riscv64-linux-gnu", "2.27"),
            new ArchitectureInfo(Loongarch64, "loongarch64", "loongarch64", "/lib64/ld-linux-loongarch-lp64d.so.1", null, null, null),
            new ArchitectureInfo(Mips64el, null, "mips64el", "/lib64/ld.so.1", null, null, null),
            new ArchitectureInfo(Mipsel, null, "mipsel", "/lib/ld.so.1", null, null, null),
            new ArchitectureInfo(Mips, null, "mips", "/lib/ld.so.1", null, null, null),
        };

        private static readonly ArchitectureMap<ArchitectureInfo> s_byArchitecture = Index();

        private static ArchitectureMap<ArchitectureInfo> Index()
        {
            var d = new ArchitectureMap<ArchitectureInfo>();
            foreach (ArchitectureInfo row in s_rows) d[row.Architecture] = row;
            return d;
        }

        /// <summary>The architecture of a .NET RID's suffix (x64, arm64, …), false for one with no Linux row.</summary>
        internal static bool TryFromRidSuffix(string suffix, out Architecture architecture)
        {
            foreach (ArchitectureInfo row in s_rows)
            {
                if (row.Rid == suffix)
                {
                    architecture = row.Architecture;
                    return true;
                }
            }
            architecture = default;
            return false;
        }
    }

    /// <summary>One row of the architecture table.</summary>
    internal sealed class ArchitectureInfo
    {
        public ArchitectureInfo(Architecture architecture, string? rid, string dataName, string loader, string? alternateLoader, string? zigTriple, string? zigOldestGlibc)
        {
            Architecture = architecture;
            Rid = rid;
            DataName = dataName;
            Loader = loader;
            AlternateLoader = alternateLoader;
            ZigTriple = zigTriple;
            ZigOldestGlibc = zigOldestGlibc;
        }

        public Architecture Architecture { get; }
        /// <summary>The .NET RID suffix (linux-&lt;rid&gt;), or null when .NET has none.</summary>
        public string? Rid { get; }
        /// <summary>The name uname and the reference data's sources use (i686, armv7l); the generator maps them to the reader's.</summary>
        public string DataName { get; }
        /// <summary>glibc's loader path (PT_INTERP) for this architecture.</summary>
        public string Loader { get; }
        /// <summary>A second loader glibc installs for another ABI of the same machine (armel), or null.</summary>
        public string? AlternateLoader { get; }
        /// <summary>zig's target triple for glibc on this architecture, or null when zig has none.</summary>
        public string? ZigTriple { get; }
        /// <summary>The oldest glibc zig links this architecture against.</summary>
        public string? ZigOldestGlibc { get; }
    }
}
