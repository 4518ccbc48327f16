using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace GlibcGuard.Inputs
{
    /// <summary>A layer entry the image reader resolved another way or left out, with why (reported as GG0008).</summary>
    internal sealed class ImageEntryProblem
    {
        public ImageEntryProblem(int layer, string path, string reason)
        {
            Layer = layer;
            Path = path;
            Reason = reason;
        }

        public int Layer { get; }
        public string Path { get; }
        public string Reason { get; }
    }

    /// <summary>
    /// A container image read from an OCI image archive (what `dotnet publish -t:PublishContainer` writes with
    /// ContainerArchiveOutputPath, `skopeo copy … oci-archive:`, `podman save`), a Docker archive (`docker save`), an
    /// OCI layout folder, or gzip-compressed forms of the archives. Its layers are applied in order, whiteouts
    /// included, into an <see cref="ImageFileSystem"/>; the ELF files and the few files that say how the image loads
    /// libraries and which packages it has are copied into a temporary folder (the caller's, deleted by the caller);
    /// nothing else is kept and nothing is written elsewhere. Every byte inflated is charged to the read budget; a
    /// layer may have at most <see cref="MaxEntriesPerLayer"/> entries.
    /// </summary>
    internal sealed partial class ContainerImage
    {
        /// <summary>More entries than this in one layer is not an image layer GlibcGuard reads (the .NET SDK image's largest has about 20,000).</summary>
        public const int MaxEntriesPerLayer = 65536;

        /// <summary>Metadata files (index, manifest, config) larger than this are not metadata.</summary>
        private const long MaxMetadataBytes = 16L << 20;

        /// <summary>Files kept for what they say, not for ELF: the loader's configuration and the package databases.</summary>
        private static bool KeepsText(string path) =>
            path == "/etc/ld.so.conf" || path.StartsWith("/etc/ld.so.conf.d/", StringComparison.Ordinal) ||
            (path.StartsWith("/etc/ld-musl-", StringComparison.Ordinal) && path.EndsWith(".path", StringComparison.Ordinal)) ||
            path == "/var/lib/dpkg/status" || path == "/etc/os-release" || path == "/usr/lib/os-release" || path == "/lib/apk/db/installed" ||
            path.EndsWith(".runtimeconfig.json", StringComparison.Ordinal);

        private ContainerImage(string source, string temp)
        {
            Source = source;
            _temp = temp;
        }

        private readonly string _temp;
        private int _kept;

        /// <summary>The archive or folder read.</summary>
        public string Source { get; }
        /// <summary>The image's name: its reference annotation or tag, else the archive's file name.</summary>
        public string Name { get; private set; } = "";
        /// <summary>The base image the manifest names (org.opencontainers.image.base.name), when it does.</summary>
        public string? BaseName { get; private set; }
        /// <summary>The config's Env ("PATH=…", "LD_LIBRARY_PATH=…").</summary>
        public IReadOnlyList<string> Env { get; private set; } = Array.Empty<string>();
        /// <summary>The config's architecture ("amd64", "arm64"), when it says.</summary>
        public string? Architecture { get; private set; }
        /// <summary>How many layers were applied.</summary>
        public int LayerCount { get; private set; }
        public ImageFileSystem Files { get; } = new ImageFileSystem();
        public List<ImageEntryProblem> Problems { get; } = new List<ImageEntryProblem>();

        /// <summary>Names the image as its maker knows it (the publish's repository and tag).</summary>
        public void Rename(string name) => Name = name;

        /// <summary>Names the base image when the archive does not (the publish knows which it used).</summary>
        public void NameBase(string name) => BaseName = name;

        /// <summary>The value of <paramref name="name"/> in the config's Env, or null.</summary>
        public string? EnvValue(string name) =>
            Env.Where(e => e.StartsWith(name + "=", StringComparison.Ordinal)).Select(e => e.Substring(name.Length + 1)).LastOrDefault();

        /// <summary>A kept text file's content ("/etc/os-release"), links followed inside the image; null when absent or not kept.</summary>
        public string? Text(string path)
        {
            ImageNode? node = Files.Lookup(path);
            if (node?.Content is null || node.IsElf) return null;
            try
            {
                return File.ReadAllText(node.Content);
            }
            catch (IOException)
            {
                return null;
            }
        }

        /// <summary>
        /// True when <paramref name="path"/> is to be read as an image: an OCI layout folder, or a tar archive (gzip-compressed
        /// or not, by its first bytes). A tar that turns out to hold no image is then reported as such (GG0004).
        /// </summary>
        public static bool LooksLikeImage(string path)
        {
            try
            {
                if (Directory.Exists(path)) return File.Exists(System.IO.Path.Combine(path, "oci-layout"));
                // One open and one read for what is not compressed (an ELF file, a package, a tar): a stream is made
                // only for a gzip archive.
                var head = new byte[262];
                int got = GlibcGuard.Elf.ElfSource.ReadPrefix(path, head);
                if (got >= 2 && head[0] == 0x1f && head[1] == 0x8b)
                {
                    using FileStream file = File.OpenRead(path);
                    using var gz = new GZipStream(file, CompressionMode.Decompress);
                    got = 0;
                    for (int n; got < head.Length && (n = gz.Read(head, got, head.Length - got)) > 0;) got += n;
                }
                return got == head.Length && head[257] == (byte)'u' && head[258] == (byte)'s' && head[259] == (byte)'t' && head[260] == (byte)'a' && head[261] == (byte)'r';
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
            {
                return false;
            }
        }

        /// <summary>
        /// Reads the image at <paramref name="path"/>. <paramref name="temp"/> is a folder the caller owns and deletes.
        /// Throws <see cref="ContainerFormatException"/> for an archive that is damaged, of an unsupported kind, or
        /// over the budget.
        /// </summary>
        public static ContainerImage Read(string path, ReadBudget budget, string temp)
        {
            var image = new ContainerImage(path, temp);
            ContainerAllowance allowance = budget.ForContainer(path);
            Directory.CreateDirectory(temp);
            if (Directory.Exists(path))
            {
                image.ReadLayout(name => OpenInFolder(path, name), allowance);
                return image;
            }
            string tar = path;
            using (FileStream probe = File.OpenRead(path))
            {
                var head = new byte[2];
                if (probe.Read(head, 0, 2) == 2 && head[0] == 0x1f && head[1] == 0x8b)
                {
                    // A gzip-compressed archive: inflated once into the temporary folder, charged to the budget.
                    probe.Position = 0;
                    tar = System.IO.Path.Combine(temp, "archive.tar");
                    using var gz = new GZipStream(probe, CompressionMode.Decompress);
                    using FileStream output = File.Create(tar);
                    Copy(gz, output, allowance, "the archive");
                }
            }
            var index = new Dictionary<string, (long Offset, long Size)>(StringComparer.Ordinal);
            using (FileStream file = File.OpenRead(tar))
            {
                var reader = new TarReader(file, path);
                for (TarEntry? e = reader.Next(); e != null; e = reader.Next())
                {
                    if (index.Count > MaxEntriesPerLayer) throw new ContainerFormatException(path + ": more than " + MaxEntriesPerLayer + " entries in the archive", e.HeaderOffset);
                    if (e.Kind == TarEntryKind.File) index[e.Name.StartsWith("./", StringComparison.Ordinal) ? e.Name.Substring(2) : e.Name] = (e.DataOffset, e.Size);
                }
            }
            Stream? Open(string name)
            {
                if (!index.TryGetValue(name, out var at)) return null;
                var file = File.OpenRead(tar);
                return new SubStream(file, at.Offset, at.Size);
            }
            image.ReadLayout(Open, allowance);
            if (image.Name.Length == 0) image.Name = System.IO.Path.GetFileName(path);
            return image;
        }

        private static Stream? OpenInFolder(string root, string name)
        {
            string full = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, name));
            string rootFull = System.IO.Path.GetFullPath(root).TrimEnd(System.IO.Path.DirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar;
            return full.StartsWith(rootFull, StringComparison.Ordinal) && File.Exists(full) ? File.OpenRead(full) : null;
        }

        /// <summary>Reads index.json (OCI) or manifest.json (Docker), then the config and the layers in order.</summary>
        private void ReadLayout(Func<string, Stream?> open, ContainerAllowance allowance)
        {
            object? Json(string name)
            {
                using Stream? s = open(name) ?? throw new ContainerFormatException(Source + ": " + name + " is missing", -1);
                if (s.Length > MaxMetadataBytes) throw new ContainerFormatException(Source + ": " + name + " is larger than " + (MaxMetadataBytes >> 20) + " MiB", -1);
                using var r = new StreamReader(s, Encoding.UTF8);
                try
                {
                    return JsonValues.Parse(r.ReadToEnd());
                }
                catch (FormatException e)
                {
                    throw new ContainerFormatException(Source + ": " + name + ": " + e.Message, -1);
                }
            }
            static string Blob(object? descriptor)
            {
                string digest = JsonValues.Member(descriptor, "digest") as string ?? "";
                int colon = digest.IndexOf(':');
                if (colon <= 0 || digest.Substring(colon + 1).Any(c => !Uri.IsHexDigit(c)) || digest.IndexOf('/') >= 0)
                {
                    throw new ContainerFormatException("a descriptor's digest '" + digest + "' is not algorithm:hex", -1);
                }
                return "blobs/" + digest.Substring(0, colon) + "/" + digest.Substring(colon + 1);
            }

            object? config;
            var layers = new List<(string Name, string MediaType)>();
            Stream? indexStream = open("index.json");
            if (indexStream != null)
            {
                indexStream.Dispose();
                object? index = Json("index.json");
                object? chosen = Pick(JsonValues.Member(index, "manifests"));
                Name = Annotation(chosen, "io.containerd.image.name") ?? Annotation(chosen, "org.opencontainers.image.ref.name") ?? "";
                if (Name.StartsWith("docker.io/library/", StringComparison.Ordinal)) Name = Name.Substring("docker.io/library/".Length);
                object? manifest = Json(Blob(chosen));
                for (int depth = 0; JsonValues.Member(manifest, "manifests") is List<object?> nested; depth++)
                {
                    if (depth > 4) throw new ContainerFormatException(Source + ": image indexes nest deeper than 4", -1);
                    chosen = Pick(nested);
                    manifest = Json(Blob(chosen));
                }
                BaseName = Annotation(manifest, "org.opencontainers.image.base.name");
                config = Json(Blob(JsonValues.Member(manifest, "config")));
                foreach (object? layer in JsonValues.Member(manifest, "layers") as List<object?> ?? new List<object?>())
                {
                    layers.Add((Blob(layer), JsonValues.Member(layer, "mediaType") as string ?? ""));
                }
            }
            else
            {
                object? manifests = Json("manifest.json");
                object? first = (manifests as List<object?>)?.FirstOrDefault() ?? throw new ContainerFormatException(Source + ": manifest.json lists no image", -1);
                Name = (JsonValues.Member(first, "RepoTags") as List<object?>)?.OfType<string>().FirstOrDefault() ?? "";
                config = Json(JsonValues.Member(first, "Config") as string ?? throw new ContainerFormatException(Source + ": manifest.json names no Config", -1));
                foreach (object? layer in JsonValues.Member(first, "Layers") as List<object?> ?? new List<object?>())
                {
                    layers.Add((layer as string ?? throw new ContainerFormatException(Source + ": a layer in manifest.json is not a path", -1), ""));
                }
            }
            Architecture = JsonValues.Member(config, "architecture") as string;
            Env = (JsonValues.Member(JsonValues.Member(config, "config"), "Env") as List<object?>)?.OfType<string>().ToList() ?? new List<string>();

            for (int i = 0; i < layers.Count; i++)
            {
                if (layers[i].MediaType.EndsWith("+zstd", StringComparison.Ordinal))
                {
                    throw new ContainerFormatException(Source + ": layer " + (i + 1) + " is zstd-compressed, which GlibcGuard does not read; save the image with gzip layers (skopeo copy --dest-compress-format gzip)", -1);
                }
                using Stream layer = open(layers[i].Name) ?? throw new ContainerFormatException(Source + ": layer " + (i + 1) + " (" + layers[i].Name + ") is missing", -1);
                ApplyLayer(layer, i, allowance);
            }
            LayerCount = layers.Count;
        }

        /// <summary>Of an index's manifests, the one for linux/amd64, else the first.</summary>
        private object? Pick(object? manifests)
        {
            var list = manifests as List<object?>;
            if (list is null || list.Count == 0) throw new ContainerFormatException(Source + ": the image index lists no manifest", -1);
            return list.FirstOrDefault(m => JsonValues.Member(JsonValues.Member(m, "platform"), "architecture") as string == "amd64") ?? list[0];
        }

        private static string? Annotation(object? descriptor, string name) => JsonValues.Member(JsonValues.Member(descriptor, "annotations"), name) as string;

        /// <summary>Applies one layer (a tar, gzip-compressed or not) on top of the ones before it.</summary>
        private void ApplyLayer(Stream layer, int index, ContainerAllowance allowance)
        {
            var buffered = new BufferedStream(layer, 65536);
            var head = new byte[2];
            int got = buffered.Read(head, 0, 2);
            Stream content = buffered;
            // Rewind by re-wrapping: BufferedStream over a seekable stream supports Position.
            buffered.Position = 0;
            if (got == 2 && head[0] == 0x1f && head[1] == 0x8b) content = new GZipStream(buffered, CompressionMode.Decompress);
            var counted = new ChargedStream(content, allowance, "layer " + (index + 1));
            var reader = new TarReader(counted, Source + " layer " + (index + 1));
            int entries = 0;
            var copy = new byte[81920];
            for (TarEntry? e = reader.Next(); e != null; e = reader.Next())
            {
                if (++entries > MaxEntriesPerLayer)
                {
                    throw new ContainerFormatException(Source + ": layer " + (index + 1) + " has more than " + MaxEntriesPerLayer + " entries", e.HeaderOffset);
                }
                List<string>? parts = ImageFileSystem.Components(e.Name);
                if (parts is null)
                {
                    Problems.Add(new ImageEntryProblem(index, e.Name, "its path climbs above the image's root; left out"));
                    continue;
                }
                if (parts.Count == 0) continue;
                string path = "/" + string.Join("/", parts);
                string name = parts[parts.Count - 1];
                ImageNode? parent = Files.ParentOf(parts, index);
                if (parent is null)
                {
                    Problems.Add(new ImageEntryProblem(index, path, "a folder on its path is a file in the image; left out"));
                    continue;
                }
                if (name == ".wh..wh..opq")
                {
                    // An opaque folder: what lower layers put in it is gone.
                    foreach (string key in parent.Children!.Where(c => c.Value.Layer < index).Select(c => c.Key).ToList()) parent.Children!.Remove(key);
                    continue;
                }
                if (name.StartsWith(".wh.", StringComparison.Ordinal))
                {
                    parent.Children!.Remove(name.Substring(4));
                    continue;
                }
                ImageNode node;
                switch (e.Kind)
                {
                    case TarEntryKind.Directory:
                        if (parent.Children!.TryGetValue(name, out ImageNode? existing) && existing.Kind == ImageNodeKind.Directory) continue;
                        node = new ImageNode(ImageNodeKind.Directory, index);
                        break;
                    case TarEntryKind.SymbolicLink:
                        node = new ImageNode(ImageNodeKind.SymbolicLink, index) { Target = e.LinkName };
                        break;
                    case TarEntryKind.HardLink:
                        List<string>? targetParts = ImageFileSystem.Components(e.LinkName);
                        ImageNode? target = targetParts is null ? null : Files.Lookup("/" + string.Join("/", targetParts), followLast: false);
                        if (target is null || target.Kind != ImageNodeKind.File)
                        {
                            Problems.Add(new ImageEntryProblem(index, path, "a hard link to " + e.LinkName + ", which is not a file in the image; left out"));
                            continue;
                        }
                        node = target;
                        break;
                    case TarEntryKind.File:
                        node = new ImageNode(ImageNodeKind.File, index) { Size = e.Size };
                        Keep(reader, node, path, copy);
                        break;
                    default:
                        if (e.Type == 'S') Problems.Add(new ImageEntryProblem(index, path, "a sparse file; not read"));
                        // /dev's nodes (a root made by debootstrap has them) are what a container expects there; elsewhere one is odd.
                        else if ((e.Type == '3' || e.Type == '4') && !path.StartsWith("/dev/", StringComparison.Ordinal)) Problems.Add(new ImageEntryProblem(index, path, "a device node; never read"));
                        node = new ImageNode(ImageNodeKind.Special, index);
                        break;
                }
                parent.Children![name] = node;
            }
            // What follows the archive's end blocks is inflated too, so the budget sees a layer whose end lies.
            while (counted.Read(copy, 0, copy.Length) > 0) { }
        }

        /// <summary>Copies an ELF file (by its first bytes) or a kept text file into the temporary folder.</summary>
        private void Keep(TarReader reader, ImageNode node, string path, byte[] copy)
        {
            int first = ReadUpTo(reader, copy, 4);
            bool elf = first == 4 && copy[0] == 0x7f && copy[1] == (byte)'E' && copy[2] == (byte)'L' && copy[3] == (byte)'F';
            if (!elf && !KeepsText(path)) return;
            node.IsElf = elf;
            node.Content = System.IO.Path.Combine(_temp, (++_kept).ToString(CultureInfo.InvariantCulture) + (elf ? ".elf" : ".txt"));
            using FileStream output = File.Create(node.Content);
            output.Write(copy, 0, first);
            for (int n; (n = reader.Read(copy, 0, copy.Length)) > 0;) output.Write(copy, 0, n);
        }

        private static int ReadUpTo(TarReader reader, byte[] buffer, int count)
        {
            int got = 0;
            while (got < count)
            {
                int n = reader.Read(buffer, got, count - got);
                if (n == 0) break;
                got += n;
            }
            return got;
        }

        private static void Copy(Stream from, Stream to, ContainerAllowance allowance, string what)
        {
            var buffer = new byte[81920];
            for (int n; (n = from.Read(buffer, 0, buffer.Length)) > 0;)
            {
                allowance.Charge(n, what, -1);
                to.Write(buffer, 0, n);
            }
        }

        /// <summary>A read-only window on a stream (a blob inside an archive); disposes the stream with it.</summary>
        private sealed class SubStream : Stream
        {
            private readonly Stream _inner;
            private readonly long _start, _length;
            private long _position;

            public SubStream(Stream inner, long start, long length)
            {
                _inner = inner;
                _start = start;
                _length = length;
                _inner.Position = start;
            }

            public override bool CanRead => true;
            public override bool CanSeek => true;
            public override bool CanWrite => false;
            public override long Length => _length;
            public override long Position
            {
                get => _position;
                set
                {
                    if (value < 0 || value > _length) throw new ArgumentOutOfRangeException(nameof(value));
                    _position = value;
                    _inner.Position = _start + value;
                }
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int n = _inner.Read(buffer, offset, (int)Math.Min(count, _length - _position));
                _position += n;
                return n;
            }

            public override long Seek(long offset, SeekOrigin origin)
            {
                Position = origin == SeekOrigin.Begin ? offset : origin == SeekOrigin.Current ? _position + offset : _length + offset;
                return _position;
            }

            public override void Flush() { }
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing) _inner.Dispose();
                base.Dispose(disposing);
            }
        }

        /// <summary>Charges every byte read through it (a layer as it inflates) to the image's allowance.</summary>
        private sealed class ChargedStream : Stream
        {
            private readonly Stream _inner;
            private readonly ContainerAllowance _allowance;
            private readonly string _what;
            private long _position;

            public ChargedStream(Stream inner, ContainerAllowance allowance, string what)
            {
                _inner = inner;
                _allowance = allowance;
                _what = what;
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => _position; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count)
            {
                int n;
                try
                {
                    n = _inner.Read(buffer, offset, count);
                }
                catch (InvalidDataException e)
                {
                    throw new ContainerFormatException(_what + " is not valid gzip: " + e.Message, _position);
                }
                _allowance.Charge(n, _what, _position);
                _position += n;
                return n;
            }

            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
