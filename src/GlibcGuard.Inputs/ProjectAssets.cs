using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace GlibcGuard.Inputs
{
    /// <summary>
    /// What NuGet's restore wrote in obj/project.assets.json that says where a package came from: the project's own
    /// PackageReferences, each package's dependencies (with the version range it asks for) in the restored target,
    /// whether the project uses Central Package Management, and the sources restore used. Read once per check;
    /// a file that is missing, too large or damaged gives <see langword="null"/> and a reason.
    /// </summary>
    internal sealed class ProjectAssets
    {
        /// <summary>project.assets.json files run to a few MB; anything above this is not one.</summary>
        public const long MaxBytes = 256L << 20;

        private readonly Dictionary<string, (string Version, Dictionary<string, string> Dependencies)> _packages;
        private readonly Dictionary<string, string> _direct;

        private ProjectAssets(Dictionary<string, (string, Dictionary<string, string>)> packages, Dictionary<string, string> direct,
            bool central, string? projectPath, IReadOnlyList<string> sources)
        {
            _packages = packages;
            _direct = direct;
            CentralPackageManagement = central;
            ProjectPath = projectPath;
            Sources = sources;
        }

        /// <summary>True when restore saw ManagePackageVersionsCentrally (versions live in Directory.Packages.props).</summary>
        public bool CentralPackageManagement { get; }

        /// <summary>The project restore was for.</summary>
        public string? ProjectPath { get; }

        /// <summary>The package sources restore used (feed URLs and local folders), as written.</summary>
        public IReadOnlyList<string> Sources { get; }

        /// <summary>Whether the project references <paramref name="id"/> itself.</summary>
        public bool IsDirect(string id) => _direct.ContainsKey(id);

        /// <summary>The version restore chose for <paramref name="id"/> in the target, or null.</summary>
        public string? VersionOf(string id) => _packages.TryGetValue(id, out var p) ? p.Version : null;

        /// <summary>
        /// The shortest path from one of the project's own references to <paramref name="id"/>, each step "Id Version"
        /// (the package itself last); null when the package is not in the target.
        /// </summary>
        public IReadOnlyList<(string Id, string Version)>? ChainTo(string id)
        {
            if (!_packages.ContainsKey(id)) return null;
            var previous = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var queue = new Queue<string>();
            foreach (string direct in _direct.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase))
            {
                if (_packages.ContainsKey(direct) && !previous.ContainsKey(direct))
                {
                    previous[direct] = null;
                    queue.Enqueue(direct);
                }
            }
            while (queue.Count > 0)
            {
                string at = queue.Dequeue();
                if (string.Equals(at, id, StringComparison.OrdinalIgnoreCase))
                {
                    var chain = new List<(string, string)>();
                    for (string? step = at; step != null; step = previous[step])
                    {
                        chain.Add((CanonicalId(step), _packages[step].Version));
                    }
                    chain.Reverse();
                    return chain;
                }
                foreach (string next in _packages[at].Dependencies.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase))
                {
                    if (_packages.ContainsKey(next) && !previous.ContainsKey(next))
                    {
                        previous[next] = at;
                        queue.Enqueue(next);
                    }
                }
            }
            return null;
        }

        /// <summary>The packages in the target that depend on <paramref name="id"/>, each with the version range it asks for ("[2.1.12, )").</summary>
        public IEnumerable<(string Id, string Version, string Range)> Dependents(string id) =>
            _packages.Where(p => p.Value.Dependencies.ContainsKey(id))
                .Select(p => (CanonicalId(p.Key), p.Value.Version, p.Value.Dependencies[id]))
                .OrderBy(p => p.Item1, StringComparer.OrdinalIgnoreCase);

        private string CanonicalId(string id) => _packages.Keys.FirstOrDefault(k => string.Equals(k, id, StringComparison.OrdinalIgnoreCase)) ?? id;

        /// <summary>
        /// Reads <paramref name="path"/> for the target of <paramref name="targetFramework"/> (the TargetFramework
        /// alias, "net8.0") and <paramref name="runtimeIdentifier"/> (empty for none). Null, with <paramref name="error"/>
        /// saying why, when the file is not there or not readable as an assets file.
        /// </summary>
        public static ProjectAssets? Read(string path, string? targetFramework, string? runtimeIdentifier, out string? error)
        {
            error = null;
            object? root;
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    error = "not there (run restore)";
                    return null;
                }
                if (info.Length > MaxBytes)
                {
                    error = "larger than " + (MaxBytes >> 20) + " MiB";
                    return null;
                }
                root = JsonValues.Parse(File.ReadAllText(path));
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is FormatException)
            {
                error = e.Message;
                return null;
            }

            // The project's frameworks, keyed by their alias: the one asked for, or all of them.
            object? project = JsonValues.Member(root, "project");
            var frameworks = JsonValues.Members(JsonValues.Member(project, "frameworks")).ToList();
            var chosenFrameworks = frameworks.Where(f => string.Equals(f.Key, targetFramework, StringComparison.OrdinalIgnoreCase)).ToList();
            if (chosenFrameworks.Count == 0) chosenFrameworks = frameworks;
            var direct = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var framework in chosenFrameworks)
            {
                foreach (var dependency in JsonValues.Members(JsonValues.Member(framework.Value, "dependencies")))
                {
                    if (JsonValues.Member(dependency.Value, "target") as string is string t && !string.Equals(t, "Package", StringComparison.OrdinalIgnoreCase)) continue;
                    direct[dependency.Key] = JsonValues.Member(dependency.Value, "version") as string ?? "";
                }
            }

            // The restored targets: "net8.0" and "net8.0/linux-x64"; the one with the RID when there is one.
            string rid = runtimeIdentifier ?? "";
            var targets = JsonValues.Members(JsonValues.Member(root, "targets")).ToList();
            var matching = targets.Where(t => rid.Length == 0 ? t.Key.IndexOf('/') < 0 : t.Key.EndsWith("/" + rid, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matching.Count == 0) matching = targets.Where(t => t.Key.IndexOf('/') < 0).ToList();
            string? alias = chosenFrameworks.Count == 1 ? JsonValues.Member(chosenFrameworks[0].Value, "framework") as string ?? chosenFrameworks[0].Key : null;
            var preferred = matching.Where(t => alias != null && t.Key.StartsWith(alias, StringComparison.OrdinalIgnoreCase)).ToList();
            var packages = new Dictionary<string, (string, Dictionary<string, string>)>(StringComparer.OrdinalIgnoreCase);
            foreach (var target in preferred.Count > 0 ? preferred : matching)
            {
                foreach (var library in JsonValues.Members(target.Value))
                {
                    if (JsonValues.Member(library.Value, "type") as string is string type && type != "package") continue;
                    int slash = library.Key.IndexOf('/');
                    if (slash <= 0) continue;
                    var dependencies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var d in JsonValues.Members(JsonValues.Member(library.Value, "dependencies")))
                    {
                        dependencies[d.Key] = d.Value as string ?? "";
                    }
                    packages[library.Key.Substring(0, slash)] = (library.Key.Substring(slash + 1), dependencies);
                }
            }

            object? restore = JsonValues.Member(project, "restore");
            bool central = JsonValues.Member(restore, "centralPackageVersionsManagementEnabled") is bool b && b;
            var sources = JsonValues.Members(JsonValues.Member(restore, "sources")).Select(s => s.Key).ToList();
            return new ProjectAssets(packages, direct, central, JsonValues.Member(restore, "projectPath") as string, sources);
        }
    }
}
