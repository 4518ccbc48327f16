using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>How a baseline answers "does it have this version node?".</summary>
    internal enum VersionVerdict
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
    /// A target system: the architectures it ships, the version nodes its C and C++ runtime libraries define (per
    /// architecture and family), the libraries a stock install provides, its kernel and the x86-64 level it
    /// requires of the CPU.
    /// </summary>
    internal sealed class Baseline
    {
        internal Baseline(string id, string displayName, string runsOnFamily, string runsOnLabel, string glibcVersion, string kernel,
            X86IsaLevel x86Level, IReadOnlyList<string> aliases, string source, IReadOnlyList<Architecture>? ports = null, string? portsSource = null,
            string? librariesSource = null, bool librariesAreMinimalInstall = false, bool isCustom = false)
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
            Ports = ports;
            _ports = ports as Architecture[] ?? CopyOf(ports);
            PortsSource = portsSource;
            LibrariesSource = librariesSource ?? "";
            LibrariesAreMinimalInstall = librariesAreMinimalInstall;
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
        /// <summary>The x86-64 micro-architecture level the distro requires of the CPU.</summary>
        public X86IsaLevel X86Level { get; }
        /// <summary>Other accepted names.</summary>
        public IReadOnlyList<string> Aliases { get; }
        /// <summary>Where the data came from.</summary>
        public string Source { get; }
        /// <summary>The architectures the distro ships glibc for; null for a custom baseline (any architecture).</summary>
        public IReadOnlyList<Architecture>? Ports { get; }

        private readonly Architecture[]? _ports; // Ships() loops over the array itself: see ArchitectureMap

        private static Architecture[]? CopyOf(IReadOnlyList<Architecture>? ports)
        {
            if (ports is null) return null;
            var copy = new Architecture[ports.Count];
            for (int i = 0; i < copy.Length; i++) copy[i] = ports[i];
            return copy;
        }
        /// <summary>Where <see cref="Ports"/> came from.</summary>
        public string? PortsSource { get; }
        /// <summary>Where <see cref="ProvidedLibraries"/> came from.</summary>
        public string LibrariesSource { get; }
        /// <summary>
        /// True when <see cref="ProvidedLibraries"/> is what a minimal install of the release installs, read from its
        /// own package indexes; false for the generic list (auditwheel's policy and the distro's OpenSSL).
        /// </summary>
        public bool LibrariesAreMinimalInstall { get; }
        /// <summary>True for auditwheel's manylinux policies (a build standard, not a distro).</summary>
        public bool IsManylinux => RunsOnFamily == ManylinuxFamily;

        /// <summary>The <see cref="RunsOnFamily"/> of the manylinux policies.</summary>
        public const string ManylinuxFamily = "manylinux";
        /// <summary>True for glibc-2.NN: GLIBC is compared numerically and other families are not checked.</summary>
        public bool IsCustom { get; }

        /// <summary>For a .NET container image's baseline, the image; null for a distro.</summary>
        public ImageSpec? Image { get; private set; }

        /// <summary>True for an Alpine image: the target uses musl, so every glibc file is judged as one that does not start there.</summary>
        public bool IsMusl => Image?.IsMusl == true || OwnImage?.IsMusl == true;

        /// <summary>A container image judged by its own layers (`glibcguard check IMAGE`): its loader decides, not data; null otherwise.</summary>
        public OwnImage? OwnImage { get; private set; }

        /// <summary>The image as a baseline: its own C library, architecture, libraries (by what its loader finds), nothing from built-in data.</summary>
        internal static Baseline ForOwnImage(OwnImage own)
        {
            string name = own.Image.Name;
            string libc = own.IsMusl ? "musl" : own.GlibcVersion.Length > 0 ? "glibc " + own.GlibcVersion : "no C library";
            var b = new Baseline(name, name + " (" + (own.Release != null ? own.Release + ", " : "") + libc + ")", ImageFamily, name,
                own.IsMusl ? "" : own.GlibcVersion, "99", X86IsaLevel.Baseline, Array.Empty<string>(), "the image's own layers: " + own.Image.Source,
                new[] { own.Machine }, "the image's C library", "the libraries its loader finds in the image", librariesAreMinimalInstall: true)
            {
                OwnImage = own,
            };
            foreach (string soname in own.Sonames()) b.Libraries.Add(soname);
            return b;
        }

        /// <summary>"glibc 2.28", or "musl" for an Alpine image: how messages name the baseline's C library.</summary>
        public string LibcLabel => IsMusl ? "musl" : "glibc " + GlibcVersion;

        /// <summary>The family of image baselines (never in "runs on", which names distros).</summary>
        public const string ImageFamily = "container image";

        /// <summary>
        /// A .NET container image as a baseline: the version nodes of the release it is built on, and the image's own
        /// libraries and architectures (<see cref="LibrariesAreMinimalInstall"/>: they are measured, so ICU and
        /// OpenSSL are judged by them).
        /// </summary>
        /// <summary>An Alpine image as a baseline: a musl target with the image's architectures, no glibc and no library list.</summary>
        internal static Baseline ForMuslImage(ImageSpec image, string id)
        {
            string name = id.IndexOf(':') > 0 ? id : image.Name;
            return new Baseline(id, name + " (Alpine, musl)", ImageFamily, id, "", "3.2.0", X86IsaLevel.Baseline, image.Names, image.Source,
                image.Architectures, "the image's architectures (its Dockerfiles)", "musl: no library list", librariesAreMinimalInstall: false)
            {
                Image = image,
            };
        }

        internal static Baseline ForImage(Baseline distro, ImageSpec image, string id)
        {
            string name = id.IndexOf(':') > 0 ? id : image.Name;
            var b = new Baseline(id, name + " (" + distro.RunsOnLabel + ", glibc " + distro.GlibcVersion + ")", ImageFamily, id, distro.GlibcVersion, distro.Kernel, distro.X86Level,
                image.Names, image.Source + "; version nodes as " + distro.Id + ": " + distro.Source, image.Architectures,
                "the image's architectures (its Dockerfiles)", image.Source, librariesAreMinimalInstall: true)
            {
                Image = image,
            };
            for (int i = 0; i < distro.VersionSets.Count; i++) b.VersionSets[distro.VersionSets.KeyAt(i)] = distro.VersionSets.ValueAt(i);
            foreach (KeyValuePair<string, NameSet> kv in distro.SymbolBlacklist) b.SymbolBlacklist[kv.Key] = kv.Value;
            foreach (KeyValuePair<string, NameSet> kv in distro.LibraryVersions)
            {
                if (image.Libraries.Contains(kv.Key)) b.LibraryVersions[kv.Key] = kv.Value;
            }
            foreach (string library in image.Libraries) b.Libraries.Add(library);
            return b;
        }

        internal ArchitectureMap<VersionSets> VersionSets { get; } = new ArchitectureMap<VersionSets>();
        /// <summary>The sonames a stock install provides (made at the first read from <see cref="LibrariesOf"/>, when the data gives it).</summary>
        internal NameSet Libraries
        {
            get
            {
                NameSet? made = _libraries;
                if (made != null) return made;
                made = NameSet.Ordered(_librariesOf?.Invoke() ?? Array.Empty<string>());
                return System.Threading.Interlocked.CompareExchange(ref _libraries, made, null) ?? made;
            }
            set
            {
                _libraries = value;
                _librariesOf = null; // InEveryLibraryList speaks for the generated lists only
            }
        }

        /// <summary>The generated data's list of <see cref="Libraries"/>, in ordinal order (made only when read).</summary>
        internal Func<string[]>? LibrariesOf
        {
            set => _librariesOf = value;
        }

        private NameSet? _libraries;
        private Func<string[]>? _librariesOf;

        /// <summary>Whether <see cref="Libraries"/> was made (tests).</summary>
        internal bool LibrariesMade => _libraries != null;
        internal Dictionary<string, NameSet> SymbolBlacklist { get; } = new Dictionary<string, NameSet>(StringComparer.Ordinal);

        /// <summary>
        /// The version nodes each x86_64 library of the minimal install defines, read from the release's own packages
        /// (eng/reference/library-versions.json; Debian 11–13). They judge needs of families the per-distro version
        /// sets do not cover (SMARTCOLS_2.38 from libsmartcols.so.1), as the loader does: by the library's own nodes.
        /// </summary>
        internal Dictionary<string, NameSet> LibraryVersions
        {
            get
            {
                FillTables();
                return _libraryVersions;
            }
        }

        private readonly Dictionary<string, NameSet> _libraryVersions = new Dictionary<string, NameSet>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _unevidencedLibraries = new Dictionary<string, string>(StringComparer.Ordinal);
        private volatile Action<Dictionary<string, NameSet>, Dictionary<string, string>>? _fillTables;

        /// <summary>
        /// Fills <see cref="LibraryVersions"/> and <see cref="UnevidencedLibraries"/> when either is first read (the
        /// generated data's form): a check whose files need only the C library reads neither.
        /// </summary>
        internal Action<Dictionary<string, NameSet>, Dictionary<string, string>> Tables
        {
            set => _fillTables = value;
        }

        private void FillTables()
        {
            if (_fillTables is null) return;
            lock (_libraryVersions)
            {
                if (_fillTables is Action<Dictionary<string, NameSet>, Dictionary<string, string>> fill)
                {
                    fill(_libraryVersions, _unevidencedLibraries);
                    _fillTables = null;
                }
            }
        }

        /// <summary>
        /// For a RHEL-family release, the official container image whose installed packages <see cref="ProvidedLibraries"/>
        /// lists ("almalinux:8"); null elsewhere.
        /// </summary>
        internal string? LibrariesImage { get; set; }

        /// <summary>
        /// Soname beginnings ("libpcre.so.") of the libraries that installed packages of <see cref="LibrariesImage"/> may
        /// hold but no evidence names, each with its package: a library that matches one may be there after all.
        /// </summary>
        internal Dictionary<string, string> UnevidencedLibraries
        {
            get
            {
                FillTables();
                return _unevidencedLibraries;
            }
        }

        /// <summary>The installed package that may hold <paramref name="soname"/> without evidence saying so, or null.</summary>
        internal string? UnevidencedPackageFor(string soname)
        {
            foreach (KeyValuePair<string, string> kv in UnevidencedLibraries)
            {
                if (soname.StartsWith(kv.Key, StringComparison.Ordinal)) return kv.Value;
            }
            return null;
        }

        /// <summary>Architectures with version-node data (others it ships are compared by glibc version number).</summary>
        public IEnumerable<Architecture> Architectures => VersionSets.Keys;

        /// <summary>True when the distro ships glibc for <paramref name="architecture"/> (always, for a custom baseline).</summary>
        public bool Ships(Architecture architecture)
        {
            if (_ports is null) return true;
            foreach (Architecture a in _ports)
            {
                if (a.Equals(architecture)) return true;
            }
            return false;
        }

        /// <summary>True when the data has version nodes for <paramref name="architecture"/>: false means "compared by GLIBC number only".</summary>
        public bool HasVersionData(Architecture architecture) => !IsCustom && VersionSets.ContainsKey(architecture);

        /// <summary>The sonames a stock install provides.</summary>
        public IReadOnlyCollection<string> ProvidedLibraries => Libraries;

        /// <summary>True when a stock install provides <paramref name="soname"/> (the loader included).</summary>
        public bool ProvidesLibrary(string soname) =>
            CLibraries.IsGlibcLoader(soname) || (_librariesOf != null && BaselineCatalog.InEveryLibraryList.Contains(soname)) || Libraries.Contains(soname);

        /// <summary>
        /// Judges one version node a file of <paramref name="architecture"/> needs from <paramref name="library"/>: by the
        /// family's version sets, and where they have nothing to say, by the nodes that library defines on the
        /// baseline (<see cref="LibraryVersions"/>). <paramref name="nodeId"/> is the node's number
        /// (<see cref="VersionNode.IdOf"/>) when the caller has it.
        /// </summary>
        public VersionVerdict Check(Architecture architecture, string library, string nodeName, int nodeId = -1)
        {
            VersionVerdict verdict = Check(architecture, nodeName, nodeId);
            if (verdict == VersionVerdict.Unchecked && architecture == Architecture.X86_64 && LibraryVersions.TryGetValue(library, out NameSet? nodes))
            {
                return nodes.Contains(nodeName) ? VersionVerdict.Present : VersionVerdict.Missing;
            }
            return verdict;
        }

        /// <summary>Judges one needed version node for a file of <paramref name="architecture"/>.</summary>
        public VersionVerdict Check(Architecture architecture, string nodeName) => Check(architecture, nodeName, -1);

        // Verdicts are asked for again and again (every need of every file, on every baseline): they are kept by node
        // number (VersionNode.IdOf), one array per architecture, which is far cheaper than hashing the name again.
        // A lost write (two threads, or a table grown meanwhile) only means the verdict is judged once more.
        private VersionVerdict Check(Architecture architecture, string nodeName, int nodeId)
        {
            if (nodeId < 0) nodeId = VersionNode.IdOf(nodeName);
            if (nodeId < 0) return Judge(architecture, nodeName); // past the numbering's bound: judged each time
            byte[] table = VerdictTable(architecture, nodeId);
            byte known = table[nodeId];
            if (known != 0) return (VersionVerdict)(known - 1);
            VersionVerdict verdict = Judge(architecture, nodeName);
            table[nodeId] = (byte)(verdict + 1);
            return verdict;
        }

        /// <summary>One architecture's verdicts by node number (a class: see <see cref="ArchitectureMap{T}"/>).</summary>
        private sealed class VerdictsOf
        {
            public VerdictsOf(Architecture architecture, byte[] table)
            {
                Architecture = architecture;
                Table = table;
            }

            public Architecture Architecture { get; }
            public byte[] Table { get; }
        }

        private readonly object _byIdLock = new object();
        private VerdictsOf[] _byId = new VerdictsOf[0];

        private byte[] VerdictTable(Architecture architecture, int nodeId)
        {
            foreach (VerdictsOf v in _byId)
            {
                if (v.Architecture.Equals(architecture) && nodeId < v.Table.Length) return v.Table;
            }
            return GrowVerdictTable(architecture, nodeId);
        }

        private byte[] GrowVerdictTable(Architecture architecture, int nodeId)
        {
            lock (_byIdLock)
            {
                VerdictsOf[] all = _byId;
                int at = -1;
                for (int i = 0; i < all.Length; i++) if (all[i].Architecture.Equals(architecture)) at = i;
                byte[]? old = at >= 0 ? all[at].Table : null;
                if (old != null && nodeId < old.Length) return old;
                // Node numbers are handed out as names come (VersionNode.IdOf): a file's few first, a folder's hundreds.
                int size = 16;
                while (size <= nodeId) size *= 2;
                var table = new byte[size];
                if (old != null) Buffer.BlockCopy(old, 0, table, 0, old.Length);
                var next = new VerdictsOf[at >= 0 ? all.Length : all.Length + 1];
                Array.Copy(all, next, all.Length);
                next[at >= 0 ? at : all.Length] = new VerdictsOf(architecture, table);
                _byId = next; // one reference: readers see the old tables or the new, whole
                return table;
            }
        }

        private VersionVerdict Judge(Architecture architecture, string nodeName)
        {
            VersionNode node = VersionNode.Parse(nodeName);
            if (node.IsGlibcPrivate)
            {
                return VersionVerdict.Private;
            }
            if (!IsCustom && VersionSets.TryGetValue(architecture, out VersionSets? families))
            {
                // An empty set means the source image had no such library to read (centos7 x86_64 has no
                // libatomic in the data), not that the library defines nothing: no data, so not judged here.
                if (!families.TryGet(node.Family, out NameSet? versions) || versions.Count == 0)
                {
                    return VersionVerdict.Unchecked;
                }
                return versions.Contains(node.Version) ? VersionVerdict.Present : VersionVerdict.Missing;
            }
            // No per-architecture data (a custom baseline, or an architecture the data does not cover):
            // GLIBC by number, the rest unchecked.
            if (!node.IsGlibc)
            {
                return VersionVerdict.Unchecked;
            }
            if (node.IsGlibcDtRelr)
            {
                return VersionNode.CompareVersions(GlibcVersion, "2.36") >= 0 ? VersionVerdict.Present : VersionVerdict.Missing;
            }
            return node.IsNumeric && VersionNode.CompareVersions(node.Version, GlibcVersion) <= 0 ? VersionVerdict.Present : VersionVerdict.Missing;
        }

        /// <summary>
        /// The symbols of <paramref name="imported"/> that the baseline's <paramref name="soname"/> does not export
        /// although it defines their version, or null when there are none (most libraries have no such list).
        /// </summary>
        public List<string>? Blacklisted(string soname, IReadOnlyList<string> imported)
        {
            if (!SymbolBlacklist.TryGetValue(soname, out NameSet? banned)) return null;
            return imported is SymbolNames names ? names.Matching(banned) : SymbolNames.Matching(imported, banned);
        }

        public override string ToString() => Id;
    }

    /// <summary>The version nodes one architecture's libraries define, per family (GLIBC, GLIBCXX, …).</summary>
    internal sealed class VersionSets
    {
        private Dictionary<string, NameSet>? _byFamily; // made at the first family asked for or set
        private readonly string? _families;
        private readonly Func<string, string[]?>? _make;

        public VersionSets()
        {
        }

        /// <summary>
        /// The generated data's form: <paramref name="families"/> names the families (separated by spaces) and
        /// <paramref name="make"/> gives one family's versions, in ordinal order, when it is first asked for. The data
        /// holds seven architectures and up to six families for each baseline, and a run mostly judges one
        /// architecture's GLIBC.
        /// </summary>
        public VersionSets(string families, Func<string, string[]?> make)
        {
            _families = families;
            _make = make;
        }

        /// <summary>Sets a family's versions, given in ordinal order.</summary>
        public string[] this[string family]
        {
            set
            {
                lock (this) (_byFamily ??= new Dictionary<string, NameSet>(StringComparer.Ordinal))[family] = NameSet.Ordered(value);
            }
        }

        public bool TryGet(string family, out NameSet versions)
        {
            lock (this)
            {
                if (_byFamily != null && _byFamily.TryGetValue(family, out versions!)) return true;
                if (_make?.Invoke(family) is string[] made)
                {
                    (_byFamily ??= new Dictionary<string, NameSet>(StringComparer.Ordinal))[family] = versions = NameSet.Ordered(made);
                    return true;
                }
                versions = null!;
                return false;
            }
        }

        /// <summary>Every family with its versions (tests).</summary>
        internal IEnumerable<KeyValuePair<string, NameSet>> Families
        {
            get
            {
                foreach (string family in (_families ?? "").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries)) TryGet(family, out _);
                lock (this) return _byFamily is null ? new List<KeyValuePair<string, NameSet>>() : new List<KeyValuePair<string, NameSet>>(_byFamily);
            }
        }
    }
}
