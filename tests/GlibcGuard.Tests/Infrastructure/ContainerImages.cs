using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace GlibcGuard.Tests.Infrastructure
{
    /// <summary>
    /// Base images made from the debootstrap roots with Debian's umoci (one layer: the root), kept as OCI layouts
    /// under artifacts/images/ between runs; a registry (Debian's docker-registry) a test starts on 127.0.0.1 and
    /// stops, images pushed to it with skopeo; and an image archive unpacked back into a root with umoci, for the
    /// image's own loader to judge.
    /// </summary>
    internal static class ContainerImages
    {
        private static readonly ConcurrentDictionary<string, Lazy<string>> s_layouts = new();

        /// <summary>An OCI layout (tag "latest") whose one layer is <paramref name="root"/>, made once per machine.</summary>
        public static string LayoutOf(string name, string root) =>
            s_layouts.GetOrAdd(name, _ => new Lazy<string>(() =>
            {
                string layout = Path.Combine(Repo.Root, "artifacts", "images", name);
                if (File.Exists(Path.Combine(layout, ".glibcguard-complete"))) return layout;
                string part = layout + ".part", bundle = layout + ".bundle";
                foreach (string d in new[] { part, bundle }) if (Directory.Exists(d)) Directory.Delete(d, recursive: true);
                Check(Processes.Run("umoci", new[] { "init", "--layout", part }), "umoci init");
                Check(Processes.Run("umoci", new[] { "new", "--image", part + ":latest" }), "umoci new");
                Check(Processes.Run("umoci", new[] { "unpack", "--image", part + ":latest", bundle }, timeoutSeconds: 300), "umoci unpack");
                // The root as it is, /proc empty (DebianRoots mounts it only while a program runs there).
                Check(Processes.Run("bash", new[] { "-c", "tar -C \"$0\" --exclude=./proc/* --exclude=./tmp/* -cf - . | tar -C \"$1\" -xf -", root, Path.Combine(bundle, "rootfs") }, timeoutSeconds: 300), "copy the root");
                Check(Processes.Run("umoci", new[] { "repack", "--image", part + ":latest", bundle }, timeoutSeconds: 600), "umoci repack");
                Directory.Delete(bundle, recursive: true);
                if (Directory.Exists(layout)) Directory.Delete(layout, recursive: true);
                Directory.Move(part, layout);
                File.WriteAllText(Path.Combine(layout, ".glibcguard-complete"), root + "\n");
                return layout;
            })).Value;

        /// <summary>
        /// An OCI image archive of <paramref name="layout"/>'s "latest" with one more layer holding <paramref name="files"/>
        /// (host path → path in the image), made with umoci; written to <paramref name="archive"/>.
        /// </summary>
        public static string WithLayer(string layout, string archive, params (string Host, string Inside)[] files)
        {
            string work = Repo.TempDir("image-layer");
            string copy = Path.Combine(work, "layout"), bundle = Path.Combine(work, "bundle");
            Check(Processes.Run("cp", new[] { "-a", layout, copy }, timeoutSeconds: 300), "copy the layout");
            Check(Processes.Run("umoci", new[] { "unpack", "--image", copy + ":latest", bundle }, timeoutSeconds: 300), "umoci unpack");
            foreach (var (host, inside) in files)
            {
                string target = Path.Combine(bundle, "rootfs", inside.TrimStart('/'));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(host, target, overwrite: true);
            }
            Check(Processes.Run("umoci", new[] { "repack", "--image", copy + ":latest", bundle }, timeoutSeconds: 600), "umoci repack");
            File.Delete(Path.Combine(copy, ".glibcguard-complete"));
            Check(Processes.Run("tar", new[] { "-C", copy, "-cf", archive, "." }, timeoutSeconds: 300), "tar the layout");
            return archive;
        }

        /// <summary>Unpacks an image archive (an OCI archive, as the SDK writes it) into a folder; returns its root.</summary>
        public static string Unpack(string archive, string into)
        {
            string layout = Path.Combine(into, "layout"), bundle = Path.Combine(into, "bundle");
            Directory.CreateDirectory(layout);
            Check(Processes.Run("tar", new[] { "-xf", archive, "-C", layout }, timeoutSeconds: 300), "extract the archive");
            string reference = Processes.Run("umoci", new[] { "ls", "--layout", layout }).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).First().Trim();
            Check(Processes.Run("umoci", new[] { "unpack", "--image", layout + ":" + reference, bundle }, timeoutSeconds: 300), "umoci unpack");
            return Path.Combine(bundle, "rootfs");
        }

        private static void Check(Processes.Result run, string what)
        {
            if (run.ExitCode != 0) throw new InvalidOperationException(what + " failed: " + run.All);
        }

        /// <summary>Debian's docker-registry on 127.0.0.1 (a free port), storing in a temporary folder; stopped when disposed.</summary>
        internal sealed class Registry : IDisposable
        {
            private readonly System.Diagnostics.Process _process;

            public Registry()
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                Port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                string dir = Repo.TempDir("registry");
                string config = Path.Combine(dir, "config.yml");
                File.WriteAllText(config, "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: " + Path.Combine(dir, "data") +
                    "\nhttp:\n  addr: 127.0.0.1:" + Port + "\n");
                _process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker-registry", "serve " + config)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                })!;
                _process.OutputDataReceived += (_, _) => { };
                _process.ErrorDataReceived += (_, _) => { };
                _process.BeginOutputReadLine();
                _process.BeginErrorReadLine();
                for (int i = 0; i < 100; i++)
                {
                    try
                    {
                        using var client = new TcpClient();
                        client.Connect(IPAddress.Loopback, Port);
                        return;
                    }
                    catch (SocketException)
                    {
                        Thread.Sleep(100);
                    }
                }
                Dispose();
                throw new InvalidOperationException("docker-registry did not start on 127.0.0.1:" + Port);
            }

            public int Port { get; }
            /// <summary>"127.0.0.1:PORT".</summary>
            public string Host => "127.0.0.1:" + Port;

            /// <summary>Pushes an OCI layout's "latest" as NAME:TAG; returns the reference ("127.0.0.1:PORT/bookworm:12").</summary>
            public string Push(string layout, string nameAndTag)
            {
                string reference = Host + "/" + nameAndTag;
                Check(Processes.Run("skopeo", new[] { "copy", "-q", "--dest-tls-verify=false", "oci:" + layout + ":latest", "docker://" + reference }, timeoutSeconds: 600), "skopeo copy");
                return reference;
            }

            /// <summary>What `dotnet` needs to pull from this registry over plain HTTP.</summary>
            public Dictionary<string, string?> Environment(Dictionary<string, string?> baseEnvironment)
            {
                var env = new Dictionary<string, string?>(baseEnvironment) { ["DOTNET_CONTAINER_INSECURE_REGISTRIES"] = Host };
                return env;
            }

            public void Dispose()
            {
                try
                {
                    if (!_process.HasExited) _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
                catch (InvalidOperationException)
                {
                }
                _process.Dispose();
            }
        }
    }
}
