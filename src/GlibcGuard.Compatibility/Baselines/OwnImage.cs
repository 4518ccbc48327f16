using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GlibcGuard.Inputs;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// A container image as its own target: its C library and loader, the folders that loader searches, and every
    /// library there, read from the image's layers (<see cref="ContainerImage"/>). A file of the image is judged as
    /// the image's loader would load it: each DT_NEEDED found by the loader's own order (DT_RPATH, LD_LIBRARY_PATH
    /// from the image's Env, DT_RUNPATH with $ORIGIN, the ld.so.conf folders, the default folders; musl: its .path
    /// file or /lib:/usr/local/lib:/usr/lib), of the file's class and machine, and each version need checked against
    /// the definitions of the library found.
    /// </summary>
    internal sealed class OwnImage
    {
        private readonly Dictionary<string, BinaryFacts?> _facts = new Dictionary<string, BinaryFacts?>(StringComparer.Ordinal);

        private OwnImage(ContainerImage image)
        {
            Image = image;
        }

        public ContainerImage Image { get; }
        /// <summary>The image's architecture, from its C library (else its config).</summary>
        public Architecture Machine { get; private set; }
        /// <summary>True for a musl image (its loader is ld-musl-*).</summary>
        public bool IsMusl { get; private set; }
        /// <summary>glibc's version, from the version nodes libc.so.6 defines ("2.36"); empty for musl or when there is no C library.</summary>
        public string GlibcVersion { get; private set; } = "";
        /// <summary>Where the C library is, in the image ("/usr/lib/x86_64-linux-gnu/libc.so.6").</summary>
        public string? LibcPath { get; private set; }
        /// <summary>The folders the loader searches after a file's own paths and LD_LIBRARY_PATH, in order.</summary>
        public IReadOnlyList<string> SystemFolders { get; private set; } = Array.Empty<string>();
        /// <summary>LD_LIBRARY_PATH from the image's Env, split.</summary>
        public IReadOnlyList<string> LibraryPath { get; private set; } = Array.Empty<string>();
        /// <summary>"debian 12" from os-release, when the image has one.</summary>
        public string? Release { get; private set; }
        /// <summary>dpkg, rpm or apk, by the package database the image has; null for none (a distroless or scratch image).</summary>
        public string? PackageManager { get; private set; }
        /// <summary>The built-in baseline of the image's release, for package names (debian12 → the Debian 12 package of a soname).</summary>
        public string? ReleaseBaseline { get; private set; }
        /// <summary>DOTNET_SYSTEM_GLOBALIZATION_INVARIANT in the image's Env, when set.</summary>
        public bool? InvariantFromEnv { get; private set; }

        private static readonly Dictionary<Architecture, string> s_triplets = new Dictionary<Architecture, string>
        {
            [Architecture.X86_64] = "x86_64-linux-gnu",
            [Architecture.Aarch64] = "aarch64-linux-gnu",
            [Architecture.I386] = "i386-linux-gnu",
            [Architecture.Arm] = "arm-linux-gnueabihf",
        };

        private static readonly Dictionary<Architecture, string> s_muslNames = new Dictionary<Architecture, string>
        {
            [Architecture.X86_64] = "x86_64",
            [Architecture.Aarch64] = "aarch64",
            [Architecture.I386] = "i386",
            [Architecture.Arm] = "armhf",
        };

        /// <summary>What the image says of itself; the C library found by the loader's default folders.</summary>
        public static OwnImage Read(ContainerImage image)
        {
            var own = new OwnImage(image);
            Architecture machine = image.Architecture switch
            {
                "arm64" => Architecture.Aarch64,
                "386" => Architecture.I386,
                "arm" => Architecture.Arm,
                _ => Architecture.X86_64,
            };
            own.Machine = machine;
            string? ld = image.EnvValue("LD_LIBRARY_PATH");
            own.LibraryPath = ld is null ? Array.Empty<string>() : ld.Split(new[] { ':', ';' }, StringSplitOptions.RemoveEmptyEntries);
            string? invariant = image.EnvValue("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT");
            own.InvariantFromEnv = invariant is null ? (bool?)null : invariant == "1" || invariant.Equals("true", StringComparison.OrdinalIgnoreCase);

            // musl: its loader is the C library, /lib/ld-musl-<arch>.so.1.
            if (s_muslNames.TryGetValue(machine, out string? musl) && image.Files.Lookup("/lib/ld-musl-" + musl + ".so.1") is ImageNode { IsElf: true })
            {
                own.IsMusl = true;
                own.LibcPath = "/lib/ld-musl-" + musl + ".so.1";
                string? pathFile = image.Text("/etc/ld-musl-" + musl + ".path");
                own.SystemFolders = pathFile != null
                    ? pathFile.Split(new[] { '\n', ':' }, StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Where(p => p.Length > 0).ToList()
                    : new[] { "/lib", "/usr/local/lib", "/usr/lib" };
            }
            else
            {
                var folders = new List<string>();
                ReadLdSoConf(image, "/etc/ld.so.conf", folders, 0);
                if (s_triplets.TryGetValue(machine, out string? triplet))
                {
                    folders.Add("/lib/" + triplet);
                    folders.Add("/usr/lib/" + triplet);
                }
                if (machine == Architecture.X86_64 || machine == Architecture.Aarch64)
                {
                    folders.Add("/lib64");
                    folders.Add("/usr/lib64");
                }
                folders.Add("/lib");
                folders.Add("/usr/lib");
                own.SystemFolders = folders.Distinct(StringComparer.Ordinal).ToList();
                if (own.Resolve(null, "libc.so.6") is (string libc, BinaryFacts facts))
                {
                    own.LibcPath = libc;
                    // The release's own words ("… stable release version 2.31."): a release that added no symbol
                    // version (2.31 on x86_64) is not its highest node. The node is the fallback.
                    own.GlibcVersion = ReleaseVersion(image.Files.Lookup(libc)?.Content) ??
                        facts.VersionDefinitions.Where(v => v.StartsWith("GLIBC_2.", StringComparison.Ordinal))
                        .Select(v => v.Substring("GLIBC_".Length)).OrderBy(v => v, Comparer<string>.Create(VersionNode.CompareVersions)).LastOrDefault() ?? "";
                }
            }

            string? osRelease = image.Text("/etc/os-release") ?? image.Text("/usr/lib/os-release");
            if (osRelease != null)
            {
                string? Field(string name) => osRelease.Split('\n').Where(l => l.StartsWith(name + "=", StringComparison.Ordinal))
                    .Select(l => l.Substring(name.Length + 1).Trim().Trim('"')).FirstOrDefault();
                string? id = Field("ID"), version = Field("VERSION_ID");
                own.Release = id != null ? (id + " " + (version ?? "")).Trim() : null;
                if (id != null && version != null && BaselineCatalog.TryGet(id + version, out Baseline release) && release.Image is null) own.ReleaseBaseline = release.Id;
            }
            own.PackageManager = image.Text("/var/lib/dpkg/status") != null ? "dpkg"
                : image.Text("/lib/apk/db/installed") != null ? "apk"
                : image.Files.Lookup("/var/lib/rpm") != null || image.Files.Lookup("/usr/lib/sysimage/rpm") != null ? "rpm"
                : null;
            return own;
        }

        /// <summary>"2.31" from the banner glibc's libc.so.6 carries ("… release version 2.31."), read a window at a time; null when absent.</summary>
        internal static string? ReleaseVersion(string? libcFile)
        {
            if (libcFile is null) return null;
            byte[] marker = System.Text.Encoding.ASCII.GetBytes("release version ");
            try
            {
                using FileStream file = File.OpenRead(libcFile);
                var window = new byte[1 << 16];
                int kept = 0;
                while (true)
                {
                    int n = file.Read(window, kept, window.Length - kept);
                    int length = kept + n;
                    for (int i = 0; i + marker.Length + 4 <= length; i++)
                    {
                        int m = 0;
                        while (m < marker.Length && window[i + m] == marker[m]) m++;
                        if (m < marker.Length) continue;
                        int at = i + marker.Length, end = at;
                        while (end < length && (char.IsDigit((char)window[end]) || window[end] == (byte)'.')) end++;
                        string version = System.Text.Encoding.ASCII.GetString(window, at, end - at).TrimEnd('.');
                        return version.IndexOf('.') > 0 ? version : null;
                    }
                    if (n == 0) return null;
                    // Keep the tail: the banner may straddle two windows.
                    kept = Math.Min(length, marker.Length + 16);
                    Buffer.BlockCopy(window, length - kept, window, 0, kept);
                }
            }
            catch (IOException)
            {
                return null;
            }
        }

        /// <summary>ld.so.conf's folders, its "include" globs followed (at most 8 deep).</summary>
        private static void ReadLdSoConf(ContainerImage image, string path, List<string> folders, int depth)
        {
            string? text = image.Text(path);
            if (text is null || depth > 8) return;
            foreach (string raw in text.Split('\n'))
            {
                string line = raw;
                int hash = line.IndexOf('#');
                if (hash >= 0) line = line.Substring(0, hash);
                line = line.Trim();
                if (line.Length == 0) continue;
                if (line.StartsWith("include", StringComparison.Ordinal) && line.Length > 7 && char.IsWhiteSpace(line[7]))
                {
                    string pattern = line.Substring(8).Trim();
                    if (!pattern.StartsWith("/", StringComparison.Ordinal)) pattern = "/etc/" + pattern;
                    int slash = pattern.LastIndexOf('/');
                    string folder = pattern.Substring(0, Math.Max(slash, 1)), glob = pattern.Substring(slash + 1);
                    var matcher = new Glob(glob, path: true, ignoreCase: false);
                    foreach (string name in image.Files.List(folder).Where(matcher.IsMatch))
                    {
                        ReadLdSoConf(image, folder.TrimEnd('/') + "/" + name, folders, depth + 1);
                    }
                    continue;
                }
                if (line.StartsWith("hwcap", StringComparison.Ordinal)) continue;
                foreach (string folder in line.Split(new[] { ':', ',', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (folder.StartsWith("/", StringComparison.Ordinal)) folders.Add(folder.TrimEnd('/'));
                }
            }
        }

        /// <summary>
        /// The library the image's loader would load for <paramref name="soname"/> needed by the file at
        /// <paramref name="from"/> (an image path; null for the loader's own lookups): its path in the image and its
        /// facts; null when no file of the right class and machine is found.
        /// </summary>
        public (string Path, BinaryFacts Facts)? Resolve(AnalysisInput? from, string soname)
        {
            BinaryFacts? requester = from?.Facts;
            int elfClass = requester?.Class ?? (Machine == Architecture.X86_64 || Machine == Architecture.Aarch64 ? 64 : 32);
            Architecture machine = requester?.Machine ?? Machine;
            if (soname.IndexOf('/') >= 0)
            {
                return Candidate(soname.StartsWith("/", StringComparison.Ordinal) ? soname : "/" + soname, elfClass, machine);
            }
            string origin = from?.ImagePath is string p ? OriginOf(p) : "/";
            var folders = new List<string>();
            if (requester != null)
            {
                if (requester.Runpath is null && requester.Rpath != null) folders.AddRange(Expand(requester.Rpath, origin));
                if (IsMusl && requester.Runpath != null) folders.AddRange(Expand(requester.Runpath, origin));
            }
            folders.AddRange(LibraryPath);
            if (!IsMusl && requester?.Runpath != null) folders.AddRange(Expand(requester.Runpath, origin));
            folders.AddRange(SystemFolders);
            foreach (string folder in folders)
            {
                if (Candidate(folder.TrimEnd('/') + "/" + soname, elfClass, machine) is (string, BinaryFacts) found) return found;
            }
            return null;
        }

        /// <summary>The folder of the file at <paramref name="imagePath"/>, links resolved, as $ORIGIN is.</summary>
        private string OriginOf(string imagePath)
        {
            Image.Files.Resolve(imagePath, followLast: true, out string resolved);
            string path = resolved.Length > 1 ? resolved : imagePath;
            int slash = path.LastIndexOf('/');
            return slash <= 0 ? "/" : path.Substring(0, slash);
        }

        private IEnumerable<string> Expand(string searchPath, string origin) =>
            searchPath.Split(':').Where(p => p.Length > 0).Select(p => p.Replace("${ORIGIN}", origin).Replace("$ORIGIN", origin)
                .Replace("${LIB}", "lib64").Replace("$LIB", "lib64").Replace("${PLATFORM}", "x86_64").Replace("$PLATFORM", "x86_64"));

        private (string, BinaryFacts)? Candidate(string path, int elfClass, Architecture machine)
        {
            ImageNode? node = Image.Files.Resolve(path, followLast: true, out string resolved);
            if (node is null || node.Kind != ImageNodeKind.File || !node.IsElf || node.Content is null) return null;
            BinaryFacts? facts = FactsOf(resolved, node);
            if (facts is null || facts.Error != null || facts.Class != elfClass || facts.Machine != machine) return null;
            return (resolved, facts);
        }

        /// <summary>The facts of the image's file at <paramref name="path"/>, read once.</summary>
        public BinaryFacts? FactsOf(string path, ImageNode node)
        {
            if (_facts.TryGetValue(path, out BinaryFacts? known)) return known;
            BinaryFacts? facts = node.Content is null ? null : BinaryInspector.Inspect(node.Content, Image.Source + "!" + path);
            _facts[path] = facts;
            return facts;
        }

        /// <summary>Every library the loader finds by name in its default folders and LD_LIBRARY_PATH (what "the image has").</summary>
        public IEnumerable<string> Sonames()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (string folder in LibraryPath.Concat(SystemFolders))
            {
                foreach (string name in Image.Files.List(folder))
                {
                    if (name.IndexOf(".so", StringComparison.Ordinal) < 0 || !seen.Add(name)) continue;
                    ImageNode? node = Image.Files.Lookup(folder.TrimEnd('/') + "/" + name);
                    if (node is { Kind: ImageNodeKind.File, IsElf: true }) yield return name;
                }
            }
        }

        /// <summary>"apt-get install -y libfontconfig1" in the image's own terms, or null when the package is not known.</summary>
        public string? InstallLine(string soname)
        {
            if (PackageManager == "dpkg")
            {
                string? package = ReleaseBaseline != null ? ImageCatalog.PackageFor(ReleaseBaseline, soname) : null;
                return package is null ? null : "RUN apt-get update && apt-get install -y --no-install-recommends " + package;
            }
            return null;
        }
    }
}
