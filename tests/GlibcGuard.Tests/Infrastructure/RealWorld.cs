using System;
using System.IO;
using System.Net.Http;

namespace GlibcGuard.Tests.Infrastructure
{
    /// <summary>
    /// Other people's files: packages from the npm registry, nuget.org and Debian's pool at fixed versions, downloaded once per
    /// machine into artifacts/real-world/ (the test setup's download; nothing is committed).
    /// </summary>
    internal static class RealWorld
    {
        private static readonly string s_cache = Path.Combine(Repo.Root, "artifacts", "real-world");

        /// <summary>The .nupkg of a nuget.org package.</summary>
        public static string NuGet(string id, string version)
        {
            string file = Path.Combine(s_cache, (id + "." + version + ".nupkg").ToLowerInvariant());
            if (!File.Exists(file))
            {
                Directory.CreateDirectory(s_cache);
                string lower = id.ToLowerInvariant();
                using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
                byte[] data = http.GetByteArrayAsync($"https://api.nuget.org/v3-flatcontainer/{lower}/{version}/{lower}.{version}.nupkg").GetAwaiter().GetResult();
                File.WriteAllBytes(file + ".part", data);
                File.Move(file + ".part", file, overwrite: true);
            }
            return file;
        }

        /// <summary>
        /// The folder a Debian package unpacks to (dpkg-deb -x), from Debian's pool: real builds for Debian's other
        /// ports (armel, s390x, …) made by Debian's build daemons.
        /// </summary>
        public static string Deb(string source, string package, string version, string arch)
        {
            string dir = Path.Combine(s_cache, "deb", package + "_" + version + "_" + arch);
            if (!Directory.Exists(dir))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(dir)!);
                string deb = dir + ".deb";
                using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
                string url = "http://deb.debian.org/debian/pool/main/" + source[0] + "/" + source + "/" + package + "_" + version + "_" + arch + ".deb";
                File.WriteAllBytes(deb, http.GetByteArrayAsync(url).GetAwaiter().GetResult());
                var x = Processes.Run("dpkg-deb", new[] { "-x", deb, dir + ".part" });
                Assert.That(x.ExitCode, Is.Zero, x.All);
                Directory.Move(dir + ".part", dir);
                File.Delete(deb);
            }
            return dir;
        }

        /// <summary>The folder an npm package unpacks to (its package/ folder).</summary>
        public static string Npm(string spec)
        {
            string dir = Path.Combine(s_cache, "npm", spec.Replace('/', '_').Replace('@', '_'));
            string package = Path.Combine(dir, "package");
            if (!Directory.Exists(package))
            {
                Directory.CreateDirectory(dir);
                var pack = Processes.Run("npm", new[] { "pack", "--silent", spec }, dir);
                Assert.That(pack.ExitCode, Is.Zero, pack.All);
                string tgz = Path.Combine(dir, pack.StdOut.Trim().Split('\n')[^1].Trim());
                var tar = Processes.Run("tar", new[] { "xzf", tgz, "-C", dir });
                Assert.That(tar.ExitCode, Is.Zero, tar.All);
                File.Delete(tgz);
            }
            return package;
        }
    }
}
