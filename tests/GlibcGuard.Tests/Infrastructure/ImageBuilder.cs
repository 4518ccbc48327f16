using System;
using System.Collections.Generic;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace GlibcGuard.Tests.Infrastructure
{
    /// <summary>
    /// Writes container images for tests with .NET's own tar writer (not GlibcGuard's reader's code): layers of
    /// files, links, whiteouts and whatever a hostile layer holds, as an OCI image archive, a Docker archive
    /// (`docker save`'s manifest.json form), an OCI layout folder, or gzip-compressed.
    /// </summary>
    internal sealed class ImageBuilder
    {
        public sealed class Layer
        {
            internal readonly List<Action<TarWriter>> Entries = new();
            /// <summary>Write the layer uncompressed (a Docker archive's layers are).</summary>
            public bool Plain { get; set; }

            public Layer File(string path, byte[] content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)
            {
                Entries.Add(w => w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content), Mode = mode }));
                return this;
            }

            public Layer HostFile(string path, string hostPath) => File(path, System.IO.File.ReadAllBytes(hostPath));

            public Layer Text(string path, string text) => File(path, Encoding.UTF8.GetBytes(text));

            public Layer Folder(string path)
            {
                Entries.Add(w => w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, path)));
                return this;
            }

            public Layer Link(string path, string target)
            {
                Entries.Add(w => w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, path) { LinkName = target }));
                return this;
            }

            public Layer HardLink(string path, string target)
            {
                Entries.Add(w => w.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, path) { LinkName = target }));
                return this;
            }

            public Layer Device(string path)
            {
                Entries.Add(w => w.WriteEntry(new PaxTarEntry(TarEntryType.CharacterDevice, path) { DeviceMajor = 1, DeviceMinor = 3 }));
                return this;
            }

            /// <summary>Any entry the caller writes (a hostile one).</summary>
            public Layer Raw(Action<TarWriter> write)
            {
                Entries.Add(write);
                return this;
            }

            internal byte[] Tar()
            {
                var tar = new MemoryStream();
                using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
                {
                    foreach (Action<TarWriter> e in Entries) e(writer);
                }
                return tar.ToArray();
            }
        }

        public List<Layer> Layers { get; } = new();
        public List<string> Env { get; } = new() { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" };
        public string Name { get; set; } = "test:latest";

        public Layer AddLayer()
        {
            var layer = new Layer();
            Layers.Add(layer);
            return layer;
        }

        /// <summary>A minimal glibc image's base layer: this machine's (Debian 12's) libc.so.6 and loader, where Debian puts them.</summary>
        public Layer AddGlibcBase()
        {
            return AddLayer()
                .Folder("lib").Folder("lib/x86_64-linux-gnu").Folder("lib64").Folder("etc").Folder("etc/ld.so.conf.d")
                .HostFile("lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6")
                .HostFile("lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
                .Link("lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")
                .Text("etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n")
                .Text("etc/ld.so.conf.d/x86_64-linux-gnu.conf", "# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n")
                .Text("etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n")
                .Text("var/lib/dpkg/status", "Package: libc6\nStatus: install ok installed\n\n");
        }

        private static (string Digest, byte[] Bytes) Blob(byte[] bytes) => ("sha256:" + Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant(), bytes);

        private static byte[] Gzip(byte[] bytes)
        {
            var output = new MemoryStream();
            using (var gz = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true)) gz.Write(bytes);
            return output.ToArray();
        }

        private (Dictionary<string, byte[]> Blobs, string Index, string Config, List<string> LayerDigests) Build()
        {
            var blobs = new Dictionary<string, byte[]>();
            var layerDescriptors = new List<string>();
            var diffIds = new List<string>();
            var layerDigests = new List<string>();
            foreach (Layer layer in Layers)
            {
                byte[] tar = layer.Tar();
                diffIds.Add("\"" + Blob(tar).Digest + "\"");
                var (digest, bytes) = Blob(layer.Plain ? tar : Gzip(tar));
                blobs[digest] = bytes;
                layerDigests.Add(digest);
                layerDescriptors.Add("{\"mediaType\": \"application/vnd.oci.image.layer.v1.tar" + (layer.Plain ? "" : "+gzip") + "\", \"digest\": \"" + digest + "\", \"size\": " + bytes.Length + "}");
            }
            string env = string.Join(", ", Env.Select(e => "\"" + e.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""));
            var (configDigest, configBytes) = Blob(Encoding.UTF8.GetBytes("{\"architecture\": \"amd64\", \"os\": \"linux\", \"config\": {\"Env\": [" + env +
                "]}, \"rootfs\": {\"type\": \"layers\", \"diff_ids\": [" + string.Join(", ", diffIds) + "]}}"));
            blobs[configDigest] = configBytes;
            var (manifestDigest, manifestBytes) = Blob(Encoding.UTF8.GetBytes("{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", " +
                "\"config\": {\"mediaType\": \"application/vnd.oci.image.config.v1+json\", \"digest\": \"" + configDigest + "\", \"size\": " + configBytes.Length + "}, " +
                "\"layers\": [" + string.Join(", ", layerDescriptors) + "]}"));
            blobs[manifestDigest] = manifestBytes;
            string index = "{\"schemaVersion\": 2, \"manifests\": [{\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\", \"digest\": \"" + manifestDigest +
                "\", \"size\": " + manifestBytes.Length + ", \"annotations\": {\"org.opencontainers.image.ref.name\": \"" + Name + "\"}}]}";
            return (blobs, index, configDigest, layerDigests);
        }

        private static string BlobPath(string digest) => "blobs/sha256/" + digest.Substring("sha256:".Length);

        /// <summary>An OCI image archive (`skopeo copy … oci-archive:`); gzip-compressed when <paramref name="gzip"/>.</summary>
        public string WriteOciArchive(string path, bool gzip = false)
        {
            var (blobs, index, _, _) = Build();
            var tar = new MemoryStream();
            using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "oci-layout") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("{\"imageLayoutVersion\": \"1.0.0\"}")) });
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "index.json") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(index)) });
                foreach (var (digest, bytes) in blobs) writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, BlobPath(digest)) { DataStream = new MemoryStream(bytes) });
            }
            File.WriteAllBytes(path, gzip ? Gzip(tar.ToArray()) : tar.ToArray());
            return path;
        }

        /// <summary>A Docker archive (manifest.json, as `docker save` writes it).</summary>
        public string WriteDockerArchive(string path)
        {
            var (blobs, _, config, layers) = Build();
            string manifest = "[{\"Config\": \"" + BlobPath(config) + "\", \"RepoTags\": [\"" + Name + "\"], \"Layers\": [" + string.Join(", ", layers.Select(l => "\"" + BlobPath(l) + "\"")) + "]}]";
            using var file = File.Create(path);
            using var writer = new TarWriter(file, TarEntryFormat.Ustar);
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "manifest.json") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(manifest)) });
            foreach (var (digest, bytes) in blobs) writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, BlobPath(digest)) { DataStream = new MemoryStream(bytes) });
            return path;
        }

        /// <summary>An OCI layout folder.</summary>
        public string WriteOciLayout(string folder)
        {
            var (blobs, index, _, _) = Build();
            Directory.CreateDirectory(Path.Combine(folder, "blobs", "sha256"));
            File.WriteAllText(Path.Combine(folder, "oci-layout"), "{\"imageLayoutVersion\": \"1.0.0\"}");
            File.WriteAllText(Path.Combine(folder, "index.json"), index);
            foreach (var (digest, bytes) in blobs) File.WriteAllBytes(Path.Combine(folder, BlobPath(digest)), bytes);
            return folder;
        }
    }
}
