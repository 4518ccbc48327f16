using System;
using System.Collections.Generic;

namespace GlibcGuard.Compatibility
{
    /// <summary>How a baseline answers "does it have this version node?".</summary>
    public enum VersionVerdict
    {
        /// <summary>The baseline defines the node.</summary>
        Present,
        /// <summary>The baseline does not define the node: the loader will refuse the file.</summary>
        Missing,
        /// <summary>GLIBC_PRIVATE: tied to one glibc build, never portable.</summary>
        Private,
        /// <summary>The baseline has no data for this family (e.g. OPENSSL_3.0); other rules judge the library.</summary>
        Unchecked,
    }

    /// <summary>
    /// A target system: the version nodes its C and C++ runtime libraries define (per architecture and family),
    /// the libraries a stock install provides, its kernel and the x86-64 level it requires of the CPU.
    /// </summary>
    public sealed class Baseline
    {
        internal Baseline(string id, string displayName, string runsOnFamily, string runsOnLabel, string glibcVersion, string kernel,
            int x86Level, IReadOnlyList<string> aliases, string source, bool isCustom)
        {
            Id = id;
            DisplayName = displayName;
            RunsOnFamily = runsOnFamily;
            RunsOnLabel = runsOnLabel;
            GlibcVersion = glibcVersion;
            Kernel = kernel;
            X86Level = x86Level;
            Aliases = aliases;
            Source = source;
            IsCustom = isCustom;
        }

        /// <summary>The name used on the command line and in MSBuild: centos8, ubuntu22.04, glibc-2.31, …</summary>
        public string Id { get; }
        /// <summary>A name for people: "CentOS 8 / RHEL 8 / AlmaLinux 8 / Rocky 8 (glibc 2.28)".</summary>
        public string DisplayName { get; }
        /// <summary>The distro family for "runs on" lists: RHEL, Ubuntu, Debian, Amazon Linux, manylinux.</summary>
        public string RunsOnFamily { get; }
        /// <summary>The short label in "runs on" lists: "RHEL 9".</summary>
        public string RunsOnLabel { get; }
        /// <summary>The glibc version, e.g. 2.28.</summary>
        public string GlibcVersion { get; }
        /// <summary>The kernel version the distro ships (the oldest supported).</summary>
        public string Kernel { get; }
        /// <summary>The x86-64 micro-architecture level the distro requires (1 baseline, 2 v2, 3 v3).</summary>
        public int X86Level { get; }
        /// <summary>Other accepted names.</summary>
        public IReadOnlyList<string> Aliases { get; }
        /// <summary>Where the data came from.</summary>
        public string Source { get; }
        /// <summary>True for glibc-2.NN: GLIBC is compared numerically and other families are not checked.</summary>
        public bool IsCustom { get; }

        internal Dictionary<string, Dictionary<string, HashSet<string>>> VersionSets { get; } = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
        internal HashSet<string> Libraries { get; } = new HashSet<string>(StringComparer.Ordinal);
        internal Dictionary<string, HashSet<string>> SymbolBlacklist { get; } = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        /// <summary>Architectures with version-node data (others are compared by glibc version number).</summary>
        public IEnumerable<string> Architectures => VersionSets.Keys;

        /// <summary>The sonames a stock install provides.</summary>
        public IReadOnlyCollection<string> ProvidedLibraries => Libraries;

        /// <summary>True when a stock install provides <paramref name="soname"/> (the loader included).</summary>
        public bool ProvidesLibrary(string soname) =>
            Libraries.Contains(soname) || Elf.ElfFile.IsGlibcLoader(soname);

        // Verdicts are asked for again and again (every file, every "runs on" list): remember them per architecture.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentDictionary<string, VersionVerdict>> _verdicts =
            new System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentDictionary<string, VersionVerdict>>(StringComparer.Ordinal);

        /// <summary>Judges one needed version node for a file of architecture <paramref name="machine"/>.</summary>
        public VersionVerdict Check(string machine, string nodeName)
        {
            var perArch = _verdicts.GetOrAdd(machine, _ => new System.Collections.Concurrent.ConcurrentDictionary<string, VersionVerdict>(StringComparer.Ordinal));
            return perArch.TryGetValue(nodeName, out VersionVerdict known) ? known : perArch[nodeName] = Judge(machine, nodeName);
        }

        private VersionVerdict Judge(string machine, string nodeName)
        {
            VersionNode node = VersionNode.Parse(nodeName);
            if (node.Family == "GLIBC" && node.Version == "PRIVATE")
            {
                return VersionVerdict.Private;
            }
            if (!IsCustom && VersionSets.TryGetValue(DataArch(machine), out Dictionary<string, HashSet<string>>? families))
            {
                // An empty set means the source image had no such library to read (centos7 x86_64 has no
                // libatomic in the data), not that the library defines nothing: no data, so not judged here.
                if (!families.TryGetValue(node.Family, out HashSet<string>? versions) || versions.Count == 0)
                {
                    return VersionVerdict.Unchecked;
                }
                return versions.Contains(node.Version) ? VersionVerdict.Present : VersionVerdict.Missing;
            }
            // No per-architecture data (a custom baseline, or an architecture the data does not cover):
            // GLIBC by number, the rest unchecked.
            if (node.Family != "GLIBC")
            {
                return VersionVerdict.Unchecked;
            }
            if (node.Version == "ABI_DT_RELR")
            {
                return VersionNode.CompareVersions(GlibcVersion, "2.36") >= 0 ? VersionVerdict.Present : VersionVerdict.Missing;
            }
            return node.IsNumeric && VersionNode.CompareVersions(node.Version, GlibcVersion) <= 0 ? VersionVerdict.Present : VersionVerdict.Missing;
        }

        /// <summary>True when <paramref name="symbol"/> must not be imported from <paramref name="soname"/> on this baseline.</summary>
        public bool IsBlacklisted(string soname, string symbol) =>
            SymbolBlacklist.TryGetValue(soname, out HashSet<string>? symbols) && symbols.Contains(symbol);

        /// <summary>
        /// Where glibc's dynamic loader lives on every glibc distro, per architecture (the psABI paths; a file's
        /// PT_INTERP must name it exactly, or the kernel cannot start the file).
        /// </summary>
        public static readonly System.Collections.Generic.IReadOnlyDictionary<string, string> LoaderPaths = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["x86_64"] = "/lib64/ld-linux-x86-64.so.2",
            ["aarch64"] = "/lib/ld-linux-aarch64.so.1",
            ["i386"] = "/lib/ld-linux.so.2",
            ["arm"] = "/lib/ld-linux-armhf.so.3",
            ["ppc64le"] = "/lib64/ld64.so.2",
            ["ppc64"] = "/lib64/ld64.so.1",
            ["s390x"] = "/lib/ld64.so.1",
            ["riscv64"] = "/lib/ld-linux-riscv64-lp64d.so.1",
            ["loongarch64"] = "/lib64/ld-linux-loongarch-lp64d.so.1",
        };

        /// <summary>Loader paths glibc also installs for another ABI of the same machine: armel's soft-float loader.</summary>
        public static readonly System.Collections.Generic.IReadOnlyDictionary<string, string> AlternateLoaderPaths = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["arm"] = "/lib/ld-linux.so.3",
        };

        /// <summary>The name the version data uses for a machine name (i386 → i686).</summary>
        public static string DataArch(string machine) => machine == "i386" ? "i686" : machine;

        public override string ToString() => Id;
    }
}
