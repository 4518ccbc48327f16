using System;
using System.Collections.Generic;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>The files being judged together: which of them provides a library another one needs.</summary>
    internal sealed class FileSet
    {
        private readonly Dictionary<string, List<AnalysisInput>> _byName = new Dictionary<string, List<AnalysisInput>>(StringComparer.Ordinal);

        public FileSet(IEnumerable<AnalysisInput> files)
        {
            foreach (AnalysisInput f in files)
            {
                if (f.Facts.Error != null) continue;
                _files.Add(f);
                foreach (string needed in f.Facts.Needed) _neededNames.Add(needed);
                if (f.Facts.Soname != null) Add(f.Facts.Soname, f);
                if (f.FileName != f.Facts.Soname) Add(f.FileName, f);
            }
        }

        private readonly HashSet<string> _neededNames = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<AnalysisInput> _files = new List<AnalysisInput>();

        /// <summary>
        /// True when a file of the set that a Linux baseline judges (read, for Linux, not a musl build, not an
        /// object file) is for an architecture <paramref name="baseline"/> ships.
        /// </summary>
        public bool AnyShippedBy(Baseline baseline)
        {
            // Asked once per file of an architecture the baseline does not ship: answered once per baseline.
            if (!_anyShipped.TryGetValue(baseline, out bool any))
            {
                _anyShipped[baseline] = any = AnyShipped(_files, baseline);
            }
            return any;
        }

        // Apart from AnyShippedBy, whose every call would otherwise allocate the lambda's closure.
        private static bool AnyShipped(List<AnalysisInput> files, Baseline baseline) =>
            files.Any(f => !f.NotJudged && f.Rid?.IsMusl != true && f.Facts.Type != ObjectKind.Relocatable && f.Facts.Machine is Architecture a && baseline.Ships(a));

        private readonly System.Collections.Concurrent.ConcurrentDictionary<Baseline, bool> _anyShipped = new System.Collections.Concurrent.ConcurrentDictionary<Baseline, bool>();

        /// <summary>True for a read file whose architecture <paramref name="baseline"/> does not ship.</summary>
        internal static bool NotShipped(AnalysisInput f, Baseline baseline) =>
            f.Facts.Error == null && f.Facts.Type != ObjectKind.Relocatable && f.Facts.Machine is Architecture a && !baseline.Ships(a);

        /// <summary>
        /// True for a musl build of a library that ships beside a glibc build of the same library (same soname,
        /// machine and package folder) and that no file of the set needs by its file name: a deliberate fallback,
        /// as librdkafka's alpine-librdkafka.so beside librdkafka.so, which its .NET wrapper loads only on Alpine.
        /// </summary>
        public bool IsMuslFallback(AnalysisInput input)
        {
            BinaryFacts f = input.Facts;
            if (f.Libc != LibcKind.Musl || f.Soname is null || _neededNames.Contains(input.FileName) || !_byName.TryGetValue(f.Soname, out List<AnalysisInput>? same))
            {
                return false;
            }
            return same.Any(o => !ReferenceEquals(o, input) && o.Facts.Libc == LibcKind.Glibc && o.Facts.Machine == f.Machine &&
                Equals(o.Rid, input.Rid) && o.FileName != input.FileName);
        }

        private void Add(string name, AnalysisInput f)
        {
            if (!_byName.TryGetValue(name, out List<AnalysisInput>? list)) _byName[name] = list = new List<AnalysisInput>();
            list.Add(f);
        }

        /// <summary>
        /// <see cref="Provider"/> for each of <paramref name="input"/>'s version-need libraries, in order: the same on
        /// every baseline, so found once per file and set.
        /// </summary>
        public AnalysisInput?[] VersionNeedProviders(AnalysisInput input) => ProvidersFor(input).VersionNeeds;

        /// <summary><see cref="Provider"/> for each of <paramref name="input"/>'s DT_NEEDED libraries, in order.</summary>
        public AnalysisInput?[] NeededProviders(AnalysisInput input) => ProvidersFor(input).Needed;

        private Providers ProvidersFor(AnalysisInput input)
        {
            if (input.KnownProviders is Providers known && known.Set == this) return known;
            BinaryFacts f = input.Facts;
            var versionNeeds = new AnalysisInput?[f.VersionNeeds.Count];
            for (int i = 0; i < versionNeeds.Length; i++) versionNeeds[i] = Provider(f.VersionNeeds[i].Library, input);
            var needed = new AnalysisInput?[f.Needed.Count];
            for (int i = 0; i < needed.Length; i++) needed[i] = Provider(f.Needed[i], input);
            var providers = new Providers(this, versionNeeds, needed);
            input.KnownProviders = providers; // one reference: a thread sees the old answers or the new, whole
            return providers;
        }

        /// <summary>One file's providers in one set.</summary>
        internal sealed class Providers
        {
            public Providers(FileSet set, AnalysisInput?[] versionNeeds, AnalysisInput?[] needed)
            {
                Set = set;
                VersionNeeds = versionNeeds;
                Needed = needed;
            }

            public FileSet Set { get; }
            public AnalysisInput?[] VersionNeeds { get; }
            public AnalysisInput?[] Needed { get; }
        }

        /// <summary>
        /// The file of the set (other than <paramref name="requester"/>) that provides <paramref name="soname"/>, or
        /// null. Only a file the loader could load into the requester counts: the same machine, class and byte
        /// order (an aarch64 libgcc_s.so.1 does not serve an x86_64 program), and from the same package folder
        /// when both come from one. glibc's own libraries never count: a copy shipped beside an application is not
        /// used, because the system's dynamic loader loads the system's libc (and a libc that does not match the
        /// loader fails).
        /// </summary>
        public AnalysisInput? Provider(string soname, AnalysisInput requester)
        {
            if (CLibraries.IsGlibcPart(soname) || !_byName.TryGetValue(soname, out List<AnalysisInput>? candidates))
            {
                return null;
            }
            BinaryFacts r = requester.Facts;
            foreach (AnalysisInput f in candidates)
            {
                if (ReferenceEquals(f, requester)) continue;
                if (f.Facts.Machine != r.Machine) continue; // machine, class and byte order
                if (f.Rid != null && requester.Rid != null && !f.Rid.Equals(requester.Rid)) continue;
                return f;
            }
            return null;
        }
    }
}
