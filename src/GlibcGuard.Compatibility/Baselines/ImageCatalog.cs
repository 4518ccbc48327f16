using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace GlibcGuard.Compatibility
{
    /// <summary>
    /// One variant of the .NET container images (mcr.microsoft.com/dotnet/runtime-deps, runtime and aspnet share its
    /// system libraries): the release it is built on, the libraries it has, ICU, its architectures, and where each
    /// fact came from (generated into ImageData.g.cs by eng/gen-image-baselines.py).
    /// </summary>
    internal sealed class ImageSpec
    {
        public ImageSpec(string id, string[] names, string distro, string kind, string libc, bool icu, bool invariantEnv, string? extra, string? full,
            Architecture[] architectures, string source, string[] libraries)
        {
            Id = id;
            Names = names;
            Distro = distro;
            Kind = kind;
            Libc = libc;
            Icu = icu;
            InvariantEnv = invariantEnv;
            Extra = extra;
            Full = full;
            Architectures = architectures;
            Source = source;
            Libraries = libraries;
        }

        private ImageSpec(string id, string[] names, string reason)
            : this(id, names, "", "", "", false, false, null, null, Array.Empty<Architecture>(), "", Array.Empty<string>()) => UnsupportedReason = reason;

        /// <summary>An image GlibcGuard has no baseline for, and why.</summary>
        public static ImageSpec Unsupported(string id, string[] names, string reason) => new ImageSpec(id, names, reason);

        /// <summary>"dotnet-8.0-jammy-chiseled".</summary>
        public string Id { get; }
        /// <summary>The runtime-deps, runtime and aspnet names of the variant.</summary>
        public string[] Names { get; }
        /// <summary>"glibc", or "musl" for Alpine.</summary>
        public string Libc { get; }
        /// <summary>True for an Alpine image: a musl target, with no library list.</summary>
        public bool IsMusl => Libc == "musl";
        /// <summary>The built-in baseline of the release it is built on ("ubuntu22.04"); "" for Alpine.</summary>
        public string Distro { get; }
        /// <summary>"full" (a package manager and the release's base) or "chiseled" (only the slices' files).</summary>
        public string Kind { get; }
        public bool IsChiseled => Kind == "chiseled";
        /// <summary>True when the image has ICU.</summary>
        public bool Icu { get; }
        /// <summary>True when the image sets DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true (the chiseled images without ICU).</summary>
        public bool InvariantEnv { get; }
        /// <summary>The -extra variant (ICU, tzdata) of a chiseled image, or null.</summary>
        public string? Extra { get; }
        /// <summary>The full image of the same release and .NET version, or null.</summary>
        public string? Full { get; }
        public Architecture[] Architectures { get; }
        public string Source { get; }
        public string[] Libraries { get; }
        /// <summary>Why there is no baseline for this image, or null.</summary>
        public string? UnsupportedReason { get; }
        /// <summary>The runtime-deps name, "mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled".</summary>
        public string Name => Names[0];
        /// <summary>The tag, "8.0-jammy-chiseled".</summary>
        public string Tag => Name.Substring(Name.IndexOf(':') + 1);
    }

    /// <summary>The .NET container images as baselines, found by id or by image name.</summary>
    internal static partial class ImageCatalog
    {
        private const string Registry = "mcr.microsoft.com/";

        private static readonly Lazy<ImageSpec[]> s_all = new Lazy<ImageSpec[]>(Create);
        private static readonly ConcurrentDictionary<string, Baseline> s_baselines = new ConcurrentDictionary<string, Baseline>(StringComparer.Ordinal);

        /// <summary>Every image variant the data describes, with a baseline or with the reason it has none.</summary>
        public static IReadOnlyList<ImageSpec> All => s_all.Value;

        /// <summary>The image variant named by <paramref name="name"/> (an id, or an image name with or without the registry), or null.</summary>
        public static ImageSpec? Find(string name)
        {
            string key = Normalize(name);
            return All.FirstOrDefault(i => i.Id == key || i.Names.Contains(key));
        }

        /// <summary>Why an image has no baseline: the data's reason for a .NET image GlibcGuard describes without one, else that it is not one it knows.</summary>
        public static string WhyNoBaseline(string name) =>
            Find(name)?.UnsupportedReason ?? "not one of the .NET images it describes: mcr.microsoft.com/dotnet/runtime-deps, runtime and aspnet on Debian 12, Ubuntu 22.04 and 24.04 (full and chiseled) and Alpine 3.23 and 3.24";

        /// <summary>True for a name that looks like a container image ("…/…:tag"), known or not.</summary>
        public static bool LooksLikeImage(string name) => name.IndexOf(':') > 0 && name.IndexOf('/') > 0;

        private static string Normalize(string name)
        {
            string key = (name ?? "").Trim().ToLowerInvariant();
            if (key.StartsWith("dotnet/", StringComparison.Ordinal)) key = Registry + key;
            return key;
        }

        /// <summary>The baseline for an image with a baseline, named as the user named it (its id, or the image name).</summary>
        public static Baseline BaselineFor(ImageSpec image, string requested)
        {
            string id = Normalize(requested);
            return s_baselines.GetOrAdd(id, _ =>
            {
                if (image.IsMusl) return Baseline.ForMuslImage(image, id);
                BaselineCatalog.TryGet(image.Distro, out Baseline distro);
                return Baseline.ForImage(distro, image, id);
            });
        }

        /// <summary>
        /// Another variant named as the user named this one: "mcr.microsoft.com/dotnet/aspnet:8.0-jammy" for the full
        /// variant of "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled", the short id for a short id.
        /// </summary>
        public static string NameLike(string requested, string otherId)
        {
            ImageSpec other = Find(otherId)!;
            int colon = requested.IndexOf(':');
            return colon > 0 ? requested.Substring(0, colon + 1) + other.Tag : other.Id;
        }

        private static readonly ConcurrentDictionary<string, Dictionary<string, string>> s_packages = new ConcurrentDictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);

        /// <summary>
        /// The package of <paramref name="distro"/> that installs <paramref name="soname"/> (Baselines/sonames.*.txt.gz,
        /// from the release's Contents index), or null when the release has no such library.
        /// </summary>
        public static string? PackageFor(string distro, string soname)
        {
            Dictionary<string, string> table = s_packages.GetOrAdd(distro, LoadPackages);
            return table.TryGetValue(soname, out string? package) ? package : null;
        }

        private static Dictionary<string, string> LoadPackages(string distro)
        {
            var table = new Dictionary<string, string>(StringComparer.Ordinal);
            using Stream? resource = typeof(ImageCatalog).Assembly.GetManifestResourceStream("sonames." + distro + ".txt.gz");
            if (resource is null) return table;
            using var reader = new StreamReader(new GZipStream(resource, CompressionMode.Decompress));
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                int tab = line.IndexOf('\t');
                if (tab > 0) table[line.Substring(0, tab)] = line.Substring(tab + 1);
            }
            return table;
        }
    }
}
