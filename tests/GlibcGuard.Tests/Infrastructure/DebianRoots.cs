using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace GlibcGuard.Tests.Infrastructure
{
    /// <summary>
    /// Minimal Debian 11, 12 and 13 installs made by `debootstrap --variant=minbase` from Debian's mirror (by
    /// eng/make-roots.sh, the first time one is asked for, if test.sh has not made them already), kept under
    /// artifacts/roots/ between runs. Their loaders are the judges: <see cref="Trace"/> binds a file's needs without running it,
    /// <see cref="Run"/> runs a program inside the root with /proc mounted, as a .NET app needs.
    /// </summary>
    internal static class DebianRoots
    {
        public static readonly (string Baseline, string Suite)[] Releases = { ("debian11", "bullseye"), ("debian12", "bookworm"), ("debian13", "trixie") };

        private static readonly Lazy<IReadOnlyDictionary<string, string>> s_roots = new(Make);

        /// <summary>The root for a baseline ("debian11"), made if it is not there yet.</summary>
        public static string For(string baseline) => s_roots.Value[baseline];

        // eng/make-roots.sh makes them (test.sh starts it while the solution builds): run here, it waits for a run
        // already under way and keeps the roots that are complete.
        private static IReadOnlyDictionary<string, string> Make()
        {
            var run = Processes.Run(Path.Combine(Repo.Root, "eng", "make-roots.sh"), Array.Empty<string>(), timeoutSeconds: 1200);
            if (run.ExitCode != 0) throw new InvalidOperationException("eng/make-roots.sh failed:\n" + run.All);
            return Releases.ToDictionary(r => r.Baseline, r => Path.Combine(Repo.Root, "artifacts", "roots", r.Suite));
        }

        private static readonly ConcurrentDictionary<string, Lazy<string>> s_derived = new();

        /// <summary>
        /// A root made from a release's root with more packages, installed by the root's own apt from Debian's mirror
        /// (a container image's Dockerfile, say), kept under artifacts/roots/NAME between runs. Returns its path.
        /// </summary>
        public static string Derived(string name, string baseline, params string[] packages) =>
            s_derived.GetOrAdd(name, _ => new Lazy<string>(() =>
            {
                string root = Path.Combine(Repo.Root, "artifacts", "roots", name);
                if (File.Exists(Path.Combine(root, ".glibcguard-complete"))) return root;
                string part = root + ".part";
                Unmount(part);
                if (Directory.Exists(part)) Directory.Delete(part, recursive: true);
                Check(Processes.Run("cp", new[] { "-a", For(baseline), part }, timeoutSeconds: 300), "copy " + baseline);
                File.Delete(Path.Combine(part, ".glibcguard-complete"));
                File.Copy("/etc/resolv.conf", Path.Combine(part, "etc", "resolv.conf"), overwrite: true);
                var env = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };
                Check(Processes.Run("/usr/sbin/chroot", new[] { part, "apt-get", "update", "-qq" }, environment: env, timeoutSeconds: 600), "apt-get update");
                var install = new List<string> { part, "apt-get", "install", "-y", "-qq", "--no-install-recommends" };
                install.AddRange(packages);
                Check(Processes.Run("/usr/sbin/chroot", install, environment: env, timeoutSeconds: 600), "apt-get install " + string.Join(" ", packages));
                if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
                Directory.Move(part, root);
                File.WriteAllText(Path.Combine(root, ".glibcguard-complete"), string.Join(" ", packages) + "\n");
                return root;
            })).Value;

        private static void Check(Processes.Result run, string what)
        {
            if (run.ExitCode != 0) throw new InvalidOperationException(what + " failed: " + run.All);
        }

        private static readonly object s_mountLock = new();
        private static readonly Dictionary<string, int> s_mounted = new();

        /// <summary>
        /// Copies <paramref name="folder"/> into the root's /tmp and runs <paramref name="program"/> (a path relative
        /// to that folder) there through chroot, with /proc mounted for the run and nothing else of this machine visible.
        /// In <paramref name="environment"/>, "$APP" stands for the folder's path inside the root.
        /// </summary>
        public static Processes.Result Run(string baseline, string folder, string program, string[] args, IDictionary<string, string>? environment = null)
        {
            // A release's root by its baseline, or any root by its path (see Derived).
            string root = Path.IsPathRooted(baseline) ? baseline : For(baseline);
            string inside = "/tmp/glibcguard-run-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            CopyFolder(folder, root + inside);
            string proc = Path.Combine(root, "proc");
            lock (s_mountLock)
            {
                s_mounted.TryGetValue(root, out int users);
                s_mounted[root] = users + 1;
                if (users == 0 && !File.Exists(Path.Combine(proc, "self", "maps")))
                {
                    var mount = Processes.Run("mount", new[] { "-t", "proc", "proc", proc });
                    if (mount.ExitCode != 0) throw new InvalidOperationException("mount /proc in " + root + ": " + mount.All);
                }
            }
            try
            {
                // A clean environment: what a container would start the app with.
                var env = new Dictionary<string, string?>();
                foreach (string key in Environment.GetEnvironmentVariables().Keys.Cast<string>()) env[key] = null;
                env["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
                env["HOME"] = "/root";
                foreach (KeyValuePair<string, string> kv in environment ?? new Dictionary<string, string>()) env[kv.Key] = kv.Value.Replace("$APP", inside);
                var all = new List<string> { root, inside + "/" + program };
                all.AddRange(args);
                return Processes.Run("/usr/sbin/chroot", all, environment: env, timeoutSeconds: 120);
            }
            finally
            {
                lock (s_mountLock)
                {
                    if (--s_mounted[root] == 0) Unmount(root);
                }
                Directory.Delete(root + inside, recursive: true);
            }
        }

        /// <summary>
        /// <see cref="Trace"/> for many files: copies of them traced by one `ldd` run per core, each given its share of
        /// the files (ldd handles each file as it handles one, under a "FILE:" line; a chroot and a shell started for
        /// each file cost most of the time before). Returns each file's output (standard output and error together), in
        /// the order of <paramref name="files"/>.
        /// </summary>
        public static string[] TraceAll(string baseline, IReadOnlyList<string> files)
        {
            string root = For(baseline);
            string dir = "/tmp/glibcguard-trace-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            Directory.CreateDirectory(root + dir);
            try
            {
                for (int i = 0; i < files.Count; i++) File.Copy(files[i], root + dir + "/" + i);
                var outputs = new string[files.Count];
                int runs = Math.Max(1, Environment.ProcessorCount);
                var header = new Regex("^" + Regex.Escape(dir) + "/([0-9]+):$");
                Parallel.For(0, runs, run =>
                {
                    var share = new List<int>();
                    for (int i = run; i < files.Count; i += runs) share.Add(i);
                    if (share.Count == 0) return;
                    // With one file ldd prints no "FILE:" line: the file is listed twice, and its second section is kept.
                    var args = new List<string> { root, "/bin/sh", "-c", "exec ldd \"$@\" 2>&1", "sh" }; // its messages in order with the rest
                    if (share.Count == 1) args.Add(dir + "/" + share[0]);
                    foreach (int i in share) args.Add(dir + "/" + i);
                    var result = Processes.Run("/usr/sbin/chroot", args, timeoutSeconds: 1200);
                    int current = -1;
                    var text = new System.Text.StringBuilder();
                    foreach (string line in result.StdOut.Split('\n'))
                    {
                        Match m = header.Match(line);
                        if (m.Success)
                        {
                            if (current >= 0) outputs[current] = text.ToString();
                            current = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                            text.Clear();
                        }
                        else if (current >= 0)
                        {
                            text.Append(line).Append('\n');
                        }
                    }
                    if (current >= 0) outputs[current] = text.ToString();
                });
                for (int i = 0; i < outputs.Length; i++)
                {
                    if (outputs[i] is null) throw new InvalidOperationException("no ldd output for " + files[i] + " in " + baseline);
                }
                return outputs;
            }
            finally
            {
                Directory.Delete(root + dir, recursive: true);
            }
        }

        /// <summary>`chroot ROOT ldd FILE`: the root's loader maps a copy of the file and binds its needs; none of its code runs.</summary>
        public static Processes.Result Trace(string baseline, string file)
        {
            string root = For(baseline);
            string name = "/tmp/glibcguard-trace-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            File.Copy(file, root + name);
            try
            {
                return Processes.Run("/usr/sbin/chroot", new[] { root, "ldd", name }, timeoutSeconds: 60);
            }
            finally
            {
                File.Delete(root + name);
            }
        }

        // "/tmp/x/app: /lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.34' not found (required by /tmp/x/app)"
        private static readonly Regex s_versionNotFound = new(@"^(?:\S+: )?(\S+): version `([^']+)' not found \(required by (\S+)\)$", RegexOptions.Multiline);

        /// <summary>The versions the loader reported missing for the program itself (not for the libraries it loads), as "GLIBC_2.34".</summary>
        public static SortedSet<string> VersionsNotFound(string output, string program) =>
            new(s_versionNotFound.Matches(output.Replace("\r", "")).Where(m => m.Groups[3].Value.EndsWith("/" + program, StringComparison.Ordinal))
                .Select(m => m.Groups[2].Value), StringComparer.Ordinal);

        private static void Unmount(string root)
        {
            string proc = Path.Combine(root, "proc");
            if (File.Exists(Path.Combine(proc, "self", "maps"))) Processes.Run("umount", new[] { "-l", proc });
        }

        private static void CopyFolder(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }
    }
}
